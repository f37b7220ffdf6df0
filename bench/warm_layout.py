"""One PDF edition laid out again in a long-lived process: studyguide against Typst.

    bench/.venv/bin/python bench/warm_layout.py PROJECT OUTLINE.md WARMUP ROUNDS OUT_DIR

Both sides are warm: libraries imported, fonts read, and (for Typst) one `typst.Compiler` kept
for every round, as `typst watch` keeps its world. studyguide is driven through its public
functions only (load_project, load_theme, build_settings, parse_text, render_pdf), so this
driver survives changes inside the renderer.

Nothing may be reused from the round before, so every round changes the input for both in the
same two ways: a new first paragraph ("Revision N of this outline.") and the body size nudged by
N × 0.0001 pt, which no reader can see but which changes every line's width and every style,
so no memoised wrap, shaped run or laid-out block of an earlier round can be reused. Parsing
and writing the Typst markup happen before the timer starts: the timed call is studyguide's
`render_pdf` (student edition) and Typst's `Compiler.compile` (PDF/UA-1, tagged).

The two alternate, and swap which goes first every round. Writes OUT_DIR/warm.json with wall
and CPU seconds per counted round, and the last round's PDFs (for the page count check).
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import typst  # noqa: E402 - only in bench/.venv

import typst_doc  # noqa: E402
from studyguide.build.settings import build_settings  # noqa: E402
from studyguide.outline.parser import parse_text  # noqa: E402
from studyguide.project.config import load_project  # noqa: E402
from studyguide.render.pdf import render_pdf  # noqa: E402
from studyguide.theme.loader import load_theme  # noqa: E402

NUDGE = 0.0001  # points of body size per round


def _revised(text: str, n: int) -> str:
    """The outline with a first paragraph naming round `n`."""
    head, sep, body = text.partition("\n---\n")
    return f"{head}{sep}Revision {n} of this outline.\n\n{body}"


def _timed(call) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def main(argv: list[str]) -> int:
    project_dir, outline_path = Path(argv[1]).resolve(), Path(argv[2]).resolve()
    warmup, rounds, out = int(argv[3]), int(argv[4]), Path(argv[5])
    out.mkdir(parents=True, exist_ok=True)
    project, _ = load_project(project_dir)
    theme, problems = load_theme(project.build.theme, project.root)
    if theme is None:
        raise SystemExit(f"theme: {problems}")
    settings = build_settings(project)[1]
    text = outline_path.read_text(encoding="utf-8")
    shown = os.path.relpath(outline_path, project_dir)
    ref = typst_doc.reference(project_dir, outline_path)
    base = float(theme.pdf.base_size_pt)
    base_line = f"#let base = {base:g}pt\n"
    if base_line not in ref.source or "#titlerule\n" not in ref.source:
        raise SystemExit("the Typst markup has no body size or title rule to vary")
    compiler = typst.Compiler(font_paths=list(ref.font_paths), ignore_system_fonts=True)

    times: dict[str, dict[str, list[float]]] = {
        "studyguide": {"wall": [], "cpu": []}, "typst": {"wall": [], "cpu": []}}
    last: dict[str, bytes] = {}
    for n in range(1, warmup + rounds + 1):
        size = base + n * NUDGE
        outline, _ = parse_text(_revised(text, n), shown, str(project_dir))
        varied = dataclasses.replace(theme, pdf=dataclasses.replace(theme.pdf,
                                                                    base_size_pt=size))
        source = ref.source.replace(base_line, f"#let base = {size:.4f}pt\n", 1).replace(
            "#titlerule\n", f"#titlerule\n\nRevision {n} of this outline.\n", 1)
        calls = {
            "studyguide": lambda: render_pdf(outline, varied, settings, "student").data,
            "typst": lambda: compiler.compile(input=source.encode("utf-8"), format="pdf",
                                              pdf_standards=["ua-1"]),
        }
        for name in (("studyguide", "typst") if n % 2 else ("typst", "studyguide")):
            wall, cpu, data = _timed(calls[name])
            last[name] = data  # type: ignore[assignment]
            if n > warmup:
                times[name]["wall"].append(wall)
                times[name]["cpu"].append(cpu)
    for name, data in last.items():
        (out / f"warm-{name}.pdf").write_bytes(data)
    (out / "warm.json").write_text(json.dumps(times), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

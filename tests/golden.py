"""Golden summaries of built outputs: what a reviewer reads to see what a change did.

Each case under tests/cases/ is built through the real CLI, and its outputs are summarised as
text a person can read and a diff can show line by line (tests/cases/README.md has the format):

* `deck_summary`: the deck slide by slide (layout, title, text, tables, pictures, notes), YAML;
* `handout_summary`: a PDF's text in reading order, with `--- page N ---` markers;
* the build's warnings, sorted.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
CASES = REPO / "tests" / "cases"
EPOCH = "1767225600"  # 2026-01-01 00:00 UTC: SOURCE_DATE_EPOCH, so any date shown is stable
BUILD_ARGS = ["build", "--jobs", "1", "--theme", "classic", "--paper", "a4"]
# A text box whose top edge is this far down the slide is the slide's footer.
FOOTER_TOP = 0.9


# --- Cases ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Case:
    """A folder of expectations and the outline it is built from."""

    name: str
    folder: Path
    outline: Path  # the outline.md in the folder, or a shipped outline named by `source`

    @property
    def shipped(self) -> bool:
        return self.outline.parent == REPO / "outlines"

    @property
    def slug(self) -> str:
        return self.outline.stem if self.shipped else self.name


def find_cases() -> list[Case]:
    """Every case folder: one with its own outline.md, or one whose `source` names an outline."""
    cases = []
    for folder in sorted(p for p in CASES.iterdir() if p.is_dir()):
        if (folder / "outline.md").exists():
            cases.append(Case(folder.name, folder, folder / "outline.md"))
        elif (folder / "source").exists():
            lines = [line.strip() for line in (folder / "source").read_text("utf-8").splitlines()]
            named = next(line for line in lines if line and not line.startswith("#"))
            cases.append(Case(folder.name, folder, REPO / named))
    return cases


# --- Building -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Built:
    """The output folder of one build and the diagnostic lines it printed."""

    out: Path
    diagnostics: tuple[str, ...]


def build_project(root: Path) -> Built:
    """`studyguide build` in `root`, as a teacher runs it; an error in a golden case fails."""
    from studyguide.cli import main

    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        result = CliRunner().invoke(main, BUILD_ARGS, env={"SOURCE_DATE_EPOCH": EPOCH},
                                    catch_exceptions=False)
    assert result.exit_code == 0, f"golden build failed in {root}:\n{result.output}"
    lines = [line for line in result.stderr.splitlines()
             if re.search(r": (warning|error): ", line)]
    return Built(root / "build", tuple(lines))


def shipped_project(root: Path) -> Path:
    """A copy of the repository's course: its outlines and its studyguide.toml."""
    shutil.copytree(REPO / "outlines", root / "outlines")
    shutil.copy(REPO / "studyguide.toml", root / "studyguide.toml")
    return root


def case_project(case: Case, root: Path) -> Path:
    """A one-outline project: the case's outline as outlines/<case>.md, beside its images."""
    (root / "outlines").mkdir(parents=True)
    for path in case.folder.iterdir():
        if path.is_file() and not path.name.startswith("expected.") and path.name != "outline.md":
            shutil.copy(path, root / "outlines" / path.name)
    shutil.copy(case.outline, root / "outlines" / f"{case.name}.md")
    (root / "studyguide.toml").write_text("[build]\npack = false\n", encoding="utf-8")
    return root


def case_warnings(case: Case, built: Built, shipped: list[Case]) -> list[str]:
    """The build's diagnostics about this case's outline (and about no outline at all), sorted."""
    own = f"outlines/{case.slug}.md"
    others = [f"outlines/{c.slug}.md" for c in shipped if c is not case]
    mine = [line for line in built.diagnostics
            if line.startswith(own) or not any(line.startswith(o) for o in others)]
    return sorted(mine, key=_by_place)


def _by_place(line: str) -> tuple:
    """`path:line: ...` sorted by path, then line number (a line without one first)."""
    path, _, rest = line.partition(":")
    number, _, message = rest.partition(":")
    return (path, int(number), message) if number.isdigit() else (path, 0, rest)


# --- The deck -------------------------------------------------------------------------------

class Row(list):
    """A table row, written on one line."""


class Inline(dict):
    """A small mapping, written on one line."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(Row, lambda d, v: d.represent_sequence(
    "tag:yaml.org,2002:seq", v, flow_style=True))
_Dumper.add_representer(Inline, lambda d, v: d.represent_mapping(
    "tag:yaml.org,2002:map", v, flow_style=True))


def dump_yaml(data: object) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**9)


def deck_summary(path: Path) -> str:
    """The deck slide by slide, as YAML with a short header saying how to read it."""
    from pptx import Presentation
    from pptx.util import Emu

    prs = Presentation(str(path))
    height = prs.slide_height
    slides = [_slide(number, slide, height) for number, slide in enumerate(prs.slides, 1)]
    header = (f"# {path.name}: {len(slides)} slide{'s' * (len(slides) != 1)}, "
              f"{Emu(prs.slide_width).inches:.2f} x {Emu(height).inches:.2f} in.\n"
              "# Format: tests/cases/README.md. Rewrite with: pytest -q --update-golden\n")
    return header + dump_yaml({"slides": slides})


def _slide(number: int, slide, height: int) -> dict:
    entry: dict = {"slide": number, "layout": slide.slide_layout.name}
    shapes = list(slide.shapes)
    title = slide.shapes.title
    if title is not None:
        entry["title"] = title.text_frame.text
        shapes.remove(title)
    else:
        first = next((s for s in shapes if s.has_text_frame and s.text_frame.text.strip()), None)
        entry["title"] = first.text_frame.text if first is not None else None
        entry["title_from"] = "first text (no title placeholder)" if first else "none"
        if first is not None:
            shapes.remove(first)
    body, footer, drawings = [], [], Counter()
    for shape in shapes:
        if _is_footer(shape, height):
            footer.append(shape.text_frame.text)
        else:
            item = _shape(shape)
            if isinstance(item, str):
                drawings[item] += 1
            else:
                body.append(item)
    entry["body"] = body
    if footer:
        entry["footer"] = Row(footer)
    if drawings:
        entry["drawings"] = Inline(sorted(drawings.items()))
    if slide.has_notes_slide and slide.notes_slide.notes_text_frame.text:
        entry["notes"] = slide.notes_slide.notes_text_frame.text.split("\n")
    return entry


def _is_footer(shape, height: int) -> bool:
    return (shape.has_text_frame and bool(shape.text_frame.text.strip())
            and shape.top is not None and shape.top >= FOOTER_TOP * height)


def _shape(shape) -> dict | str:
    """A summary of one shape, or the kind of a drawing with no text (counted, not listed)."""
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
        texts = [t for s in shape.shapes for t in _texts(s)]
        return {"group": f"{len(shape.shapes)} shapes", "texts": texts}
    if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
        alt = shape._element._nvXxPr.cNvPr.get("descr", "")
        width, height = shape.image.size
        return {"picture": f"{width}x{height} px {shape.image.ext}", "alt": alt}
    if getattr(shape, "has_table", False) and shape.has_table:
        return {"table": [Row(cell.text for cell in row.cells) for row in shape.table.rows]}
    if shape.has_text_frame and shape.text_frame.text.strip():
        return {"text": _paragraphs(shape.text_frame)}
    if shape.shape_type == MSO_SHAPE_TYPE.LINE or shape._element.tag.endswith("}cxnSp"):
        return "line"
    geometry = shape._element.xpath("./p:spPr/a:prstGeom/@prst")
    return str(geometry[0]) if geometry else "shape"


def _paragraphs(frame) -> list[str]:
    """Each paragraph's text, indented two spaces per step of left margin within the shape."""
    paragraphs = frame.paragraphs
    margins = [int(p._p.pPr.get("marL", 0)) if p._p.pPr is not None else 0 for p in paragraphs]
    steps = {margin: step for step, margin in enumerate(sorted(set(margins)))}
    return ["  " * steps[margin] + p.text for p, margin in zip(paragraphs, margins)]


def _texts(shape) -> list[str]:
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
        return [t for s in shape.shapes for t in _texts(s)]
    if shape.has_text_frame and shape.text_frame.text.strip():
        return [shape.text_frame.text]
    return []


# --- The handout ----------------------------------------------------------------------------

def poppler(tool: str) -> str:
    """The path of a poppler-utils tool; its absence fails the test (CI installs it)."""
    found = shutil.which(tool)
    if found is None:
        pytest.fail(f"{tool} not found: install poppler-utils (.ci/run does) to run golden tests",
                    pytrace=False)
    return found


def handout_summary(path: Path, edition: str) -> str:
    """The PDF's text in reading order, page by page, with each page's images noted."""
    from pypdf import PdfReader

    raw = subprocess.run([poppler("pdftotext"), "-raw", "-enc", "UTF-8", str(path), "-"],
                         check=True, capture_output=True, text=True).stdout
    pages = raw.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    images = _images(path)
    box = PdfReader(str(path)).pages[0].mediabox
    lines = [f"# {path.name}: {edition} edition, {len(pages)} page{'s' * (len(pages) != 1)}, "
             f"{float(box.width):.0f} x {float(box.height):.0f} pt.",
             "# Text from `pdftotext -raw`. Format: tests/cases/README.md. "
             "Rewrite with: pytest -q --update-golden"]
    for number, text in enumerate(pages, 1):
        lines.append(f"--- page {number} ---")
        lines.extend(_tidy(text))
        lines.extend(f"[image {size}]" for size in images.get(number, []))
    return "\n".join(lines) + "\n"


def _tidy(text: str) -> list[str]:
    """Lines without trailing spaces, without blank lines at either end or twice in a row."""
    out: list[str] = []
    for line in text.splitlines():
        line = line.rstrip()
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return out


def _images(path: Path) -> dict[int, list[str]]:
    """Each page's images as `width x height` in pixels, from `pdfimages -list`."""
    listing = subprocess.run([poppler("pdfimages"), "-list", str(path)], check=True,
                             capture_output=True, text=True).stdout
    found: dict[int, list[str]] = {}
    for line in listing.splitlines()[2:]:
        fields = line.split()
        if len(fields) > 4 and fields[0].isdigit():
            found.setdefault(int(fields[0]), []).append(f"{fields[3]}x{fields[4]} px")
    return found


# --- Expectations ---------------------------------------------------------------------------

def summaries(case: Case, built: Built, shipped: list[Case]) -> dict[str, str]:
    """Each expected file's name and the text it must hold."""
    warnings = case_warnings(case, built, shipped)
    return {
        "expected.deck.yaml": deck_summary(built.out / f"{case.slug}.pptx"),
        "expected.handout.txt": handout_summary(built.out / f"{case.slug}.pdf", "student"),
        "expected.teacher.txt": handout_summary(built.out / f"{case.slug}.teacher.pdf",
                                                "teacher"),
        "expected.warnings.txt": "".join(f"{line}\n" for line in warnings),
    }

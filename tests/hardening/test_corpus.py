"""The bad-input corpus: every case runs through the CLI and must print exactly its diagnostics.

A case is a folder under corpus/ laid out as a tiny project (outlines/, themes/,
studyguide.toml, images) with an `expected.txt`:

    command: check                  # or e.g. `build --format pdf --jobs 1`
    exit: 1
    outlines/x.md:3: error: ...     # every line the CLI prints to stderr, in its order

`{...}` in an expected line matches any text (for paths that differ between machines);
`<project>` stands for the project folder and `<tmp>` for the folder around it. Inputs git
cannot hold are written by corpus_inputs.GENERATORS. `pytest --update-golden` rewrites the
expectations from what the CLI prints now: review the diff before committing it.

No case may print a traceback; builds must leave only well-formed PDFs. A SIGALRM guard turns
a hang into a failure (no wall-clock assertion: the limit is far above any real run).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from cli_guard import Hang, run_cli
from corpus_inputs import GENERATORS

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "expected.txt").is_file())
HANG_GUARD_SECONDS = 60
NEEDS_NON_ROOT = {"outline-unreadable"}  # root reads a file whatever its permissions


def read_expected(case: str) -> tuple[list[str], int | None, list[str]]:
    lines = (CORPUS / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    command = shlex.split(lines[0].removeprefix("command:").strip())
    code = lines[1].removeprefix("exit:").strip()
    return command, int(code) if code.isdigit() else None, lines[2:]


def write_expected(case: str, command: list[str], code: int, lines: list[str]) -> None:
    text = "\n".join([f"command: {shlex.join(command)}", f"exit: {code}", *lines]) + "\n"
    (CORPUS / case / "expected.txt").write_text(text, encoding="utf-8")


def make_project(case: str, tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(CORPUS / case, project, ignore=shutil.ignore_patterns("expected.txt"))
    if case in GENERATORS:
        GENERATORS[case](project)
    return project


def matches(expected: str, actual: str) -> bool:
    pattern = ".*".join(re.escape(part) for part in expected.split("{...}"))
    return re.fullmatch(pattern, actual) is not None


def check_pdfs(folder: Path) -> None:
    """Every PDF a build wrote opens in pypdf, passes qpdf --check, and pdfua (the PDF/UA-1
    checker) finds nothing in it."""
    from pdfua import validate
    from pypdf import PdfReader

    for pdf in sorted(folder.glob("*.pdf")):
        assert len(PdfReader(str(pdf)).pages) >= 1, pdf.name
        plain = folder.parent / "pdfua-check.pdf"  # pikepdf cannot open a non-UTF-8 name
        shutil.copyfile(pdf, plain)
        report = validate(str(plain))
        assert not report.findings, [f"{f.rule_id}: {f.message}" for f in report.findings]
        if shutil.which("qpdf"):
            done = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True,
                                  errors="replace",  # qpdf echoes names that are not UTF-8
                                  timeout=HANG_GUARD_SECONDS)
            assert done.returncode == 0, f"{pdf.name}: {done.stdout}{done.stderr}"


@pytest.mark.parametrize("case", CASES)
def test_corpus_case(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                     update_golden: bool) -> None:
    if case in NEEDS_NON_ROOT and os.geteuid() == 0:
        pytest.skip("root can read any file")
    command, code, expected = read_expected(case)
    project = make_project(case, tmp_path)
    monkeypatch.chdir(project)
    result = run_cli(command)
    assert not isinstance(result.exception, Hang), f"{case} hung"
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"{case} raised {result.exception!r}"
    output = result.output.replace(str(project), "<project>").replace(str(tmp_path), "<tmp>")
    assert "Traceback" not in output and "internal error" not in output, output
    actual = result.stderr.replace(str(project), "<project>").replace(str(tmp_path), "<tmp>")
    lines = actual.splitlines()
    if update_golden:
        write_expected(case, command, result.exit_code, lines)
        return
    assert result.exit_code == code, output
    assert len(lines) == len(expected) and all(map(matches, expected, lines)), \
        "\n".join(["expected:", *expected, "actual:", *lines])
    if command[0] == "build":
        check_pdfs(project / "build")
        check_good_outlines_built(project, lines)


def check_good_outlines_built(project: Path, lines: list[str]) -> None:
    """An outline without errors is built even when another outline of the project fails."""
    for outline in sorted((project / "outlines").glob("*.md")):
        shown = f"outlines/{outline.name}:"
        if not any(line.startswith(shown) and ": error: " in line for line in lines):
            assert (project / "build" / f"{outline.stem}.pdf").is_file(), outline.name
            assert (project / "build" / f"{outline.stem}.teacher.pdf").is_file(), outline.name


def test_the_corpus_is_big_enough() -> None:
    """The issue asks for at least 40 cases, covering each kind of input."""
    assert len(CASES) >= 40
    assert set(GENERATORS) <= set(CASES)

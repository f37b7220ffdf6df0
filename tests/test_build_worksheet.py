"""The worksheet, quiz and LMS formats go through the same build: file names, the worksheet
pack, staleness, the project file's switches, the seed and the paper size."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from conftest import pdf_text

from studyguide.cli import main

FORMATS = ["--format", "worksheet", "--format", "quiz", "--format", "lms"]


def build(*args: str):
    return CliRunner().invoke(main, ["build", "--jobs", "1", *args], catch_exceptions=False)


def files(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir() if not p.name.startswith(".")}


def test_every_output_is_built_once_then_up_to_date(shipped_project: Path) -> None:
    result = build(*FORMATS)
    assert result.exit_code == 0, result.output
    made = files(shipped_project / "build")
    slug = "02-triumvirate"
    for name in (f"{slug}.worksheet.pdf", f"{slug}.worksheet.teacher.pdf", f"{slug}.quiz.pdf",
                 f"{slug}.quiz.teacher.pdf", f"{slug}.gift.txt", f"{slug}.moodle.xml",
                 f"{slug}.qti.zip", "course-pack.worksheet.pdf",
                 "course-pack.worksheet.teacher.pdf"):
        assert name in made, name
    assert len(made) == 4 * 7 + 2
    pack = pdf_text(shipped_project / "build" / "course-pack.worksheet.pdf")
    for title in ("The Triumvirate", "The Great Terror"):
        assert f"Worksheet: {title}" in pack
    again = build(*FORMATS)
    assert "nothing to do" in again.output
    assert files(shipped_project / "build") == made


def test_a_new_seed_rebuilds_only_the_quiz(shipped_project: Path) -> None:
    build(*FORMATS)
    before = files(shipped_project / "build")
    build(*FORMATS, "--seed", "5")
    after = files(shipped_project / "build")
    changed = {name for name in after if after[name] != before[name]}
    assert changed and all(".quiz." in name for name in changed)


def test_project_file_switches_and_bad_values(shipped_project: Path) -> None:
    toml = shipped_project / "studyguide.toml"
    toml.write_text(toml.read_text(encoding="utf-8")
                    + '\n[worksheet]\ncards = false\nversions = 3\n', encoding="utf-8")
    assert build("--format", "worksheet", "--format", "quiz",
                 "02-triumvirate").exit_code == 0
    sheet = pdf_text(shipped_project / "build" / "02-triumvirate.worksheet.pdf")
    assert "Event cards" not in sheet and "Guided notes" in sheet
    quiz = pdf_text(shipped_project / "build" / "02-triumvirate.quiz.pdf")
    assert "Version C" in quiz and "Version D" not in quiz
    toml.write_text(toml.read_text(encoding="utf-8").replace("versions = 3", "versions = 99")
                    + 'timeline_task = "sideways"\n', encoding="utf-8")
    result = build("--format", "worksheet")
    assert result.exit_code == 1
    assert "worksheet.versions must be from 1 to 26" in result.output
    assert "worksheet.timeline_task: 'sideways' is not one of events, dates" in result.output
    assert "Traceback" not in result.output


def test_paper_size_applies(shipped_project: Path) -> None:
    from pypdf import PdfReader

    build("--format", "worksheet", "--paper", "letter", "01-rise-to-general-secretary")
    made = shipped_project / "build" / "01-rise-to-general-secretary.worksheet.pdf"
    page = PdfReader(made).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)

"""The project file: defaults, discovery from a subfolder, and every bad value reported."""

from __future__ import annotations

from pathlib import Path

from studyguide.diagnostics import Severity
from studyguide.project.config import BuildConfig, load_project


def test_defaults_without_a_project_file(tmp_path: Path) -> None:
    project, diags = load_project(tmp_path)
    assert diags == []
    assert project.file is None
    assert project.build == BuildConfig()
    assert project.root == str(tmp_path.resolve())


def test_found_in_a_parent_folder(tmp_path: Path) -> None:
    (tmp_path / "studyguide.toml").write_text('[course]\ntitle = "Russia"\n', encoding="utf-8")
    (tmp_path / "outlines").mkdir()
    project, diags = load_project(tmp_path / "outlines")
    assert diags == []
    assert project.root == str(tmp_path.resolve())
    assert project.course.title == "Russia"


def test_values_are_read(tmp_path: Path) -> None:
    (tmp_path / "studyguide.toml").write_text(
        '[course]\nteacher = "Ms Ivanova"\n[build]\npaper = "Letter"\nformats = ["pdf"]\n'
        'editions = ["teacher"]\npack = false\norder = ["02-b", "01-a"]\n', encoding="utf-8")
    project, diags = load_project(tmp_path)
    assert diags == []
    assert project.course.teacher == "Ms Ivanova"
    assert project.build.paper == "letter"
    assert project.build.formats == ("pdf",)
    assert project.build.editions == ("teacher",)
    assert project.build.pack is False
    assert project.build.order == ("02-b", "01-a")


def test_every_problem_is_reported_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "studyguide.toml").write_text(
        '[course]\ntitel = "x"\n[build]\npaper = "A5"\nformats = ["pdf", "docx"]\npack = "yes"\n',
        encoding="utf-8")
    _, diags = load_project(tmp_path)
    shown = [(d.line, d.severity, d.message) for d in diags]
    assert (2, Severity.WARNING, "unknown key course.titel (did you mean 'title'?)") in shown
    assert (4, Severity.ERROR, "build.paper: 'A5' is not A4 or letter") in shown
    assert (5, Severity.ERROR, "build.formats: 'docx' is not one of pdf, pptx") in shown
    assert (6, Severity.ERROR, "build.pack must be true or false") in shown


def test_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "studyguide.toml").write_text('[course]\ntitle = "unclosed\n', encoding="utf-8")
    _, diags = load_project(tmp_path)
    assert len(diags) == 1
    assert diags[0].path == "studyguide.toml"
    assert diags[0].line == 2
    assert diags[0].message.startswith("invalid TOML")

"""Clauses of cli-themes-outputs.md that an audit found unmet: each test drives the CLI in a
temporary project and checks what the teacher sees (messages, exit codes, files, their text)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import pdf_text, write_outline

from studyguide.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


# --- `--theme NAME`: a name that is no theme is a usage error, like `--paper A5` -------------

@pytest.mark.parametrize("command", ["build", "check"])
def test_unknown_theme_option_is_a_usage_error(project: Path, command: str) -> None:
    write_outline(project, "01-a")
    result = run(command, "--theme", "clasic")
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--theme': unknown theme 'clasic' (did you mean 'classic'?); " \
           "available themes: classic, high-contrast, ink-saver" in result.output
    assert "Traceback" not in result.output
    assert not (project / "build").exists()


# --- studyguide.toml: every problem at its line --------------------------------------------

def test_unknown_project_theme_is_reported_at_its_line(project: Path) -> None:
    write_outline(project, "01-a")
    (project / "studyguide.toml").write_text('[course]\ntitle = "C"\n[build]\ntheme = "hill"\n',
                                             encoding="utf-8")
    result = run("check")
    assert result.exit_code == 1
    assert "studyguide.toml:4: error: build.theme: unknown theme 'hill'; available themes: " \
           "classic, high-contrast, ink-saver" in result.output
    assert "themes/hill" not in result.output


def test_build_order_naming_no_outline_is_reported_at_its_line(project: Path) -> None:
    write_outline(project, "01-a")
    (project / "studyguide.toml").write_text('[build]\npack = true\norder = ["01-b"]\n',
                                             encoding="utf-8")
    result = run("check")
    assert result.exit_code == 1
    assert "studyguide.toml:3: error: build.order names '01-b', which is not an outline " \
           "(did you mean '01-a'?)" in result.output


def test_keys_are_found_in_their_own_table(project: Path) -> None:
    # `paper` under an unknown table first must not take the line of build.paper
    (project / "studyguide.toml").write_text('[extra]\npaper = 1\n[build]\npaper = "A5"\n',
                                             encoding="utf-8")
    result = run("check")
    assert "studyguide.toml:4: error: build.paper: 'A5' is not A4 or letter" in result.output


def test_missing_outline_folder_is_reported_at_build_outlines(project: Path) -> None:
    (project / "studyguide.toml").write_text('[build]\noutlines = "notes"\n', encoding="utf-8")
    result = run("check")
    assert result.exit_code == 1
    assert "studyguide.toml:2: error: build.outlines: folder 'notes' not found" in result.output


def test_project_folders_must_stay_inside_the_project(project: Path) -> None:
    write_outline(project, "01-a")
    (project / "studyguide.toml").write_text('[build]\noutput = "../elsewhere"\n'
                                             'outlines = "/etc"\n', encoding="utf-8")
    result = run("build", "--jobs", "1")
    assert result.exit_code == 1
    assert "studyguide.toml:2: error: build.output: '../elsewhere' is outside the project " \
           "folder" in result.output
    assert "studyguide.toml:3: error: build.outlines: '/etc' is outside the project folder" \
           in result.output
    assert not (project.parent / "elsewhere").exists()
    assert not (project / "build").exists()


def test_a_broken_project_file_still_reports_every_outline_error(project: Path) -> None:
    text = write_outline(project, "01-a").read_text(encoding="utf-8")
    (project / "outlines" / "01-a.md").write_text(text.replace("1924-01-21", "1924-13-21"),
                                                   encoding="utf-8")
    (project / "studyguide.toml").write_text('[build]\npaper = "A5"\n', encoding="utf-8")
    result = run("build")
    assert result.exit_code == 1
    assert "studyguide.toml:2: error: build.paper" in result.output
    assert "outlines/01-a.md:20: error: invalid date '1924-13-21'" in result.output
    assert not (project / "build").exists()


# --- build: --out, named outlines ------------------------------------------------------------

def test_out_is_relative_to_the_current_folder(project: Path, monkeypatch) -> None:
    write_outline(project, "01-a", title="Relative Out")
    (project / "studyguide.toml").write_text("[build]\n", encoding="utf-8")
    (project / "outlines" / "sub").mkdir()
    monkeypatch.chdir(project / "outlines" / "sub")
    result = run("build", "--out", "handouts", "--format", "pdf", "--edition", "student",
                 "--jobs", "1")
    assert result.exit_code == 0, result.output
    written = project / "outlines" / "sub" / "handouts" / "01-a.pdf"
    assert "Relative Out" in pdf_text(written)
    assert not (project / "handouts").exists()


def test_an_outline_named_twice_is_built_once(project: Path) -> None:
    write_outline(project, "01-a")
    result = run("build", "01-a", "outlines/01-a.md", "--format", "pdf", "--edition", "student",
                 "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert result.output.count("built build/01-a.pdf") == 1


def test_a_file_name_or_slug_is_found_in_the_outline_folder(project: Path) -> None:
    text = write_outline(project, "02-b").read_text(encoding="utf-8")
    (project / "outlines" / "02-b.md").write_text(text.replace("[@s1]", "[@s9]"),
                                                   encoding="utf-8")
    result = run("check", "02-b.md", "b")
    assert result.exit_code == 1
    # the file is named by its real path, and a near miss gets a hint
    assert "outlines/02-b.md:13: error: unknown citation key 's9'" in result.output
    assert "b: error: no such outline file (did you mean '02-b'?)" in result.output


def test_an_empty_outline_folder_is_a_warning_not_silence(project: Path) -> None:
    result = run("build")
    assert result.exit_code == 0
    assert "outlines: warning: no outlines (*.md) in this folder; start one with " \
           "`studyguide new TITLE`" in result.output
    assert "nothing to build" in result.output


# --- new ---------------------------------------------------------------------------------------

def test_new_with_an_empty_title_is_a_usage_error(project: Path) -> None:
    result = run("new", "   ")
    assert result.exit_code == 2
    assert "the title is empty" in result.output
    assert _files(project) == set()


def test_new_does_not_guess_past_a_broken_project_file(project: Path) -> None:
    (project / "studyguide.toml").write_text('[build\noutlines = "notes"\n', encoding="utf-8")
    result = run("new", "Topic")
    assert result.exit_code == 1
    assert "studyguide.toml:1: error: invalid TOML" in result.output
    assert _files(project) == {"studyguide.toml"}


# --- themes --------------------------------------------------------------------------------

def test_themes_gives_one_line_per_theme(project: Path) -> None:
    folder = project / "themes" / "hill"
    folder.mkdir(parents=True)
    (folder / "theme.toml").write_text('description = """Navy and green,\nwith the crest"""\n'
                                       'extends = "classic"\n', encoding="utf-8")
    result = run("themes")
    assert result.exit_code == 0
    line = next(line for line in result.output.splitlines() if line.startswith("hill"))
    assert "Navy and green, with the crest" in line and "[project]" in line
    assert len(result.output.splitlines()) == 4


def test_a_theme_check_reports_every_problem_at_once(project: Path) -> None:
    write_outline(project, "01-a")
    folder = project / "themes" / "mine"
    folder.mkdir(parents=True)
    (folder / "theme.toml").write_text(
        'extends = "classic"\n[colors]\nprimary = "#12345"\n[fonts]\nbody = "No Such Font"\n'
        '[slides]\ntemplate = "../../x.pptx"\n', encoding="utf-8")
    result = run("check", "--theme", "mine")
    assert result.exit_code == 1
    out = result.output
    assert 'themes/mine/theme.toml:3: error: colors.primary: "#12345" is not a #RRGGBB ' \
           'colour' in out
    assert "themes/mine/theme.toml:5: error: fonts.body: font 'No Such Font' not found" in out
    assert "themes/mine/theme.toml:7: error: slides.template: '../../x.pptx' points outside " \
           "the theme folder" in out


# --- watch builds exactly what build would ---------------------------------------------------

def _watch(changes) -> list[str]:
    """Run watch with the given change source; what it said and showed, line by line."""
    from studyguide.build.watch import watch_project

    said: list[str] = []
    watch_project(lambda diags: said.extend(d.format() for d in diags), said.append,
                  changes=changes)
    return said


def _no_changes(root, relevant):
    return iter(())


def test_watch_outputs_are_up_to_date_for_a_later_build(project: Path, monkeypatch) -> None:
    write_outline(project, "01-a")
    (project / "studyguide.toml").write_text('[course]\ntitle = "Watched Course"\n',
                                             encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    said = _watch(_no_changes)
    assert any(line.startswith("ok: ") for line in said), said
    assert "14 November 2023" in pdf_text(project / "build" / "course-pack.pdf")
    result = run("build", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert "nothing to do" in result.output, result.output


def test_watch_rebuilds_after_each_batch_and_ignores_outputs(project: Path) -> None:
    path = write_outline(project, "01-a")

    def one_save(root, relevant):
        assert relevant(str(path)) and not relevant(str(project / "build" / "01-a.pdf"))
        assert not relevant(str(project / "outlines" / ".01-a.md.swp"))
        path.write_text(path.read_text(encoding="utf-8").replace("Intro text.", "Saved text."),
                        encoding="utf-8")
        yield {("modified", str(path))}

    said = _watch(one_save)
    assert sum(line.startswith("ok: ") for line in said) == 2, said
    assert "built build/01-a.pdf" in said[said.index(next(s for s in said if s.startswith("ok: "))) + 1:]
    assert "Saved text." in pdf_text(project / "build" / "01-a.pdf")


def test_watch_builds_nothing_from_a_broken_project_file(project: Path) -> None:
    write_outline(project, "01-a")
    (project / "studyguide.toml").write_text('[build]\nformats = ["docx"]\n', encoding="utf-8")
    said = _watch(_no_changes)
    assert ("studyguide.toml:2: error: build.formats: 'docx' is not one of pdf, pptx, "
            "slides, worksheet, quiz, lms") in said
    assert "problems found: nothing rebuilt; watching for changes (Ctrl-C to stop)" in said
    assert not (project / "build").exists()
    assert os.listdir(project / "outlines") == ["01-a.md"]


# --- the fast paths stay fast ----------------------------------------------------------------

@pytest.mark.parametrize("args", [["--help"], ["themes"], ["check"], ["new", "--help"]])
def test_fast_commands_import_no_renderer_library(shipped_project: Path, args: list[str]) -> None:
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "studyguide", *args],
                         cwd=shipped_project, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    modules = {line.split("|")[-1].strip() for line in out.stderr.splitlines() if "|" in line}
    assert not {m.split(".")[0] for m in modules} & {"reportlab", "pptx", "PIL"}, args


def test_a_project_theme_linked_from_outside_the_project_is_refused(project: Path,
                                                                     tmp_path_factory) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "school"
    outside.mkdir()
    (outside / "theme.toml").write_text('description = "Elsewhere"\nextends = "classic"\n',
                                        encoding="utf-8")
    (project / "themes").mkdir()
    (project / "themes" / "school").symlink_to(outside, target_is_directory=True)
    write_outline(project, "01-a")
    result = run("build", "--theme", "school", "--jobs", "1")
    assert result.exit_code == 1
    assert "themes/school/theme.toml: error: the theme folder links to " in result.output
    assert "outside the project" in result.output
    assert not (project / "build" / "01-a.pdf").exists()

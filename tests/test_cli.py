"""The command line: exit codes, messages a teacher sees, and no heavy imports on the fast paths."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from conftest import write_outline

from studyguide import __version__
from studyguide.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert __version__ in result.output


def test_help_lists_every_command() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for command in ("build", "check", "new", "themes", "watch"):
        assert command in result.output


def test_unknown_option_is_a_usage_error() -> None:
    assert run("build", "--colour", "red").exit_code == 2
    assert run("build", "--paper", "A5").exit_code == 2


def _imported_modules(code: str, cwd: Path) -> set[str]:
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", code], cwd=cwd,
                         capture_output=True, text=True)
    return {line.split("|")[-1].strip() for line in out.stderr.splitlines() if "|" in line}


def test_cli_import_and_check_do_not_import_renderer_libraries(shipped_project: Path) -> None:
    for code in ("import studyguide.cli",
                 "import sys; from studyguide.cli import main; "
                 "sys.argv=['studyguide','check']; main()"):
        modules = _imported_modules(code, shipped_project)
        assert not any(m.split(".")[0] in {"reportlab", "pptx"} for m in modules), code


def test_check_after_a_build_reads_only_the_cache(shipped_project: Path) -> None:
    assert CliRunner().invoke(main, ["build", "--format", "pdf", "--edition", "student"],
                              catch_exceptions=False).exit_code == 0
    code = "import sys; from studyguide.cli import main; sys.argv=['studyguide','check']; main()"
    modules = {m.split(".")[0] for m in _imported_modules(code, shipped_project)}
    # no Markdown parsing, no theme loading: the outlines and the theme are as the build saw them
    assert not modules & {"markdown_it", "mdit_py_plugins", "jinja2", "reportlab", "pptx"}
    assert "studyguide" in modules


def test_shipped_outlines_check_cleanly(shipped_project: Path) -> None:
    result = run("check")
    assert result.exit_code == 0, result.output
    assert ": warning:" not in result.output
    assert "checked 4 outlines: no problems found" in result.output


def test_check_reports_every_error_with_path_and_line(project: Path) -> None:
    write_outline(project, "01-good")
    bad = write_outline(project, "02-bad").read_text(encoding="utf-8")
    bad = bad.replace("1922-04-03", "1922-13-40").replace("[@s1]", "[@s2]")
    (project / "outlines" / "02-bad.md").write_text(bad, encoding="utf-8")
    result = run("check")
    assert result.exit_code == 1
    assert "outlines/02-bad.md:13: error: unknown citation key 's2'" in result.output
    assert "outlines/02-bad.md:21: error: invalid date '1922-13-40'" in result.output
    assert "Traceback" not in result.output
    assert "01-good" not in result.output.replace("checked", "")


def test_check_warning_only_exits_zero(project: Path) -> None:
    text = write_outline(project, "01-a").read_text(encoding="utf-8")
    (project / "outlines" / "01-a.md").write_text(text.replace("title:", "titel: x\ntitle:"),
                                                   encoding="utf-8")
    result = run("check")
    assert result.exit_code == 0
    assert "outlines/01-a.md:2: warning: unknown front-matter key 'titel' " \
           "(did you mean 'title'?)" in result.output


def test_check_names_a_missing_file(project: Path) -> None:
    result = run("check", "outlines/nope.md")
    assert result.exit_code == 1
    assert "outlines/nope.md: error: no such outline file" in result.output


def test_new_writes_a_numbered_outline_that_passes_check(project: Path) -> None:
    write_outline(project, "03-existing")
    result = run("new", "The Five-Year Plans")
    assert result.exit_code == 0, result.output
    path = project / "outlines" / "04-the-five-year-plans.md"
    assert path.is_file()
    assert 'title: "The Five-Year Plans"' in path.read_text(encoding="utf-8")
    checked = run("check", str(path.relative_to(project)))
    assert checked.exit_code == 0, checked.output
    assert "checked 1 outline: no problems found" in checked.output


def test_new_refuses_to_overwrite(project: Path) -> None:
    assert run("new", "Topic").exit_code == 0
    (project / "outlines" / "01-topic.md").write_text("mine", encoding="utf-8")
    # the next number is taken by nothing, so a second call writes 02-topic.md, not 01
    assert run("new", "Topic").exit_code == 0
    assert (project / "outlines" / "01-topic.md").read_text(encoding="utf-8") == "mine"


def test_new_with_quotes_and_colons_in_the_title(project: Path) -> None:
    assert run("new", 'Stalin: "the Boss"').exit_code == 0
    result = run("check")
    assert result.exit_code == 0, result.output


def test_themes_lists_the_built_in_themes(project: Path) -> None:
    result = run("themes")
    assert result.exit_code == 0
    for name in ("classic", "high-contrast", "ink-saver"):
        assert name in result.output

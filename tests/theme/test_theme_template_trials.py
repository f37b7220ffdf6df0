"""`check` renders every theme template as the renderers will (both editions, first and last
pages, empty and long values), so a template that would fail halfway through a build is a
`path:line` error before anything is built."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import write_outline

from studyguide.cli import main
from studyguide.theme.loader import load_theme
from studyguide.theme.templates import KNOWN_TEMPLATES, check_templates
from studyguide.theme.trials import TEMPLATE_USES, trial_contexts

# (template, text, line of the mistake, what the error says, which values it names) for
# mistakes the one sample context check used to try (page 2 of 8, every value filled in,
# both editions) did not show. An empty qualifier: the template is always drawn that way.
ONLY_SOMETIMES = [
    ("footer.j2", "{{ outline.title }}\n{% if page == pages %}{{ outline.titel }}{% endif %}\n",
     2, "'titel' is undefined (did you mean 'title'?)", "(on page 1 of 1)"),
    ("footer.j2", "{% if page == 1 %}{{ pgae }}{% endif %}\n", 1, "'pgae' is undefined",
     "(on page 1 of 1)"),
    ("title_block.j2", "{{ outline.title }}\n{{ 100 * page // pages }}%\n", 2,
     "ZeroDivisionError", ""),
    ("header.j2", "{{ outline.title | first | upper }}\n", 1, "No first item",
     "(with the outline's fields empty)"),
    ("header.j2", "{% for i in range(pages) %}{{ outline.title }}{% endfor %}\n", None,
     "longer than 10,000 characters", "(on page 200 of 200, with a long outline title)"),
    ("cover.j2", "{{ course.title }}\n{{ outline.title[0] }}\n", 2,
     "str object has no element 0", ""),
    ("slide_footer.j2", "{{ course.school.split()[0] }}\n", 1, "list object has no element 0",
     "(with the course's fields empty)"),
]


def write_theme(root: Path, name: str, text: str) -> None:
    folder = root / "themes" / "mine"
    (folder / "templates").mkdir(parents=True, exist_ok=True)
    (folder / "theme.toml").write_text('extends = "classic"\n', encoding="utf-8")
    (folder / "templates" / name).write_text(text, encoding="utf-8")


def test_every_template_studyguide_uses_has_its_uses_described() -> None:
    assert set(TEMPLATE_USES) == set(KNOWN_TEMPLATES)
    for name in KNOWN_TEMPLATES:
        contexts = list(trial_contexts(name))
        assert contexts[0][1] == ""  # the plain sample comes first
        assert {c["edition"] for c, _ in contexts} == set(TEMPLATE_USES[name].editions)


@pytest.mark.parametrize("name, text, line, words, when", ONLY_SOMETIMES)
def test_check_reports_a_template_that_fails_only_for_some_values(
        project: Path, name: str, text: str, line: int | None, words: str, when: str) -> None:
    write_outline(project, "01-a", title="Topic A")
    write_theme(project, name, text)
    result = CliRunner().invoke(main, ["check", "--theme", "mine"])
    assert result.exit_code == 1, result.output
    where = f"themes/mine/templates/{name}" + (f":{line}" if line else "")
    errors = [x for x in result.output.splitlines() if x.startswith(f"{where}: error: ")]
    assert len(errors) == 1 and words in errors[0], result.output
    assert errors[0].endswith(when)
    assert "Traceback" not in result.output
    assert not (project / "build").exists()


def test_a_mistake_in_every_context_is_reported_once_without_a_qualifier(tmp_path: Path
                                                                          ) -> None:
    write_theme(tmp_path, "footer.j2", "{{ outline.titel }}\n")
    theme, _ = load_theme("mine", tmp_path)
    assert theme is not None
    assert [d.format() for d in check_templates(theme)] == [
        "themes/mine/templates/footer.j2:1: error: 'titel' is undefined (did you mean "
        "'title'?); the choices here are audience, period, slug, subtitle, title"]


def test_built_in_themes_pass_every_trial() -> None:
    for name in ("classic", "high-contrast", "ink-saver"):
        theme, _ = load_theme(name, None)
        assert theme is not None and check_templates(theme) == []


def test_a_template_failing_only_for_one_real_title_is_an_error_from_the_build(
        project: Path) -> None:
    """No trial can guess every value; the renderer's TemplateProblem is still a diagnostic."""
    write_outline(project, "01-a", title="Topic A")
    write_theme(project, "footer.j2",
                '{% if outline.title == "Topic A" %}{{ boom }}{% endif %}\n')
    assert CliRunner().invoke(main, ["check", "--theme", "mine"]).exit_code == 0
    result = CliRunner().invoke(main, ["build", "--theme", "mine", "--format", "pdf",
                                       "--jobs", "1"])
    assert result.exit_code == 1, result.output
    assert "themes/mine/templates/footer.j2:1: error: 'boom' is undefined" in result.output
    assert "Traceback" not in result.output and "internal error" not in result.output

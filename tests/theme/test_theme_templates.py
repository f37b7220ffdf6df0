"""Theme templates: defaults, the context, errors with file and line, and the sandbox."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from studyguide.outline.model import Meta, Outline
from studyguide.project.config import Course
from studyguide.render import RenderSettings
from studyguide.theme.loader import load_theme
from studyguide.theme.model import Theme
from studyguide.theme.templates import (
    KNOWN_TEMPLATES,
    TemplateProblem,
    check_templates,
    render_lines,
    render_template,
    template_context,
)

SETTINGS = RenderSettings(Course("Stalin's Rise to Power", "Hill School", "Ms Ivanova"),
                          date="1 September 2026")
OUTLINE = Outline(path="outlines/01-lenin.md", slug="01-lenin",
                  meta=Meta("Lenin’s Testament", subtitle="Who will lead?",
                            period="1922–1924", audience="Year 12"))


def theme_with(tmp_path: Path, templates: dict[str, str]) -> Theme:
    folder = tmp_path / "themes" / "mine"
    (folder / "templates").mkdir(parents=True, exist_ok=True)
    (folder / "theme.toml").write_text('extends = "classic"\n')
    for name, text in templates.items():
        (folder / "templates" / name).write_text(text, encoding="utf-8")
    theme, diags = load_theme("mine", tmp_path)
    assert theme is not None, diags
    return theme


def test_context_is_plain_data() -> None:
    ctx = template_context(OUTLINE, SETTINGS, "teacher", page=3, pages=9)
    assert ctx == {
        "course": {"title": "Stalin's Rise to Power", "school": "Hill School",
                   "teacher": "Ms Ivanova", "year": ""},
        "outline": {"title": "Lenin’s Testament", "subtitle": "Who will lead?",
                    "period": "1922–1924", "audience": "Year 12", "slug": "01-lenin"},
        "edition": "teacher", "page": 3, "pages": 9, "date": "1 September 2026",
    }
    empty = template_context(None, SETTINGS, "student")
    assert set(empty["outline"].values()) == {""}


def test_default_footer_has_titles_and_page_numbers() -> None:
    theme, _ = load_theme("classic", None)
    ctx = template_context(OUTLINE, SETTINGS, "student", page=2, pages=5)
    assert render_template(theme, "footer.j2", ctx) == \
        "Lenin’s Testament · Stalin's Rise to Power · Page 2 of 5"
    pack = template_context(None, RenderSettings(), "student", page=1, pages=40)
    assert render_template(theme, "footer.j2", pack) == "Page 1 of 40"


def test_default_cover_and_title_block_lines() -> None:
    theme, _ = load_theme("classic", None)
    cover = render_lines(theme, "cover.j2", template_context(None, SETTINGS, "teacher"))
    # the course's year, or the build date when the project gives none
    assert cover == ["Stalin's Rise to Power", "Hill School", "Ms Ivanova", "1 September 2026",
                     "Teacher edition"]
    block = render_lines(theme, "title_block.j2", template_context(OUTLINE, SETTINGS, "student"))
    assert block == ["Who will lead?", "1922–1924 · Year 12",
                     "Stalin's Rise to Power · Hill School · Ms Ivanova"]


@pytest.mark.parametrize("name", ["high-contrast", "ink-saver", "classic"])
@pytest.mark.parametrize("template", KNOWN_TEMPLATES)
def test_every_builtin_template_renders(name: str, template: str) -> None:
    theme, _ = load_theme(name, None)
    for outline in (OUTLINE, None):
        for settings in (SETTINGS, RenderSettings()):
            text = render_template(theme, template,
                                   template_context(outline, settings, "teacher", 1, 2))
            assert not text.startswith(("·", "—", "-")) and "  " not in text


def test_child_template_wins(tmp_path: Path) -> None:
    theme = theme_with(tmp_path, {"footer.j2": "{{ course.school }} – p. {{ page }}"})
    ctx = template_context(OUTLINE, SETTINGS, "student", 4, 9)
    assert render_template(theme, "footer.j2", ctx) == "Hill School – p. 4"


def test_include_reaches_only_templates_of_the_chain(tmp_path: Path) -> None:
    theme = theme_with(tmp_path, {"_school.j2": "Hill",
                                  "header.j2": "{% include '_school.j2' %} / {{ page }}",
                                  "footer.j2": "{% include '/etc/passwd' %}"})
    ctx = template_context(OUTLINE, SETTINGS, "student", 1, 1)
    assert render_template(theme, "header.j2", ctx) == "Hill / 1"
    with pytest.raises(TemplateProblem) as caught:
        render_template(theme, "footer.j2", ctx)
    assert caught.value.message == "no template named '/etc/passwd' in this theme"


def test_undefined_variable_names_file_and_line(tmp_path: Path) -> None:
    theme = theme_with(tmp_path, {"footer.j2": "{{ outline.title }}\n{{ teacher_name }}\n"})
    with pytest.raises(TemplateProblem) as caught:
        render_template(theme, "footer.j2", template_context(OUTLINE, SETTINGS, "student"))
    problem = caught.value
    assert (problem.path, problem.line) == ("themes/mine/templates/footer.j2", 2)
    assert str(problem).startswith(
        "themes/mine/templates/footer.j2:2: 'teacher_name' is undefined")


def test_check_templates_reports_syntax_and_undefined(tmp_path: Path) -> None:
    theme = theme_with(tmp_path, {"footer.j2": "ok\n{% if page %}\n",
                                  "header.j2": "{{ course.name }}",
                                  "cover.j2": "{{ course.title }}"})
    diags = check_templates(theme)
    assert sorted((d.path, d.line, d.is_error) for d in diags) == [
        ("themes/mine/templates/footer.j2", 2, True),
        ("themes/mine/templates/header.j2", 1, True),
    ]
    footer = next(d for d in diags if d.path.endswith("footer.j2"))
    assert footer.message.startswith("template syntax error: ")


ATTACKS = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.system('touch MARKER') }}",
    "{{ joiner.__init__.__globals__['os'].system('touch MARKER') }}",
    "{{ self._TemplateReference__context }}",
    "{{ range(10**9) | list | length }}",
    "{% for i in range(10**9) %}x{% endfor %}",
    "{{ 'x' * 10**9 }}",
    "{{ 9 ** 9 ** 9 }}",
    "{{ '{:>999999999}'.format(1) }}",
    "{{ 'x' | center(999999999) }}",
    "{% for a in range(999) %}{% for b in range(999) %}{% for c in range(999) %}"
    "{% endfor %}{% endfor %}{% endfor %}",
    "{% macro d(s) %}{{ s ~ s }}{% endmacro %}" + "{{ " + "d(" * 30 + "'x'" + ")" * 30 + " }}",
    "{% include 'footer.j2' %}",
    "{% for i in range(999) %}{{ outline }}{% endfor %}",
    "{{ lipsum(10**6) }}",
    "{% set ns = namespace(s='x') %}{{ ns.s }}",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_templates_cannot_reach_python_or_exhaust_resources(tmp_path: Path, attack: str
                                                            ) -> None:
    marker = Path("/tmp") / f"x-studyguide-{uuid.uuid4().hex}"
    theme = theme_with(tmp_path, {"footer.j2": attack.replace("MARKER", str(marker))})
    with pytest.raises(TemplateProblem) as caught:
        render_template(theme, "footer.j2", template_context(OUTLINE, SETTINGS, "student"))
    assert caught.value.path == "themes/mine/templates/footer.j2"
    assert not marker.exists()
    assert check_templates(theme)  # check reports the same problem as an error


def test_template_that_is_not_utf8(tmp_path: Path) -> None:
    theme = theme_with(tmp_path, {})
    (Path(theme.folder) / "templates" / "footer.j2").write_bytes(b"ok\n\xff\xfe")
    theme, _ = load_theme("mine", tmp_path)
    with pytest.raises(TemplateProblem) as caught:
        render_template(theme, "footer.j2", {})
    assert caught.value.line == 2 and "not valid UTF-8" in caught.value.message


def test_edited_template_is_picked_up(tmp_path: Path) -> None:
    theme = theme_with(tmp_path, {"header.j2": "one"})
    assert render_template(theme, "header.j2", {}) == "one"
    path = Path(dict(theme.templates)["header.j2"])
    path.write_text("two, longer")
    assert render_template(theme, "header.j2", {}) == "two, longer"


def test_a_bare_default_theme_uses_the_builtin_texts() -> None:
    ctx = template_context(OUTLINE, SETTINGS, "student", 1, 3)
    assert render_template(Theme(), "footer.j2", ctx).endswith("Page 1 of 3")
    assert check_templates(Theme()) == []

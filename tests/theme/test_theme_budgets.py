"""Template budgets: every `{% set %}` value, everything a render writes, every format width.

The issue's cases: `{% set %}` blocks that double a string 20 times (5.6 GB before), and a
format width of 900000000 given as a nested field (1.7 GB allocated before any cap).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from studyguide.theme.loader import load_theme
from studyguide.theme.templates import TemplateProblem, render_template

DOUBLING = ('{% set a %}x{% endset %}\n'
            + "{% set a %}{{ a }}{{ a }}{% endset %}\n" * 20 + "{{ a | length }}\n")
BOMBS = {
    "set-block doubling": (DOUBLING, 15, "a value longer than 10,000 characters"),  # 2**14 > 10,000
    "nested format width": ('{{ "{:{}}".format("x", "900000000") }}', 1,
                            "a format width of 900,000,000; the limit is 1,000"),
    "format_map width": ('{{ "{v:>{w}}".format_map({"v": 1, "w": "900000000"}) }}', 1,
                         "a format width of 900,000,000"),
    "percent width": ('{{ "%900000000s" % "x" }}', 1, "a format width of 900,000,000"),
    "percent star": ('{{ "%*s" % (900000000, "x") }}', 1, "a format width taken from"),
    "precision": ('{{ "{:.900000000f}".format(1.5) }}', 1, "a format width of 900,000,000"),
    "writes in loops": ("{% set a %}{% for i in range(900) %}{{ 'x' * 9000 }}{% endfor %}"
                        "{% endset %}", 1, "writes more than 200,000 characters"),
}


def theme_with(tmp_path: Path, footer: str):
    folder = tmp_path / "themes" / "mine"
    (folder / "templates").mkdir(parents=True)
    (folder / "theme.toml").write_text('extends = "classic"\n')
    (folder / "templates" / "footer.j2").write_text(footer, encoding="utf-8")
    theme, diags = load_theme("mine", tmp_path)
    assert theme is not None, diags
    return theme


@pytest.mark.parametrize("name", BOMBS)
def test_a_budget_stops_the_template_at_its_line(tmp_path: Path, name: str) -> None:
    source, line, message = BOMBS[name]
    with pytest.raises(TemplateProblem) as caught:
        render_template(theme_with(tmp_path, source), "footer.j2", {})
    assert caught.value.path == "themes/mine/templates/footer.j2"
    assert caught.value.line == line
    assert message in caught.value.message


@pytest.mark.parametrize("source, text", [
    ('{{ "Year 100000: %s, 100%%" % "x" }}', "Year 100000: x, 100%"),
    ('{{ "%05d|%-4s|%.2f" % (3, "a", 2.5) }}', "00003|a   |2.50"),
    ('{{ "[{:>6}|{:.1f}|{:{}}]".format("ab", 2.25, "c", 3) }}', "[    ab|2.2|c  ]"),
    ("{% set a %}{{ 'x' * 9000 }}{% endset %}{{ a | length }}", "9000"),
    ("{% set a | upper %}abc{% endset %}{{ a }}", "ABC"),
])
def test_ordinary_formats_and_set_blocks_still_work(tmp_path: Path, source: str,
                                                    text: str) -> None:
    assert render_template(theme_with(tmp_path, source), "footer.j2", {}) == text


def test_the_bombs_stay_under_500_mb_in_a_child(tmp_path: Path) -> None:
    """Peak memory of a process that renders every bomb (the cap must bite before the copy)."""
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_theme_budgets import BOMBS, theme_with
        from studyguide.theme.templates import TemplateProblem, render_template
        for number, (source, _, _) in enumerate(BOMBS.values()):
            try:
                render_template(theme_with(Path(sys.argv[1]) / str(number), source),
                                "footer.j2", {{}})
            except TemplateProblem:
                continue
            raise SystemExit("a bomb rendered")
    """)
    # A small process runs the renders in its own child and reports that child's peak: here,
    # RUSAGE_CHILDREN would include earlier tests' children, and a child forked from this
    # (large) pytest process starts its peak at pytest's size.
    runner = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True); "
              "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    done = subprocess.run([sys.executable, "-c", runner, sys.executable, "-c", script,
                           str(tmp_path)], check=True, timeout=60, capture_output=True,
                          text=True, cwd=tmp_path)  # elsewhere: import the installed package
    peak_kb = int(done.stdout.split()[-1])
    assert 10 * 1024 < peak_kb < 500 * 1024, f"peak {peak_kb / 1024:.0f} MB"


def test_a_value_too_long_for_any_template_is_blamed_where_it_was_set(tmp_path: Path) -> None:
    """Not on `<built-in cover.j2>`: the course title's line of studyguide.toml, or the
    outline's front-matter line, whichever value is too long."""
    from studyguide.outline.model import Meta, Outline
    from studyguide.project.config import Course
    from studyguide.render import RenderSettings
    from studyguide.theme.templates import MAX_GIVEN, template_context

    (tmp_path / "studyguide.toml").write_text(f'[course]\nschool = "S"\ntitle = "{"x" * 3000}"\n')
    (tmp_path / "outlines").mkdir()
    (tmp_path / "outlines" / "a.md").write_text(f"---\nsubtitle: s\ntitle: {'y' * 2500}\n---\n")
    theme, _ = load_theme("classic", tmp_path)
    long_course = RenderSettings(Course("x" * 3000, "S"))
    outline = Outline(path="outlines/a.md", slug="a", meta=Meta("y" * 2500))
    for settings, text, where in (
            (long_course, "course.title is 3,000 characters", ("studyguide.toml", 3)),
            (RenderSettings(Course("fine")), "outline.title is 2,500 characters",
             ("outlines/a.md", 3))):
        for name in ("cover.j2", "footer.j2", "header.j2"):
            with pytest.raises(TemplateProblem) as caught:
                render_template(theme, name, template_context(outline, settings, "student"))
            assert (caught.value.path, caught.value.line) == where
            assert caught.value.message.startswith(text)
            assert f"at most {MAX_GIVEN:,}" in caught.value.message
    just_fits = RenderSettings(Course("x" * MAX_GIVEN))
    assert render_template(theme, "cover.j2", template_context(None, just_fits, "student"))

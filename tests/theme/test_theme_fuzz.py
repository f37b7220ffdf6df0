"""No theme input crashes: any bytes as theme.toml, any text as a template."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from studyguide.theme.loader import load_theme
from studyguide.theme.templates import TemplateProblem, render_template, template_context

KEYS = st.sampled_from(["colors.primary", "colors.text", "fonts.body", "pdf.paper",
                        "pdf.margin_mm", "slides.aspect", "slides.template", "extends",
                        "colours.primary", "pdf.filled", "name"])
VALUES = st.one_of(st.text(max_size=12), st.integers(-100, 100), st.floats(allow_nan=True),
                   st.booleans(), st.lists(st.integers(), max_size=3))


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, float):
        return "nan" if value != value else ("inf" if value == float("inf") else
                                             "-inf" if value == float("-inf") else repr(value))
    return repr(value)


def _load(content: bytes):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "themes" / "mine"
        folder.mkdir(parents=True)
        (folder / "theme.toml").write_bytes(content)
        return load_theme("mine", tmp)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_as_theme_toml(content: bytes) -> None:
    theme, diags = _load(content)
    assert theme is not None or any(d.is_error for d in diags)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(KEYS, VALUES, max_size=6))
def test_any_values_give_a_theme_or_errors(values: dict) -> None:
    lines = [f"{key} = {_toml_value(value)}" for key, value in values.items()]
    theme, diags = _load("\n".join(lines).encode())
    assert (theme is None) == any(d.is_error for d in diags)


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("{}%#()[]|.'\"~*+ -_abcdeglnoprtxy019\n")),
               max_size=60))
def test_any_template_text_renders_or_is_a_template_problem(source: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "themes" / "mine"
        (folder / "templates").mkdir(parents=True)
        (folder / "theme.toml").write_text("")
        (folder / "templates" / "footer.j2").write_text(source)
        theme, _ = load_theme("mine", tmp)
        try:
            text = render_template(theme, "footer.j2", template_context(None, None, "student"))
        except TemplateProblem as problem:
            assert problem.path == "themes/mine/templates/footer.j2"
        else:
            assert isinstance(text, str) and len(text) <= 10_000

"""The three built-in themes: clean, readable, distinct, and every font covers the text."""

from __future__ import annotations

import pytest

from studyguide.theme.contrast import contrast_ratio
from studyguide.theme.fonts import find_family
from studyguide.theme.loader import load_theme
from studyguide.theme.templates import check_templates

BUILTINS = ("classic", "high-contrast", "ink-saver")


@pytest.mark.parametrize("name", BUILTINS)
def test_builtin_loads_and_checks_without_any_diagnostic(name: str) -> None:
    from studyguide.theme.contrast import check_theme_contrast

    theme, diags = load_theme(name, None)
    assert diags == [] and theme is not None
    assert theme.origin == "built-in" and theme.description
    assert check_theme_contrast(theme) == [] and check_templates(theme) == []


@pytest.mark.parametrize("name", BUILTINS)
def test_builtin_contrast(name: str) -> None:
    theme, _ = load_theme(name, None)
    need = 7.0 if name == "high-contrast" else 4.5
    for role in ("text", "primary", "muted"):
        assert contrast_ratio(getattr(theme.colors, role), theme.colors.background) >= need


def test_classic_is_the_documented_default() -> None:
    theme, _ = load_theme("classic", None)
    assert (theme.colors.primary, theme.colors.accent) == ("#7A1F1F", "#C9A227")
    assert (theme.fonts.body, theme.fonts.heading) == ("Gentium Book Plus", "Source Sans 3")
    assert (theme.pdf.paper, theme.pdf.margin_mm, theme.pdf.base_size_pt) == ("A4", 18, 10.5)


def test_high_contrast_is_large_print() -> None:
    theme, _ = load_theme("high-contrast", None)
    assert theme.pdf.base_size_pt >= 14 and theme.slides.base_size_pt >= 24
    assert theme.pdf.line_spacing >= 1.5


def test_ink_saver_has_no_fills_and_no_colour() -> None:
    theme, _ = load_theme("ink-saver", None)
    assert not theme.pdf.filled and not theme.slides.filled and theme.pdf.rule_width_pt <= 0.5
    for role in ("primary", "accent", "text", "muted"):
        colour = getattr(theme.colors, role)
        assert colour[1:3] == colour[3:5] == colour[5:7], f"{role} {colour} is not grey"


def test_builtins_look_different() -> None:
    themes = [load_theme(n, None)[0] for n in BUILTINS]
    assert len({(t.colors, t.fonts, t.pdf) for t in themes}) == 3


@pytest.mark.parametrize("name", BUILTINS)
def test_every_builtin_font_covers_greek_cyrillic_and_typography(name: str) -> None:
    from reportlab.pdfbase.ttfonts import TTFont

    theme, _ = load_theme(name, None)
    for family in {theme.fonts.body, theme.fonts.heading, theme.fonts.mono}:
        faces = find_family(family, theme.font_dirs)
        assert faces is not None
        for path in {faces.regular, faces.bold, faces.italic, faces.bolditalic}:
            font = TTFont("probe", path)
            missing = [c for c in "ЖΩ“”–—«»’" if ord(c) not in font.face.charToGlyph]
            assert missing == [], f"{path} lacks {missing}"

"""WCAG contrast checks on theme colours."""

from __future__ import annotations

from pathlib import Path

import pytest

from studyguide.theme.contrast import check_theme_contrast, contrast_ratio, format_ratio
from studyguide.theme.loader import load_theme


@pytest.mark.parametrize(("fg", "bg", "ratio"), [
    ("#000000", "#FFFFFF", 21.0), ("#FFFFFF", "#FFFFFF", 1.0), ("#777777", "#FFFFFF", 4.48),
    ("#FFFFFF", "#777777", 4.48), ("#7A1F1F", "#FFFFFF", 10.28),
])
def test_contrast_ratio_matches_wcag(fg: str, bg: str, ratio: float) -> None:
    assert round(contrast_ratio(fg, bg), 2) == ratio


def test_a_failing_ratio_is_never_shown_as_passing() -> None:
    assert format_ratio(4.4999) == "4.49"
    assert format_ratio(4.478) == "4.48"


def test_low_contrast_text_warns_with_the_exact_message(tmp_path: Path) -> None:
    folder = tmp_path / "themes" / "grey"
    folder.mkdir(parents=True)
    (folder / "theme.toml").write_text('extends = "classic"\n[colors]\ntext = "#777777"\n')
    theme, diags = load_theme("grey", tmp_path)
    assert diags == [] and theme is not None
    [d] = check_theme_contrast(theme)
    assert d.format() == ('themes/grey/theme.toml: warning: colors.text "#777777" on '
                          'colors.background "#FFFFFF" has contrast 4.48:1; WCAG AA needs 4.5:1')


def test_pale_headings_warn_too(tmp_path: Path) -> None:
    folder = tmp_path / "themes" / "pale"
    folder.mkdir(parents=True)
    (folder / "theme.toml").write_text(
        'extends = "classic"\n[colors]\nprimary = "#F0C0C0"\nbackground = "#ffffff"\n')
    theme, _ = load_theme("pale", tmp_path)
    messages = [d.message for d in check_theme_contrast(theme)]
    assert len(messages) == 1 and messages[0].startswith('colors.primary "#F0C0C0" on')

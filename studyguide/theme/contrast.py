"""Colour contrast checks (WCAG 2.x relative luminance), so a theme stays readable."""

from __future__ import annotations

import math
from pathlib import Path

from studyguide.diagnostics import Diagnostic, warning
from studyguide.theme.model import Theme

AA_NORMAL = 4.5

# Checked against colors.background: text is body text, primary colours headings, muted colours
# footers and captions (small text, so it needs the same ratio as body text).
_ROLES = ("text", "primary", "muted")


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of a `#RRGGBB` colour, 0 (black) to 1 (white)."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two `#RRGGBB` colours, 1 to 21."""
    light, dark = sorted((relative_luminance(foreground), relative_luminance(background)),
                         reverse=True)
    return (light + 0.05) / (dark + 0.05)


def format_ratio(ratio: float) -> str:
    """`4.48` for 4.478; never rounds a failing ratio up to the threshold it missed."""
    shown = f"{ratio:.2f}"
    if ratio < AA_NORMAL <= float(shown):
        shown = f"{math.floor(ratio * 100) / 100:.2f}"
    return shown


def check_theme_contrast(theme: Theme) -> list[Diagnostic]:
    """Warnings for colours too close to the background to read (below WCAG AA, 4.5:1)."""
    shown = _theme_toml(theme)
    problems = []
    background = theme.colors.background
    for role in _ROLES:
        colour = getattr(theme.colors, role)
        ratio = contrast_ratio(colour, background)
        if ratio < AA_NORMAL:
            problems.append(warning(shown, None, (
                f'colors.{role} "{colour}" on colors.background "{background}" has contrast '
                f"{format_ratio(ratio)}:1; WCAG AA needs {AA_NORMAL:g}:1")))
    return problems


def _theme_toml(theme: Theme) -> str:
    if not theme.folder:
        return f"themes/{theme.name}/theme.toml"
    path = Path(theme.folder) / "theme.toml"
    if theme.project_root:
        try:
            return path.relative_to(theme.project_root).as_posix()
        except ValueError:
            pass
    return str(path)

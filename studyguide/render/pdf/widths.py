"""Word widths for line breaking, measured once per font: the same floats reportlab's
stringWidth gives.

A table per (font, size) maps a word to its width, filled on first use. reportlab's C
stringWidth of a TrueType font is (sum of its glyph widths x 0.001) x size
(`instanceStringWidthTTF`), so a TrueType word's width at size 1 is kept per font and
multiplied by the size: the same float, to the bit (a test checks it), for every size a
theme or a nudged body size asks for. Other fonts (reportlab's Type 1 faces) are measured
at each size. Tables are kept across renders (a long-lived process lays out the same words
again), a bounded number of them.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfbase.ttfonts import TTFont

_TABLES = 64  # (font, size) width tables kept; a render uses a few dozen
_UNITS = 100_000  # words whose width at size 1 is kept per TrueType font
# TTFont -> word -> its width at size 1 (weakly: a font registered again frees the old one's)
_units: WeakKeyDictionary[Any, dict[str, float]] = WeakKeyDictionary()
_widths: dict[tuple[Any, float], Any] = {}  # (font, size) -> its _Widths


class _Widths(dict):  # type: ignore[type-arg]
    """Word widths of one font at one size, each found on first use: a TrueType font's from
    its width at size 1 (`_units`), any other font's measured at this size."""

    def __init__(self, font: Any, size: float) -> None:
        super().__init__()
        self.measure = font.stringWidth
        self.size = size
        self.units = _units.setdefault(font, {}) if isinstance(font, TTFont) else None

    def __missing__(self, word: str) -> float:
        units = self.units
        if units is None:
            width = self[word] = self.measure(word, self.size, "utf8")
            return width
        unit = units.get(word)
        if unit is None:
            if len(units) >= _UNITS:
                units.clear()
            unit = units[word] = self.measure(word, 1.0, "utf8")
        width = self[word] = unit * self.size
        return width


def widths_of(font_name: str, size: float) -> dict[str, float]:
    """`widths_of(name, size)[word]` is stringWidth(word, name, size), remembered (kept
    across paragraphs and renders, per font object: a name may be registered again)."""
    font = getFont(font_name)
    key = (font, size)
    table = _widths.get(key)
    if table is None:
        if len(_widths) >= _TABLES:
            _widths.clear()
        table = _widths[key] = _Widths(font, size)
    return table



"""Which characters of a text a TrueType font cannot draw.

Shared by the renderers: a character no font has would otherwise print as an empty box (or
nothing at all), so renderers ask here first, warn the teacher and draw it with a fallback.
Fonts are read with the small TrueType reader of the theme layer (theme/truetype.py), once
per process, so these checks and the deck's text measurement never load reportlab.
"""

from __future__ import annotations

from studyguide.theme.truetype import read_font

# Characters every renderer treats as layout, not ink: never reported as missing.
_LAYOUT = frozenset(map(ord, "\n\r\t \u00a0\u00ad\u200b\u200c\u200d\u2060\ufeff"))


def font_charset(path: str) -> frozenset[int]:
    """The code points the TrueType font at `path` maps to a glyph."""
    return read_font(path).charset


def is_monospaced(path: str) -> bool:
    """True when the font at `path` declares itself fixed-pitch."""
    return read_font(path).fixed_pitch


def missing_chars(text: str, path: str) -> list[str]:
    """Characters of `text` (each once, in order of first use) the font at `path` lacks."""
    if text.isascii():
        # Every text font we ship or find covers printable ASCII; skip the set lookups.
        return []
    charset = font_charset(path)
    seen: dict[str, None] = {}
    for char in text:
        code = ord(char)
        if code > 0x7E and code not in charset and code not in _LAYOUT:
            seen.setdefault(char, None)
    return list(seen)


def has_char(char: str, path: str) -> bool:
    """True when the font at `path` has a glyph for `char`."""
    return ord(char) in font_charset(path)


def describe(char: str) -> str:
    """A character as a message shows it: `'ꙮ' (U+A66E)`."""
    return f"'{char}' (U+{ord(char):04X})"

"""Which characters of a text a TrueType font cannot draw.

Shared by the renderers: a character no font has would otherwise print as an empty box (or
nothing at all), so renderers ask here first, warn the teacher and draw it with a fallback.
Each font file is parsed once per process, here, and the same parsed font serves the PDF
renderer's registration, the deck's text measurement and these character checks.
"""

from __future__ import annotations

import functools

# Characters every renderer treats as layout, not ink: never reported as missing.
_LAYOUT = frozenset(map(ord, "\n\r\t \u00a0\u00ad\u200b\u200c\u200d\u2060\ufeff"))


_names: dict[str, str] = {}  # font file path -> reportlab font name


@functools.lru_cache(maxsize=None)
def ttfont(path: str):
    """The reportlab TTFont for the file at `path`, parsed once per process.

    Named from the file, not from the order fonts were first used, so every process writes
    the same names into a PDF whatever it rendered before.
    """
    import hashlib
    from pathlib import Path

    from reportlab.pdfbase.ttfonts import TTFont

    stem = "".join(ch for ch in Path(path).stem if ch.isalnum() or ch == "-")
    name = f"SG-{stem}"
    if name in _names.values():
        name += "-" + hashlib.sha1(path.encode("utf-8")).hexdigest()[:8]
    _names[path] = name
    return TTFont(name, path)


@functools.lru_cache(maxsize=None)
def _read(path: str) -> tuple[frozenset[int], bool]:
    from reportlab.pdfbase.ttfonts import FF_FIXED

    face = ttfont(path).face
    return frozenset(face.charToGlyph), bool(face.flags & FF_FIXED)


def font_charset(path: str) -> frozenset[int]:
    """The code points the TrueType font at `path` maps to a glyph."""
    return _read(path)[0]


def is_monospaced(path: str) -> bool:
    """True when the font at `path` declares itself fixed-pitch."""
    return _read(path)[1]


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

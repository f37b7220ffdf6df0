"""Text measurement and word wrapping with the real TrueType advance widths.

Slides cannot grow, so every text box is sized from these numbers before it is drawn. Widths
come from the font files the theme names (found by studyguide.theme.fonts); a character a face lacks
is measured in the fallback face that draws it (render/common/fonts.py), and one no font has
as the '?' drawn instead. PowerPoint or LibreOffice may still
substitute a slightly wider font, so every width is inflated by SAFETY.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from studyguide.records import record
from studyguide.render.common.fonts import fallback_for, find_faces, glyph_segments
from studyguide.render.common.text import clean_text
from studyguide.theme.fonts import FontFaces
from studyguide.theme.truetype import read_font

SAFETY = 1.08  # widths are multiplied by this, for font substitution and hinting
LINE = 1.2  # line height as a multiple of the font size (set exactly on every paragraph)

_WORDS = re.compile(r"\S+\s*|\s+")


def clean(text: str) -> str:
    """Flowing text for a run (render/common/text.py); a newline stays, as the run's line break."""
    return clean_text(text, keep_newlines=True)


@functools.lru_cache(maxsize=None)
def faces(family: str, font_dirs: tuple[str, ...] = ()) -> FontFaces:
    """The faces of `family`, else of its substitute (render/common/fonts.py)."""
    found = find_faces(family, font_dirs)[0]
    if found is None:  # pragma: no cover - rendercv-fonts is a dependency
        raise RuntimeError("no usable TrueType font found")
    return found


@functools.lru_cache(maxsize=65536)
def _width(text: str, path: str, size: float) -> float:
    font = read_font(path)
    if text.isascii():
        return font.string_width(text, size)
    spare = fallback_for(path)
    total = 0.0
    for segment in glyph_segments(text, path, spare):
        face = read_font(spare) if segment.fallback and spare else font
        for char in segment.text:  # one character at a time, as the deck always summed
            total += face.string_width(char, size)
    return total


def width(text: str, path: str, size: float) -> float:
    """The drawn width of `text` in points, SAFETY included."""
    return _width(text, path, size) * SAFETY


@record
class Piece:
    """A word (with its trailing space) in one face: the unit wrapping moves around."""

    run: int  # index of the run it came from
    text: str
    path: str


def pieces(texts: list[tuple[str, str]]) -> list[Piece]:
    """Split (text, font path) runs into word pieces; a newline is its own piece."""
    return list(_pieces(tuple(texts)))


@functools.lru_cache(maxsize=16384)
def _pieces(texts: tuple[tuple[str, str], ...]) -> tuple[Piece, ...]:
    """pieces(), remembered: fitting measures the same runs at several widths and sizes (a
    timeline label at each width tried, a table cell for its column and then its row), and
    making a Piece is most of the cost. Pieces are frozen, so the lists can share them."""
    out: list[Piece] = []
    for index, (text, path) in enumerate(texts):
        for line_no, line in enumerate(text.split("\n")):
            if line_no:
                out.append(Piece(index, "\n", path))
            out.extend(Piece(index, word, path) for word in _WORDS.findall(line))
    return tuple(out)


def wrap_pieces(items: list[Piece], size: float, limit: float) -> list[list[Piece]]:
    """Greedy line filling; a word wider than a line is cut between characters."""
    lines: list[list[Piece]] = [[]]
    used = 0.0
    for piece in items:
        if piece.text == "\n":
            lines.append([])
            used = 0.0
            continue
        body = width(piece.text.rstrip(), piece.path, size)
        if used and used + body > limit:
            lines.append([])
            used = 0.0
        if body > limit:
            for part in _cut(piece, size, limit):
                if lines[-1]:
                    lines.append([])
                lines[-1].append(part)
            used = width(lines[-1][-1].text, piece.path, size)
            continue
        lines[-1].append(piece)
        used += width(piece.text, piece.path, size)
    return lines


def _cut(piece: Piece, size: float, limit: float) -> list[Piece]:
    parts: list[Piece] = []
    current = ""
    for char in piece.text:
        if current and width(current + char, piece.path, size) > limit:
            parts.append(Piece(piece.run, current, piece.path))
            current = ""
        current += char
    parts.append(Piece(piece.run, current, piece.path))
    return parts


def wrap(text: str, path: str, size: float, limit: float) -> list[str]:
    """`text` in one face, wrapped to `limit` points: the lines as strings."""
    lines = wrap_pieces(pieces([(text, path)]), size, limit)
    return ["".join(p.text for p in line).rstrip() for line in lines]


def line_width(line: Sequence[Piece], size: float) -> float:
    """The width of one wrapped line (trailing space not counted)."""
    total = 0.0
    for index, piece in enumerate(line):
        text = piece.text.rstrip() if index == len(line) - 1 else piece.text
        total += width(text, piece.path, size)
    return total


def text_height(lines: int, size: float) -> float:
    """The height of `lines` lines at `size` points."""
    return lines * size * LINE

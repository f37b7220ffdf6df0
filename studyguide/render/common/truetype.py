"""A small TrueType reader: which characters a font has, how wide they are, whether it is fixed-pitch.

Both renderers ask these questions; the deck asks nothing else of a font, so it reads them here
with `struct` instead of loading reportlab. Only the tables the answers need are read: `head`
(unitsPerEm), `hhea` and `maxp` (how many metrics and glyphs), `hmtx` (advance widths), `post`
(the fixed-pitch flag), `head` again (macStyle: bold, italic) and a Unicode `cmap` subtable in format 12 or 4. Widths are kept in
thousandths of an em, as reportlab keeps them, so a width measured here equals the one reportlab
measures for the same text. Each file is parsed once per process.
"""

from __future__ import annotations

import functools
import struct
from dataclasses import dataclass, field

# Unicode cmap subtables, most complete first: (platform, encoding, format).
_UNICODE_TABLES = ((3, 10, 12), (0, 6, 12), (0, 4, 12), (3, 1, 4), (0, 3, 4), (0, 4, 4),
                   (0, 3, 12))


class FontError(ValueError):
    """The file is not a TrueType font this reader understands."""


@dataclass(frozen=True, eq=False)
class FontMetrics:
    """What the renderers need to know about one TrueType file."""

    path: str
    units_per_em: int
    fixed_pitch: bool
    bold: bool  # head.macStyle: which face of its family the file is
    italic: bool
    charset: frozenset[int] = field(repr=False)  # the code points mapped to a real glyph
    widths: dict[int, float] = field(repr=False)  # code point -> advance, 1/1000 em
    default_width: float  # the advance of glyph 0 (.notdef), for characters not mapped

    def string_width(self, text: str, size: float) -> float:
        """The advance width of `text` at `size` points, in points (no kerning, no fallback)."""
        get, default = self.widths.get, self.default_width
        # In reportlab's order of operations, so the floats come out bit for bit the same.
        return sum(get(ord(char), default) for char in text) * 0.001 * size


@functools.lru_cache(maxsize=None)
def read_font(path: str) -> FontMetrics:
    """The metrics of the TrueType file at `path`, parsed once per process."""
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        return _parse(path, data)
    except struct.error as exc:
        raise FontError(f"{path}: truncated or damaged font file ({exc})") from None


def _tables(data: bytes, path: str) -> dict[str, tuple[int, int]]:
    """Table tag -> (offset, length) from the font's table directory."""
    version, count = struct.unpack_from(">IH", data, 0)
    if version not in (0x00010000, 0x74727565):  # 1.0 or 'true'; 'OTTO' is CFF, not TrueType
        raise FontError(f"{path}: not a TrueType font")
    tables = {}
    for index in range(count):
        tag, _checksum, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * index)
        tables[tag.decode("latin-1")] = (offset, length)
    for needed in ("head", "hhea", "maxp", "hmtx", "cmap", "post"):
        if needed not in tables:
            raise FontError(f"{path}: the font has no '{needed}' table")
    return tables


def _parse(path: str, data: bytes) -> FontMetrics:
    tables = _tables(data, path)
    units = struct.unpack_from(">H", data, tables["head"][0] + 18)[0]
    style = struct.unpack_from(">H", data, tables["head"][0] + 44)[0]
    if not 16 <= units <= 16384:
        raise FontError(f"{path}: unitsPerEm {units} is out of range")
    metric_count = struct.unpack_from(">H", data, tables["hhea"][0] + 34)[0]
    glyph_count = struct.unpack_from(">H", data, tables["maxp"][0] + 4)[0]
    if metric_count == 0:
        raise FontError(f"{path}: the font has no horizontal metrics")
    fixed = struct.unpack_from(">I", data, tables["post"][0] + 12)[0] != 0
    advances = _advances(data, tables["hmtx"][0], metric_count, glyph_count)
    glyphs = _cmap(data, tables["cmap"][0], path)
    glyphs = {code: glyph for code, glyph in glyphs.items() if 0 < glyph < glyph_count}
    scale = (lambda units_wide: units_wide) if units == 1000 else _scaler(units)
    widths = {code: scale(advances[glyph]) for code, glyph in glyphs.items()}
    # A no-break space is drawn as a space (and a font with only one of them has both).
    for have, want in ((0x20, 0xA0), (0xA0, 0x20)):
        if have in glyphs:
            glyphs[want], widths[want] = glyphs[have], widths[have]
            break
    return FontMetrics(path, units, fixed, bool(style & 1), bool(style & 2), frozenset(glyphs),
                       widths, scale(advances[0]))


def _scaler(units: int):
    # The same arithmetic as reportlab's, so both measure exactly the same widths.
    per_unit = 1000 / units
    return lambda units_wide: units_wide * per_unit


def _advances(data: bytes, offset: int, metric_count: int, glyph_count: int) -> list[int]:
    """The advance width of every glyph; glyphs past the last metric repeat its advance."""
    pairs = struct.unpack_from(f">{2 * metric_count}H", data, offset)
    advances = list(pairs[0::2])
    advances.extend([advances[-1]] * max(0, glyph_count - metric_count))
    return advances


def _cmap(data: bytes, offset: int, path: str) -> dict[int, int]:
    """Code point -> glyph from the most complete Unicode subtable (format 12, else 4)."""
    _version, count = struct.unpack_from(">HH", data, offset)
    found: dict[tuple[int, int, int], int] = {}
    for index in range(count):
        platform, encoding, sub = struct.unpack_from(">HHI", data, offset + 4 + 8 * index)
        fmt = struct.unpack_from(">H", data, offset + sub)[0]
        found.setdefault((platform, encoding, fmt), offset + sub)
    for key in _UNICODE_TABLES:
        if key in found:
            read = _format12 if key[2] == 12 else _format4
            return read(data, found[key])
    raise FontError(f"{path}: the font has no Unicode character map in format 4 or 12")


def _format12(data: bytes, start: int) -> dict[int, int]:
    groups = struct.unpack_from(">I", data, start + 12)[0]
    glyphs: dict[int, int] = {}
    for first, last, glyph in struct.iter_unpack(">III", data[start + 16:start + 16 + 12 * groups]):
        for code in range(first, min(last, 0x10FFFF) + 1):
            glyphs[code] = glyph + code - first
    return glyphs


def _format4(data: bytes, start: int) -> dict[int, int]:
    length, _language, doubled = struct.unpack_from(">HHH", data, start + 2)
    segments = doubled // 2
    ends = struct.unpack_from(f">{segments}H", data, start + 14)
    starts = struct.unpack_from(f">{segments}H", data, start + 16 + doubled)
    deltas = struct.unpack_from(f">{segments}h", data, start + 16 + 2 * doubled)
    range_at = start + 16 + 3 * doubled
    ranges = struct.unpack_from(f">{segments}H", data, range_at)
    glyphs: dict[int, int] = {}
    for seg in range(segments):
        for code in range(starts[seg], ends[seg] + 1):
            if ranges[seg] == 0:
                glyph = (code + deltas[seg]) & 0xFFFF
            else:
                # idRangeOffset counts bytes from its own slot to the glyph id array entry.
                at = range_at + 2 * seg + ranges[seg] + 2 * (code - starts[seg])
                if at + 2 > start + length:
                    continue  # a damaged table; reportlab maps these to glyph 0 too
                glyph = struct.unpack_from(">H", data, at)[0]
                glyph = (glyph + deltas[seg]) & 0xFFFF if glyph else 0
            glyphs[code] = glyph
    return glyphs

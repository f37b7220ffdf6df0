"""A small TrueType reader: which characters a font has, how wide they are, if fixed-pitch.

Both renderers ask these questions; the deck asks nothing else of a font, so it reads them here
with `struct` instead of loading reportlab. Only the tables the answers need are read: `head`
(unitsPerEm), `hhea` and `maxp` (how many metrics and glyphs), `hmtx` (advance widths), `post`
(the fixed-pitch flag), `head` again (macStyle: bold, italic) and a Unicode `cmap` subtable in
format 12 or 4. Widths are kept in thousandths of an em, as reportlab keeps them, so a width
measured here equals the one reportlab measures for the same text. Each file is parsed once
per process. It lives in theme/ (below render/) so that `check` can open a theme's fonts too.

`check_embeddable` asks more, for the fonts a theme ships: everything reportlab needs to embed
the file in a PDF (TrueType outlines with their `glyf` and `loca` tables, a `name` table, a
valid `head`, glyph locations inside the file), so `check` can refuse a font that the
PDF renderer would fail on, without loading reportlab.
"""

from __future__ import annotations

import functools
import os
import stat
import struct
from dataclasses import dataclass, field

# Unicode cmap subtables, most complete first: (platform, encoding, format).
_UNICODE_TABLES = ((3, 10, 12), (0, 6, 12), (0, 4, 12), (3, 1, 4), (0, 3, 4), (0, 4, 4),
                   (0, 3, 12))


MAX_FONT_BYTES = 64 * 1024 * 1024


class FontError(ValueError):
    """The file is not a TrueType font this reader understands; `reason` omits the path."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


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
    data = _read(path)
    try:
        return _parse(path, data)
    except struct.error:
        raise FontError(path, "the font file is truncated or damaged") from None


def check_embeddable(path: str) -> FontMetrics:
    """The metrics of `path`, once it is known that reportlab can embed it in a PDF."""
    metrics = read_font(path)
    try:
        _check_embedding(path, _read(path))
    except struct.error:
        raise FontError(path, "the font file is truncated or damaged") from None
    return metrics


def _read(path: str) -> bytes:
    """The bytes of a regular file of at most MAX_FONT_BYTES (a FIFO is refused, not waited on)."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise FontError(path, f"cannot read the font file ({exc.strerror or exc})") from None
    with os.fdopen(handle, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise FontError(path, "the font is not a regular file (a pipe, a device or a folder)")
        if info.st_size > MAX_FONT_BYTES:
            raise FontError(path, f"the font file is {info.st_size:,} bytes; the limit is "
                            f"{MAX_FONT_BYTES:,}")
        if info.st_size == 0:
            raise FontError(path, "the font file is empty")
        return file.read(MAX_FONT_BYTES + 1)


def _check_embedding(path: str, data: bytes) -> None:
    """What reportlab's TTFontFile refuses, in its order (pdfbase/ttfonts.py)."""
    tables = _tables(data, path)
    for needed in ("name", "glyf", "loca"):
        if needed not in tables:
            raise FontError(path, f"the font has no '{needed}' table, which a PDF needs to "
                            "embed it")
    head = tables["head"][0]
    major, magic = struct.unpack_from(">H", data, head)[0], struct.unpack_from(">I", data,
                                                                                head + 12)[0]
    loc_format, glyph_format = struct.unpack_from(">hh", data, head + 50)
    if major != 1 or magic != 0x5F0F3CF5 or loc_format not in (0, 1) or glyph_format != 0:
        raise FontError(path, "the font's 'head' table is damaged")
    _check_locations(path, data, tables, loc_format)


def _check_locations(path: str, data: bytes, tables: dict[str, tuple[int, int]],
                     loc_format: int) -> None:
    """Every glyph's place in `glyf` (from `loca`) lies inside the table and in order."""
    glyphs = struct.unpack_from(">H", data, tables["maxp"][0] + 4)[0]
    offset, size = tables["loca"]
    code, scale = ("H", 2) if loc_format == 0 else ("I", 1)  # short offsets are halved
    places = struct.unpack_from(f">{glyphs + 1}{code}", data, offset)
    glyf_end = tables["glyf"][0] + tables["glyf"][1]
    if size < (glyphs + 1) * (2 if loc_format == 0 else 4) or glyf_end > len(data) or any(
            b < a for a, b in zip(places, places[1:])) or places[-1] * scale > tables["glyf"][1]:
        raise FontError(path, "the font's glyph locations ('loca') are damaged")


def _tables(data: bytes, path: str) -> dict[str, tuple[int, int]]:
    """Table tag -> (offset, length) from the font's table directory."""
    version, count = struct.unpack_from(">IH", data, 0)
    if version == 0x4F54544F:  # 'OTTO'
        raise FontError(path, "the font has PostScript (CFF) outlines, as most .otf fonts do; "
                        "only TrueType outlines can be embedded: use the family's .ttf files")
    if version not in (0x00010000, 0x74727565):  # 1.0 or 'true'
        raise FontError(path, "not a TrueType font file")
    tables = {}
    for index in range(count):
        tag, _checksum, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * index)
        tables[tag.decode("latin-1")] = (offset, length)
    for needed in ("head", "hhea", "maxp", "hmtx", "cmap", "post"):
        if needed not in tables:
            raise FontError(path, f"the font has no '{needed}' table")
    return tables


def _parse(path: str, data: bytes) -> FontMetrics:
    tables = _tables(data, path)
    units = struct.unpack_from(">H", data, tables["head"][0] + 18)[0]
    style = struct.unpack_from(">H", data, tables["head"][0] + 44)[0]
    if not 16 <= units <= 16384:
        raise FontError(path, f"unitsPerEm {units} is out of range")
    metric_count = struct.unpack_from(">H", data, tables["hhea"][0] + 34)[0]
    glyph_count = struct.unpack_from(">H", data, tables["maxp"][0] + 4)[0]
    if metric_count == 0:
        raise FontError(path, "the font has no horizontal metrics")
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
    raise FontError(path, "the font has no Unicode character map in format 4 or 12")


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

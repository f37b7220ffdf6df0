"""Parsed fonts kept on disk, so a cold process does not parse every TrueType file again.

reportlab parses a font's tables (names, metrics, the character map, glyph widths and
locations) in TTFontFile.extractInfo: about 4 ms a face, and a handout registers four to
eight faces. What it extracts is plain numbers and names, so it is saved in the build
output's `.studyguide-fonts/` folder, one file per font named by the SHA-256 of the font's
bytes, and a later process fills a TTFontFace from it without calling extractInfo. The font's
bytes are still read: the table directory is parsed from them, and subsetting at save copies
glyphs out of them.

An entry is a line of JSON (the names and single numbers, and the length of each array)
followed by the arrays as packed fixed-size numbers (array.array: unsigned 16- or 32-bit
integers, 64-bit floats), in ARRAYS order; nothing in it can run. (JSON for the arrays too
was slower to read and check than parsing the font.)

The folder is inside a project, and a project may come from a stranger, so an entry is
untrusted input: it is read with a size budget, its byte length must be exactly what its
header announces, every field is checked against its type and range, the arrays' lengths
against each other and the glyph offsets against the font's own tables; anything wrong makes
it a miss, and the font is parsed from its file (and the entry written again). A doctored
entry can at worst change the metrics of the PDFs made with it, as a doctored font could.

Entries for the fonts the built-in themes use ship inside the package, in SHIPPED_DIR (written
by `python -m studyguide.render.pdf.fontship`, checked against the fonts by a test), so a cold
process whose output folder was wiped parses none of them. They are looked up by the same
SHA-256 and read by the same checks; a font whose bytes differ (another version of the font
package) simply has no shipped entry and goes through the output folder's cache as before.
"""

from __future__ import annotations

import gc
import hashlib
import json
import math
import os
import sys
from array import array
from itertools import accumulate
from pathlib import Path
from typing import Any, TypeGuard

from studyguide.boundary import read_regular, write_cache_entry
from studyguide.theme.fonts import shipped_font_dir

FORMAT = "studyguide font cache 2"
MAX_ENTRY_BYTES = 8 * 1024 * 1024  # a CJK font's entry is about 1 MiB
MAX_HEADER_BYTES = 64 * 1024
# (array, type code): charToGlyph's keys and values, charWidths' keys and values (floats, or
# integers for a font of 1000 units per em), glyphToChar as its keys, each key's count of
# characters and the characters, hmetrics as advances and side bearings (extractInfo leaves
# the first `hm_ints` advances integers and repeats the last one scaled, a float, for the
# glyphs after them), glyphPos
ARRAYS = (("codes", "I"), ("gids", "H"), ("wcodes", "I"), ("widths", "d"),
          ("g2c_glyphs", "H"), ("g2c_counts", "H"), ("g2c_chars", "I"),
          ("hm_adv", "d"), ("hm_lsb", "H"), ("glyphPos", "I"))
ITEMSIZES = "".join(str(array(code).itemsize) for code in "HIid")  # "2448" nearly everywhere
MAX_GLYPHS = 65535  # glyph indices are 16-bit
MAX_CODE = 0x10FFFF
NAMES = ("name", "familyName", "styleName", "fullName", "uniqueFontID")
INTS = ("unitsPerEm", "stemV", "underlinePosition", "underlineThickness", "flags",
        "numGlyphs", "_pos")
NUMBERS = ("ascent", "descent", "capHeight", "italicAngle", "defaultWidth")
EXTRACTED = NAMES + INTS + NUMBERS + (
    "fontRevision", "bbox", "_full_font", "_pdfScale", "charToGlyph", "glyphToChar",
    "charWidths", "hmetrics", "glyphPos")  # what extractInfo sets (a test checks)
SHIPPED_DIR = os.path.join(shipped_font_dir(), "parsed")  # entries that ship with studyguide


def load_font(name: str, path: str, cache_dir: str, ascii_readable: bool = False) -> Any:
    """A reportlab TTFont of the file `path` registered as `name`: its face filled from the
    entries shipped with studyguide or the cache in `cache_dir` when a valid entry is there,
    else parsed (and the entry written to `cache_dir`; "" keeps no cache). `ascii_readable` is
    TTFont's asciiReadable (see fonts.py)."""
    # A face is tens of thousands of small lists and tuples (glyph metrics, the glyph-to-
    # character map), none in a reference cycle; building eight of them set off about fifty
    # collections that walked them again and again: 26 of a cold handout's 52 ms of garbage
    # collection. The collector stays off while one is built.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_font(name, path, cache_dir, int(ascii_readable))
    finally:
        if enabled:
            gc.enable()


def _load_font(name: str, path: str, cache_dir: str, readable: int) -> Any:
    from reportlab.pdfbase.ttfonts import TTFont

    with open(path, "rb") as handle:
        data = handle.read()
    digest = hashlib.sha256(data).hexdigest()
    face = _cached_face(path, data, Path(SHIPPED_DIR, digest + ".font"), digest)
    if face is not None:
        return _font(name, face, readable)
    if not cache_dir:
        return TTFont(name, path, asciiReadable=readable)
    entry = Path(cache_dir, digest + ".font")
    usable = _usable(cache_dir)
    face = _cached_face(path, data, entry, digest) if usable else None
    if face is not None:
        return _font(name, face, readable)
    font = TTFont(name, path, asciiReadable=readable)
    if usable and font.face._ttf_data == data:
        _save(entry, font.face, digest)
    return font


def _usable(cache_dir: str) -> bool:
    """The cache folder is missing or a real folder: never a symlink, which might lead out
    of the project (the build has checked the output folder it lies in)."""
    return not os.path.islink(cache_dir) and (not os.path.lexists(cache_dir)
                                               or os.path.isdir(cache_dir))


def _font(name: str, face: Any, ascii_readable: int) -> Any:
    """TTFont.__init__ with `face` instead of parsing the file into one (reportlab 4 and 5)."""
    from fnmatch import fnmatch
    from weakref import WeakKeyDictionary

    from reportlab import rl_config
    from reportlab.pdfbase.ttfonts import TTEncoding, TTFont

    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = ascii_readable
    font.shapable = not any(fnmatch(name, glob) for glob in rl_config.unShapedFontGlob)
    return font


# ------------------------------------------------------------------------------ reading


def _cached_face(path: str, data: bytes, entry: Path, digest: str) -> Any | None:
    """A TTFontFace of `data` filled from the cache entry, or None when it is not usable."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFontFace, TTFontParser

    raw = read_regular(entry, MAX_ENTRY_BYTES)
    header = _header(raw, digest) if raw is not None else None
    if header is None or raw is None:
        return None
    face = TTFontFace.__new__(TTFontFace)
    pdfmetrics.TypeFace.__init__(face, None)
    face._ttf_data, face.filename = data, path
    try:  # the header and table directory, as TTFontFace.__init__ reads them
        TTFontParser.__init__(face, path, validate=0, subfontIndex=0)
    except Exception:  # noqa: BLE001 - reportlab raises several kinds for a bad font
        return None
    if face.fileKind != "TTF" or "glyf" not in face.table:
        return None
    values = _checked(header, raw[raw.index(b"\n") + 1:], face.table["glyf"]["length"])
    if values is None:
        return None
    face.__dict__.update(values)
    return face


def _header(raw: bytes, digest: str) -> dict | None:
    """The entry's JSON line, when it is this format, this reportlab and this font's."""
    from reportlab import Version

    end = raw.find(b"\n", 0, MAX_HEADER_BYTES)
    if end < 0:
        return None
    try:
        header = json.loads(raw[:end], parse_constant=_no_constant)
    except (ValueError, RecursionError):
        return None
    if not (isinstance(header, dict) and header.get("format") == FORMAT
            and header.get("reportlab") == Version and header.get("sha256") == digest
            and header.get("byteorder") == sys.byteorder
            and header.get("itemsizes") == ITEMSIZES):
        return None
    return header


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number here")


def _checked(header: dict, packed: bytes, glyf_length: int) -> dict[str, Any] | None:
    """The face's extracted attributes from an entry, or None if anything is off."""
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    if not all(isinstance(header.get(key), str) for key in NAMES):
        return None
    out: dict[str, Any] = {key: TTFNameBytes(header[key].encode("utf-8", "surrogatepass"))
                           for key in NAMES}
    if not (all(_is_int(header.get(key)) for key in INTS)
            and all(_is_number(header.get(key)) for key in NUMBERS)):
        return None
    out.update({key: header[key] for key in INTS + NUMBERS})
    glyphs, per_em = out["numGlyphs"], out["unitsPerEm"]
    revision, bbox, full = header.get("fontRevision"), header.get("bbox"), header.get("_full_font")
    if not (0 < glyphs <= MAX_GLYPHS and 16 <= per_em <= 16384 and _ints(revision, 2)
            and _numbers(bbox, 4) and isinstance(full, bool)):
        return None
    out["fontRevision"], out["bbox"], out["_full_font"] = tuple(revision), bbox, full
    out["_pdfScale"] = _scale(per_em)
    arrays = _arrays(header.get("lengths"), packed, per_em)
    if arrays is None:
        return None
    tables = _tables(arrays, glyphs, glyf_length, header.get("hm_ints"))
    if tables is None:
        return None
    out.update(tables)
    return out


def _arrays(lengths: Any, packed: bytes, per_em: int) -> dict[str, list] | None:
    """The packed arrays, when `packed` holds exactly the lengths the header gives."""
    if not (isinstance(lengths, dict) and all(_is_int(lengths.get(name)) and lengths[name] >= 0
                                              for name, _ in ARRAYS)):
        return None
    out: dict[str, list] = {}
    at = 0
    for name, code in ARRAYS:
        if name == "widths" and per_em == 1000:
            code = "i"  # extractInfo's scale is the identity: the widths stay integers
        values = array(code)
        end = at + lengths[name] * values.itemsize
        if end > len(packed):
            return None
        values.frombytes(packed[at:end])
        out[name] = values.tolist()
        at = end
    return out if at == len(packed) else None


def _tables(arrays: dict[str, list], glyphs: int, glyf_length: int,
            hm_ints: Any) -> dict[str, Any] | None:
    """The character map, widths, metrics and glyph locations, checked against each other
    (with C-speed builtins: a font has thousands of each)."""
    codes, gids, wcodes, widths = (arrays[k] for k in ("codes", "gids", "wcodes", "widths"))
    keys, counts, chars = (arrays[k] for k in ("g2c_glyphs", "g2c_counts", "g2c_chars"))
    advances, bearings, places = arrays["hm_adv"], arrays["hm_lsb"], arrays["glyphPos"]
    if not (len(codes) == len(gids) and len(wcodes) == len(widths) and len(keys) == len(counts)
            and sum(counts) == len(chars) and len(advances) == len(bearings) == glyphs
            and len(places) == glyphs + 1 and _is_int(hm_ints) and 0 <= hm_ints <= glyphs):
        return None
    if max(max(codes, default=0), max(wcodes, default=0), max(chars, default=0)) > MAX_CODE \
            or max(max(gids, default=0), max(keys, default=0)) >= glyphs \
            or min(counts, default=1) < 1 or max(places) > glyf_length \
            or not (all(map(math.isfinite, widths)) and all(map(math.isfinite, advances))) \
            or not 0 <= min(advances) <= max(advances) <= 0xFFFF:
        return None
    char_to_glyph, char_widths = dict(zip(codes, gids)), dict(zip(wcodes, widths))
    ends = accumulate(counts)
    glyph_to_char = {key: chars[end - count:end] for key, count, end in zip(keys, counts, ends)}
    if len(char_to_glyph) != len(codes) or len(char_widths) != len(wcodes) \
            or len(glyph_to_char) != len(keys):
        return None  # a key twice
    advances[:hm_ints] = map(int, advances[:hm_ints])
    return {"charToGlyph": char_to_glyph, "charWidths": char_widths,
            "glyphToChar": glyph_to_char, "glyphPos": places,
            "hmetrics": list(zip(advances, bearings))}


def _scale(units_per_em: int) -> Any:
    """extractInfo's font units -> 1/1000 em conversion, the same arithmetic."""
    if units_per_em == 1000:
        return lambda x: x
    mult = 1000 / units_per_em
    return lambda x: x * mult


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2 ** 32


def _is_number(value: Any) -> bool:
    return _is_int(value) or (isinstance(value, float) and math.isfinite(value))


def _ints(value: Any, count: int) -> TypeGuard[list[int]]:
    return isinstance(value, list) and len(value) == count and all(map(_is_int, value))


def _numbers(value: Any, count: int) -> bool:
    return isinstance(value, list) and len(value) == count and all(map(_is_number, value))


# ------------------------------------------------------------------------------ writing


def _save(entry: Path, face: Any, digest: str) -> None:
    """Write the cache entry of a parsed face (atomically; a failure only costs a parse)."""
    data = entry_bytes(face, digest)
    if data is None:
        return
    write_cache_entry(entry, data, _usable)


def entry_bytes(face: Any, digest: str) -> bytes | None:
    """The cache entry of a parsed face whose font file has SHA-256 `digest`, or None when
    the cache does not hold this face."""
    packed = _packed(face, digest)
    if packed is None:
        return None
    header, arrays = packed
    data = json.dumps(header, separators=(",", ":"), allow_nan=False).encode("utf-8")
    data += b"\n" + b"".join(arrays)
    if len(data) > MAX_ENTRY_BYTES or data.index(b"\n") >= MAX_HEADER_BYTES:
        return None
    return data


def _packed(face: Any, digest: str) -> tuple[dict, list[bytes]] | None:
    """The entry's header and packed arrays for `face`, or None when this face is one the
    cache does not hold (a collection, a name reportlab made up, an unusual table)."""
    from reportlab import Version
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    if face.fileKind != "TTF" or not all(
            isinstance(getattr(face, key, None), TTFNameBytes) for key in NAMES):
        return None
    width_type = int if face.unitsPerEm == 1000 else float
    if not all(type(w) is width_type for w in face.charWidths.values()):
        return None
    arrays = {
        "codes": list(face.charToGlyph), "gids": list(face.charToGlyph.values()),
        "wcodes": list(face.charWidths), "widths": list(face.charWidths.values()),
        "g2c_glyphs": list(face.glyphToChar),
        "g2c_counts": [len(chars) for chars in face.glyphToChar.values()],
        "g2c_chars": [c for chars in face.glyphToChar.values() for c in chars],
        "hm_adv": [float(a) for a, _ in face.hmetrics], "hm_lsb": [b for _, b in face.hmetrics],
        "glyphPos": face.glyphPos}
    hm_ints = next((n for n, (a, _) in enumerate(face.hmetrics) if type(a) is not int),
                   len(face.hmetrics))
    header: dict[str, Any] = {"format": FORMAT, "reportlab": Version, "sha256": digest,
                              "byteorder": sys.byteorder, "itemsizes": ITEMSIZES}
    header.update({key: getattr(face, key).ustr for key in NAMES})
    header.update({key: getattr(face, key) for key in INTS + NUMBERS})
    header.update({"fontRevision": list(face.fontRevision), "bbox": list(face.bbox),
                   "_full_font": face._full_font, "hm_ints": hm_ints,
                   "lengths": {name: len(arrays[name]) for name, _ in ARRAYS}})
    try:
        blobs = [array("i" if name == "widths" and width_type is int else code,
                       arrays[name]).tobytes() for name, code in ARRAYS]
    except (OverflowError, TypeError):
        return None
    # what a reader would make of it must be the face itself, types and order included
    read = _checked(header, b"".join(blobs), face.table["glyf"]["length"])
    if read is None or any(not _same(read[key], getattr(face, key))
                           for key in EXTRACTED if key != "_pdfScale"):
        return None
    return header, blobs


def _same(a: Any, b: Any) -> bool:
    """Equal values of the same types, through lists, tuples and dicts (in their order)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(map(_same, a.values(), b.values()))
    return bool(a == b)

"""Which font draws what: the choices both renderers make about families and missing glyphs.

* A theme family that cannot be found is replaced by the first of SUBSTITUTES found.
* A character the chosen face lacks is drawn with the same style of the fallback family, the
  first of FALLBACK_FAMILIES found: DejaVu Sans covers the most scripts (Hebrew, Arabic,
  Armenian, Georgian, symbols) and comes with most systems and with LibreOffice; Noto Sans ships
  with the rendercv-fonts dependency, so some fallback always exists.
* A character neither has is shown as '?', so every output shows the same thing.

Each missing character is reported once per family, with the same words from both renderers.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from studyguide.records import record
from studyguide.render.common.glyphs import describe, font_charset, is_monospaced, missing_chars
from studyguide.theme.fonts import FontFaces, find_family
from studyguide.theme.truetype import read_font

Warn = Callable[[int | None, str], None]

SUBSTITUTES = ("Noto Sans", "DejaVu Sans")
FALLBACK_FAMILIES = ("DejaVu Sans", "Noto Sans")
MONO_FAMILY = "DejaVu Sans Mono"
NO_GLYPH = "?"


def find_faces(wanted: str, font_dirs: tuple[str, ...] = ()) -> tuple[FontFaces | None, str]:
    """The faces of `wanted`, else of the first substitute found, and the family name used."""
    faces = find_family(wanted, font_dirs)
    if faces is not None:
        return faces, wanted
    for substitute in SUBSTITUTES:
        faces = find_family(substitute, font_dirs)
        if faces is not None:
            return faces, substitute
    return None, wanted


def code_faces(mono: str, font_dirs: tuple[str, ...] = ()) -> tuple[FontFaces, str] | None:
    """The faces code is set in, and their family name: the theme's code font when it is
    monospaced (aligned code needs fixed widths), else MONO_FAMILY; None when neither is found
    (the renderer then uses its body font)."""
    own = find_family(mono, font_dirs)
    if own is not None and is_monospaced(own.regular):
        return own, mono
    fixed = find_family(MONO_FAMILY, font_dirs)
    if fixed is not None:
        return fixed, MONO_FAMILY
    return (own, mono) if own is not None else None


@functools.lru_cache(maxsize=None)
def fallback_faces() -> FontFaces | None:
    """The faces that draw characters a theme font lacks (None only without any fallback).

    Looked up in the shipped and system fonts only, never a theme's folder: the fallback is
    the same for every theme, in the handout and in the deck.
    """
    for family in FALLBACK_FAMILIES:
        faces = find_family(family)
        if faces is not None:
            return faces
    return None


def fallback_face(bold: bool = False, italic: bool = False) -> str | None:
    """The fallback family's file for one style."""
    faces = fallback_faces()
    return faces.face(bold, italic) if faces else None


def fallback_for(face: str) -> str | None:
    """The fallback file in the style of the font file `face` (from its macStyle)."""
    metrics = read_font(face)
    return fallback_face(metrics.bold, metrics.italic)


@record
class Segment:
    """A stretch of text drawn in one font: the run's own face, or the fallback's."""

    text: str
    fallback: bool = False


def glyph_segments(text: str, face: str, fallback: str | None) -> list[Segment]:
    """`text` split by which file draws it: `face`, else `fallback`, else '?' in `face`."""
    missing = set(missing_chars(text, face))
    if not missing:
        return [Segment(text)] if text else []
    spare = font_charset(fallback) if fallback else frozenset()
    out: list[Segment] = []
    for char in text:
        use = char in missing and ord(char) in spare
        shown = NO_GLYPH if char in missing and not use else char
        if out and out[-1].fallback == use:
            out[-1] = Segment(out[-1].text + shown, use)
        else:
            out.append(Segment(shown, use))
    return out


def shown_text(text: str, face: str, fallback: str | None) -> str:
    """`text` as drawn: each character no font has replaced by '?'."""
    return "".join(segment.text for segment in glyph_segments(text, face, fallback))


def missing_glyph_message(char: str, fallback: str | None) -> str:
    """The one wording both renderers use for a character a font of the theme lacks.

    It names no font: the handout and the deck set some texts (a subtitle, a label) in
    different faces of the theme, and the teacher needs the character and its place, once."""
    instead = f"drawn with '{fallback}'" if fallback else f"shown as '{NO_GLYPH}'"
    return f"character {describe(char)} is missing from the theme's fonts; {instead}"


@dataclass
class GlyphReport:
    """The missing-glyph warnings of one output: each character once, at its first use in
    reading order, passed to `warn(line, message)`."""

    warn: Warn
    _seen: set[str] = field(default_factory=set)

    def check(self, text: str, line: int | None, face: str, family: str,
              bold: bool = False, italic: bool = False) -> None:
        """Warn about each character of `text` the file `face` (of `family`) lacks."""
        for char in missing_chars(text, face):
            if char in self._seen:
                continue
            self._seen.add(char)
            spare = fallback_face(bold, italic)
            usable = spare is not None and ord(char) in font_charset(spare)
            faces = fallback_faces()
            drawn_with = faces.family if usable and faces else None
            self.warn(line, missing_glyph_message(char, drawn_with))

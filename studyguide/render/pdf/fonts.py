"""TrueType families for the PDF: found via studyguide.theme.fonts, registered with reportlab once.

reportlab keeps registered fonts in a process-wide registry, so registration is cached here by
file path: building many handouts in one worker parses each font file once. Every face is a
TTFont, which reportlab embeds as a subset; the four faces of a family are registered as a
family so `<b>` and `<i>` in paragraph markup pick the right file.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from studyguide.records import record
from studyguide.render.common.fonts import code_faces, fallback_faces, find_faces
from studyguide.theme.fonts import FontFaces
from studyguide.theme.model import Theme

_registered: dict[str, str] = {}  # font file path -> reportlab font name
_cache_dir = [""]  # where parsed fonts are kept (fontcache.py); "" parses every file
# reportlab's ttfAsciiReadable puts the 95 ASCII characters at their own codes in every
# font's first subset, so the raw content streams read as text; without it each subset holds
# only the characters used, and the PDFs are about a seventh smaller. Readers and text
# extraction go by the ToUnicode maps either way.
ASCII_READABLE = False
_families: dict[tuple[str, str, str, str], str] = {}  # four face names -> family name


@record
class Family:
    """A registered family: `name` works in `<font name=...>` and as a style's fontName."""

    name: str
    label: str  # the family as a teacher wrote it, for messages
    faces: FontFaces
    face_names: tuple[str, str, str, str]  # regular, bold, italic, bolditalic

    def face(self, bold: bool = False, italic: bool = False) -> str:
        """The reportlab font name of one face."""
        return self.face_names[(2 if italic else 0) + (1 if bold else 0)]

    def path(self, bold: bool = False, italic: bool = False) -> str:
        """The font file of one face."""
        return self.faces.face(bold, italic)


class FontSet:
    """The families a handout uses, plus what was substituted (for warnings).

    Body and heading are registered at once. The code font and the fallback for missing
    characters are registered the first time they are asked for: most handouts need neither,
    and parsing their eight font files was a fifth of a cold worker's start.
    """

    def __init__(self, body: Family, heading: Family, theme: Theme,
                 substituted: tuple[tuple[str, str], ...] = ()) -> None:
        self.body, self.heading, self.substituted = body, heading, substituted
        self._theme = theme

    @functools.cached_property
    def mono(self) -> Family:
        return _mono_family(self._theme, self.body)

    @functools.cached_property
    def fallback(self) -> Family | None:
        faces = fallback_faces()  # the one choice both renderers make (render/common/fonts.py)
        return register_family(faces, faces.family) if faces else None

    def mono_loaded(self) -> bool:
        """True once the code font has been registered (asking for it registers it)."""
        return "mono" in self.__dict__


def _font_name(path: str) -> str:
    """The name a font file is registered under: from the file, not from the order fonts were
    first used, so every process writes the same names into a PDF whatever it rendered before."""
    stem = "".join(ch for ch in Path(path).stem if ch.isalnum() or ch == "-")
    name = f"SG-{stem}"
    if name in _registered.values():
        name += "-" + hashlib.sha1(path.encode("utf-8")).hexdigest()[:8]
    return name


def _register_face(path: str) -> str:
    from reportlab.pdfbase import pdfmetrics

    from studyguide.render.pdf.fontcache import load_font

    name = _registered.get(path)
    if name is None:
        # reportlab's parse of the file, for embedding (from the font cache when it has it);
        # character checks use theme/truetype.py.
        name = _font_name(path)
        pdfmetrics.registerFont(load_font(name, path, _cache_dir[0], ASCII_READABLE))
        _registered[path] = name
    return name


def register_family(faces: FontFaces, label: str) -> Family:
    """Register the four faces of `faces` (once per process) and return the family."""
    from reportlab.lib.fonts import addMapping

    names = tuple(_register_face(faces.face(bold, italic))
                  for italic in (False, True) for bold in (False, True))
    face_names = (names[0], names[1], names[2], names[3])
    family = _families.get(face_names)
    if family is None:
        family = face_names[0]
        # addMapping is what registerFontFamily does; it maps every face name too, so a
        # <b> inside text already set in the italic face still finds the bold italic file.
        # Regular last: when a family lacks a face, the shared file must map back to regular.
        for bold, italic, face in ((1, 1, 3), (0, 1, 2), (1, 0, 1), (0, 0, 0)):
            addMapping(family, bold, italic, face_names[face])
        _families[face_names] = family
    return Family(family, label, faces, face_names)


def font_set(theme: Theme, cache_dir: str = "") -> FontSet:
    """Find and register the theme's body and heading fonts; code and fallback on demand.

    Fonts not yet registered in this process are read from the parsed-font cache in
    `cache_dir` when it has them (render/pdf/fontcache.py)."""
    _cache_dir[0] = cache_dir
    dirs = theme.font_dirs
    substituted: list[tuple[str, str]] = []
    families: dict[str, Family] = {}
    for role, wanted in (("body", theme.fonts.body), ("heading", theme.fonts.heading)):
        faces, used = find_faces(wanted, dirs)
        if faces is None:
            raise RuntimeError(f"no TrueType font found for '{wanted}' nor any substitute")
        if used != wanted:
            substituted.append((wanted, used))
        families[role] = register_family(faces, used)
    return FontSet(families["body"], families["heading"], theme, tuple(substituted))


def _mono_family(theme: Theme, body: Family) -> Family:
    """The code font both outputs use (render/common/fonts.py), else the body."""
    found = code_faces(theme.fonts.mono, theme.font_dirs)
    return register_family(*found) if found is not None else body

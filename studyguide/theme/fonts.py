"""Finding TrueType font files for a family name.

Families are looked up, in order, in the theme's `fonts/` folders, in the OFL fonts that ship
with the `rendercv-fonts` package, in studyguide's own `fonts/` folder (the metric-compatible
twins of the deck fonts: Carlito, Caladea, Liberation Sans and Mono) and in the system's font
folders. Files are matched by the
common `<Family>-<Style>.ttf` naming (`GentiumBookPlus-BoldItalic.ttf`), comparing the family
without spaces and case. Only `.ttf` files are used: reportlab embeds TrueType outlines only.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from studyguide.records import record

STYLES = ("regular", "bold", "italic", "bolditalic")

_STYLE_ALIASES = {
    "regular": "regular",
    "book": "regular",
    "roman": "regular",
    "": "regular",
    "bold": "bold",
    "italic": "italic",
    "oblique": "italic",
    "bolditalic": "bolditalic",
    "boldoblique": "bolditalic",
}

SYSTEM_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "/Library/Fonts",
                    "C:/Windows/Fonts")


@record
class FontFaces:
    """The four faces of one family; missing faces fall back to the regular file."""

    family: str
    regular: str
    bold: str
    italic: str
    bolditalic: str

    def face(self, bold: bool, italic: bool) -> str:
        if bold and italic:
            return self.bolditalic
        if bold:
            return self.bold
        return self.italic if italic else self.regular


def _key(family: str) -> str:
    return "".join(family.split()).lower()


def package_font_dir() -> str | None:
    """The folder of OFL fonts shipped by the rendercv-fonts dependency, if installed."""
    import importlib.util

    spec = importlib.util.find_spec("rendercv_fonts")
    if spec is None or not spec.submodule_search_locations:
        return None
    return list(spec.submodule_search_locations)[0]


@functools.lru_cache(maxsize=None)
def _index(folder: str) -> dict[str, dict[str, str]]:
    """family key -> style -> path for every `.ttf` below `folder` (sorted, so deterministic)."""
    found: dict[str, dict[str, str]] = {}
    root = Path(folder)
    if not root.is_dir():
        return found
    for path in sorted(root.rglob("*.ttf"), key=lambda p: str(p)):
        stem = path.stem
        family, _, style = stem.partition("-")
        style_key = _STYLE_ALIASES.get(style.lower().replace("_", "").replace(" ", ""))
        if style_key is None:
            continue
        found.setdefault(_key(family), {}).setdefault(style_key, str(path.resolve()))
    return found


def shipped_font_dir() -> str:
    """studyguide's own fonts: the open twins the deck measures its fonts with."""
    return str(Path(__file__).resolve().parent.parent / "fonts")


def search_dirs(theme_font_dirs: tuple[str, ...] = ()) -> list[str]:
    """Every folder searched for fonts, most specific first."""
    dirs = [d for d in theme_font_dirs if d]
    pkg = package_font_dir()
    if pkg:
        dirs.append(pkg)
    dirs.append(shipped_font_dir())
    dirs.extend(d for d in SYSTEM_FONT_DIRS if os.path.isdir(d))
    return dirs


def find_family(family: str, theme_font_dirs: tuple[str, ...] = ()) -> FontFaces | None:
    """The faces of `family`, or None when no searched folder has a regular face for it."""
    key = _key(family)
    for folder in search_dirs(theme_font_dirs):
        styles = _index(folder).get(key)
        if styles and "regular" in styles:
            regular = styles["regular"]
            bold = styles.get("bold", regular)
            italic = styles.get("italic", regular)
            return FontFaces(family, regular, bold, italic, styles.get("bolditalic", bold))
    return None


def available_families(theme_font_dirs: tuple[str, ...] = ()) -> list[str]:
    """Family keys that can be found (for "did you mean" hints)."""
    names: set[str] = set()
    for folder in search_dirs(theme_font_dirs):
        names.update(k for k, v in _index(folder).items() if "regular" in v)
    return sorted(names)

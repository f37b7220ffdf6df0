"""The parsed fonts that ship with studyguide: which fonts, and writing their entries.

A cold process that registers a theme's fonts parses each file with reportlab (fontcache.py),
or reads the parse back from the output folder's cache, which a wiped or fresh build/ does
not have. For the fonts the built-in themes use (body, heading and code, and the fallback for
missing characters) that come from Python packages (the rendercv-fonts dependency,
studyguide's own fonts/) the entries ship in the package instead: the package is trusted, as
those fonts are, and an entry is only ever used for a font file with the SHA-256 it names.
System fonts (DejaVu on Debian) are left out: their bytes differ from one system to another.

    python -m studyguide.render.pdf.fontship   # rewrite fontcache.SHIPPED_DIR

writes them from the fonts found in this environment; tests/render/test_pdf_fontship.py
checks that the shipped entries are exactly what this environment's reportlab makes of them.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from studyguide.render.common.fonts import code_faces, fallback_faces, find_faces
from studyguide.render.pdf import fontcache
from studyguide.theme.fonts import STYLES, FontFaces, package_font_dir, shipped_font_dir
from studyguide.theme.loader import load_theme
from studyguide.theme.places import theme_names


def builtin_font_files() -> list[str]:
    """Every font file from a Python package that a built-in theme's PDF can register, in a
    stable order."""
    faces: list[FontFaces] = []
    for name in theme_names(None):  # no project: the built-in themes only
        theme, _ = load_theme(name, None)
        if theme is None:
            continue
        for wanted in (theme.fonts.body, theme.fonts.heading):
            found, _used = find_faces(wanted, theme.font_dirs)
            faces += [found] if found is not None else []
        code = code_faces(theme.fonts.mono, theme.font_dirs)
        faces += [code[0]] if code is not None else []
    fallback = fallback_faces()
    faces += [fallback] if fallback is not None else []
    packaged = tuple(os.path.join(os.path.realpath(folder), "")
                     for folder in (package_font_dir(), shipped_font_dir()) if folder)
    files = (getattr(face, style) for face in faces for style in STYLES)
    return sorted(path for path in dict.fromkeys(files)
                  if os.path.realpath(path).startswith(packaged))


def shipped_entries() -> dict[str, bytes]:
    """The entries this environment's reportlab makes of the built-in themes' fonts, by file
    name in SHIPPED_DIR."""
    from reportlab.pdfbase.ttfonts import TTFont

    entries: dict[str, bytes] = {}
    for path in builtin_font_files():
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        data = fontcache.entry_bytes(TTFont("SG-ship", path).face, digest)
        if data is not None:
            entries[digest + ".font"] = data
    return entries


def write_shipped(folder: str) -> list[str]:
    """Make `folder` hold exactly the shipped entries; the names written."""
    entries = shipped_entries()
    os.makedirs(folder, exist_ok=True)
    for old in Path(folder).glob("*.font"):
        if old.name not in entries:
            old.unlink()
    for name, data in entries.items():
        Path(folder, name).write_bytes(data)
    return sorted(entries)


if __name__ == "__main__":
    for written in write_shipped(fontcache.SHIPPED_DIR):
        print(os.path.join(fontcache.SHIPPED_DIR, written))

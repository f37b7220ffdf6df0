"""Theme files git cannot hold well, for the corpus cases of issue 17 (fonts, template.pptx).

Each generator writes into `themes/mine/` of a case's project; corpus_inputs.GENERATORS takes
them all. Fonts are made from the OFL fonts shipped by the rendercv-fonts dependency.
"""

from __future__ import annotations

import os
import random
import re
import struct
from pathlib import Path
from typing import Callable

from studyguide.theme.fonts import find_family, package_font_dir


def _font(project: Path, data: bytes) -> None:
    folder = project / "themes" / "mine" / "fonts"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "Mine-Regular.ttf").write_bytes(data)


def _gentium() -> bytearray:
    faces = find_family("Gentium Book Plus")
    assert faces is not None, "rendercv-fonts is a dependency"
    return bytearray(Path(faces.regular).read_bytes())


def _table(data: bytes, tag: bytes) -> int:
    """The offset of table `tag` in a TrueType file."""
    count = struct.unpack_from(">H", data, 4)[0]
    for index in range(count):
        found, _checksum, offset, _length = struct.unpack_from(">4sIII", data, 12 + 16 * index)
        if found == tag:
            return offset
    raise AssertionError(f"no {tag!r} table")


def font_garbage(project: Path) -> None:
    _font(project, random.Random(17).randbytes(5000))


def font_empty(project: Path) -> None:
    _font(project, b"")


def font_otf_renamed(project: Path) -> None:
    otf = next(Path(package_font_dir() or "").rglob("*.otf"))
    _font(project, otf.read_bytes())


def font_truncated(project: Path) -> None:
    data = _gentium()
    _font(project, bytes(data[: len(data) // 2]))  # a download cut off halfway


def font_no_glyph_locations(project: Path) -> None:
    data = _gentium()
    at = data.index(b"loca", 12)  # its entry in the table directory
    data[at:at + 4] = b"LOCA"  # reportlab finds no glyph locations; read_font needs none
    _font(project, bytes(data))


def font_is_a_pipe(project: Path) -> None:
    (project / "themes" / "mine" / "fonts").mkdir(parents=True, exist_ok=True)
    os.mkfifo(project / "themes" / "mine" / "fonts" / "Mine-Regular.ttf")


def _pptx(project: Path, change: Callable[[str, bytes], bytes | None]) -> None:
    """python-pptx's own default template, each part passed through `change` (None drops it)."""
    import io
    import zipfile

    from pptx import Presentation

    buffer = io.BytesIO()
    Presentation().save(buffer)
    (project / "themes" / "mine").mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(
            project / "themes" / "mine" / "template.pptx", "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = change(info.filename, source.read(info))
            if data is not None:
                out.writestr(info.filename, data)


def pptx_doctype_entity(project: Path) -> None:
    doctype = (b'<!DOCTYPE p:presentation [<!ENTITY secret SYSTEM "file:///etc/passwd">]>')

    def change(name: str, data: bytes) -> bytes:
        if name != "ppt/presentation.xml":
            return data
        head, _, rest = data.partition(b"?>")
        return head + b"?>" + doctype + rest.replace(b"<p:sldSz", b"<!-- &secret; --><p:sldSz")

    _pptx(project, change)


def pptx_no_layouts(project: Path) -> None:
    def change(name: str, data: bytes) -> bytes | None:
        if name.startswith("ppt/slideLayouts/"):
            return None
        if name == "ppt/slideMasters/_rels/slideMaster1.xml.rels":
            return re.sub(rb'<Relationship [^>]*slideLayout"[^>]*/>', b"", data)
        if name == "ppt/slideMasters/slideMaster1.xml":
            return re.sub(rb"<p:sldLayoutIdLst>.*</p:sldLayoutIdLst>", b"", data, flags=re.S)
        return data

    _pptx(project, change)


THEME_GENERATORS: dict[str, Callable[[Path], None]] = {
    "theme-font-garbage": font_garbage,
    "theme-font-empty": font_empty,
    "theme-font-otf-renamed": font_otf_renamed,
    "theme-font-truncated": font_truncated,
    "theme-font-no-glyph-locations": font_no_glyph_locations,
    "theme-font-is-a-pipe": font_is_a_pipe,
    "theme-pptx-doctype-entity": pptx_doctype_entity,
    "theme-pptx-no-layouts": pptx_no_layouts,
}

"""What is inside a theme's slide template (.pptx): safe XML, and the slide layouts the deck uses.

files.check_pptx_template reads the zip directory first (sizes, zip bombs); then this module
reads the parts. Every XML part is parsed with expat and refused if it declares a DTD or an
entity (entities are how an XML file reads other files or expands to gigabytes), and the
package is followed the way python-pptx follows it: the presentation part named by
`_rels/.rels`, its slide masters, their slide layouts. The deck draws every slide on a layout
(found by name, else the simplest one), so a template without one cannot make a deck.
No lxml and no python-pptx here: `check` runs this and stays light.
"""

from __future__ import annotations

import posixpath
import zipfile
from xml.parsers import expat

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_PRESENTATION_TYPES = tuple(
    f"application/vnd.{kind}.main+xml" for kind in (
        "openxmlformats-officedocument.presentationml.presentation",
        "openxmlformats-officedocument.presentationml.template",
        "openxmlformats-officedocument.presentationml.slideshow",
        "ms-powerpoint.presentation.macroEnabled", "ms-powerpoint.template.macroEnabled",
        "ms-powerpoint.slideshow.macroEnabled"))


class _Refused(Exception):
    pass


def _parse(data: bytes, part: str) -> list[tuple[str, dict[str, str]]]:
    """(local tag name, attributes) of every element of XML part `part`; no DTD allowed."""
    elements: list[tuple[str, dict[str, str]]] = []
    parser = expat.ParserCreate(namespace_separator=" ")

    def refuse(*_args: object) -> None:
        raise _Refused(f"declares a DTD or an entity (in {part}); a template may not, "
                      "since entities can read other files or expand without end")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse  # type: ignore[assignment]
    parser.StartElementHandler = lambda name, attrs: elements.append(
        (name.rsplit(" ", 1)[-1], {k.rsplit(" ", 1)[-1]: v for k, v in attrs.items()}))
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise _Refused(f"has a damaged XML part {part} ({expat.errors.messages[exc.code]}, "
                       f"line {exc.lineno})") from None
    return elements


def slide_template_problems(archive: zipfile.ZipFile) -> list[str]:
    """What is wrong inside the template's parts (each reads after "the slide template"); []."""
    try:
        parts = {info.filename: _parse(archive.read(info), info.filename)
                 for info in archive.infolist()
                 if info.filename.endswith((".xml", ".rels"))}
        return _layout_problems(parts)
    except _Refused as exc:
        return [str(exc)]


def _targets(parts: dict, source: str, kind: str) -> list[str]:
    """The parts that `source` points to with relationships of type `kind`."""
    folder, name = posixpath.split(source)
    rels = parts.get(posixpath.join(folder, "_rels", name + ".rels"), [])
    found = []
    for tag, attrs in rels:
        if tag == "Relationship" and attrs.get("Type") == _REL + kind \
                and attrs.get("TargetMode") != "External":
            target = attrs.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else \
                posixpath.normpath(posixpath.join(folder, target))
            found.append(path)
    return found


def _layout_problems(parts: dict) -> list[str]:
    types = {attrs.get("PartName", "").lstrip("/"): attrs.get("ContentType", "")
             for tag, attrs in parts.get("[Content_Types].xml", []) if tag == "Override"}
    main = [p for p in _targets(parts, "", "officeDocument") if p in parts]
    if not main or types.get(main[0]) not in _PRESENTATION_TYPES:
        return ["is a zip file but not a PowerPoint presentation (it has no presentation part)"]
    masters = [p for p in _targets(parts, main[0], "slideMaster") if p in parts]
    layouts = [p for master in masters for p in _targets(parts, master, "slideLayout")
               if p in parts]
    if not masters or not layouts:
        return ["has no slide layouts; the deck draws every slide on one (save the template "
                "from PowerPoint with at least its \"Title Slide\" and \"Title Only\" layouts)"]
    return []

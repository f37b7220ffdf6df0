"""The course pack's part cache, `build/.studyguide-parts/<edition>-<key>.part`.

An entry is one JSON header line (format, key, page count, bookmarks, destinations, contents
entries, warnings, the PDF's length) followed by the part's PDF bytes. The folder lies in a
project that may be a stranger's, so an entry is untrusted input, checked before use: a
regular file (never a symlink, in a folder that is not one), under a size budget, the header's
shape and types, the key it records equal to the key asked for, the exact PDF length, a PDF
that pikepdf opens with as many pages as the header says (within a budget), a structure
tree and the same key in its own document information. Anything wrong is a miss: the part is
typeset again and the entry rewritten atomically. Never pickle: nothing read here can run
code.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

from studyguide.boundary import read_regular, write_cache_entry
from studyguide.diagnostics import Diagnostic, Severity
from studyguide.render.pdf.pack_parts import FORMAT, Part

SUFFIX = ".part"
MAX_ENTRY_BYTES = 48 * 1024 * 1024  # a 100-page chapter with images is far below this
MAX_HEADER_BYTES = 1024 * 1024
MAX_PAGES = 2000


def entry_name(edition: str, key: str) -> str:
    return f"{edition}-{key}{SUFFIX}"


def usable(folder: str) -> bool:
    """The folder is missing or a real folder: never a symlink (it might lead out of the
    project; the build has checked the output folder it lies in)."""
    return bool(folder) and not os.path.islink(folder) and (
        not os.path.lexists(folder) or os.path.isdir(folder))


def load(folder: str, edition: str, key: str, tagged: bool = True) -> Part | None:
    """The cached part with this key, or None when there is no usable entry. `tagged`:
    its PDF must have a structure tree (all but the furniture, which is only drawn)."""
    if not usable(folder):
        return None
    raw = read_regular(Path(folder, entry_name(edition, key)), MAX_ENTRY_BYTES)
    if raw is None:
        return None
    try:
        return _checked(raw, key, tagged)
    except Exception:  # noqa: BLE001 - whatever a doctored entry makes a parser raise: a miss
        return None


def _checked(raw: bytes, key: str, tagged: bool = True) -> Part | None:
    end = raw.find(b"\n", 0, MAX_HEADER_BYTES)
    if end < 0:
        return None
    header = json.loads(raw[:end])
    pdf = raw[end + 1:]
    if (not isinstance(header, dict) or header.get("format") != FORMAT
            or header.get("key") != key or header.get("pdf") != len(pdf)
            or not pdf.startswith(b"%PDF-")):
        return None
    pages = header.get("pages")
    if not isinstance(pages, int) or not 0 < pages <= MAX_PAGES:
        return None
    part = Part(pdf, pages, _bookmarks(header["bookmarks"]), _dests(header["dests"], pages),
                _pairs(header["toc"]), _diagnostics(header["diagnostics"]))
    if not _pdf_agrees(pdf, pages, key, tagged):
        return None
    return part


def _pdf_agrees(pdf: bytes, pages: int, key: str, tagged: bool = True) -> bool:
    """The PDF opens, has the header's page count and (when `tagged`) a structure tree, and
    its own information names the same key (pack_parts.typeset_part writes it there)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as opened:
        return (len(opened.pages) == pages
                and (not tagged or "/StructTreeRoot" in opened.Root)
                and str(opened.docinfo.get("/Keywords", "")) == key)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("not text")
    return value


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError("not a whole number")
    return value


def _bookmarks(value: Any) -> tuple[tuple[int, str, str], ...]:
    found = tuple((_int(v[0]), _text(v[1]), _text(v[2])) for v in value if len(v) == 3)
    if len(found) != len(value) or any(not 0 <= level <= 16 for level, _, _ in found):
        raise ValueError("bad bookmarks")
    return found


def _dests(value: Any, pages: int) -> dict[str, tuple[int, float | None, float | None]]:
    if not isinstance(value, dict):
        raise ValueError("bad destinations")
    found = {}
    for name, (page, left, top) in value.items():
        if not 0 <= _int(page) < pages:
            raise ValueError("destination off the part")
        found[_text(name)] = (page, _coordinate(left), _coordinate(top))
    return found


def _coordinate(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or abs(value) > 1e5:
        raise ValueError("bad coordinate")
    return float(value)


def _pairs(value: Any) -> tuple[tuple[str, str], ...]:
    found = tuple((_text(v[0]), _text(v[1])) for v in value if len(v) == 2)
    if len(found) != len(value):
        raise ValueError("bad contents entries")
    return found


def _diagnostics(value: Any) -> tuple[Diagnostic, ...]:
    found = []
    for path, line, severity, message in value:
        found.append(Diagnostic(_text(path), None if line is None else _int(line),
                                Severity(_text(severity)), _text(message)))
    return tuple(found)


def save(folder: str, edition: str, key: str, part: Part) -> None:
    """Write the entry of a part just typeset (atomically; a failure only costs a typeset)."""
    header = {"format": FORMAT, "key": key, "pages": part.pages,
              "bookmarks": [list(b) for b in part.bookmarks],
              "dests": {name: list(d) for name, d in part.dests.items()},
              "toc": [list(t) for t in part.toc],
              "diagnostics": [[d.path, d.line, d.severity.value, d.message]
                              for d in part.diagnostics],
              "pdf": len(part.pdf)}
    line = json.dumps(header, separators=(",", ":"), allow_nan=False).encode("utf-8")
    data = line + b"\n" + part.pdf
    if len(data) > MAX_ENTRY_BYTES or len(line) >= MAX_HEADER_BYTES or not usable(folder):
        return
    write_cache_entry(Path(folder, entry_name(edition, key)), data, usable)


def prune(folder: str, edition: str, keep: set[str]) -> None:
    """Remove this edition's entries that the pack just built did not use (an edited
    outline's old parts), so the folder holds one pack's parts per edition."""
    if not usable(folder) or not os.path.isdir(folder):
        return
    prefix = f"{edition}-"
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if name.startswith(prefix) and name.endswith(SUFFIX) and name not in keep:
            try:
                Path(folder, name).unlink()  # unlink never follows a symlink
            except OSError:
                pass

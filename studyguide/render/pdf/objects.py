"""PDF dictionaries and arrays for the structure tree that write themselves out quickly.

A handout's structure tree is most of its PDF objects (about 600 elements and 300 marked-content
references for 11 pages), and reportlab formats each value through its generic `format`
(isinstance chains, a `PDFName` per key, an encode per token): about a sixth of a warm edition.
`Dict` and `Array` are reportlab's PDFDictionary and PDFArray, formatted to the same bytes (same
key order, the same line breaks every 6 entries or 10 items under `rl_config.pdfMultiLine = 0`),
with the values the tree holds (references, names, integers, nested tree objects) written
directly; anything else goes through reportlab's `format` as before.
"""

from __future__ import annotations

import functools
from typing import Any

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFObjectReference

_KEYS: dict[str, bytes] = {}  # key -> its /Name, as bytes

name = functools.lru_cache(maxsize=256)(pdfdoc.PDFName)  # "MCR" -> "/MCR", made once


def _key(name: str) -> bytes:
    found = _KEYS.get(name)
    if found is None:
        found = _KEYS[name] = pdfdoc.PDFName(name).encode("ascii")
    return found


def _value(value: Any, document: Any) -> bytes:
    kind = type(value)
    if kind is PDFObjectReference:
        return b"%d %d R" % document.idToObjectNumberAndVersion[value.name]
    if kind is Dict or kind is Array:
        return value.format(document)
    if kind is int:
        return b"%d" % value
    if kind is str and value.startswith("/") and value.isascii():  # a PDFName
        return value.encode("ascii")
    return pdfdoc.format(value, document)


class Dict(PDFDictionary):
    """A PDFDictionary of the structure tree (same bytes, written faster)."""

    def format(self, document: Any, IND: bytes = b"\n ") -> bytes:  # noqa: N803 - reportlab's
        if rl_config.pdfMultiLine:
            return super().format(document, IND)
        entries = self.dict
        lines = [_key(k) + b" " + _value(entries[k], document) for k in sorted(entries)]
        for i in reversed(range(6, len(lines), 6)):  # PDFDictionary breaks every 6 entries
            lines.insert(i, b"\n ")
        return b"<<\n" + b" ".join(lines) + b"\n>>"


class Array(PDFArray):
    """A PDFArray of the structure tree (same bytes, written faster)."""

    def format(self, document: Any, IND: bytes = b"\n ") -> bytes:  # noqa: N803 - reportlab's
        if rl_config.pdfMultiLine:
            return super().format(document, IND)
        items = [_value(item, document) for item in self.sequence]
        for i in reversed(range(10, len(items), 10)):  # PDFArray breaks every 10 items
            items.insert(i, b"\n ")
        return b"[ " + b" ".join(items) + b" ]"

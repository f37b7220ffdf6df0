"""The structure tree's own dictionaries and arrays (render/pdf/objects.py) write the bytes
reportlab's PDFDictionary and PDFArray write."""

from __future__ import annotations

import pytest
from reportlab.pdfbase.pdfdoc import (PDFArray, PDFDictionary, PDFDocument, PDFName,
                                      PDFString)

from conftest import REPO
from studyguide.outline.parser import parse_outline
from studyguide.render import RenderSettings
from studyguide.render.pdf import objects, render_pdf
from studyguide.theme.loader import load_theme

SETTINGS = RenderSettings(date="1 December 2026")


def _document() -> tuple[PDFDocument, list[object]]:
    doc = PDFDocument(invariant=1)
    refs = [doc.Reference(PDFDictionary({"N": n})) for n in range(30)]
    return doc, refs


def _pair(entries: dict[str, object]) -> tuple[bytes, bytes]:
    doc, _ = _document()
    return objects.Dict(entries).format(doc), PDFDictionary(entries).format(doc)


@pytest.mark.parametrize("size", [0, 1, 5, 6, 7, 12, 13, 25])
def test_dictionaries_and_arrays_of_every_length(size: int) -> None:
    doc, refs = _document()
    entries = {f"K{n:02d}": refs[n] for n in range(size)}
    assert objects.Dict(entries).format(doc) == PDFDictionary(entries).format(doc)
    items = refs[:size]
    assert objects.Array(items).format(doc) == PDFArray(items).format(doc)


def test_every_kind_of_value_the_tree_holds() -> None:
    doc, refs = _document()
    nested = objects.Dict({"Type": PDFName("MCR"), "Pg": refs[1], "MCID": 7})
    plain = PDFDictionary({"Type": PDFName("MCR"), "Pg": refs[1], "MCID": 7})
    ours = objects.Dict({"Type": PDFName("StructElem"), "S": PDFName("H2"), "P": refs[0],
                         "K": objects.Array([nested, refs[2], 3]), "Lang": PDFString("ru"),
                         "Alt": PDFString("a (b) \\ é"), "X": 1.5, "Y": "true",
                         "Name": PDFName("a b#c")})
    theirs = PDFDictionary({"Type": PDFName("StructElem"), "S": PDFName("H2"), "P": refs[0],
                            "K": PDFArray([plain, refs[2], 3]), "Lang": PDFString("ru"),
                            "Alt": PDFString("a (b) \\ é"), "X": 1.5, "Y": "true",
                            "Name": PDFName("a b#c")})
    assert ours.format(doc) == theirs.format(doc)


def test_a_handout_has_the_same_bytes_with_reportlabs_objects(
        monkeypatch: pytest.MonkeyPatch) -> None:
    outline, _ = parse_outline(REPO / "outlines" / "04-great-terror.md", REPO)
    theme, _ = load_theme("classic", REPO)
    assert outline is not None and theme is not None
    ours = render_pdf(outline, theme, SETTINGS, "teacher").data
    monkeypatch.setattr(objects, "Dict", PDFDictionary)
    monkeypatch.setattr(objects, "Array", PDFArray)
    theirs = render_pdf(outline, theme, SETTINGS, "teacher").data
    assert ours == theirs

"""Paragraph XML for text frames and table cells, built directly with lxml.

python-pptx's paragraph and font properties cost several XML look-ups per attribute; a deck
has thousands of runs, and setting them one property at a time was most of a deck's render
time. The XML written here is what those properties write (DrawingML `a:p`, `a:pPr`, `a:r`,
`a:rPr`), in the schema's child order, with lxml doing the escaping.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from studyguide.render.deck import fit
from studyguide.render.deck.shapes import Para, Run

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_ALIGN = {"left": "l", "center": "ctr", "right": "r"}


def _emu(points: float) -> str:
    return str(round(points * 12700))


def _spacing(parent: Any, tag: str, points: float) -> None:
    holder = etree.SubElement(parent, _A + tag)
    etree.SubElement(holder, _A + "spcPts").set("val", str(round(points * 100)))


def replace_paragraphs(tx_body: Any, paras: tuple[Para, ...], part: Any) -> None:
    """Replace every paragraph of a text body (`p:txBody` or `a:txBody`) with `paras`."""
    for old in tx_body.findall(_A + "p"):
        tx_body.remove(old)
    for para in paras or (Para((), 10.0),):
        _paragraph(etree.SubElement(tx_body, _A + "p"), para, part)


def _paragraph(p: Any, para: Para, part: Any) -> None:
    props = etree.SubElement(p, _A + "pPr")
    props.set("marL", _emu(para.indent))
    props.set("indent", str(-round(para.hang * 12700)))
    props.set("algn", _ALIGN[para.align])
    _spacing(props, "lnSpc", fit.LINE * para.size)
    _spacing(props, "spcBef", para.space_before)
    _spacing(props, "spcAft", 0)
    for run in para.runs:
        for number, part_text in enumerate(run.text.split("\n")):
            if number:
                _properties(etree.SubElement(p, _A + "br"), run, para.size, part, link=False)
            if part_text:
                r = etree.SubElement(p, _A + "r")
                _properties(r, run, para.size, part, link=True)
                etree.SubElement(r, _A + "t").text = part_text


def _properties(parent: Any, run: Run, size: float, part: Any, link: bool) -> None:
    props = etree.SubElement(parent, _A + "rPr")
    props.set("lang", "en-GB")
    props.set("sz", str(round(size * 100)))
    props.set("b", "1" if run.bold else "0")
    props.set("i", "1" if run.italic else "0")
    fill = etree.SubElement(props, _A + "solidFill")
    etree.SubElement(fill, _A + "srgbClr").set("val", run.color.lstrip("#").upper())
    etree.SubElement(props, _A + "latin").set("typeface", run.family)
    etree.SubElement(props, _A + "cs").set("typeface", run.family)
    if link and run.href and linkable(run.href):
        r_id = part.relate_to(run.href, _HYPERLINK, is_external=True)
        etree.SubElement(props, _A + "hlinkClick").set(_R_ID, r_id)


def linkable(href: str) -> bool:
    """Only web and mail links: a slide must not point at files on the teacher's disk."""
    return href.startswith(("http://", "https://", "mailto:"))

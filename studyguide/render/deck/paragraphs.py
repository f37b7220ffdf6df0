"""DrawingML text as XML strings: paragraphs for text frames and table cells.

python-pptx's paragraph and font properties cost several XML look-ups per attribute; a deck
has thousands of runs, and setting them one property at a time was most of a deck's render
time. The XML written here is what those properties write (DrawingML `a:p`, `a:pPr`, `a:r`,
`a:rPr`), in the schema's child order. Every text and attribute value is escaped here.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from studyguide.render.common.fonts import fallback_face, fallback_faces, glyph_segments
from studyguide.render.common.markup import escape, quoteattr
from studyguide.render.deck import fit
from studyguide.render.deck.shapes import Para, Run

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NAMESPACES = f'xmlns:a="{A_NS}" xmlns:p="{P_NS}" xmlns:r="{R_NS}"'
_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_ALIGN = {"left": "l", "center": "ctr", "right": "r"}
LANG = "en-GB"  # every run's language; emit.py sets the outline's own when it has one


def emu(points: float) -> int:
    """Points to English Metric Units (12,700 to the point), rounded to whole units."""
    return int(round(points * 12700))


def parse_fragment(xml: str) -> list[Any]:
    """The elements of an XML fragment written with the a:, p: and r: prefixes."""
    return list(etree.fromstring(f"<p:root {NAMESPACES}>{xml}</p:root>"))


def replace_paragraphs(tx_body: Any, paras: tuple[Para, ...], part: Any) -> None:
    """Replace every paragraph of a text body (`p:txBody` or `a:txBody`) with `paras`."""
    replace_paragraphs_xml(tx_body, paragraphs_xml(paras, part))


def replace_paragraphs_xml(tx_body: Any, xml: str) -> None:
    """Replace every paragraph of a text body with the `a:p` elements written in `xml`."""
    for old in tx_body.findall(f"{{{A_NS}}}p"):
        tx_body.remove(old)
    tx_body.extend(parse_fragment(xml))


def paragraphs_xml(paras: tuple[Para, ...], part: Any) -> str:
    """`a:p` elements for `paras` (one empty paragraph when there are none)."""
    return "".join(_paragraph(para, part) for para in paras or (Para((), 10.0),))


def _spacing(tag: str, points: float) -> str:
    return f'<a:{tag}><a:spcPts val="{round(points * 100)}"/></a:{tag}>'


def _paragraph(para: Para, part: Any) -> str:
    out = [f'<a:p><a:pPr marL="{emu(para.indent)}" indent="{-round(para.hang * 12700)}" '
           f'algn="{_ALIGN[para.align]}">',
           _spacing("lnSpc", fit.LINE * para.size), _spacing("spcBef", para.space_before),
           _spacing("spcAft", 0), "<a:buNone/></a:pPr>"]
    for run in para.runs:
        for number, part_text in enumerate(run.text.split("\n")):
            if number:
                out.append(f"<a:br>{_properties(run, para.size, part, link=False)}</a:br>")
            if part_text:
                out.extend(_runs_xml(run, part_text, para.size, part))
    out.append("</a:p>")
    return "".join(out)


def _runs_xml(run: Run, text: str, size: float, part: Any) -> list[str]:
    """`a:r` elements for `text`: characters the run's face lacks in the fallback family, and
    those no font has as '?' (the rule the handout follows too)."""
    spare = fallback_face(run.bold, run.italic)
    out = []
    for segment in glyph_segments(text, run.path, spare):
        family = fallback_faces().family if segment.fallback else None  # type: ignore[union-attr]
        out.append(f"<a:r>{_properties(run, size, part, link=True, family=family)}"
                   f"<a:t>{escape(segment.text)}</a:t></a:r>")
    return out


def _properties(run: Run, size: float, part: Any, link: bool, family: str | None = None) -> str:
    """A run's `a:rPr`. Capitals and letter spacing are set plainly even when the layout's
    style says otherwise ("Section Header" titles are all capitals): text was measured so."""
    face = quoteattr(family or run.family)
    link_xml = ""
    if link and run.href and linkable(run.href):
        r_id = part.relate_to(run.href, _HYPERLINK, is_external=True)
        link_xml = f"<a:hlinkClick r:id={quoteattr(r_id)}/>"
    return (f'<a:rPr lang="{LANG}" sz="{round(size * 100)}" b="{1 if run.bold else 0}" '
            f'i="{1 if run.italic else 0}" cap="none" spc="0">{solid_fill(run.color)}'
            f"<a:latin typeface={face}/><a:cs typeface={face}/>{link_xml}</a:rPr>")


def solid_fill(color: str) -> str:
    """`a:solidFill` of a `#RRGGBB` colour."""
    return f"<a:solidFill><a:srgbClr val={quoteattr(color.lstrip('#').upper())}/></a:solidFill>"


def linkable(href: str) -> bool:
    """Only web and mail links: a slide must not point at files on the teacher's disk."""
    return href.startswith(("http://", "https://", "mailto:"))

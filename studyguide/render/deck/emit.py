"""Drawing a slide plan with python-pptx: one small function per shape type.

Nothing is decided here: positions, sizes, wrapping and colours all come from the plan. Each
slide uses the layout LAYOUTS names for its kind, found by name in the theme's template.pptx
(else python-pptx's default deck). The slide title goes into the layout's title placeholder,
as the first shape on the slide (reading order starts there), and body text into the layout's
body placeholders, so PowerPoint's outline view, a school's template and screen readers see
them; a placeholder the plan does not fill is removed. Footers and timeline labels stay text
boxes. Every run carries the outline's language.
"""

from __future__ import annotations

import datetime
import re
from typing import Any, Callable

from studyguide.diagnostics import Diagnostic, error
from studyguide.render.common.imports import defer
from studyguide.render.common.markup import escape
from studyguide.render.deck import fit, package, paragraphs
from studyguide.render.deck.paragraphs import (
    emu,
    paragraphs_xml,
    parse_fragment,
    replace_paragraphs,
    replace_paragraphs_xml,
    solid_fill,
)
from studyguide.render.deck.shapes import (
    INSET,
    Bar,
    Grid,
    Group,
    Line,
    Oval,
    Page,
    Para,
    Picture,
    SlidePlan,
    TextBox,
)
from studyguide.render.deck.tables import CELL_X, CELL_Y

defer("urllib.request")  # python-pptx's saxutils import would load it: see common/imports.py
defer("PIL.Image")  # python-pptx imports it for pictures, which most decks have none of
from studyguide.render.deck.zipfix import pptx_bytes  # noqa: E402 - after the defers

EPOCH = datetime.datetime(2000, 1, 1)
_CONTROL = re.compile(r"([\x00-\x08\x0B-\x1F])")  # as python-pptx escapes a run's text
TABLE_GRID_STYLE = "{5940675A-B579-460E-94D1-54222C63F5DA}"  # "Table Grid": thin black rules
ANCHOR_XML = {"top": "t", "middle": "ctr", "bottom": "b"}
TABLE_URI = "http://schemas.openxmlformats.org/drawingml/2006/table"
# The theme-style references PowerPoint and python-pptx give a new connector and autoshape.
CONNECTOR_STYLE = ('<p:style><a:lnRef idx="2"><a:schemeClr val="accent1"/></a:lnRef>'
                   '<a:fillRef idx="0"><a:schemeClr val="accent1"/></a:fillRef>'
                   '<a:effectRef idx="1"><a:schemeClr val="accent1"/></a:effectRef>'
                   '<a:fontRef idx="minor"><a:schemeClr val="tx1"/></a:fontRef></p:style>')
AUTOSHAPE_STYLE = ('<p:style><a:lnRef idx="1"><a:schemeClr val="accent1"/></a:lnRef>'
                   '<a:fillRef idx="3"><a:schemeClr val="accent1"/></a:fillRef>'
                   '<a:effectRef idx="2"><a:schemeClr val="accent1"/></a:effectRef>'
                   '<a:fontRef idx="minor"><a:schemeClr val="lt1"/></a:fontRef></p:style>')


def _rgb(color: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(color.lstrip("#").upper())


def open_presentation(template: str | None) -> tuple[Any, list[Diagnostic]]:
    """The theme's template with its slides removed, else python-pptx's default deck."""
    from pptx import Presentation

    if not template:
        return Presentation(), []
    try:
        prs = Presentation(template)
    except Exception as exc:  # noqa: BLE001 - a broken template must never crash a build
        message = f"cannot open slide template: {type(exc).__name__}: {exc}; using the default"
        return Presentation(), [error(template, None, message)]
    id_list = prs.slides._sldIdLst
    for slide_id in list(id_list):
        prs.part.drop_rel(slide_id.rId)
        id_list.remove(slide_id)
    return prs, []


# Slide kind -> layout names to look for, in order. Timelines use "Title Only" rather than
# "Blank" so that their title is a real title placeholder too.
LAYOUTS: dict[str, tuple[str, ...]] = {
    "title": ("Title Slide", "Title Only", "Blank"),
    "content": ("Title and Content", "Title Only", "Blank"),
    "two": ("Two Content", "Comparison", "Title and Content", "Title Only", "Blank"),
    "section": ("Section Header", "Title Only", "Title and Content", "Blank"),
    "quote": ("Quote", "Quote with Caption", "Title and Content", "Title Only", "Blank"),
    "picture": ("Picture with Caption", "Title and Content", "Title Only", "Blank"),
    "table": ("Title Only", "Title and Content", "Blank"),
    "timeline": ("Title Only", "Blank"),
}
BODY_KINDS = ("BODY", "OBJECT", "SUBTITLE")


def find_layout(prs: Any, *names: str) -> Any:
    """The first layout named one of `names`, else the one with the fewest placeholders."""
    layouts = [layout for master in prs.slide_masters for layout in master.slide_layouts]
    for name in names:
        for layout in layouts:
            if layout.name == name:
                return layout
    return min(layouts, key=lambda layout: len(layout.placeholders))


def emit_deck(slides: list[SlidePlan], page: Page, properties: dict[str, str]
              ) -> tuple[bytes, list[Diagnostic]]:
    """The .pptx bytes of `slides` (every zip member fixed, for byte-identical output) and
    any problems."""
    prs, problems = open_presentation(page.theme.slides.template)
    package.remember_partnames(prs.part.package)
    prs.slide_width, prs.slide_height = emu(page.width), emu(page.height)
    layouts = {kind: find_layout(prs, *names) for kind, names in LAYOUTS.items()}
    lang = properties.get("language") or paragraphs.LANG
    for plan in slides:
        slide, title, bodies = package.new_slide(
            prs, layouts.get(plan.layout, layouts["content"]), _placeholders)
        draw_slide(slide, plan, page, title, bodies)
        if lang != paragraphs.LANG:
            _set_language(slide, lang)
    _core_properties(prs, properties)
    prs.core_properties.language = lang
    return pptx_bytes(prs), problems


def draw_slide(slide: Any, plan: SlidePlan, page: Page, title_holder: Any,
               bodies: list[Any]) -> None:
    """Every shape of `plan` on `slide` (whose layout gave the title placeholder and body
    placeholders, elements), and its speaker notes.

    Shapes are written as XML text and parsed in batches: python-pptx's shape and property
    objects cost several XML look-ups per attribute, which made them most of a deck's time.
    The title goes into the layout's title placeholder, and a picture goes through
    python-pptx, which adds its image part; both keep their place in the drawing order.
    """
    if page.color("background") != "#FFFFFF":
        slide.background.fill.solid()
        slide.background.fill.fore_color.rgb = _rgb(page.color("background"))
    tree = slide.shapes._spTree
    next_id = tree.max_shape_id + 1  # as python-pptx numbers new shapes
    pending: list[str] = []
    for shape in plan.shapes:
        if isinstance(shape, TextBox) and shape.role == "title" and title_holder is not None:
            _holder(title_holder, shape, slide.part)
            title_holder = None
        elif isinstance(shape, TextBox) and shape.role == "body" and bodies:
            _holder(bodies.pop(0), shape, slide.part)
        elif isinstance(shape, Picture):
            _flush(tree, pending)
            _picture(slide, shape)
            next_id = tree.max_shape_id + 1
        elif isinstance(shape, Group):
            pending.append(_group(shape, next_id, slide.part))
            next_id += 1 + len(shape.shapes)
        else:
            pending.append(XML[type(shape)](shape, next_id, slide.part))
            next_id += 1
    _flush(tree, pending)
    for unused in ([title_holder] if title_holder is not None else []) + bodies:
        tree.remove(unused)
    if plan.notes.strip():
        body = package.notes_body(slide)
        if body is not None:
            _write_notes(body, fit.clean(plan.notes))


def _write_notes(body: Any, text: str) -> None:
    """The speaker notes `text` as the paragraphs of the notes placeholder's `body`."""
    replace_paragraphs_xml(body, _notes_xml(text))


def _notes_xml(text: str) -> str:
    """Speaker notes as python-pptx's text-frame `text` writes them (a paragraph a line, a
    line break at each vertical tab, control characters as `_xHHHH_`), each run in LANG."""
    out = []
    for line in text.split("\n"):
        out.append("<a:p>")
        for number, piece in enumerate(line.split("\v")):
            if number:
                out.append("<a:br/>")
            if piece:
                piece = _CONTROL.sub(lambda m: "_x%04X_" % ord(m.group(1)), piece)
                out.append(f'<a:r><a:rPr lang="{paragraphs.LANG}"/><a:t>{escape(piece)}'
                           "</a:t></a:r>")
        out.append("</a:p>")
    return "".join(out)


def _set_language(slide: Any, lang: str) -> None:
    """Every run of the slide and its notes in `lang`."""
    parts = [slide._element] + ([slide.notes_slide._element] if slide.has_notes_slide else [])
    for element in parts:
        for properties in element.iter(f"{{{paragraphs.A_NS}}}rPr"):
            properties.set("lang", lang)


def _flush(tree: Any, pending: list[str]) -> None:
    """Parse the shapes written so far and add them on top of the slide's drawing."""
    if not pending:
        return
    shapes = parse_fragment("".join(pending))
    pending.clear()
    ext = tree.find("{*}extLst")
    for element in shapes:
        if ext is not None:
            ext.addprevious(element)
        else:
            tree.append(element)


def _placeholders(slide: Any) -> tuple[Any, list[Any]]:
    """The elements of the layout's title placeholder and its body placeholders (in the
    layout's order); any other placeholder (picture, date, footer) is removed."""
    from pptx.enum.shapes import PP_PLACEHOLDER

    title, bodies = None, []
    for holder in list(slide.placeholders):
        kind = holder.placeholder_format.type
        if title is None and kind in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE):
            title = holder._element
        elif kind in tuple(getattr(PP_PLACEHOLDER, name) for name in BODY_KINDS):
            bodies.append(holder._element)
        else:
            holder._element.getparent().remove(holder._element)
    return title, bodies


def _holder(holder: Any, box: TextBox, part: Any) -> None:
    """Fill a placeholder (a new clone's `p:sp`) with `box`: its place, fill, margins and
    paragraphs, written as python-pptx's shape and text-frame properties write them."""
    qn = f"{{{paragraphs.P_NS}}}"
    fill = solid_fill(box.fill) if box.fill else ""
    holder.find(f"{qn}spPr").extend(
        parse_fragment(_xfrm(box.x, box.y, box.w, box.h) + fill))
    body = holder.find(f"{qn}txBody")
    properties = body.find(f"{{{paragraphs.A_NS}}}bodyPr")
    pad, inset = str(emu(box.pad)), str(emu(INSET))
    for name, value in (("wrap", "square"), ("lIns", pad), ("rIns", pad), ("tIns", inset),
                        ("bIns", inset), ("anchor", ANCHOR_XML[box.anchor])):
        properties.set(name, value)
    properties.extend(parse_fragment("<a:noAutofit/>"))
    replace_paragraphs(body, box.paras, part)


def _name(shape_id: int, kind: str) -> str:
    """The `p:cNvPr` of a shape, named as PowerPoint and python-pptx name new shapes."""
    return f'<p:cNvPr id="{shape_id}" name="{kind} {shape_id - 1}"/>'


def _xfrm(x: float, y: float, w: float, h: float) -> str:
    return _xfrm_emu(emu(x), emu(y), emu(w), emu(h))


def _xfrm_emu(x: int, y: int, cx: int, cy: int, flips: str = "", tag: str = "a:xfrm") -> str:
    return f'<{tag}{flips}><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></{tag}>'


SHAPE_NAMES = {"footer": "Footer", "number": "Slide Number"}


def _text_box(box: TextBox, shape_id: int, part: Any) -> str:
    fill = solid_fill(box.fill) if box.fill else "<a:noFill/>"
    inset, pad = emu(INSET), emu(box.pad)
    name = _name(shape_id, SHAPE_NAMES.get(box.role, "TextBox"))
    return (f'<p:sp><p:nvSpPr>{name}<p:cNvSpPr txBox="1"/><p:nvPr/>'
            f'</p:nvSpPr><p:spPr>{_xfrm(box.x, box.y, box.w, box.h)}'
            f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{fill}</p:spPr>'
            f'<p:txBody><a:bodyPr wrap="square" lIns="{pad}" rIns="{pad}" tIns="{inset}" '
            f'bIns="{inset}" anchor="{ANCHOR_XML[box.anchor]}"><a:normAutofit/></a:bodyPr>'
            f"<a:lstStyle/>{paragraphs_xml(box.paras, part)}</p:txBody></p:sp>")


def _line(line: Line, shape_id: int, part: Any) -> str:
    flips = (' flipH="1"' if line.x2 < line.x1 else "") + \
        (' flipV="1"' if line.y2 < line.y1 else "")
    x1, y1, x2, y2 = emu(line.x1), emu(line.y1), emu(line.x2), emu(line.y2)
    box = _xfrm_emu(min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1), flips)
    return (f'<p:cxnSp><p:nvCxnSpPr>{_name(shape_id, "Connector")}<p:cNvCxnSpPr/><p:nvPr/>'
            f'</p:nvCxnSpPr><p:spPr>{box}'
            f'<a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
            f'<a:ln w="{_points(line.weight)}">{solid_fill(line.color)}</a:ln></p:spPr>'
            f"{CONNECTOR_STYLE}</p:cxnSp>")


def _points(points: float) -> int:
    """A line width in EMU, truncated as python-pptx's Pt() does."""
    return int(points * 12700)


def _autoshape(kind: str, geometry: str, item: Oval | Bar, shape_id: int) -> str:
    if item.filled:
        paint = f"{solid_fill(item.color)}<a:ln><a:noFill/></a:ln>"
    else:
        paint = f'<a:noFill/><a:ln w="{_points(1.0)}">{solid_fill(item.color)}</a:ln>'
    return (f"<p:sp><p:nvSpPr>{_name(shape_id, kind)}<p:cNvSpPr/><p:nvPr/></p:nvSpPr>"
            f"<p:spPr>{_xfrm(item.x, item.y, item.w, item.h)}"
            f'<a:prstGeom prst="{geometry}"><a:avLst/></a:prstGeom>{paint}<a:effectLst/>'
            f"</p:spPr>{AUTOSHAPE_STYLE}<p:txBody><a:bodyPr rtlCol='0' anchor='ctr'/>"
            f'<a:lstStyle/><a:p><a:pPr algn="ctr"/></a:p></p:txBody></p:sp>')


def _oval(oval: Oval, shape_id: int, part: Any) -> str:
    return _autoshape("Oval", "ellipse", oval, shape_id)


def _bar(bar: Bar, shape_id: int, part: Any) -> str:
    return _autoshape("Rectangle", "rect", bar, shape_id)


def _picture(slide: Any, picture: Picture) -> None:
    shape = slide.shapes.add_picture(picture.path, emu(picture.x), emu(picture.y),
                                     emu(picture.w), emu(picture.h))
    shape._element.nvPicPr.cNvPr.set("descr", fit.clean(picture.alt))


def _grid(table: Grid, shape_id: int, part: Any) -> str:
    columns = "".join(f'<a:gridCol w="{emu(width)}"/>' for width in table.col_widths)
    # the frame is as big as its columns and rows, rounded one by one
    frame = _xfrm_emu(emu(table.x), emu(table.y), sum(emu(w) for w in table.col_widths),
                      sum(emu(h) for h in table.row_heights), tag="p:xfrm")
    rows = []
    for r, (height, row) in enumerate(zip(table.row_heights, table.cells)):
        cells = "".join(_cell(runs, table, r == 0, part) for runs in row)
        rows.append(f'<a:tr h="{emu(height)}">{cells}</a:tr>')
    return (f"<p:graphicFrame><p:nvGraphicFramePr>{_name(shape_id, 'Table')}"
            f'<p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr>'
            f"<p:nvPr/></p:nvGraphicFramePr>{frame}"
            f'<a:graphic><a:graphicData uri="{TABLE_URI}"><a:tbl><a:tblPr firstRow="1">'
            f"<a:tableStyleId>{TABLE_GRID_STYLE}</a:tableStyleId></a:tblPr>"
            f"<a:tblGrid>{columns}</a:tblGrid>{''.join(rows)}</a:tbl></a:graphicData>"
            f"</a:graphic></p:graphicFrame>")


def _cell(runs: tuple, table: Grid, header: bool, part: Any) -> str:
    fill = solid_fill(table.header_fill) if header and table.header_fill else "<a:noFill/>"
    text = paragraphs_xml((Para(tuple(runs), table.size),), part)
    return (f'<a:tc><a:txBody><a:bodyPr wrap="square"/><a:lstStyle/>{text}</a:txBody>'
            f'<a:tcPr marL="{emu(CELL_X)}" marR="{emu(CELL_X)}" marT="{emu(CELL_Y)}" '
            f'marB="{emu(CELL_Y)}" anchor="t">{fill}</a:tcPr></a:tc>')


def _group(group: Group, shape_id: int, part: Any) -> str:
    """A group shape (its members keep slide coordinates) whose alt text describes it all."""
    x, y, w, h = (emu(v) for v in group.bounds())
    alt = escape(fit.clean(group.alt), {'"': "&quot;", "\n": "&#10;"})
    members = "".join(XML[type(shape)](shape, shape_id + 1 + k, part)
                      for k, shape in enumerate(group.shapes))
    frame = (f'<a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/>'
             f'<a:chOff x="{x}" y="{y}"/><a:chExt cx="{w}" cy="{h}"/></a:xfrm>')
    return (f'<p:grpSp><p:nvGrpSpPr><p:cNvPr id="{shape_id}" name="{escape(group.name)} '
            f'{shape_id - 1}" descr="{alt}"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
            f"<p:grpSpPr>{frame}</p:grpSpPr>{members}</p:grpSp>")


def _core_properties(prs: Any, properties: dict[str, str]) -> None:
    core = prs.core_properties
    core.title = fit.clean(properties.get("title", ""))[:255]
    core.author = fit.clean(properties.get("author", "studyguide"))[:255]
    core.subject = fit.clean(properties.get("subject", ""))[:255]
    core.last_modified_by = "studyguide"
    core.created = core.modified = core.last_printed = EPOCH
    core.revision = 1


XML: dict[type, Callable[[Any, int, Any], str]] = {
    TextBox: _text_box,
    Line: _line,
    Oval: _oval,
    Bar: _bar,
    Grid: _grid,
}

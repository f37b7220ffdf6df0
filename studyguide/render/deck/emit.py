"""Drawing a slide plan with python-pptx: one small function per shape type.

Nothing is decided here: positions, sizes, wrapping and colours all come from the plan. Slides
use the layouts "Title Slide" and "Title Only" found by name (else "Blank"), from the theme's
template.pptx when it has one; slide titles go into the layout's title placeholder so that
PowerPoint's outline view and screen readers see them.
"""

from __future__ import annotations

import datetime
import io
from typing import Any, Callable

from studyguide.diagnostics import Diagnostic, error
from studyguide.render.deck import fit
from studyguide.render.deck.shapes import (INSET, Bar, Grid, Line, Oval, Page, Para, Picture,
                                           SlidePlan, TextBox)
from studyguide.render.deck.paragraphs import replace_paragraphs
from studyguide.render.deck.tables import CELL_X, CELL_Y
from studyguide.render.deck.zipfix import repack

EPOCH = datetime.datetime(2000, 1, 1)
TABLE_GRID_STYLE = "{5940675A-B579-460E-94D1-54222C63F5DA}"  # "Table Grid": thin black rules
ANCHORS = {"top": "TOP", "middle": "MIDDLE", "bottom": "BOTTOM"}


def emu(points: float) -> int:
    """Points to English Metric Units (12,700 to the point), rounded to whole units."""
    return int(round(points * 12700))


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
    """The .pptx bytes of `slides` (repacked for byte-identical output) and any problems."""
    prs, problems = open_presentation(page.theme.slides.template)
    prs.slide_width, prs.slide_height = emu(page.width), emu(page.height)
    layouts = {"title": find_layout(prs, "Title Slide", "Title Only", "Blank"),
               "content": find_layout(prs, "Title Only", "Blank")}
    for plan in slides:
        slide = prs.slides.add_slide(layouts[plan.layout])
        draw_slide(slide, plan, page)
    _core_properties(prs, properties)
    buffer = io.BytesIO()
    prs.save(buffer)
    return repack(buffer.getvalue()), problems


def draw_slide(slide: Any, plan: SlidePlan, page: Page) -> None:
    """Every shape of `plan` on `slide`, and its speaker notes."""
    if page.color("background") != "#FFFFFF":
        slide.background.fill.solid()
        slide.background.fill.fore_color.rgb = _rgb(page.color("background"))
    title_holder = _title_placeholder(slide)
    for shape in plan.shapes:
        if isinstance(shape, TextBox) and shape.role == "title" and title_holder is not None:
            _place(title_holder, shape)
            _to_front(slide, title_holder)
            _fill_frame(title_holder.text_frame, shape)
            title_holder = None
            continue
        DRAW[type(shape)](slide, shape)
    if title_holder is not None:
        title_holder._element.getparent().remove(title_holder._element)
    if plan.notes.strip():
        slide.notes_slide.notes_text_frame.text = fit.clean(plan.notes)


def _title_placeholder(slide: Any) -> Any:
    """The layout's title placeholder; every other placeholder is removed."""
    from pptx.enum.shapes import PP_PLACEHOLDER

    found = None
    for holder in list(slide.placeholders):
        kind = holder.placeholder_format.type
        if found is None and kind in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE):
            found = holder
        else:
            holder._element.getparent().remove(holder._element)
    return found


def _to_front(slide: Any, shape: Any) -> None:
    """Move `shape` above everything drawn so far (the title over its bar)."""
    tree = slide.shapes._spTree
    element = shape._element
    tree.remove(element)
    ext = tree.find("{*}extLst")
    if ext is not None:
        ext.addprevious(element)
    else:
        tree.append(element)


def _place(shape: Any, box: Any) -> None:
    shape.left, shape.top = emu(box.x), emu(box.y)
    shape.width, shape.height = emu(box.w), emu(box.h)


def _text_box(slide: Any, box: TextBox) -> None:
    shape = slide.shapes.add_textbox(emu(box.x), emu(box.y), emu(box.w), emu(box.h))
    if box.fill:
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(box.fill)
    _fill_frame(shape.text_frame, box)


def _fill_frame(frame: Any, box: TextBox) -> None:
    from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE

    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = emu(INSET)
    frame.margin_top = frame.margin_bottom = emu(INSET)
    frame.vertical_anchor = getattr(MSO_ANCHOR, ANCHORS[box.anchor])
    replace_paragraphs(frame._txBody, box.paras, frame.part)


def _line(slide: Any, line: Line) -> None:
    from pptx.enum.shapes import MSO_CONNECTOR
    from pptx.util import Pt

    shape = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, emu(line.x1), emu(line.y1),
                                       emu(line.x2), emu(line.y2))
    shape.line.color.rgb = _rgb(line.color)
    shape.line.width = Pt(line.weight)


def _autoshape(slide: Any, kind: str, item: Any) -> None:
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Pt

    shape = slide.shapes.add_shape(getattr(MSO_SHAPE, kind), emu(item.x), emu(item.y),
                                   emu(item.w), emu(item.h))
    shape.shadow.inherit = False
    if item.filled:
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(item.color)
        shape.line.fill.background()
    else:
        shape.fill.background()
        shape.line.color.rgb = _rgb(item.color)
        shape.line.width = Pt(1.0)


def _oval(slide: Any, oval: Oval) -> None:
    _autoshape(slide, "OVAL", oval)


def _bar(slide: Any, bar: Bar) -> None:
    _autoshape(slide, "RECTANGLE", bar)


def _picture(slide: Any, picture: Picture) -> None:
    shape = slide.shapes.add_picture(picture.path, emu(picture.x), emu(picture.y),
                                     emu(picture.w), emu(picture.h))
    shape._element.nvPicPr.cNvPr.set("descr", fit.clean(picture.alt))


def _grid(slide: Any, table: Grid) -> None:
    rows, cols = len(table.row_heights), len(table.col_widths)
    frame = slide.shapes.add_table(rows, cols, emu(table.x), emu(table.y), emu(table.w),
                                   emu(table.h))
    grid = frame.table
    grid._tbl.tblPr.find("{*}tableStyleId").text = TABLE_GRID_STYLE
    grid.first_row, grid.horz_banding = True, False
    for index, width in enumerate(table.col_widths):
        grid.columns[index].width = emu(width)
    for index, height in enumerate(table.row_heights):
        grid.rows[index].height = emu(height)
    for r, row in enumerate(table.cells):
        for c, runs in enumerate(row):
            _cell(grid.cell(r, c), runs, table, header=r == 0)


def _cell(cell: Any, runs: tuple, table: Grid, header: bool) -> None:
    from pptx.enum.text import MSO_ANCHOR

    cell.margin_left = cell.margin_right = emu(CELL_X)
    cell.margin_top = cell.margin_bottom = emu(CELL_Y)
    cell.vertical_anchor = MSO_ANCHOR.TOP
    if header and table.header_fill:
        cell.fill.solid()
        cell.fill.fore_color.rgb = _rgb(table.header_fill)
    else:
        cell.fill.background()
    frame = cell.text_frame
    frame.word_wrap = True
    replace_paragraphs(frame._txBody, (Para(tuple(runs), table.size),), frame.part)


def _core_properties(prs: Any, properties: dict[str, str]) -> None:
    core = prs.core_properties
    core.title = fit.clean(properties.get("title", ""))[:255]
    core.author = fit.clean(properties.get("author", "studyguide"))[:255]
    core.subject = fit.clean(properties.get("subject", ""))[:255]
    core.last_modified_by = "studyguide"
    core.created = core.modified = core.last_printed = EPOCH
    core.revision = 1


DRAW: dict[type, Callable[[Any, Any], None]] = {
    TextBox: _text_box,
    Line: _line,
    Oval: _oval,
    Bar: _bar,
    Picture: _picture,
    Grid: _grid,
}

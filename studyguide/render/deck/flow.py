"""Placing paragraphs, tables and images down slides, starting a "(cont.)" slide when full.

Every decision is made by measuring: a paragraph goes on the slide only if its wrapped height
fits, a paragraph taller than a whole slide is cut between lines, a table is cut between rows
with its header repeated, an image is scaled into the room that is left.
"""

from __future__ import annotations

import dataclasses
from typing import Sequence

from studyguide.diagnostics import Diagnostic, warning
from studyguide.render.common.cells import fit_table
from studyguide.render.common.images import placeholder_text, probe_image
from studyguide.render.deck import fit
from studyguide.render.deck.blocks import ImageItem, Item, TableItem
from studyguide.render.deck.shapes import (
    BODY_TOP,
    INSET,
    MARGIN,
    TITLE_HEIGHT,
    TITLE_TOP,
    Line,
    Page,
    Para,
    Picture,
    Run,
    Shape,
    SlidePlan,
    TextBox,
    box_height,
    para_lines,
)
from studyguide.render.deck.tables import grid, measure_table, take_rows

TITLE_SIZES = (32.0, 28.0, 24.0)
GAP = 8.0
TOO_TALL = "a table cell is too tall for a slide at its column width; it is cut short in the deck"
MIN_ROWS = 3  # a table part has at least this many body rows, when the table has them
MIN_IMAGE_SHARE = 0.4  # an image gets a fresh slide when less than this share of one is left


def title_shapes(page: Page, title: str) -> list[Shape]:
    """The title of a content slide: white text on a filled band, or text over a rule.

    The band is the title's own fill, not a shape under it, so the title can be the first
    shape on the slide: screen readers and PowerPoint's reading order start there."""
    filled = page.theme.slides.filled
    color = "#FFFFFF" if filled else page.color("primary")
    if filled:
        band = TITLE_TOP * 2 + TITLE_HEIGHT
        return [fitted_box(page, title, 0.0, 0.0, page.width, band, TITLE_SIZES, color=color,
                           role="title", fill=page.color("primary"), pad=MARGIN + INSET)]
    box = fitted_box(page, title, MARGIN, TITLE_TOP, page.body_width, TITLE_HEIGHT,
                     TITLE_SIZES, color=color, role="title")
    rule_y = TITLE_TOP + TITLE_HEIGHT + 4.0
    return [box, Line(MARGIN, rule_y, page.width - MARGIN, rule_y, page.color("primary"), 2.0)]


def fitted_box(page: Page, text: str, x: float, y: float, w: float, h: float,
               sizes: Sequence[float], *, color: str, role: str, align: str = "left",
               bold: bool = True, font: str = "heading", anchor: str = "middle",
               fill: str | None = None, pad: float = INSET) -> TextBox:
    """A text box: the largest size in `sizes` at which `text` fits, else cut with '…'.
    `pad` is its inner margin left and right."""
    measure = w - 2 * (pad - INSET)  # box_height allows INSET a side
    for size in sizes:
        para = Para((page.run(text, font, bold=bold, color=color),), size, align=align)
        if box_height([para], measure) <= h:
            return TextBox(x, y, w, h, (para,), role=role, anchor=anchor, fill=fill, pad=pad)
    size = sizes[-1]
    run = page.run(text, font, bold=bold, color=color)
    lines = fit.wrap(run.text, run.path, size, measure - 2 * INSET)
    keep = max(int((h - 2 * INSET) // fit.text_height(1, size)), 1)
    shown = " ".join(lines[:keep])
    while shown and box_height([Para((dataclasses.replace(run, text=shown + "…"),), size)],
                               measure) > h:
        shown = shown[:-1].rstrip()
    para = Para((dataclasses.replace(run, text=shown + "…"),), size, align=align)
    return TextBox(x, y, w, h, (para,), role=role, anchor=anchor, fill=fill, pad=pad)


def split_para(para: Para, inner: float, keep: int) -> tuple[Para, Para]:
    """`para` cut after its first `keep` wrapped lines; the rest continues without a bullet."""
    lines = para_lines(para, inner)
    head = [p for line in lines[:keep] for p in line]
    tail = [p for line in lines[keep:] for p in line]
    first = dataclasses.replace(para, runs=_runs(para.runs, head))
    rest = dataclasses.replace(para, runs=_runs(para.runs, tail), hang=0.0, space_before=0.0)
    return first, rest


def _runs(runs: tuple[Run, ...], pieces: list[fit.Piece]) -> tuple[Run, ...]:
    out: list[tuple[int, str]] = []
    for piece in pieces:
        if out and out[-1][0] == piece.run:
            out[-1] = (piece.run, out[-1][1] + piece.text)
        else:
            out.append((piece.run, piece.text))
    return tuple(dataclasses.replace(runs[i], text=text) for i, text in out) or runs[:1]


class SlideFlow:
    """Slides being filled with items, top to bottom, for one section or reserved part."""

    def __init__(self, page: Page, kind: str, title: str, notes: str = "",
                 path: str = "", diagnostics: list[Diagnostic] | None = None) -> None:
        self.page, self.kind, self.title, self.notes, self.path = page, kind, title, notes, path
        self.diagnostics = diagnostics if diagnostics is not None else []
        self.slides: list[SlidePlan] = []
        self.shapes: list[Shape] = []
        self.pending: list[Para] = []
        self.y = BODY_TOP

    @property
    def inner(self) -> float:
        return self.page.body_width - 2 * INSET

    def room(self) -> float:
        """Height left for more paragraphs in the current text box."""
        return self.page.body_bottom - self.y - box_height(self.pending, self.page.body_width)

    def full_room(self) -> float:
        return self.page.body_bottom - BODY_TOP - 2 * INSET

    def add(self, item: Item) -> None:
        """Place one item, starting new slides as needed."""
        if isinstance(item, TableItem):
            self._table(item)
        elif isinstance(item, ImageItem):
            self._image(item)
        else:
            self._para(item)

    def _para(self, para: Para) -> None:
        lines = para_lines(para, self.inner)
        height = para.space_before + fit.text_height(len(lines), para.size)
        if height <= self.room():
            self.pending.append(para)
            return
        if height > self.full_room():
            fits = int((self.room() - para.space_before) // fit.text_height(1, para.size))
            if fits >= 1:
                first, rest = split_para(para, self.inner, fits)
                self.pending.append(first)
                self.break_slide()
                self._para(rest)
                return
        carried = self._carry_heading()
        self.break_slide()
        for held in carried:
            self.pending.append(held)
        self._para(para)

    def _carry_heading(self) -> list[Para]:
        """A subheading at the foot of a slide moves on with the paragraph it introduces."""
        if len(self.pending) > 1 and _is_heading(self.pending[-1]):
            return [self.pending.pop()]
        return []

    def flush(self) -> None:
        """Close the text box being filled."""
        if not self.pending:
            return
        width = self.page.body_width
        height = box_height(self.pending, width)
        self.shapes.append(TextBox(MARGIN, self.y, width, height, tuple(self.pending)))
        self.y += height + GAP
        self.pending = []

    def break_slide(self) -> None:
        """Finish the current slide and start a continuation slide."""
        self.flush()
        title = self.title if not self.slides else f"{self.title} (cont.)"
        shapes = title_shapes(self.page, title) + self.shapes
        self.slides.append(SlidePlan(self.kind, title, tuple(shapes),
                                     self.notes if not self.slides else ""))
        self.shapes = []
        self.y = BODY_TOP

    def finish(self) -> list[SlidePlan]:
        """The slides, the last one included (a section with no body still gets its slide)."""
        self.flush()
        if self.shapes or not self.slides:
            self.break_slide()
        return self.slides

    def _empty(self) -> bool:
        return not self.shapes and not self.pending

    def _table(self, item: TableItem) -> None:
        self.flush()
        table, problems = fit_table(item.table, self.path)
        self.diagnostics.extend(problems)
        measured = measure_table(self.page, table, self.page.body_width)
        for line in measured.cut_lines:
            self.diagnostics.append(warning(self.path, line, TOO_TALL))
        start, total = 0, len(measured.row_hs)
        while True:
            count = take_rows(measured, start, self.page.body_bottom - self.y)
            if count == 0 and start < total and not self._empty():
                self.break_slide()
                continue
            if 0 < count < min(MIN_ROWS, total - start) and not self._empty():
                self.break_slide()  # too few rows left room for: the table starts afresh
                continue
            count = max(count, 1) if start < total else 0
            count = self._balance(measured, start, count)
            count = _no_short_tail(count, total - start)
            shown = grid(self.page, measured, start, start + count, MARGIN, self.y)
            self.shapes.append(shown)
            self.y += shown.h + GAP
            start += count
            if start >= total:
                return
            self.break_slide()

    def _balance(self, measured, start: int, count: int) -> int:
        """When the rest of a table fits on one more slide, share the rows out evenly."""
        total = len(measured.row_hs)
        rest = total - start - count
        full = self.page.body_bottom - BODY_TOP
        if rest <= 0 or take_rows(measured, start + count, full) < rest:
            return count
        even = -(-(total - start) // 2)
        return even if even < count and take_rows(measured, start + even, full) >= \
            total - start - even else count

    def _image(self, item: ImageItem) -> None:
        image = item.image
        size = probe_image(image.path, self.path, image.line)
        if isinstance(size, Diagnostic):
            self.diagnostics.append(size)
            run = self.page.run(placeholder_text(image), italic=True, color="muted", line=image.line)
            self._para(Para((run,), self.page.base))
            return
        self.flush()
        caption = self._caption(image)
        cap_h = box_height([caption], self.page.body_width) if caption else 0.0
        if self.page.body_bottom - self.y - cap_h < MIN_IMAGE_SHARE * self.full_room():
            if not self._empty():
                self.break_slide()
        room_h = max(self.page.body_bottom - self.y - cap_h, 20.0)
        scale = min(self.page.body_width / size[0], room_h / size[1])
        w, h = size[0] * scale, size[1] * scale
        x = MARGIN + (self.page.body_width - w) / 2
        self.shapes.append(Picture(image.path, x, self.y, w, h, fit.clean(image.alt)))
        self.y += h + 2.0
        if caption:
            self.pending.append(caption)
            self.flush()

    def _caption(self, image) -> Para | None:
        if not image.caption:
            return None
        run = self.page.run(image.caption, italic=True, color="muted", line=image.line)
        return Para((run,), 16.0, align="center")


def _no_short_tail(count: int, left: int) -> int:
    """Rows for this part so that the next part has at least MIN_ROWS rows too, when this
    part keeps MIN_ROWS itself (an editor moves rows back rather than strand one or two)."""
    tail = left - count
    if 0 < tail < MIN_ROWS and count - (MIN_ROWS - tail) >= MIN_ROWS:
        return count - (MIN_ROWS - tail)
    return count


def _is_heading(para: Para) -> bool:
    return para.indent == 0 and all(r.bold for r in para.runs) and para.space_before > 0

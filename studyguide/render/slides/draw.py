"""Drawing one planned slide on a reportlab canvas, scaled into a box.

The plan's coordinates are points from the slide's top-left corner; here they are turned into
page coordinates (from the bottom-left). Text is wrapped exactly as the deck wrapped it
(deck/shapes.para_lines, same font files), so a slide handout shows the same lines as the
slide; a character a face lacks is drawn in the fallback face, as in the deck.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Any

from studyguide.render.common.fonts import fallback_for, glyph_segments
from studyguide.render.deck import fit
from studyguide.render.deck.shapes import (
    INSET,
    Bar,
    Grid,
    Line,
    Oval,
    Page,
    Para,
    Picture,
    SlidePlan,
    TextBox,
    leaves,
    para_lines,
)
from studyguide.render.deck.tables import CELL_X, CELL_Y

_fonts: dict[str, str] = {}  # font file -> reportlab name


def _rgb(color: str) -> tuple[float, float, float]:
    value = color.lstrip("#")
    return tuple(int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


class Painter:
    """Draws slide plans on `canvas`; `page` is the deck's page (size, theme colours)."""

    def __init__(self, canvas, page: Page) -> None:
        self.canvas, self.page = canvas, page
        self.x0 = self.top = self.scale = 0.0

    def font(self, path: str) -> str:
        """The reportlab name of the TrueType file `path`, registered on first use."""
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        name = _fonts.get(path)
        if name is None:
            name = "SG" + hashlib.sha1(path.encode()).hexdigest()[:10]
            pdfmetrics.registerFont(TTFont(name, path))
            _fonts[path] = name
        return name

    def X(self, x: float) -> float:
        return self.x0 + x * self.scale

    def Y(self, y: float) -> float:
        return self.top - y * self.scale

    def slide(self, plan: SlidePlan, x: float, top: float, scale: float) -> None:
        """`plan` with its top-left corner at (x, top), `scale` page points per slide point."""
        self.x0, self.top, self.scale = x, top, scale
        c = self.canvas
        w, h = self.page.width * scale, self.page.height * scale
        c.setFillColorRGB(*_rgb(self.page.color("background")))
        c.setStrokeColorRGB(0.6, 0.6, 0.6)
        c.setLineWidth(0.6)
        c.rect(x, top - h, w, h, stroke=1, fill=1)
        for shape in leaves(plan.shapes):  # a timeline group is drawn member by member
            DRAW[type(shape)](self, shape)

    # ------------------------------------------------------------ shapes

    def _box(self, box: TextBox) -> None:
        c = self.canvas
        if box.fill:
            c.setFillColorRGB(*_rgb(box.fill))
            c.rect(self.X(box.x), self.Y(box.y + box.h), box.w * self.scale, box.h * self.scale,
                   stroke=0, fill=1)
        inner = box.w - 2 * box.pad
        laid = [(para, para_lines(para, inner)) for para in box.paras]
        used = sum(p.space_before + fit.text_height(len(lines), p.size) for p, lines in laid)
        y = box.y + INSET
        room = box.h - 2 * INSET
        if box.anchor == "middle":
            y += max(room - used, 0) / 2
        elif box.anchor == "bottom":
            y += max(room - used, 0)
        for para, lines in laid:
            y += para.space_before
            for number, line in enumerate(lines):
                self._line(para, line, box.x + box.pad, inner, y, first=number == 0)
                y += fit.LINE * para.size

    def _line(self, para: Para, line: Sequence[fit.Piece], left: float, inner: float, y: float,
              first: bool) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        start = left + para.indent - (para.hang if first else 0.0)
        pieces = [(p, p.text.rstrip() if i == len(line) - 1 else p.text)
                  for i, p in enumerate(line)]
        drawn = sum(stringWidth(text, self.font(p.path), para.size) for p, text in pieces)
        if para.align == "center":
            start = left + para.indent + (inner - para.indent - drawn) / 2
        elif para.align == "right":
            start = left + inner - drawn
        baseline = y + 0.95 * para.size  # line height 1.2: the ascent sits near the top
        x = start
        for piece, text in pieces:
            run = para.runs[piece.run]
            x += self.text(text, piece.path, para.size, x, baseline, run.color, slide=True)

    def text(self, text: str, path: str, size: float, x: float, y: float, color: str,
             slide: bool = False) -> float:
        """Draw `text` at (x, y) (slide points when `slide`, else page points); its width."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        c = self.canvas
        c.setFillColorRGB(*_rgb(color))
        total = 0.0
        spare = fallback_for(path)
        for segment in glyph_segments(text, path, spare):
            face = spare if segment.fallback and spare else path
            name = self.font(face)
            if slide:
                c.setFont(name, size * self.scale)
                c.drawString(self.X(x + total), self.Y(y), segment.text)
            else:
                c.setFont(name, size)
                c.drawString(x + total, y, segment.text)
            total += stringWidth(segment.text, name, size)
        return total

    def _line_shape(self, line: Line) -> None:
        c = self.canvas
        c.setStrokeColorRGB(*_rgb(line.color))
        c.setLineWidth(line.weight * self.scale)
        c.line(self.X(line.x1), self.Y(line.y1), self.X(line.x2), self.Y(line.y2))

    def _oval(self, oval: Oval) -> None:
        c = self.canvas
        c.setFillColorRGB(*_rgb(oval.color))
        c.setStrokeColorRGB(*_rgb(oval.color))
        c.setLineWidth(self.scale)
        c.ellipse(self.X(oval.x), self.Y(oval.y + oval.h), self.X(oval.x + oval.w),
                  self.Y(oval.y), stroke=0 if oval.filled else 1, fill=1 if oval.filled else 0)

    def _bar(self, bar: Bar) -> None:
        c = self.canvas
        c.setFillColorRGB(*_rgb(bar.color))
        c.setStrokeColorRGB(*_rgb(bar.color))
        c.setLineWidth(self.scale)
        c.rect(self.X(bar.x), self.Y(bar.y + bar.h), bar.w * self.scale, bar.h * self.scale,
               stroke=0 if bar.filled else 1, fill=1 if bar.filled else 0)

    def _picture(self, picture: Picture) -> None:
        c = self.canvas
        x, y = self.X(picture.x), self.Y(picture.y + picture.h)
        w, h = picture.w * self.scale, picture.h * self.scale
        try:
            c.drawImage(picture.path, x, y, w, h, mask="auto")
        except Exception:  # noqa: BLE001 - an image the deck could place but reportlab not
            c.setFillColorRGB(0.85, 0.85, 0.85)
            c.rect(x, y, w, h, stroke=0, fill=1)

    def _grid(self, grid: Grid) -> None:
        c = self.canvas
        y = grid.y
        for number, (height, row) in enumerate(zip(grid.row_heights, grid.cells)):
            x = grid.x
            for width, runs in zip(grid.col_widths, row):
                if number == 0 and grid.header_fill:
                    c.setFillColorRGB(*_rgb(grid.header_fill))
                    c.rect(self.X(x), self.Y(y + height), width * self.scale,
                           height * self.scale, stroke=0, fill=1)
                c.setStrokeColorRGB(0, 0, 0)
                c.setLineWidth(0.5 * self.scale)
                c.rect(self.X(x), self.Y(y + height), width * self.scale, height * self.scale,
                       stroke=1, fill=0)
                para = Para(tuple(runs), grid.size)
                inner = width - 2 * CELL_X
                line_y = y + CELL_Y
                for first, line in enumerate(para_lines(para, inner)):
                    self._line(para, line, x + CELL_X, inner, line_y, first=first == 0)
                    line_y += fit.LINE * grid.size
                x += width
            y += height


DRAW: dict[type, Callable[[Painter, Any], None]] = {
    TextBox: Painter._box,
    Line: Painter._line_shape,
    Oval: Painter._oval,
    Bar: Painter._bar,
    Picture: Painter._picture,
    Grid: Painter._grid,
}

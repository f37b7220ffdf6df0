"""Tables (the key-figures table and tables in sections): measured columns, wrapped cells.

Column widths come from the text itself: each column's longest line and longest word are
measured once with stringWidth, then the frame width is shared out so short columns stay
compact and long ones wrap. A cell too long to fit on one page is cut short with a note, since
reportlab cannot split a single row across pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from studyguide.outline import model as m
from studyguide.render.pdf.context import RenderContext

PAD = 5.0  # cell padding left and right, points
MAX_CELL_SHARE = 0.7  # of the frame height: a taller cell is cut short
ALIGN = {"left": 0, "center": 1, "right": 2}


@dataclass(frozen=True)
class Measured:
    """Widths of one column's widest line and widest word (unbreakable) in points."""

    natural: float
    word: float


def _measure(text: str, font: str, size: float) -> Measured:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines = text.split("\n")
    natural = max(stringWidth(line, font, size) for line in lines)
    # Only the longest few words by character count can be the widest; skip measuring the rest.
    words = sorted(text.split(), key=len, reverse=True)[:3]
    word = max((stringWidth(w, font, size) for w in words), default=0.0)
    return Measured(natural, word)


def column_widths(columns: list[list[Measured]], avail: float, stretch: bool = True
                  ) -> list[float]:
    """Share `avail` among columns: narrow columns get their natural width, wide ones share
    the rest (never below their longest word when that fits).

    With `stretch` False a table much narrower than the frame keeps its natural width.
    """
    natural = [max(c.natural for c in col) + 2 * PAD for col in columns]
    minimum = [min(max(c.word for c in col) + 2 * PAD, avail / 2, n)
               for col, n in zip(columns, natural)]
    if sum(natural) <= avail:
        if not stretch and sum(natural) < avail * 0.6:
            return [n + 2 * PAD for n in natural]
        extra = avail - sum(natural)
        total = sum(natural) or 1.0
        return [w + extra * w / total for w in natural]
    if sum(minimum) >= avail:
        return [avail * w / sum(minimum) for w in minimum]
    widths: list[float | None] = [None] * len(columns)
    remaining = avail
    # Water-filling: a column whose natural width is within its fair share keeps it.
    while True:
        open_cols = [i for i, w in enumerate(widths) if w is None]
        fair = remaining / len(open_cols)
        settled = [i for i in open_cols if natural[i] <= fair]
        if not settled:
            break
        for i in settled:
            widths[i] = natural[i]
            remaining -= natural[i]
    open_cols = [i for i, w in enumerate(widths) if w is None]
    floor = sum(minimum[i] for i in open_cols)
    want = {i: natural[i] - minimum[i] for i in open_cols}
    total_want = sum(want.values()) or 1.0
    for i in open_cols:
        widths[i] = minimum[i] + max(remaining - floor, 0) * want[i] / total_want
    return [w or 0.0 for w in widths]


def data_table(block: m.Table, ctx: RenderContext, first_column_bold: bool = False) -> Any:
    """A Table block as a reportlab Table whose header repeats on every page."""
    from reportlab.platypus import Table

    s = ctx.styles
    body, head = s["cell"], s["cell_head"]
    ncols = len(block.header)
    rows = [block.header, *block.rows]
    texts = [[m.plain_text(cell) for cell in row] for row in rows]
    columns = [[_measure(texts[r][c], head.fontName if r == 0 else body.fontName,
                         body.fontSize) for r in range(len(rows))] for c in range(ncols)]
    widths = column_widths(columns, s.frame_width, stretch=first_column_bold)
    data = [_header_row(block, ctx)]
    for index, row in enumerate(block.rows):
        line = block.row_lines[index] if index < len(block.row_lines) else block.line
        data.append([_cell(cell, texts[index + 1][c], widths[c], line, ctx,
                           _align(block, c), bold=first_column_bold and c == 0)
                     for c, cell in enumerate(row)])
    # Rows are never split: a cell is cut to MAX_CELL_SHARE of a page, so a row fits overleaf.
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(_table_style(len(data), s))
    table.spaceBefore, table.spaceAfter = s.base * 0.3, s.base * 1.0
    return table


def _align(block: m.Table, column: int) -> int:
    return ALIGN.get(block.align[column] if column < len(block.align) else "", 0)


def _header_row(block: m.Table, ctx: RenderContext) -> list[Any]:
    return [_styled(ctx.para(cell, block.line, "cell_head"), _align(block, c), ctx)
            for c, cell in enumerate(block.header)]


def _cell(cell: m.Inlines, text: str, width: float, line: int, ctx: RenderContext,
          align: int, bold: bool) -> Any:
    s = ctx.styles
    style = s["cell"]
    chars_per_line = max(8.0, (width - 2 * PAD) / (style.fontSize * 0.45))
    max_lines = s.frame_height * MAX_CELL_SHARE / style.leading
    if len(text) / chars_per_line > max_lines:
        keep = int(chars_per_line * max_lines * 0.8)
        ctx.warn(line, f"a table cell of {len(text):,} characters is too long for one page; "
                       f"it is cut short in the PDF")
        cell = (m.Span(text[:keep].rstrip() + " … [cut short: too long for one page]"),)
    if bold:
        cell = tuple(_bold(item) for item in cell)
    return _styled(ctx.para(cell, line, "cell"), align, ctx)


def _bold(item: m.Inline) -> m.Inline:
    if isinstance(item, m.Span):
        return m.Span(item.text, True, item.italic, item.code, item.strike, item.href)
    return item


def _styled(para: Any, align: int, ctx: RenderContext) -> Any:
    """The paragraph with its column's alignment (one style per style name and alignment)."""
    if align and para.style.alignment != align:
        from reportlab.lib.styles import ParagraphStyle

        key = ("aligned", para.style.name, align)
        if key not in ctx.cache:
            ctx.cache[key] = ParagraphStyle(f"{para.style.name}-{align}", parent=para.style,
                                            alignment=align)
        para.style = ctx.cache[key]
    return para


def cell_font(s: Any) -> tuple[Any, ...]:
    """The table style command that keeps reportlab from setting Helvetica in every cell."""
    return ("FONT", (0, 0), (-1, -1), s.fonts.body.name, s.base)


def _table_style(nrows: int, s: Any) -> Any:
    from reportlab.platypus import TableStyle

    c = s.colors
    commands: list[tuple[Any, ...]] = [
        cell_font(s),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4.5),
        ("LINEABOVE", (0, 0), (-1, 0), s.rule_width * 1.6, c.primary),
        ("LINEBELOW", (0, 0), (-1, 0), s.rule_width, c.primary),
        ("LINEBELOW", (0, -1), (-1, -1), s.rule_width * 1.6, c.primary),
    ]
    if nrows > 2:
        commands.append(("LINEBELOW", (0, 1), (-1, -2), 0.35, c.rule))
    if s.filled:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), c.tint))
        if nrows > 1:
            commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, c.zebra]))
    return TableStyle(commands)

"""Tables (the key-figures table and tables in sections): measured columns, wrapped cells.

Column widths come from the text itself: each column's longest line and longest word are
measured once with stringWidth, then render/common/columns.py shares the frame width out so
short columns stay compact and long ones wrap (the deck shares its slide width the same way).
A cell longer than render/common/cells.py allows is cut short there, with the deck's warning
word for word.
A cell still too long for one page (in a very narrow column) is cut short here with a note,
since reportlab cannot split a single row across pages.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from studyguide.outline import model as m
from studyguide.render.common.cells import fit_table, row_line
from studyguide.render.common.columns import Column, share_widths
from studyguide.render.pdf import tagging
from studyguide.render.pdf.context import RenderContext
from studyguide.render.pdf.wide import wide

PAD = 5.0  # cell padding left and right, points
SLACK = 0.5  # a word exactly as wide as its column would be split by reportlab's rounding
MAX_CELL_SHARE = 0.7  # of the frame height: a taller cell is cut short
MAX_HEAD_SHARE = 0.2  # a header cell: it repeats above every page's rows, so both must fit
NARROWEST = 0.15  # of the font size: no printing character is narrower
PAGE_CUT_MARK = " … [cut short: too long for one page]"
ALIGN = {"left": 0, "center": 1, "right": 2}


def _measure(text: str, font: str, size: float) -> Column:
    """One cell's widest line and widest word (unbreakable), padding included, in points."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    natural = max(stringWidth(line, font, size) for line in text.split("\n"))
    # Only the longest few words by character count can be the widest; skip measuring the rest.
    words = sorted(text.split(), key=len, reverse=True)[:3]
    word = max((stringWidth(w, font, size) for w in words), default=0.0)
    return Column(natural + 2 * PAD + SLACK, word + 2 * PAD + SLACK)


def column_widths(cells: list[list[Column]], avail: float, stretch: bool = True
                  ) -> tuple[float, ...]:
    """Each column's width in points, shared out by render/common/columns.py.

    With `stretch` False a table much narrower than the frame keeps its natural width.
    """
    columns = [Column(max(c.natural for c in col), max(c.minimum for c in col))
               for col in cells]
    return share_widths(columns, avail, stretch)


def data_table(block: m.Table, ctx: RenderContext, first_column_bold: bool = False) -> Any:
    """A Table block as a reportlab Table whose header repeats on every page."""
    from reportlab.platypus import Table

    block, problems = fit_table(block, ctx.path)
    ctx.diagnostics.extend(problems)
    s = ctx.styles
    body, head = s["cell"], s["cell_head"]
    ncols = len(block.header)
    rows = [block.header, *block.rows]
    texts = [[m.plain_text(cell) for cell in row] for row in rows]
    columns = [[_measure(texts[r][c], head.fontName if r == 0 else body.fontName,
                         body.fontSize) for r in range(len(rows))] for c in range(ncols)]
    # A table wider than the text block reaches out to the margins (wide.py).
    natural = sum(max(cell.natural for cell in column) for column in columns)
    reach = s.wide_width if natural > s.frame_width else s.frame_width
    widths = column_widths(columns, reach, stretch=first_column_bold)
    aligns = [_align(block, c, [row[c] for row in texts[1:]]) for c in range(ncols)]
    data = [_header_row(block, ctx, widths, texts[0], aligns)]
    for index, row in enumerate(block.rows):
        line = row_line(block, index)
        data.append([_cell(cell, texts[index + 1][c], widths[c], line, ctx,
                           aligns[c], bold=first_column_bold and c == 0)
                     for c, cell in enumerate(row)])
    tagging.as_table(data, header_rows=1)
    # Rows are never split: a cell is cut to MAX_CELL_SHARE of a page, so a row fits overleaf.
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(table_style(len(data), s))
    table.spaceBefore, table.spaceAfter = s.base * 0.3, s.base * 1.0
    return wide(table, s) if reach > s.frame_width else table


_NUMERIC = re.compile("[-+\u2212]?[£$€]?\\d[\\d,.\u2009\u00a0]*%?")


def _align(block: m.Table, column: int, cells: list[str]) -> int:
    """The column's alignment as written; a column of numbers only is set flush right."""
    written = block.align[column] if column < len(block.align) else ""
    filled = [cell.strip() for cell in cells if cell.strip()]
    if not written and filled and all(_NUMERIC.fullmatch(cell) for cell in filled):
        return ALIGN["right"]
    return ALIGN.get(written, 0)


def _header_row(block: m.Table, ctx: RenderContext, widths: tuple[float, ...],
                texts: list[str], aligns: list[int]) -> list[Any]:
    return [_styled(_fitted(cell, texts[c], widths[c], block.line, ctx, "cell_head",
                            MAX_HEAD_SHARE), aligns[c], ctx)
            for c, cell in enumerate(block.header)]


def _cell(cell: m.Inlines, text: str, width: float, line: int, ctx: RenderContext,
          align: int, bold: bool) -> Any:
    if bold:
        cell = tuple(_bold(item) for item in cell)
    para = _fitted(cell, text, width, line, ctx, "cell", MAX_CELL_SHARE)
    return _styled(para, align, ctx)


def _fitted(cell: m.Inlines, text: str, width: float, line: int, ctx: RenderContext,
            style: str, share: float) -> Any:
    """The cell's paragraph, cut short (with a warning) when it would be taller than `share`
    of a page: reportlab cannot split a row, and a row taller than a page cannot be set.

    The height is measured by wrapping at the column's width, not guessed from a character
    count: in a narrow column a long word breaks every few letters.
    """
    st = ctx.styles[style]
    limit = ctx.styles.frame_height * share
    inner = max(width - 2 * PAD, 1.0)
    # more characters than this cannot fit even if all were as narrow as 'i'; wrapping a long
    # word is slow in reportlab (each line is measured letter by letter), so cut before that
    most = int(inner / (st.fontSize * NARROWEST) + 1) * int(limit / st.leading + 1)
    keep, height = len(text), limit + 1
    if keep <= most:
        para = ctx.para(cell, line, style)
        _, height = para.wrap(inner, limit)
        if height <= limit:
            return para
    ctx.warn(line, f"a table cell of {len(text):,} characters is too long for one page; "
                   f"it is cut short in the PDF")
    keep = min(keep, most)
    height = max(height, limit * 1.12)  # the first cut keeps about 80% of `keep`
    while height > limit and keep > 0:
        keep = int(keep * min(0.9, limit / height * 0.9))
        spans = (m.Span(text[:keep].rstrip() + PAGE_CUT_MARK, bold=style == "cell_head"),)
        para = ctx.para(spans, line, style)
        _, height = para.wrap(inner, limit)
    return para


def _bold(item: m.Inline) -> m.Inline:
    if isinstance(item, m.Span):
        return replace(item, bold=True)
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


def table_style(nrows: int, s: Any) -> Any:
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

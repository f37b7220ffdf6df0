"""Tables as native slide tables: column widths from measured text, rows split across slides.

Widths are shared out by render/common/columns.py, as in the handout: short columns keep
their natural width and long ones share the rest.

Every row height is measured from the wrapped cell text, so a table never grows past the slide
when PowerPoint lays it out; the header row repeats on every slide a table continues on.
"""

from __future__ import annotations

from dataclasses import replace

from studyguide.outline import model as m
from studyguide.records import record
from studyguide.render.common.cells import row_line
from studyguide.render.common.columns import Column, share_widths
from studyguide.render.deck import fit
from studyguide.render.deck.blocks import inline_runs
from studyguide.render.deck.shapes import BODY_TOP, Grid, Page, Run

CELL_X = 5.0  # left and right cell margin
CELL_Y = 3.0  # top and bottom cell margin
ROW_SLACK = 2.0
WORD_SLACK = 2.0
HEADER_SHARE = 0.4  # of a slide's body height: a taller header is cut short


@record
class TableRows:
    """A measured table: the header and body rows with their heights, at one width."""

    col_widths: tuple[float, ...]
    header: tuple[tuple[Run, ...], ...]
    header_h: float
    rows: tuple[tuple[tuple[Run, ...], ...], ...]
    row_hs: tuple[float, ...]
    size: float
    cut_lines: tuple[int, ...] = ()  # source lines of rows cut short to fit a slide


def table_size(page: Page) -> float:
    return max(16.0, page.base - 4.0)


def measure_table(page: Page, table: m.Table, width: float) -> TableRows:
    """Runs, column widths and row heights of `table` drawn `width` points wide.

    A row may be as tall as a slide's body under the header; a cell taller than that (only
    possible in very narrow columns, since render/common/cells.py limits its length) is cut
    short and its row's line recorded in `cut_lines` for a warning.
    """
    size = table_size(page)
    header = tuple(tuple(inline_runs(page, cell, role="heading", bold=True)) for cell in
                   table.header)
    rows = tuple(tuple(tuple(inline_runs(page, cell)) for cell in row) for row in table.rows)
    cols = _columns([header, *rows], width, size)
    room = page.body_bottom - BODY_TOP
    header, header_h, header_cut = _row(header, cols, size, _lines_in(room * HEADER_SHARE, size))
    most = _lines_in(room - header_h, size)
    measured = [_row(row, cols, size, most) for row in rows]
    cut = [table.line] if header_cut else []
    cut += [row_line(table, i) for i, (_, _, was_cut) in enumerate(measured) if was_cut]
    return TableRows(cols, header, header_h, tuple(r for r, _, _ in measured),
                     tuple(h for _, h, _ in measured), size, tuple(dict.fromkeys(cut)))


def _lines_in(height: float, size: float) -> int:
    """How many lines of a cell fit in a row `height` points tall (at least one)."""
    inner = height - 2 * CELL_Y - ROW_SLACK - 0.01
    return max(1, int(inner // fit.text_height(1, size)))


def _natural(cell: tuple[Run, ...], size: float) -> tuple[float, float]:
    """(width on one line, width of the longest word) of a cell."""
    items = fit.pieces([(run.text, run.path) for run in cell])
    whole = fit.line_width(items, size) if items else 0.0
    longest = max((fit.width(p.text.strip(), p.path, size) for p in items), default=0.0)
    return whole, longest


def _columns(rows: list, width: float, size: float) -> tuple[float, ...]:
    """Column widths filling `width`, shared out as the handout shares its frame."""
    count = max(len(rows[0]), 1)
    natural = [0.0] * count
    words = [0.0] * count
    for row in rows:
        for index, cell in enumerate(row[:count]):
            whole, longest = _natural(cell, size)
            # WORD_SLACK on both, so a column at its natural width never wraps its last word.
            natural[index] = max(natural[index], whole + 2 * CELL_X + WORD_SLACK)
            words[index] = max(words[index], longest + 2 * CELL_X + WORD_SLACK)
    return share_widths([Column(n, w) for n, w in zip(natural, words)], width)


def _row(cells: tuple[tuple[Run, ...], ...], cols: tuple[float, ...], size: float,
         most_lines: int) -> tuple[tuple[tuple[Run, ...], ...], float, bool]:
    """The row's cells (each cut to `most_lines` lines), its height and whether any was cut."""
    most = 1
    kept = []
    cut = False
    for cell, col in zip(cells, cols):
        shown, lines = _cut_cell(cell, col - 2 * CELL_X, size, most_lines)
        cut = cut or shown is not cell
        kept.append(shown)
        most = max(most, lines)
    return tuple(kept), fit.text_height(most, size) + 2 * CELL_Y + ROW_SLACK, cut


def _cut_cell(cell: tuple[Run, ...], inner: float, size: float, most_lines: int
              ) -> tuple[tuple[Run, ...], int]:
    items = fit.pieces([(run.text, run.path) for run in cell])
    lines = fit.wrap_pieces(items, size, max(inner, 8.0))
    if len(lines) <= most_lines:
        return cell, len(lines)
    # A cell this tall cannot be shown on a slide; keep what fits and mark the cut.
    kept = [p for line in lines[:most_lines] for p in line]
    runs: list[Run] = []
    for piece in kept:
        run = cell[piece.run]
        if runs and runs[-1].path == run.path and runs[-1].color == run.color:
            runs[-1] = replace(runs[-1], text=runs[-1].text + piece.text)
        else:
            runs.append(replace(run, text=piece.text))
    last = runs[-1]
    trimmed = last.text.rstrip()
    runs[-1] = replace(last, text=trimmed[:-2] + "…" if len(trimmed) > 2 else "…")
    return tuple(runs), most_lines


def take_rows(measured: TableRows, start: int, room: float) -> int:
    """How many rows from `start` fit under the header in `room` points (0 when none do)."""
    used = measured.header_h
    count = 0
    for height in measured.row_hs[start:]:
        if used + height > room:
            break
        used += height
        count += 1
    return count


def grid(page: Page, measured: TableRows, start: int, stop: int, x: float, y: float) -> Grid:
    """The native table showing rows `start:stop` below the header."""
    filled = page.theme.slides.filled
    header = tuple(tuple(_recolor(run, "#FFFFFF" if filled else page.color("primary"))
                         for run in cell) for cell in measured.header)
    return Grid(x, y, measured.col_widths,
                (measured.header_h,) + measured.row_hs[start:stop],
                (header,) + measured.rows[start:stop], measured.size,
                page.color("primary") if filled else None,
                "#FFFFFF" if filled else page.color("primary"))


def _recolor(run: Run, color: str) -> Run:
    return replace(run, color=color)

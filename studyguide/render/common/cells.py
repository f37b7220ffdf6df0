"""Table cells too long for a table, decided once for the handout and the deck.

A cell is judged by its length in characters, not by how it wraps, so the answer (and the
warning) does not depend on which output is being made: both renderers cut the same cells at
the same place and report the same Diagnostic, which a build then shows once. Each renderer
may still have to shorten a cell its page or slide geometry cannot hold (very many narrow
columns); that is its own, separate warning.
"""

from __future__ import annotations

import dataclasses

from studyguide.diagnostics import Diagnostic, warning
from studyguide.outline import model as m

# About 250 words, a long paragraph: no reader takes a longer cell in as a table entry, on a
# page or a slide. Below it the handout shows a cell whole (teachers do write paragraphs in
# cells), and only the slide's own geometry may still shorten it on a deck.
MAX_CELL_CHARS = 1500
CUT_MARK = " … [cut short]"
WORD_BACKTRACK = 40  # cut at a space when one is this close to the limit


def cell_length(cell: m.Inlines) -> int:
    """How many characters a reader sees in the cell."""
    return len(m.plain_text(cell))


def fit_cell(cell: m.Inlines, path: str, line: int | None
             ) -> tuple[m.Inlines, Diagnostic | None]:
    """The cell as both outputs show it, and the warning when it had to be cut short."""
    length = cell_length(cell)
    if length <= MAX_CELL_CHARS:
        return cell, None
    message = (f"a table cell of {length:,} characters is too long for a table (the limit is "
               f"{MAX_CELL_CHARS:,}); it is cut short in the handout and the deck")
    return cut_inlines(cell, _cut_point(m.plain_text(cell))), warning(path, line, message)


def _cut_point(text: str) -> int:
    """Where to cut `text` so that, with the cut mark, it is within the limit: at a space
    shortly before that point when there is one."""
    budget = MAX_CELL_CHARS - len(CUT_MARK)
    space = text.rfind(" ", budget - WORD_BACKTRACK, budget + 1)
    return space if space > 0 else budget


def cut_inlines(cell: m.Inlines, keep: int) -> m.Inlines:
    """The first `keep` characters of `cell` (formatting kept), then the cut mark."""
    out: list[m.Inline] = []
    used = 0
    for item in cell:
        size = len(m.plain_text((item,)))
        if used + size <= keep:
            out.append(item)
            used += size
            continue
        if isinstance(item, m.Span) and keep > used:
            out.append(m.Span(item.text[:keep - used], item.bold, item.italic, item.code,
                              item.strike, item.href))
        break
    if out and isinstance(out[-1], m.Span):
        last = out[-1]
        out[-1] = m.Span(last.text.rstrip(), last.bold, last.italic, last.code, last.strike,
                         last.href)
    return (*out, m.Span(CUT_MARK, italic=True))


def row_line(table: m.Table, index: int) -> int:
    """The source line of body row `index` (the table's line when the parser gave none)."""
    return table.row_lines[index] if index < len(table.row_lines) else table.line


def fit_table(table: m.Table, path: str) -> tuple[m.Table, list[Diagnostic]]:
    """`table` with every over-long cell cut short, and one warning per cut cell."""
    problems: list[Diagnostic] = []

    def fitted(row: tuple[m.Inlines, ...], line: int) -> tuple[m.Inlines, ...]:
        cells = []
        for cell in row:
            kept, problem = fit_cell(cell, path, line)
            cells.append(kept)
            if problem is not None:
                problems.append(problem)
        return tuple(cells)

    header = fitted(table.header, table.line)
    rows = tuple(fitted(row, row_line(table, i)) for i, row in enumerate(table.rows))
    if not problems:
        return table, problems
    return dataclasses.replace(table, header=header, rows=rows), problems

"""render/common/cells.py: one rule for a table cell too long for a table, in both outputs."""

from __future__ import annotations

from studyguide.outline import model as m
from studyguide.render.common import cells

S = m.Span


def test_a_cell_within_the_limit_is_untouched() -> None:
    cell = (S("Lenin's "), S("testament", italic=True), m.Citation("service2004", 1))
    assert cells.fit_cell(cell, "outlines/a.md", 5) == (cell, None)


def test_a_long_cell_is_cut_at_a_word_with_a_mark_and_one_warning() -> None:
    cell = (S("Bold start ", bold=True), S("word " * 3000))
    kept, problem = cells.fit_cell(cell, "outlines/a.md", 9)
    assert problem is not None
    assert (problem.path, problem.line) == ("outlines/a.md", 9)
    assert problem.message == ("a table cell of 15,011 characters is too long for a table (the "
                               "limit is 1,500); it is cut short in the handout and the deck")
    assert kept[0] == S("Bold start ", bold=True)  # formatting survives the cut
    assert kept[-1] == S(cells.CUT_MARK, italic=True)
    assert len(m.plain_text(kept)) <= cells.MAX_CELL_CHARS
    assert m.plain_text(kept[:-1]).endswith("word")


def test_a_cut_inside_a_citation_keeps_the_text_before_it() -> None:
    before = "x" * (cells.MAX_CELL_CHARS - 16)
    cell = (S(before), m.Citation("k", 12), S("y" * 50))  # the citation reads "[12]"
    kept, _ = cells.fit_cell(cell, "o.md", 1)
    assert kept == (S(before), S(cells.CUT_MARK, italic=True))


def test_fit_table_cuts_header_and_rows_and_names_each_row_line() -> None:
    long = (S("a " * cells.MAX_CELL_CHARS),)
    table = m.Table(3, ((S("Name"),), long), (((S("Stalin"),), long), ((S("Lenin"),), (S("ok"),))),
                    row_lines=(5, 6))
    fitted, problems = cells.fit_table(table, "o.md")
    assert [p.line for p in problems] == [3, 5]
    assert fitted.rows[1] == table.rows[1]
    assert m.plain_text(fitted.header[1]).endswith(cells.CUT_MARK)
    assert cells.fit_table(fitted, "o.md")[1] == []  # cutting again changes nothing

"""The course pack's who's who read back from the PDF (pdfplumber): its heading goes with at
least MIN_TABLE_ROWS rows of its table, and no name or date in it is split inside."""

from __future__ import annotations

import functools
import io
from pathlib import Path

import pdfplumber
import pytest

from studyguide.course.merge import merge_figures, split_name
from studyguide.outline.model import plain_text
from studyguide.outline.parser import parse_outline
from studyguide.render import RenderSettings
from studyguide.render.pdf import render_course_pack
from studyguide.render.pdf.keep import MIN_TABLE_ROWS
from studyguide.theme.loader import load_theme

REPO = Path(__file__).resolve().parents[2]
SHIPPED = sorted(p.stem for p in (REPO / "outlines").glob("*.md"))


def shipped():
    out = []
    for slug in SHIPPED:
        parsed, problems = parse_outline(REPO / "outlines" / f"{slug}.md", REPO)
        assert parsed is not None, [p.format() for p in problems]
        out.append(parsed)
    return out


@functools.lru_cache(maxsize=None)
def pack(theme: str, paper: str) -> bytes:
    """The student course pack of the shipped outlines (made once per theme and paper)."""
    return render_course_pack(shipped(), load_theme(theme, REPO)[0],
                              RenderSettings(paper=paper), "student").data


@pytest.mark.parametrize(("theme", "paper"), [("classic", "A4"), ("high-contrast", "letter")])
def test_the_whos_who_heading_keeps_with_several_rows(theme: str, paper: str) -> None:
    outlines = shipped()
    data = pack(theme, paper)
    surnames = [split_name(plain_text(f.name))[0] for f in merge_figures(outlines)]
    with pdfplumber.open(io.BytesIO(data)) as doc:
        texts = [page.extract_text() or "" for page in doc.pages]
    # the heading's page (not the contents page, which names it too)
    page = next(t for t in texts if "Who’s who" in t.splitlines() and "Contents" not in t)
    below = page[page.index("Who’s who"):]
    rows = [name for name in surnames if f"{name}," in below]
    assert len(rows) >= min(MIN_TABLE_ROWS, len(surnames)), rows


def _rows_under(parts) -> int:
    """The rows kept under the heading on this page (0: the group moves overleaf)."""
    from reportlab.platypus import Table
    from reportlab.platypus.doctemplate import ActionFlowable

    for part in parts:
        if isinstance(part, ActionFlowable):  # a frame break before it: all goes overleaf
            return 0
        if isinstance(part, Table):
            return len(part._cellvalues) - part.repeatRows
    return 0


@pytest.mark.parametrize("room_rows", [1, 2, 3, 5])
def test_a_heading_splits_its_table_only_with_enough_rows_under_it(room_rows: int) -> None:
    """Measured on the flowables: a heading and its table in a room that holds `room_rows`
    rows under the header either split with at least MIN_TABLE_ROWS rows or move whole."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, Table

    from studyguide.render.pdf.keep import KeepWithFirst

    heading = Paragraph("Who’s who", getSampleStyleSheet()["Heading2"])
    table = Table([["Name", "Role"]] + [[f"Person {i}", "Role"] for i in range(20)],
                  rowHeights=[20.0] * 21, repeatRows=1)
    _, tall = heading.wrap(400, 1000)
    room = tall + heading.getSpaceAfter() + 20.0 * (1 + room_rows) + 4
    from reportlab.pdfgen.canvas import Canvas

    group = KeepWithFirst([heading, table])
    group.canv = Canvas(io.BytesIO())
    parts = group.split(400, room)
    if room_rows < MIN_TABLE_ROWS:
        assert _rows_under(parts) == 0  # the lot goes overleaf
    else:
        assert _rows_under(parts) >= MIN_TABLE_ROWS


@pytest.mark.parametrize(("theme", "paper"), [("classic", "A4"), ("high-contrast", "letter")])
def test_whos_who_never_splits_a_name_or_a_date_inside(theme: str, paper: str) -> None:
    """Each column is at least as wide as its widest word or date: main split "23 Decem-ber
    1953" and "Ordzhonikid-ze" across lines in large type."""
    import re

    outlines = shipped()
    data = pack(theme, paper)
    figures = merge_figures(outlines)
    dates, names = set(), set()
    for figure in figures:
        names.add(split_name(plain_text(figure.name))[0] + ",")
        for app in figure.appearances:
            for _, cell in app.cells:
                dates |= set(re.findall(r"\b\d{1,2} [A-Z][a-z]+ \d{4}\b", plain_text(cell)))
    with pdfplumber.open(io.BytesIO(data)) as doc:
        texts = [page.extract_text() or "" for page in doc.pages]
    start = next(i for i, t in enumerate(texts) if "Who’s who" in t.splitlines()
                 and "Contents" not in t)
    end = next(i for i, t in enumerate(texts) if i > start and "Glossary" in t.splitlines())
    text = "\n".join(texts[start:end + 1]).replace("\u00a0", " ")
    assert dates and names
    assert not [d for d in dates if d not in text]
    assert not [n for n in names if n.strip(",") and n not in text]
    # one header a page: no row is split under a second header at a page's foot
    assert all(t.count("Name Role") <= 1 for t in texts[start:end + 1])


def test_a_table_split_after_its_heading_leaves_two_rows_overleaf() -> None:
    """02's key figures left their last row (Kirov) alone at the top of a page."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Paragraph, Table

    from studyguide.render.pdf.keep import MIN_TAIL_ROWS, KeepWithFirst

    heading = Paragraph("Key figures", getSampleStyleSheet()["Heading2"])
    table = Table([["Name", "Role"]] + [[f"Person {i}", "Role"] for i in range(8)],
                  rowHeights=[20.0] * 9, repeatRows=1)
    _, tall = heading.wrap(400, 1000)
    group = KeepWithFirst([heading, table])
    group.canv = Canvas(io.BytesIO())
    parts = group.split(400, tall + heading.getSpaceAfter() + 20.0 * 8 + 4)  # all but one row
    tables = [p for p in parts if isinstance(p, Table)]
    assert len(tables) == 2
    assert len(tables[1]._cellvalues) - 1 >= MIN_TAIL_ROWS
    assert len(tables[0]._cellvalues) - 1 + len(tables[1]._cellvalues) - 1 == 8
    # the rest goes overleaf, not into the room the shortened first part leaves
    between = parts[parts.index(tables[0]) + 1:parts.index(tables[1])]
    assert [type(p).__name__ for p in between] == ["_FrameBreak"]

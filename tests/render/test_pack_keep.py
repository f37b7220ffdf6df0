"""Keep-together rules in the course pack's back matter, read back from the PDF (pdfplumber):
the who's who heading goes with at least MIN_TABLE_ROWS rows of its table."""

from __future__ import annotations

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


@pytest.mark.parametrize(("theme", "paper"), [("classic", "A4"), ("high-contrast", "letter")])
def test_the_whos_who_heading_keeps_with_several_rows(theme: str, paper: str) -> None:
    outlines = shipped()
    data = render_course_pack(outlines, load_theme(theme, REPO)[0], RenderSettings(paper=paper),
                              "student").data
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

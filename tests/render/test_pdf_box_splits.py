"""A box (teacher notes, model answers, quotations) splits across pages only with at least two
lines on each side, as a book designer would. The box is laid out in a real document at every
height left on the first page, and the pages are read back (pdfplumber)."""

from __future__ import annotations

import io

import pdfplumber
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from studyguide.render.pdf.boxes import Boxed

BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=14)
LABEL = ParagraphStyle("label", parent=BODY, fontName="Helvetica-Bold")
FRAME = A4[1] - 2 * 72 - 12  # a SimpleDocTemplate frame with 1 in margins and 6 pt paddings


def box_lines_by_page(room_left: float, paragraphs: list[int]) -> list[list[str]]:
    """The box's lines (`L1`, `L2`... one a line; the label as `Teacher`) on each page, with
    `room_left` points left on page 1; `paragraphs` are the lines of each of its paragraphs."""
    children, number = [Paragraph("Teacher notes", LABEL)], 0
    for count in paragraphs:
        words = [f"L{number + i + 1}" + " filler" * 11 for i in range(count)]
        children.append(Paragraph(" ".join(words), BODY))
        number += count
    data = io.BytesIO()
    doc = SimpleDocTemplate(data, pagesize=A4, leftMargin=72, rightMargin=72, topMargin=72,
                            bottomMargin=72)
    doc.build([Spacer(1, FRAME - room_left), Boxed(children, padding=6)])
    with pdfplumber.open(data) as pdf:
        return [[w["text"] for w in page.extract_words()
                 if w["text"][:1] == "L" and w["text"][1:].isdigit() or w["text"] == "Teacher"]
                for page in pdf.pages]


def splits(paragraphs: list[int]) -> list[tuple[float, list[list[str]]]]:
    """Every layout of the box from 10 to 200 points left on page 1, in steps of 3."""
    return [(room, box_lines_by_page(room, paragraphs)) for room in range(10, 200, 3)]


def test_each_line_of_the_box_is_one_line_of_text():
    """The premise of the tests below: an `L` word starts each line, in order."""
    (page,) = box_lines_by_page(FRAME, [2, 1, 3])
    assert page == ["Teacher"] + [f"L{i}" for i in range(1, 7)]


def test_a_box_of_short_paragraphs_never_leaves_one_line_on_either_side():
    laid = splits([1, 1, 1, 1, 1])
    split = [(room, pages) for room, pages in laid if len(pages) == 2 and pages[0]]
    assert split, "no height split the box: the test would prove nothing"
    for room, (first, second) in split:
        assert len(first) >= 2 and len(second) >= 2, (room, first, second)
        assert first + second == ["Teacher"] + [f"L{i}" for i in range(1, 6)]


def test_a_box_split_inside_a_paragraph_keeps_two_lines_on_each_side():
    for room, pages in splits([6]):
        if len(pages) == 2 and pages[0]:
            first, second = pages
            assert len([w for w in first if w != "Teacher"]) >= 2, (room, first)
            assert len(second) >= 2, (room, second)

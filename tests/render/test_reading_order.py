"""Both outputs follow outline/order.py's reading order, so citation numbers rise through them.

The outline cites a different source in every part and writes its reserved sections in the
reverse of reading order, so an output that followed the file, or kept an order of its own,
would show the numbers out of order.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import conftest
import pytest
from pptx import Presentation

from studyguide.outline import order
from studyguide.outline.model import Outline
from studyguide.outline.order import PartKind
from studyguide.outline.parser import parse_text
from studyguide.project.config import Course
from studyguide.render import RenderSettings
from studyguide.render.deck import render_pptx
from studyguide.render.deck.plan import SLIDES
from studyguide.render.pdf import render_pdf
from studyguide.render.pdf.parts import FLOWABLES
from studyguide.theme.model import Theme

SETTINGS = RenderSettings(course=Course("Course", "School", "Teacher"))

CITING = """\
---
title: Citing everywhere
sources:
  note: Notes Author (2012)
  ans: Answer Author (2013)
  qo: Option Author (2011)
  qb: Extract Author (2010)
  qp: Prompt Author (2009)
  gl: Glossary Author (2008)
  kf: Key Figures Author (2007)
  tl: Timeline Author (2006)
  tlintro: Timeline Intro Author (2005)
  secb: Section B Author (2004)
  seca: Section A Author (2003)
  obj: Objective Author (2002)
  intro: Intro Author (2001)
---

Introduction cites [@intro].

## Questions
1. Which prompt cites [@qp]?

   > The extract cites [@qb].

   - [x] The option cites [@qo]
   - [ ] Another option
2. Why?
   - Answer: The answer cites [@ans].

## Glossary
- **Term**: the glossary cites [@gl].

## Key figures
| Name | Role |
| --- | --- |
| Someone | The table cites [@kf] |

## Timeline
Timeline introduction cites [@tlintro].

- 1924: The event cites [@tl]
- 1922: An earlier event

## Section A
Section A cites [@seca].

::: notes
The notes cite [@note].
:::

## Section B
Section B cites [@secb] and again [@intro].

## Learning objectives
- The objective cites [@obj].
"""

# Text only one part shows, in both outputs, to find where each part is.
MARKERS = {"intro": "Introduction cites", "objectives": "The objective cites",
           "Section A": "Section A cites", "Section B": "Section B cites",
           "timeline": "The event cites", "key_figures": "The table cites",
           "glossary": "the glossary cites", "questions": "Which prompt cites",
           "sources": "Intro Author"}


@pytest.fixture(scope="module")
def outline(tmp_path_factory: pytest.TempPathFactory) -> Outline:
    root = tmp_path_factory.mktemp("project")
    parsed, problems = parse_text(CITING, str(root / "outlines/citing.md"), str(root))
    assert parsed is not None and not problems, [p.format() for p in problems]
    return parsed


def pdf_text(data: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    path = tmp_path / "handout.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def deck_text(data: bytes) -> str:
    """The text on the slides in slide order (speaker notes left out)."""
    return "\n".join(conftest.deck_text(data)[0])


def first_uses(numbers: list[int]) -> list[int]:
    """Each number the first time it appears, in order of appearance."""
    seen: list[int] = []
    for number in numbers:
        if number not in seen:
            seen.append(number)
    return seen


def student_numbers(outline: Outline, *keys_not_shown: str) -> list[int]:
    """The numbers of sources cited where students read, but for `keys_not_shown`."""
    teacher_only = {"note", "ans", *keys_not_shown}
    return sorted(s.number for s in outline.cited_sources if s.key not in teacher_only)


def test_citation_numbers_rise_through_the_handout(outline: Outline, tmp_path: Path) -> None:
    text = pdf_text(render_pdf(outline, Theme(), SETTINGS, "student").data, tmp_path)
    # a citation number is glued to the word before it: "cites1" in the text layer
    found = [int(n) for n in re.findall(r"\b(?:cites|again)\s*(\d+)", text)]
    # Every part's citation is there (the event's twice: on the graphic and in the
    # chronology; [@intro] again in Section B), and each number is first met after all the
    # smaller ones: 1, 2, 3, ... with no gaps.
    assert len(found) == 13 and found.count(1) == 2
    assert first_uses(found) == student_numbers(outline) == list(range(1, 12))


def shown_and_said(data: bytes) -> str:
    """Each slide's text, then its speaker notes: a projection slide shows short points and
    leaves the sentences, with their citations, to its notes (docs/decks.md)."""
    out = []
    for slide in Presentation(io.BytesIO(data)).slides:
        out.append(deck_text_of(slide))
        if slide.has_notes_slide:
            out.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(out)


def deck_text_of(slide) -> str:
    out = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if shape.has_table:
            out.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return "\n".join(out)


def test_citation_numbers_rise_through_the_deck(outline: Outline) -> None:
    text = shown_and_said(render_pptx(outline, Theme(), SETTINGS).data)
    found = [int(n) for n in re.findall(r"\b(?:cites|again) \[(\d+)\]", text)]
    # The timeline's introduction is handout-only: its number is skipped, never out of order.
    # (A slide with no notes of its own repeats its text in them, so numbers recur; the
    # speaker notes may cite sources cited nowhere else, numbered after all the others.)
    expected = student_numbers(outline, "tlintro")
    uses = first_uses(found)
    assert uses[:len(expected)] == expected
    assert all(n > max(expected) for n in uses[len(expected):])


def part_sequence(text: str) -> list[str]:
    """The parts in the order their marker text first appears."""
    at = {name: text.find(marker) for name, marker in MARKERS.items()}
    assert all(position >= 0 for position in at.values()), at
    return sorted(at, key=at.__getitem__)


def expected_sequence(outline: Outline) -> list[str]:
    names = []
    for part in order.reading_order(outline):
        if isinstance(part, order.SectionPart):
            names.append(part.section.title_text)
        elif part.kind is not PartKind.TITLE:
            names.append(part.kind.value)
    return names


@pytest.mark.parametrize("reverse", [False, True])
def test_both_outputs_show_the_parts_in_reading_order(outline: Outline, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      reverse: bool) -> None:
    # Reversing outline/order.py's order reverses both outputs: neither has an order of its own.
    if reverse:
        forward = order.reading_order
        monkeypatch.setattr(order, "reading_order", lambda o: tuple(reversed(forward(o))))
    expected = expected_sequence(outline)
    assert (expected[0] == "sources") is reverse
    handout = pdf_text(render_pdf(outline, Theme(), SETTINGS, "student").data, tmp_path)
    deck = deck_text(render_pptx(outline, Theme(), SETTINGS).data)
    assert part_sequence(handout) == expected
    assert part_sequence(deck) == expected


def test_each_output_has_one_function_for_every_kind_of_part() -> None:
    assert set(FLOWABLES) == set(PartKind) == set(SLIDES)


def test_a_part_an_output_cannot_show_is_a_warning_not_a_crash(
        outline: Outline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(FLOWABLES, PartKind.GLOSSARY)
    monkeypatch.delitem(SLIDES, PartKind.GLOSSARY)
    handout = render_pdf(outline, Theme(), SETTINGS, "student")
    deck = render_pptx(outline, Theme(), SETTINGS)
    for rendered in (handout, deck):
        assert [d.message for d in rendered.diagnostics] == [
            f"the {'handout' if rendered is handout else 'deck'} cannot show a part of kind "
            "'glossary'"]
    assert "the glossary cites" not in pdf_text(handout.data, tmp_path)
    assert "Which prompt cites" in deck_text(deck.data)

"""Handout and deck give the same answer for the same input: missing glyphs and control characters.

Each test renders one outline (or one model) both ways and reads the results back as a reader
would: the PDF with pdfplumber, the deck with python-pptx.
"""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest
from pptx import Presentation

from studyguide.outline import model as m
from studyguide.outline.parser import parse_text
from studyguide.project.config import Course
from studyguide.render import RenderSettings
from studyguide.render.common.fonts import FALLBACK_FAMILIES, fallback_face, fallback_faces
from studyguide.render.common.glyphs import has_char
from studyguide.render.deck import render_pptx
from studyguide.render.pdf import render_pdf
from studyguide.theme.loader import load_theme

REPO = Path(__file__).resolve().parents[2]
SETTINGS = RenderSettings(course=Course("Stalin's Rise", "Hill School", "Ms Smith"))
OUTLINE = """---
title: Glyphs
---

## Scripts

- Cyrillic Ж, the multiocular \ua66c twice: \ua66c, and unassigned \u0378.

- A bullet with Hebrew \u05e9 in it.
"""  # both as bullets: a deck shows bullets (shortened, here whole) and leaves prose to the notes


def classic():
    theme, problems = load_theme("classic", REPO)
    assert theme is not None, problems
    return theme


def both(outline):
    """The handout and the deck of `outline` with the classic theme."""
    return (render_pdf(outline, classic(), SETTINGS, "student"),
            render_pptx(outline, classic(), SETTINGS))


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def deck_text(data: bytes) -> str:
    prs = Presentation(io.BytesIO(data))
    return "\n".join(shape.text_frame.text for slide in prs.slides for shape in slide.shapes
                     if shape.has_text_frame)


def glyph_messages(rendered) -> list[str]:
    return [d.format() for d in rendered.diagnostics if "missing from the theme's fonts" in d.message]


def parsed():
    outline, problems = parse_text(OUTLINE, "outlines/x.md", str(REPO))
    assert outline is not None, problems
    return outline


def instead(char: str) -> str:
    """What both renderers say they did with a character Gentium Book Plus lacks."""
    fallback = fallback_faces()
    assert fallback is not None and fallback.family in FALLBACK_FAMILIES
    return (f"drawn with '{fallback.family}'" if has_char(char, fallback_face())
            else "shown as '?'")


def test_both_renderers_warn_identically_for_missing_glyphs() -> None:
    handout, deck = both(parsed())
    expected = [f"outlines/x.md:{line}: warning: character '{char}' (U+{ord(char):04X}) is "
                f"missing from the theme's fonts; {instead(char)}"
                for line, char in ((7, "\ua66c"), (7, "\u0378"), (9, "\u05e9"))]
    assert instead("\u0378") == "shown as '?'"  # unassigned: no font can have it
    assert glyph_messages(handout) == glyph_messages(deck) == expected


def test_a_character_no_font_has_shows_as_the_same_question_mark() -> None:
    handout, deck = both(parsed())
    for text in (pdf_text(handout.data), deck_text(deck.data)):
        assert "and unassigned ?." in text and "\u0378" not in text
        assert "Ж" in text


def test_both_draw_a_missing_character_in_the_fallback_family() -> None:
    handout, deck = both(parsed())
    with pdfplumber.open(io.BytesIO(handout.data)) as pdf:
        used = {char["text"]: char["fontname"].split("+")[-1] for page in pdf.pages
                for char in page.chars}
    assert used["Ж"] == used["?"] == "GentiumBookPlus"  # the embedded font's own name
    if fallback_faces().family == "DejaVu Sans":  # has both; Noto Sans has neither
        assert used["\ua66c"] == used["\u05e9"] == "DejaVuSans"
    prs = Presentation(io.BytesIO(deck.data))
    fonts = {run.text: run.font.name for slide in prs.slides for shape in slide.shapes
             if shape.has_text_frame for para in shape.text_frame.paragraphs
             for run in para.runs}
    body = classic().slides.body_font  # the deck's own font (docs/decks.md)
    assert fonts["Cyrillic Ж, the multiocular "] == body
    assert fonts[", and unassigned ?."] == body
    if fallback_faces().family == "DejaVu Sans":
        assert fonts["\ua66c"] == fonts["\u05e9"] == "DejaVu Sans"


@pytest.mark.parametrize("char", ["\x07", "\x1b", "\x85", "\u202e", "\u200b", "\ufeff"])
def test_a_control_character_is_removed_identically_from_handout_and_deck(char: str) -> None:
    # Built as a model, not parsed: the parser would already have removed the character.
    body = (m.Paragraph(5, (m.Span(f"Before{char}after and{char} more"),)),)
    outline = m.Outline(path="outlines/c.md", slug="c", meta=m.Meta("Controls"),
                        sections=(m.Section(3, (m.Span("Part"),), body),))
    handout, deck = both(outline)
    for text in (pdf_text(handout.data), deck_text(deck.data)):
        assert "Beforeafter and more" in text
        assert char not in text


CODE = """---
title: Code
---

## A listing

```
total = 0
for x in (1, 22, 333):
    total += x
```
"""


def test_code_is_monospaced_in_both_outputs() -> None:
    from studyguide.render.common.fonts import code_faces
    from studyguide.render.common.glyphs import is_monospaced

    outline, problems = parse_text(CODE, "outlines/x.md", str(REPO))
    assert outline is not None, problems
    theme = classic()
    expected = code_faces(theme.fonts.mono, theme.font_dirs)
    assert expected is not None and is_monospaced(expected[0].regular)
    assert theme.fonts.mono != expected[1]  # classic names a proportional code font
    handout, deck = both(outline)
    with pdfplumber.open(io.BytesIO(handout.data)) as pdf:
        pdf_fonts = {c["fontname"].split("+")[-1] for page in pdf.pages for c in page.chars
                     if c["text"] in "+=3"}
    assert pdf_fonts and all("Mono" in name for name in pdf_fonts), pdf_fonts
    deck_fonts = {run.font.name for slide in Presentation(io.BytesIO(deck.data)).slides
                  for shape in slide.shapes if shape.has_text_frame
                  for para in shape.text_frame.paragraphs for run in para.runs
                  if "total +=" in run.text or "333" in run.text}
    # the deck names Courier New, which every school PC has, measured with its monospaced
    # twin Liberation Mono (docs/decks.md): monospaced in both, in the deck's own font policy
    assert deck_fonts == {classic().slides.mono_font} == {"Courier New"}

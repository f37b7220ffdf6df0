"""Numbers in a number-only table column line up as a reader sees them: flush right, digit
under digit (tabular figures), in every built-in theme. Read back from the PDF (pdfplumber)."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest

from studyguide.outline.parser import parse_text
from studyguide.render import RenderSettings
from studyguide.render.pdf import render_pdf
from studyguide.theme.loader import load_theme

REPO = Path(__file__).resolve().parents[2]
OUTLINE = """---
title: Figures
---

## The scale

| Measure | Number |
| --- | --- |
| Arrested, 1937–1938 | 1,548,366 |
| Sentenced to death | 681,692 |
| Released | 7,304 |
| Camps | 53 |
"""
NUMBERS = ("1,548,366", "681,692", "7,304", "53")


@pytest.mark.parametrize("theme_name", ["classic", "high-contrast", "ink-saver"])
def test_a_number_column_is_flush_right_in_tabular_figures(theme_name: str) -> None:
    outline, problems = parse_text(OUTLINE, str(REPO / "outlines/figures.md"), str(REPO))
    assert outline is not None, problems
    theme, _ = load_theme(theme_name, REPO)
    data = render_pdf(outline, theme, RenderSettings(), "student").data
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        words = [w for page in pdf.pages for w in page.extract_words(extra_attrs=["size"])]
        chars = [c for page in pdf.pages for c in page.chars]
    cells = [next(w for w in words if w["text"] == number) for number in NUMBERS]
    rights = [w["x1"] for w in cells]
    assert max(rights) - min(rights) < 0.5, rights  # flush right
    size = cells[0]["size"]
    digits = {round(c["x1"] - c["x0"], 2) for c in chars
              if c["text"].isdigit() and abs(c["size"] - size) < 0.1
              and any(w["top"] - 1 <= c["top"] <= w["bottom"] for w in cells)}
    assert len(digits) == 1, digits  # every digit as wide as every other: tabular figures

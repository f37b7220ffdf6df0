"""Deck tables: rows as tall as a slide allows, and a warning when a cell must still be cut."""

from __future__ import annotations

import io
from pathlib import Path

from pptx import Presentation

from studyguide.outline.parser import parse_text
from studyguide.render import RenderSettings
from studyguide.render.deck import render_pptx
from studyguide.render.deck.flow import TOO_TALL
from studyguide.theme.loader import load_theme

REPO = Path(__file__).resolve().parents[2]


def _deck(columns: int, cell: str):
    head = "| " + " | ".join(f"C{i}" for i in range(columns)) + " |\n"
    rule = "|" + "---|" * columns + "\n"
    row = "| " + cell + " | " + " | ".join("x" * 12 for _ in range(columns - 1)) + " |\n"
    text = f"---\ntitle: T\n---\n\n## Table\n\n{head}{rule}{row}"
    outline, problems = parse_text(text, str(REPO / "outlines/t.md"), str(REPO))
    assert outline is not None, problems
    theme, _ = load_theme("classic", REPO)
    rendered = render_pptx(outline, theme, RenderSettings())
    tables = [sh for s in Presentation(io.BytesIO(rendered.data)).slides for sh in s.shapes
              if sh.has_table]
    cells = [c.text for sh in tables for r in sh.table.rows for c in r.cells]
    heights = [r.height.pt for sh in tables for r in sh.table.rows]
    return list(rendered.diagnostics), cells, heights


def test_a_cell_of_more_than_eight_lines_is_shown_whole_without_a_warning() -> None:
    cell = "Words of a long note. " * 17  # 374 characters: under the shared limit
    problems, cells, heights = _deck(6, cell)
    assert problems == []
    assert cell.strip() in cells  # the deck used to cut it silently at 8 lines
    assert max(heights) > 8 * 16 * 1.2


def test_a_cell_too_tall_for_a_slide_is_cut_with_a_warning() -> None:
    cell = "Words of a long note. " * 17
    problems, cells, _ = _deck(14, cell)
    assert [(d.line, d.message) for d in problems] == [(9, TOO_TALL)]
    assert any(c.startswith("Words of") and c.endswith("…") for c in cells)

"""The handout and the deck give the same warnings for the same input (issue 13, step 2)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

from studyguide.outline.parser import parse_text
from studyguide.project.config import Course
from studyguide.render import RenderSettings
from studyguide.render.common import images
from studyguide.render.common.cells import MAX_CELL_CHARS
from studyguide.render.deck import render_pptx
from studyguide.render.pdf import render_pdf
from studyguide.theme.loader import load_theme

REPO = Path(__file__).resolve().parents[2]
SETTINGS = RenderSettings(course=Course("Stalin's Rise", "", ""))
LONG = "The plenum heard the testament read aloud. " * 350  # 15,049 characters in the cell


def _outline(tmp_path: Path):
    from PIL import Image

    (tmp_path / "outlines").mkdir()
    Image.new("RGB", (300, 200), "white").save(tmp_path / "outlines" / "scan.jpg")
    text = ("---\ntitle: Both outputs\n---\n\n## Figures\n\n| Name | Note |\n|---|---|\n"
            f"| Stalin | {LONG} |\n| Lenin | Short |\n\n![A huge scan](scan.jpg)\n")
    outline, problems = parse_text(text, str(tmp_path / "outlines/x.md"), str(tmp_path))
    assert outline is not None and not problems, [p.format() for p in problems]
    return outline


@pytest.fixture
def rendered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # The parser cannot see a JPEG's pixel count; a real 64-megapixel scan is slow to make.
    monkeypatch.setattr(images, "MAX_IMAGE_PIXELS", 50_000)
    theme, _ = load_theme("classic", REPO)
    outline = _outline(tmp_path)
    return (render_pdf(outline, theme, SETTINGS, "student"),
            render_pptx(outline, theme, SETTINGS))


def test_both_renderers_give_the_same_warnings(rendered) -> None:
    pdf, deck = rendered
    assert pdf.diagnostics == deck.diagnostics
    messages = [(d.line, d.message) for d in pdf.diagnostics]
    assert messages == [
        (9, "a table cell of 15,049 characters is too long for a table (the limit is 1,500); "
            "it is cut short in the handout and the deck"),
        (12, "image 'scan.jpg' cannot be shown: it is 300 x 200 pixels; the limit is "
             "0.05 megapixels; a placeholder is shown instead"),
    ]


def test_both_outputs_show_the_same_cut_and_a_placeholder(rendered) -> None:
    pdf, deck = rendered
    handout = " ".join(" ".join(p.extract_text().split())
                       for p in PdfReader(io.BytesIO(pdf.data)).pages)
    slides = Presentation(io.BytesIO(deck.data)).slides
    cells = [c.text for s in slides for sh in s.shapes if sh.has_table
             for row in sh.table.rows for c in row.cells]
    note = next(c for c in cells if c.startswith("The plenum"))
    assert note.endswith(" … [cut short]") and note.startswith("The plenum heard")
    assert len(note) <= MAX_CELL_CHARS and " ".join(note.split()) in handout
    assert "Image not available: A huge scan" in handout
    texts = [sh.text_frame.text for s in slides for sh in s.shapes if sh.has_text_frame]
    assert "Image not available: A huge scan" in texts

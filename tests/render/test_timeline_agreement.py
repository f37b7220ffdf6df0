"""The handout and the deck put the same events at the same relative places on the time axis.

Read back from the files: the PDF's marker circles (pdfplumber) down the page and the deck's
marker ovals (python-pptx) across the slide, each as a fraction of the unbroken run they sit in
(a break is a fixed gap on the page and a share of the slide, so only the runs compare).
"""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest

from studyguide.outline.parser import parse_text
from studyguide.render import RenderSettings
from studyguide.render.deck import render_pptx
from studyguide.render.pdf import render_pdf
from studyguide.theme.loader import load_theme

REPO = Path(__file__).resolve().parents[2]
MARKER_D = 5.8  # the PDF marker's diameter (2 * MARKER_R)
# Two early events, 200 empty years, then a run: the empty span must be cut out in both.
DATES = ["1700", "1705", "1917", "1920", "1922/1926", "1924", "1927", "1930"]


def outline():
    events = "\n".join(f"- {d}: Event {i}" for i, d in enumerate(DATES))
    parsed, problems = parse_text(f"---\ntitle: T\n---\n\n## Timeline\n{events}\n",
                                  str(REPO / "outlines/t.md"), str(REPO))
    assert parsed is not None, [p.format() for p in problems]
    return parsed


def relative(values: list[float]) -> list[float]:
    return [(v - values[0]) / (values[-1] - values[0]) for v in values]


def pdf_markers(data: bytes) -> list[float]:
    with pdfplumber.open(io.BytesIO(data)) as doc:
        page = doc.pages[0]
        return sorted(c["top"] + c["height"] / 2 for c in page.curves
                      if abs(c["width"] - MARKER_D) < 0.2 and abs(c["height"] - MARKER_D) < 0.2)


def deck_markers(data: bytes) -> list[float]:
    from pptx import Presentation

    prs = Presentation(io.BytesIO(data))
    slide = next(s for s in prs.slides if s.shapes.title is not None
                 and s.shapes.title.text.startswith("Timeline"))
    group = next(s for s in slide.shapes if s.shape_type == 6)  # the timeline figure
    ovals = [s for s in group.shapes if s.shape_type == 1 and s.width == s.height]
    return sorted(s.left.pt + s.width.pt / 2 for s in ovals)


def test_events_sit_at_the_same_relative_places_in_handout_and_deck() -> None:
    theme, _ = load_theme("classic", REPO)
    parsed = outline()
    down = relative(pdf_markers(render_pdf(parsed, theme, RenderSettings(), "student").data))
    across = relative(deck_markers(render_pptx(parsed, theme, RenderSettings()).data))
    assert len(down) == len(across) == len(DATES)
    assert relative(down[2:]) == pytest.approx(relative(across[2:]), abs=0.004)
    # The 212 empty years between 1705 and 1917 are cut out, not drawn to scale ...
    proportional = (1917 - 1705) / (1930 - 1700)
    assert across[2] - across[1] < proportional / 8
    assert down[2] - down[1] < proportional / 4  # a fixed gap on the page
    # ... and the run after them keeps one scale: 1920 to 1930 is ten years, 1917 to 1920 three.
    assert (across[-1] - across[3]) == pytest.approx(10 / 3 * (across[3] - across[2]), rel=0.01)

"""Slide handouts: the deck printed as a PDF, drawn from the same slide plan as the .pptx.

Two versions (docs/decks.md): the student's has three slides a page, each beside
ruled lines for notes; the teacher's has each slide beside its speaker notes. Nothing is a
screenshot: every text, table, timeline and picture of `render.deck`'s plan is drawn again
with reportlab, in the same metric-compatible fonts the deck was measured with.

This package sits above both renderers (tests/test_layers.py): it needs the deck's plan and
reportlab, and the handout renderer (render/pdf) and the deck never import each other.
"""

from __future__ import annotations

from studyguide.outline.model import Outline
from studyguide.project.config import Edition
from studyguide.render import Rendered, RenderSettings
from studyguide.theme.model import Theme


def render_slide_handout(outline: Outline, theme: Theme, settings: RenderSettings,
                         edition: Edition | str) -> Rendered:
    """The slide handout of `outline` as PDF bytes: student (ruled lines) or teacher (notes)."""
    from studyguide.render.slides.document import slide_handout

    return slide_handout(outline, theme, settings, Edition(edition))


__all__ = ["render_slide_handout"]

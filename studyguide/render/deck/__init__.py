"""The PowerPoint renderer: an outline as an editable slide deck.

`plan_deck` lays every slide out as pure data (shapes.py holds the plan's types; plan.py orders
the slides; blocks.py turns outline blocks into paragraphs; flow.py fills slides and splits;
tables.py and timeline.py with slots.py lay out tables and timelines; fit.py measures text with
the real fonts). `render_pptx` draws that plan with python-pptx (emit.py) and writes the file
with fixed zip dates, so the same inputs always give the same bytes (zipfix.py).
"""

from __future__ import annotations

from studyguide.outline.model import Outline
from studyguide.render import Rendered, RenderSettings
from studyguide.render.deck.plan import build_plan, make_page, plan_deck
from studyguide.render.deck.shapes import SlidePlan
from studyguide.theme.model import Theme

__all__ = ["render_pptx", "plan_deck", "SlidePlan"]


def render_pptx(outline: Outline, theme: Theme, settings: RenderSettings) -> Rendered:
    """The deck of `outline` as .pptx bytes, with any warnings found while making it."""
    from studyguide.render.deck.emit import emit_deck
    from studyguide.render.deck.glyphs import glyph_warnings

    slides, problems = build_plan(outline, theme, settings)
    problems += glyph_warnings(slides, outline.path)
    properties = {"title": outline.meta.title, "subject": outline.meta.subtitle,
                  "author": settings.course.teacher or "studyguide",
                  # the outline's `lang:`, else the project's course.lang, else en-GB
                  "language": outline.meta.lang or settings.course.lang.strip()}
    data, more = emit_deck(slides, make_page(theme, settings), properties)
    return Rendered(data, tuple(problems + more))

"""The PDF renderer: handouts (student and teacher editions) typeset with reportlab.

reportlab is imported only when a handout is rendered, not when this package is imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from studyguide.outline.model import Outline
    from studyguide.render import Rendered, RenderSettings
    from studyguide.theme.model import Theme

EDITIONS = ("student", "teacher")


def render_pdf(outline: Outline, theme: Theme, settings: RenderSettings,
               edition: str) -> Rendered:
    """The handout of `outline` as PDF bytes plus warnings; `edition` is student or teacher."""
    from studyguide.render.pdf.document import render_handout

    if edition not in EDITIONS:
        raise ValueError(f"unknown edition {edition!r}; expected one of {EDITIONS}")
    return render_handout(outline, theme, settings, edition)


def render_course_pack(outlines: Sequence[Outline], theme: Theme, settings: RenderSettings,
                       edition: str) -> Rendered:
    """One PDF: cover, contents, every handout in order, master timeline, who's who,
    glossary, and (teacher edition) the answer key."""
    from studyguide.render.pdf.pack import render_pack

    return render_pack(list(outlines), theme, settings, edition)


__all__ = ["render_pdf", "render_course_pack", "EDITIONS"]

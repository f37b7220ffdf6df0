"""The PDF renderer: handouts (student and teacher editions) typeset with reportlab.

reportlab is imported only when a handout is rendered, not when this package is imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from studyguide.project.config import Edition
from studyguide.render.common.imports import compile_patterns_later, defer

# reportlab.lib.utils imports PIL.Image at its top (10 ms) though only an outline with images
# uses it: the stand-in loads it on first use (render/common/imports.py); its paragraph module
# compiles a URI pattern (25 ms) that only hyphenating a URI uses
defer("PIL.Image")
compile_patterns_later("reportlab.platypus.paragraph")

if TYPE_CHECKING:
    from studyguide.outline.model import Outline
    from studyguide.render import Rendered, RenderSettings
    from studyguide.theme.model import Theme

def render_pdf(outline: Outline, theme: Theme, settings: RenderSettings,
               edition: Edition | str) -> Rendered:
    """The handout of `outline` as PDF bytes plus warnings; `edition` is student or teacher."""
    from studyguide.render.pdf.document import render_handout

    return render_handout(outline, theme, settings, Edition(edition))


def render_course_pack(outlines: Sequence[Outline], theme: Theme, settings: RenderSettings,
                       edition: Edition | str) -> Rendered:
    """One PDF: cover, contents, every handout in order, master timeline, who's who,
    glossary, and (teacher edition) the answer key."""
    from studyguide.render.pdf.course_pack import render_pack

    return render_pack(list(outlines), theme, settings, Edition(edition))


__all__ = ["render_pdf", "render_course_pack"]

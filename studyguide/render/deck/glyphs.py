"""The deck's missing-glyph warnings: every run of the plan checked by the shared rule.

The plan keeps the teacher's characters; the emitter draws each one the face lacks in the
fallback family, or as '?' (render/common/fonts.py), and this reports them in slide order with
the same words and the same once-per-family rule as the handout.
"""

from __future__ import annotations

from collections.abc import Iterator

from studyguide.diagnostics import Diagnostic, warning
from studyguide.render.common.fonts import GlyphReport
from studyguide.render.deck.shapes import Grid, Run, SlidePlan, TextBox


def _runs(slides: list[SlidePlan]) -> Iterator[Run]:
    for slide in slides:
        for shape in slide.shapes:
            if isinstance(shape, TextBox):
                for para in shape.paras:
                    yield from para.runs
            elif isinstance(shape, Grid):
                for row in shape.cells:
                    for cell in row:
                        yield from cell


def glyph_warnings(slides: list[SlidePlan], path: str) -> list[Diagnostic]:
    """A warning for each character a run's face lacks, once per character and family."""
    found: list[Diagnostic] = []
    report = GlyphReport(lambda line, message: found.append(warning(path, line, message)))
    for run in _runs(slides):
        report.check(run.text, run.line, run.path, run.family, run.bold, run.italic)
    return found

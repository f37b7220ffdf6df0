"""The questions of an outline for learning platforms: GIFT and Moodle XML (Moodle's import
formats) and a QTI 1.2 package (Canvas's quiz import). Pure Python, no heavy imports.

The model answer of each question becomes its general feedback; the options of a
multiple-choice question become scored answers (with several correct options, each correct
one scores an equal share and each wrong one takes the full mark back, so ticking every box
scores nothing). Text is plain: formatting is dropped, citations show as `[n]`.
"""

from __future__ import annotations

from studyguide.outline.model import Outline
from studyguide.render import Rendered

# The file-name suffix of each export: the renderer picks the writer from the output's name.
SUFFIXES = (".gift.txt", ".moodle.xml", ".qti.zip")


def export_names(slug: str) -> list[str]:
    return [slug + suffix for suffix in SUFFIXES]


def render_export(outline: Outline, file: str) -> Rendered:
    """The export named by `file`'s suffix."""
    if file.endswith(".gift.txt"):
        from studyguide.render.lms.gift import gift

        return Rendered(gift(outline).encode("utf-8"))
    if file.endswith(".moodle.xml"):
        from studyguide.render.lms.moodle import moodle_xml

        return Rendered(moodle_xml(outline))
    from studyguide.render.lms.qti import qti_package

    return Rendered(qti_package(outline))

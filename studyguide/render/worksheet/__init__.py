"""Worksheets and quiz versions, typeset with the handout's styles, fonts and page furniture.

`render_worksheet` makes the guided notes, the timeline task, the event cards, the key-figures
task and the glossary match (each part switched by the project's [worksheet] table and the
outline's `worksheet:` front matter); `render_quiz` makes the shuffled quiz versions (student)
or their answer keys and the one-page answer grid (teacher). Each part is a list of plain
flowables under one bookmarked heading, so a tagging layer can wrap them part by part.
"""

from __future__ import annotations

from studyguide.outline.model import Outline
from studyguide.render import Rendered, RenderSettings
from studyguide.theme.model import Theme


def render_worksheet(outline: Outline, theme: Theme, settings: RenderSettings,
                     edition: str) -> Rendered:
    from studyguide.render.worksheet.sheet import worksheet_pdf

    return worksheet_pdf(outline, theme, settings, str(edition))


def render_worksheet_pack(outlines: tuple[Outline, ...], theme: Theme,
                          settings: RenderSettings, edition: str) -> Rendered:
    from studyguide.render.worksheet.sheet import worksheet_pack_pdf

    return worksheet_pack_pdf(outlines, theme, settings, str(edition))


def render_quiz(outline: Outline, theme: Theme, settings: RenderSettings,
                edition: str) -> Rendered:
    from studyguide.render.worksheet.quiz import quiz_pdf

    return quiz_pdf(outline, theme, settings, str(edition))

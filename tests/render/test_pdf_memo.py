"""Work the handout remembers (wraps, parsed fonts) changes no byte of it."""

from __future__ import annotations

import pytest
from reportlab.platypus import Paragraph
from reportlab.platypus import paragraph as rl_paragraph

from conftest import REPO
from studyguide.outline.parser import parse_outline
from studyguide.render import RenderSettings
from studyguide.render.pdf import render_pdf
from studyguide.render.pdf.paragraphs import StoryParagraph
from studyguide.theme.loader import load_theme

SETTINGS = RenderSettings(date="1 December 2026")


@pytest.fixture(scope="module")
def great_terror():  # the shipped outline with the most tables and timelines
    outline, _ = parse_outline(REPO / "outlines" / "04-great-terror.md", REPO)
    theme, _ = load_theme("classic", REPO)
    assert outline is not None and theme is not None
    return outline, theme


def _breaks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the lines broken, by reportlab or (a StoryParagraph's) by linebreak.py."""
    calls: list[int] = []
    original = rl_paragraph.Paragraph.breakLines
    story = StoryParagraph.breakLines

    def counted(self, widths):  # type: ignore[no-untyped-def]
        if not isinstance(self, StoryParagraph):
            calls.append(1)
        return original(self, widths)

    def counted_story(self, widths):  # type: ignore[no-untyped-def]
        calls.append(1)
        return story(self, widths)

    monkeypatch.setattr(rl_paragraph.Paragraph, "breakLines", counted)
    monkeypatch.setattr(StoryParagraph, "breakLines", counted_story)
    return calls


@pytest.mark.parametrize("edition", ["student", "teacher"])
def test_remembered_wraps_give_the_same_bytes(great_terror, edition: str,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    outline, theme = great_terror
    with monkeypatch.context() as plain:
        plain.setattr(StoryParagraph, "wrap", Paragraph.wrap)
        breaks = _breaks(plain)
        unremembered = render_pdf(outline, theme, SETTINGS, edition).data
        every_wrap = len(breaks)
    breaks = _breaks(monkeypatch)
    remembered = render_pdf(outline, theme, SETTINGS, edition).data
    assert remembered == unremembered
    assert len(breaks) < every_wrap * 0.6  # tables ask each cell twice: most wraps repeat

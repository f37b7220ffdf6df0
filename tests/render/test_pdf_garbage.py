"""A handout render pauses the cyclic garbage collector and collects its own cycles before it
returns (render/pdf/document.py: young_garbage): nothing it made is left for a later full
collection, and the collector is left as it was found."""

from __future__ import annotations

import gc

import pytest

from conftest import REPO
from studyguide.outline.parser import parse_outline
from studyguide.render import RenderSettings
from studyguide.render.pdf import render_pdf
from studyguide.theme.loader import load_theme

SETTINGS = RenderSettings(date="1 December 2026")


@pytest.fixture(scope="module")
def handout():
    outline, _ = parse_outline(REPO / "outlines" / "04-great-terror.md", REPO)
    theme, _ = load_theme("classic", REPO)
    assert outline is not None and theme is not None
    render_pdf(outline, theme, SETTINGS, "student")  # fonts registered, caches filled
    return outline, theme


def test_a_render_leaves_no_cycles_for_the_collector(handout) -> None:
    outline, theme = handout
    gc.collect()
    assert gc.isenabled()
    data = render_pdf(outline, theme, SETTINGS, "teacher").data
    assert data.startswith(b"%PDF")
    assert gc.isenabled()
    assert gc.collect() < 50  # before: about 17,000 objects in cycles after each render


def test_a_disabled_collector_stays_disabled_and_the_bytes_are_the_same(handout) -> None:
    outline, theme = handout
    enabled = render_pdf(outline, theme, SETTINGS, "student").data
    gc.disable()
    try:
        disabled = render_pdf(outline, theme, SETTINGS, "student").data
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert disabled == enabled


def test_a_render_makes_few_reference_cycles(handout) -> None:
    outline, theme = handout
    gc.collect()
    gc.disable()  # so the render leaves its cycles (if any) for this collection to count
    try:
        render_pdf(outline, theme, SETTINGS, "teacher")
        left = gc.collect()
    finally:
        gc.enable()
    # was about 5,600 a render: the structure tree's links up, a recursive closure per
    # tagged group and per paragraph tested for a language; what is left (about 1,400) is
    # reportlab's text object of each paragraph of several fragments (drawPara keeps a
    # method of it on it), the render's context and its canvas class
    assert left < 2000

"""TrueType text to subset codes without reportlab's loop per character (render/pdf/
textcodes.py): the same (subset, bytes) runs as reportlab's splitString, the same codes
assigned in the same order, so the same PDF bytes."""

from __future__ import annotations

import random

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from conftest import REPO
from studyguide.outline.parser import parse_outline
from studyguide.render import RenderSettings
from studyguide.render.pdf import render_pdf, textcodes
from studyguide.theme.loader import load_theme

SETTINGS = RenderSettings(date="1 December 2026")


class _Doc:
    """A stand-in document: font state is kept per document, by weak reference."""


@pytest.fixture(scope="module")
def face() -> TTFont:
    outline, _ = parse_outline(REPO / "outlines" / "01-rise-to-general-secretary.md", REPO)
    theme, _ = load_theme("classic", REPO)
    assert outline is not None and theme is not None
    render_pdf(outline, theme, SETTINGS, "student")
    fonts = [pdfmetrics.getFont(name) for name in pdfmetrics.getRegisteredFontNames()]
    return next(font for font in fonts if isinstance(font, TTFont))


def test_the_same_runs_and_codes_as_reportlab(face: TTFont) -> None:
    """Two documents, one split by reportlab and one by the fast path, given the same texts:
    a few hundred distinct characters (so later subsets), no-break spaces, characters the
    font lacks, empty text."""
    ours_doc, theirs_doc = _Doc(), _Doc()
    fast = textcodes.fast_split(face)
    slow = TTFont.splitString.__get__(face)
    rng = random.Random(7)
    ranges = [(0x400, 0x460), (0x100, 0x250), (0x391, 0x3CA)]  # Cyrillic, Latin, Greek
    alphabet = ("abc xyz\u00a0ÄÖü—“”…\u4e00\ue000"
                + "".join(chr(c) for start, end in ranges for c in range(start, end)))
    try:
        for _ in range(3000):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
            assert fast(text, ours_doc) == slow(text, theirs_doc), text
        ours, theirs = face.state[ours_doc], face.state[theirs_doc]
        assert ours.assignments == theirs.assignments and ours.subsets == theirs.subsets
        assert len(ours.subsets) > 1
    finally:
        for doc in (ours_doc, theirs_doc):
            face.state.pop(doc, None)


def test_the_same_bytes_as_with_reportlabs_split(monkeypatch: pytest.MonkeyPatch) -> None:
    outline, _ = parse_outline(REPO / "outlines" / "04-great-terror.md", REPO)
    theme, _ = load_theme("high-contrast", REPO)
    assert outline is not None and theme is not None
    textcodes.install()
    ours = render_pdf(outline, theme, SETTINGS, "teacher").data
    fonts = [pdfmetrics.getFont(name) for name in pdfmetrics.getRegisteredFontNames()]
    fast = [font for font in fonts if "splitString" in font.__dict__]
    assert fast
    with monkeypatch.context() as patched:
        patched.setattr(textcodes, "install", lambda: None)
        for font in fast:
            patched.delattr(font, "splitString")
        theirs = render_pdf(outline, theme, SETTINGS, "teacher").data
    assert ours == theirs

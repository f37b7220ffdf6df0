"""The handout's own line breaker (render/pdf/linebreak.py) breaks a plain paragraph where
reportlab's Paragraph.breakLines does, and so changes no byte of a handout; anything else it
leaves to reportlab."""

from __future__ import annotations

import copy
import random

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

from conftest import REPO
from studyguide.outline.parser import parse_outline
from studyguide.render import RenderSettings
from studyguide.render.pdf import linebreak, render_pdf
from studyguide.render.pdf.paragraphs import build_paragraph
from studyguide.theme.loader import load_theme

SETTINGS = RenderSettings(date="1 December 2026")
WORDS = ["a", "I", "the", "of", "Stalin", "Politburo", "1922", "Zinoviev's", "—", "“quoted”",
         "non-aggression", "Bukharin,", "(NEP)", "a\u00a0b", "1\u00a0December\u00a01934",
         "Nikolai\u00a0Bukharin", "x" * 30, "Generalsekretär", "смычка", "i.e.", "…", "%"]
GAPS = [" ", " ", " ", "  ", "\n", "\t", " \u2009"]


@pytest.fixture(scope="module")
def faces() -> list[str]:
    """The classic theme's registered TrueType faces (a render registers them) and a
    built-in Type 1 face."""
    outline, _ = parse_outline(REPO / "outlines" / "01-rise-to-general-secretary.md", REPO)
    theme, _ = load_theme("classic", REPO)
    assert outline is not None and theme is not None
    render_pdf(outline, theme, SETTINGS, "student")
    ttf = [name for name in pdfmetrics.getRegisteredFontNames()
           if isinstance(pdfmetrics.getFont(name), TTFont)]
    assert len(ttf) >= 4
    return [*ttf[:6], "Helvetica"]


def _lines(blpara: object) -> tuple:
    """Everything of a kind-0 break that drawing reads."""
    bl = blpara.__dict__
    return (bl["kind"], [(extra, list(words)) for extra, words in bl["lines"]],
            bl["ascent"], bl["descent"], bl["fontSize"], bl["fontName"])


def _both(markup: str, style: ParagraphStyle, widths: list[float]) -> tuple:
    """(ours, reportlab's) breaks of `markup` at `widths`, with what each leaves behind."""
    ours_para = build_paragraph(Paragraph, markup, style)
    theirs_para = build_paragraph(Paragraph, markup, style)
    ours_widths, theirs_widths = list(widths), list(widths)
    ours = linebreak.break_plain(ours_para, ours_widths)
    if ours is None:
        return None, None
    theirs = theirs_para.breakLines(theirs_widths)
    return ((_lines(ours), ours_widths, ours_para._width_max),
            (_lines(theirs), theirs_widths, theirs_para._width_max))


def test_random_paragraphs_break_where_reportlab_breaks_them(faces: list[str]) -> None:
    rng = random.Random(20)
    broken = 0
    for _ in range(4000):
        words = [rng.choice(WORDS) for _ in range(rng.randint(0, 60))]
        text = "".join(word + rng.choice(GAPS) for word in words)
        if rng.random() < 0.2:
            text = " " + text
        bullet = rng.choice(["", "", "", "<bullet>\u2022</bullet>", "<bullet>12.</bullet>"])
        style = ParagraphStyle(
            "t", fontName=rng.choice(faces), fontSize=rng.choice([7, 9.5, 10.0001, 11, 14.2]),
            leading=12, bulletFontName=rng.choice(faces), bulletFontSize=rng.choice([8, 10]),
            leftIndent=rng.choice([0, 6, 14]), firstLineIndent=rng.choice([0, -6, 3]),
            bulletIndent=rng.choice([0, 4]), spaceShrinkage=rng.choice([0.05, 0.05, 0, 0.2]),
            splitLongWords=rng.choice([1, 1, 0]))
        first = rng.uniform(20, 480)
        widths = [first, rng.choice([first, first + rng.uniform(-15, 15)])]
        ours, theirs = _both(bullet + text.replace("&", "&amp;"), style, widths)
        if ours is not None:
            broken += 1
            assert ours == theirs, (text, style.fontName, widths)
    assert broken > 3000  # most of them are plain enough to be ours


def test_every_plain_paragraph_of_a_handout_breaks_as_reportlab_breaks_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[bool] = []
    original = linebreak.break_plain

    def compare(para, width):  # type: ignore[no-untyped-def]
        twin = copy.copy(para)
        twin.frags = [getattr(frag, "clone", lambda: frag)() for frag in para.frags]
        twin_width = list(width) if isinstance(width, list) else width
        found = original(para, width)
        if found is not None:
            theirs = Paragraph.breakLines(twin, twin_width)
            assert (_lines(found), width, para._width_max) == (
                _lines(theirs), twin_width, twin._width_max), para.text
            compared.append(True)
        return found

    monkeypatch.setattr(linebreak, "break_plain", compare)
    for name in ("03-right-opposition", "04-great-terror"):
        outline, _ = parse_outline(REPO / "outlines" / f"{name}.md", REPO)
        theme, _ = load_theme("high-contrast", REPO)
        assert outline is not None and theme is not None
        render_pdf(outline, theme, SETTINGS, "teacher")
    assert len(compared) > 200


@pytest.mark.parametrize("markup", [
    "two <b>styles</b>", "a<br/>b", "<super>1</super> after", "soft\u00adhyphen", "x" * 400])
def test_what_it_does_not_break_is_left_to_reportlab(markup: str) -> None:
    style = ParagraphStyle("t", fontName="Helvetica", fontSize=10, leading=12)
    para = build_paragraph(Paragraph, markup, style)
    widths = [100.0, 100.0]
    assert linebreak.break_plain(para, widths) is None
    assert widths == [100.0, 100.0]  # and nothing was changed


@pytest.mark.parametrize("setting", [{"hyphenationLang": "en_GB"}, {"uriWasteReduce": 0.3},
                                     {"embeddedHyphenation": 1}, {"wordWrap": "RTL"},
                                     {"endDots": "."}])
def test_styles_that_hyphenate_or_reorder_are_left_to_reportlab(setting: dict) -> None:
    style = ParagraphStyle("t", fontName="Helvetica", fontSize=10, leading=12, **setting)
    para = build_paragraph(Paragraph, "plain words in one run", style)
    assert linebreak.break_plain(para, [100.0, 100.0]) is None


@pytest.mark.parametrize("theme", ["classic", "high-contrast"])
def test_the_same_bytes_as_when_reportlab_breaks_every_line(
        theme: str, monkeypatch: pytest.MonkeyPatch) -> None:
    outline, _ = parse_outline(REPO / "outlines" / "02-triumvirate.md", REPO)
    loaded, _ = load_theme(theme, REPO)
    assert outline is not None and loaded is not None
    used: list[bool] = []
    original = linebreak.break_plain

    def counted(para, width):  # type: ignore[no-untyped-def]
        found = original(para, width)
        used.append(found is not None)
        return found

    for edition in ("student", "teacher"):
        with monkeypatch.context() as patched:
            patched.setattr(linebreak, "break_plain", counted)
            ours = render_pdf(outline, loaded, SETTINGS, edition).data
        with monkeypatch.context() as patched:
            patched.setattr(linebreak, "break_plain", lambda para, width: None)
            theirs = render_pdf(outline, loaded, SETTINGS, edition).data
        assert ours == theirs
    assert used.count(True) > 100

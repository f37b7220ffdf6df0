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
from studyguide.render.pdf import widths as width_tables
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


def _frag(frag: object) -> str:
    return f"{type(frag).__name__}{sorted(frag.__dict__.items())!r}"


def _lines(blpara: object) -> tuple:
    """Everything of a break that drawing and splitting read."""
    bl = blpara.__dict__
    if bl["kind"] == 0:
        return (0, [(extra, list(words)) for extra, words in bl["lines"]],
                bl["ascent"], bl["descent"], bl["fontSize"], bl["fontName"])
    return (1, [(type(line).__name__, {key: ([_frag(w) for w in value] if key == "words"
                                             else value)
                                       for key, value in line.__dict__.items()})
                for line in bl["lines"]])


def _frag_words(para: object) -> list:
    """A paragraph's fragments after a break (of several fragments: its frag words)."""
    return [_frag(f) if not isinstance(f, list) else
            (type(f).__name__, f[0], [(_frag(g), text) for g, text in f[1:]])
            for f in para.frags]


def _both(markup: str, style: ParagraphStyle, widths: list[float]) -> tuple:
    """(ours, reportlab's) breaks of `markup` at `widths`, with what each leaves behind."""
    ours_para = build_paragraph(Paragraph, markup, style)
    theirs_para = build_paragraph(Paragraph, markup, style)
    ours_widths, theirs_widths = list(widths), list(widths)
    ours = linebreak.break_lines(ours_para, ours_widths)
    if ours is None:
        return None, None
    theirs = theirs_para.breakLines(theirs_widths)
    return ((_lines(ours), ours_widths, ours_para._width_max, _frag_words(ours_para)),
            (_lines(theirs), theirs_widths, theirs_para._width_max, _frag_words(theirs_para)))


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


def test_every_paragraph_of_a_handout_breaks_as_reportlab_breaks_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[bool] = []
    original = linebreak.break_lines

    def compare(para, width):  # type: ignore[no-untyped-def]
        twin = copy.copy(para)
        twin.frags = [getattr(frag, "clone", lambda: frag)() for frag in para.frags]
        twin_width = list(width) if isinstance(width, list) else width
        found = original(para, width)
        if found is not None:
            theirs = Paragraph.breakLines(twin, twin_width)
            assert (_lines(found), width, para._width_max, _frag_words(para)) == (
                _lines(theirs), twin_width, twin._width_max, _frag_words(twin)), para.text
            compared.append(len(twin.frags) > 1 and found.kind == 1)
        return found

    monkeypatch.setattr(linebreak, "break_lines", compare)
    for name in ("03-right-opposition", "04-great-terror"):
        outline, _ = parse_outline(REPO / "outlines" / f"{name}.md", REPO)
        theme, _ = load_theme("high-contrast", REPO)
        assert outline is not None and theme is not None
        render_pdf(outline, theme, SETTINGS, "teacher")
    assert len(compared) > 200 and compared.count(True) > 50


SPANS = [("<b>", "</b>"), ("<i>", "</i>"), ("<super>", "</super>"), ("<strike>", "</strike>"),
         ('<a href="https://example.org/a" color="#0000ff"><u>', "</u></a>"),
         ('<a href="#sg-source-3">', "</a>"), ('<font name="{face}">', "</font>"),
         ('<onDraw name="sg_lang" label="ru"/>', '<onDraw name="sg_lang" label="-"/>'),
         ("<br/>", "")]


def _styled(rng: random.Random, faces: list[str], depth: int = 0) -> str:
    """Random words, some of them in (nested) inline styles, links and language marks."""
    parts = []
    for _ in range(rng.randint(1, 12 if depth else 25)):
        if depth < 2 and rng.random() < 0.25:
            start, end = rng.choice(SPANS)
            parts.append(start.format(face=rng.choice(faces)) + _styled(rng, faces, depth + 1)
                         + end)
        else:
            parts.append(rng.choice(WORDS).replace("&", "&amp;") + rng.choice([*GAPS, ""]))
    return "".join(parts)


def test_random_styled_paragraphs_break_where_reportlab_breaks_them(faces: list[str]) -> None:
    rng = random.Random(21)
    broken = 0
    for _ in range(3000):
        face = rng.choice(faces)
        markup = rng.choice(["", "", "<bullet>3.</bullet>"]) + _styled(rng, faces)
        style = ParagraphStyle(
            "t", fontName=face, fontSize=rng.choice([7, 9.5, 10.0001, 11]), leading=12,
            bulletFontName=face, leftIndent=rng.choice([0, 6, 14]),
            firstLineIndent=rng.choice([0, -6, 3]), spaceShrinkage=rng.choice([0.05, 0, 0.2]),
            justifyBreaks=rng.choice([0, 0, 1]), splitLongWords=rng.choice([1, 1, 0]))
        first = rng.uniform(20, 480)
        widths = [first, rng.choice([first, first + rng.uniform(-15, 15)])]
        ours, theirs = _both(markup, style, widths)
        if ours is not None:
            broken += 1
            assert ours == theirs, (markup, face, widths)
    assert broken > 1500


@pytest.mark.parametrize("markup", [
    "soft\u00adhyphen", "two <b>soft\u00adhyphens</b>", "x" * 400, "<b>x</b>" + "x" * 400])
def test_what_it_does_not_break_is_left_to_reportlab(markup: str) -> None:
    style = ParagraphStyle("t", fontName="Helvetica", fontSize=10, leading=12)
    para = Paragraph(markup, style)
    widths = [100.0, 100.0]
    assert linebreak.break_lines(para, widths) is None
    assert widths == [100.0, 100.0]  # and nothing was changed


@pytest.mark.parametrize("setting", [{"hyphenationLang": "en_GB"}, {"uriWasteReduce": 0.3},
                                     {"embeddedHyphenation": 1}, {"wordWrap": "RTL"},
                                     {"endDots": "."}])
def test_styles_that_hyphenate_or_reorder_are_left_to_reportlab(setting: dict) -> None:
    style = ParagraphStyle("t", fontName="Helvetica", fontSize=10, leading=12, **setting)
    for markup in ("plain words in one run", "words in <b>two</b> runs"):
        para = build_paragraph(Paragraph, markup, style)
        assert linebreak.break_lines(para, [100.0, 100.0]) is None


@pytest.mark.parametrize("theme", ["classic", "high-contrast"])
def test_the_same_bytes_as_when_reportlab_breaks_every_line(
        theme: str, monkeypatch: pytest.MonkeyPatch) -> None:
    outline, _ = parse_outline(REPO / "outlines" / "02-triumvirate.md", REPO)
    loaded, _ = load_theme(theme, REPO)
    assert outline is not None and loaded is not None
    used: list[bool] = []
    original = linebreak.break_lines

    def counted(para, width):  # type: ignore[no-untyped-def]
        found = original(para, width)
        used.append(found is not None)
        return found

    for edition in ("student", "teacher"):
        with monkeypatch.context() as patched:
            patched.setattr(linebreak, "break_lines", counted)
            ours = render_pdf(outline, loaded, SETTINGS, edition).data
        with monkeypatch.context() as patched:
            patched.setattr(linebreak, "break_lines", lambda para, width: None)
            theirs = render_pdf(outline, loaded, SETTINGS, edition).data
        assert ours == theirs
    assert used.count(True) > 100


def test_a_truetype_width_at_size_1_times_the_size_is_reportlabs_width(faces: list[str]) -> None:
    """What the per-font tables rely on: reportlab's C stringWidth of a TrueType font is
    (glyph widths summed x 0.001) x size, so the width at size 1 serves every size exactly."""
    rng = random.Random(5)
    checked = 0
    for name in faces:
        font = pdfmetrics.getFont(name)
        if not isinstance(font, TTFont):
            continue
        made = ["".join(rng.choice("aeiouxyzÄß—“1 ") for _ in range(rng.randint(1, 20)))
                for _ in range(300)]
        for word in [*WORDS, *made]:
            unit = font.stringWidth(word, 1.0)
            for size in (7, 9.5, 10.0001, 11.1234567, rng.uniform(4, 40)):
                assert font.stringWidth(word, size) == unit * size, (name, word, size)
                checked += 1
    assert checked > 5000


def test_width_tables_give_reportlabs_widths(faces: list[str]) -> None:
    width_tables._widths.clear()
    for name in faces:
        for size in (9, 10.0001):
            table = width_tables.widths_of(name, size)
            for word in WORDS:
                assert table[word] == pdfmetrics.stringWidth(word, name, size), (name, word)

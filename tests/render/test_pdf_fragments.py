"""Paragraph markup read without HTMLParser (render/pdf/fragments.py) gives reportlab's own
fragments, and so the same PDF bytes; what it does not read exactly is left to reportlab."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph
from reportlab.platypus.paraparser import ParaFrag

from conftest import REPO
from studyguide.outline.parser import parse_outline
from studyguide.render import RenderSettings
from studyguide.render.pdf import fragments, render_pdf
from studyguide.theme.loader import load_theme

SETTINGS = RenderSettings(date="1 December 2026")
OUTLINES = [REPO / "outlines" / "04-great-terror.md",
            REPO / "tests" / "cases" / "every-construct" / "outline.md",
            REPO / "tests" / "cases" / "huge-cell-missing-glyph" / "outline.md"]
ODDITIES = """---
title: Markup <b>typed</b> & "quoted"
---

The smychka ([смычка]{lang=ru}) and [Zeitgeist]{lang="de"}, *a < b > c* & **d &amp; e**,
a [link](https://example.org/?a=1&b=2 "t") and `code  with   runs`.

```
def f(x):
    return  x   &  1  # <i>not markup</i>
```
"""
STYLE = ParagraphStyle("t", fontName="Helvetica", fontSize=10, leading=12,
                       bulletFontName="Helvetica-Bold")


def _shown(frag: object) -> str:
    """A fragment as a comparison sees it: its attributes (fragments.py's are a ParaFrag
    subclass that copies faster)."""
    assert isinstance(frag, ParaFrag)
    return repr(sorted(frag.__dict__.items()))


def _reportlab(markup: str, style: ParagraphStyle) -> tuple[str, list[str], object] | None:
    try:
        para = Paragraph(markup, style)
    except ValueError:
        return None
    bullet = para.bulletText
    return para.text, [_shown(f) for f in para.frags], (
        [_shown(f) for f in bullet] if isinstance(bullet, list) else bullet)


def _ours(markup: str, style: ParagraphStyle) -> tuple[str, list[str], object] | None:
    parsed = fragments.parse(markup, style)
    if parsed is None:
        return None
    text, frags, bullet = parsed
    bullet = bullet or getattr(style, "bulletText", None)
    return text, [_shown(f) for f in frags], (
        [_shown(f) for f in bullet] if isinstance(bullet, list) else bullet)


@pytest.fixture(scope="module")
def outlines(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The shipped outline with the most tables, two golden cases, and one of odd markup."""
    odd = tmp_path_factory.mktemp("fragments") / "oddities.md"
    odd.write_text(ODDITIES, encoding="utf-8")
    return [*OUTLINES, odd]


def _render(path: Path, edition: str) -> bytes:
    outline, _ = parse_outline(path, path.parent)
    theme, _ = load_theme("classic", REPO)
    assert outline is not None and theme is not None
    return render_pdf(outline, theme, SETTINGS, edition).data


@pytest.mark.parametrize("index", range(len(OUTLINES) + 1))
def test_the_same_bytes_as_when_reportlab_parses(outlines: list[Path], index: int,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = outlines[index]
    read: list[str] = []
    original = fragments.parse

    def recorded(markup, style):  # type: ignore[no-untyped-def]
        found = original(markup, style)
        read.append("ours" if found is not None else "reportlab")
        return found

    monkeypatch.setattr(fragments, "parse", recorded)
    for edition in ("student", "teacher"):
        ours = _render(path, edition)
        with monkeypatch.context() as plain:
            plain.setattr(fragments, "parse", lambda markup, style: None)
            theirs = _render(path, edition)
        assert ours == theirs
    assert read.count("ours") > 10 and read.count("reportlab") == 0


def test_every_markup_of_a_handout_gives_reportlabs_fragments(
        outlines: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, object]] = []
    original = fragments.parse

    def recorded(markup, style):  # type: ignore[no-untyped-def]
        seen.append((markup, style))
        return original(markup, style)

    monkeypatch.setattr(fragments, "parse", recorded)
    for path in outlines:
        _render(path, "teacher")
    monkeypatch.undo()
    assert len(seen) > 300
    kinds = "".join(markup for markup, _ in seen)
    for tag in ("<b>", "<i>", "<a href=", "<super>", "<bullet>", "<br/>", "<font name=",
                "&amp;", "&lt;", "&nbsp;", "<onDraw"):
        assert tag in kinds, tag
    for markup, style in seen:
        assert _ours(markup, style) == _reportlab(markup, style), markup


ODD = ["", " ", "  lead and trail  ", "two\nlines\n\n", "tab\there", "a\u00a0b  c",
       "\u200bzero width", "&#169; a charref", "&#x41;", "a & b", "a &amp b", "a < b", "x > y",
       "&unknownentity; text", "&AMP; upper", "<para>already</para>", "<PARA x=1>t</PARA>",
       "<B>upper</B>", "<b>unclosed", "closed</b>", "<b><i>crossed</b></i>",
       '<font name="Helvetica-Bold">f</font>', '<font name=Helvetica>unquoted</font>',
       "<font name='Helvetica'>single</font>", '<font name="a&amp;b">escaped</font>',
       '<a href="https://example.org/?q=1">link</a>', '<a href="#x" color="#ff0000">c</a>',
       "<script>not a tag</script>", "<style>x</style>", "<!-- comment -->t", "<br/>", "<br />",
       "a<br/>b", "<bullet>1.</bullet>item", "<super>2</super>", "<strike>s</strike>",
       "<u>under</u>", "<h1>heading</h1>", "<nosuchtag>t</nosuchtag>", "<b\n>nl</b>",
       '<font  name="Helvetica"  >spaces</font >', "&nbsp;&nbsp;", "&quot;q&quot;"]


@pytest.mark.parametrize("markup", ODD)
def test_odd_markup_is_read_as_reportlab_reads_it_or_left_to_it(markup: str) -> None:
    ours = _ours(markup, STYLE)
    if ours is not None:
        assert ours == _reportlab(markup, STYLE)


def test_random_markup_is_read_as_reportlab_reads_it_or_left_to_it() -> None:
    pieces = ["a", "b ", " ", "  ", "\n", "\u00a0", "\u2009", "&amp;", "&lt;", "&", "<", ">",
              "<b>", "</b>", "<i>", "</i>", "<br/>", '<font name="Courier">', "</font>",
              "<super>", "</super>", "&nbsp;", "&#65;", "<bullet>", "</bullet>", '"']
    rng = random.Random(20)
    for _ in range(3000):
        markup = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        ours = _ours(markup, STYLE)
        if ours is not None:
            assert ours == _reportlab(markup, STYLE), markup

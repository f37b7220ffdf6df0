"""Line breaking for the handout's plain paragraphs: reportlab's greedy breaker, with word
widths measured once.

A paragraph of one run of text in one font (most body paragraphs, list items and table cells
of a handout) is broken here instead of by `Paragraph.breakLines`. The algorithm is
reportlab's own for that case, step for step: the words split and stripped as reportlab does,
each width the font's `stringWidth` at the paragraph's size, a line ends when the next word
would pass the line's width plus the space shrinkage reportlab allows (`spaceShrinkage` of a
space per word already on the line), the bullet's overhang taken from the first line. The
result is the same `ParaLines` (kind 0) reportlab would return, so reportlab draws, splits
and tags the paragraph exactly as before, and the page is byte-identical.

What it saves is measuring: a word's width is taken from a table per font and size filled by
the same call reportlab makes (so the same float), and the loop does nothing the plain case
does not need. Anything outside that case returns None and reportlab breaks the paragraph
itself: more than one fragment (inline styles, links, `<br/>`), a fragment that is a split
paragraph's word list, hyphenation of any kind, a soft hyphen, right-to-left or CJK wrapping,
shaping, leader dots, a background colour, an image, and any word wider than a line (which
reportlab splits into pieces).
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfmetrics import getAscentDescent, getFont
from reportlab.platypus.paragraph import _handleBulletWidth, _shy, split, strip

_TABLES = 64  # (font, size) width tables kept; a render uses a few dozen
_widths: dict[tuple[Any, float], dict[str, float]] = {}


def _table(font: Any, size: float) -> dict[str, float]:
    """The word -> width table of `font` at `size` (kept across paragraphs and renders)."""
    key = (font, size)
    table = _widths.get(key)
    if table is None:
        if len(_widths) >= _TABLES:
            _widths.clear()
        table = _widths[key] = {}
    return table


def plain_case(para: Any) -> bool:
    """Whether `para` (a reportlab Paragraph) is a case break_plain handles."""
    style = para.style
    frags = para.frags
    if len(frags) != 1:
        return False
    frag = frags[0]
    return not (
        not hasattr(frag, "text") or hasattr(frag, "cbDefn") or hasattr(frag, "backColor")
        or style.endDots or style.wordWrap or style.shaping
        or getattr(style, "hyphenationLang", "") or style.uriWasteReduce
        or style.embeddedHyphenation or _shy in frag.text)


def break_plain(para: Any, width: Any) -> Any:
    """`para.breakLines(width)` for a plain paragraph (see the module's docstring), with the
    same side effects on `para`; None (nothing changed) when reportlab must break it."""
    if isinstance(width, tuple) or not plain_case(para):
        return None
    style = para.style
    frag = para.frags[0]
    widths = list(width) if isinstance(width, list) else [width]
    _handleBulletWidth(para.bulletText, style, widths)  # on a copy until we know we break it
    font_name, size = frag.fontName, frag.fontSize
    text = strip(frag.text)
    ascent, descent = getAscentDescent(font_name, size)
    if not text:
        _commit(para, width, widths, 0)
        return frag.clone(kind=0, lines=[], ascent=ascent, descent=descent, fontSize=size)
    font = getFont(font_name)
    table = _table(font, size)
    measure = font.stringWidth
    encoding = para.encoding
    words = split(text)
    sizes = []
    for word in words:
        got = table.get(word)
        if got is None:
            got = table[word] = measure(word, size, encoding)
        sizes.append(got)
    if style.splitLongWords and max(sizes) > min(widths):
        return None  # reportlab cuts a word wider than a line into pieces
    space = table.get(" ")
    if space is None:
        space = table[" "] = measure(" ", size, encoding)
    shrink = style.spaceShrinkage * space
    lines = []
    line: list[str] = []
    current = -space
    widest = 0
    lineno, last = 0, len(widths) - 1
    max_width = widths[0]
    for word, word_width in zip(words, sizes):
        new = current + space + word_width
        if new <= max_width + shrink * len(line) or not line:
            line.append(word)
            current = new
        else:
            if current > widest:
                widest = current
            lines.append((max_width - current, line))
            line = [word]
            current = word_width
            lineno += 1
            max_width = widths[min(last, lineno)]
    if line:
        if current > widest:
            widest = current
        lines.append((max_width - current, line))
    _commit(para, width, widths, widest)
    return frag.clone(kind=0, lines=lines, ascent=ascent, descent=descent, fontSize=size)


def _commit(para: Any, width: Any, widths: list[float], widest: float) -> None:
    """What breakLines leaves on the paragraph: its widest line, counters, and (as
    _handleBulletWidth does in place) the first line's width less a bullet's overhang."""
    if isinstance(width, list):
        width[:] = widths
    para._width_max = widest
    para.height = 0
    para._splitLongWordCount = para._hyphenations = 0

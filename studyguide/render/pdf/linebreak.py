"""Line breaking for the handout's paragraphs: reportlab's greedy breaker, with word widths
measured once per font.

Every paragraph of a handout (body text, list items, table cells, headings, running heads) is
broken here instead of by `Paragraph.breakLines`, by reportlab's own algorithm step for step:

* one fragment (`break_plain`, reportlab's kind 0): the words split and stripped as reportlab
  does, a line ends when the next word would pass the line's width plus the space shrinkage
  reportlab allows (`spaceShrinkage` of a space per word already on the line), the bullet's
  overhang taken from the first line;
* several fragments (`break_frags`, kind 1: inline styles, links, citations, `<br/>`,
  language marks): reportlab's frag words (`_getFragWords`) and its line loop, the same
  FragLines with the same runs of text, counts, sizes, ascents and descents.

The result is what reportlab would return, so reportlab draws, splits and tags the paragraph
exactly as before, and the page is byte-identical (tests compare both on thousands of random
paragraphs and on the shipped handouts).

What it saves is measuring and generic work: a word's width comes from a table per font and
size filled by the same arithmetic reportlab does (so the same float; a TrueType font's width
at size 1 is kept per font and serves every size), and the loops do nothing these cases do
not need. Anything else returns None and reportlab breaks the paragraph itself: hyphenation
of any kind, a soft hyphen, right-to-left or CJK wrapping, shaping, leader dots, autoLeading,
a background colour or an image in a single fragment, an image among several, any word wider
than a line (which reportlab cuts into pieces), and the later parts of a split paragraph
(whose fragments reportlab's split turns into word lists).
"""

from __future__ import annotations

from string import whitespace
from typing import Any

from reportlab.pdfbase.pdfmetrics import getAscentDescent
from reportlab.platypus.paragraph import (_FK_APPEND, _FK_BREAK, _FK_TEXT, FragLine, ParaLines,
                                          _handleBulletWidth, _HSFrag, _processed_frags, _shy,
                                          lstrip, split, strip)

from studyguide.render.pdf.widths import widths_of


def break_lines(para: Any, width: Any) -> Any:
    """`para.breakLines(width)` by break_plain or break_frags, or None: reportlab's to do."""
    if len(para.frags) == 1:
        return break_plain(para, width)
    return break_frags(para, width)


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
    table = widths_of(font_name, size)
    words = split(text)
    sizes = [table[word] for word in words]
    if style.splitLongWords and max(sizes) > min(widths):
        return None  # reportlab cuts a word wider than a line into pieces
    space = table[" "]
    shrink = style.spaceShrinkage * space
    lines = []
    line: list[str] = []
    current = -space
    widest: float = 0
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


# ------------------------------------------------------------------ several fragments

def _hyphenates(style: Any) -> bool:
    """Whether reportlab would hyphenate, reorder or shape lines in `style`."""
    return bool(style.wordWrap or style.shaping or getattr(style, "hyphenationLang", "")
                or style.uriWasteReduce or style.embeddedHyphenation or style.endDots)


def break_frags(para: Any, width: Any) -> Any:
    """`para.breakLines(width)` for a paragraph of several fragments (inline styles, links,
    line breaks, language marks), reportlab's loop without the parts that hyphenate or cut
    words (see the module's docstring); None (nothing changed that matters) when reportlab
    must break it."""
    style = para.style
    frags = para.frags
    if (isinstance(width, tuple) or len(frags) < 2 or _processed_frags(frags)
            or _hyphenates(style)
            or getattr(para, "autoLeading", getattr(style, "autoLeading", "")) not in ("", "off")):
        return None
    for frag in frags:
        text = frag.text
        if _shy in text or (not text and hasattr(frag, "cbDefn")
                            and bool(getattr(frag.cbDefn, "width", 0))):
            return None  # a soft hyphen, or an image
    widths = list(width) if isinstance(width, list) else [width]
    _handleBulletWidth(para.bulletText, style, widths)
    words = _frag_words(frags)
    if style.splitLongWords and max(word[0] for word in words) > min(widths):
        return None
    lines, widest = _break_words(words, widths, style)
    _commit(para, width, widths, widest)
    para.frags = words
    return ParaLines(kind=1, lines=lines)


def _frag_words(frags: list[Any]) -> list[Any]:
    """reportlab's _getFragWords for fresh fragments with no soft hyphen and no image:
    [width, (fragment, text), ...] per word, an _HSFrag when a space follows it."""
    found: list[Any] = []
    word: list[Any] = []
    n: float = 0
    hanging_strip = True
    for frag in frags:
        text = frag.text
        if text != "":
            frag._fkind = _FK_TEXT
            if hanging_strip:
                text = lstrip(text)
                if not text:
                    continue
                hanging_strip = False
            pieces = split(text)
            if text[0] in whitespace or not pieces:
                if word:
                    found.append([n, *word])
                    word = []
                    n = 0
                    spaced = False
                else:
                    spaced = bool(found) and isinstance(found[-1], _HSFrag)
                if not spaced:
                    pieces.insert(0, "")
                elif not pieces:
                    continue
            table = widths_of(frag.fontName, frag.fontSize)
            for piece in pieces[:-1]:
                word.append((frag, piece))
                n += table[piece]
                found.append(_HSFrag([n, *word]))
                word = []
                n = 0
            piece = pieces[-1]
            word.append((frag, piece))
            n += table[piece]
            if text[-1] in whitespace:
                found.append(_HSFrag([n, *word]))
                word = []
                n = 0
        elif hasattr(frag, "cbDefn"):  # a zero-width callback (a language mark)
            frag._fkind = _FK_APPEND
            if not word and found and isinstance(found[-1], _HSFrag):
                found[-1].append((frag, ""))
            else:
                word.append((frag, ""))
        elif hasattr(frag, "lineBreak"):
            if word:
                found.append([n, *word])
                word = []
                n = 0
            frag._fkind = _FK_BREAK
            found.append([0, (frag, "")])
            hanging_strip = True
    if word:
        found.append([n, *word])
    if not found and frags:
        frags[0]._fkind = _FK_TEXT
        found = [[0, (frags[0], "")]]
    return found


_SAME = ("fontName", "fontSize", "textColor", "rise", "us_lines", "link", "backColor", "nobr")


def same_frag(f: Any, g: Any) -> bool:
    """reportlab's sameFrag (its own Python definition; the C one reads the same attributes
    and is slower): whether two fragments can share one run of text."""
    fd, gd = f.__dict__, g.__dict__
    if "cbDefn" in fd or "lineBreak" in fd or "cbDefn" in gd or "lineBreak" in gd:
        return False
    fg, gg = fd.get, gd.get
    return [fg(k) for k in _SAME] == [gg(k) for k in _SAME]


def _joins(frag: Any) -> bool:
    """Whether a fragment may share a run with its own clone (same_frag(frag, frag))."""
    attrs = frag.__dict__
    return "cbDefn" not in attrs and "lineBreak" not in attrs


def _clone(frag: Any) -> Any:
    """frag.clone() (ABag's: a new fragment of its class with the same attributes), without
    the keyword-argument round trip."""
    twin = object.__new__(frag.__class__)
    twin.__dict__.update(frag.__dict__)
    return twin


class _Metrics(dict):  # type: ignore[type-arg]
    """(font name, size) -> (ascent, descent), as getAscentDescent gives them."""

    def __missing__(self, key: tuple[str, float]) -> tuple[float, float]:
        found = self[key] = getAscentDescent(*key)
        return found


class _Spaces(dict):  # type: ignore[type-arg]
    """(font name, size) -> the width of a space."""

    def __missing__(self, key: tuple[str, float]) -> float:
        found = self[key] = widths_of(*key)[" "]
        return found


def _break_words(words: list[Any], widths: list[float], style: Any) -> tuple[list[Any], float]:
    """reportlab's kind-1 line loop over frag words, for words no line is too narrow for and
    nothing hyphenates: (FragLines, the widest line's width). The names follow reportlab's."""
    metrics, spaces = _Metrics(), _Spaces()
    justify_breaks = not style.justifyBreaks
    shrinkage = style.spaceShrinkage
    lines: list[Any] = []
    line: list[Any] = []  # reportlab's `words`: the fragments of the line being filled
    taken = 0  # reportlab's len(FW)
    first_word = 0  # reportlab's sFW
    lineno, last = 0, len(widths) - 1
    max_width = widths[0]
    widest = 0
    n = space_width = current = 0
    max_size = max_ascent = min_descent = 0
    g: Any = None
    g_from: Any = None  # what g is a clone of: same_frag(g, f) is same_frag(g_from, f)
    for w in words:
        taken += 1
        f = w[-1][0]
        font_name = f.fontName
        font_size = f.fontSize
        if not line:
            n = space_width = current = 0
            max_size = font_size
            max_ascent, min_descent = metrics[font_name, font_size]
        word_width = w[0]
        f = w[1][0]
        new = current + space_width + word_width if word_width > 0 else current
        line_break = f._fkind == _FK_BREAK
        lim_width = max_width
        if shrinkage:
            shrink = space_width
            for wi in line:
                if wi._fkind == _FK_TEXT:
                    ns = wi.text.count(" ")
                    if ns:
                        shrink += ns * spaces[wi.fontName, wi.fontSize]
            shrink *= shrinkage
            lim_width += shrink
        if not ((new > lim_width and n > 0) or line_break):
            text = w[1][1]
            if text:
                n += 1
            font_size = f.fontSize
            ascent, descent = metrics[f.fontName, font_size]
            max_size = max(max_size, font_size)
            max_ascent = max(max_ascent, ascent)
            min_descent = min(min_descent, descent)
            if not line:
                g, g_from = _clone(f), f
                line = [g]
                g.text = text
            elif not ((f is g_from and _joins(f)) or same_frag(g, f)):
                if space_width:
                    for wi in reversed(line):
                        if wi._fkind == _FK_TEXT:
                            if not wi.text.endswith(" "):
                                wi.text += " "
                            break
                g, g_from = _clone(f), f
                line.append(g)
                g.text = text
            elif space_width:
                g.text += text if g.text.endswith(" ") else " " + text
            else:
                g.text += text
            space_width = spaces[font_name, font_size] if isinstance(w, _HSFrag) else 0
            real = False
            for piece, piece_text in w[2:]:
                g, g_from = _clone(piece), piece
                g.text = piece_text
                if piece_text:
                    real = True
                line.append(g)
                font_size = g.fontSize
                ascent, descent = metrics[g.fontName, font_size]
                max_size = max(max_size, font_size)
                max_ascent = max(max_ascent, ascent)
                min_descent = min(min_descent, descent)
            if not text and real:
                n += 1  # one bit at least of the word was real
            current = new
            continue
        if line_break:
            line.append(_clone(f))
        if current > widest:
            widest = current
        lines.append(FragLine(extraSpace=max_width - current, wordCount=n,
                              lineBreak=line_break and justify_breaks, words=line,
                              fontSize=max_size, ascent=max_ascent, descent=min_descent,
                              maxWidth=max_width, sFW=first_word))
        first_word = taken - 1
        lineno += 1
        max_width = widths[min(last, lineno)]
        if line_break:
            line = []
            continue
        space_width = spaces[font_name, font_size] if isinstance(w, _HSFrag) else 0
        current = word_width
        n = 1
        g, g_from = _clone(f), f
        max_size = g.fontSize
        max_ascent, min_descent = metrics[g.fontName, max_size]
        line = [g]
        g.text = w[1][1]
        for piece, piece_text in w[2:]:
            g, g_from = _clone(piece), piece
            g.text = piece_text
            line.append(g)
            font_size = g.fontSize
            ascent, descent = metrics[g.fontName, font_size]
            max_size = max(max_size, font_size)
            max_ascent = max(max_ascent, ascent)
            min_descent = min(min_descent, descent)
    if line:
        if current > widest:
            widest = current
        lines.append(FragLine(extraSpace=max_width - current, wordCount=n, lineBreak=False,
                              words=line, fontSize=max_size, ascent=max_ascent,
                              descent=min_descent, maxWidth=max_width, sFW=first_word))
    return lines, widest

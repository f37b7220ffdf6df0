"""Inline Markdown (markdown-it's inline tokens) -> the model's spans, citations and breaks.

markdown-it gives a flat list of tokens with open/close markers for emphasis and links; this
walks it once with a small formatting state, so nesting depth never turns into recursion.
Text is first collected as pieces that remember their source line, so a citation found in
the text can be reported on its exact line, then merged into as few Spans as possible.

Choices made here:
* a soft line break is a space; a hard break (and an inline `<br>`) is a LineBreak;
* other inline HTML is shown literally, except comments, which are dropped as in a browser;
* a link keeps its href only for http(s) and mailto (a relative or script link is just text);
* a footnote reference becomes a superscript number; the footnote's text is appended to the
  end of the section that first refers to it (see parser.py);
* a bracketed span with a language, Pandoc's `[смычка]{lang=ru}`, is its text marked with
  that language (a BCP 47 tag); the brackets and braces are not shown. Its text is plain
  text with the formatting around it (`**[смычка]{lang=ru}**` for a bold term);
* an image inside a paragraph becomes an Image block after that paragraph. Where a block
  cannot go (a heading, a table cell) the image's alt text is shown instead, with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from itertools import groupby
from typing import Callable, Iterator, cast

from studyguide.diagnostics import did_you_mean
from studyguide.outline import validate
from studyguide.outline.context import ParseContext, strip_controls
from studyguide.outline.model import Citation, Image, Inline, Inlines, LineBreak, Span

_KEY = r"@[^\s\[\];@,]+"
CITATION = re.compile(rf"\[({_KEY}(?:\s*;\s*{_KEY})*)\s*\]")
_LOCATOR = re.compile(r"\[@([^\s\[\];@,]+)\s*,([^\[\]]{1,40})\]")  # `[@key, p. 5]`
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
# `[text]{lang=ru}` (Pandoc's bracketed span with a lang attribute; quotes allowed)
LANG_SPAN = re.compile(r"\[([^\[\]\n]+)\]\{\s*lang=(\"?)"
                       r"([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)\2\s*\}")
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

# Limits on what one outline may hold (docs/security.md). Typesetting a paragraph costs time
# that grows faster than its length, and every formatted piece costs a little: far beyond
# any real outline, these keep a build to seconds.
MAX_TEXT_CHARS = 20_000  # characters in one paragraph, heading, table cell or code block
MAX_INLINES = 20_000  # formatted pieces (bold, italic, links, citations, ...) in one outline


def footnote_marker(footnote_id: int) -> str:
    """The superscript number shown for footnote `footnote_id` (0-based, as markdown-it counts)."""
    return str(footnote_id + 1).translate(_SUPERSCRIPT)


@dataclass
class _Piece:
    """Text with its formatting and line; `literal` text never forms part of a citation."""

    text: str
    style: tuple[bool, bool, bool, bool, str | None]  # bold, italic, code, strike, href
    line: int
    literal: bool = False


@dataclass
class _Walk:
    """The state of one walk over an inline token's children."""

    ctx: ParseContext
    line: int
    images_ok: bool
    citations: bool
    bold: int = 0
    italic: int = 0
    strike: int = 0
    href: str | None = None
    pieces: list = field(default_factory=list)  # _Piece and LineBreak, in order
    images: list[Image] = field(default_factory=list)
    # Something between two spaces was dropped (a comment, an image moved below the
    # paragraph) or a `<br>` was met: the space after it would double or start a line.
    trim_next: bool = False

    def add(self, text: str, code: bool = False, literal: bool = False) -> None:
        style = (self.bold > 0, self.italic > 0, code, self.strike > 0, self.href)
        text = strip_controls(text)
        if self.trim_next and not code and text[:1].isspace() and self._ends_in_space():
            text = text.lstrip(" \t")
        self.trim_next = False
        if text:
            self.pieces.append(_Piece(text, style, self.line, literal or code))

    def drop(self) -> None:
        """Note that inline content was left out here (see trim_next)."""
        self.trim_next = True

    def line_break(self) -> None:
        """A hard break, with the spaces written around it (`a <br> b`) left out."""
        last = self.pieces[-1] if self.pieces else None
        if isinstance(last, _Piece) and not last.style[2]:
            last.text = last.text.rstrip(" \t")
        self.pieces.append(LineBreak())
        self.trim_next = True

    def _ends_in_space(self) -> bool:
        last = self.pieces[-1] if self.pieces else None
        return last is None or isinstance(last, LineBreak) or last.text[-1:].isspace()


def convert_inline(token, ctx: ParseContext, line: int, *, images_ok: bool = True,
                   citations: bool = True) -> tuple[Inlines, list[Image]]:
    """Convert one markdown-it `inline` token starting on `line`.

    Returns the inlines and the images found in them (empty unless `images_ok`).
    """
    size = len(getattr(token, "content", "") or "")
    if size > MAX_TEXT_CHARS:
        ctx.error(line, f"text has {size:,} characters; the limit is {MAX_TEXT_CHARS:,} "
                        "for one paragraph, heading or table cell (split it)")
        # The outline will not build; a short stand-in keeps the rest of the checks quiet.
        return (Span(strip_controls(token.content[:200])),), []
    walk = _Walk(ctx, line, images_ok, citations)
    for child in token.children or ():
        handler = _HANDLERS.get(child.type, _unknown)
        handler(walk, child)
    inlines = _finish(walk)
    _count_inlines(inlines, ctx, line)
    return inlines, walk.images


def _count_inlines(inlines: Inlines, ctx: ParseContext, line: int) -> None:
    before = ctx.inlines_made
    ctx.inlines_made += max(len(inlines) - 1, 0)  # plain text in one piece costs nothing extra
    if before <= MAX_INLINES < ctx.inlines_made:
        ctx.error(line, f"the outline has more than {MAX_INLINES:,} formatted pieces of text "
                        "(bold, italic, code, links, citations); split it into several outlines")


# ---------------------------------------------------------------------------- token handlers


def _text(walk: _Walk, tok) -> None:
    walk.add(tok.content)


def _literal(walk: _Walk, tok) -> None:
    walk.add(tok.content, literal=True)


def _code(walk: _Walk, tok) -> None:
    walk.add(tok.content, code=True)


def _softbreak(walk: _Walk, tok) -> None:
    walk.add(" ", literal=True)
    walk.line += 1


def _hardbreak(walk: _Walk, tok) -> None:
    walk.line_break()
    walk.line += 1


def _counter(name: str, step: int) -> Callable[[_Walk, object], None]:
    def handle(walk: _Walk, tok) -> None:
        setattr(walk, name, max(0, getattr(walk, name) + step))
    return handle


def _link_open(walk: _Walk, tok) -> None:
    href = str(tok.attrs.get("href", ""))
    walk.href = href if href.lower().startswith(_SAFE_SCHEMES) else None


def _link_close(walk: _Walk, tok) -> None:
    walk.href = None


def _html(walk: _Walk, tok) -> None:
    text = tok.content
    if _BREAK_TAG.fullmatch(text.strip()):
        walk.line_break()
    elif text.startswith("<!--"):
        walk.drop()
    else:
        walk.add(text, literal=True)
    walk.line += text.count("\n")


def _image(walk: _Walk, tok) -> None:
    alt = strip_controls("".join(c.content for c in tok.children or ()))
    src = str(tok.attrs.get("src", ""))
    if not walk.images_ok:
        walk.ctx.warn(walk.line, "an image here cannot be shown (put it on a line of its own); "
                                 "showing its alt text")
        walk.add(alt)
        return
    path = validate.check_image(src, walk.ctx, walk.line)
    if path is not None:
        title = tok.attrs.get("title")
        caption = strip_controls(str(title)) if title else None
        walk.images.append(Image(walk.line, path, alt, caption))
    walk.drop()  # the image goes below the paragraph, or is left out after an error


def _footnote_ref(walk: _Walk, tok) -> None:
    footnote_id = int(tok.meta.get("id", 0))
    walk.add(footnote_marker(footnote_id), literal=True)
    if footnote_id not in walk.ctx.footnote_refs:
        walk.ctx.footnote_refs.append(footnote_id)


def _ignore(walk: _Walk, tok) -> None:
    pass


def _unknown(walk: _Walk, tok) -> None:
    # A construct a plugin added that we have no rule for: keep whatever text it carries.
    if tok.content:
        walk.add(tok.content, literal=True)


_HANDLERS: dict[str, Callable[[_Walk, object], None]] = {
    "text": _text,
    "text_special": _literal,
    "code_inline": _code,
    "softbreak": _softbreak,
    "hardbreak": _hardbreak,
    "strong_open": _counter("bold", 1),
    "strong_close": _counter("bold", -1),
    "em_open": _counter("italic", 1),
    "em_close": _counter("italic", -1),
    "s_open": _counter("strike", 1),
    "s_close": _counter("strike", -1),
    "link_open": _link_open,
    "link_close": _link_close,
    "html_inline": _html,
    "image": _image,
    "footnote_ref": _footnote_ref,
    "footnote_anchor": _ignore,
}


# ---------------------------------------------------------------------------- assembling


def _finish(walk: _Walk) -> Inlines:
    """Merge pieces, find citations in ordinary text, and build the final inlines."""
    out: list[Inline] = []
    for item in _merge_plain(walk.pieces):
        if isinstance(item, LineBreak):
            out.append(item)
        elif item.literal:
            out.append(_span(item))
        else:
            for part, lang in _languages(item):
                found = [_span(part)] if not walk.citations else _cite(part, walk.ctx)
                out.extend(replace(i, lang=lang) if lang and isinstance(i, Span) else i
                           for i in found)
    return _merge_spans(out)


def _languages(piece: _Piece) -> list[tuple[_Piece, str]]:
    """`piece` cut around its `[text]{lang=xx}` spans: (piece, language or "")."""
    if "]{" not in piece.text:
        return [(piece, "")]
    out: list[tuple[_Piece, str]] = []
    pos = 0
    for match in LANG_SPAN.finditer(piece.text):
        out.append((replace(piece, text=piece.text[pos:match.start()]), ""))
        out.append((replace(piece, text=match.group(1)), match.group(3)))
        pos = match.end()
    out.append((replace(piece, text=piece.text[pos:]), ""))
    return [(p, lang) for p, lang in out if p.text]


def _merge_plain(items: list) -> list:
    """Join neighbouring non-literal pieces of the same style, so `[@key]` is one string."""
    merged: list = []
    run: list[_Piece] = []  # joined once at the end of the run: linear, however many pieces

    def flush() -> None:
        if run:
            merged.append(_Piece("".join(p.text for p in run), run[0].style, run[0].line))
            run.clear()

    for item in items:
        if isinstance(item, _Piece) and not item.literal:
            if run and run[0].style != item.style:
                flush()
            run.append(item)
        else:
            flush()
            merged.append(item)
    flush()
    return merged


def _span(piece: _Piece) -> Span:
    bold, italic, code, strike, href = piece.style
    return Span(piece.text, bold, italic, code, strike, href)


def _cite(piece: _Piece, ctx: ParseContext) -> list[Inline]:
    """Split a piece around its `[@key]` citations; unknown keys are errors shown literally."""
    if "[@" not in piece.text:
        return [_span(piece)]
    out: list[Inline] = []
    pos = 0
    stray = False  # a '[@' that starts no citation, such as `[@key, p. 5]`
    for match in CITATION.finditer(piece.text):
        stray = stray or "[@" in piece.text[pos:match.start()]
        out.append(_span(replace(piece, text=piece.text[pos:match.start()])))
        for key in re.findall(r"@([^\s;]+)", match.group(1)):
            if key in ctx.source_keys:
                out.append(Citation(key, 0))
            else:
                ctx.error(piece.line, f"unknown citation key '{key}'"
                                      f"{did_you_mean(key, ctx.source_keys)}")
                out.append(_span(replace(piece, text=f"[@{key}]")))
        pos = match.end()
    rest = piece.text[pos:]
    if stray or "[@" in rest:
        located = _LOCATOR.search(piece.text)
        ctx.warn(piece.line, f"'{located.group()}' is not a citation: put the page after it, "
                             f"as in [@{located.group(1)}], {located.group(2).strip()}"
                             if located else
                             "'[@' here is not a citation (write [@key], or [@a; @b] for two)")
    out.append(_span(replace(piece, text=rest)))
    return out


def _merge_spans(items: list[Inline]) -> Inlines:
    out: list[Inline] = []
    for is_span, group in groupby(items, key=lambda item: isinstance(item, Span)):
        if not is_span:
            out.extend(group)
            continue
        for _, same in groupby(cast("Iterator[Span]", group), key=_style):  # spans only
            spans = list(same)
            if len(spans) == 1:  # nothing to join: the span itself (replace() is slow)
                if spans[0].text:
                    out.append(spans[0])
                continue
            text = "".join(s.text for s in spans)
            if text:
                out.append(replace(spans[0], text=text))
    return tuple(out)


def _style(span: Span) -> tuple:
    return (span.bold, span.italic, span.code, span.strike, span.href, span.lang)


# ---------------------------------------------------------------------------- splitting


def inline_text(inlines: Inlines) -> str:
    """The text of `inlines` with one character per citation and per break.

    Offsets into this string are what split_inlines takes, so a prefix such as a date or a
    glossary term can be found in the text and cut from the formatted inlines.
    """
    return "".join(i.text if isinstance(i, Span) else "\n" if isinstance(i, LineBreak)
                   else "\ufffc" for i in inlines)


def split_inlines(inlines: Inlines, offset: int) -> tuple[Inlines, Inlines]:
    """Cut `inlines` at character `offset` of inline_text(inlines)."""
    before: list[Inline] = []
    after: list[Inline] = []
    pos = 0
    for item in inlines:
        size = len(item.text) if isinstance(item, Span) else 1
        if pos + size <= offset:
            before.append(item)
        elif pos >= offset:
            after.append(item)
        else:
            assert isinstance(item, Span)
            before.append(replace(item, text=item.text[:offset - pos]))
            after.append(replace(item, text=item.text[offset - pos:]))
        pos += size
    return tuple(before), tuple(after)


def strip_inlines(inlines: Inlines) -> Inlines:
    """`inlines` without leading and trailing whitespace."""
    start, end = 0, len(inlines)
    while start < end and isinstance(first := inlines[start], Span) and not first.text.strip():
        start += 1
    while end > start and isinstance(last := inlines[end - 1], Span) and not last.text.strip():
        end -= 1
    items = list(inlines[start:end])
    if items and isinstance(items[0], Span):
        items[0] = replace(items[0], text=items[0].text.lstrip())
    if items and isinstance(items[-1], Span):
        items[-1] = replace(items[-1], text=items[-1].text.rstrip())
    return tuple(items)

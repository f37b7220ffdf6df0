"""Inline spans -> reportlab paragraph markup, with every character of the teacher's text escaped.

Paragraph markup is reportlab's small XML dialect, so a teacher's `<b>` or `&amp;` must reach
it as `&lt;b&gt;` and `&amp;amp;`. Characters the chosen font lacks are drawn with the fallback
family (and reported once), or replaced by '?' when no font has them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from studyguide.outline.model import Citation, Inlines, LineBreak, Span
from studyguide.render.common.fonts import GlyphReport, Warn, glyph_segments
from studyguide.render.common.glyphs import missing_chars
from studyguide.render.common.text import clean_text, typeset
from studyguide.render.pdf.fonts import Family, FontSet
from studyguide.render.pdf.structure import lang_markup


def clean(text: str) -> str:
    """Flowing text for paragraph markup (render/common/text.py): tabs and newlines are spaces,
    since line breaks reach the handout as `<br/>`."""
    return clean_text(text)


def escape(text: str) -> str:
    """Escape text for paragraph markup (also safe inside a double-quoted attribute)."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


@dataclass
class Inliner:
    """Turns text into markup for one handout; remembers which missing glyphs it reported."""

    fonts: FontSet
    warn: Warn
    link_color: str = "#000000"
    _report: GlyphReport = field(init=False)

    def __post_init__(self) -> None:
        self._report = GlyphReport(self.warn)

    def text(self, text: str, line: int | None, family: Family | None = None,
             bold: bool = False, italic: bool = False, literal: bool = False) -> str:
        """Plain text (a template's output, a term) as escaped markup, typeset (curly quotes,
        dashes, unbreakable dates) unless `literal` (a line of code)."""
        text = clean(text) if literal else typeset(clean(text))
        return self._glyph_safe(text, line, family or self.fonts.body, bold, italic)

    def markup(self, inlines: Inlines, line: int | None, family: Family | None = None,
               bold: bool = False, italic: bool = False) -> str:
        """Inline spans as markup; `bold`/`italic` say what the surrounding style already is."""
        family = family or self.fonts.body
        parts: list[str] = []
        previous_citation = False
        before = ""  # the text drawn so far, for the direction of a quote at a span's start
        for index, item in enumerate(inlines):
            if isinstance(item, Span):
                text = clean(item.text)
                if not item.code:
                    text = typeset(text, before)
                    if _cites_next(inlines, index):
                        # a citation number is glued to the word before it ("him¹.")
                        text = text.rstrip(" \u00a0")
                parts.append(self._span(item, text, line, family, bold, italic))
                before = text or before
            elif isinstance(item, Citation):
                sep = "," if previous_citation else ""
                parts.append(f'<super>{sep}<a href="#sg-source-{item.number}">'
                             f"{item.number}</a></super>")
            elif isinstance(item, LineBreak):
                parts.append("<br/>")
            previous_citation = isinstance(item, Citation)
        return "".join(parts)

    def _span(self, span: Span, text: str, line: int | None, family: Family, bold: bool,
              italic: bool) -> str:
        use = self.fonts.mono if span.code else family
        b, i = bold or span.bold, italic or span.italic
        body = self._glyph_safe(text, line, use, b, i)
        if span.code:
            body = f'<font name="{use.face(b, i)}">{body}</font>'
        if span.strike:
            body = f"<strike>{body}</strike>"
        if span.italic and not italic:
            body = f"<i>{body}</i>"
        if span.bold and not bold:
            body = f"<b>{body}</b>"
        if span.href:
            href = escape(clean(span.href).strip())
            body = f'<a href="{href}" color="{self.link_color}"><u>{body}</u></a>'
        if span.lang:  # tagged with its own /Lang when drawn (render/pdf/structure.py)
            body = lang_markup(body, span.lang)
        return body

    def _glyph_safe(self, text: str, line: int | None, family: Family, bold: bool,
                    italic: bool) -> str:
        """Escaped markup; characters the face lacks in the fallback face, or '?' (and warned
        about once per family), by the rule both renderers share (render/common/fonts.py)."""
        face = family.path(bold, italic)
        if not missing_chars(text, face):
            return escape(text)
        self._report.check(text, line, face, family.label, bold, italic)
        fallback = self.fonts.fallback
        spare = fallback.path(bold, italic) if fallback else None
        parts = []
        for segment in glyph_segments(text, face, spare):
            body = escape(segment.text)
            if segment.fallback and fallback is not None:
                body = f'<font name="{fallback.face(bold, italic)}">{body}</font>'
            parts.append(body)
        return "".join(parts)


def _cites_next(inlines: Inlines, index: int) -> bool:
    """Whether the item after `index` is a citation (its number goes against this text)."""
    return index + 1 < len(inlines) and isinstance(inlines[index + 1], Citation)

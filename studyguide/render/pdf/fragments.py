"""Paragraph markup -> reportlab's fragments, without the HTML tokeniser in between.

reportlab reads paragraph markup with `html.parser.HTMLParser`, whose Python-level tokeniser
was about a fifth of a warm handout. The markup here is ours (inline.py writes it, every
character of the teacher's text escaped), so a single regular expression can split it into the
calls that HTMLParser would make (start tag with its attributes, end tag, text, entity), in the
same order with the same arguments, on reportlab's own ParaParser: the fragments come out of
reportlab's code, as before. Anything the expression does not account for (a charref, a bare
`&` or `<`, an unquoted attribute, a parse error) returns None and reportlab parses
the markup itself.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from reportlab.platypus.paragraph import _wsc, cleanBlockQuotedText, textTransformFrags
from reportlab.platypus.paraparser import ParaFrag, ParaParser

# A start tag (with double-quoted attributes free of < > ") or an end tag, an entity, or a
# stray & / < that only HTMLParser knows what to do with.
_TOKEN = re.compile(r'<([a-zA-Z]+)((?:\s+[a-zA-Z]+="[^"<>]*")*)\s*(/?)>|</([a-zA-Z]+)\s*>'
                    r"|&([a-zA-Z][a-zA-Z0-9]*);|[&<]")
_ATTR = re.compile(r'([a-zA-Z]+)="([^"]*)"')
_CDATA = ("script", "style")  # HTMLParser reads their content differently
_PARA = re.compile(r"<para\b", re.IGNORECASE)
# What cleanBlockQuotedText would change: a line break or other white space (reportlab's list;
# U+00A0 is not one), two spaces in a row, a space at either end. Most markup has none.
_UNCLEAN = re.compile("[%s]|  |^ | $" % re.escape(_wsc.replace(" ", "")))


class _Frag(ParaFrag):
    """reportlab's ParaFrag, copied without copy.copy's generic path: the parser copies the
    current fragment for every tag and every run of text (about 600 times a handout), and
    this makes the same copy (a new fragment with the same attributes) in a fifth of the time."""

    def __copy__(self) -> _Frag:
        twin = _Frag.__new__(_Frag)
        twin.__dict__.update(self.__dict__)
        return twin


class _Parser(ParaParser):
    """reportlab's ParaParser whose fragments are _Frags (made from its first one)."""

    def _initial_frag(self, *args: Any, **kwargs: Any) -> Any:
        frag = super()._initial_frag(*args, **kwargs)
        frag.__class__ = _Frag
        return frag


def parse(markup: str, style: Any) -> tuple[str, list[Any], list[Any] | None] | None:
    """(cleaned text, fragments, bullet fragments) exactly as `Paragraph(markup, style)` would
    make them, or None when reportlab must parse `markup` itself."""
    text = cleanBlockQuotedText(markup) if _UNCLEAN.search(markup) else markup
    if _PARA.match(text):
        return None  # reportlab would not wrap it in <para>: leave it to reportlab
    parser = _Parser()
    parser.caseSensitive = 1  # Paragraph's default
    try:
        parser._setup_for_parse(style)
        parser.handle_starttag("para", [])
        if not _feed(parser, text):
            return None
        parser.handle_endtag("para")
        _, frags, bullet = parser._complete_parse()
    except Exception:  # noqa: BLE001 - reportlab parses it again and says what is wrong
        return None
    if frags is None:
        return None
    textTransformFrags(frags, style)
    return text, frags, bullet


def _feed(parser: ParaParser, text: str) -> bool:
    """Make HTMLParser's calls for `text` (convert_charrefs off): False if it has anything
    this module does not read exactly as HTMLParser would."""
    at = 0
    for token in _TOKEN.finditer(text):
        start = token.start()
        if start > at:
            parser.handle_data(text[at:start])
        at = token.end()
        tag, attrs, closed, end, entity = token.groups()
        if tag is not None:
            if tag.lower() in _CDATA:
                return False
            pairs = [(name.lower(), unescape(value) if "&" in value else value)
                     for name, value in _ATTR.findall(attrs)]  # as HTMLParser gives them
            parser.handle_starttag(tag.lower(), pairs)
            if closed:
                parser.handle_endtag(tag.lower())
        elif end is not None:
            parser.handle_endtag(end.lower())
        elif entity is not None:
            parser.handle_entityref(entity)
        else:
            return False
    if at < len(text):
        parser.handle_data(text[at:])
    return not parser.errors

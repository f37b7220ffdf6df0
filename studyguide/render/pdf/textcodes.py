"""TrueType text -> the subset's character codes, without reportlab's loop per character.

reportlab draws text in an embedded TrueType font as codes of the font's subsets: each new
character gets the next free code the first time the document uses it (`TTFont.splitString`,
a Python loop over every character of every run of text drawn, about a tenth of a warm
handout's drawing). Once every character of a run has its code, and all of them are in the
first subset (a handout's Latin text is), the answer is simply those codes as bytes; that is
done here in C-level calls (`bytes(map(...))`). Anything else (a character seen for the first
time, a code of a later subset, no state yet for this document) goes to reportlab's own
splitString, which assigns codes exactly as before. The result is the same list either way,
so the page is byte-identical.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

_NBSP = "\u00a0"  # reportlab draws a no-break space as the space's code


def fast_split(font: Any) -> Any:
    """A splitString for `font` (a TTFont) giving what reportlab's gives, faster."""
    slow = TTFont.splitString.__get__(font)
    states = font.state

    def split_string(text: Any, doc: Any, encoding: str = "utf-8") -> list[tuple[int, bytes]]:
        state = states.get(doc)
        if state is None or not isinstance(text, str) or not text:
            return slow(text, doc, encoding)
        if _NBSP in text:
            text = text.replace(_NBSP, " ")
        try:  # KeyError: a character without a code yet; ValueError: a code past 255
            return [(0, bytes(map(state.assignments.__getitem__, map(ord, text))))]
        except (KeyError, ValueError):
            return slow(text, doc, encoding)

    split_string.sg_fast = True  # type: ignore[attr-defined]
    return split_string


def install() -> None:
    """Give every registered TrueType font the fast splitString (once per font object)."""
    for name in pdfmetrics.getRegisteredFontNames():
        font = pdfmetrics.getFont(name)
        if isinstance(font, TTFont) and not getattr(font.__dict__.get("splitString"),
                                                    "sg_fast", False):
            font.splitString = fast_split(font)

"""Text as every output can carry it: the one cleaning both renderers apply before drawing.

Which characters no output can carry is defined once, by the parser (CONTROL_CHARS in
studyguide.outline.context): the model never holds them, and the renderers remove the same set
from what did not come through the parser (template output, file names, settings). What is
left to decide here is layout, and it is decided once for both outputs:

* flowing text (paragraphs, titles, labels): a tab or a line end is a word space, because the
  output wraps lines itself. Where a renderer draws an explicit line break with a newline (a
  deck run's "\\n", the PDF's `<br/>`), `keep_newlines` keeps them;
* literal text (code blocks, speaker notes): line ends are kept, and tabs move to the next stop
  every TAB_STOP columns, as an editor shows them.
"""

from __future__ import annotations

import re

from studyguide.outline.context import CONTROL_CHARS

TAB_STOP = 4
_LINE_ENDS = re.compile("\r\n?")


def clean_text(text: str, *, keep_newlines: bool = False) -> str:
    """Flowing text: CONTROL_CHARS removed, each tab and line end one space (or kept as
    "\\n" with `keep_newlines`)."""
    text = _LINE_ENDS.sub("\n", text).replace("\t", " ")
    if not keep_newlines:
        text = text.replace("\n", " ")
    return CONTROL_CHARS.sub("", text)


def clean_lines(text: str) -> str:
    """Literal text: line ends normalised to "\\n", tabs expanded to stops every TAB_STOP
    columns, CONTROL_CHARS removed from each line."""
    lines = _LINE_ENDS.sub("\n", text).split("\n")
    return "\n".join(CONTROL_CHARS.sub("", line).expandtabs(TAB_STOP) for line in lines)


def shorten(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters at a word space, with '…' when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"


# ---------------------------------------------------------------------------- typesetting

NBSP = "\u00a0"
_OPENERS = set(" \u00a0\t\n([{\u2018\u201c/\u2013\u2014-")
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
           "December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
# "21 August 1940", "21 August", "August 1940", "1917 AD": a date is one unbreakable word
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}}) ({_MONTHS})\b")
_MONTH_YEAR = re.compile(rf"\b({_MONTHS}),? (\d{{3,4}})\b")
_PAGE = re.compile(r"\b(page|pages|p\.|pp\.|vol\.|no\.|No\.|§) (\d)", re.IGNORECASE)
_YEAR_RANGE = re.compile(r"\b(\d{4})-(\d{2,4})\b")
_ELIDED = re.compile(r"(?<![\w'])'(?=\d\d(?:s|\b))")  # '90s: an apostrophe, not a quote
_SPACED_HYPHEN = re.compile(r"(?<=\S) (?:-|--) (?=\S)")
_DIGIT = re.compile(r"\d")  # as the rules' \d means it: any Unicode decimal digit


def typeset(text: str, before: str = "") -> str:
    """Text as a typesetter sets it, for every text studyguide draws except code.

    Straight quotes and apostrophes become curly ones (opening after a space, a bracket or a
    dash, or at the start when `before`, the character drawn just before `text`, is one);
    "---" is an em dash, "--" and a spaced hyphen an en dash, and so is the hyphen of a year
    range ("1922-1938"); the spaces inside a date ("21 August 1940") and after "page" become
    no-break spaces, so a date or a page reference never breaks across lines.
    """
    if not text:
        return text
    # Each rule needs a character most texts lack (a hyphen, a digit, an apostrophe): test
    # for it first, as most of a handout's spans would otherwise run seven searches for nothing.
    digits = _DIGIT.search(text) is not None
    if "-" in text:
        text = text.replace("---", "\u2014")
        text = _SPACED_HYPHEN.sub(" \u2013 ", text).replace("--", "\u2013")
        if digits:
            text = _YEAR_RANGE.sub("\\1\u2013\\2", text)
    if digits:
        text = _DAY_MONTH.sub(f"\\1{NBSP}\\2", text)
        text = _MONTH_YEAR.sub(lambda m: m.group(0).replace(" ", NBSP), text)
        text = _PAGE.sub(f"\\1{NBSP}\\2", text)
    if "'" in text:
        text = _ELIDED.sub("\u2019", text)
    return _curl(text, before)


def _curl(text: str, before: str) -> str:
    if "'" not in text and '"' not in text:
        return text
    out: list[str] = []
    previous = before[-1:] if before else " "
    for char in text:
        if char in "'\"":
            opening = previous in _OPENERS or previous == ""
            if char == "'":
                char = "\u2018" if opening else "\u2019"
            else:
                char = "\u201c" if opening else "\u201d"
        out.append(char)
        previous = char
    return "".join(out)

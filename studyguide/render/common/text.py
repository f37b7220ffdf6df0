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

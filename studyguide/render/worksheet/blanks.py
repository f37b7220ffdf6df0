"""Which words the guided notes blank: the glossary's terms, and by option the years of the
timeline's events, found as whole words in the handout's text. Pure."""

from __future__ import annotations

import re

from studyguide.outline.model import Outline
from studyguide.records import record
from studyguide.render.common.text import clean_text  # noqa: F401 - sheet.py uses it here

MIN_BLANK = 10  # underscores in the shortest blank


@record
class Piece:
    text: str
    blank: bool = False  # a blank whose answer is `text`


def term_forms(term: str) -> str:
    """The words of a glossary term as the text writes them: `Troika (тройка)` is `Troika`."""
    return re.sub(r"\s*\(.*?\)\s*$", "", term).strip()


def blank_words(outline: Outline, dates: bool) -> list[str]:
    words = [term_forms(entry.term) for entry in outline.glossary]
    if dates:
        for event in outline.timeline:
            words += re.findall(r"\b\d{3,4}\b", event.date.display())
    return [w for w in dict.fromkeys(words) if w]


def pattern(words: list[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    ordered = sorted(words, key=len, reverse=True)  # "Left Opposition" before "Opposition"
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in ordered) + r")(?!\w)",
                      re.IGNORECASE)


def split(text: str, found: re.Pattern[str] | None) -> list[Piece]:
    if found is None:
        return [Piece(text)]
    pieces: list[Piece] = []
    last = 0
    for match in found.finditer(text):
        if match.start() > last:
            pieces.append(Piece(text[last:match.start()]))
        pieces.append(Piece(match.group(), blank=True))
        last = match.end()
    if last < len(text):
        pieces.append(Piece(text[last:]))
    return pieces


def underscores(answer: str) -> str:
    return "_" * max(MIN_BLANK, len(answer) + 2)

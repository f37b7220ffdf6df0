"""Facts that should agree across outlines: a person's fate and an event's date.

Two key-figure rows are the same person when their names match after normalising case,
spaces and punctuation. Two timeline events are the same event when their texts match after
normalising, or are nearly identical (difflib ratio >= 0.9 and the same numbers, so "Kirov is
assassinated in Leningrad" and "...Leningrad." match but "Kamenev arrested" and "Zinoviev
arrested", or "Order No. 00447" and "Order No. 00486", do not); they disagree when their dates
differ. Each disagreement is one warning at the later place, naming the earlier one.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Sequence

from studyguide.diagnostics import Diagnostic, warning
from studyguide.records import record

if TYPE_CHECKING:  # the model is imported only when facts are taken from a parsed outline
    from studyguide.outline.model import Outline

NEAR = 0.9
WORD_CANDIDATES = 50  # keys looked at per word of a fact
NEAR_CANDIDATES = 8  # keys compared per fact: a near twin shares the most words


@record
class _Fact:
    key: str
    value: str
    shown: str  # what to print for the value
    path: str
    line: int


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"\[\d+\]", "", text)
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def facts_of(outline: Outline) -> list[list]:
    """The facts of one outline the cross-check compares, as JSON-able lists.

    Each is [kind, key, value, shown, line]: kind "fate" or "date", key the normalised name or
    event text, value what must agree, shown what a message prints.
    """
    from studyguide.outline.model import plain_text

    facts: list[list] = []
    table = outline.key_figures
    if table is not None:
        headers = [_normal(plain_text(h)) for h in table.header]
        if "fate" in headers:
            column = headers.index("fate")
            lines = table.row_lines or (table.line,) * len(table.rows)
            for row, line in zip(table.rows, lines):
                name, fate = plain_text(row[0]).strip(), plain_text(row[column]).strip()
                if name and fate:
                    facts.append(["fate", _normal(name), _normal(fate), f"{name}: '{fate}'",
                                  line])
    for event in outline.timeline:
        text = plain_text(event.text).strip()
        facts.append(["date", _normal(text), repr(event.date.sort_key()),
                      f"'{text}' dated {event.date.display()}", event.line])
    return facts


def check_consistency(facts: Sequence[tuple[str, list]]) -> list[Diagnostic]:
    """Warnings for people with different fates and events with different dates.

    `facts` pairs the path to show for each outline with its facts_of(), in build order.
    """
    def pick(kind: str) -> list[_Fact]:
        return [_Fact(key, value, shown, path, line)
                for path, found in facts for k, key, value, shown, line in found if k == kind]

    return (_disagreements(pick("fate"), "fate", exact_keys=True)
            + _disagreements(pick("date"), "date", exact_keys=False))


def _disagreements(facts: list[_Fact], what: str, exact_keys: bool) -> list[Diagnostic]:
    diags: list[Diagnostic] = []
    seen: dict[str, _Fact] = {}
    words: dict[str, list[str]] = {}  # word -> keys containing it, to find near matches fast
    for fact in facts:
        first = seen.get(fact.key)
        if first is None and not exact_keys:
            first = _near(fact, seen, words)
        if first is None:
            seen[fact.key] = fact
            for word in set(fact.key.split()):
                if len(word) >= 4:
                    words.setdefault(word, []).append(fact.key)
        elif first.value != fact.value and first.path != fact.path:
            diags.append(warning(fact.path, fact.line,
                                 f"{what} differs from {first.path}:{first.line}: "
                                 f"{fact.shown} here, {first.shown} there"))
    return diags


def _near(fact: _Fact, seen: dict[str, _Fact], words: dict[str, list[str]]) -> _Fact | None:
    """An earlier fact whose key is nearly the same.

    An index, not all pairs: only keys sharing a word are candidates (each word's list is
    capped at WORD_CANDIDATES), and only the NEAR_CANDIDATES sharing the most words are
    compared, so the check costs at most that many comparisons per fact.
    """
    if len(fact.key) < 12:
        return None  # short texts ("Lenin dies") are only matched exactly
    numbers = re.findall(r"\d+", fact.key)
    shared: dict[str, int] = {}
    for word in set(fact.key.split()):
        for key in words.get(word, ())[:WORD_CANDIDATES]:
            shared[key] = shared.get(key, 0) + 1
    import difflib

    matcher = difflib.SequenceMatcher(None, b=fact.key)  # b is indexed once, reused for each a
    compared = 0
    for key in sorted(shared, key=lambda k: -shared[k]):  # stable: ties keep the earlier first
        if abs(len(key) - len(fact.key)) > len(fact.key) * 0.2 \
                or re.findall(r"\d+", key) != numbers:
            continue  # "Order No. 00447" and "Order No. 00486" are different events
        matcher.set_seq1(key)
        # the quick ratios are exact upper bounds of ratio(), so skipping on them changes nothing
        if (matcher.real_quick_ratio() >= NEAR and matcher.quick_ratio() >= NEAR
                and matcher.ratio() >= NEAR):
            return seen[key]
        compared += 1
        if compared == NEAR_CANDIDATES:
            break
    return None

"""Facts that should agree across outlines: a person's fate and an event's date.

Two key-figure rows are the same person when their names match after normalising case,
spaces and punctuation. Two timeline events are the same event when their texts match after
normalising, or are nearly identical (difflib ratio >= 0.9, so "Lenin dies" and "Lenin died"
match but "Kamenev arrested" and "Zinoviev arrested" do not); they disagree when their dates
differ. Each disagreement is one warning at the later place, naming the earlier one.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import Sequence

from studyguide.diagnostics import Diagnostic, warning
from studyguide.outline.model import Outline, plain_text

NEAR = 0.9


@dataclass(frozen=True)
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


def check_consistency(outlines: Sequence[tuple[str, Outline]]) -> list[Diagnostic]:
    """Warnings for people with different fates and events with different dates.

    `outlines` pairs each outline with the path to show for it, in build order.
    """
    diags = _disagreements(list(_fates(outlines)), "fate", exact_keys=True)
    diags += _disagreements(list(_events(outlines)), "date", exact_keys=False)
    return diags


def _fates(outlines: Sequence[tuple[str, Outline]]):
    for shown, outline in outlines:
        table = outline.key_figures
        if table is None:
            continue
        headers = [_normal(plain_text(h)) for h in table.header]
        if "fate" not in headers:
            continue
        column = headers.index("fate")
        for row, line in zip(table.rows, table.row_lines or (table.line,) * len(table.rows)):
            name = plain_text(row[0]).strip()
            fate = plain_text(row[column]).strip()
            if name and fate:
                yield _Fact(_normal(name), _normal(fate), f"{name}: '{fate}'", shown, line)


def _events(outlines: Sequence[tuple[str, Outline]]):
    for shown, outline in outlines:
        for event in outline.timeline:
            text = plain_text(event.text).strip()
            yield _Fact(_normal(text), repr(event.date.sort_key()),
                        f"'{text}' dated {event.date.display()}", shown, event.line)


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
    """An earlier fact whose key is nearly the same; only keys sharing a word are compared."""
    if len(fact.key) < 12:
        return None  # short texts ("Lenin dies") are only matched exactly
    candidates: dict[str, None] = {}
    for word in set(fact.key.split()):
        for key in words.get(word, ())[:50]:
            candidates[key] = None
    for key in candidates:
        if abs(len(key) - len(fact.key)) <= len(fact.key) * 0.2:
            if difflib.SequenceMatcher(None, key, fact.key).ratio() >= NEAR:
                return seen[key]
    return None

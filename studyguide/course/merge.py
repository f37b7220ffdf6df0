"""The course pack: every outline in one PDF, plus what only makes sense across outlines.

The merging here is pure (model in, plain data out) so it can be tested without a PDF; the
typesetting lives in studyguide.render.pdf.pack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Sequence, cast

from studyguide.outline.model import (
    LEAVES,
    Citation,
    GlossaryEntry,
    Inlines,
    Outline,
    Source,
    TimelineEvent,
    plain_text,
)
from studyguide.records import fields_of, record

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


@dataclass(frozen=True)
class TaggedEvent:
    """A timeline event and the outline(s) it came from: an event several outlines give (the
    same date, the same words) is one event naming every topic."""

    event: TimelineEvent
    topic: str  # the first outline's title
    path: str  # the first outline's file, for messages
    topics: tuple[str, ...] = ()  # every outline's title that gives this event, in order

    def __post_init__(self) -> None:
        if not self.topics:
            object.__setattr__(self, "topics", (self.topic,))


@record
class Appearance:
    """One key-figures row of one outline: (column header, cell) pairs after the name."""

    topic: str
    cells: tuple[tuple[str, Inlines], ...]


@record
class Figure:
    """A person across the course: the name as first written, and each topic they appear in."""

    name: Inlines
    appearances: tuple[Appearance, ...]

    @property
    def name_text(self) -> str:
        return plain_text(self.name).strip()


@record
class Definition:
    """One wording of a term's definition and the topics that use that wording."""

    topics: tuple[str, ...]
    text: Inlines


@record
class Term:
    term: str
    definitions: tuple[Definition, ...]


def _key(text: str) -> str:
    """How names and terms are matched across outlines: case and spacing do not matter."""
    return re.sub(r"\s+", " ", text).strip().casefold()


def topic_of(outline: Outline) -> str:
    """The name a merged entry gives for the outline it came from."""
    return outline.meta.title.strip() or outline.slug


def merge_timeline(outlines: Sequence[Outline]) -> list[TaggedEvent]:
    """Every event of every outline in date order (equal dates keep the outlines' order);
    an event given by several outlines (same date, same text) appears once, naming each."""
    found: dict[tuple, TaggedEvent] = {}
    for outline in outlines:
        topic = topic_of(outline)
        for event in outline.timeline:
            same = (event.date.sort_key(), _key(plain_text(event.text)).rstrip(". "))
            if same not in found:
                found[same] = TaggedEvent(event, topic, outline.path)
            elif topic not in found[same].topics:
                first = found[same]
                found[same] = TaggedEvent(first.event, first.topic, first.path,
                                          first.topics + (topic,))
    return sorted(found.values(), key=lambda t: t.event.date.sort_key())


def merge_figures(outlines: Sequence[Outline]) -> list[Figure]:
    """One entry per person (matched by name), listing every topic they appear in, by name."""
    found: dict[str, tuple[Inlines, list[Appearance]]] = {}
    for outline in outlines:
        table = outline.key_figures
        if table is None:
            continue
        headers = [plain_text(h).strip() for h in table.header]
        for row in table.rows:
            if not row or not plain_text(row[0]).strip():
                continue
            cells = tuple((headers[i], cell) for i, cell in enumerate(row)
                          if i > 0 and i < len(headers) and plain_text(cell).strip())
            entry = found.setdefault(_key(plain_text(row[0])), (row[0], []))
            entry[1].append(Appearance(topic_of(outline), cells))
    figures = [Figure(name, _merge_same(apps)) for name, apps in found.values()]
    return sorted(figures, key=lambda f: surname_key(f.name_text))


_PARTICLES = {"de", "da", "di", "van", "von", "der", "den", "du", "le", "la", "al", "el", "bin",
              "ibn"}


def surname_key(name: str) -> tuple[str, str]:
    """How who's who sorts a name: by surname (the last word: "van Beethoven" under B; an
    alias in brackets does not count), then by the whole name."""
    plain = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", name).strip()
    if "," in plain:  # written surname first: "Stalin, Joseph"
        return (_key(plain.split(",")[0]), _key(plain))
    words = plain.split()
    return (_key(words[-1]), _key(plain)) if words else ("", _key(name))


def split_name(name: str) -> tuple[str, str]:
    """(surname, the rest) of a name as written, for a who's who entry "Stalin, Joseph";
    ("", name) when it has no given name to put after."""
    plain = name.strip()
    if "," in plain or "(" in plain or len(plain.split()) < 2:
        return "", plain
    words = plain.split()
    start = len(words) - 1
    while start > 0 and words[start - 1].casefold() in _PARTICLES:
        start -= 1
    return " ".join(words[start:]), " ".join(words[:start])


def _merge_same(appearances: list[Appearance]) -> tuple[Appearance, ...]:
    """Rows that say the same thing in several topics become one, naming every topic."""
    merged: dict[tuple, list[Appearance]] = {}
    for app in appearances:
        same = tuple((h, _key(plain_text(c))) for h, c in app.cells)
        merged.setdefault(same, []).append(app)
    return tuple(Appearance("; ".join(a.topic for a in apps), apps[0].cells)
                 for apps in merged.values())


def merge_glossary(outlines: Sequence[Outline]) -> list[Term]:
    """One entry per term; identical definitions are merged, differing ones listed per topic."""
    found: dict[str, tuple[str, list[tuple[str, GlossaryEntry]]]] = {}
    for outline in outlines:
        for entry in outline.glossary:
            if not entry.term.strip():
                continue
            slot = found.setdefault(_key(entry.term), (entry.term.strip(), []))
            slot[1].append((topic_of(outline), entry))
    terms = []
    for _, (term, uses) in sorted(found.items()):
        wordings: dict[str, tuple[list[str], Inlines]] = {}
        for topic, entry in uses:
            wording = wordings.setdefault(_key(plain_text(entry.definition)),
                                          ([], entry.definition))
            if topic not in wording[0]:
                wording[0].append(topic)
        terms.append(Term(term, tuple(Definition(tuple(t), text)
                                      for t, text in wordings.values())))
    return terms


@record
class PackSource:
    """A source of the whole pack: numbered once across every outline (None: never cited),
    with the topics that use it."""

    text: Inlines
    number: int | None
    topics: tuple[str, ...]


def renumber_citations(outlines: Sequence[Outline]) -> tuple[list[Outline], list[PackSource]]:
    """The outlines with every citation numbered across the pack, and the one source list
    those numbers point to: a source several outlines cite (the same text) is one entry,
    numbered where the pack first cites it; the uncited ones follow, once each."""
    found: dict[str, PackSource] = {}
    renumbered = []
    for outline in outlines:
        topic = topic_of(outline)
        numbers: dict[str, int] = {}
        for source in sorted(outline.cited_sources, key=lambda s: s.number or 0):
            same = _key(plain_text(source.text))
            if same not in found or found[same].number is None:
                cited = sum(1 for s in found.values() if s.number is not None)
                found[same] = PackSource(source.text, cited + 1, ())
            number = found[same].number
            assert number is not None  # numbered just above if it was not
            numbers[source.key] = number
            _add_topic(found, same, topic)
        for source in outline.sources:
            if source.number is None:
                same = _key(plain_text(source.text))
                found.setdefault(same, PackSource(source.text, None, ()))
                _add_topic(found, same, topic)
        renumbered.append(cast(Outline, _renumbered(outline, numbers)))  # the same type
    listed = sorted(found.values(), key=lambda s: (s.number is None, s.number or 0))
    return renumbered, listed


def _add_topic(found: dict[str, PackSource], same: str, topic: str) -> None:
    entry = found[same]
    if topic not in entry.topics:
        found[same] = PackSource(entry.text, entry.number, entry.topics + (topic,))


def _renumbered(value: object, numbers: dict[str, int]) -> object:
    """`value` (any part of the model) with each citation and cited source renumbered; a
    part with nothing renumbered in it is returned as it is (the walk made a copy of every
    node of every outline: 57 ms of a course pack's 540 under cProfile)."""
    if isinstance(value, LEAVES):
        return value
    if isinstance(value, Citation):
        number = numbers.get(value.key, value.number)
        return value if number == value.number else replace(value, number=number)
    if isinstance(value, Source):
        if not value.number:
            return value
        source_number = numbers.get(value.key)
        return (value if source_number == value.number
                else replace(value, number=source_number))
    if isinstance(value, tuple):
        items = tuple(_renumbered(item, numbers) for item in value)
        return value if all(a is b for a, b in zip(items, value)) else items
    names = fields_of(type(value))  # None for a class, whose type is not a dataclass
    if names:
        changes = {}
        for name, init in names:
            if not init:
                continue
            old = getattr(value, name)
            new = _renumbered(old, numbers)
            if new is not old:
                changes[name] = new
        return replace(cast("DataclassInstance", value), **changes) if changes else value
    return value

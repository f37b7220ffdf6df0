"""The one reading order of an outline: which parts a reader meets, and in what order.

Title, introduction, learning objectives, the content sections in file order, then timeline,
key figures, glossary and questions, and the sources last, whatever order the teacher wrote
the reserved sections in. Citation numbering (`validate.number_citations`) and both renderers
walk this sequence, so citation numbers rise through every output; a renderer dispatches on
each part's `kind` through a table and never decides the order itself.

A part carries the model nodes it shows. `student()` lists, in the order outputs show them,
the nodes every edition shows; `teacher()` the nodes only the teacher edition shows (speaker
notes, model answers). A renderer filters by edition; a part a renderer has nothing to show
for (heading-only objectives on a slide) renders as nothing, but keeps its place.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, ClassVar

from studyguide.outline import model as m
from studyguide.records import record


class PartKind(Enum):
    """The kinds of part, named as the parser names reserved sections where it has one."""

    TITLE = "title"
    INTRO = "intro"
    OBJECTIVES = "objectives"
    SECTION = "section"
    TIMELINE = "timeline"
    KEY_FIGURES = "key_figures"
    GLOSSARY = "glossary"
    QUESTIONS = "questions"
    SOURCES = "sources"


def _notes(heading: m.ReservedPart | None) -> tuple[Any, ...]:
    return (heading.notes,) if heading is not None else ()


def _intro(heading: m.ReservedPart | None) -> tuple[Any, ...]:
    return (heading.intro,) if heading is not None else ()


@record
class TitlePart:
    """The outline's title and the lines under it (plain text: nothing is cited there)."""

    meta: m.Meta
    kind: ClassVar[PartKind] = PartKind.TITLE

    def student(self) -> tuple[Any, ...]:
        return ()

    def teacher(self) -> tuple[Any, ...]:
        return ()


@record
class IntroPart:
    """The text before the first `##` heading."""

    blocks: tuple[m.Block, ...]
    kind: ClassVar[PartKind] = PartKind.INTRO

    def student(self) -> tuple[Any, ...]:
        return (self.blocks,)

    def teacher(self) -> tuple[Any, ...]:
        return ()


@record
class SectionPart:
    """One content section; `index` is its position among the content sections."""

    section: m.Section
    index: int
    kind: ClassVar[PartKind] = PartKind.SECTION

    def student(self) -> tuple[Any, ...]:
        return (self.section.title, self.section.blocks)

    def teacher(self) -> tuple[Any, ...]:
        return (self.section.notes,)


@record
class _Reserved:
    """A reserved section: `heading` is the section as written (None if there was none); its
    teacher notes are the teacher-only text, unless a part says otherwise."""

    heading: m.ReservedPart | None

    def teacher(self) -> tuple[Any, ...]:
        return _notes(self.heading)


@record
class ObjectivesPart(_Reserved):
    """The learning objectives."""

    objectives: tuple[m.Objective, ...]
    kind: ClassVar[PartKind] = PartKind.OBJECTIVES

    def student(self) -> tuple[Any, ...]:
        return (*_intro(self.heading), self.objectives)


@record
class TimelinePart(_Reserved):
    """The timeline, its events sorted by date; each event's text, then its details."""

    events: tuple[m.TimelineEvent, ...]
    kind: ClassVar[PartKind] = PartKind.TIMELINE

    def student(self) -> tuple[Any, ...]:
        return (*_intro(self.heading), *((e.text, e.details) for e in self.events))


@record
class KeyFiguresPart(_Reserved):
    """The key-figures table (None only after a parse error: the section had no table)."""

    table: m.Table | None
    kind: ClassVar[PartKind] = PartKind.KEY_FIGURES

    def student(self) -> tuple[Any, ...]:
        return (*_intro(self.heading), self.table)


@record
class GlossaryPart(_Reserved):
    """The glossary entries, in file order."""

    entries: tuple[m.GlossaryEntry, ...]
    kind: ClassVar[PartKind] = PartKind.GLOSSARY

    def student(self) -> tuple[Any, ...]:
        return (*_intro(self.heading), self.entries)


@record
class QuestionsPart(_Reserved):
    """The review questions. Each shows its prompt, its body (a source extract), then its
    options; the model answers are teacher-only, after the section's notes."""

    questions: tuple[m.Question, ...]
    kind: ClassVar[PartKind] = PartKind.QUESTIONS

    def student(self) -> tuple[Any, ...]:
        return (*_intro(self.heading),
                *((q.prompt, q.body, q.options) for q in self.questions))

    def teacher(self) -> tuple[Any, ...]:
        return (*_notes(self.heading), *(q.answer for q in self.questions))


@record
class SourcesPart:
    """The front matter's sources: cited ones by number, then the uncited ones."""

    sources: tuple[m.Source, ...]
    kind: ClassVar[PartKind] = PartKind.SOURCES

    def student(self) -> tuple[Any, ...]:
        return ()  # a reference is not a place that cites

    def teacher(self) -> tuple[Any, ...]:
        return ()


Reserved = ObjectivesPart | TimelinePart | KeyFiguresPart | GlossaryPart | QuestionsPart
"""A part a reserved `##` section makes: `heading` is that section as written, or None."""

Part = (TitlePart | IntroPart | SectionPart | ObjectivesPart | TimelinePart | KeyFiguresPart
        | GlossaryPart | QuestionsPart | SourcesPart)


def reading_order(outline: m.Outline) -> tuple[Part, ...]:
    """Every part `outline` has, in reading order.

    A reserved part is there when the outline has its content or its heading (a heading with
    only text under it still has a place); the introduction and sources when they are not
    empty.
    """
    def heading(kind: PartKind) -> m.ReservedPart | None:
        return outline.part(kind.value)

    def present(kind: PartKind, content: Any) -> bool:
        return content not in (None, ()) or heading(kind) is not None

    parts: list[Part] = [TitlePart(outline.meta)]
    if outline.intro:
        parts.append(IntroPart(outline.intro))
    if present(PartKind.OBJECTIVES, outline.objectives):
        parts.append(ObjectivesPart(heading(PartKind.OBJECTIVES), outline.objectives))
    parts += [SectionPart(section, i) for i, section in enumerate(outline.sections)]
    if present(PartKind.TIMELINE, outline.timeline):
        parts.append(TimelinePart(heading(PartKind.TIMELINE), outline.timeline))
    if present(PartKind.KEY_FIGURES, outline.key_figures):
        parts.append(KeyFiguresPart(heading(PartKind.KEY_FIGURES), outline.key_figures))
    if present(PartKind.GLOSSARY, outline.glossary):
        parts.append(GlossaryPart(heading(PartKind.GLOSSARY), outline.glossary))
    if present(PartKind.QUESTIONS, outline.questions):
        parts.append(QuestionsPart(heading(PartKind.QUESTIONS), outline.questions))
    if outline.sources:
        parts.append(SourcesPart(outline.sources))
    return tuple(parts)

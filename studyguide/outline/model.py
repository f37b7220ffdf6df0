"""The document model: one outline as plain, frozen data.

The parser is the only producer of these values and the renderers are the only consumers.
Nothing here knows about Markdown, reportlab or python-pptx. Every node carries the 1-based
line of the outline file it came from, so later stages can point a teacher at the source.
"""

from __future__ import annotations

from dataclasses import field
from typing import Union

from studyguide.outline.dates import HistDate
from studyguide.records import record

# ---------------------------------------------------------------------------- inline text


@record
class Span:
    """A run of text with uniform formatting. `href` makes it a link; `lang` (BCP 47) marks
    words in another language than the outline's (`[смычка]{lang=ru}`)."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    strike: bool = False
    href: str | None = None
    lang: str = ""


@record
class Citation:
    """A `[@key]` reference. `number` is its position in order of first use (1-based)."""

    key: str
    number: int


@record
class LineBreak:
    """A hard line break inside a paragraph."""


Inline = Union[Span, Citation, LineBreak]
Inlines = tuple[Inline, ...]
# values the walks over a model (citations, renumbering, images) need not look inside
LEAVES = (Span, LineBreak, str, int, float, bool, type(None))


def plain_text(inlines: Inlines) -> str:
    """The text a reader sees, without formatting; citations as `[n]`."""
    parts: list[str] = []
    for item in inlines:
        if isinstance(item, Span):
            parts.append(item.text)
        elif isinstance(item, Citation):
            parts.append(f"[{item.number}]")
        else:
            parts.append("\n")
    return "".join(parts)


# ---------------------------------------------------------------------------- blocks


@record
class Paragraph:
    line: int
    inlines: Inlines


@record
class Heading:
    """A subheading inside a section (`###` is level 3, down to 6)."""

    line: int
    level: int
    inlines: Inlines


@record
class ListItem:
    """One list item: its own text first, then any nested blocks (nested lists, paragraphs).

    `checked` is None for an ordinary item, True/False for a `- [x]` / `- [ ]` task item.
    """

    line: int
    blocks: tuple["Block", ...]
    checked: bool | None = None


@record
class ListBlock:
    """A bullet list, or a numbered one (`ordered`, counting from `start`)."""

    line: int
    items: tuple[ListItem, ...]
    ordered: bool = False
    start: int = 1


@record
class Quote:
    line: int
    blocks: tuple["Block", ...]


@record
class Image:
    """An image. `path` is the resolved absolute file path (checked to exist by the parser)."""

    line: int
    path: str
    alt: str
    caption: str | None = None


@record
class CodeBlock:
    """Preformatted text shown literally: fenced or indented code, or raw HTML a teacher pasted."""

    line: int
    text: str
    language: str = ""


@record
class Table:
    """A table. Every row has exactly as many cells as the header (the parser ensures it)."""

    line: int
    header: tuple[Inlines, ...]
    rows: tuple[tuple[Inlines, ...], ...]
    row_lines: tuple[int, ...] = ()
    align: tuple[str, ...] = ()  # per column: "", "left", "center", "right"


@record
class Rule:
    """A thematic break (`---` in the body)."""

    line: int


Block = Union[Paragraph, Heading, ListBlock, Quote, Image, CodeBlock, Table, Rule]


# ---------------------------------------------------------------------------- sections


@record
class Section:
    """A content section (a `##` heading that is not reserved). Notes are teacher-only."""

    line: int
    title: Inlines
    blocks: tuple[Block, ...]
    notes: tuple[Block, ...] = ()
    # `::: slide` blocks: each one slide of the deck, shown exactly (docs/outline-format.md)
    slides: tuple[tuple[Block, ...], ...] = ()

    @property
    def title_text(self) -> str:
        return plain_text(self.title)


@record
class Objective:
    line: int
    inlines: Inlines


@record
class TimelineEvent:
    """One dated event. `details` (nested bullets) appear in the handout only."""

    line: int
    date: HistDate
    text: Inlines
    details: tuple[Block, ...] = ()


@record
class GlossaryEntry:
    line: int
    term: str
    definition: Inlines
    term_inlines: Inlines = ()  # the term as spans (a language marked in it); () if plain


@record
class Option:
    """A multiple-choice option."""

    line: int
    text: Inlines
    correct: bool


@record
class Question:
    """A review question: multiple choice when it has options, open otherwise."""

    line: int
    number: int
    prompt: Inlines
    options: tuple[Option, ...] = ()
    answer: tuple[Block, ...] = ()  # the model answer, teacher edition only
    body: tuple[Block, ...] = ()  # anything else under the question (e.g. a source extract)
    marks: int | None = None  # "[6 marks]" at the end of the prompt (it stays in the prompt)
    lines: int | None = None  # a "lines: 8" hint: how many answer lines to rule

    @property
    def is_multiple_choice(self) -> bool:
        return bool(self.options)


@record
class Source:
    """A reference from the front matter. `number` is None when the text never cites it."""

    key: str
    text: Inlines
    number: int | None


@record
class Meta:
    title: str
    subtitle: str = ""
    period: str = ""
    audience: str = ""
    theme: str = ""
    theme_line: int = 0  # the line of the `theme:` key, 0 when there is none
    worksheet: tuple[tuple[str, object], ...] = ()  # the outline's worksheet switches
    lang: str = ""  # the outline's language (BCP 47, such as en-GB); "" for the project's


@record
class ReservedPart:
    """Where a reserved section (Timeline, Glossary, ...) sat in the file, and its notes."""

    # "objectives" | "timeline" | "key_figures" | "glossary" | "questions": the values of
    # outline.order.PartKind, where the reading order (the one place that orders parts) is.
    kind: str
    line: int
    title: str
    notes: tuple[Block, ...] = ()
    intro: tuple[Block, ...] = ()  # other text in the section, shown before its list or table


@record
class Outline:
    """One parsed outline. Collections are in display order (the timeline sorted by date)."""

    path: str
    slug: str
    meta: Meta
    intro: tuple[Block, ...] = ()
    objectives: tuple[Objective, ...] = ()
    sections: tuple[Section, ...] = ()
    timeline: tuple[TimelineEvent, ...] = ()
    key_figures: Table | None = None
    glossary: tuple[GlossaryEntry, ...] = ()
    questions: tuple[Question, ...] = ()
    sources: tuple[Source, ...] = ()  # cited ones by number, then uncited ones
    parts: tuple[ReservedPart, ...] = field(default=())

    def part(self, kind: str) -> ReservedPart | None:
        """The reserved section of this kind, if the outline has one."""
        return next((p for p in self.parts if p.kind == kind), None)

    @property
    def cited_sources(self) -> tuple[Source, ...]:
        return tuple(s for s in self.sources if s.number is not None)

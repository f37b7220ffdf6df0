"""The `##` sections of an outline: content sections, and the reserved ones read as data.

The parser hands over each `##` section as plain blocks; here the reserved ones (objectives,
timeline, key figures, glossary, questions) are read into the model's lists. Blocks in a
reserved section that are not its list (or table) become the part's `intro`, shown before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Callable

from studyguide.outline import dates, validate
from studyguide.outline.context import ParseContext
from studyguide.outline.dates import DateError, parse_date
from studyguide.outline.inline import inline_text, split_inlines, strip_inlines
from studyguide.outline.model import (
    Block,
    GlossaryEntry,
    Heading,
    Inlines,
    ListBlock,
    ListItem,
    Objective,
    Option,
    Paragraph,
    Question,
    ReservedPart,
    Section,
    Span,
    Table,
    TimelineEvent,
)

RESERVED = {
    "learning objectives": "objectives", "objectives": "objectives",
    "timeline": "timeline",
    "key figures": "key_figures", "key people": "key_figures", "who's who": "key_figures",
    "glossary": "glossary", "key terms": "glossary",
    "questions": "questions", "review questions": "questions",
}
# The names other tools and teachers give the same sections (issue 18); read as the reserved
# section, with a warning that names its own heading.
ALIASES = {
    "learning outcomes": "objectives", "learning goals": "objectives", "aims": "objectives",
    "key dates": "timeline", "chronology": "timeline", "important dates": "timeline",
    "important people": "key_figures", "key individuals": "key_figures",
    "people": "key_figures", "key people and groups": "key_figures",
    "vocabulary": "glossary", "key vocabulary": "glossary", "definitions": "glossary",
    "terms": "glossary", "key words": "glossary", "keywords": "glossary",
    "discussion questions": "questions", "revision questions": "questions",
    "exam questions": "questions", "check your understanding": "questions",
    "practice questions": "questions", "exercises": "questions",
}
HEADINGS = {"objectives": "Learning objectives", "timeline": "Timeline",
            "key_figures": "Key figures", "glossary": "Glossary", "questions": "Questions"}
# Far more than a real course needs (the bench's 1,000-event timeline builds), and about
# what a handout can typeset in a few seconds (docs/security.md).
MAX_TIMELINE_EVENTS = 2_000
_ANSWER = re.compile(r"\s*answer\s*:\s*", re.IGNORECASE)
_LINES = re.compile(r"\s*lines\s*:\s*(\S*)\s*", re.IGNORECASE)
_MARKS = re.compile(r"\[\s*(\d{1,3})\s+marks?\s*\]\s*$", re.IGNORECASE)
MAX_ANSWER_LINES = 40  # a page and a half: more is a typo


@dataclass
class RawSection:
    """A `##` heading and everything under it, before the reserved ones are interpreted."""

    line: int
    title: Inlines
    blocks: list[Block] = field(default_factory=list)
    notes: tuple[Block, ...] = ()
    slides: tuple[tuple[Block, ...], ...] = ()
    level: int = 2  # a reserved section may be opened by a heading of another level

    @property
    def title_text(self) -> str:
        return inline_text(self.title).strip()


@dataclass
class Body:
    """What the sections of an outline add up to (the Outline's fields below the meta)."""

    sections: list[Section] = field(default_factory=list)
    objectives: tuple[Objective, ...] = ()
    timeline: tuple[TimelineEvent, ...] = ()
    key_figures: Table | None = None
    glossary: tuple[GlossaryEntry, ...] = ()
    questions: tuple = ()
    parts: list[ReservedPart] = field(default_factory=list)


def reserved_kind(title: str, aliases: bool = True) -> str | None:
    """The reserved kind a heading names (its own name, or with `aliases` a common other
    name, a trailing colon and markup ignored), or None for a content section."""
    key = " ".join(title.replace("\u2019", "'").replace("*", "").split()).casefold()
    if key in RESERVED:
        return RESERVED[key]
    if not aliases:
        return None
    key = key.rstrip(":").strip()
    return RESERVED.get(key) or ALIASES.get(key)


def build_body(raws: list[RawSection], ctx: ParseContext) -> Body:
    """Interpret each `##` section; report duplicate reserved sections."""
    body = Body()
    first: dict[str, int] = {}
    for raw in raws:
        kind = reserved_kind(raw.title_text)
        if kind is None:
            if not raw.title_text:
                ctx.warn(raw.line, "section heading '##' has no text")
            elif not raw.blocks and not raw.notes and not raw.slides:
                ctx.warn(raw.line, f"section '{raw.title_text}' is empty")
            body.sections.append(Section(raw.line, raw.title, tuple(raw.blocks), raw.notes,
                                         raw.slides))
            continue
        written_as_section = raw.level == 2
        own_name = reserved_kind(raw.title_text, aliases=False) is not None
        lenient = not (written_as_section and own_name)
        before = len(ctx.diagnostics)
        content, intro = _READERS[kind](raw, ctx)
        if lenient and (kind in first or any(d.is_error for d in ctx.diagnostics[before:])):
            # Read leniently, it does not fit: keep it the content section it always was.
            del ctx.diagnostics[before:]
            body.sections.append(Section(raw.line, raw.title, tuple(raw.blocks), raw.notes,
                                         raw.slides))
            continue
        if raw.slides:
            ctx.warn(raw.line, f"'::: slide' in '{raw.title_text}' is not shown: only content "
                               "sections take slide blocks")
        if lenient:
            written = f"{'#' * raw.level} {raw.title_text}" if raw.level != 2 else \
                raw.title_text
            ctx.warn(raw.line, f"'{written}' is read as the '{HEADINGS[kind]}' section "
                               f"(write it as '## {HEADINGS[kind]}' to say so)")
        if kind in first:
            ctx.error(raw.line, f"duplicate '{raw.title_text}' section (first on line "
                                f"{first[kind]})")
            continue
        first[kind] = raw.line
        setattr(body, kind, content)
        body.parts.append(ReservedPart(kind, raw.line, raw.title_text, raw.notes, intro))
    return body


def _split(raw: RawSection) -> tuple[list[ListItem], tuple[Block, ...]]:
    """The items of the section's lists, and its other blocks."""
    items: list[ListItem] = []
    intro: list[Block] = []
    for block in raw.blocks:
        if isinstance(block, ListBlock):
            items.extend(block.items)
        else:
            intro.append(block)
    return items, tuple(intro)


def _first_paragraph(item: ListItem) -> Paragraph | None:
    first = item.blocks[0] if item.blocks else None
    return first if isinstance(first, Paragraph) else None


def _warn_extra(item: ListItem, ctx: ParseContext, what: str) -> None:
    if len(item.blocks) > 1:
        ctx.warn(item.blocks[1].line, f"only the first paragraph of {what} is shown")


def _warn_no_items(raw: RawSection, ctx: ParseContext, count: int) -> None:
    if count == 0 and not raw.blocks:
        ctx.warn(raw.line, f"section '{raw.title_text}' is empty")


def _warn_unlisted_events(raw: RawSection, ctx: ParseContext) -> None:
    """Lines such as `1924: Lenin dies` without the '- ' are shown as text, not as events."""
    for block in raw.blocks:
        if not isinstance(block, Paragraph):
            continue
        label, colon, _ = ctx.source_line(block.line).partition(": ")
        try:
            parse_date(label)
        except DateError:
            continue
        if colon:
            ctx.warn(block.line, "timeline events must be list items ('- 1924-01-21: event'); "
                                 "this text is shown as it is")
            return


# ---------------------------------------------------------------------------- readers


def _objectives(raw: RawSection, ctx: ParseContext):
    items, intro = _split(raw)
    objectives = []
    for item in items:
        first = _first_paragraph(item)
        if first is not None:
            _warn_extra(item, ctx, "a learning objective")
            objectives.append(Objective(item.line, first.inlines))
    _warn_no_items(raw, ctx, len(objectives))
    return tuple(objectives), intro


def _timeline(raw: RawSection, ctx: ParseContext):
    items, intro = _dated_items(raw)
    if len(items) > MAX_TIMELINE_EVENTS:
        ctx.error(raw.line, f"timeline has {len(items):,} events; the limit is "
                            f"{MAX_TIMELINE_EVENTS:,}")
        return (), intro
    events = [e for e in (_event(item, year, ctx) for item, year in items) if e is not None]
    _warn_no_items(raw, ctx, len(items))
    if not items:
        _warn_unlisted_events(raw, ctx)
    events.sort(key=lambda e: e.date.sort_key())  # stable: equal dates keep the file's order
    return tuple(events), intro


def _dated_items(raw: RawSection) -> tuple[list[tuple[ListItem, int | None]], tuple[Block, ...]]:
    """The timeline's items, each with the year of the dated subheading above it (`### 1770`
    over `- March 5: ...`), and its other blocks; a dated subheading is not shown itself."""
    items: list[tuple[ListItem, int | None]] = []
    intro: list[Block] = []
    year: int | None = None
    for block in raw.blocks:
        if isinstance(block, ListBlock):
            items.extend((item, year) for item in block.items)
            continue
        if isinstance(block, Heading):
            heading_year = _heading_year(inline_text(block.inlines))
            if heading_year is not None or year is not None:
                year = heading_year
            if heading_year is not None:
                continue
        intro.append(block)
    return items, tuple(intro)


def _heading_year(text: str) -> int | None:
    """The year a subheading names (`1770`, `44 BC`, `March 1770`), or None."""
    try:
        date = parse_date(text.strip().rstrip(":"))
    except DateError:
        return None
    return date.start.year if date.end is None or date.end.year == date.start.year else None


def _term_spans(term: Inlines) -> Inlines:
    """A glossary term's spans when a language is marked in it (`[смычка]{lang=ru}`), else ()
    (the plain `term` text is all a renderer needs)."""
    if not any(isinstance(i, Span) and i.lang for i in term):
        return ()
    return strip_inlines(term)


def _labelled(item: ListItem) -> tuple[Paragraph | None, str, int]:
    """An item written `label: text`: its first paragraph, the label, and where ': ' is."""
    first = _first_paragraph(item)
    text = inline_text(first.inlines) if first is not None else ""
    cut = text.find(": ")
    if cut < 0 and text.rstrip().endswith(":"):
        cut = len(text.rstrip()) - 1
    return first, (text[:cut].strip() if cut > 0 else ""), cut


# Between a date and its event: `: `, ` - `, ` – `, ` — `, `->`, `→`. The date is the longest
# text before one of them that reads as a date, so `1914 - 1918 - War` is a range.
_EVENT_SEPARATOR = re.compile(r":\s|:$|\s+[-–—]\s+|\s*(?:->|→)\s*")


def _labelled_event(item: ListItem, year: int | None
                    ) -> tuple[Paragraph | None, str, int, int]:
    """An event item: its first paragraph, the date text, where it ends and the text begins
    (-1 when no separator follows a date)."""
    first = _first_paragraph(item)
    text = inline_text(first.inlines) if first is not None else ""
    best = (first, "", -1, -1)
    for match in _EVENT_SEPARATOR.finditer(text[:dates.MAX_LENGTH + 8]):
        label = text[:match.start()].strip()
        try:
            parse_date(label, year)
        except DateError:
            continue
        best = (first, label, match.start(), match.end())
    if best[2] < 0:  # nothing before a separator is a date: report what `: ` leaves
        first, label, cut = _labelled(item)
        return first, label, cut, cut + 1
    return best


def _event(item: ListItem, year: int | None, ctx: ParseContext) -> TimelineEvent | None:
    first, date_text, cut, rest_at = _labelled_event(item, year)
    if first is None or not date_text:
        ctx.error(item.line, "timeline item has no date (write '- 1924-01-21: event')")
        return None
    try:
        date = parse_date(date_text, year)
    except DateError as exc:
        # dates.py's messages already read "invalid date '...': why"; keep any that do not.
        message = str(exc)
        if not message.startswith("invalid date"):
            message = f"invalid date '{date_text}': {message}"
        ctx.error(item.line, message)
        return None
    _, rest = split_inlines(first.inlines, rest_at)
    return TimelineEvent(item.line, date, strip_inlines(rest), item.blocks[1:])


def _key_figures(raw: RawSection, ctx: ParseContext):
    tables = [b for b in raw.blocks if isinstance(b, Table)]
    if not tables:
        ctx.error(raw.line, "'Key figures' must be a table (| Name | Role | ... |)")
        return None, tuple(raw.blocks)
    table, others = tables[0], []
    for more in tables[1:]:
        if _header_key(more) == _header_key(table):
            # A long table split by a blank line, its header repeated: one table to a reader.
            table = replace(table, rows=table.rows + more.rows,
                            row_lines=table.row_lines + more.row_lines)
        else:
            ctx.warn(more.line, "'Key figures' holds one table; this one has other columns "
                                f"than the one on line {table.line} and is shown before it")
            others.append(more)
    if len(tables) > 1 and len(table.rows) > validate.MAX_TABLE_ROWS:
        validate.check_table_size(table, ctx)
    kept = [b for b in raw.blocks if not isinstance(b, Table) or any(b is o for o in others)]
    return table, tuple(kept)


def _header_key(table: Table) -> tuple[str, ...]:
    return tuple(" ".join(inline_text(cell).split()).casefold() for cell in table.header)


def _glossary(raw: RawSection, ctx: ParseContext):
    items, intro = _split(raw)
    entries = []
    tables = [b for b in intro if isinstance(b, Table) and len(b.header) == 2]
    for table in tables:  # `| Term | Definition |`: each row is an entry
        for line, (term_cell, definition) in zip(table.row_lines, table.rows):
            if inline_text(term_cell).strip():
                entries.append(GlossaryEntry(line, inline_text(term_cell).strip(),
                                             strip_inlines(definition), _term_spans(term_cell)))
    intro = tuple(b for b in intro if not any(b is t for t in tables))
    for item in items:
        first, term, cut = _labelled(item)
        if first is None or not term:
            ctx.error(item.line, "glossary item needs 'Term: definition'")
            continue
        _warn_extra(item, ctx, "a glossary entry")
        _, definition = split_inlines(first.inlines, cut + 1)
        definition = strip_inlines(definition)
        if not definition:
            ctx.warn(item.line, f"glossary entry '{term}' has no definition")
        entries.append(GlossaryEntry(item.line, term, definition,
                                     _term_spans(split_inlines(first.inlines, cut)[0])))
    _warn_no_items(raw, ctx, len(entries))
    entries.sort(key=lambda entry: entry.line)
    return tuple(entries), intro


def _questions(raw: RawSection, ctx: ParseContext):
    questions: list[Question] = []
    intro: list[Block] = []
    for block in raw.blocks:
        if not isinstance(block, ListBlock):
            intro.append(block)
            continue
        for index, item in enumerate(block.items):
            number = block.start + index if block.ordered else len(questions) + 1
            questions.append(_question(item, number, ctx))
    _warn_no_items(raw, ctx, len(questions))
    return tuple(questions), tuple(intro)


def _question(item: ListItem, number: int, ctx: ParseContext) -> Question:
    first = _first_paragraph(item)
    prompt = first.inlines if first is not None else ()
    rest = item.blocks[1:] if first is not None else item.blocks
    options: list[Option] = []
    answer: list[Block] = []
    body: list[Block] = []
    lines: list[int] = []
    for block in rest:
        if isinstance(block, ListBlock):
            others = [sub for sub in block.items
                      if not _lines_hint(_first_paragraph(sub), lines, ctx)
                      and not _option_or_answer(sub, options, answer)]
            if others:
                body.append(ListBlock(block.line, tuple(others), block.ordered, block.start))
        elif _lines_hint(block, lines, ctx) or _answer_blocks(block, (), answer):
            continue
        else:
            body.append(block)
    marks = _MARKS.search(inline_text(prompt))
    if not inline_text(prompt).strip() and not body and not options:
        ctx.warn(item.line, f"question {number} has no text")
    if options and not any(o.correct for o in options):
        ctx.warn(item.line, "multiple-choice question has no correct option (mark one with [x])")
    return Question(item.line, number, prompt, tuple(options), tuple(answer), tuple(body),
                    marks=int(marks.group(1)) if marks else None,
                    lines=lines[-1] if lines else None)


def _lines_hint(block: Block | None, found: list[int], ctx: ParseContext) -> bool:
    """If `block` is a paragraph `lines: 8`, note the number (or warn) and say it was one."""
    if not isinstance(block, Paragraph):
        return False
    match = _LINES.fullmatch(inline_text(block.inlines))
    if match is None:
        return False
    value = match.group(1)
    if value.isdigit() and 1 <= int(value) <= MAX_ANSWER_LINES:
        found.append(int(value))
    else:
        ctx.warn(block.line, f"'lines:' takes a whole number from 1 to {MAX_ANSWER_LINES}, "
                             f"not '{value}'; the answer space follows the question instead")
    return True


def _option_or_answer(item: ListItem, options: list[Option], answer: list[Block]) -> bool:
    """File a nested item as an option or a model answer; False when it is neither."""
    first = _first_paragraph(item)
    if item.checked is not None:
        options.append(Option(item.line, first.inlines if first else (), item.checked))
        return True
    return first is not None and _answer_blocks(first, item.blocks[1:], answer)


def _answer_blocks(block: Block, more: tuple[Block, ...], answer: list[Block]) -> bool:
    """If `block` is a paragraph starting `Answer:`, add it (without the prefix) and `more`."""
    if not isinstance(block, Paragraph):
        return False
    match = _ANSWER.match(inline_text(block.inlines))
    if match is None:
        return False
    _, rest = split_inlines(block.inlines, match.end())
    if rest:
        answer.append(Paragraph(block.line, rest))
    answer.extend(more)
    return True


_READERS: dict[str, Callable[[RawSection, ParseContext], tuple]] = {
    "objectives": _objectives,
    "timeline": _timeline,
    "key_figures": _key_figures,
    "glossary": _glossary,
    "questions": _questions,
}

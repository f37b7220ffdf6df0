"""Sections as projection slides: a few short points on the slide, the full text in the notes.

A teacher presents a slide and says the rest, so a section's prose is split by what it is for:

* a list item shows its bold lead-in (with the start of its first sentence when the lead-in
  alone says little, like "1926"), or its first sentence cut to POINT_WORDS words; the whole
  item goes to the speaker notes of the slide that shows it;
* a paragraph goes to the notes; a stretch of prose with no list shows the first sentence of
  each paragraph, shortened the same way, so no slide is empty;
* a subheading starts a new slide titled with it; a quotation, a table and an image each get
  slides of their own (layouts "quote", "table", "picture"); code stays on the slide, monospaced;
* points are shared out evenly over as few slides as hold them (at most MAX_POINTS each), so a
  list never ends with one item alone on a "(cont.)" slide.

A `::: slide` block in a section (outline format, docs/outline-format.md) replaces this
derivation: each block is one slide showing exactly its blocks, and all of the section's own
blocks go to the notes.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Union

from studyguide.outline import model as m
from studyguide.records import record
from studyguide.render.deck import fit
from studyguide.render.deck.blocks import (
    ImageItem,
    Item,
    TableItem,
    block_items_all,
    blocks_text,
)
from studyguide.render.deck.flow import SlideFlow, title_shapes
from studyguide.render.deck.shapes import (
    BODY_TOP,
    MARGIN,
    Grid,
    Page,
    Para,
    Picture,
    SlidePlan,
    TextBox,
    box_height,
)

MAX_POINTS = 5
TWO_MIN = 6  # a list of this many short points or more may take a Two Content slide
SHORT_WORDS = 6  # ...when no point shows more words than this
COLUMN_GAP = 28.0  # between the two columns, in points
POINT_WORDS = 14  # a point's most words, its lead-in included
LEAD_ALONE = 3  # a lead-in of more words than this stands on its own
QUOTE_WORDS = 60  # a longer quotation is cut at a sentence end, "…" after it
BULLET = "•\u00a0"
HANG = 26.0

_DANGLING = frozenset("a an the of to in into on at by for from with and or but as that "
                      "which who whose his her its their was were is are be".split())
_ABBREVIATION = re.compile(r"(?:\b[A-Z]|\b(?:c|ca|cf|eg|ie|vs|Mr|Mrs|Ms|Dr|St|No|vol|pp?))\.$")


@record
class Point:
    """One thing a slide shows (paragraphs drawn together) and what the notes say about it."""

    paras: tuple[Para, ...]
    note: str


@record
class Aside:
    """Prose that goes to the notes; its `inlines` give points when a group has no list."""

    note: str
    inlines: m.Inlines = ()
    line: int | None = None


@record
class Heading:
    title: str


@record
class Break:
    """A `---` between blocks: the slide ends here (a Marp or Slidev slide break)."""


@record
class Own:
    """A quotation, table or image: slides of its own."""

    block: m.Quote | m.Table | m.Image


Unit = Union[Point, Aside, Heading, Own, Break]


def point_size(page: Page) -> float:
    """Points are set large, for the back of the room: 28 pt on the classic theme."""
    return max(page.base + 8.0, 28.0)


# ---------------------------------------------------------------- words


Word = tuple[str, "m.Span | None"]  # a word and the span it starts in


def word_list(inlines: m.Inlines) -> list[Word]:
    """The words of inline text, each with the span it starts in; citations are left out
    (the notes keep them) and the punctuation after one joins the word before it."""
    text, starts = "", []
    for item in inlines:
        if isinstance(item, m.Span):
            starts.append((len(text), item))
            text += fit.clean(item.text)  # as the run will show it: no control characters
        elif not isinstance(item, m.Citation):
            text += "\n"  # a line break, kept as a word of its own
    text = re.sub(r"\s+(?=[.,;:!?](?:\s|$))", "", text)  # "him [1]." read as "him."
    words: list[Word] = []
    for match in re.finditer(r"\n|[^\s]+", text):
        span = None
        for start, item in starts:
            if start <= match.start():
                span = item
        words.append((match.group(), span))
    return words


def plain(inlines: m.Inlines) -> str:
    """The words of inline text as one line, citations left out."""
    return " ".join(word for word, _ in word_list(inlines) if word != "\n")


def sentences(words: list[Word]) -> list[list[Word]]:
    """`words` cut into sentences (an initial like "W." or "c." ends none)."""
    out: list[list[Word]] = [[]]
    for index, (word, span) in enumerate(words):
        out[-1].append((word, span))
        following = words[index + 1][0] if index + 1 < len(words) else ""
        bare = word.rstrip("”’\")")
        if (bare[-1:] in ".!?…" and following[:1] and
                (following[:1].isupper() or following[:1].isdigit() or following[:1] in "“\"(")
                and not _ABBREVIATION.search(bare)):
            out.append([])
    return [sentence for sentence in out if sentence]


def first_sentence(text: str) -> str:
    """`text` up to its first sentence end."""
    found = sentences([(word, None) for word in text.split()])
    return " ".join(word for word, _ in found[0]) if found else ""


def shorten(text: str, budget: int) -> str:
    """The first sentence of `text` in at most `budget` words (see `keep`)."""
    words = first_sentence(text).split()
    count, cut = keep(words, budget)
    return _tidy(words[:count], cut, count == len(words))


def keep(words: list[str], budget: int) -> tuple[int, bool]:
    """How many of a sentence's `words` a point shows, and whether '…' follows them: all
    when they fit in `budget`, else up to the last clause break (a semicolon, colon or dash
    after four words, else a comma after seven, which gets '…' too: the words before a comma
    are often half a clause, "On 9 November 1932 Nadezhda Alliluyeva, Stalin's wife"), else
    `budget` and '…'."""
    if len(words) <= budget:
        return len(words), False
    for breaks, shortest in ((";:", 4), (",", 7)):  # a semicolon, colon or dash first
        for end in range(budget, shortest - 1, -1):
            if words[end - 1][-1:] in breaks or (breaks != "," and words[end][:1] in "—–("):
                return end, breaks == ","
    end = budget
    while end > 4 and words[end - 1].lower().strip(",;:") in _DANGLING:
        end -= 1  # "absorbed into the …" reads better as "absorbed …"
    return end, True


def _tidy(words: list[str], cut: bool, whole: bool) -> str:
    """A point's words: a whole sentence as it is; one cut at a clause break without the
    comma or semicolon it ended on; one cut short with '…'."""
    text = " ".join(words)
    if whole:
        return text
    return text.rstrip(",;:.") + " …" if cut else text.rstrip(",;:")


def _runs(page: Page, sentence: list[Word], budget: int, line: int | None = None) -> list:
    """Runs for a sentence shortened to `budget` words, each word in its span's style
    (links, italic titles and code kept)."""
    count, cut = keep([word for word, _ in sentence], budget)
    shown = list(sentence[:count])
    if shown:
        shown[-1] = (_tidy([shown[-1][0]], cut, count == len(sentence)), shown[-1][1])
    runs: list = []
    for word, span in shown:
        if word == "\n":
            if runs:
                runs[-1] = (runs[-1][0] + "\n", runs[-1][1])
            continue
        space = " " if runs and not runs[-1][0].endswith("\n") else ""
        if runs and runs[-1][1] is span:
            runs[-1] = (runs[-1][0] + space + word, span)
        else:
            if space:  # the space between two spans is plain, never part of a link
                runs.append((space, None))
            runs.append((word, span))
    return [page.run(text) if span is None else
            page.run(text, "mono" if span.code else "body", bold=span.bold, italic=span.italic,
                     color="primary" if span.href else "text", href=span.href, line=line)
            for text, span in runs]


def _lead_in(inlines: m.Inlines) -> tuple[str, m.Inlines]:
    """A bold opening ("**The Twelfth Party Congress (April 1923).**") and the inlines after it."""
    count = 0
    for item in inlines:
        if isinstance(item, m.Span) and (item.bold or not item.text.strip()):
            count += 1
        else:
            break
    lead = plain(inlines[:count]).strip()
    return (lead.rstrip(" .:"), inlines[count:]) if lead else ("", inlines)


def _point(page: Page, inlines: m.Inlines, note: str, *, bullet: str = BULLET,
           sentence: list[Word] | None = None, line: int | None = None) -> Point:
    """A point from a list item's or paragraph's inlines (its bold lead-in, else its first
    sentence), or from one given `sentence` of a paragraph."""
    size = point_size(page)
    lead, rest = _lead_in(inlines) if sentence is None else ("", inlines)
    runs = [page.run(bullet, color="accent" if bullet == BULLET else "primary",
                     bold=bullet != BULLET)]
    if lead:
        runs.append(page.run(lead, bold=True, color="primary", line=line))
        lead_words = len(lead.split())
        following = sentences(word_list(_without_opening(rest)))
        if lead_words <= LEAD_ALONE and following:
            runs += [page.run(" — ")] + _runs(page, following[0],
                                              max(POINT_WORDS - lead_words, 4), line)
    else:
        first = sentence if sentence is not None else (sentences(word_list(inlines)) or [[]])[0]
        runs += _runs(page, first, POINT_WORDS, line)
    return Point((Para(tuple(runs), size, indent=HANG, hang=HANG, space_before=0.5 * size),),
                 note)


def prose_points(page: Page, asides: list["Aside"]) -> list["Point"]:
    """Points for prose with no list: the first sentences of each paragraph (up to three of
    a lone paragraph, two of each of several), at most MAX_POINTS; a paragraph's notes go
    with its first point."""
    each = 3 if len(asides) == 1 else 2
    out: list[Point] = []
    for aside in asides:
        lead, _ = _lead_in(aside.inlines)
        if lead:
            out.append(_point(page, aside.inlines, aside.note, line=aside.line))
            continue
        for number, sentence in enumerate(sentences(word_list(aside.inlines))[:each]):
            out.append(_point(page, aside.inlines, aside.note if number == 0 else "",
                              sentence=sentence, line=aside.line))
    return out[:MAX_POINTS]


def _without_opening(inlines: m.Inlines) -> m.Inlines:
    """`inlines` without the punctuation that joined them to a lead-in (": ", " — ")."""
    out = list(inlines)
    while out and isinstance(out[0], m.Span):
        stripped = out[0].text.lstrip(" :;,.—–-")
        if stripped:
            out[0] = dataclasses.replace(out[0], text=stripped)
            break
        out.pop(0)
    return tuple(out)


# ---------------------------------------------------------------- blocks -> units


def units(page: Page, blocks: tuple | list) -> list[Unit]:
    """A section's blocks as the units slides are made of, in order."""
    out: list[Unit] = []
    for block in blocks:
        if isinstance(block, m.ListBlock):
            for number, item in enumerate(block.items, start=block.start):
                head = item.blocks[0] if item.blocks else None
                inlines = head.inlines if isinstance(head, m.Paragraph) else ()
                bullet = f"{number}.\u00a0" if block.ordered else BULLET
                out.append(_point(page, inlines, blocks_text(item.blocks), bullet=bullet,
                                  line=getattr(head, "line", None)))
        elif isinstance(block, m.Paragraph):
            out.append(Aside(blocks_text([block]), block.inlines, block.line))
        elif isinstance(block, m.Heading):
            out.append(Heading(plain(block.inlines)))
        elif isinstance(block, (m.Quote, m.Table, m.Image)):
            out.append(Own(block))
        elif isinstance(block, m.CodeBlock):
            paras = tuple(p for p in block_items_all(page, [block]) if isinstance(p, Para))
            out.append(Point(paras, blocks_text([block])))
        elif isinstance(block, m.Rule):
            out.append(Break())
    return out


# ---------------------------------------------------------------- units -> slides


@dataclass
class Group:
    """Points and asides under one title, not yet shared out over slides."""

    title: str
    items: list[Point | Aside] = dataclasses.field(default_factory=list)


class Projection:
    """The slides of one section (or the introduction), planned for projection."""

    def __init__(self, page: Page, kind: str, title: str, path: str, problems: list) -> None:
        self.page, self.kind, self.title, self.path = page, kind, title, path
        self.problems = problems
        self.slides: list[SlidePlan] = []

    @property
    def room(self) -> float:
        return self.page.body_bottom - BODY_TOP

    def plan(self, blocks: tuple | list, notes: str) -> list[SlidePlan]:
        found = units(self.page, blocks)
        if found and isinstance(found[0], Heading):  # else the section's title is never shown
            parts = [unit.title for unit in found if isinstance(unit, Heading) and unit.title]
            self.slides.append(section_slide(self.page, self.kind, self.title, parts))
        group = Group(self.title)
        for unit in found:
            if isinstance(unit, Heading):
                self._close(group)
                group = Group(unit.title or self.title)
            elif isinstance(unit, Own):
                self._close(group)
                self._own(unit.block, group.title)
                group = Group(group.title)
            elif isinstance(unit, Break):
                self._close(group)
                group = Group(group.title)
            else:
                group.items.append(unit)
        self._close(group)
        if not self.slides:
            self.slides.append(self._slide(self.title, [], []))
        return _with_section_notes(self.slides, notes)

    def _close(self, group: Group) -> None:
        items = group.items
        if not any(isinstance(i, Point) for i in items):
            asides = [i for i in items if isinstance(i, Aside) and i.inlines]
            made = prose_points(self.page, asides)
            said = {id(a) for a in asides if any(p.note is a.note and a.note for p in made)}
            items = [*made, *(i for i in items if id(i) not in said)]
        points = [i for i in items if isinstance(i, Point)]
        if not points:
            if items and self.slides:  # prose with no words to show: notes of the last slide
                self.slides[-1] = _add_notes(self.slides[-1], "\n".join(i.note for i in items))
            return
        if self._two_columns(group, items, points):
            return
        shares = self._shares(points)
        share_of = {id(p): k for k, share in enumerate(shares) for p in share}
        notes: list[list[str]] = [[] for _ in shares]
        waiting: list[str] = []  # asides go with the next point shown, else with the last
        for item in items:
            if isinstance(item, Point):
                notes[share_of[id(item)]] += waiting + [item.note]
                waiting = []
            else:
                waiting.append(item.note)
        notes[-1] += waiting
        for share, share_notes in zip(shares, notes):
            title = group.title if not self._titled(group.title) else f"{group.title} (cont.)"
            self.slides.append(self._slide(title, [p for s in share for p in s.paras],
                                           share_notes))

    def _two_columns(self, group: Group, items: list, points: list[Point]) -> bool:
        """A list of 6 to 10 short points (a few words each, such as names or terms) on one
        Two Content slide, half in each column, instead of spread over two slides."""
        if not TWO_MIN <= len(points) <= 2 * MAX_POINTS:
            return False
        if any(len(_point_text(p).split()) > SHORT_WORDS for p in points):
            return False
        half = -(-len(points) // 2)
        columns = [points[:half], points[half:]]
        width = (self.page.body_width - COLUMN_GAP) / 2
        if any(box_height([x for p in column for x in p.paras], width) > self.room
               for column in columns):
            return False
        title = group.title if not self._titled(group.title) else f"{group.title} (cont.)"
        shapes = title_shapes(self.page, title)
        for k, column in enumerate(columns):
            shapes.append(TextBox(MARGIN + k * (width + COLUMN_GAP), BODY_TOP, width, self.room,
                                  tuple(x for p in column for x in p.paras)))
        notes = [i.note for i in items if i.note]
        self.slides.append(SlidePlan(self.kind, title, tuple(shapes),
                                     "\n".join(notes), layout="two"))
        return True

    def _titled(self, title: str) -> bool:
        return any(s.title in (title, f"{title} (cont.)") for s in self.slides)

    def _shares(self, points: list[Point]) -> list[list[Point]]:
        """`points` shared out evenly over the fewest slides whose body holds each share."""
        width = self.page.body_width
        for count in range(-(-len(points) // MAX_POINTS), len(points) + 1):
            shares = even_runs(points, count)
            if all(box_height([p for s in share for p in s.paras], width) <= self.room
                   for share in shares):
                return shares
        return [[p] for p in points]

    def _slide(self, title: str, paras: list[Para], notes: list[str]) -> SlidePlan:
        shapes = title_shapes(self.page, title)
        if paras:
            shapes.append(TextBox(MARGIN, BODY_TOP, self.page.body_width, self.room,
                                  tuple(paras)))
        return SlidePlan(self.kind, title, tuple(shapes), "\n".join(n for n in notes if n))

    def _own(self, block: m.Quote | m.Table | m.Image, title: str) -> None:
        if isinstance(block, m.Quote):
            shown = f"{title} (cont.)" if self._titled(title) else title
            self.slides.append(quote_slide(self.page, self.kind, shown, block))
            return
        flow = SlideFlow(self.page, self.kind, title, "", self.path, self.problems)
        flow.add(TableItem(block) if isinstance(block, m.Table) else ImageItem(block))
        layout = "table" if isinstance(block, m.Table) else "picture"
        for slide in flow.finish():
            if self._titled(title) and not slide.title.endswith("(cont.)"):
                slide = _retitle(self.page, slide, f"{title} (cont.)")
            self.slides.append(dataclasses.replace(slide, layout=layout,
                                                   notes=shown_notes(slide, block)))


def section_slide(page: Page, kind: str, title: str, parts: list[str]) -> SlidePlan:
    """A section header (layout "section"): the section's title, large, over an accent rule,
    and the subheadings its slides go through; it opens a section that starts with one."""
    from studyguide.render.deck.flow import fitted_box
    from studyguide.render.deck.shapes import Line

    width = page.body_width
    shapes: list = [fitted_box(page, title, MARGIN, 150.0, width, 140.0,
                               (40.0, 36.0, 32.0, 28.0), color=page.color("primary"),
                               role="title", anchor="bottom"),
                    Line(MARGIN, 298.0, MARGIN + min(width, 240.0), 298.0,
                         page.color("accent"), 3.0)]
    shown = " · ".join(parts)
    if shown:
        shapes.append(fitted_box(page, shown, MARGIN, 310.0, width, 90.0, (24.0, 20.0, 18.0),
                                 color=page.color("muted"), role="body", bold=False,
                                 font="body", anchor="top"))
    notes = "In this section: " + "; ".join(parts) if parts else title
    return SlidePlan(kind, title, tuple(shapes), notes, layout="section")


def even_runs(items: list, count: int) -> list[list]:
    """`items` in `count` runs whose lengths differ by at most one, longer runs first."""
    size, extra = divmod(len(items), count)
    out, start = [], 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        out.append(items[start:end])
        start = end
    return [share for share in out if share]


def _retitle(page: Page, slide: SlidePlan, title: str) -> SlidePlan:
    keep = [s for s in slide.shapes if not (isinstance(s, TextBox) and s.role == "title")]
    old = title_shapes(page, slide.title)
    body = [s for s in keep if s not in old]
    return dataclasses.replace(slide, title=title, shapes=tuple(title_shapes(page, title) + body))


def shown_notes(slide: SlidePlan, block: m.Table | m.Image) -> str:
    """Notes for a table or image slide: the rows it shows in words, or the image's alt text."""
    if isinstance(block, m.Image):
        pictures = [s for s in slide.shapes if isinstance(s, Picture)]
        alt = block.alt or (pictures[0].alt if pictures else "")
        return "\n".join(filter(None, [f"Image: {alt}" if alt else "Image",
                                       block.caption or ""]))
    lines = []
    for grid in (s for s in slide.shapes if isinstance(s, Grid)):
        header = ["".join(r.text for r in cell) for cell in grid.cells[0]]
        for row in grid.cells[1:]:
            cells = ["".join(r.text for r in cell) for cell in row]
            lines.append("; ".join(f"{h}: {c}" if h else c for h, c in zip(header, cells)))
    return "\n".join(lines) or blocks_text([block])


def quote_slide(page: Page, kind: str, title: str, block: m.Quote) -> SlidePlan:
    """A quotation on its own slide (layout "quote"): the words, then who said them."""
    size = point_size(page)
    paras = [b for b in block.blocks if isinstance(b, m.Paragraph)]
    attribution = ""
    if len(paras) > 1 and plain(paras[-1].inlines)[:1] in "—–-":
        attribution = plain(paras[-1].inlines)
        paras = paras[:-1]
    words = " ".join(plain(p.inlines) for p in paras)
    shown = _cut_quote(words)
    body = [Para((page.run(f"“{shown}”", italic=True),), size, indent=20.0,
                 space_before=0.0)]
    if attribution:
        body.append(Para((page.run(attribution, color="muted"),), page.base, indent=20.0,
                         align="right", space_before=0.8 * size))
    room = page.body_bottom - BODY_TOP
    while box_height(body, page.body_width) > room and len(shown.split()) > 8:
        shown = " ".join(shown.split()[:-4]) + " …"
        body[0] = Para((page.run(f"“{shown}”", italic=True),), size, indent=20.0)
    shapes = title_shapes(page, title) + [TextBox(MARGIN, BODY_TOP, page.body_width, room,
                                                  tuple(body))]
    notes = "Quotation: " + blocks_text(block.blocks).replace("\n", " ")
    return SlidePlan(kind, title, tuple(shapes), notes, layout="quote")


def _cut_quote(words: str) -> str:
    if len(words.split()) <= QUOTE_WORDS:
        return words
    shown = ""
    rest = words
    while rest:
        sentence = first_sentence(rest)
        if shown and len((shown + " " + sentence).split()) > QUOTE_WORDS:
            break
        shown = (shown + " " + sentence).strip()
        rest = rest[len(sentence):].strip()
    if len(shown.split()) > QUOTE_WORDS:
        shown = " ".join(shown.split()[:QUOTE_WORDS])
    return shown + " …"


def _add_notes(slide: SlidePlan, text: str) -> SlidePlan:
    return dataclasses.replace(slide, notes="\n".join(filter(None, [slide.notes, text])))


def _with_section_notes(slides: list[SlidePlan], notes: str) -> list[SlidePlan]:
    """The section's teacher notes (`::: notes`) go under the first slide's own notes."""
    if notes and slides:
        slides[0] = _add_notes(slides[0], notes)
    return slides


# ---------------------------------------------------------------- ::: slide


def spec_slides(page: Page, kind: str, title: str, specs: tuple, blocks: tuple, notes: str,
                path: str, problems: list) -> list[SlidePlan]:
    """Slides a teacher wrote with `::: slide` blocks: each shows exactly its blocks (a first
    heading is its title), and the section's own blocks are the first slide's notes."""
    slides: list[SlidePlan] = []
    for spec in specs:
        spec = list(spec)
        own_title = title
        if spec and isinstance(spec[0], m.Heading):
            own_title = plain(spec.pop(0).inlines) or title
        items: list[Item] = block_items_all(page, spec)
        flow = SlideFlow(page, kind, own_title, "", path, problems)
        for item in items:
            flow.add(item)
        made = flow.finish()
        text = blocks_text(spec)
        slides += [dataclasses.replace(s, notes=text) for s in made]
    if slides:
        slides[0] = _add_notes(slides[0], "\n".join(filter(None, [blocks_text(blocks), notes])))
    return slides


def _point_text(point: Point) -> str:
    """The words a point shows on its slide."""
    return " ".join("".join(run.text for run in para.runs) for para in point.paras)

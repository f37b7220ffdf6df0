"""Typesetting the course pack: cover, contents, each handout, then the merged back matter.

The merging of the outlines' contents is in studyguide.course.merge (pure functions); this
module turns its results into flowables, reusing the handout's builders. The pack is made of
parts, each typeset on its own (course_pack.py).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from reportlab.platypus import Flowable

from studyguide.course import merge as cp
from studyguide.outline import model as m
from studyguide.render import RenderSettings
from studyguide.render.common.chronology import chronology_text
from studyguide.render.common.text import shorten
from studyguide.render.pdf import parts, tagging
from studyguide.render.pdf.context import RenderContext
from studyguide.render.pdf.furniture import template_lines
from studyguide.render.pdf.questions import model_answer, options_table
from studyguide.render.pdf.tables import cell_font
from studyguide.render.pdf.wide import wide
from studyguide.theme.model import Theme

PACK_PATH = "course pack"
# A contents entry is an index line, not the title itself (the cover and each title block show
# it whole): a longer title is cut, so an entry never outgrows the page (about four lines).
MAX_CONTENTS_CHARS = 240
MAX_COLUMN_CHARS = 60  # a who's who column header
MIN_COLUMN_TEXT = 12.0  # points of text a who's who column keeps inside its padding


def cover(theme: Theme, settings: RenderSettings, ctx: RenderContext) -> list[Any]:
    """The cover: the school's logo, the course title large, then the theme's cover lines
    (school, teacher, year, edition by default)."""
    from reportlab.platypus import HRFlowable, Spacer

    s = ctx.styles
    lines = template_lines(theme, "cover.j2", None, settings, ctx.edition)
    title = lines[0] if lines else (settings.course.title or "Course pack")
    logo = _cover_logo(settings.course.logo or theme.logo or "", ctx)
    room = s.frame_height * 0.28 - (logo.drawHeight + s.base * 2 if logo else 0)
    out: list[Any] = [Spacer(1, max(room, 0))]
    if logo is not None:
        out += [logo, Spacer(1, s.base * 2)]
    heading = parts.heading(title, ctx, None, "cover", 0, "title")
    heading.sg_toc = False
    out += [heading, HRFlowable(width="100%", thickness=max(1.2, s.rule_width * 2),
                                color=s.colors.primary, spaceBefore=s.base * 0.6,
                                spaceAfter=s.base)]
    out += [ctx.text_para(line, None, "subtitle") for line in lines[1:]]
    return out


def _cover_logo(path: str, ctx: RenderContext) -> Any:
    """The logo scaled to at most 30 mm high and half the text block wide, or None (with a
    warning when the file cannot be shown)."""
    from studyguide.render.common.images import image_size
    from studyguide.render.pdf.images import EmbeddedImage as Image

    if not path:
        return None
    found = image_size(path)
    if isinstance(found, str):
        ctx.warn(None, f"logo '{Path(path).name}' cannot be shown: {found}")
        return None
    width, height = found
    s = ctx.styles
    scale = min(30 * 72 / 25.4 / max(height, 1), s.frame_width * 0.5 / max(width, 1))
    logo = Image(path, width=width * scale, height=height * scale)
    logo.hAlign = "LEFT"
    return logo


def contents_entries(story: list[Any]) -> list[tuple[str, str]]:
    """(bookmark key, title) of every top-level heading the contents page lists, in order."""
    from reportlab.platypus import KeepTogether

    found: list[tuple[str, str]] = []
    for flowable in story:
        if isinstance(flowable, KeepTogether):
            found += contents_entries(list(flowable._content))
            continue
        mark = getattr(flowable, "sg_bookmark", None)
        if mark is not None and mark[2] == 0 and getattr(flowable, "sg_toc", True):
            found.append((mark[0], mark[1]))
    return found


def contents(ctx: RenderContext, entries: list[tuple[str, str]]) -> list[Any]:
    """A contents page whose entries link to each outline and each back-matter part."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph

    s = ctx.styles
    entry = ParagraphStyle("toc0", parent=s["body"], fontName=s.fonts.heading.name,
                           fontSize=s.base * 1.15, leading=s.base * 1.7, spaceBefore=2,
                           spaceAfter=0)
    heading = parts.heading("Contents", ctx, None, "contents", 0)
    heading.sg_toc = False
    heading_face = s.fonts.heading
    lines = [ContentsLine(Paragraph(ctx.inliner.text(shorten(title, MAX_CONTENTS_CHARS), None,
                                                     heading_face, False, False),
                                    entry), key, entry, s.colors.muted)
             for key, title in entries]
    tagging.as_contents([line.title for line in lines])
    return [PageBreak(), heading, *lines]


def _form_name(key: str) -> str:
    return "sgtoc" + "".join(ch if ch.isalnum() else "_" for ch in key)


def define_page_number(canvas: Any, key: str, page: int | None, ctx: RenderContext) -> None:
    """The form that prints `key`'s page number, right-aligned on its origin."""
    s = ctx.styles
    # The bounding box reaches left of the origin: the number is drawn right-aligned on it.
    canvas.beginForm(_form_name(key), -s.base * 8, -s.base, s.base, s.base * 2)
    canvas.setFont(s.fonts.heading.name, s.base * 1.15)
    canvas.setFillColor(s.colors.text)
    canvas.drawRightString(0, 0, str(page) if page is not None else "")
    canvas.endForm()


class ContentsLine(Flowable):
    """One contents entry: the title, a dotted leader and the page number, all one link."""

    def __init__(self, title: Any, key: str, style: Any, leader: Any) -> None:
        super().__init__()
        self.title, self.key, self.style, self.leader = title, key, style, leader
        self.number_width = style.fontSize * 2.6
        self.spaceBefore = style.spaceBefore

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        _, self.height = self.title.wrap(avail_width - self.number_width, avail_height)
        return self.width, self.height

    def draw(self) -> None:
        canvas, style = self.canv, self.style
        self.title.drawOn(canvas, 0, 0)
        lines = self.title.blPara.lines
        last = lines[-1]
        extra = last[0] if isinstance(last, tuple) else getattr(last, "extraSpace", 0)
        text_end = self.width - self.number_width - max(extra, 0)
        baseline = self.height - style.fontSize - (len(lines) - 1) * style.leading
        leader_end = self.width - self.number_width * 0.55
        if leader_end > text_end + 10:
            canvas.saveState()
            canvas.setStrokeColor(self.leader)
            canvas.setLineWidth(0.8)
            canvas.setLineCap(1)  # round caps on near-zero dashes draw dots
            canvas.setDash(0.01, 3.2)
            canvas.line(text_end + 6, baseline + 1, leader_end, baseline + 1)
            canvas.restoreState()
        canvas.saveState()
        canvas.translate(self.width, baseline)
        canvas.doForm(_form_name(self.key))
        canvas.restoreState()
        canvas.linkRect("", self.key, (0, 0, self.width, self.height), relative=1)


def _tagged(tagged: cp.TaggedEvent) -> m.TimelineEvent:
    event = tagged.event
    tag = (m.Span(" — "), m.Span("; ".join(tagged.topics), italic=True))
    return m.TimelineEvent(event.line, event.date, event.text + tag, event.details)


MASTER_PAGES = 8.0  # how far (in pages) the master timeline's axis may grow for its labels


def master_timeline(outlines: list[m.Outline], ctx: RenderContext) -> list[Any]:
    """Every outline's events on one axis and in one list, each tagged with its topic."""
    from reportlab.platypus import CondPageBreak

    from studyguide.render.pdf.timeline import AxisKey, TimelineGraphic, event_list

    events = tuple(_tagged(t) for t in cp.merge_timeline(outlines))
    if not events:
        return []
    s = ctx.styles
    graphic = TimelineGraphic(events, ctx, pages=MASTER_PAGES)
    graphic.spaceBefore, graphic.spaceAfter = s.base * 0.4, 0.0
    tagging.tag(graphic, "Figure", Alt=chronology_text(events, "Master timeline"))
    return [CondPageBreak(s.base * 16), parts.heading("Master timeline", ctx, None, "timeline", 0),
            wide(graphic, s), AxisKey(graphic, s.base * 1.2),
            ctx.text_para("Chronology", None, "h3"),
        *tagging.untagged(event_list(events, ctx))]


def _two_columns(rows: list[list[Any]], ctx: RenderContext, left_share: float) -> Any:
    from reportlab.platypus import Table, TableStyle

    s = ctx.styles
    # the left column reaches into the margin: the right one keeps about the text's measure
    left = s.frame_width * left_share + (s.wide_width - s.frame_width) / 2
    table = Table(rows, colWidths=[left, s.wide_width - left], hAlign="LEFT", splitInRow=1)
    table.setStyle(TableStyle([
        cell_font(s), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (0, -1), 10),
        ("RIGHTPADDING", (1, 0), (1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("LINEBELOW", (0, 0), (-1, -2), 0.35, s.colors.rule)]))
    table.spaceAfter = s.base
    return wide(table, s)


def _topic_line(topic: str, inlines: m.Inlines, ctx: RenderContext) -> Any:
    return ctx.para((m.Span(topic, italic=True), m.Span(": ")) + inlines, None)


def whos_who(outlines: list[m.Outline], ctx: RenderContext) -> list[Any]:
    """Every key figure once, by surname, as a table: the outlines' own columns (role,
    faction, fate...) and the topics each row comes from."""
    from reportlab.platypus import Table

    from studyguide.render.pdf.tables import table_style

    figures = cp.merge_figures(outlines)
    if not figures:
        return []
    columns: list[str] = []  # every outline's key-figures headers, first seen first
    for figure in figures:
        for app in figure.appearances:
            columns += [h for h, _ in app.cells if h not in columns]
    s = ctx.styles
    # the header repeats on every page, so a column's name is cut to a label's length
    head = [ctx.text_para(shorten(text, MAX_COLUMN_CHARS), None, "cell_head")
            for text in ["Name", *(c or "Notes" for c in columns), "Topics"]]
    rows = [head]
    for figure in figures:
        for index, app in enumerate(figure.appearances):
            cells = dict(app.cells)
            name = [ctx.para(_surname_first(figure.name), None, "cell")] if index == 0 else []
            rows.append([name, *(ctx.para(cells.get(c, ()), None, "cell") for c in columns),
                         ctx.para((m.Span(app.topic, italic=True),), None, "cell")])
    tagging.as_table(rows, header_rows=1)
    widths = _whos_who_widths(figures, columns, s)
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(table_style(len(rows), s))
    # Only a row taller than most of a page splits inside (else a split left a row's top half
    # under a second header at the foot of a page, its last line overleaf).
    table.wrap(sum(widths), 1e9)
    table.splitInRow = int(max(table._rowHeights) > s.frame_height * 0.8)
    table.spaceBefore, table.spaceAfter = s.base * 0.3, s.base
    return [parts.heading("Who's who", ctx, None, "whos-who", 0), wide(table, s)]


def _whos_who_widths(figures: list[cp.Figure], columns: list[str], s: Any) -> list[float]:
    """The columns shared out as a key-figures table's are (render/common/columns.py), from
    what they hold as typeset: no column is narrower than its widest unbreakable word or date
    ("23 December 1953", "Ordzhonikidze,"), which large type used to split inside a word."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from studyguide.render.common.columns import Column
    from studyguide.render.common.text import typeset
    from studyguide.render.pdf.tables import PAD, SLACK, column_widths

    body, head = s["cell"], s["cell_head"]
    bold = s.fonts.body.face(bold=True)

    def measure(text: str, font: str) -> Column:
        text = typeset(text)
        words = [w for w in text.split(" ") if w] or [""]
        return Column(stringWidth(text, font, body.fontSize) + 2 * PAD + SLACK,
                      max(stringWidth(w, font, body.fontSize) for w in words) + 2 * PAD + SLACK)

    cells: list[list[Column]] = [[measure(h or "Notes", head.fontName)]
                                 for h in ["Name", *columns, "Topics"]]
    for figure in figures:
        surname, given = cp.split_name(m.plain_text(figure.name))
        cells[0].append(measure(f"{surname}, {given}" if surname else
                                m.plain_text(figure.name), bold))
        for app in figure.appearances:
            found = dict(app.cells)
            for index, column in enumerate(columns, start=1):
                cells[index].append(measure(m.plain_text(found.get(column, ())), body.fontName))
            cells[-1].append(measure(app.topic, body.fontName))
    widths = list(column_widths(cells, s.wide_width))
    if min(widths) >= 2 * PAD + MIN_COLUMN_TEXT:
        return widths
    # Too many columns to give each its words: the fixed shares, every column some text room.
    name_w, topics_w = s.wide_width * 0.17, s.wide_width * 0.2
    rest = (s.wide_width - name_w - topics_w) / max(len(columns), 1)
    return [name_w, *([rest] * len(columns)), topics_w]


def _surname_first(name: m.Inlines) -> m.Inlines:
    """"Joseph Stalin" as "Stalin, Joseph" in bold, the order a reader looks names up in."""
    surname, given = cp.split_name(m.plain_text(name))
    if not surname:
        return tuple(parts_bold(name))
    return (m.Span(surname, bold=True), m.Span(f", {given}"))


def parts_bold(inlines: m.Inlines) -> list[m.Inline]:
    return [replace(i, bold=True)
            if isinstance(i, m.Span) else i for i in inlines]


def combined_glossary(outlines: list[m.Outline], ctx: RenderContext) -> list[Any]:
    """Every term once; one definition with its topics, or each topic's own wording."""
    terms = cp.merge_glossary(outlines)
    if not terms:
        return []
    rows = []
    for term in terms:
        if len(term.definitions) == 1:
            only = term.definitions[0]
            topics = m.Span(f"  ({'; '.join(only.topics)})", italic=True)
            cell: list[Any] = [ctx.para(only.text + (topics,), None)]
        else:
            cell = [_topic_line(", ".join(d.topics), d.text, ctx) for d in term.definitions]
        rows.append([ctx.para((m.Span(term.term, bold=True),), None), cell])
    return [parts.heading("Glossary", ctx, None, "glossary", 0), _two_columns(rows, ctx, 0.24)]


def pack_sources(sources: list[cp.PackSource], ctx: RenderContext) -> list[Any]:
    """The one source list the pack's citation numbers point to, then further reading; each
    entry names the topics that use it."""
    cited = [src for src in sources if src.number is not None]
    uncited = [src for src in sources if src.number is None]
    out: list[Any] = []

    def entry(src: cp.PackSource, prefix: str) -> Any:
        topics = (m.Span(f" ({'; '.join(src.topics)})", italic=True),)
        return ctx.para(src.text + topics, None, "source", prefix=prefix)

    if cited:
        out.append(parts.heading("Sources", ctx, None, "sources", 0))
        out += [entry(src, f'<bullet>{src.number}.</bullet><a name="sg-source-{src.number}"/>')
                for src in cited]
    if uncited:
        out.append(parts.heading("Further reading", ctx, None, "further-reading",
                                 1 if cited else 0, "h3" if cited else "h2"))
        out += [entry(src, "<bullet>•</bullet>") for src in uncited]
    return out


def answer_key(outlines: list[m.Outline], ctx: RenderContext) -> list[Any]:
    """Every question's correct options and model answer, outline by outline."""
    from reportlab.platypus import KeepTogether, PageBreak

    out: list[Any] = [PageBreak(), parts.heading("Answer key", ctx, None, "answers", 0)]
    for index, outline in enumerate(outlines):
        if not outline.questions:
            continue
        ctx.path = outline.path
        # the topic heading travels with its first question, so it never ends a page alone
        lead = [parts.heading(cp.topic_of(outline), ctx, None, f"answers-{index}", 1, "h3")]
        for question in outline.questions:
            prompt = ctx.para(question.prompt, question.line, "question",
                              prefix=f"<bullet>{question.number}.</bullet>")
            answer: list[Any] = []
            if question.is_multiple_choice:
                answer += options_table(question, ctx)
            answer += model_answer(question, ctx) if question.answer else []
            if not answer:
                answer.append(ctx.para((m.Span("No model answer given.", italic=True),),
                                       question.line, "option"))
            out.append(KeepTogether([*lead, prompt, *answer]))
            lead = []
    ctx.path = PACK_PATH
    return out

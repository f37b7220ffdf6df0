"""The worksheet PDF: guided notes, timeline task, event cards, key figures, glossary match."""

from __future__ import annotations

import random
from dataclasses import replace
from typing import Any

from reportlab.platypus import PageBreak

from studyguide.outline import model as m
from studyguide.project.config import Worksheet
from studyguide.render import Rendered, RenderSettings
from studyguide.render.pdf.context import RenderContext
from studyguide.render.pdf.document import build_pdf, metadata, new_context
from studyguide.render.pdf.furniture import page_furniture
from studyguide.render.pdf.inline import escape
from studyguide.render.pdf.parts import heading
from studyguide.render.worksheet import blanks
from studyguide.render.worksheet.cards import CardRow
from studyguide.theme.model import Theme

NOTE_BLOCKS = (m.Paragraph, m.ListBlock, m.Heading, m.Quote)


def parts_of(outline: m.Outline, settings: RenderSettings) -> Worksheet:
    """The project's [worksheet] switches, then the outline's own `worksheet:` front matter."""
    own: dict[str, Any] = dict(outline.meta.worksheet)  # values checked as front matter
    assert settings.worksheet is not None  # None only in a cache key's settings, never here
    return replace(settings.worksheet, **own) if own else settings.worksheet


def worksheet_pdf(outline: m.Outline, theme: Theme, settings: RenderSettings,
                  edition: str) -> Rendered:
    ctx = new_context(outline.path, theme, settings, edition)
    title = outline.meta.title or outline.slug
    story = worksheet_story(outline, settings, ctx)
    furniture = page_furniture(lambda page: outline, theme, settings, ctx)
    data = build_pdf(story, ctx, furniture, **metadata(f"Worksheet: {title}", settings,
                                                        "Worksheet"))
    return Rendered(data, tuple(ctx.diagnostics))


def worksheet_pack_pdf(outlines: tuple[m.Outline, ...], theme: Theme, settings: RenderSettings,
                       edition: str) -> Rendered:
    """Every outline's worksheet in build order, each from a new page, in one PDF; the
    running heads name the outline each page belongs to."""
    import bisect
    import io

    from studyguide.render.pdf.document import HandoutDoc
    from studyguide.render.pdf.furniture import canvas_class

    ctx = new_context("course pack", theme, settings, edition)
    story: list[Any] = []
    for index, outline in enumerate(outlines):
        ctx.path, ctx.key_prefix = outline.path, f"{outline.slug}-"
        if index:
            story.append(PageBreak())
        part = worksheet_story(outline, settings, ctx, level=1)
        part[0].sg_topic = (outline,)
        story += part
    title = settings.course.title.strip() or "Course"
    buffer = io.BytesIO()
    doc = HandoutDoc(buffer, ctx.styles, **metadata(f"Worksheets: {title}", settings,
                                                    "Worksheets"))

    def outline_at(page: int) -> m.Outline | None:
        starts = doc.topic_pages
        found = bisect.bisect_right([p for p, _ in starts], page) - 1
        return starts[found][1] if found >= 0 else None

    furniture = page_furniture(outline_at, theme, settings, ctx)
    doc.build(story, canvasmaker=canvas_class(furniture))
    return Rendered(buffer.getvalue(), tuple(ctx.diagnostics))


def worksheet_story(outline: m.Outline, settings: RenderSettings, ctx: RenderContext,
                    level: int = 0) -> list[Any]:
    """The worksheet's flowables: a title, then each part that is switched on."""
    config = parts_of(outline, settings)
    title = outline.meta.title or outline.slug
    ctx.level = level
    story: list[Any] = [heading(f"Worksheet: {title}", ctx, None, "ws-title", 0, "title")]
    copy = "Teacher copy: the answers are filled in." if ctx.teacher else \
        "Name: ______________________________   Class: __________"
    story.append(ctx.text_para(copy, None, "title_line"))
    if config.notes and outline.sections:
        story += guided_notes(outline, ctx, config.dates)
    if config.timeline and outline.timeline:
        story += timeline_task(outline, ctx, config.timeline_task)
    if config.cards and outline.timeline:
        story += event_cards(outline, ctx)
    if config.figures and outline.key_figures is not None:
        story += figures_task(outline.key_figures, ctx, config.figures_column)
    if config.match and outline.glossary:
        story += glossary_match(outline, ctx)
    if story and isinstance(story[-1], PageBreak):
        story.pop()  # the cards were last: no empty page after them
    return story


# ---------------------------------------------------------------------------- guided notes


def _plain(inlines: m.Inlines) -> str:
    return blanks.clean_text(m.plain_text(inlines))


def _filled(pieces: list[blanks.Piece], ctx: RenderContext) -> str:
    """Paragraph markup: blanks as underscores, or (teacher) the answer, bold and underlined."""
    out = []
    color = ctx.styles.colors.primary.hexval().replace("0x", "#")
    for piece in pieces:
        if not piece.blank:
            out.append(escape(piece.text))
        elif ctx.teacher:
            out.append(f'<u><b><font color="{color}">{escape(piece.text)}</font></b></u>')
        else:
            out.append(blanks.underscores(piece.text))
    return "".join(out)


def note_lines(outline: m.Outline) -> list[tuple[str, int, str]]:
    """(kind, line, text) of what the guided notes show, in order: "h3"/"h4" headings (never
    blanked), "body" paragraphs and "list" items (the first paragraph of each)."""
    out: list[tuple[str, int, str]] = []

    def blocks(items: tuple[m.Block, ...]) -> None:
        for block in items:
            if isinstance(block, m.Paragraph):
                out.append(("body", block.line, _plain(block.inlines)))
            elif isinstance(block, m.Heading):
                out.append(("h4", block.line, _plain(block.inlines)))
            elif isinstance(block, m.ListBlock):
                for item in block.items:
                    first = next((b for b in item.blocks if isinstance(b, m.Paragraph)), None)
                    if first is not None:
                        out.append(("list", item.line, _plain(first.inlines)))
            elif isinstance(block, m.Quote):
                blocks(block.blocks)

    for section in outline.sections:
        out.append(("h3", section.line, section.title_text))
        blocks(section.blocks)
    return out


def guided_notes(outline: m.Outline, ctx: RenderContext, dates: bool) -> list[Any]:
    found = blanks.pattern(blanks.blank_words(outline, dates))
    body: list[Any] = []
    used: dict[str, str] = {}  # lower-case -> as first written
    for kind, line, text in note_lines(outline):
        if kind in ("h3", "h4"):
            body.append(ctx.text_para(text, line, kind))
            continue
        pieces = blanks.split(text, found)
        for piece in pieces:
            if piece.blank:
                used.setdefault(piece.text.lower(), piece.text)
        bullet = "•&nbsp;&nbsp;" if kind == "list" else ""
        body.append(ctx._paragraph(bullet + _filled(pieces, ctx), ctx.styles[kind]))
    story = [heading("Guided notes", ctx, None, "ws-notes"),
             ctx.text_para("Fill each gap with a word or phrase from the word bank.", None,
                           "body")]
    story.append(word_bank(sorted(used.values(), key=str.lower), ctx))
    return story + body


def word_bank(words: list[str], ctx: RenderContext) -> Any:
    from reportlab.platypus import Table, TableStyle

    s = ctx.styles
    columns = 3
    cells = [ctx.text_para(w, None, "cell") for w in words] or [ctx.text_para("—", None, "cell")]
    rows = [cells[i:i + columns] for i in range(0, len(cells), columns)]
    rows[-1] += [""] * (columns - len(rows[-1]))
    label = ctx.text_para("Word bank", None, "label")
    table = Table([[label, "", ""], *rows], colWidths=[s.frame_width / columns] * columns)
    table.setStyle(TableStyle([
        ("SPAN", (0, 0), (-1, 0)),
        ("BOX", (0, 0), (-1, -1), s.rule_width, s.colors.primary),
        ("BACKGROUND", (0, 0), (-1, -1), s.colors.tint),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3), ("TOPPADDING", (0, 0), (-1, -1), 3)]))
    table.spaceAfter = s.base
    return table


# ---------------------------------------------------------------------------- timeline


def timeline_task(outline: m.Outline, ctx: RenderContext, mode: str) -> list[Any]:
    """The time axis (render/common/axis.py) down the page with a dot at each event's date,
    and a row per event in date order: the date and an empty box for the event ("events"), or
    the event and an empty box for the date ("dates"). The teacher copy fills the boxes."""
    from studyguide.render.worksheet.axis_task import AxisTask

    s = ctx.styles
    what = "what happened at each date" if mode == "events" else "the date of each event"
    intro = [heading("Timeline", ctx, None, "ws-timeline"),
             ctx.text_para(f"Write {what} in the empty boxes.", None, "body")]
    pairs = []
    for event in outline.timeline:
        date, text = event.date.display(), _plain(event.text)
        shown_date = date if (mode == "events" or ctx.teacher) else ""
        shown_text = text if (mode == "dates" or ctx.teacher) else ""
        pairs.append((ctx.text_para(shown_date, event.line, "label"),
                      ctx.text_para(shown_text, event.line, "timeline")))
    # the year ticks would give the answers away when the dates are the blanks
    return intro + [AxisTask(list(outline.timeline), pairs, 1 if mode == "events" else 0, s,
                             ticks=mode == "events" or ctx.teacher)]


def event_cards(outline: m.Outline, ctx: RenderContext) -> list[Any]:
    """Cards to cut out along the crop marks and sort into order, in shuffled order; the
    teacher copy prints each card's date on it."""
    events = list(outline.timeline)
    random.Random(f"cards:{outline.slug}").shuffle(events)
    cards = []
    for event in events:
        text = escape(_plain(event.text))
        if ctx.teacher:
            text = f"<b>{escape(event.date.display())}</b><br/>{text}"
        cards.append(ctx._paragraph(text, ctx.styles["timeline"]))
    story: list[Any] = [PageBreak(), heading("Event cards", ctx, None, "ws-cards"),
                        ctx.text_para("Cut out the cards along the crop marks and put them in "
                                      "date order.", None, "body")]
    for i in range(0, len(cards), 2):
        story.append(CardRow(cards[i:i + 2], ctx.styles))
    return story + [PageBreak()]  # the card sheet holds nothing else: it is cut up


# ---------------------------------------------------------------------------- key figures


def figure_column(table: m.Table, wanted: str, ctx: RenderContext) -> int:
    names = [_plain(cell).strip().lower() for cell in table.header]
    if wanted:
        if wanted.lower() in names:
            return names.index(wanted.lower())
        ctx.warn(table.line, f"worksheet: the key figures have no column '{wanted}'; "
                             f"the second column is blanked")
    return 1 if len(names) > 1 else 0


def figures_task(table: m.Table, ctx: RenderContext, wanted: str) -> list[Any]:
    """The handout's key-figures table (render/pdf/tables.py: the same widths, long cells cut
    the same way) with one column's cells left empty in the student copy: spaces as wide as
    the text was, so the column keeps its room to write in."""
    from studyguide.render.pdf.tables import data_table
    from studyguide.render.pdf.wide import Wide

    s = ctx.styles
    blank = figure_column(table, wanted, ctx)
    if not ctx.teacher:
        def emptied(row: tuple[m.Inlines, ...]) -> tuple[m.Inlines, ...]:
            room = "\u2002" * min(len(m.plain_text(row[blank])), 60)
            return tuple((m.Span(room),) if i == blank else c for i, c in enumerate(row))

        table = replace(table, rows=tuple(emptied(row) for row in table.rows))
    flowable = data_table(table, ctx, first_column_bold=True)
    grid = flowable.child if isinstance(flowable, Wide) else flowable  # reaching into the margins
    grid.setStyle([("BOTTOMPADDING", (0, 1), (-1, -1), s.base * 1.2)])
    if not ctx.teacher:  # a line to write on in each empty cell
        grid.setStyle([("LINEBELOW", (blank, 1), (blank, -1), s.rule_width, s.colors.muted)])
    name = _plain(table.header[blank])
    return [heading("Key figures", ctx, None, "ws-figures"),
            ctx.text_para(f"Complete the column '{name}'.", None, "body"), flowable]


# ---------------------------------------------------------------------------- glossary


def glossary_match(outline: m.Outline, ctx: RenderContext) -> list[Any]:
    """Terms numbered in order, definitions lettered in a shuffled order; the teacher copy
    has each term's letter in its answer column."""
    import string

    from reportlab.platypus import Table, TableStyle

    s = ctx.styles
    entries = list(outline.glossary)
    shuffled = list(range(len(entries)))
    random.Random(f"match:{outline.slug}").shuffle(shuffled)
    if len(entries) > 1 and shuffled == sorted(shuffled):
        shuffled = shuffled[1:] + shuffled[:1]
    letters = string.ascii_lowercase + string.ascii_uppercase
    letter_of = {entry: letters[pos % len(letters)] for pos, entry in enumerate(shuffled)}
    rows = [[ctx.text_para("Term", None, "cell_head"), ctx.text_para("Letter", None, "cell_head"),
             ctx.text_para("Definition", None, "cell_head")]]
    for index, entry in enumerate(entries):
        definition = entries[shuffled[index]]
        answer = letter_of[index] if ctx.teacher else ""
        rows.append([ctx.text_para(f"{index + 1}. {entry.term}", entry.line, "cell"),
                     ctx.text_para(answer, entry.line, "cell"),
                     ctx.text_para(f"{letters[index % len(letters)]}) "
                                   f"{_plain(definition.definition)}", definition.line,
                                   "cell")])
    width = s.frame_width
    table = Table(rows, colWidths=[width * 0.27, width * 0.1, width * 0.63], repeatRows=1)
    table.setStyle(TableStyle([
        ("LINEBELOW", (0, 0), (-1, -1), s.rule_width, s.colors.rule),
        ("BOX", (1, 1), (1, -1), s.rule_width, s.colors.muted),
        ("INNERGRID", (1, 1), (1, -1), s.rule_width, s.colors.muted),
        ("ALIGN", (1, 0), (1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [heading("Glossary match", ctx, None, "ws-match"),
            ctx.text_para("Write the letter of each term's definition beside it.", None,
                          "body"), table]

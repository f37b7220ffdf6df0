"""The parts of a handout: title block, sections, reserved sections, sources.

`FLOWABLES` maps each kind of part in `outline.order` to the one function that typesets it;
the document asks for the parts in reading order and never orders them itself. Each function
returns its part's flowables in reading order. A section heading carries a bookmark request
(`sg_bookmark`) that the document template turns into a PDF outline entry when it is drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from studyguide.outline import model as m
from studyguide.outline import order as o
from studyguide.outline.order import PartKind
from studyguide.records import record
from studyguide.render import RenderSettings
from studyguide.render.common.chronology import chronology_text
from studyguide.render.common.text import NBSP, clean_text, typeset
from studyguide.render.pdf import tagging
from studyguide.render.pdf.blocks import block_flowables
from studyguide.render.pdf.context import RenderContext
from studyguide.render.pdf.questions import notes_box, question_flowables
from studyguide.render.pdf.tables import cell_font
from studyguide.render.pdf.wide import Wide, wide
from studyguide.theme.model import Theme

DEFAULT_TITLES = {PartKind.OBJECTIVES: "Learning objectives", PartKind.TIMELINE: "Timeline",
                  PartKind.KEY_FIGURES: "Key figures", PartKind.GLOSSARY: "Glossary",
                  PartKind.QUESTIONS: "Questions"}


@record
class Handout:
    """What a part's typesetting may need besides the part: the outline, theme and settings
    (for the title block's template) and the render context."""

    outline: m.Outline
    theme: Theme
    settings: RenderSettings
    ctx: RenderContext


def heading(text: str, ctx: RenderContext, line: int | None, key: str, level: int = 1,
            style: str = "h2") -> Any:
    """A section heading that becomes a PDF bookmark at `level` (the outline title is 0)."""
    para = ctx.text_para(text, line, style)
    # the bookmark reads as the heading does: curly quotes and dashes, plain spaces
    title = typeset(clean_text(text)).replace(NBSP, " ")
    para.sg_bookmark = (ctx.key(key), title, ctx.level + level)
    return tagging.heading(para, ctx.level + level + 1)


def title_block(outline: m.Outline, theme: Theme, settings: RenderSettings,
                ctx: RenderContext, key: str) -> list[Any]:
    """The title, the template's lines under it, the theme's logo and a closing rule."""
    from reportlab.platypus import HRFlowable, Table

    s = ctx.styles
    title = heading(outline.meta.title or outline.slug, ctx, None, key, 0, "title")
    title.keepWithNext = 0
    left = [title]
    for text in _title_lines(outline, theme, settings, ctx):
        style = "subtitle" if text == outline.meta.subtitle.strip() else "title_line"
        left.append(ctx.text_para(text, None, style))
    logo = _logo(theme, ctx)
    if logo is None or _too_tall_beside(left, s.frame_width - logo.drawWidth - 12, s):
        # a row of a table cannot split: text taller than a page goes under the logo instead
        block: list[Any] = left if logo is None else [logo, *left]
        if logo is not None:
            logo.hAlign = "RIGHT"
    else:
        table = Table([[left, logo]], colWidths=[s.frame_width - logo.drawWidth - 12,
                                                 logo.drawWidth + 12], hAlign="LEFT")
        table.setStyle([cell_font(s), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                        ("TOPPADDING", (0, 0), (-1, -1), 0),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 0)])
        table.sg_bookmark = title.sg_bookmark
        del title.sg_bookmark
        block = [table]
    rule = HRFlowable(width="100%", thickness=max(1.2, s.rule_width * 2), color=s.colors.primary,
                      spaceBefore=s.base * 0.6, spaceAfter=s.base * 1.2)
    return [*block, rule]


def _title_lines(outline: m.Outline, theme: Theme, settings: RenderSettings,
                 ctx: RenderContext) -> list[str]:
    """The title block's template lines; in a course pack, without what the cover and every
    footer already say (the course's own line, the edition)."""
    from studyguide.render.pdf.furniture import template_lines

    lines = template_lines(theme, "title_block.j2", outline, settings, ctx.edition)
    if not ctx.pack:
        return lines
    course = settings.course
    said = {course.title.strip(), "Teacher edition"} - {""}
    course_line = " · ".join(t for t in (course.title, course.school, course.teacher) if t)
    return [line for line in lines if line not in said and line != course_line]


def _too_tall_beside(paras: list[Any], width: float, s: Any) -> bool:
    """Whether `paras`, wrapped at `width`, fill more than half a page."""
    tall = sum(para.wrap(width, s.frame_height)[1] for para in paras)
    return tall > s.frame_height * 0.5


def _logo(theme: Theme, ctx: RenderContext) -> Any:
    from studyguide.render.common.images import image_size
    from studyguide.render.pdf.images import EmbeddedImage as Image

    if not theme.logo:
        return None
    found = image_size(theme.logo)
    if isinstance(found, str):  # a broken logo is left out, with a warning
        ctx.diagnostics.append(_theme_warning(theme, f"logo '{Path(theme.logo).name}' "
                                                     f"cannot be shown: {found}"))
        return None
    width, height = found
    scale = min(54.0 / max(height, 1), 130.0 / max(width, 1))
    return Image(theme.logo, width=width * scale, height=height * scale)


def _theme_warning(theme: Theme, message: str) -> Any:
    from studyguide.diagnostics import warning

    return warning(theme.folder or theme.name, None, message)


def section(section: m.Section, index: int, ctx: RenderContext) -> list[Any]:
    """A content section: heading, blocks, then the teacher's notes in the teacher edition."""
    from reportlab.platypus import CondPageBreak

    title = heading(section.title_text or "Untitled section", ctx, section.line, f"s{index}")
    body = block_flowables(section.blocks, ctx)
    if body and isinstance(body[0], CondPageBreak):
        # A subheading straight after the heading: one room check before both, else the
        # subheading's own check could move it overleaf and leave this heading alone.
        body[0].height += ctx.styles.base * 3
        out = [body[0], title, *body[1:]]
    else:
        out = [title, *body]
    out += notes_box(section.notes, ctx, section.line)
    return out


def reserved_start(part: o.Reserved, ctx: RenderContext, notes_first: bool = False) -> list[Any]:
    """The heading and introductory text of a reserved section (and its notes, if asked)."""
    written = part.heading
    title = (written.title.strip() if written and written.title.strip()
             else DEFAULT_TITLES[part.kind])
    out = [heading(title, ctx, written.line if written else None, f"part-{part.kind.value}")]
    if written is not None:
        out += block_flowables(written.intro, ctx)
        if notes_first:
            out += notes_box(written.notes, ctx, written.line)
    return out


def reserved_notes(part: o.Reserved, ctx: RenderContext) -> list[Any]:
    """The reserved section's teacher notes, after its content (teacher edition only)."""
    written = part.heading
    return notes_box(written.notes, ctx, written.line) if written else []


def objectives(part: o.ObjectivesPart, ctx: RenderContext) -> list[Any]:
    """The objectives as a bulleted list under their heading."""
    from reportlab.platypus import ListFlowable, ListItem

    s = ctx.styles
    paras = [[ctx.para(obj.inlines, obj.line, "list")] for obj in part.objectives]
    group = tagging.as_list(paras)
    items = [ListItem(para) for para in paras]
    # An empty ListFlowable with spaceAfter raises IndexError in reportlab: a heading alone.
    listing = [ListFlowable(items, bulletType="bullet", start="•", leftIndent=s.base * 1.5,
                            bulletFontName=s.fonts.body.name, bulletColor=s.colors.primary,
                            spaceAfter=s.base * 0.5)] if items else []
    for flowable in listing:
        tagging.list_labels(flowable, group)
    return [*reserved_start(part, ctx), *listing, *reserved_notes(part, ctx)]


def timeline(part: o.TimelinePart, ctx: RenderContext) -> list[Any]:
    """The timeline graphic, then the chronology with each event's details."""
    from reportlab.platypus import CondPageBreak, Spacer

    from studyguide.render.pdf.timeline import AxisKey, TimelineGraphic, event_list

    if not part.events:
        return reserved_start(part, ctx, notes_first=True)
    s = ctx.styles
    graphic = TimelineGraphic(part.events, ctx)
    tagging.tag(graphic, "Figure", Alt=chronology_text(part.events))
    graphic.spaceBefore, graphic.spaceAfter = s.base * 0.4, 0.0
    chronology = ctx.text_para("Chronology", None, "h3")
    # The heading and the first part of the graphic go together: a heading alone at the foot
    # of a page, its graphic overleaf, is the commonest typesetting blunder.
    # The figure reaches into the margins like a wide table: its axis and ticks take the room
    # the measure leaves, and its labels have the width they need to sit beside their markers.
    return [CondPageBreak(s.base * 16), *reserved_start(part, ctx), wide(graphic, s),
            AxisKey(graphic, s.base * 1.2), Spacer(1, s.base * 0.3), chronology,
            *tagging.untagged(event_list(part.events, ctx)),
            *reserved_notes(part, ctx)]


def key_figures(part: o.KeyFiguresPart, ctx: RenderContext) -> list[Any]:
    """The key-figures table, names in bold (nothing when the section had no table)."""
    from studyguide.render.pdf.tables import data_table

    if part.table is None:
        return []
    return [*reserved_start(part, ctx), data_table(part.table, ctx, first_column_bold=True),
            *reserved_notes(part, ctx)]


def glossary(part: o.GlossaryPart, ctx: RenderContext) -> list[Any]:
    """The glossary as a two-column table of terms and definitions."""
    if not part.entries:
        return reserved_start(part, ctx, notes_first=True)
    return [*reserved_start(part, ctx), glossary_table(part.entries, ctx),
            *reserved_notes(part, ctx)]


def glossary_table(entries: tuple[m.GlossaryEntry, ...], ctx: RenderContext) -> Any:
    """Terms in bold on the left, definitions on the right, hairlines between entries."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Table, TableStyle

    s = ctx.styles
    bold = s.fonts.body.face(bold=True)
    widest = max((stringWidth(e.term, bold, s.base) for e in entries), default=0.0)
    # the terms stand out in the margin, the definitions keep the text block's measure
    term_w = min(max(widest + 14, s.frame_width * 0.18), s.frame_width * 0.34)
    reach = min(s.wide_width, s.frame_width + term_w)
    rows = [[ctx.para(_term(e), e.line), ctx.para(e.definition, e.line)]
            for e in entries]
    tagging.as_definitions(rows)
    table = Table(rows, colWidths=[term_w, reach - term_w], hAlign="LEFT",
                  splitInRow=1)
    table.setStyle(TableStyle([
        cell_font(s), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (0, -1), 10),
        ("RIGHTPADDING", (1, 0), (1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("LINEBELOW", (0, 0), (-1, -2), 0.35, s.colors.rule),
    ]))
    table.spaceAfter = s.base
    return Wide(table, reach - s.frame_width) if reach > s.frame_width + 0.5 else table


def questions(part: o.QuestionsPart, ctx: RenderContext) -> list[Any]:
    """The questions, after the section's notes (answers in the teacher edition)."""
    from studyguide.render.pdf.keep import KeepWithFirst

    start = reserved_start(part, ctx, notes_first=True)
    if ctx.teacher and ctx.pack and part.questions:
        start.append(ctx.para((m.Span("Model answers are in the answer key at the end of "
                                      "the pack.", italic=True),), None))
    asked = question_flowables(part.questions, ctx)
    if asked:
        # reportlab never keeps a heading with a group (a question is one): ask for it here
        start = [KeepWithFirst([*start, asked.pop(0)])]
    return [*start, *asked]


def sources(part: o.SourcesPart, ctx: RenderContext) -> list[Any]:
    """Cited sources numbered in order of first citation, then the rest as further reading
    (in a course pack, one list at the end holds every outline's sources)."""
    if ctx.pack:
        return []
    cited = tuple(src for src in part.sources if src.number is not None)
    uncited = tuple(src for src in part.sources if src.number is None)
    out: list[Any] = []
    if cited:
        out.append(heading("Sources", ctx, None, "sources"))
        listed = [ctx.para(src.text, None, "source", prefix=f'<bullet>{src.number}.</bullet>'
                                                           f'<a name="sg-source-{src.number}"/>')
                  for src in cited]
        tagging.as_list([[para] for para in listed])
        out += listed
    if uncited:
        out.append(heading("Further reading", ctx, None, "further-reading",
                           level=1, style="h2" if not cited else "h3"))
        listed = [ctx.para(src.text, None, "source", prefix="<bullet>•</bullet>")
                  for src in uncited]
        tagging.as_list([[para] for para in listed])
        out += listed
    return out



# ---------------------------------------------------------------------------- dispatch

Typesetter = Callable[[Any, Handout], list[Any]]

FLOWABLES: dict[PartKind, Typesetter] = {
    PartKind.TITLE: lambda part, h: title_block(h.outline, h.theme, h.settings, h.ctx, "title"),
    PartKind.INTRO: lambda part, h: block_flowables(part.blocks, h.ctx),
    PartKind.OBJECTIVES: lambda part, h: objectives(part, h.ctx),
    PartKind.SECTION: lambda part, h: section(part.section, part.index, h.ctx),
    PartKind.TIMELINE: lambda part, h: timeline(part, h.ctx),
    PartKind.KEY_FIGURES: lambda part, h: key_figures(part, h.ctx),
    PartKind.GLOSSARY: lambda part, h: glossary(part, h.ctx),
    PartKind.QUESTIONS: lambda part, h: questions(part, h.ctx),
    PartKind.SOURCES: lambda part, h: sources(part, h.ctx),
}


def _term(entry: m.GlossaryEntry) -> m.Inlines:
    """A glossary term in bold, as spans when a language is marked in it."""
    if not entry.term_inlines:
        return (m.Span(entry.term, bold=True),)
    return tuple(replace(i, bold=True) if isinstance(i, m.Span) else i
                 for i in entry.term_inlines)

"""The parts of a handout: title block, sections, reserved sections, sources.

Each function returns flowables in reading order. A section heading carries a bookmark request
(`sg_bookmark`) that the document template turns into a PDF outline entry when it is drawn.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from studyguide.outline import model as m
from studyguide.render import RenderSettings
from studyguide.render.pdf.blocks import block_flowables
from studyguide.render.pdf.context import RenderContext
from studyguide.render.pdf.questions import notes_box, question_flowables
from studyguide.render.pdf.tables import cell_font
from studyguide.theme.model import Theme

DEFAULT_TITLES = {"objectives": "Learning objectives", "timeline": "Timeline",
                  "key_figures": "Key figures", "glossary": "Glossary", "questions": "Questions"}


def heading(text: str, ctx: RenderContext, line: int | None, key: str, level: int = 1,
            style: str = "h2") -> Any:
    """A section heading that becomes a PDF bookmark at `level` (the outline title is 0)."""
    para = ctx.text_para(text, line, style)
    para.sg_bookmark = (ctx.key(key), text, ctx.level + level)
    return para


def title_block(outline: m.Outline, theme: Theme, settings: RenderSettings,
                ctx: RenderContext, key: str) -> list[Any]:
    """The title, the template's lines under it, the theme's logo and a closing rule."""
    from reportlab.platypus import HRFlowable, Table

    from studyguide.render.pdf.furniture import template_lines

    s = ctx.styles
    title = heading(outline.meta.title or outline.slug, ctx, None, key, 0, "title")
    title.keepWithNext = 0
    left = [title]
    for text in template_lines(theme, "title_block.j2", outline, settings, ctx.edition):
        style = "subtitle" if text == outline.meta.subtitle.strip() else "title_line"
        left.append(ctx.text_para(text, None, style))
    logo = _logo(theme, ctx)
    if logo is None:
        block: list[Any] = left
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


def _logo(theme: Theme, ctx: RenderContext) -> Any:
    from reportlab.platypus import Image

    from studyguide.render.common.images import image_size

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


def reserved_start(outline: m.Outline, kind: str, ctx: RenderContext,
                   notes_first: bool = False) -> list[Any]:
    """The heading and introductory text of a reserved section (and its notes, if asked)."""
    part = outline.part(kind)
    title = (part.title.strip() if part and part.title.strip() else DEFAULT_TITLES[kind])
    out = [heading(title, ctx, part.line if part else None, f"part-{kind}")]
    if part is not None:
        out += block_flowables(part.intro, ctx)
        if notes_first:
            out += notes_box(part.notes, ctx, part.line)
    return out


def reserved_notes(outline: m.Outline, kind: str, ctx: RenderContext) -> list[Any]:
    part = outline.part(kind)
    return notes_box(part.notes, ctx, part.line) if part else []


def objectives(outline: m.Outline, ctx: RenderContext) -> list[Any]:
    from reportlab.platypus import ListFlowable, ListItem

    s = ctx.styles
    items = [ListItem([ctx.para(o.inlines, o.line, "list")]) for o in outline.objectives]
    # An empty ListFlowable with spaceAfter raises IndexError in reportlab: a heading alone.
    listing = [ListFlowable(items, bulletType="bullet", start="•", leftIndent=s.base * 1.5,
                            bulletFontName=s.fonts.body.name, bulletColor=s.colors.primary,
                            spaceAfter=s.base * 0.5)] if items else []
    return [*reserved_start(outline, "objectives", ctx), *listing,
            *reserved_notes(outline, "objectives", ctx)]


def timeline(outline: m.Outline, ctx: RenderContext) -> list[Any]:
    from reportlab.platypus import CondPageBreak, Spacer

    from studyguide.render.pdf.timeline import TimelineGraphic, event_list

    s = ctx.styles
    graphic = TimelineGraphic(outline.timeline, ctx)
    graphic.spaceBefore, graphic.spaceAfter = s.base * 0.4, s.base * 1.2
    chronology = ctx.text_para("Chronology", None, "h3")
    # The heading and the first part of the graphic go together: a heading alone at the foot
    # of a page, its graphic overleaf, is the commonest typesetting blunder.
    return [CondPageBreak(s.base * 16), *reserved_start(outline, "timeline", ctx), graphic,
            Spacer(1, s.base * 0.3), chronology, *event_list(outline.timeline, ctx),
            *reserved_notes(outline, "timeline", ctx)]


def key_figures(outline: m.Outline, ctx: RenderContext) -> list[Any]:
    from studyguide.render.pdf.tables import data_table

    assert outline.key_figures is not None
    return [*reserved_start(outline, "key_figures", ctx),
            data_table(outline.key_figures, ctx, first_column_bold=True),
            *reserved_notes(outline, "key_figures", ctx)]


def glossary(outline: m.Outline, ctx: RenderContext) -> list[Any]:
    return [*reserved_start(outline, "glossary", ctx), glossary_table(outline.glossary, ctx),
            *reserved_notes(outline, "glossary", ctx)]


def glossary_table(entries: tuple[m.GlossaryEntry, ...], ctx: RenderContext) -> Any:
    """Terms in bold on the left, definitions on the right, hairlines between entries."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Table, TableStyle

    s = ctx.styles
    bold = s.fonts.body.face(bold=True)
    widest = max((stringWidth(e.term, bold, s.base) for e in entries), default=0.0)
    term_w = min(max(widest + 14, s.frame_width * 0.18), s.frame_width * 0.34)
    rows = [[ctx.para((m.Span(e.term, bold=True),), e.line), ctx.para(e.definition, e.line)]
            for e in entries]
    table = Table(rows, colWidths=[term_w, s.frame_width - term_w], hAlign="LEFT",
                  splitInRow=1)
    table.setStyle(TableStyle([
        cell_font(s), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (0, -1), 10),
        ("RIGHTPADDING", (1, 0), (1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("LINEBELOW", (0, 0), (-1, -2), 0.35, s.colors.rule),
    ]))
    table.spaceAfter = s.base
    return table


def questions(outline: m.Outline, ctx: RenderContext) -> list[Any]:
    return [*reserved_start(outline, "questions", ctx, notes_first=True),
            *question_flowables(outline.questions, ctx)]


def sources(outline: m.Outline, ctx: RenderContext) -> list[Any]:
    """Cited sources numbered in order of first citation, then the rest as further reading."""
    cited = outline.cited_sources
    uncited = tuple(src for src in outline.sources if src.number is None)
    out: list[Any] = []
    if cited:
        out.append(heading("Sources", ctx, None, "sources"))
        for src in cited:
            out.append(ctx.para(src.text, None, "source",
                                prefix=f'<bullet>{src.number}.</bullet>'
                                       f'<a name="sg-source-{src.number}"/>'))
    if uncited:
        out.append(heading("Further reading", ctx, None, "further-reading",
                           level=1, style="h2" if not cited else "h3"))
        out += [ctx.para(src.text, None, "source", prefix="<bullet>•</bullet>")
                for src in uncited]
    return out

"""Body blocks -> flowables: one small builder per Block type, dispatched from a table."""

from __future__ import annotations

import re
from typing import Any, Callable

from studyguide.outline import model as m
from studyguide.render.common.glyphs import has_char
from studyguide.render.common.text import clean_lines
from studyguide.render.pdf import tagging
from studyguide.render.pdf.boxes import Boxed
from studyguide.render.pdf.context import RenderContext

MAX_DEPTH = 6  # lists nested deeper than this are flattened rather than indented off the page
BULLETS = (("•",), ("–", "-"), ("◦", "▫", "·", "-"))


def block_flowables(blocks: tuple[m.Block, ...], ctx: RenderContext,
                    depth: int = 0) -> list[Any]:
    """The flowables of a sequence of blocks; `depth` is the list nesting level."""
    out: list[Any] = []
    for block in blocks:
        builder = BUILDERS.get(type(block))
        if builder is None:
            ctx.warn(getattr(block, "line", None),
                     f"cannot show a {type(block).__name__} block in a PDF; left out")
            continue
        out.extend(builder(block, ctx, depth))
    return out


def _paragraph(block: m.Paragraph, ctx: RenderContext, depth: int) -> list[Any]:
    return [ctx.para(block.inlines, block.line, "list" if depth else "body")]


def _heading(block: m.Heading, ctx: RenderContext, depth: int) -> list[Any]:
    from reportlab.platypus import CondPageBreak

    level = min(max(block.level, 3), 6)
    # keepWithNext alone lets a heading end a page when the list after it is taller than
    # the space left (reportlab then splits in place), so ask for room for a few lines too
    return [CondPageBreak(ctx.styles.base * 7), ctx.para(block.inlines, block.line, f"h{level}")]


def _rule(block: m.Rule, ctx: RenderContext, depth: int) -> list[Any]:
    from reportlab.platypus import HRFlowable

    s = ctx.styles
    return [HRFlowable(width="100%", thickness=s.rule_width, color=s.colors.rule,
                       spaceBefore=s.base * 0.6, spaceAfter=s.base * 0.9)]


def _quote(block: m.Quote, ctx: RenderContext, depth: int) -> list[Any]:
    s = ctx.styles
    inner = block_flowables(block.blocks, ctx, depth)
    if not inner:
        return []
    tagging.within(inner, tagging.Group("BlockQuote"))
    box = Boxed(inner, rule=s.colors.accent if s.filled else s.colors.muted,
                rule_width=max(1.5, s.rule_width * 2), padding=s.base * 0.7)
    return [spaced(box, s.base * 0.3, s.base * 0.8)]


def _code(block: m.CodeBlock, ctx: RenderContext, depth: int) -> list[Any]:
    from reportlab.platypus import Paragraph

    from studyguide.render.pdf.paragraphs import build_paragraph

    s = ctx.styles
    style = s.code()
    family = ctx.styles.fonts.mono
    lines = clean_code(block.text).split("\n")
    paras = [tagging.tag(build_paragraph(Paragraph, _code_line(line, ctx, family, block.line)
                                         or "&nbsp;", style), "P") for line in lines]
    tagging.within(paras, tagging.Group("Div"))
    box = Boxed(paras, fill=s.colors.zebra if s.filled else None,
                rule=None if s.filled else s.colors.muted,
                rule_width=s.rule_width, padding=s.base * 0.6)
    return [spaced(box, s.base * 0.2, s.base * 0.8)]


def clean_code(text: str) -> str:
    """Code text as literal lines (render/common/text.py), without trailing blank lines."""
    return clean_lines(text).rstrip("\n")


def _code_line(line: str, ctx: RenderContext, family: Any, source_line: int) -> str:
    """One literal line: indentation and runs of spaces kept, single spaces still breakable."""
    markup = ctx.inliner.text(line, source_line, family, literal=True)
    return re.sub("  +", lambda run: "&nbsp;" * (len(run.group()) - 1) + " ", markup)


def _image(block: m.Image, ctx: RenderContext, depth: int) -> list[Any]:
    from studyguide.render.pdf.images import image_flowables

    return image_flowables(block, ctx)


def _table(block: m.Table, ctx: RenderContext, depth: int) -> list[Any]:
    from studyguide.render.pdf.tables import data_table

    return [data_table(block, ctx)]


def _list(block: m.ListBlock, ctx: RenderContext, depth: int) -> list[Any]:
    from reportlab.platypus import ListFlowable

    s = ctx.styles
    contents = [_item_flowables(item, ctx, depth) for item in block.items]
    listing = tagging.as_list(contents)
    items = [_list_item(item, flowables, ctx) for item, flowables in zip(block.items, contents)]
    if not items:
        return []
    indent = s.base * (1.9 if block.ordered else 1.5) if depth < MAX_DEPTH else 0
    common = dict(leftIndent=indent, bulletFontSize=s.base, bulletColor=s.colors.primary,
                  spaceBefore=0, spaceAfter=s.base * 0.45 if depth == 0 else 0)
    if block.ordered:
        return [tagging.list_labels(ListFlowable(
            items, bulletType="1", start=max(block.start, 0), bulletFormat="%s.",
            bulletFontName=s.fonts.body.name, **common), listing)]
    bullet, font = _bullet(ctx, depth)
    return [tagging.list_labels(ListFlowable(items, bulletType="bullet", start=bullet,
                                             bulletFontName=font, **common), listing)]


def _item_flowables(item: m.ListItem, ctx: RenderContext, depth: int) -> list[Any]:
    from reportlab.platypus import Paragraph

    return block_flowables(item.blocks, ctx, depth + 1) or [Paragraph("", ctx.styles["list"])]


def _list_item(item: m.ListItem, flowables: list[Any], ctx: RenderContext) -> Any:
    from reportlab.platypus import ListItem

    if item.checked is None:
        return ListItem(flowables)
    return ListItem(flowables, value=_task_mark(ctx, item.checked))


def _bullet(ctx: RenderContext, depth: int) -> tuple[str, str]:
    """The bullet for a nesting level and the font to draw it: body font, else the fallback."""
    fonts = ctx.styles.fonts
    candidates = BULLETS[min(depth, len(BULLETS) - 1)]
    for char in candidates:
        if has_char(char, fonts.body.path()):
            return char, fonts.body.name
        fallback = fonts.fallback  # registered only when the body font lacks a bullet
        if fallback is not None and has_char(char, fallback.path()):
            return char, fallback.name
    return "-", fonts.body.name


def _task_mark(ctx: RenderContext, checked: bool) -> str:
    char = "✓" if checked else "–"
    return char if has_char(char, ctx.styles.fonts.body.path()) else ("x" if checked else "-")


def spaced(flowable: Any, before: float, after: float) -> Any:
    """Give a flowable that has no style of its own space before and after it."""
    flowable.spaceBefore = before
    flowable.spaceAfter = after
    return flowable


Builder = Callable[[Any, RenderContext, int], list[Any]]
BUILDERS: dict[type, Builder] = {
    m.Paragraph: _paragraph,
    m.Heading: _heading,
    m.ListBlock: _list,
    m.Quote: _quote,
    m.Image: _image,
    m.CodeBlock: _code,
    m.Table: _table,
    m.Rule: _rule,
}

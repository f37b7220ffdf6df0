"""Outline blocks as slide paragraphs: one small function per block type, from a table.

Lists keep up to three levels (deeper ones are drawn at the third), subheadings become bold
lines, quotes italic and indented, code monospace line by line. Tables and images are passed
through as items of their own; flow.py places everything on slides.
"""

from __future__ import annotations

import dataclasses
from typing import Callable, Union

from studyguide.outline import model as m
from studyguide.records import record
from studyguide.render.common.text import clean_lines
from studyguide.render.deck.shapes import Page, Para, Run

BULLETS = ("•", "–", "•")
LEVEL_STEP = 30.0
HANG = 22.0
QUOTE_INDENT = 30.0


@record
class TableItem:
    table: m.Table


@record
class ImageItem:
    image: m.Image


Item = Union[Para, TableItem, ImageItem]


def inline_runs(page: Page, inlines: m.Inlines, *, role: str = "body", bold: bool = False,
                italic: bool = False, color: str = "text", line: int | None = None
                ) -> list[Run]:
    """Runs for inline text from outline line `line`; citations read `[n]`, code spans use
    the mono font."""
    runs: list[Run] = []
    for item in inlines:
        if isinstance(item, m.Span):
            font = "mono" if item.code else role
            runs.append(page.run(item.text, font, bold=bold or item.bold,
                                 italic=italic or item.italic,
                                 color="primary" if item.href else color, href=item.href,
                                 line=line))
        elif isinstance(item, m.Citation):
            runs.append(page.run(f"[{item.number}]", role, bold=bold, italic=italic,
                                 color=color))
        else:
            runs.append(page.run("\n", role, bold=bold, italic=italic, color=color))
    return [run for run in runs if run.text] or [page.run("", role)]


def level_size(page: Page, level: int) -> float:
    """Smaller text for nested bullets, never below 16 pt."""
    return max(16.0, page.base - 2.0 * level)


def code_size(page: Page) -> float:
    return max(16.0, page.base - 4.0)


def _paragraph(page: Page, block: m.Paragraph, level: int) -> list[Item]:
    size = page.base if level == 0 else level_size(page, level - 1)
    indent = 0.0 if level == 0 else (level - 1) * LEVEL_STEP + HANG
    return [Para(tuple(inline_runs(page, block.inlines, line=block.line)), size, indent=indent,
                 space_before=0.35 * size)]


def _heading(page: Page, block: m.Heading, level: int) -> list[Item]:
    size = page.base + 2 if block.level <= 3 else page.base
    runs = inline_runs(page, block.inlines, role="heading", bold=True, color="primary",
                       line=block.line)
    return [Para(tuple(runs), size, space_before=0.5 * size)]


def _list(page: Page, block: m.ListBlock, level: int) -> list[Item]:
    depth = min(level, 2)
    items: list[Item] = []
    for number, item in enumerate(block.items, start=block.start):
        marker = f"{number}." if block.ordered else BULLETS[depth]
        if item.checked is not None:
            marker = "[x]" if item.checked else "[ ]"
        items.extend(_list_item(page, item, depth, marker))
    return items


def _list_item(page: Page, item: m.ListItem, depth: int, marker: str) -> list[Item]:
    size = level_size(page, depth)
    indent = depth * LEVEL_STEP + HANG
    hang = HANG if len(marker) < 2 else min(indent, HANG + 8.0)
    indent = max(indent, hang)
    blocks = list(item.blocks)
    first: tuple[Run, ...] = ()
    head = blocks[0] if blocks else None
    if isinstance(head, m.Paragraph):
        blocks.pop(0)
        first = tuple(inline_runs(page, head.inlines, line=head.line))
    bullet = page.run(marker + "\u00a0", color="accent" if len(marker) == 1 else "text")
    items: list[Item] = [Para((bullet,) + first, size, indent=indent, hang=hang,
                              space_before=0.25 * size)]
    for inner in blocks:
        items.extend(block_items(page, inner, depth + 1))
    return items


def _quote(page: Page, block: m.Quote, level: int) -> list[Item]:
    out: list[Item] = []
    for item in block_items_all(page, block.blocks, level):
        if isinstance(item, Para):
            runs = tuple(page.restyled(run, italic=True) for run in item.runs)
            item = dataclasses.replace(item, runs=runs, indent=item.indent + QUOTE_INDENT)
        out.append(item)
    return out


def _code(page: Page, block: m.CodeBlock, level: int) -> list[Item]:
    size = code_size(page)
    lines = clean_lines(block.text).rstrip("\n").split("\n")
    paras: list[Item] = []
    for index, text in enumerate(lines):
        run = page.run(text.replace(" ", "\u00a0") or "\u00a0", "mono", line=block.line)
        paras.append(Para((run,), size, indent=12.0, space_before=0.3 * size if not index
                          else 0.0))
    return paras


def _table(page: Page, block: m.Table, level: int) -> list[Item]:
    return [TableItem(block)]


def _image(page: Page, block: m.Image, level: int) -> list[Item]:
    return [ImageItem(block)]


def _rule(page: Page, block: m.Rule, level: int) -> list[Item]:
    return []


HANDLERS: dict[type, Callable[[Page, object, int], list[Item]]] = {
    m.Paragraph: _paragraph,  # type: ignore[dict-item]
    m.Heading: _heading,  # type: ignore[dict-item]
    m.ListBlock: _list,  # type: ignore[dict-item]
    m.Quote: _quote,  # type: ignore[dict-item]
    m.CodeBlock: _code,  # type: ignore[dict-item]
    m.Table: _table,  # type: ignore[dict-item]
    m.Image: _image,  # type: ignore[dict-item]
    m.Rule: _rule,  # type: ignore[dict-item]
}


def block_items(page: Page, block: object, level: int = 0) -> list[Item]:
    """The slide items of one block; an unknown block type is skipped."""
    handler = HANDLERS.get(type(block))
    return handler(page, block, level) if handler else []


def block_items_all(page: Page, blocks: tuple | list, level: int = 0) -> list[Item]:
    """The slide items of a sequence of blocks, in order."""
    items: list[Item] = []
    for block in blocks:
        items.extend(block_items(page, block, level))
    return items


def blocks_text(blocks: tuple | list) -> str:
    """Blocks as plain text (speaker notes): one line per paragraph or list item."""
    lines: list[str] = []
    for block in blocks:
        lines.extend(_text_lines(block))
    return clean_lines("\n".join(lines))


def _text_lines(block: object) -> list[str]:
    if isinstance(block, (m.Paragraph, m.Heading)):
        return [m.plain_text(block.inlines)]
    if isinstance(block, m.ListBlock):
        out: list[str] = []
        for item in block.items:
            inner = [line for b in item.blocks for line in _text_lines(b)]
            out.extend(["- " + inner[0]] + inner[1:] if inner else [])
        return out
    if isinstance(block, m.Quote):
        return [line for b in block.blocks for line in _text_lines(b)]
    if isinstance(block, m.CodeBlock):
        return block.text.rstrip("\n").split("\n")
    if isinstance(block, m.Table):
        rows = (block.header,) + block.rows
        return [" | ".join(m.plain_text(cell) for cell in row) for row in rows]
    if isinstance(block, m.Image):
        return [f"[Image: {block.alt}]"]
    return []

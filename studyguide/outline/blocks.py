"""Block Markdown (markdown-it's block tokens) -> the model's blocks.

markdown-it's token stream is flat: `*_open` and `*_close` tokens bracket their content. A
cursor walks it, and one small function per token type builds the matching model block. The
section structure (`##` headings, reserved sections) is the parser's business, not this one's.

Choices made here:
* `#` and `##` headings that are not section headings (inside a list or quote, or an extra
  `#` title) become level-3 subheadings;
* raw HTML blocks are shown literally as code, except HTML comments, which are dropped;
* `::: notes` collects its blocks as speaker notes for the current section; `::: slide`
  collects its blocks as one slide of the deck, shown exactly and only there; any other
  `::: name` container shows its content as ordinary blocks, with a warning.
"""

from __future__ import annotations

import re
from dataclasses import replace
from types import SimpleNamespace
from typing import Callable

from studyguide.outline import validate
from studyguide.outline.context import ParseContext, strip_controls
from studyguide.outline.inline import MAX_TEXT_CHARS, convert_inline, inline_text, split_inlines
from studyguide.outline.model import (
    Block,
    CodeBlock,
    Heading,
    Inlines,
    ListBlock,
    ListItem,
    Paragraph,
    Quote,
    Rule,
    Span,
    Table,
)

MAX_DEPTH = 40  # markdown-it stops nesting at 20 levels; this only guards our own recursion
# Paragraphs, list items, headings, code blocks, ... in one outline (docs/security.md): ten
# times a long real outline, and about what a handout can typeset in a few seconds.
MAX_BLOCKS = 10_000
_TASK = re.compile(r"\[([ xX])\](?:\s+|$)")
_COMMENT = re.compile(r"\s*<!--(?:(?!-->).)*-->\s*", re.DOTALL)  # one comment, nothing else
_BREAK = re.compile(r"\s*(?:<br\s*/?>\s*)+", re.IGNORECASE)
# Marp and Slidev directives: `_class: lead`, `paginate: true`, `fit`, `.slide: ...`.
_DIRECTIVE = re.compile(
    r"(?:_|\.)?(?:theme|paginate|header|footer|class|backgroundColor|backgroundImage|"
    r"backgroundPosition|backgroundRepeat|backgroundSize|color|size|marp|style|"
    r"headingDivider|math|lang|title|description|author|image|transition|slide|"
    r"element|layout|level|clicks)\s*:.*|[_.]?[\w-]+", re.DOTALL)
_ANSWER_LINE = re.compile(r"\s*(?:\*\*|__)?answer\s*:", re.IGNORECASE)


class Cursor:
    """A position in a token list."""

    def __init__(self, tokens: list, pos: int = 0, end: int | None = None) -> None:
        self.tokens = tokens
        self.pos = pos
        self.end = len(tokens) if end is None else end

    def more(self) -> bool:
        return self.pos < self.end

    def peek(self):
        return self.tokens[self.pos]

    def take(self):
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok


def token_line(tok, fallback: int = 1) -> int:
    """The 1-based source line of a token (markdown-it counts from 0), or `fallback`."""
    return tok.map[0] + 1 if tok.map else fallback


def read_block(cur: Cursor, ctx: ParseContext) -> list[Block]:
    """Read the block starting at the cursor (all of it, up to its close); 0 or more blocks."""
    tok = cur.take()
    handler = _HANDLERS.get(tok.type)
    if handler is None:
        return _unknown(tok, cur, ctx)
    if tok.nesting == 1 and ctx.block_depth >= MAX_DEPTH:
        ctx.warn_once("depth", token_line(tok), f"content nested more than {MAX_DEPTH} levels "
                                                "deep is not shown")
        _skip_to_close(cur)
        return []
    if not count_block(ctx, token_line(tok)):
        if tok.nesting == 1:
            _skip_to_close(cur)
        return []
    ctx.block_depth += 1
    try:
        return handler(tok, cur, ctx)
    finally:
        ctx.block_depth -= 1


def count_block(ctx: ParseContext, line: int) -> bool:
    """Count one more block; False (and an error, the first time) past MAX_BLOCKS."""
    ctx.blocks_read += 1
    if ctx.blocks_read == MAX_BLOCKS + 1:
        ctx.error(line, f"the outline has more than {MAX_BLOCKS:,} paragraphs, list items "
                        "and other blocks; split it into several outlines")
    return ctx.blocks_read <= MAX_BLOCKS


def read_until_close(cur: Cursor, ctx: ParseContext) -> list[Block]:
    """Read blocks up to the close token matching an open token just taken; consume it."""
    blocks: list[Block] = []
    while cur.more() and cur.peek().nesting != -1:
        blocks.extend(read_block(cur, ctx))
    if cur.more():
        cur.take()
    return blocks


def _skip_to_close(cur: Cursor) -> None:
    depth = 1
    while cur.more() and depth:
        depth += cur.take().nesting


def _inline_after(tok, cur: Cursor, ctx: ParseContext, **options):
    """Convert the `inline` token after an opening token, and skip the closing one."""
    inline = cur.take() if cur.more() and cur.peek().type == "inline" else None
    if cur.more() and cur.peek().nesting == -1:
        cur.take()
    if inline is None:
        return (), []
    return convert_inline(inline, ctx, token_line(inline, token_line(tok)), **options)


# ---------------------------------------------------------------------------- handlers


def _paragraph(tok, cur: Cursor, ctx: ParseContext) -> list[Block]:
    inline = cur.take() if cur.more() and cur.peek().type == "inline" else None
    if cur.more() and cur.peek().nesting == -1:
        cur.take()
    blocks: list[Block] = []
    images: list[Block] = []
    line = token_line(tok)
    for part, offset in _answer_parts(inline):
        inlines, found = convert_inline(part, ctx, line + offset)
        if inline_text(inlines).strip():
            blocks.append(Paragraph(line + offset, inlines))
        images.extend(found)
    return blocks + images


def _answer_parts(inline) -> list[tuple[object, int]]:
    """The inline token, split where a line starts with `Answer:`, with each part's line offset.

    A teacher may write a question's model answer on the line right under it; Markdown joins
    the two lines into one paragraph, so they are separated again here.
    """
    if inline is None:
        return []
    lines = inline.content.split("\n")
    children = inline.children or []
    breaks = [i for i, c in enumerate(children) if c.type in ("softbreak", "hardbreak")]
    starts = [n for n, text in enumerate(lines) if n and _ANSWER_LINE.match(text)]
    if not starts or len(breaks) != len(lines) - 1:
        return [(inline, 0)]
    parts: list[tuple[object, int]] = []
    begin, first_line = 0, 0
    for n in starts:
        parts.append((SimpleNamespace(children=children[begin:breaks[n - 1]]), first_line))
        begin, first_line = breaks[n - 1] + 1, n
    parts.append((SimpleNamespace(children=children[begin:]), first_line))
    return parts


def _heading(tok, cur: Cursor, ctx: ParseContext) -> list[Block]:
    inlines, _ = _inline_after(tok, cur, ctx, images_ok=False)
    level = min(6, max(3, int(tok.tag[1:] or 3)))
    return [Heading(token_line(tok), level, inlines)]


def _list(tok, cur: Cursor, ctx: ParseContext) -> list[Block]:
    ctx.list_depth += 1
    ctx.deepest_list = max(ctx.deepest_list, ctx.list_depth)
    items: list[ListItem] = []
    while cur.more() and cur.peek().nesting != -1:
        item = cur.take()
        if item.type != "list_item_open":
            continue
        items.append(_task_item(ListItem(token_line(item), tuple(read_until_close(cur, ctx)))))
    if cur.more():
        cur.take()
    ctx.list_depth -= 1
    if ctx.list_depth == 0:
        if ctx.deepest_list > 3:
            ctx.warn(token_line(tok), "lists nest deeper than 3 levels; slides show 3")
        ctx.deepest_list = 0
    ordered = tok.type == "ordered_list_open"
    start = _start(tok) if ordered else 1
    return [ListBlock(token_line(tok), tuple(items), ordered, start)]


def _start(tok) -> int:
    try:
        return int(tok.attrs.get("start", 1))
    except (TypeError, ValueError):
        return 1


def _task_item(item: ListItem) -> ListItem:
    """A `- [x] text` item: record the box and drop it from the text."""
    first = item.blocks[0] if item.blocks else None
    if not isinstance(first, Paragraph):
        return item
    match = _TASK.match(inline_text(first.inlines))
    if match is None:
        return item
    _, rest = split_inlines(first.inlines, match.end())
    blocks = ((Paragraph(first.line, rest),) if rest else ()) + item.blocks[1:]
    return ListItem(item.line, blocks, checked=match.group(1) != " ")


def _quote(tok, cur: Cursor, ctx: ParseContext) -> list[Block]:
    return [Quote(token_line(tok), tuple(read_until_close(cur, ctx)))]


def _code(tok, cur: Cursor, ctx: ParseContext) -> list[Block]:
    language = tok.info.strip().split(" ")[0] if tok.type == "fence" else ""
    text = strip_controls(tok.content).rstrip("\n")
    if len(text) > MAX_TEXT_CHARS:
        ctx.error(token_line(tok), f"code block has {len(text):,} characters; the limit is "
                                   f"{MAX_TEXT_CHARS:,}")
        text = text[:200]  # the outline will not build; keep the block so nothing else is off
    return [CodeBlock(token_line(tok), text, language)]


def _html(tok, cur: Cursor, ctx: ParseContext) -> list[Block]:
    text = strip_controls(tok.content).rstrip("\n")
    if _COMMENT.fullmatch(text):
        _comment_notes(text, token_line(tok), ctx)
        return []
    if _BREAK.fullmatch(text):
        ctx.warn(token_line(tok), "'<br>' on its own line is not shown (leave a blank line "
                                  "to start a new paragraph)")
        return []
    if len(text) > MAX_TEXT_CHARS:
        ctx.error(token_line(tok), f"HTML block has {len(text):,} characters; the limit is "
                                   f"{MAX_TEXT_CHARS:,}")
        text = text[:200]  # the outline will not build; keep the block so nothing else is off
    return [CodeBlock(token_line(tok), text, "html")]


def _comment_notes(text: str, line: int, ctx: ParseContext) -> None:
    """An HTML comment is a speaker note in Marp and Slidev: teacher-only text, never shown
    to students. A Marp directive (`<!-- _class: lead -->`) or a bare word is dropped."""
    body = " ".join(text.strip()[4:-3].split())
    if not body or _DIRECTIVE.fullmatch(body) or " " not in body:
        return
    ctx.notes.append(Paragraph(line, (Span(body),)))


def _rule(tok, cur: Cursor, ctx: ParseContext) -> list[Block]:
    return [Rule(token_line(tok))]


# `::: notes` and the teacher-only blocks of other tools (Carpentries' instructor notes and
# solutions, Quarto's speaker notes): name -> the label its notes start with ('' for none).
TEACHER_ONLY = {"notes": "", "speaker": "", "speaker-notes": "", "instructor": "",
                "instructor-note": "", "instructor-notes": "", "teacher": "",
                "solution": "Solution", "answer": "Answer"}


def teacher_only(params: str) -> str | None:
    """The label for a `::: name` block that holds teacher-only text, or None."""
    name = params.strip().lstrip("{").rstrip("}").strip().lstrip(".").casefold()
    return TEACHER_ONLY.get(name)


def _notes(tok, cur: Cursor, ctx: ParseContext) -> list[Block]:
    validate.check_container_closed(tok, ctx)
    blocks = read_until_close(cur, ctx)
    label = teacher_only(tok.info) or ""
    if label and blocks:
        ctx.notes.append(Paragraph(token_line(tok), (Span(label + ":", bold=True),)))
    ctx.notes.extend(blocks)
    return []


def _slide(tok, cur: Cursor, ctx: ParseContext) -> list[Block]:
    validate.check_container_closed(tok, ctx)
    blocks = read_until_close(cur, ctx)
    if blocks:
        ctx.slides.append(tuple(blocks))
    else:
        ctx.warn(token_line(tok), "'::: slide' is empty; no slide is made for it")
    return []
def _deflist(tok, cur: Cursor, ctx: ParseContext) -> list[Block]:
    """A definition list (`Term` then `: definition`) reads as items `**Term**: definition`,
    which is what a glossary holds."""
    items: list[ListItem] = []
    term: Inlines = ()
    term_line = token_line(tok)
    while cur.more() and cur.peek().type != "dl_close":
        part = cur.take()
        if part.type == "dt_open":
            term_line = token_line(part, term_line)
            term, _ = _inline_after(part, cur, ctx, images_ok=False)
        elif part.type == "dd_open":
            blocks = read_until_close(cur, ctx)
            first = blocks[0] if blocks and isinstance(blocks[0], Paragraph) else None
            label = tuple(replace(s, bold=True) if isinstance(s, Span) else s for s in term)
            lead = label + (Span(": "),) + (first.inlines if first else ())
            rest = tuple(blocks[1:] if first else blocks)
            items.append(ListItem(term_line, (Paragraph(term_line, lead),) + rest))
    if cur.more():
        cur.take()
    return [ListBlock(token_line(tok), tuple(items), False, 1)] if items else []


def _container(tok, cur: Cursor, ctx: ParseContext) -> list[Block]:
    name = tok.info.strip()
    ctx.warn(token_line(tok), f"unknown block '::: {name}' shown as ordinary text")
    validate.check_container_closed(tok, ctx)
    return read_until_close(cur, ctx)


def _table(tok, cur: Cursor, ctx: ParseContext) -> list[Block]:
    header: list = []
    rows: list[tuple] = []
    lines: list[int] = []
    align: list[str] = []
    row: list | None = None
    while cur.more() and cur.peek().type != "table_close":
        part = cur.take()
        if part.type == "tr_open":
            row = []
            lines.append(token_line(part, token_line(tok)))
        elif part.type in ("th_open", "td_open") and row is not None:
            if part.type == "th_open":
                align.append(_align(part))
            inlines, _ = _inline_after(part, cur, ctx, images_ok=False)
            row.append(inlines)
        elif part.type == "tr_close" and row is not None:
            if len(lines) == 1:
                header = row
            else:
                rows.append(tuple(row))
            row = None
    if cur.more():
        cur.take()
    table = Table(token_line(tok), tuple(header), tuple(rows),
                  tuple(lines[1:]), tuple(align))
    if validate.check_table_size(table, ctx):
        validate.check_table_rows(table, ctx)
    return [table]


def _align(tok) -> str:
    style = str(tok.attrs.get("style", ""))
    return style.split(":", 1)[1] if style.startswith("text-align:") else ""


def _unknown(tok, cur: Cursor, ctx: ParseContext) -> list[Block]:
    # A token type no handler knows (a plugin's, or a stray close): keep its text, never crash.
    if tok.nesting == 1:
        return read_until_close(cur, ctx)
    if tok.nesting == 0 and tok.content.strip():
        return [CodeBlock(token_line(tok), strip_controls(tok.content).rstrip("\n"))]
    return []


_HANDLERS: dict[str, Callable[..., list[Block]]] = {
    "paragraph_open": _paragraph,
    "heading_open": _heading,
    "bullet_list_open": _list,
    "ordered_list_open": _list,
    "blockquote_open": _quote,
    "fence": _code,
    "code_block": _code,
    "html_block": _html,
    "hr": _rule,
    "table_open": _table,
    "container_notes_open": _notes,
    "container_slide_open": _slide,
    "dl_open": _deflist,
    "container_other_open": _container,
}

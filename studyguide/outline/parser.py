"""Reading an outline file into the model: the only module that drives markdown-it.

parse_outline never raises for any input: every problem becomes a Diagnostic, and an Outline
is returned whenever the text could be read at all, so a teacher sees every problem at once.

The front matter is cut out by hand (not by markdown-it's plugin) and replaced with blank
lines, so markdown-it's line numbers are the file's, and an unclosed front matter can be
reported instead of silently swallowing the file. Other choices:
* a leading `# Title` equal to the front-matter title is dropped; any other `#` heading is
  a subheading (level 3) of the section it is in;
* footnotes (`[^1]` and `^[...]`) become a superscript number in the text, and the footnote
  itself a short paragraph at the end of the section that first refers to it;
* speaker notes before the first `##` heading have nowhere to go: a warning says so.
"""

from __future__ import annotations

import math
import os
import stat
from dataclasses import replace
from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from studyguide.boundary import is_inside
from studyguide.diagnostics import Diagnostic, error, sort_key
from studyguide.outline import frontmatter, lenient, validate
from studyguide.outline.blocks import (
    MAX_BLOCKS,
    Cursor,
    count_block,
    read_block,
    read_until_close,
    teacher_only,
    token_line,
)
from studyguide.outline.context import CONTROL_CHARS, ParseContext, resolved_root
from studyguide.outline.inline import (
    convert_inline,
    footnote_marker,
    inline_text,
    split_inlines,
    strip_inlines,
)
from studyguide.outline.model import Block, Meta, Outline, Paragraph, Rule, Span
from studyguide.outline.sections import RawSection, build_body, reserved_kind

MAX_OUTLINE_BYTES = 2 * 1024 * 1024


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    md.use(footnote_plugin)
    md.use(deflist_plugin)
    md.use(container_plugin, "notes",
           validate=lambda params, *_: teacher_only(params) is not None)
    md.use(container_plugin, "slide",
           validate=lambda params, *_: params.strip().casefold() == "slide")
    md.use(container_plugin, "other", validate=lambda params, *_: bool(params.strip()))
    # Backslash escapes stay separate tokens, so `\[@key]` is not read as a citation.
    md.core.ruler.disable("text_join")
    # Let every link and image through: nothing is rendered as HTML, images are checked by
    # validate.check_image, and links keep only safe hrefs (inline.py).
    md.validateLink = lambda url: True
    return md


def parse_outline(path: str | os.PathLike, project_root: str | os.PathLike,
                  display_path: str | None = None) -> tuple[Outline | None, list[Diagnostic]]:
    """Read and parse the outline file at `path`; diagnostics name it as `display_path`."""
    data, problems = read_outline(path, project_root, display_path)
    if data is None:
        return None, problems
    return parse_outline_bytes(data, path, project_root, display_path)


def read_outline(path: str | os.PathLike, project_root: str | os.PathLike,
                 display_path: str | None = None) -> tuple[bytes | None, list[Diagnostic]]:
    """The bytes of the outline file at `path`, or None and why it cannot be read. A build
    hashes exactly these bytes and parses them (parse_outline_bytes), so its cache can never
    pair one version's hash with another's output."""
    shown = display_path if display_path is not None else os.fspath(path)
    if _links_outside(os.fspath(path), project_root):
        return None, [error(shown, 1, "is a link to a file outside the project folder")]
    data, problem = _read(os.fspath(path), shown)
    return data, [problem] if problem else []


def parse_outline_bytes(data: bytes, path: str | os.PathLike, project_root: str | os.PathLike,
                        display_path: str | None = None
                        ) -> tuple[Outline | None, list[Diagnostic]]:
    """Parse the bytes read_outline gave for the file at `path`."""
    shown = display_path if display_path is not None else os.fspath(path)
    text, problem = _decode(data, shown)
    if text is None:
        return None, [problem] if problem else []
    base_dir = os.path.dirname(os.path.abspath(os.fspath(path)))
    return _parse(text, shown, _slug(os.fspath(path)), project_root, base_dir)


def parse_text(text: str, path: str, project_root: str, base_dir: str | None = None
               ) -> tuple[Outline | None, list[Diagnostic]]:
    """Parse outline `text` as if read from `path` (images resolve from `base_dir`)."""
    if base_dir is None:
        base_dir = os.path.dirname(os.path.abspath(path))
    return _parse(text, path, _slug(path), project_root, base_dir)


def _slug(path: str) -> str:
    name = os.path.basename(path)
    return name[:-3] if name.lower().endswith(".md") else name


def _links_outside(path: str, project_root: str | os.PathLike) -> bool:
    """True for a symlink whose target leaves the project (a downloaded project could point
    an outline at any file of the teacher's, and messages quote what they find)."""
    if not os.path.islink(path):
        return False
    return not is_inside(path, project_root)


def _read(path: str, shown: str) -> tuple[bytes | None, Diagnostic | None]:
    """The file's bytes, or None and the reason it cannot be read."""
    try:
        if os.path.isdir(path):
            return None, error(shown, 1, "is a folder, not an outline file")
        if not stat.S_ISREG(os.stat(path).st_mode):
            # A pipe or device would block or never end; an outline is always a plain file.
            return None, error(shown, 1, "is not a regular file")
        with open(path, "rb") as handle:
            data = handle.read(MAX_OUTLINE_BYTES + 1)
    except OSError as exc:
        return None, error(shown, 1, f"cannot read the file: {exc.strerror or exc}")
    if len(data) > MAX_OUTLINE_BYTES:
        # Rounded up, so a file just over the limit does not read "2.0 MB; the limit is 2 MB".
        size = math.ceil(max(os.path.getsize(path), len(data)) / (1024 * 1024) * 10) / 10
        return None, error(shown, 1, f"outline is {size:.1f} MB; the limit is 2 MB")
    return data, None


def _decode(data: bytes, shown: str) -> tuple[str | None, Diagnostic | None]:
    """The outline's text, or None and the line where it stops being UTF-8."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
        line = data[:exc.start + bom].count(b"\n") + 1
        byte = data[exc.start + bom]
        return None, error(shown, line, f"not valid UTF-8 (byte 0x{byte:02x} at line {line})")


def _clean(text: str, ctx: ParseContext) -> str:
    """Normalise line ends and remove characters no output can carry (one warning)."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    found = CONTROL_CHARS.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        ctx.warn(line, f"control character U+{ord(found.group()):04X} removed")
        text = CONTROL_CHARS.sub("", text)
    return text


def _parse(text: str, shown: str, slug: str, project_root: str | os.PathLike,
           base_dir: str) -> tuple[Outline | None, list[Diagnostic]]:
    ctx = ParseContext(shown, base_dir, resolved_root(project_root))
    text = _clean(text, ctx)
    if not text.strip():
        return None, [error(shown, 1, "file is empty")]
    ctx.lines = text.split("\n")
    meta, sources = _front_matter(ctx)
    tokens = _markdown().parse(_blank_front_matter(ctx))
    meta = _title_from_heading(meta, tokens, ctx)
    lenient.warn_literals(ctx)
    raws = _sections(tokens, ctx, meta.title)
    body = build_body(raws[1:], ctx)
    outline = Outline(
        path=shown, slug=slug, meta=meta, intro=tuple(raws[0].blocks),
        objectives=body.objectives, sections=tuple(body.sections), timeline=body.timeline,
        key_figures=body.key_figures, glossary=body.glossary, questions=body.questions,
        parts=tuple(body.parts))
    source_texts = [(key, _source_inlines(text, line, ctx)) for key, text, line in sources]
    outline = validate.number_citations(outline, source_texts)
    validate.check_accessibility(outline, ctx)
    return outline, sorted(ctx.diagnostics, key=sort_key)


def _front_matter(ctx: ParseContext) -> tuple[Meta, list[tuple[str, str, int]]]:
    """Read and check the front matter; also sets ctx.source_keys."""
    yaml_text, ctx_end = frontmatter.split_front_matter(ctx.lines, ctx)
    ctx.front_matter_lines = ctx_end
    if yaml_text is None:
        if ctx_end == 0:  # no front matter at all; an unclosed one is already reported
            ctx.error(1, "missing required front-matter key 'title'")
        return Meta(title=""), []
    loaded = frontmatter.load_front_matter(yaml_text, ctx)
    if not loaded.ok:
        return Meta(title=""), []
    meta = validate.validate_meta(loaded.data, loaded.key_lines, ctx, written=loaded.written)
    sources = validate.validate_sources(loaded.data, loaded.key_lines, loaded.source_lines, ctx)
    ctx.source_keys = tuple(key for key, _, _ in sources)
    return meta, sources


def _title_from_heading(meta: Meta, tokens: list, ctx: ParseContext) -> Meta:
    """No title in the front matter: the first `#` heading is the title (with a warning that
    replaces the missing-title error)."""
    missing = "missing required front-matter key 'title'"
    reported = [d for d in ctx.diagnostics if d.message == missing]
    heading = lenient.first_heading(tokens)
    if meta.title or not reported or heading is None:
        return meta
    ctx.diagnostics = [d for d in ctx.diagnostics if d.message != missing]
    text, line = heading
    ctx.warn(line, f"no 'title' in the front matter: the heading '{text}' is the title (add "
                   f"'title: {text}' to the front matter to say so)")
    return replace(meta, title=text)


def _blank_front_matter(ctx: ParseContext) -> str:
    """The body as markdown-it sees it: front matter lines kept, but empty."""
    n = ctx.front_matter_lines
    return "\n" * n + "\n".join(ctx.lines[n:])


def _source_inlines(text: str, line: int, ctx: ParseContext):
    tokens = _markdown().parseInline(text)
    if not tokens:
        return (Span(text),)
    inlines, _ = convert_inline(tokens[0], ctx, line, images_ok=False, citations=False)
    return inlines


# ---------------------------------------------------------------------------- sections


def _sections(tokens: list, ctx: ParseContext, title: str) -> list[RawSection]:
    """Split the top level at `##` headings; the first RawSection is the introduction."""
    body_end = next((i for i, t in enumerate(tokens) if t.type == "footnote_block_open"),
                    len(tokens))
    footnotes = _footnotes(Cursor(tokens, body_end), ctx)
    _warn_lost_depth(tokens, ctx)
    raws = [RawSection(0, ())]
    cur = Cursor(tokens, 0, body_end)
    h1_sections = not lenient.has_sections(tokens)
    presenter_notes = False
    while cur.more() and ctx.blocks_read <= MAX_BLOCKS:
        tok = cur.peek()
        if (tok.type == "heading_open" and tok.tag == "h1" and len(raws) == 1
                and _is_title(tokens, cur, title)):
            cur.pos += 3
        elif tok.type == "heading_open" and tok.level == 0 and _opens_section(
                tokens, cur, ctx, h1_sections):
            if not count_block(ctx, token_line(tok)):
                break
            if raws[-1].blocks and isinstance(raws[-1].blocks[-1], Rule):
                raws[-1].blocks.pop()  # `---` before a heading: the slide break it makes anyway
            _close(raws[-1], footnotes, ctx)
            presenter_notes = False
            cur.take()
            inlines, _ = convert_inline(cur.take(), ctx, token_line(tok), images_ok=False)
            cur.take()
            raws.append(RawSection(token_line(tok), inlines, level=int(tok.tag[1:])))
        else:
            for block in read_block(cur, ctx):
                if isinstance(block, Rule):
                    presenter_notes = False
                elif lenient.is_presenter_notes(block):
                    presenter_notes = True
                    _, rest = split_inlines(block.inlines, 3)  # type: ignore[union-attr]
                    block = Paragraph(block.line, strip_inlines(rest))
                    if not inline_text(block.inlines).strip():
                        continue
                if presenter_notes:
                    ctx.notes.append(block)
                else:
                    raws[-1].blocks.append(block)
    _close(raws[-1], footnotes, ctx)
    return raws


def _opens_section(tokens: list, cur: Cursor, ctx: ParseContext, h1_sections: bool) -> bool:
    """A `##` heading opens a section; so does a heading at another level that names a
    reserved section, and in an outline with no `##` at all each `#` heading (a warning)."""
    tok = tokens[cur.pos]
    if tok.tag == "h2":
        return True
    inline = tokens[cur.pos + 1] if cur.pos + 1 < len(tokens) else None
    text = " ".join(getattr(inline, "content", "").split())
    if reserved_kind(text) is not None:
        return True  # build_body warns, or keeps it a content section if it does not fit
    if tok.tag == "h1" and h1_sections:
        ctx.warn_once("h1-sections", token_line(tok), "the outline has no '##' headings, so "
                      "each '#' heading opens a section (write '##' for sections)")
        return True
    return False


def _is_title(tokens: list, cur: Cursor, title: str) -> bool:
    """True when the `#` heading at the cursor just repeats the title (`# **Caesar**` too)."""
    inline = tokens[cur.pos + 1] if cur.pos + 1 < len(tokens) else None
    return bool(title) and lenient.plain(getattr(inline, "content", "")) == lenient.plain(title)


def _close(raw: RawSection, footnotes: dict[int, list[Block]], ctx: ParseContext) -> None:
    """Attach collected notes and footnotes to the section that has just ended."""
    notes = ctx.take_notes()
    if raw.line == 0 and notes:
        ctx.warn(notes[0].line, "speaker notes before the first '##' heading are not shown "
                                "(move them into a section)")
    raw.notes = notes if raw.line else ()
    slides = ctx.take_slides()
    if raw.line == 0 and slides:
        ctx.warn(slides[0][0].line if slides[0] else None,
                 "'::: slide' before the first '##' heading is not shown (move it into a section)")
    raw.slides = slides if raw.line else ()
    for footnote_id in ctx.footnote_refs:
        if footnote_id not in ctx.footnotes_placed:
            ctx.footnotes_placed.add(footnote_id)
            raw.blocks.extend(footnotes.get(footnote_id, []))
    ctx.footnote_refs = []


def _footnotes(cur: Cursor, ctx: ParseContext) -> dict[int, list[Block]]:
    """The footnote definitions (markdown-it moves them to the end), by footnote id."""
    found: dict[int, list[Block]] = {}
    while cur.more():
        tok = cur.take()
        if tok.type != "footnote_open":
            continue
        footnote_id = int(tok.meta.get("id", len(found)))
        blocks = read_until_close(cur, ctx)
        marker = Span(footnote_marker(footnote_id) + " ")
        if blocks and isinstance(blocks[0], Paragraph):
            blocks[0] = Paragraph(blocks[0].line, (marker,) + blocks[0].inlines)
        else:
            blocks.insert(0, Paragraph(blocks[0].line if blocks else 1, (marker,)))
        found[footnote_id] = blocks
    # References inside footnotes themselves were counted while reading them above.
    ctx.footnote_refs = []
    return found


def _warn_lost_depth(tokens: list, ctx: ParseContext) -> None:
    """markdown-it silently drops what is nested deeper than its limit: say so."""
    limit = _markdown().options.get("maxNesting", 20)
    deep = next((t for t in tokens if t.level >= limit - 1 and t.nesting == 1), None)
    if deep is not None:
        ctx.warn(token_line(deep), f"content nested more than {limit} levels deep "
                                   "(lists, quotes) is not shown")

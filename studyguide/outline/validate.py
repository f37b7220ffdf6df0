"""Checks on what a teacher wrote: front matter, images, tables, containers, citations.

Each check reports through the ParseContext (a Diagnostic with the exact line) and returns
what the model should hold, so one run reports every problem in the file.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import replace
from typing import Any
from urllib.parse import unquote

from studyguide.boundary import is_inside
from studyguide.diagnostics import did_you_mean
from studyguide.outline import model, order
from studyguide.outline.context import ParseContext
from studyguide.outline.model import LEAVES, Citation, Inlines, Meta, Outline, Source
from studyguide.records import fields_of

_MODEL = model.__name__

KNOWN_KEYS = ("title", "subtitle", "period", "audience", "theme", "lang", "sources",
              "worksheet")
# `worksheet:` switches the worksheet's parts for this outline (project/config.py Worksheet)
WORKSHEET_SWITCHES = ("notes", "dates", "timeline", "cards", "figures", "match")
WORKSHEET_CHOICES = {"timeline_task": ("events", "dates")}
TEXT_KEYS = ("title", "subtitle", "period", "audience", "theme", "lang")
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")  # BCP 47 as PDFs carry it
# A front-matter text is drawn by theme templates on every page (running heads, footers, the
# cover), which are given values of at most this many characters (theme/templates.py).
MAX_META_CHARS = 2_000

# ---------------------------------------------------------------------------- front matter


def validate_meta(data: Any, key_lines: dict[str, int], ctx: ParseContext,
                  found: bool = True, written: dict[str, str] | None = None) -> Meta:
    """The Meta the front matter `data` describes; problems are reported on their lines.

    A number, date or yes/no where text is expected is taken as written (`period: 1924`),
    from `written`: each key's value as it appears in the file.

    `found` is False when the file has no front matter, or it could not be read (then only
    a missing title is reported if nothing was said yet).
    """
    if data is None:
        data = {}
    if not isinstance(data, dict):
        ctx.error(2, "front matter must be 'key: value' lines (such as 'title: My topic')")
        return Meta(title="")
    for key in data:
        if str(key) not in KNOWN_KEYS:
            ctx.warn(key_lines.get(str(key), 1), f"unknown front-matter key '{key}'"
                                                 f"{did_you_mean(str(key), KNOWN_KEYS)}")
    if "title" not in data:
        ctx.error(1, "missing required front-matter key 'title'")
    values = {key: _text_value(data, key, key_lines, ctx, written or {}) for key in TEXT_KEYS}
    if "title" in data and not values["title"].strip() and isinstance(data["title"], (str,
                                                                                      type(None))):
        ctx.error(key_lines.get("title", 1), "front-matter key 'title' is empty")
    if values["lang"] and not is_language_tag(values["lang"]):
        ctx.warn(key_lines.get("lang", 1), "front-matter key 'lang' is not a language tag "
                                           "such as 'en-GB' or 'ru'; the project's is used")
        values["lang"] = ""
    return Meta(**values, theme_line=key_lines.get("theme", 0) if values["theme"] else 0,
                worksheet=_worksheet(data.get("worksheet"), key_lines.get("worksheet", 1), ctx))


def _worksheet(value: Any, line: int, ctx: ParseContext) -> tuple[tuple[str, Any], ...]:
    """The outline's worksheet switches: `worksheet: {cards: false, figures_column: Fate}`."""
    if value is None:
        return ()
    if not isinstance(value, dict):
        ctx.error(line, "front-matter key 'worksheet' must be 'part: true/false' lines")
        return ()
    kept: list[tuple[str, Any]] = []
    names = (*WORKSHEET_SWITCHES, *WORKSHEET_CHOICES, "figures_column")
    for key, item in value.items():
        key = str(key)
        if key in WORKSHEET_SWITCHES and isinstance(item, bool):
            kept.append((key, item))
        elif key in WORKSHEET_CHOICES and isinstance(item, str) \
                and item.lower() in WORKSHEET_CHOICES[key]:
            kept.append((key, item.lower()))
        elif key == "figures_column" and isinstance(item, str) and len(item) <= MAX_META_CHARS:
            kept.append((key, item.strip()))
        elif key not in names:
            ctx.warn(line, f"worksheet: unknown part '{key}'{did_you_mean(key, names)}")
        else:
            allowed = ("true or false" if key in WORKSHEET_SWITCHES else
                       " or ".join(WORKSHEET_CHOICES.get(key, ("a column heading",))))
            ctx.error(line, f"worksheet: '{key}' must be {allowed}")
    return tuple(kept)


# ---------------------------------------------------------------------------- accessibility

MISSING_ALT = "image has no alt text"  # a warning, or an error in an accessible build


def check_accessibility(outline: Outline, ctx: ParseContext) -> None:
    """What only the teacher can supply: alt text for every image (`![what it shows](x.png)`),
    and headings that do not skip a level (a screen reader lists them as a tree)."""
    for image in _all_of(outline, model.Image):
        if not image.alt.strip():
            ctx.warn(image.line, f"{MISSING_ALT}: write what it shows between the brackets, "
                                 f"as in ![a map of the front](map.png)")
    for section in outline.sections:
        previous = 2
        for block in section.blocks:
            if isinstance(block, model.Heading):
                if block.level > previous + 1:
                    ctx.warn(block.line, f"heading level skips from {'#' * previous} to "
                                         f"{'#' * block.level}; use {'#' * (previous + 1)}")
                previous = block.level


def strict_alt_text(diagnostics: list[Any]) -> list[Any]:
    """The diagnostics with a missing alt text made an error (an accessible build)."""
    from studyguide.diagnostics import Severity

    return [replace(d, severity=Severity.ERROR) if d.message.startswith(MISSING_ALT) else d
            for d in diagnostics]


def _all_of(node: Any, kind: type) -> list[Any]:
    """Every `kind` value anywhere in the model under `node`."""
    found: list[Any] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, LEAVES):
            continue
        if isinstance(item, kind):
            found.append(item)
        if isinstance(item, (tuple, list)):
            stack.extend(reversed(item))
        else:
            names = fields_of(type(item))
            if names:
                stack.extend(getattr(item, name) for name, _ in reversed(names))
    return found


def is_language_tag(text: str) -> bool:
    """Whether `text` is a well-formed language tag (en, en-GB, ru, zh-Hant)."""
    return LANGUAGE_TAG.fullmatch(text) is not None


def _text_value(data: dict, key: str, key_lines: dict[str, int], ctx: ParseContext,
                written: dict[str, str]) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if isinstance(value, str) and len(value.strip()) > MAX_META_CHARS:
        ctx.error(key_lines.get(key, 1), f"front-matter key '{key}' is {len(value.strip()):,} "
                                         f"characters; the limit is {MAX_META_CHARS:,} (it is "
                                         "printed in headers, footers and on the cover)")
        return value.strip()[:MAX_META_CHARS]
    if isinstance(value, str):
        return value.strip()
    if not isinstance(value, (list, dict)) and key in written:
        return written[key].strip()  # a number or date, kept as the teacher wrote it
    ctx.error(key_lines.get(key, 1), f"front-matter key '{key}' must be text, not "
                                     f"{_kind(value)}")
    return ""


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"


def validate_sources(data: Any, key_lines: dict[str, int], source_lines: dict[str, int],
                     ctx: ParseContext) -> list[tuple[str, str, int]]:
    """The (key, text, line) of each of the front matter's `sources`, in file order."""
    if not isinstance(data, dict) or data.get("sources") is None:
        return []
    sources = data["sources"]
    at = key_lines.get("sources", 1)
    if not isinstance(sources, dict):
        ctx.error(at, "'sources' must be 'key: reference text' lines, indented under 'sources:'")
        return []
    pairs: list[tuple[str, str, int]] = []
    for key, text in sources.items():
        if isinstance(key, int) and not isinstance(key, bool):
            key = str(key)  # `1999: ...` is a fine key, though YAML reads it as a number
        line = source_lines.get(str(key), at)
        if not isinstance(key, str) or not re.fullmatch(r"[^\s\[\];@,]+", key):
            ctx.error(line, f"source key '{key}' must be one word (letters, digits, '-', '_')")
        elif not isinstance(text, str) or not text.strip():
            ctx.error(line, f"source '{key}' must be a line of reference text"
                            + ("" if text is None or isinstance(text, str)
                               else f", not {_kind(text)}"))
        else:
            pairs.append((key, text.strip(), line))
    return pairs


# ---------------------------------------------------------------------------- images

_REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.\-]*:|//)", re.IGNORECASE)
_WINDOWS_DRIVE = re.compile(r"^[a-z]:[\\/]", re.IGNORECASE)
_PATH_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")


def check_image(src: str, ctx: ParseContext, line: int) -> str | None:
    """The absolute path of image `src` (as written in the outline), or None after an error."""
    path = unquote(src)
    # a decoded control character is shown as written (`%0A`), never put into a message
    shown = _shown(src if _PATH_CONTROLS.search(path) else path)
    if _REMOTE.match(src) and not _WINDOWS_DRIVE.match(src):
        ctx.error(line, f"remote images are not supported: '{shown}' (download it into the "
                        "project)")
        return None
    if not path.strip():
        ctx.error(line, "image has no path")
        return None
    if _PATH_CONTROLS.search(path):
        # `%00` decodes to a NUL no file name can hold; `%0A` would forge a message line
        ctx.error(line, f"image path has a control character: '{shown}'")
        return None
    full = os.path.realpath(os.path.join(ctx.base_dir, path))
    if not is_inside(full, ctx.project_root):
        ctx.error(line, f"image path leaves the project folder: '{shown}'")
        return None
    try:
        if os.path.isdir(full):
            ctx.error(line, f"image is a folder, not a file: '{shown}'")
            return None
        if not stat.S_ISREG(os.stat(full).st_mode):
            # A named pipe would wait forever for a writer; a device could never end.
            ctx.error(line, f"image is not a regular file: '{shown}'")
            return None
        with open(full, "rb") as handle:
            head = handle.read(32)
            size = os.fstat(handle.fileno()).st_size
    except OSError:
        ctx.error(line, f"image not found: '{shown}'")
        return None
    if not head.startswith(_MAGIC):
        ctx.error(line, f"not a PNG, JPEG or GIF image: '{shown}'")
        return None
    problem = _image_size_problem(head, size)
    if problem:
        ctx.error(line, f"image '{shown}' {problem}")
        return None
    return full


# An image is decoded whole to be embedded: these keep one file from taking minutes or
# gigabytes of memory (docs/security.md). 64 megapixels is an 8,000 x 8,000 scan.
MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_PIXELS = 64_000_000


def _image_size_problem(head: bytes, size: int) -> str | None:
    """Why an image file is too big to embed, judged from its size and header; else None.

    PNG and GIF headers give the pixel size; a JPEG's is read by the renderer, which
    refuses a decompression bomb with a placeholder.
    """
    if size > MAX_IMAGE_BYTES:
        return (f"is {size / (1024 * 1024):.1f} MB; the limit is "
                f"{MAX_IMAGE_BYTES // (1024 * 1024)} MB")
    # A header cut short passes here: the renderer cannot decode it and shows a placeholder.
    if head.startswith(_MAGIC[0]) and head[12:16] == b"IHDR":
        width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    elif head.startswith((b"GIF87a", b"GIF89a")) and len(head) >= 10:
        width, height = int.from_bytes(head[6:8], "little"), int.from_bytes(head[8:10], "little")
    else:
        return None
    if width * height > MAX_IMAGE_PIXELS:
        return (f"is {width:,} x {height:,} pixels; the limit is "
                f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels")
    return None


def _shown(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


# ---------------------------------------------------------------------------- tables


# A real table fits a page's width and a few pages' length (docs/security.md); the bench's
# 500-person key-figures table is well inside.
MAX_TABLE_ROWS = 1_000
MAX_TABLE_COLUMNS = 20


def check_table_size(table: Any, ctx: ParseContext) -> bool:
    """Report a table with more rows or columns than any page can show; True when it is fine."""
    fine = True
    for count, limit, noun in ((len(table.rows), MAX_TABLE_ROWS, "rows"),
                               (len(table.header), MAX_TABLE_COLUMNS, "columns")):
        if count > limit:
            ctx.error(table.line, f"table has {count:,} {noun}; the limit is {limit:,}")
            fine = False
    return fine


def check_table_rows(table: Any, ctx: ParseContext) -> None:
    """Report body rows whose source has more or fewer cells than the header.

    markdown-it silently pads short rows and drops extra cells, so the source line is counted
    again here, splitting on unescaped pipes exactly as markdown-it does.
    """
    width = len(table.header)
    for line in table.row_lines:
        text = re.sub(r"^\s*(?:>\s?)*", "", ctx.source_line(line)).strip()
        cells = count_cells(text)
        if cells != width:
            hint = " (write \\| for a '|' inside a cell)" if re.search(r"`[^`]*\|[^`]*`", text) \
                else ""
            noun = "cell" if cells == 1 else "cells"
            ctx.error(line, f"table row has {cells} {noun} but the header has {width}{hint}")


def count_cells(row: str) -> int:
    """How many cells markdown-it finds in a trimmed table row."""
    count, escaped = 1, False
    for char in row:
        if char == "|" and not escaped:
            count += 1
        escaped = char == "\\"
    if row.startswith("|"):
        count -= 1
    if row.endswith("|") and not row.endswith("\\|"):
        count -= 1
    return max(count, 0)


# ---------------------------------------------------------------------------- containers

_CLOSE = re.compile(r"\s*:{3,}\s*$")


def check_container_closed(tok: Any, ctx: ParseContext) -> None:
    """Report a `::: name` block with no closing `:::` (markdown-it closes it silently)."""
    if not tok.map:
        return
    start, end = tok.map
    if end >= len(ctx.lines) or not _CLOSE.match(ctx.lines[end]):
        name = tok.info.strip()
        ctx.error(start + 1, f"'::: {name}' is never closed (add a line ':::')")


# ---------------------------------------------------------------------------- citations


def number_citations(outline: Outline, texts: list[tuple[str, Inlines]]) -> Outline:
    """Number citations by first use in reading order, and list the sources to match.

    Reading order is `order.reading_order`'s, the student edition's text first. Teacher-only
    text (speaker notes, model answers) comes after all of it, in the same order of parts,
    so the student edition's numbers have no gaps. `texts` are the sources as (key, text) in
    front-matter order.
    """
    numbers: dict[str, int] = {}
    parts = order.reading_order(outline)
    for node in (*(p.student() for p in parts), *(p.teacher() for p in parts)):
        for citation in _citations(node):
            numbers.setdefault(citation.key, len(numbers) + 1)
    sources = [Source(key, text, numbers.get(key)) for key, text in texts]
    sources.sort(key=lambda s: (s.number is None, s.number or 0))
    numbered = _renumber(outline, numbers)
    return replace(numbered, sources=tuple(sources))


def _citations(node: Any):
    """Every Citation inside `node`, in field order."""
    if isinstance(node, LEAVES):
        return
    if isinstance(node, Citation):
        yield node
    elif isinstance(node, (tuple, list)):
        for item in node:
            if not isinstance(item, LEAVES):
                yield from _citations(item)
    elif type(node).__module__ == _MODEL:
        for name, _ in fields_of(type(node)) or ():
            yield from _citations(getattr(node, name))


def _renumber(node: Any, numbers: dict[str, int]) -> Any:
    """`node` with every Citation given its number (the same object when none is inside)."""
    if isinstance(node, LEAVES):
        return node
    if isinstance(node, Citation):
        return Citation(node.key, numbers.get(node.key, 0))
    if isinstance(node, tuple):
        items = tuple(_renumber(item, numbers) for item in node)
        return node if all(a is b for a, b in zip(items, node)) else items
    if type(node).__module__ == _MODEL and not isinstance(node, type):
        changes = {}
        for name, init in fields_of(type(node)) or ():
            old = getattr(node, name)
            new = _renumber(old, numbers)
            if new is not old and init:
                changes[name] = new
        return replace(node, **changes) if changes else node
    return node

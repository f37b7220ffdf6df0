"""A course pack's parts: each typeset on its own into a PDF that depends on no other part.

A part is a chapter (one outline), the back matter (master timeline, who's who, glossary,
sources, answer key) or the front matter (cover and contents). It is typeset without running
heads, footers or page numbers (pack_merge.py stamps those on the merged pages), and what a
part needs from the others is left as a name: a link to a destination in another part (a
citation to the pack's source list, a contents entry to its chapter) is written as a named
destination, which the merge resolves. Alongside the PDF a part records what the merge needs:
its page count, its bookmarks, the destinations it defines and its contents entries.
"""

from __future__ import annotations

import hashlib
import io
from collections import Counter
from dataclasses import field, fields
from pathlib import Path
from typing import Any, Callable

from studyguide import __version__
from studyguide.diagnostics import Diagnostic
from studyguide.outline import model as m
from studyguide.records import record
from studyguide.render import RenderSettings
from studyguide.theme.model import Theme

FORMAT = 1  # of a part and its cache entry (parts_cache.py); bump when either changes
# How many parts this process has typeset, by kind ("chapter", "back", "front"): tests read it
# to tell a part taken from the cache from one typeset again, without timing anything.
TYPESET: Counter[str] = Counter()

Dest = tuple[int, float | None, float | None]  # page index in the part, left, top (XYZ)


@record
class Part:
    """A part's PDF and what the merge needs to know of it."""

    pdf: bytes
    pages: int
    bookmarks: tuple[tuple[int, str, str], ...]  # (level, title, destination name)
    dests: dict[str, Dest]  # the destinations it defines
    toc: tuple[tuple[str, str], ...]  # its contents entries: (destination name, title)
    diagnostics: tuple[Diagnostic, ...] = field(default=())


def part_key(kind: str, edition: str, index: int, subject: str, theme: Theme,
             settings: RenderSettings, files: list[str]) -> str:
    """The hash of everything a part depends on: the studyguide and reportlab versions, its
    kind, edition and place in the pack, its (renumbered) outline as `subject`, the theme and
    settings, and the bytes of `files` (fonts, templates, images)."""
    from reportlab import Version

    h = hashlib.sha256()
    for text in (str(FORMAT), __version__, Version, kind, edition, str(index), subject,
                 repr(theme), _settings_text(settings)):
        h.update(text.encode("utf-8", "surrogatepass") + b"\0")
    for path in sorted(set(files)):
        h.update(path.encode("utf-8", "surrogatepass") + b"\0" + _file_hash(path) + b"\0")
    return h.hexdigest()


def _settings_text(settings: RenderSettings) -> str:
    # every field that can change an output (the cache folders are not among them)
    return repr([(f.name, getattr(settings, f.name)) for f in fields(settings) if f.compare])


_hashes: dict[tuple[str, int, int], bytes] = {}  # (path, size, mtime) -> sha256


def _file_hash(path: str) -> bytes:
    try:
        info = Path(path).stat()
        memo = (path, info.st_size, info.st_mtime_ns)
        if memo not in _hashes:
            _hashes[memo] = hashlib.sha256(Path(path).read_bytes()).digest()
        return _hashes[memo]
    except OSError:
        return b"missing"


def depends_on(theme: Theme, ctx: Any, outline: m.Outline | None) -> list[str]:
    """The files a part's pages are made from besides its outline's text: the theme's
    templates, the font files of its families, and the outline's images."""
    fonts = ctx.styles.fonts
    found = [path for _name, path in theme.templates]
    for family in (fonts.body, fonts.heading):
        found += [family.path(bold, italic) for bold in (False, True) for italic in (False, True)]
    if outline is not None:
        found += images_of(outline)
    return found


def images_of(outline: m.Outline) -> list[str]:
    """The paths of the outline's images."""
    return [block.path for block in _blocks(outline) if isinstance(block, m.Image)]


def _blocks(outline: m.Outline) -> list[Any]:
    """Every block of the outline, however deep (images may sit in lists and boxes)."""
    out: list[Any] = []
    stack: list[Any] = [outline]
    while stack:
        node = stack.pop()
        out.append(node)
        for name in getattr(node, "__dataclass_fields__", {}):
            value = getattr(node, name)
            if isinstance(value, (tuple, list)):
                stack += [v for v in value if hasattr(v, "__dataclass_fields__")]
            elif hasattr(value, "__dataclass_fields__"):
                stack.append(value)
    return out


def typeset_part(kind: str, story: list[Any], ctx: Any, meta: dict[str, str],
                 numbers: Callable[[Any, int], None] | None = None, key: str = "") -> Part:
    """Lay out `story` as a part. `numbers(canvas, pages)`, when given, runs once the part's
    own page count is known (the front matter draws its contents page numbers there). `key`,
    the part's cache key, is written into the PDF's own information (its Keywords), so that
    a cached entry can be checked against the PDF it holds, not only against its header."""
    from studyguide.render.pdf.document import HandoutDoc
    from studyguide.render.pdf.document import _release as release
    from studyguide.render.pdf.furniture import canvas_class
    from studyguide.render.pdf.pack import contents_entries

    TYPESET[kind] += 1
    toc = tuple(contents_entries(story))
    buffer = io.BytesIO()
    doc = HandoutDoc(buffer, ctx.styles, **meta, keywords=key)
    found: dict[str, Dest] = {}
    counted = [0]

    def before_save(canvas: Any) -> None:
        counted[0] = len(canvas._held)
        if numbers is not None:
            numbers(canvas, counted[0])
        found.update(_destinations(canvas))

    doc.build(story, canvasmaker=canvas_class(_bare, before_save=before_save))
    marks = tuple((level, title, key) for level, title, _page, key in doc.bookmarks)
    release(doc)  # its cycles broken: freed now, not by the collector
    return Part(buffer.getvalue(), counted[0], marks, found, toc, tuple(ctx.diagnostics))


def _bare(canvas: Any, page: int, pages: int) -> None:
    """No furniture in a part: the merge stamps it on the pack's pages."""


def _destinations(canvas: Any) -> dict[str, Dest]:
    """The destinations this part defines (page index, left, top), and every one it only
    refers to written as a named destination for the merge to resolve."""
    from reportlab.pdfbase.pdfdoc import PDFDestinationXYZ, PDFString, format

    found: dict[str, Dest] = {}
    for name, dest in canvas._destinations.items():
        page = getattr(dest.page, "name", "")
        if dest.fmt is None or not page.startswith("Page"):
            named = PDFString(name)
            dest.format = lambda document, named=named: format(named, document)
            continue
        if isinstance(dest.fmt, PDFDestinationXYZ):
            found[name] = (int(page[4:]) - 1, _number(dest.fmt.left), _number(dest.fmt.top))
    return found


def _number(value: Any) -> float | None:
    return None if value in (None, "null") else float(value)

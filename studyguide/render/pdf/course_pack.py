"""The course pack assembled from parts: each outline's chapter (from the part cache when it
holds it), the back matter, then the front matter, merged into one tagged PDF.

An edit to one outline typesets again only that outline's chapter, the back matter (made from
every outline) and the front matter (whose contents show every part's page numbers); a theme
or settings change makes every chapter's key new (pack_parts.part_key).
"""

from __future__ import annotations

import io
from typing import Any

from studyguide.course import merge as cp
from studyguide.outline import model as m
from studyguide.records import fields_of
from studyguide.render import Rendered, RenderSettings
from studyguide.render.pdf import pack, parts_cache
from studyguide.render.pdf.pack_merge import merge_parts
from studyguide.render.pdf.pack_parts import (Part, depends_on, images_of, part_key,
                                              typeset_part)
from studyguide.theme.model import Theme


def render_pack(outlines: list[m.Outline], theme: Theme, settings: RenderSettings,
                edition: str) -> Rendered:
    """The course pack PDF of `outlines` in the given order, merged from its parts: each
    outline's chapter (from the part cache when it holds it), the back matter, then the
    front matter, whose contents know every part's page count (pack_parts.py). Rendered
    with the collector paused, as a handout is (document.young_garbage)."""
    from studyguide.render.pdf.document import young_garbage

    with young_garbage():
        try:
            return _assembled(outlines, theme, settings, edition)
        except Exception:  # noqa: BLE001 - see below; without a cache the error is the renderer's
            if not settings.part_cache:
                raise
        # A cached part passed its checks but not the merge (a forged entry): this edition's
        # entries go, and every part is typeset again, as with no cache.
        parts_cache.prune(settings.part_cache, edition, set())
        return _assembled(outlines, theme, settings, edition)


def _assembled(outlines: list[m.Outline], theme: Theme, settings: RenderSettings,
               edition: str) -> Rendered:
    outlines, sources = cp.renumber_citations(outlines)  # one numbering for the whole pack
    # The front matter's context, made first: its fonts are every part's, so the parts' keys
    # are found without a context of their own (one is made only to typeset a part).
    ctx = _context(pack.PACK_PATH, theme, settings, edition, keep_font_warnings=True)
    shared = depends_on(theme, ctx, None)
    made = [chapter(outline, index, theme, settings, edition, shared)
            for index, outline in enumerate(outlines)]
    chapters = [part for part, _key in made]
    back, back_key = back_matter(outlines, sources, theme, settings, edition, shared)
    front, front_key = front_matter([*chapters, back], theme, settings, ctx, shared)
    parts = [front, *chapters, back]
    drawn, drawn_key = furniture(parts, outlines, theme, settings, ctx, shared)
    data = merge_parts(parts, drawn)
    forget_others(settings, edition,
                  {key for _part, key in made} | {back_key, front_key, drawn_key})
    found = [d for part in parts for d in part.diagnostics]
    return Rendered(data, tuple(found + ctx.diagnostics[len(front.diagnostics):]))


def _meta(settings: RenderSettings) -> dict[str, str]:
    from studyguide.render.pdf.document import metadata

    title = settings.course.title.strip() or "Course pack"
    return metadata(title, settings, settings.course.school)


def _context(path: str, theme: Theme, settings: RenderSettings, edition: str,
             keep_font_warnings: bool = False) -> Any:
    from studyguide.render.pdf.document import new_context

    ctx = new_context(path, theme, settings, edition)
    if not keep_font_warnings:
        ctx.diagnostics.clear()  # a missing font is reported once, with the front matter
    ctx.pack = True  # one answer key at the end (never the answers twice), lean openers
    return ctx


def chapter(outline: m.Outline, index: int, theme: Theme, settings: RenderSettings,
            edition: str, shared: list[str]) -> tuple[Part, str]:
    """The chapter of `outline`, the pack's `index`-th, and its key: from the part cache
    when it holds one with this key, else typeset (and kept there). `shared`: the files
    every part is made from (depends_on without an outline)."""
    from studyguide.render.pdf.document import handout_story

    key = part_key("chapter", edition, index, repr(outline), theme, settings,
                   shared + images_of(outline))
    folder = settings.part_cache
    cached = parts_cache.load(folder, edition, key) if folder else None
    if cached is not None:
        return cached, key
    ctx = _context(outline.path, theme, settings, edition)
    ctx.key_prefix = f"o{index}-"
    part = typeset_part("chapter", handout_story(outline, theme, settings, ctx), ctx,
                        _meta(settings), key=key)
    if folder:
        parts_cache.save(folder, edition, key, part)
    return part, key


def back_matter(outlines: list[m.Outline], sources: list[Any], theme: Theme,
                settings: RenderSettings, edition: str, shared: list[str]
                ) -> tuple[Part, str]:
    """Master timeline, who's who, glossary, sources and (teacher) the answer key, and its
    key: made from every outline, but only from those parts of them (an edit to a lesson's
    text leaves it as it was), so it is cached too, when it has no warnings (its key leaves
    out line numbers, which only warnings show)."""
    teacher = edition == "teacher"
    shown = [(o.path, cp.topic_of(o), o.timeline, o.key_figures, o.glossary,
              o.questions if teacher else ()) for o in outlines]
    key = part_key("back", edition, len(outlines), repr(without_lines([shown, sources])),
                   theme, settings, shared)
    folder = settings.part_cache
    cached = parts_cache.load(folder, edition, key) if folder else None
    if cached is not None and not cached.diagnostics:
        return cached, key
    ctx = _context(pack.PACK_PATH, theme, settings, edition)
    ctx.key_prefix = "pack-"
    story = pack.master_timeline(outlines, ctx) + pack.whos_who(outlines, ctx)
    story += pack.combined_glossary(outlines, ctx) + pack.pack_sources(sources, ctx)
    if ctx.teacher:
        story += pack.answer_key(outlines, ctx)
    part = typeset_part("back", story, ctx, _meta(settings), key=key)
    if folder and not part.diagnostics:
        parts_cache.save(folder, edition, key, part)
    return part, key


LINE_FIELDS = ("line", "row_lines", "theme_line")  # the model's source line numbers


def without_lines(value: Any) -> Any:
    """`value` (model dataclasses, tuples, lists) as nested tuples without the source line
    numbers (LINE_FIELDS; a question's `lines`, its answer lines, is kept)."""
    if isinstance(value, (str, int, float, type(None))):
        return value
    if isinstance(value, (tuple, list)):
        return tuple(without_lines(item) for item in value)
    names = fields_of(type(value))
    if names is None:
        return value
    return (type(value).__name__, tuple((name, without_lines(getattr(value, name)))
                                        for name, _ in names if name not in LINE_FIELDS))


def _reused(settings: RenderSettings, edition: str, key: str, ctx: Any = None,
            tagged: bool = True) -> Part | None:
    """The cached part with `key`, when it has no warnings (nor `ctx`, whose warnings would
    be reported with it), else None."""
    folder = settings.part_cache
    if not folder or (ctx is not None and ctx.diagnostics):
        return None
    cached = parts_cache.load(folder, edition, key, tagged)
    return cached if cached is not None and not cached.diagnostics else None


def _kept(settings: RenderSettings, edition: str, key: str, part: Part) -> Part:
    """`part`, saved in the part cache when it has no warnings."""
    if settings.part_cache and not part.diagnostics:
        parts_cache.save(settings.part_cache, edition, key, part)
    return part


def front_matter(later: list[Part], theme: Theme, settings: RenderSettings, ctx: Any,
                 shared: list[str]) -> tuple[Part, str]:
    """Cover and contents, typeset with `ctx` (the furniture is drawn with it too), and its
    key; the contents' page numbers come from the `later` parts' page counts (the numbers
    are forms drawn at save, so the layout does not depend on them). Cached, keyed by the
    entries and their page numbers: an edit that moves no page leaves it as it was."""
    entries = [entry for part in later for entry in part.toc]
    after: dict[str, int] = {}  # entry -> its page, counted from the end of the front matter
    start = 0
    for part in later:
        after.update({key: start + part.dests[key][0] + 1
                      for key, _title in part.toc if key in part.dests})
        start += part.pages
    logo = settings.course.logo or theme.logo or ""
    key = part_key("front", ctx.edition, 0, repr((entries, sorted(after.items()))), theme,
                   settings, shared + ([logo] if logo else []))
    cached = _reused(settings, ctx.edition, key, ctx)
    if cached is not None:
        return cached, key

    def numbers(canvas: Any, pages: int) -> None:
        for key, _title in entries:
            page = pages + after[key] if key in after else None
            pack.define_page_number(canvas, key, page, ctx)

    story = pack.cover(theme, settings, ctx) + pack.contents(ctx, entries)
    part = typeset_part("front", story, ctx, _meta(settings), numbers, key=key)
    return _kept(settings, ctx.edition, key, part), key


def furniture(parts: list[Part], outlines: list[m.Outline], theme: Theme,
              settings: RenderSettings, ctx: Any, shared: list[str]) -> tuple[bytes, str]:
    """A PDF with one page per pack page holding only its running head and footer (none on
    the cover, no head on a chapter's first page), for the merge to stamp on, and its key.
    Cached, keyed by where each outline starts and what the templates are given of it."""
    import bisect

    from reportlab.pdfgen.canvas import Canvas

    from studyguide.render.pdf.furniture import page_furniture
    from studyguide.theme.templates import template_context

    starts: list[tuple[int, m.Outline | None]] = []
    page = parts[0].pages + 1
    for outline, part in zip(outlines, parts[1:]):
        starts.append((page, outline))
        page += part.pages
    starts.append((page, None))  # the back matter
    firsts = [p for p, _ in starts]
    total = sum(part.pages for part in parts)
    given = [(p, o and (o.path, dict(template_context(o, settings, ctx.edition))))
             for p, o in starts]
    key = part_key("furniture", ctx.edition, total, repr(given), theme, settings, shared)
    cached = _reused(settings, ctx.edition, key, tagged=False)
    if cached is not None and cached.pages == total:
        return cached.pdf, key

    def outline_at(number: int) -> m.Outline | None:
        index = bisect.bisect_right(firsts, number) - 1
        return starts[index][1] if index >= 0 else None

    def opens(number: int) -> bool:  # an outline's title page: its title says it all
        return any(p == number and o is not None for p, o in starts)

    draw = page_furniture(outline_at, theme, settings, ctx, bare_first=True, opens=opens)
    s = ctx.styles
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=s.page, invariant=1, initialFontName=s.fonts.body.name,
                    initialFontSize=s.base)
    canvas.setKeywords(key)  # as a part's: the cache checks its entry against it
    before = len(ctx.diagnostics)
    for number in range(1, total + 1):
        draw(canvas, number, total)
        canvas.showPage()
    canvas.save()
    # kept only when drawing it warned of nothing (a cached one could not warn again)
    drawn = Part(buffer.getvalue(), total, (), {}, (), tuple(ctx.diagnostics[before:]))
    return _kept(settings, ctx.edition, key, drawn).pdf, key


def forget_others(settings: RenderSettings, edition: str, keys: set[str]) -> None:
    """Drop this edition's cached chapters that the pack just built did not use (an edited
    outline's old ones), so the cache holds one pack's chapters per edition."""

    if settings.part_cache:
        parts_cache.prune(settings.part_cache, edition,
                          {parts_cache.entry_name(edition, key) for key in keys})

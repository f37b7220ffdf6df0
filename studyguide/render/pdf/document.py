"""Assembling a handout: the story in reading order, the page template, bookmarks, metadata."""

from __future__ import annotations

import gc
import io
from contextlib import contextmanager
from copy import deepcopy
from typing import Any, Iterator

from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from studyguide.outline import order
from studyguide.outline.model import Outline
from studyguide.render import Rendered, RenderSettings
from studyguide.render.pdf import parts, textcodes
from studyguide.render.pdf.context import RenderContext
from studyguide.render.pdf.fonts import font_set
from studyguide.render.pdf.furniture import canvas_class, page_furniture
from studyguide.render.pdf.inline import clean, escape
from studyguide.render.pdf.keep import KeepWithFirst
from studyguide.render.pdf.styles import Styles, build_styles
from studyguide.theme.model import Theme

LANG = "en"  # when neither the outline nor the project file names a language


_ATOMS = (int, float, str, bool, type(None))  # what copy.deepcopy returns as it is


class BodyFrame(Frame):
    """reportlab's Frame, deep-copied faster: reportlab deep-copies the frame every time it
    measures a list of flowables (a table cell, a kept-together group), about 50 times a
    handout, through copy.deepcopy's generic path; the copy is the same (numbers and strings
    shared, as deepcopy shares them, anything else deep-copied)."""

    def __deepcopy__(self, memo: dict[int, Any]) -> BodyFrame:
        twin = self.__class__.__new__(self.__class__)
        memo[id(self)] = twin
        twin.__dict__.update({name: value if type(value) in _ATOMS else deepcopy(value, memo)
                              for name, value in self.__dict__.items()})
        return twin


class HandoutDoc(BaseDocTemplate):
    """One frame per page between the running header and footer; headings become bookmarks."""

    def __init__(self, buffer: Any, styles: Styles, **meta: Any) -> None:
        lang = meta.pop("lang", None) or LANG
        super().__init__(buffer, pagesize=styles.page, leftMargin=styles.margin,
                         rightMargin=styles.margin, topMargin=styles.margin,
                         bottomMargin=styles.margin, invariant=1, lang=lang,
                         initialFontName=styles.fonts.body.name,
                         initialFontSize=styles.base,
                         creator="studyguide", **meta)
        self.keepTogetherClass = KeepWithFirst  # a heading goes with the first part after it
        room = (styles.page[1] - 2 * styles.margin - styles.frame_height) / 2
        # the text block sits in the middle; tables reach out to the margins (wide.py)
        left = styles.margin + (styles.wide_width - styles.frame_width) / 2
        frame = BodyFrame(left, styles.margin + room, styles.frame_width,
                          styles.frame_height, leftPadding=0, rightPadding=0, topPadding=0,
                          bottomPadding=0, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        self.bookmarks: list[tuple[int, str, int, str]] = []  # (level, title, page, key)
        self.toc_levels = 0  # headings up to this bookmark level are listed in a contents page
        self.topic_pages: list[tuple[int, Any]] = []  # (first page, outline) in a course pack

    def afterFlowable(self, flowable: Any) -> None:  # noqa: N802 - reportlab's name
        topic = getattr(flowable, "sg_topic", None)
        if topic is not None:
            self.topic_pages.append((self.page, topic[0]))
        mark = getattr(flowable, "sg_bookmark", None)
        if mark is None:
            return
        key, title, level = mark
        # A heading split across pages loses its mark; never let that make a level jump.
        level = min(level, self.bookmarks[-1][0] + 1 if self.bookmarks else 0)
        frame = getattr(self, "frame", None)
        top = (frame._y + getattr(flowable, "height", 0) + 6) if frame else self.pagesize[1]
        self.canv.bookmarkPage(key, fit="XYZ", left=0, top=top)
        self.canv.addOutlineEntry(title, key, level=level, closed=level > 0)
        if not self.bookmarks:
            self.canv.showOutline()
        self.bookmarks.append((level, title, self.page, key))
        if level <= self.toc_levels and getattr(flowable, "sg_toc", True):
            self.notify("TOCEntry", (level, escape(clean(title)), self.page, key))


def new_context(outline_path: str, theme: Theme, settings: RenderSettings,
                edition: str) -> RenderContext:
    """Fonts registered, styles built, diagnostics empty: ready to make flowables."""
    from reportlab import rl_config

    rl_config.invariant = 1  # no timestamps, fixed document ID: the same input, the same bytes
    rl_config.useA85 = 0  # binary streams: a fifth smaller than ASCII85, and no time encoding
    fonts = font_set(theme, settings.font_cache)
    ctx = RenderContext(build_styles(theme, settings, fonts), outline_path, edition)
    for wanted, used in fonts.substituted:
        ctx.warn(None, f"font '{wanted}' was not found; using '{used}' instead")
    return ctx


def handout_story(outline: Outline, theme: Theme, settings: RenderSettings,
                  ctx: RenderContext) -> list[Any]:
    """Every flowable of one handout, part by part in the outline's reading order."""
    handout = parts.Handout(outline, theme, settings, ctx)
    story: list[Any] = []
    for part in order.reading_order(outline):
        typeset = parts.FLOWABLES.get(part.kind)
        if typeset is None:
            ctx.warn(None, f"the handout cannot show a part of kind '{part.kind.value}'")
            continue
        story += typeset(part, handout)
    return story


def build_pdf(story: list[Any], ctx: RenderContext, furniture: Any, **meta: Any) -> bytes:
    """Lay out the story and return the PDF bytes."""
    buffer = io.BytesIO()
    textcodes.install()  # the fonts registered for this render draw their text faster
    doc = HandoutDoc(buffer, ctx.styles, **meta)
    doc.build(story, canvasmaker=canvas_class(furniture))
    data = buffer.getvalue()
    _release(doc)
    return data


def _release(doc: Any) -> None:
    """Break the reference cycles of a written document (template <-> canvas <-> PDF objects
    and pages): its objects are then freed by reference counting when the render drops them,
    and young_garbage's collection has a quarter fewer left to find (12,900 objects, was
    16,800), about half the time."""
    canvas = getattr(doc, "canv", None)
    for obj in (getattr(canvas, "_doc", None), canvas, doc):
        if obj is not None:
            obj.__dict__.clear()


def metadata(title: str, settings: RenderSettings, subject: str,
             lang: str = "") -> dict[str, str]:
    """PDF document information: title, author (the teacher or studyguide), subject, and the
    language: `lang` (an outline's), else the project file's, else LANG."""
    return {"title": title, "author": settings.course.teacher.strip() or "studyguide",
            "subject": subject, "lang": lang or settings.course.lang.strip() or LANG}


def render_handout(outline: Outline, theme: Theme, settings: RenderSettings,
                   edition: str) -> Rendered:
    """The handout PDF of one outline in one edition."""
    with young_garbage():
        return _handout(outline, theme, settings, edition)


@contextmanager
def young_garbage() -> Iterator[None]:
    """Run a render with the cyclic garbage collector paused, then collect the youngest
    generation once, before returning.

    A handout allocates a few hundred thousand objects that all live until the PDF is written;
    the collector's passes over them during the render find nothing to free (about 6 ms an
    edition), and the 17,000 left in reference cycles at the end (canvas and document,
    structure tree, closures) were promoted to the oldest generation, whose full passes then
    cost 80-140 ms every few renders in a long-lived process (watch, the warm bench). Collected
    while still young, they are freed here, inside the render's own time."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect(0)


def _handout(outline: Outline, theme: Theme, settings: RenderSettings,
             edition: str) -> Rendered:
    ctx = new_context(outline.path, theme, settings, edition)
    story = handout_story(outline, theme, settings, ctx)
    subject = outline.meta.subtitle.strip() or settings.course.title.strip()
    furniture = page_furniture(lambda page: outline, theme, settings, ctx)
    data = build_pdf(story, ctx, furniture,
                     **metadata(outline.meta.title or outline.slug, settings, subject,
                                outline.meta.lang))
    return Rendered(data, tuple(ctx.diagnostics))

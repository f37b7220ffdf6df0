"""Running header and footer ("page X of Y"), drawn once the total page count is known.

The canvas keeps each finished page's drawing state instead of writing it out; on save it
replays them with the total known, so one build pass gives "page 3 of 8".
"""

from __future__ import annotations

from typing import Any, Callable

from reportlab.pdfgen.canvas import Canvas

from studyguide.outline.model import Outline
from studyguide.render import RenderSettings
from studyguide.render.pdf import structure
from studyguide.render.pdf.context import RenderContext
from studyguide.theme.model import Theme

Furniture = Callable[[Any, int, int], None]


def template_lines(theme: Theme, name: str, outline: Outline | None,
                   settings: RenderSettings, edition: str, page: int = 0,
                   pages: int = 0, templates: Any = None) -> list[str]:
    """The non-blank lines a theme template renders (TemplateProblem propagates);
    `templates`, a theme.templates.Templates of `theme`, when one render asks many times."""
    from studyguide.theme.templates import Templates, template_context

    context = template_context(outline, settings, edition, page, pages)
    return (templates or Templates(theme)).lines(name, context)


def canvas_class(furniture: Furniture,
                 before_save: Callable[[Any], None] | None = None) -> type:
    """A Canvas class that draws `furniture(canvas, page, pages)` on every page at save time.

    `before_save(canvas)`, when given, runs first: the course pack defines there the forms
    that print its contents page numbers, once every heading has found its page.
    """

    class FurnitureCanvas(structure.TaggedCanvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            structure.page_done(self)
            self._held.append(dict(self.__dict__))
            # reportlab names the page object that bookmarks and links point to after its
            # page counter, which only moves when a page is written: move it now, so a
            # heading on page 5 is not bookmarked as page 1.
            self._doc.pageCounter += 1
            self._startPage()

        def save(self) -> None:
            if before_save is not None:
                before_save(self)
            total = len(self._held)
            self._doc.pageCounter -= total  # the replay below writes the pages and counts again
            for state in self._held:
                self.__dict__.update(state)
                with structure.artifact(self):
                    furniture(self, self._pageNumber, total)
                Canvas.showPage(self)
                structure.page_written(self)
            structure.finish(self)
            Canvas.save(self)
            self._held.clear()  # each page's state holds this list: a cycle of every page

    return FurnitureCanvas


def page_furniture(outline_at: Callable[[int], Outline | None], theme: Theme,
                   settings: RenderSettings, ctx: RenderContext, bare_first: bool = False,
                   opens: Callable[[int], bool] = lambda page: False) -> Furniture:
    """The header/footer drawer: no header on page 1 (the title) or on a page that `opens`
    a chapter, nothing at all on page 1 when `bare_first` (a cover). `outline_at(page)` says
    which outline a page belongs to."""
    from studyguide.theme.templates import Templates

    s = ctx.styles
    templates = Templates(theme)  # read once for every page of this PDF

    def draw(canvas: Any, page: int, pages: int) -> None:
        if page == 1 and bare_first:
            return
        outline = outline_at(page)
        width, height = s.page
        left, right = s.margin, width - s.margin
        size = s["furniture"].fontSize
        if page > 1 and not opens(page):
            header = " ".join(template_lines(theme, "header.j2", outline, settings,
                                             ctx.edition, page, pages, templates))
            if header:
                baseline = height - s.margin - size
                _line(canvas, ctx, header, left, right, baseline, 0)
                _rule(canvas, s, left, right, baseline - 5)
        footer = " ".join(template_lines(theme, "footer.j2", outline, settings, ctx.edition,
                                         page, pages, templates))
        baseline = s.margin + 2
        _rule(canvas, s, left, right, baseline + size + 5)
        start, _, end = footer.rpartition(" · ")
        if start:
            _line(canvas, ctx, end, left, right, baseline, 2)
            room = right - left - _width(ctx, end) - 18
            _line(canvas, ctx, start, left, left + room, baseline, 0)
        else:
            _line(canvas, ctx, footer, left, right, baseline, 0)

    return draw


def _width(ctx: RenderContext, text: str) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    style = ctx.styles["furniture"]
    return stringWidth(text, style.fontName, style.fontSize)


def _fit(ctx: RenderContext, text: str, room: float) -> str:
    """`text` shortened with an ellipsis until it fits in `room` points."""
    if _width(ctx, text) <= room:
        return text
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if _width(ctx, text[:mid].rstrip() + "…") <= room:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + "…"


def _line(canvas: Any, ctx: RenderContext, text: str, left: float, right: float,
          baseline: float, align: int) -> None:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from studyguide.render.pdf.paragraphs import build_paragraph

    style = ctx.styles["furniture"]
    if align:
        key = ("furniture", align)
        if key not in ctx.cache:
            ctx.cache[key] = ParagraphStyle(f"furniture-{align}", parent=style, alignment=align)
        style = ctx.cache[key]
    # The header and the footer's left part are the same text on every page: set once per
    # PDF (drawing a wrapped paragraph again writes the same operators).
    line_key = ("furniture-line", text, right - left, align)
    para = ctx.cache.get(line_key)
    if para is None:
        markup = ctx.inliner.text(_fit(ctx, text, right - left - 2), None,
                                  ctx.styles.fonts.heading)
        para = ctx.cache[line_key] = build_paragraph(Paragraph, markup, style)
        para.wrap(right - left, style.leading * 2)
    # drawOn places the box's bottom; the first baseline sits fontSize below the box's top.
    para.drawOn(canvas, left, baseline - style.leading + style.fontSize)


def _rule(canvas: Any, s: Any, left: float, right: float, y: float) -> None:
    canvas.saveState()
    canvas.setStrokeColor(s.colors.rule)
    canvas.setLineWidth(0.5)
    canvas.line(left, y, right, y)
    canvas.restoreState()

"""The whole deck as a pure plan: which slides, in which order, with every shape placed.

Title slide, an introduction, objectives, the content sections in file order, then timeline,
key figures, glossary and questions, and the cited sources last: the handout's reading order,
whatever the order in the file. Answers and teacher notes go only into the
speaker notes. Footers with `n / N` are added once the number of slides is known.
"""

from __future__ import annotations

import dataclasses
from typing import Callable

from studyguide.diagnostics import Diagnostic
from studyguide.outline import model as m
from studyguide.render import RenderSettings
from studyguide.render.deck.blocks import (HANG, Item, TableItem, block_items_all, blocks_text,
                                           inline_runs)
from studyguide.render.deck.flow import SlideFlow, fitted_box
from studyguide.render.deck.shapes import (FOOTER_HEIGHT, MARGIN, SLIDE_HEIGHT, WIDTHS, Line,
                                           Page, Para, Picture, SlidePlan)
from studyguide.render.deck.timeline import timeline_slides
from studyguide.theme.model import Theme

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
NUMBER_WIDTH = 90.0


def make_page(theme: Theme, settings: RenderSettings) -> Page:
    """The slide size (settings override the theme) and body size (never below 16 pt)."""
    aspect = settings.aspect or theme.slides.aspect
    width = WIDTHS.get(aspect, WIDTHS["16:9"])
    return Page(width, theme, max(16.0, float(theme.slides.base_size_pt)))


def plan_deck(outline: m.Outline, theme: Theme, settings: RenderSettings) -> list[SlidePlan]:
    """The slides of `outline`'s deck, fully laid out (pure: no file is written)."""
    return build_plan(outline, theme, settings)[0]


def build_plan(outline: m.Outline, theme: Theme, settings: RenderSettings
               ) -> tuple[list[SlidePlan], list[Diagnostic]]:
    """The slides and the warnings found while laying them out."""
    page = make_page(theme, settings)
    problems: list[Diagnostic] = []
    slides = [title_slide(page, outline, settings)]
    if outline.intro:
        slides += _flow(page, outline, "intro", "Introduction",
                        block_items_all(page, outline.intro), "", problems)
    slides += objectives_slides(page, outline, problems)
    for make in _body_order(outline):
        slides += make(page, outline, problems)
    slides += sources_slides(page, outline, problems)
    return add_footers(page, outline, settings, slides), problems


Maker = Callable[[Page, m.Outline, list[Diagnostic]], list[SlidePlan]]


def _body_order(outline: m.Outline) -> list[Maker]:
    """Content sections in file order, then the reserved parts in their fixed order: the
    handout's reading order, so citation numbers rise through the deck as they do there."""
    found: list[Maker] = [_section_maker(section) for section in outline.sections]
    for kind, make in PART_MAKERS.items():
        if outline.part(kind) is not None or _has(outline, kind):
            found.append(make)
    return found


def _has(outline: m.Outline, kind: str) -> bool:
    return bool({"timeline": outline.timeline, "key_figures": outline.key_figures,
                 "glossary": outline.glossary, "questions": outline.questions}[kind])


def _flow(page: Page, outline: m.Outline, kind: str, title: str, items: list[Item],
          notes: str, problems: list[Diagnostic]) -> list[SlidePlan]:
    flow = SlideFlow(page, kind, title, notes, outline.path, problems)
    for item in items:
        flow.add(item)
    return flow.finish()


def _part_title(outline: m.Outline, kind: str, default: str) -> str:
    part = outline.part(kind)
    return part.title if part and part.title else default


def _part_notes(outline: m.Outline, kind: str) -> str:
    part = outline.part(kind)
    return blocks_text(part.notes) if part else ""


def _part_intro(page: Page, outline: m.Outline, kind: str) -> list[Item]:
    part = outline.part(kind)
    return block_items_all(page, part.intro) if part else []


def _section_maker(section: m.Section) -> Maker:
    def make(page: Page, outline: m.Outline, problems: list[Diagnostic]) -> list[SlidePlan]:
        items = block_items_all(page, section.blocks)
        return _flow(page, outline, "section", section.title_text or "Untitled section", items,
                     blocks_text(section.notes), problems)
    return make


def title_slide(page: Page, outline: m.Outline, settings: RenderSettings) -> SlidePlan:
    """Title, the title_slide.j2 lines under an accent rule, and the theme's logo."""
    from studyguide.theme.templates import render_lines, template_context

    context = template_context(outline, settings, "student", 1, 0)
    lines = [line for line in render_lines(page.theme, "title_slide.j2", context) if line]
    width = page.body_width
    title = fitted_box(page, outline.meta.title, MARGIN, 110.0, width, 170.0,
                       (44.0, 40.0, 36.0, 32.0, 28.0), color=page.color("primary"),
                       role="title", anchor="bottom")
    shapes: list = [title, Line(MARGIN, 292.0, MARGIN + min(width, 240.0), 292.0,
                                page.color("accent"), 3.0)]
    if lines:
        paras = tuple(Para((page.run(line, color="muted" if i else "text"),),
                           24.0 if i == 0 else 20.0, space_before=6.0)
                      for i, line in enumerate(lines))
        shapes.append(_lines_box(page, paras))
    logo = _logo(page)
    if logo:
        shapes.append(logo)
    return SlidePlan("title", outline.meta.title, tuple(shapes), "", layout="title")


def _lines_box(page: Page, paras: tuple[Para, ...]):
    from studyguide.render.deck.shapes import TextBox, box_height

    room = page.body_bottom + 20.0 - 304.0
    kept: list[Para] = []
    for para in paras:
        if box_height(kept + [para], page.body_width) > room:
            break
        kept.append(para)
    return TextBox(MARGIN, 304.0, page.body_width, room, tuple(kept) or paras[:1])


def _logo(page: Page) -> Picture | None:
    from studyguide.render.common.images import pixel_size

    path = page.theme.logo
    size = pixel_size(path) if path else None
    if not path or size is None:
        return None
    scale = min(140.0 / size[0], 80.0 / size[1])
    w, h = size[0] * scale, size[1] * scale
    return Picture(path, page.width - MARGIN - w, 24.0, w, h, "logo")


def objectives_slides(page: Page, outline: m.Outline, problems: list[Diagnostic]
                      ) -> list[SlidePlan]:
    """The learning objectives as bullets (none when the outline has none)."""
    if not outline.objectives:
        return []
    items = _part_intro(page, outline, "objectives")
    for objective in outline.objectives:
        bullet = page.run("•\u00a0", color="accent")
        items.append(Para((bullet, *inline_runs(page, objective.inlines)), page.base,
                          indent=HANG, hang=HANG, space_before=0.4 * page.base))
    return _flow(page, outline, "objectives",
                 _part_title(outline, "objectives", "Learning objectives"), items,
                 _part_notes(outline, "objectives"), problems)


def _timeline(page: Page, outline: m.Outline, problems: list[Diagnostic]) -> list[SlidePlan]:
    if not outline.timeline:
        return []
    return timeline_slides(page, outline.timeline, _part_notes(outline, "timeline"))


def _key_figures(page: Page, outline: m.Outline, problems: list[Diagnostic]
                 ) -> list[SlidePlan]:
    if outline.key_figures is None:
        return []
    items = _part_intro(page, outline, "key_figures") + [TableItem(outline.key_figures)]
    return _flow(page, outline, "key_figures", _part_title(outline, "key_figures",
                                                           "Key figures"),
                 items, _part_notes(outline, "key_figures"), problems)


def _glossary(page: Page, outline: m.Outline, problems: list[Diagnostic]) -> list[SlidePlan]:
    if not outline.glossary:
        return []
    items = _part_intro(page, outline, "glossary")
    for entry in outline.glossary:
        term = page.run(f"{entry.term}: ", "body", bold=True, color="primary")
        items.append(Para((term, *inline_runs(page, entry.definition)), page.base,
                          space_before=0.4 * page.base))
    return _flow(page, outline, "glossary", _part_title(outline, "glossary", "Glossary"),
                 items, _part_notes(outline, "glossary"), problems)


def _questions(page: Page, outline: m.Outline, problems: list[Diagnostic]) -> list[SlidePlan]:
    slides: list[SlidePlan] = []
    title = _part_title(outline, "questions", "Review questions")
    intro = _part_intro(page, outline, "questions")
    if intro:
        slides += _flow(page, outline, "questions", title, intro, "", problems)
    for question in outline.questions:
        items: list[Item] = [Para(tuple(inline_runs(page, question.prompt)), page.base)]
        items += block_items_all(page, question.body)
        for letter, option in zip(LETTERS, question.options):
            label = page.run(f"{letter}.\u00a0", bold=True, color="primary")
            items.append(Para((label, *inline_runs(page, option.text)), page.base,
                              indent=HANG + 8.0, hang=HANG + 8.0, space_before=0.4 * page.base))
        notes = "\n".join(filter(None, [answer_notes(question),
                                        _part_notes(outline, "questions") if not slides
                                        else ""]))
        slides += _flow(page, outline, "question", f"Question {question.number}", items,
                        notes, problems)
    return slides


def answer_notes(question: m.Question) -> str:
    """`Answer: B. Trotsky` for the correct options, then the model answer text."""
    lines = [f"Answer: {letter}. {m.plain_text(option.text)}"
             for letter, option in zip(LETTERS, question.options) if option.correct]
    if question.answer:
        lines.append(("Model answer: " if not lines else "") + blocks_text(question.answer))
    return "\n".join(lines)


PART_MAKERS: dict[str, Maker] = {
    "timeline": _timeline,
    "key_figures": _key_figures,
    "glossary": _glossary,
    "questions": _questions,
}


def sources_slides(page: Page, outline: m.Outline, problems: list[Diagnostic]
                   ) -> list[SlidePlan]:
    """The cited sources, `[n] text`, in citation order."""
    items: list[Item] = []
    for source in outline.cited_sources:
        number = page.run(f"[{source.number}]\u00a0", bold=True, color="primary")
        items.append(Para((number, *inline_runs(page, source.text)), page.base - 2
                          if page.base > 18 else page.base, indent=44.0, hang=44.0,
                          space_before=8.0))
    if not items:
        return []
    return _flow(page, outline, "sources", "Sources", items, "", problems)


def add_footers(page: Page, outline: m.Outline, settings: RenderSettings,
                slides: list[SlidePlan]) -> list[SlidePlan]:
    """Every slide but the title slide gets the slide_footer.j2 text and `n / N`."""
    from studyguide.theme.templates import render_template, template_context

    total = len(slides)
    y = SLIDE_HEIGHT - FOOTER_HEIGHT - 8.0
    out = []
    for number, slide in enumerate(slides, start=1):
        if slide.layout == "title":
            out.append(slide)
            continue
        context = template_context(outline, settings, "student", number, total)
        text = " ".join(render_template(page.theme, "slide_footer.j2", context).split())
        footer = fitted_box(page, text or " ", MARGIN, y, page.body_width - NUMBER_WIDTH - 8,
                            FOOTER_HEIGHT, (12.0,), color=page.color("muted"), role="footer",
                            bold=False, font="body")
        count = fitted_box(page, f"{number} / {total}", page.width - MARGIN - NUMBER_WIDTH, y,
                           NUMBER_WIDTH, FOOTER_HEIGHT, (12.0,), color=page.color("muted"),
                           role="number", align="right", bold=False, font="body")
        out.append(dataclasses.replace(slide, shapes=slide.shapes + (footer, count)))
    return out

"""The whole deck as a pure plan: which slides, in which order, with every shape placed.

The slides follow `outline.order`'s reading order, the handout's, so citation numbers rise
through the deck as they do there; `SLIDES` maps each kind of part to the one function that
plans its slides. Answers and teacher notes go only into the speaker notes. Footers with
`n / N` are added once the number of slides is known.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from studyguide.diagnostics import Diagnostic, warning
from studyguide.outline import model as m
from studyguide.outline import order as o
from studyguide.outline.order import PartKind
from studyguide.render import RenderSettings
from studyguide.render.deck.blocks import (
    HANG,
    Item,
    TableItem,
    block_items_all,
    blocks_text,
    inline_runs,
)
from studyguide.render.deck.flow import SlideFlow, fitted_box
from studyguide.render.deck.points import Projection, even_runs, point_size, spec_slides
from studyguide.render.deck.shapes import (
    FOOTER_HEIGHT,
    MARGIN,
    SLIDE_HEIGHT,
    WIDTHS,
    Grid,
    Group,
    Line,
    Page,
    Para,
    Picture,
    SlidePlan,
    TextBox,
)
from studyguide.render.deck.timeline import timeline_slides
from studyguide.theme.model import Theme

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
NUMBER_WIDTH = 90.0
SOURCES_PER_SLIDE = 4


def make_page(theme: Theme, settings: RenderSettings) -> Page:
    """The slide size (settings override the theme) and the theme's body size, as loaded
    (the loader's range table keeps it at 16 pt or more)."""
    aspect = settings.aspect or theme.slides.aspect
    width = WIDTHS.get(aspect, WIDTHS["16:9"])
    return Page(width, theme, float(theme.slides.base_size_pt))


def plan_deck(outline: m.Outline, theme: Theme, settings: RenderSettings) -> list[SlidePlan]:
    """The slides of `outline`'s deck, fully laid out (pure: no file is written)."""
    return build_plan(outline, theme, settings)[0]


@dataclasses.dataclass(frozen=True)
class Planning:
    """What planning a part's slides may need besides the part; `problems` collects warnings."""

    page: Page
    outline: m.Outline
    settings: RenderSettings
    problems: list[Diagnostic]


def build_plan(outline: m.Outline, theme: Theme, settings: RenderSettings
               ) -> tuple[list[SlidePlan], list[Diagnostic]]:
    """The slides, part by part in the outline's reading order, and the layout warnings."""
    planning = Planning(make_page(theme, settings), outline, settings, [])
    slides: list[SlidePlan] = []
    for part in o.reading_order(outline):
        make = SLIDES.get(part.kind)
        if make is None:
            planning.problems.append(warning(outline.path, None, "the deck cannot show a part "
                                                                 f"of kind '{part.kind.value}'"))
            continue
        slides += make(part, planning)
    slides = [_with_notes(slide) for slide in slides]
    return add_footers(planning.page, outline, settings, slides), planning.problems


def _with_notes(slide: SlidePlan) -> SlidePlan:
    """A content slide with no notes of its own gets what it shows, in words, as its notes."""
    if slide.notes.strip() or slide.layout == "title":
        return slide
    texts: list[str] = []
    for shape in slide.shapes:
        if isinstance(shape, Group):  # a timeline figure: its chronology, as its alt text says
            texts += shape.alt.splitlines()
        elif isinstance(shape, TextBox) and shape.role not in ("title", "footer", "number"):
            texts += ["".join(run.text for run in para.runs) for para in shape.paras]
        elif isinstance(shape, Grid):
            texts += [" | ".join("".join(r.text for r in cell) for cell in row)
                      for row in shape.cells]
    lines = (text.strip().lstrip("•–\u00a0 ") for text in texts)  # no drawn bullets
    return dataclasses.replace(slide, notes="\n".join(line for line in lines if line))


def _flow(p: Planning, kind: PartKind | str, title: str, items: list[Item], notes: str
          ) -> list[SlidePlan]:
    name = kind.value if isinstance(kind, PartKind) else kind
    flow = SlideFlow(p.page, name, title, notes, p.outline.path, p.problems)
    for item in items:
        flow.add(item)
    return flow.finish()


def _title_of(part: o.Reserved, default: str) -> str:
    return part.heading.title if part.heading and part.heading.title else default


def _notes_of(part: o.Reserved) -> str:
    return blocks_text(part.heading.notes) if part.heading else ""


def _intro_of(page: Page, part: o.Reserved) -> list[Item]:
    return block_items_all(page, part.heading.intro) if part.heading else []


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


def _intro(part: o.IntroPart, p: Planning) -> list[SlidePlan]:
    """The text before the first section, on slides titled Introduction (points.py)."""
    projection = Projection(p.page, part.kind.value, "Introduction", p.outline.path, p.problems)
    return projection.plan(part.blocks, "")


def _section(part: o.SectionPart, p: Planning) -> list[SlidePlan]:
    """A content section as projection slides (points.py), or as its `::: slide` blocks say;
    its teacher notes go into the notes of its first slide."""
    section = part.section
    title = section.title_text or "Untitled section"
    notes = blocks_text(section.notes)
    if section.slides:
        return spec_slides(p.page, part.kind.value, title, section.slides, section.blocks,
                           notes, p.outline.path, p.problems)
    projection = Projection(p.page, part.kind.value, title, p.outline.path, p.problems)
    return projection.plan(section.blocks, notes)


def objectives_slides(part: o.ObjectivesPart, p: Planning) -> list[SlidePlan]:
    """The learning objectives as bullets (none when the outline has none)."""
    if not part.objectives:
        return []
    page = p.page
    items = _intro_of(page, part)
    size = point_size(page) - 4.0
    for objective in part.objectives:
        bullet = page.run("•\u00a0", color="accent")
        items.append(Para((bullet, *inline_runs(page, objective.inlines)), size,
                          indent=HANG, hang=HANG, space_before=0.5 * size))
    return _flow(p, part.kind, _title_of(part, "Learning objectives"), items, _notes_of(part))


def _timeline(part: o.TimelinePart, p: Planning) -> list[SlidePlan]:
    """The timeline's slides (its introduction and event details are handout-only)."""
    if not part.events:
        return []
    return [dataclasses.replace(slide, layout="timeline")
            for slide in timeline_slides(p.page, part.events, _notes_of(part))]


def _key_figures(part: o.KeyFiguresPart, p: Planning) -> list[SlidePlan]:
    """The key-figures table, split across slides as it needs."""
    if part.table is None:
        return []
    items = _intro_of(p.page, part) + [TableItem(part.table)]
    return _flow(p, part.kind, _title_of(part, "Key figures"), items, _notes_of(part))


def _glossary(part: o.GlossaryPart, p: Planning) -> list[SlidePlan]:
    """Each entry as `Term: definition`, the term in bold."""
    if not part.entries:
        return []
    page = p.page
    items = _intro_of(page, part)
    for entry in part.entries:
        term = page.run(f"{entry.term}: ", "body", bold=True, color="primary")
        items.append(Para((term, *inline_runs(page, entry.definition)), page.base,
                          space_before=0.4 * page.base))
    return _flow(p, part.kind, _title_of(part, "Glossary"), items, _notes_of(part))


def _questions(part: o.QuestionsPart, p: Planning) -> list[SlidePlan]:
    """An introduction slide if the section has one, then a slide per question."""
    page = p.page
    slides: list[SlidePlan] = []
    intro = _intro_of(page, part)
    if intro:
        slides += _flow(p, part.kind, _title_of(part, "Review questions"), intro, "")
    for question in part.questions:
        items: list[Item] = [Para(tuple(inline_runs(page, question.prompt)), page.base)]
        items += block_items_all(page, question.body)
        for letter, option in zip(LETTERS, question.options):
            label = page.run(f"{letter}.\u00a0", bold=True, color="primary")
            items.append(Para((label, *inline_runs(page, option.text)), page.base,
                              indent=HANG + 8.0, hang=HANG + 8.0, space_before=0.4 * page.base))
        notes = "\n".join(filter(None, [answer_notes(question),
                                        _notes_of(part) if not slides else ""]))
        slides += _flow(p, "question", f"Question {question.number}", items, notes)
    return slides


def answer_notes(question: m.Question) -> str:
    """`Answer: B. Trotsky` for the correct options, then the model answer text."""
    lines = [f"Answer: {letter}. {m.plain_text(option.text)}"
             for letter, option in zip(LETTERS, question.options) if option.correct]
    if question.answer:
        lines.append(("Model answer: " if not lines else "") + blocks_text(question.answer))
    return "\n".join(lines)


def sources_slides(part: o.SourcesPart, p: Planning) -> list[SlidePlan]:
    """The cited sources, `[n] text`, in citation order."""
    page = p.page
    items: list[Item] = []
    for source in (s for s in part.sources if s.number is not None):
        number = page.run(f"[{source.number}]\u00a0", bold=True, color="primary")
        items.append(Para((number, *inline_runs(page, source.text)), page.base - 2
                          if page.base > 18 else page.base, indent=44.0, hang=44.0,
                          space_before=8.0))
    if not items:
        return []
    slides: list[SlidePlan] = []
    for count, share in enumerate(_shares(items, SOURCES_PER_SLIDE)):
        title = "Sources" if not count else "Sources (cont.)"
        made = _flow(p, part.kind, title, share, "")
        slides += made if not count else [dataclasses.replace(s, title=title) for s in made]
    return slides


def _shares(items: list, most: int) -> list[list]:
    """`items` in as few runs of at most `most` as hold them, the runs as even as can be."""
    return even_runs(items, -(-len(items) // most))


Planner = Callable[[Any, Planning], list[SlidePlan]]

SLIDES: dict[PartKind, Planner] = {
    PartKind.TITLE: lambda part, p: [title_slide(p.page, p.outline, p.settings)],
    PartKind.INTRO: _intro,
    PartKind.OBJECTIVES: objectives_slides,
    PartKind.SECTION: _section,
    PartKind.TIMELINE: _timeline,
    PartKind.KEY_FIGURES: _key_figures,
    PartKind.GLOSSARY: _glossary,
    PartKind.QUESTIONS: _questions,
    PartKind.SOURCES: sources_slides,
}


def add_footers(page: Page, outline: m.Outline, settings: RenderSettings,
                slides: list[SlidePlan]) -> list[SlidePlan]:
    """Every slide but the title slide gets the slide_footer.j2 text and `n / N`."""
    from studyguide.theme.templates import Templates, template_context

    total = len(slides)
    y = SLIDE_HEIGHT - FOOTER_HEIGHT - 8.0
    numbers = [n for n, slide in enumerate(slides, start=1) if slide.layout != "title"]
    templates = Templates(page.theme)  # the template files read once for every slide
    texts = {n: templates.render("slide_footer.j2",
                                 template_context(outline, settings, "student", n, total))
             for n in numbers}
    out = []
    for number, slide in enumerate(slides, start=1):
        if slide.layout == "title":
            out.append(slide)
            continue
        text = " ".join(texts[number].split())
        footer = fitted_box(page, text or " ", MARGIN, y, page.body_width - NUMBER_WIDTH - 8,
                            FOOTER_HEIGHT, (12.0,), color=page.color("muted"), role="footer",
                            bold=False, font="body")
        count = fitted_box(page, f"{number} / {total}", page.width - MARGIN - NUMBER_WIDTH, y,
                           NUMBER_WIDTH, FOOTER_HEIGHT, (12.0,), color=page.color("muted"),
                           role="number", align="right", bold=False, font="body")
        out.append(dataclasses.replace(slide, shapes=slide.shapes + (footer, count)))
    return out

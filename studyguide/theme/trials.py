"""The contexts `check` renders each theme template with, so that its mistakes are found
before a build, not in a renderer halfway through one.

A template can fail only for some values: on the last page, in the teacher edition, on a
course-pack page that belongs to no outline (every outline field empty), for a project
without a `[course]` table, or when a long title makes its text too long. `TEMPLATE_USES`
says where the renderers draw each template (which editions, which page numbers); the
trial contexts are the combinations of those with full, empty and long values.
"""

from __future__ import annotations

import itertools
from typing import Any

from studyguide.records import record

BOTH = ("student", "teacher")

SAMPLE_COURSE = {"title": "Sample course", "school": "Sample School", "teacher": "A. Teacher"}
EMPTY_COURSE = {"title": "", "school": "", "teacher": ""}
SAMPLE_OUTLINE = {"title": "Sample outline", "subtitle": "A subtitle", "period": "1922–1938",
                  "audience": "Year 12", "slug": "01-sample"}
EMPTY_OUTLINE = {key: "" for key in SAMPLE_OUTLINE}
LONG_OUTLINE = {**SAMPLE_OUTLINE, "title": "A long outline title " * 6,
                "subtitle": "A long subtitle " * 8, "slug": "99-" + "long-slug-" * 8}
SAMPLE_DATE = "1 September 2026"

# (page, pages) pairs. Handouts number from page 1; a course pack of some twenty outlines runs
# to a couple of hundred pages, and has no running header or footer on its cover (page 1).
_HANDOUT_AND_PACK = ((1, 1), (1, 12), (12, 12), (2, 200), (200, 200))
_AFTER_FIRST = ((2, 2), (2, 12), (12, 12), (200, 200))


@record
class Use:
    """Where the renderers draw one template."""

    editions: tuple[str, ...]
    pages: tuple[tuple[int, int], ...]  # the (page, pages) values it is given
    outlines: tuple[str, ...] = ("sample", "empty", "long")  # the outline values it may see


TEMPLATE_USES: dict[str, Use] = {
    "header.j2": Use(BOTH, _AFTER_FIRST),  # handout and pack pages after the first
    "footer.j2": Use(BOTH, _HANDOUT_AND_PACK),
    "title_block.j2": Use(BOTH, ((0, 0),)),
    "cover.j2": Use(BOTH, ((0, 0),), outlines=("empty",)),  # the pack cover has no outline
    "title_slide.j2": Use(("student",), ((1, 0),)),
    "slide_footer.j2": Use(("student",), ((2, 2), (2, 40), (40, 40))),  # not on slide 1
}

_OUTLINES = {"sample": SAMPLE_OUTLINE, "empty": EMPTY_OUTLINE, "long": LONG_OUTLINE}
_WHEN_OUTLINE = {"sample": "", "empty": "with the outline's fields empty",
                 "long": "with a long outline title"}


def sample_context(edition: str = "student", page: int = 2, pages: int = 8) -> dict[str, Any]:
    """A context with every value filled in."""
    return {"course": SAMPLE_COURSE, "outline": SAMPLE_OUTLINE, "edition": edition,
            "page": page, "pages": pages, "date": SAMPLE_DATE}


def trial_contexts(name: str) -> list[tuple[dict[str, Any], str]]:
    """(context, how it differs from the usual sample) for every way `name` is drawn.

    The usual sample (every value filled in, the student edition, page 2 of 8 where pages
    vary) comes first and is described as ""; then the others, those that differ in fewer
    ways first, so a message names only what it takes to break the template.
    """
    use = TEMPLATE_USES.get(name, Use(BOTH, ((2, 8),)))
    usual = use.pages[0] if len(use.pages) == 1 else (2, 8)
    trials = []
    for edition, pages, outline, course in itertools.product(
            use.editions, (usual, *use.pages), use.outlines, ("sample", "empty")):
        context = {"course": SAMPLE_COURSE if course == "sample" else EMPTY_COURSE,
                   "outline": _OUTLINES[outline], "edition": edition, "page": pages[0],
                   "pages": pages[1], "date": SAMPLE_DATE}
        parts = [f"on page {pages[0]} of {pages[1]}" if pages != usual else "",
                 f"in the {edition} edition" if edition != use.editions[0] else "",
                 _WHEN_OUTLINE[outline] if outline != use.outlines[0] else "",
                 "with the course's fields empty" if course == "empty" else ""]
        trials.append((context, [part for part in parts if part]))
    trials.sort(key=lambda trial: len(trial[1]))
    return [(context, ", ".join(parts)) for context, parts in trials]

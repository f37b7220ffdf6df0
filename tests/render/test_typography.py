"""The handouts' typography measured from the PDFs, as a reader sees it (issue 14).

Every shipped outline in both editions, and both course packs, in every built-in theme on A4
and Letter: each combination is rendered once for the session and read back once
(tests/render/typography.py rebuilds the lines from the characters' positions).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from typography import (
    Line,
    Page,
    body_size,
    broken_dates,
    citation_starts,
    emptiest_pages,
    median_measure,
    read_lines,
    straight_quotes,
    stranded,
)

from studyguide.outline.parser import parse_outline
from studyguide.project.config import load_project
from studyguide.render import RenderSettings
from studyguide.render.pdf import render_course_pack, render_pdf
from studyguide.theme.loader import load_theme

REPO = Path(__file__).resolve().parents[2]
THEMES = ("classic", "high-contrast", "ink-saver")
PAPERS = ("A4", "letter")
EDITIONS = ("student", "teacher")
CODE_FONT = "NotoSans"  # the built-in themes' mono face: straight quotes are right in code


@dataclass(frozen=True)
class Read:
    name: str  # "classic A4 03-right-opposition teacher"
    lines: list[Line]
    pages: list[Page]
    pack: bool


@pytest.fixture(scope="session")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> list[Read]:
    """Every shipped handout and both packs, in every theme and paper, read back."""
    project, _ = load_project(REPO)
    outlines = [parse_outline(path, REPO)[0]
                for path in sorted((REPO / "outlines").glob("*.md"))]
    out = tmp_path_factory.mktemp("typography")
    found = []
    for theme_name in THEMES:
        theme, _ = load_theme(theme_name, REPO)
        for paper in PAPERS:
            settings = RenderSettings(course=project.course, paper=paper)
            jobs = [(f"{o.slug} {e}", lambda o=o, e=e: render_pdf(o, theme, settings, e), False)
                    for o in outlines for e in EDITIONS]
            jobs += [(f"pack {e}", lambda e=e: render_course_pack(outlines, theme, settings, e),
                      True) for e in EDITIONS]
            for label, render, pack in jobs:
                path = out / f"{theme_name}-{paper}-{label.replace(' ', '-')}.pdf"
                path.write_bytes(render().data)
                lines, pages = read_lines(path)
                found.append(Read(f"{theme_name} {paper} {label}", lines, pages, pack))
    return found


def test_the_measure_is_60_to_75_characters(shipped: list[Read]) -> None:
    measures = {read.name: median_measure(read.lines) for read in shipped}
    assert all(60 <= m <= 75 for m in measures.values()), measures


def test_no_citation_number_starts_a_line(shipped: list[Read]) -> None:
    found = {read.name: [(ln.page, ln.text[:40]) for ln in citation_starts(read.lines)]
             for read in shipped}
    assert not any(found.values()), {k: v for k, v in found.items() if v}


def test_no_straight_quote_outside_code(shipped: list[Read]) -> None:
    found = {read.name: [(ln.page, ln.text[:60]) for ln in straight_quotes(read.lines,
                                                                           CODE_FONT)]
             for read in shipped}
    assert not any(found.values()), {k: v[:3] for k, v in found.items() if v}


def test_no_date_is_broken_across_lines(shipped: list[Read]) -> None:
    found = {read.name: [(a.page, a.text[-20:], b.text[:20]) for a, b in broken_dates(read.lines)]
             for read in shipped}
    assert not any(found.values()), {k: v for k, v in found.items() if v}


def test_no_heading_or_box_label_ends_a_page(shipped: list[Read]) -> None:
    found = {read.name: [(ln.page, ln.text[:40]) for ln in stranded(read.lines, read.pages,
                                                                      "SourceSans3")]
             for read in shipped}
    assert not any(found.values()), {k: v for k, v in found.items() if v}


def _chapter_ends(read: Read) -> set[int]:
    """Pages a course pack ends on purpose: the cover, the contents, the page before each
    outline's title, before the back matter and before the answer key, and the master
    timeline's graphic (its layout is the timeline engine's:
    render/pdf/timeline.py), up to its chronology."""
    body = body_size(read.lines)
    titles = {ln.page for ln in read.lines if ln.size >= body * 2}
    ends = {1, 2} | {page - 1 for page in titles}
    start = next((ln.page for ln in read.lines if ln.text.strip() == "Master timeline"), None)
    chronology = next((ln.page for ln in read.lines
                       if start and ln.page >= start and ln.text.strip() == "Chronology"), None)
    if start and chronology:
        ends |= set(range(start - 1, chronology))  # the back matter starts a new page
    key = [ln.page for ln in read.lines if ln.text.strip() == "Answer key"]
    if key:
        ends.add(key[-1] - 1)  # the teacher's answer key starts a page of its own
    return ends


def test_no_page_is_left_more_than_40_percent_empty(shipped: list[Read]) -> None:
    found = {}
    for read in shipped:
        allowed = _chapter_ends(read) if read.pack else set()
        empty = [(page, share) for page, share in emptiest_pages(read.lines, read.pages)
                 if page not in allowed]
        if empty:
            found[read.name] = empty
    assert not found, found

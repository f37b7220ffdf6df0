"""Answer lines read back from the PDF (pdfplumber): a question's lines that run on overleaf
leave at least MIN_SPLIT_LINES on each page, in the shipped handouts and the course pack."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest

from studyguide.outline.parser import parse_outline
from studyguide.render import RenderSettings
from studyguide.render.pdf import render_course_pack, render_pdf
from studyguide.render.pdf.boxes import AnswerLines, MIN_SPLIT_LINES
from studyguide.theme.loader import load_theme

REPO = Path(__file__).resolve().parents[2]
SHIPPED = sorted(p.stem for p in (REPO / "outlines").glob("*.md"))
THEMES = [("classic", "A4"), ("high-contrast", "letter"), ("ink-saver", "letter")]


def shipped(slug: str):
    parsed, problems = parse_outline(REPO / "outlines" / f"{slug}.md", REPO)
    assert parsed is not None, [p.format() for p in problems]
    return parsed


def answer_runs(page) -> list[list[float]]:
    """The y of each ruled answer line on a page, in runs of evenly spaced lines."""
    flat = [ln for ln in page.lines if abs(ln["top"] - ln["bottom"]) < 0.1
            and abs(ln["linewidth"] - 0.5) < 0.01 and ln["x1"] - ln["x0"] > 150]
    # the running head's and the footer's rules start at the margin, as wide as the page
    furniture = {round(ln["x0"]) for ln in flat if ln["top"] < page.height * 0.1}
    rules = sorted(ln["top"] for ln in flat if page.height * 0.1 <= ln["top"]
                   and not (round(ln["x0"]) in furniture and ln["top"] > page.height * 0.85))
    runs: list[list[float]] = []
    for y in rules:
        if runs and len(runs[-1]) >= 2 and abs(y - runs[-1][-1] - (runs[-1][1] - runs[-1][0])) > 1:
            runs.append([y])
        elif runs and len(runs[-1]) == 1 and y - runs[-1][0] > 40:
            runs.append([y])
        elif runs:
            runs[-1].append(y)
        else:
            runs.append([y])
    return runs


def split_runs(data: bytes) -> list[tuple[int, int, int]]:
    """(page, lines at its foot, lines overleaf) for every run of lines that crosses a page."""
    out = []
    with pdfplumber.open(io.BytesIO(data)) as doc:
        pages = list(doc.pages)
        body = [[c["top"] for c in p.chars if p.height * 0.08 < c["top"] < p.height * 0.92]
                for p in pages]
        runs = [answer_runs(p) for p in pages]
        for index in range(len(pages) - 1):
            if not runs[index] or not runs[index + 1]:
                continue
            foot, head = runs[index][-1], runs[index + 1][0]
            ends_page = all(top < foot[-1] for top in body[index])
            starts_page = all(top > head[0] for top in body[index + 1])
            if ends_page and starts_page:
                out.append((index + 1, len(foot), len(head)))
    return out


@pytest.mark.parametrize(("theme", "paper"), THEMES)
def test_answer_lines_split_with_three_lines_each_side(theme: str, paper: str) -> None:
    loaded = load_theme(theme, REPO)[0]
    found = {}
    for slug in SHIPPED:
        data = render_pdf(shipped(slug), loaded, RenderSettings(paper=paper), "student").data
        found[slug] = split_runs(data)
    data = render_course_pack([shipped(s) for s in SHIPPED], loaded,
                              RenderSettings(paper=paper), "student").data
    found["pack"] = split_runs(data)
    short = {name: runs for name, runs in found.items()
             if any(min(a, b) < MIN_SPLIT_LINES for _, a, b in runs)}
    assert not short


@pytest.mark.parametrize("room", range(0, 15))
def test_answer_lines_never_split_with_fewer_than_three_on_a_side(room: int) -> None:
    lines = AnswerLines(8, 10.0, None, 0.5)
    parts = lines.split(300, room * 10.0 + 1)
    assert parts == [] or all(p.count >= MIN_SPLIT_LINES for p in parts)
    assert parts == [] or sum(p.count for p in parts) == 8

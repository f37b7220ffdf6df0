"""Slide handouts, read back with pdfplumber: the deck's slides three to a page beside ruled
lines (student), or beside their speaker notes (teacher), drawn from the deck's own plan."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest

from studyguide.outline.parser import parse_outline
from studyguide.render import RenderSettings
from studyguide.render.deck import plan_deck
from studyguide.render.slides import render_slide_handout
from studyguide.theme.loader import load_theme

REPO = Path(__file__).resolve().parents[2]
SETTINGS = RenderSettings()


@pytest.fixture(scope="module")
def made():
    outline, _ = parse_outline(REPO / "outlines" / "02-triumvirate.md", REPO)
    theme, _ = load_theme("classic", REPO)
    slides = plan_deck(outline, theme, SETTINGS)
    return slides, {edition: render_slide_handout(outline, theme, SETTINGS, edition).data
                    for edition in ("student", "teacher")}


def words(data: bytes) -> list[list[str]]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [(page.extract_text() or "").split() for page in pdf.pages]


def test_student_version_has_three_slides_a_page_beside_ruled_lines(made):
    slides, data = made
    with pdfplumber.open(io.BytesIO(data["student"])) as pdf:
        assert len(pdf.pages) == -(-len(slides) // 3)
        first = pdf.pages[0]
        ruled = [line for line in first.lines if abs(line["top"] - line["bottom"]) < 0.1
                 and line["x0"] > first.width / 2]
        assert len(ruled) >= 20  # lines to write on, beside the slides
        text = " ".join(" ".join(page) for page in words(data["student"]))
    for slide in slides:
        assert slide.title.split()[0] in text
    assert "Timing:" not in text  # no speaker notes for students


def test_teacher_version_shows_each_slide_beside_its_notes(made):
    slides, data = made
    text = " ".join(" ".join(page) for page in words(data["teacher"]))
    assert "Timing: 10 minutes." in text
    assert "Answer: A. His removal as Commissar of War" in text
    position = [text.find(slide.title.split()[0]) for slide in slides]
    assert all(p >= 0 for p in position)


def test_slide_text_is_drawn_inside_the_slide_frames(made):
    _, data = made
    with pdfplumber.open(io.BytesIO(data["student"])) as pdf:
        for page in pdf.pages:
            frames = [r for r in page.rects if r["width"] > page.width / 3
                      and r["height"] > 60]
            assert frames
            for char in page.chars:
                if char["x1"] > frames[0]["x1"] or not char["text"].strip():
                    continue  # the running head and page number
                if char["top"] < frames[0]["top"] - 2 and char["size"] < 9:
                    continue
                assert any(f["x0"] - 1 <= char["x0"] and char["x1"] <= f["x1"] + 1
                           and f["top"] - 1 <= char["top"] and char["bottom"] <= f["bottom"] + 1
                           for f in frames), (char["text"], char["x0"], char["top"])


def test_the_build_writes_both_versions(tmp_path):
    import shutil
    import subprocess
    import sys

    project = tmp_path / "project"
    (project / "outlines").mkdir(parents=True)
    shutil.copy(REPO / "outlines" / "02-triumvirate.md", project / "outlines")
    result = subprocess.run([sys.executable, "-m", "studyguide", "build", "--format", "slides",
                             "--quiet", "--jobs", "1"],
                            cwd=project, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (project / "build").glob("*.pdf")) == [
        "02-triumvirate.slides.pdf", "02-triumvirate.slides.teacher.pdf"]

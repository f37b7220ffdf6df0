"""Shared fixtures: temporary projects, and helpers that read outputs back as a reader would."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite golden expectations under tests/cases after a reviewed change")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project folder (with an outlines/ folder) as the current directory."""
    (tmp_path / "outlines").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def shipped_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the repository's course (outlines and project file) as the current directory."""
    shutil.copytree(REPO / "outlines", tmp_path / "outlines")
    shutil.copy(REPO / "studyguide.toml", tmp_path / "studyguide.toml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def pdf_text(path: Path) -> str:
    """The text a reader sees in a PDF, in reading order (pdftotext when present, else pypdf)."""
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                              capture_output=True, text=True).stdout
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def deck_text(deck: Path | bytes) -> tuple[list[str], list[str]]:
    """(text on each slide, text of each slide's notes) from a deck file or its bytes; a
    group's members (the timeline figure) and table cells are read in drawing order."""
    import io

    from pptx import Presentation

    slides, notes = [], []
    source = io.BytesIO(deck) if isinstance(deck, bytes) else str(deck)
    for slide in Presentation(source).slides:
        parts = []
        shapes = list(slide.shapes)
        while shapes:
            shape = shapes.pop(0)
            if shape.shape_type == 6:  # a group (the timeline figure): its members, in order
                shapes[:0] = list(shape.shapes)
                continue
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                for row in shape.table.rows:
                    parts.extend(cell.text for cell in row.cells)
        slides.append("\n".join(parts))
        notes.append(slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else "")
    return slides, notes


MINIMAL = """\
---
title: {title}
sources:
  s1: A. Author, *A Book* (2000)
---

Intro text.

## Learning objectives
- Understand one thing.

## A section
- A point [@s1].

::: notes
A note for the teacher.
:::

## Timeline
- 1924-01-21: Lenin dies
- 1922-04-03: Stalin becomes General Secretary

## Key figures
| Name | Role | Faction | Fate |
| --- | --- | --- | --- |
| Leon Trotsky | Commissar of War | Left | {fate} |

## Glossary
- **Troika**: the alliance of Stalin, Zinoviev and Kamenev.

## Questions
1. Who was Commissar of War?
   - [x] Trotsky
   - [ ] Kamenev
   - Answer: Trotsky held the post until January 1925.
"""


def write_outline(folder: Path, slug: str, title: str = "A Topic",
                  fate: str = "Murdered in Mexico, 1940", text: str | None = None) -> Path:
    path = folder / "outlines" / f"{slug}.md"
    path.write_text(text if text is not None else MINIMAL.format(title=title, fate=fate),
                    encoding="utf-8")
    return path


def deck_titles(path: Path) -> list[str]:
    """Each slide's title (its title placeholder's text; '' when it has none)."""
    from pptx import Presentation

    return [slide.shapes.title.text if slide.shapes.title is not None else ""
            for slide in Presentation(str(path)).slides]

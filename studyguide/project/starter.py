"""`studyguide new`: a starter outline with every kind of section, ready to fill in."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from studyguide.project.config import Project

STARTER = """\
---
title: {title}
subtitle: One line that says what this topic is about
period: 1922–1924
audience: Year 12 History
sources:
  source1: Author Name, *Book Title* (Publisher, 2000)
---

One or two sentences that introduce the topic and say why it matters.

## Learning objectives
- Explain the first thing students should understand.
- Assess the second thing students should be able to judge.

## First section
- A main point, with a citation to a source [@source1].
  - A supporting detail under it.
- Another main point, with **bold** and *italic* text.

> A short quotation from a primary source.

::: notes
Speaker notes: prompts and reminders for the teacher. Students never see these.
:::

## Timeline
- 1922-04-03: The first event (full date)
- 1923-03: A second event (year and month)
  - Optional detail, shown in the handout only.
- 1924: A third event (year only)

## Key figures
| Name | Role | Faction | Fate |
| --- | --- | --- | --- |
| First Person | Their role | Their side | What happened to them |

## Glossary
- **Term**: What the term means, in one sentence.

## Questions
1. A multiple-choice question?
   - [x] The correct option
   - [ ] A wrong option
   - Answer: Why the correct option is right.
2. An open question that asks students to explain or assess.
   - Answer: What a good answer includes.
"""


def slugify(title: str) -> str:
    """`The Great Terror!` -> `the-great-terror`; non-Latin titles fall back to `outline`."""
    text = unicodedata.normalize("NFKD", title)
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug[:60].rstrip("-") or "outline"


def _yaml_string(title: str) -> str:
    """Quote the title so YAML reads it back exactly, whatever it contains."""
    escaped = title.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def write_starter(project: Project, title: str) -> tuple[Path, str]:
    """Write outlines/NN-slug.md; returns its path and a problem ('' when it worked)."""
    title = " ".join(title.split())
    if not title:
        return Path(), "the title is empty"
    folder = project.path(project.build.outlines)
    numbers = [int(m.group(1)) for p in folder.glob("*.md")
               if (m := re.match(r"(\d+)-", p.name))]
    path = folder / f"{max(numbers, default=0) + 1:02d}-{slugify(title)}.md"
    if path.exists():
        return path, f"{project.display(path)} already exists"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(STARTER.format(title=_yaml_string(title)))
    except OSError as exc:
        return path, f"cannot write {project.display(path)}: {exc.strerror}"
    return path, ""

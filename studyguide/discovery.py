"""Which outlines a command works on, and in what order."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from studyguide.diagnostics import Diagnostic, did_you_mean, error
from studyguide.project import PROJECT_FILE, Project


@dataclass(frozen=True)
class OutlineFile:
    """An outline to work on: its absolute path, how to show it, and its slug."""

    path: str
    shown: str
    slug: str


def discover(project: Project, names: tuple[str, ...] = ()) -> tuple[list[OutlineFile], list[Diagnostic]]:
    """The outlines named on the command line, or every outline of the project in build order."""
    if names:
        return _named(project, names)
    folder = project.path(project.build.outlines)
    if not folder.is_dir():
        shown = project.display(folder)
        return [], [error(shown, None, "outline folder not found (set build.outlines in "
                          f"{PROJECT_FILE})")]
    files = sorted(p for p in folder.glob("*.md") if p.is_file())
    found = [_outline_file(project, p, project.display(p)) for p in files]
    return _ordered(project, found)


def _named(project: Project, names: tuple[str, ...]) -> tuple[list[OutlineFile], list[Diagnostic]]:
    found: list[OutlineFile] = []
    diags: list[Diagnostic] = []
    for name in names:
        path = Path(name)
        if not path.is_absolute():
            path = Path.cwd() / path
        if not path.exists() and not name.endswith(".md"):
            # a bare slug: look in the outline folder
            candidate = project.path(project.build.outlines, f"{name}.md")
            path = candidate if candidate.exists() else path
        if not path.exists():
            diags.append(error(name, None, "no such outline file"))
            continue
        found.append(_outline_file(project, path, name))
    return found, diags


def _outline_file(project: Project, path: Path, shown: str) -> OutlineFile:
    return OutlineFile(path=str(path.absolute()), shown=shown, slug=path.name.removesuffix(".md"))


def _ordered(project: Project, found: list[OutlineFile]) -> tuple[list[OutlineFile], list[Diagnostic]]:
    """Apply build.order: listed slugs first in that order, the rest after in file-name order."""
    order = project.build.order
    if not order:
        return found, []
    by_slug = {f.slug: f for f in found}
    diags = [error(PROJECT_FILE, None,
                   f"build.order names '{slug}', which is not an outline"
                   f"{did_you_mean(slug, by_slug)}")
             for slug in order if slug not in by_slug]
    listed = [by_slug[s] for s in dict.fromkeys(order) if s in by_slug]
    rest = [f for f in found if f.slug not in set(order)]
    return listed + rest, diags


def same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False

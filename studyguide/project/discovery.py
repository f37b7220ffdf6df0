"""Which outlines a command works on, and in what order."""

from __future__ import annotations

import os
from pathlib import Path

from studyguide.boundary import is_inside
from studyguide.diagnostics import Diagnostic, did_you_mean, error, warning
from studyguide.project.config import EDITIONS, PROJECT_FILE, Project
from studyguide.records import record

PACK_SLUG = "course-pack"  # the course packs are named as an outline of this slug would be


@record
class OutlineFile:
    """An outline to work on: its absolute path, how to show it, and its slug."""

    path: str
    shown: str
    slug: str
    clash: bool = False  # an output name is another's: it is checked but never built


def discover(project: Project, names: tuple[str, ...] = ()) -> tuple[list[OutlineFile], list[Diagnostic]]:
    """The outlines named on the command line, or every outline of the project in build order."""
    if names:
        found, diags = _named(project, names)
        claimed, clashes = _claim(project, found)
        return claimed, diags + clashes
    folder = project.path(project.build.outlines)
    if not is_inside(folder, project.root):
        return [], [_folder_outside(project, folder)]
    if not folder.is_dir():
        return [], [_missing_folder(project, folder)]
    files = sorted(p for p in folder.glob("*.md") if p.is_file())
    found = [_outline_file(project, p, project.display(p)) for p in files]
    if not found:
        return [], [warning(project.display(folder), None,
                            "no outlines (*.md) in this folder; start one with "
                            "`studyguide new TITLE`")]
    ordered, diags = _ordered(project, found)
    claimed, clashes = _claim(project, ordered)
    return claimed, diags + clashes


def output_names(slug: str) -> list[str]:
    """Every file an outline of this slug can make, in any format and edition."""
    return [*(edition.pdf_name(slug) for edition in EDITIONS), f"{slug}.pptx",
            *(edition.pdf_name(f"{slug}.slides") for edition in EDITIONS)]


def _claim(project: Project, found: list[OutlineFile]
           ) -> tuple[list[OutlineFile], list[Diagnostic]]:
    """Check, before anything is written, that no two outlines (or an outline and the course
    pack) make a file of the same name: `x.teacher.md` would overwrite the teacher edition of
    `x.md`. The later one in build order is reported at its line 1 and not built; one with
    the same file name as an earlier one (named from two folders) is left out."""
    owners = {name: "the course pack" for name in output_names(PACK_SLUG)
              if project.build.pack}
    claimed: list[OutlineFile] = []
    diags: list[Diagnostic] = []
    for f in found:
        taken = [name for name in output_names(f.slug) if name in owners]
        if not taken:
            owners.update((name, f.shown) for name in output_names(f.slug))
            claimed.append(f)
            continue
        diags.append(error(f.shown, 1, f"its output {taken[0]} would overwrite the one "
                           f"{owners[taken[0]]} makes; rename one of the files (this outline "
                           "is not built)"))
        if not any(c.slug == f.slug for c in claimed):
            claimed.append(OutlineFile(f.path, f.shown, f.slug, clash=True))
    return claimed, diags


def _folder_outside(project: Project, folder: Path) -> Diagnostic:
    """The outline folder is a link out of the project: its files are a stranger's, not ours."""
    reason = (f"leads outside the project (to {os.path.realpath(folder)}); outlines are read "
              "only from inside the project folder")
    line = project.line_of("build.outlines")
    if line is not None:
        return error(PROJECT_FILE, line, f"build.outlines: '{project.build.outlines}' {reason}")
    return error(project.display(folder), None, f"the outline folder {reason}")


def _missing_folder(project: Project, folder: Path) -> Diagnostic:
    """The outline folder is missing: point at build.outlines when the project file set it."""
    line = project.line_of("build.outlines")
    if line is not None:
        return error(PROJECT_FILE, line, f"build.outlines: folder '{project.build.outlines}' "
                     "not found")
    return error(project.display(folder), None, "outline folder not found (set build.outlines "
                 f"in {PROJECT_FILE})")


def _named(project: Project, names: tuple[str, ...]) -> tuple[list[OutlineFile], list[Diagnostic]]:
    found: list[OutlineFile] = []
    diags: list[Diagnostic] = []
    seen: set[str] = set()
    for name in names:
        path = _locate(project, name)
        if path is None:
            diags.append(error(name, None, "no such outline file" + _slug_hint(project, name)))
            continue
        key = os.path.realpath(path)
        if key in seen:
            continue  # named twice (as a slug and as a path, say): built once
        seen.add(key)
        # a slug found in the outline folder is shown as that file: messages name a real path
        shown = name if Path(name).exists() else project.display(path)
        found.append(_outline_file(project, path, shown))
    return found, diags


def _locate(project: Project, name: str) -> Path | None:
    """A named outline: a path from the current folder, else a slug or file name in outlines/."""
    path = Path(name)
    if not path.is_absolute():
        path = Path.cwd() / path
    if path.exists():
        return path
    if len(Path(name).parts) == 1:
        folder = project.path(project.build.outlines)
        for candidate in (folder / name, folder / f"{name}.md"):
            if candidate.exists():
                return candidate
    return None


def _slug_hint(project: Project, name: str) -> str:
    """` (did you mean '02-triumvirate'?)` for a slug close to one in the outline folder."""
    folder = project.path(project.build.outlines)
    try:
        stem = Path(name).name.removesuffix(".md")
        slugs = sorted(p.stem for p in folder.glob("*.md") if p.stem != stem)
    except OSError:
        return ""
    close = did_you_mean(stem, slugs)
    if not close:
        close = next((f" (did you mean '{s}'?)" for s in slugs
                      if s.split("-", 1)[-1] == stem), "")
    return close


def _outline_file(project: Project, path: Path, shown: str) -> OutlineFile:
    return OutlineFile(path=str(path.absolute()), shown=shown, slug=path.name.removesuffix(".md"))


def _ordered(project: Project, found: list[OutlineFile]) -> tuple[list[OutlineFile], list[Diagnostic]]:
    """Apply build.order: listed slugs first in that order, the rest after in file-name order."""
    order = project.build.order
    if not order:
        return found, []
    by_slug = {f.slug: f for f in found}
    line = project.line_of("build.order")
    diags = [error(PROJECT_FILE, line,
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

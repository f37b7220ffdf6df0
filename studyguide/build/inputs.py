"""Reading and validating a whole project: outlines, themes and cross-outline consistency.

`check` stops here; `build` continues from the result. An outline or theme that the build cache
says is unchanged and was clean is not parsed or loaded again; `build` asks for the model or
the theme (`Checked.outline`, `Checked.theme`) only when it has something to render.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studyguide.build import cache
from studyguide.course.consistency import check_consistency
from studyguide.diagnostics import Diagnostic, error, has_errors, sort_key
from studyguide.project.discovery import OutlineFile, discover
from studyguide.project.config import Project

if TYPE_CHECKING:
    from studyguide.outline.model import Outline
    from studyguide.theme.model import Theme


@dataclass
class Checked:
    """Everything read from a project, and every problem found on the way."""

    project: Project
    files: list[OutlineFile] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    failed: set[str] = field(default_factory=set)  # slugs that must not be built
    theme_of: dict[str, str] = field(default_factory=dict)  # slug -> theme name
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)  # slug -> cache entry
    theme_entries: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    _outlines: dict[str, Outline] = field(default_factory=dict)
    _themes: dict[str, Theme | None] = field(default_factory=dict)

    def sorted_diagnostics(self) -> list[Diagnostic]:
        return sorted(dict.fromkeys(self.diagnostics), key=sort_key)

    def for_outline(self, f: OutlineFile) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.path == f.shown]

    def outline(self, f: OutlineFile) -> Outline:
        """The parsed outline (parsed now if the cache let the check skip it)."""
        if f.slug not in self._outlines:
            from studyguide.outline.parser import parse_outline

            outline, _ = parse_outline(f.path, self.project.root, display_path=f.shown)
            assert outline is not None  # it parsed cleanly when its entry was cached
            self._outlines[f.slug] = outline
        return self._outlines[f.slug]

    def prefetch(self, files: list[OutlineFile], jobs: int) -> None:
        """Parse, in parallel where it pays, the outlines of `files` not parsed yet: a build
        about to render them needs their models (they are clean: their entries were cached)."""
        todo = [f for f in files if f.slug not in self._outlines]
        for f, (outline, _) in zip(todo, parse_many(todo, self.project.root, jobs)):
            assert outline is not None  # it parsed cleanly when its entry was cached
            self._outlines[f.slug] = outline

    def theme(self, name: str) -> Theme:
        """The loaded theme (loaded now if the cache let the check skip it)."""
        if self._themes.get(name) is None:
            from studyguide.theme.loader import load_theme

            self._themes[name], _ = load_theme(name, self.project.root)
        theme = self._themes[name]
        assert theme is not None  # it loaded cleanly when its entry was cached
        return theme


def check_project(project: Project, names: tuple[str, ...] = (),
                  theme_override: str | None = None, jobs: int = 1) -> Checked:
    """Parse every outline (or those named), load their themes, and cross-check them.

    Outlines whose cache entry is still valid are not parsed; the others are parsed in up to
    `jobs` processes when there are enough of them to pay for starting the processes.
    """
    checked = Checked(project)
    checked.files, diags = discover(project, names)
    checked.diagnostics.extend(diags)
    tables = cache.read_cache(Path(project.root, project.build.output))
    hashes = {f.slug: cache.file_hash(f.path) for f in checked.files}
    valid = {f.slug: cache.outline_entry(tables["outlines"].get(f.path), hashes[f.slug])
             for f in checked.files}
    todo = [f for f in checked.files if valid[f.slug] is None]
    parsed = dict(zip((f.slug for f in todo), parse_many(todo, project.root, jobs)))
    facts: list[tuple[str, list]] = []
    for f in checked.files:
        entry = _outline(checked, f, hashes[f.slug], valid[f.slug], parsed.get(f.slug))
        if entry is None:
            checked.failed.add(f.slug)
            bad = checked._outlines.get(f.slug)
            if bad is not None:  # its theme's problems are reported now, not next time
                _outline_theme(checked, f, bad.meta.theme, bad.meta.theme_line,
                               theme_override, tables)
            continue
        facts.append((f.shown, entry["facts"]))
        name = _outline_theme(checked, f, entry["theme"], entry.get("theme_line", 0),
                              theme_override, tables)
        if name is None:
            checked.failed.add(f.slug)
        else:
            checked.theme_of[f.slug] = name
    if not checked.files:
        check_theme(checked, theme_override or project.build.theme)
    checked.diagnostics.extend(check_consistency(facts))
    return checked


def _outline_theme(checked: Checked, f: OutlineFile, declared: str, line: int,
                   override: str | None, tables: dict[str, Any]) -> str | None:
    """The theme an outline is built with, checked; None when it is unusable.

    A theme the outline names that does not exist is reported at its `theme:` line.
    """
    if override is None and declared:
        from studyguide.theme.places import unknown_theme_message

        problem = unknown_theme_message(declared, checked.project.root)
        if problem is not None:
            checked.diagnostics.append(error(f.shown, line or None, f"theme: {problem}"))
            return None
    name = override or declared or checked.project.build.theme
    return name if check_theme(checked, name, tables["themes"].get(name)) else None


def _outline(checked: Checked, f: OutlineFile, content_hash: str, entry: dict[str, Any] | None,
             parsed: tuple[Outline | None, list[Diagnostic]] | None) -> dict[str, Any] | None:
    """The outline's cache entry: `entry` when still valid, else made from `parsed`.

    None when the outline has errors (or cannot be read at all).
    """
    from studyguide.course.consistency import facts_of

    if entry is not None:
        checked.entries[f.slug] = entry
        return entry
    assert parsed is not None  # check_project parses every outline without a valid entry
    outline, found = parsed
    checked.diagnostics.extend(found)
    if outline is None:
        return None
    checked._outlines[f.slug] = outline
    entry = {"hash": content_hash, "facts": facts_of(outline), "theme": outline.meta.theme,
             "theme_line": outline.meta.theme_line,
             "deps": {p: cache.file_hash(p) for p in sorted(images_of(outline))}}
    if not found:  # only a clean outline may skip parsing next time: its messages are none
        checked.entries[f.slug] = entry
    return None if has_errors(found) else entry


PARALLEL_PARSE_MIN = 8  # fewer outlines are parsed sooner than a process pool starts


def parse_many(files: list[OutlineFile], root: str, jobs: int = 1
               ) -> list[tuple[Outline | None, list[Diagnostic]]]:
    """`parse_outline` of each file, in order; in forked processes when there are many."""
    items = [(f.path, root, f.shown) for f in files]
    if not items:  # everything came from the cache: Markdown is not even imported
        return []
    import studyguide.outline.parser  # noqa: F401 - imported once here; forked workers share it

    if jobs <= 1 or len(items) < PARALLEL_PARSE_MIN or sys.platform != "linux":
        return [_parse_one(item) for item in items]
    import concurrent.futures
    import multiprocessing

    workers = min(jobs, len(items))
    with concurrent.futures.ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(_parse_one, items, chunksize=max(1, len(items) // (workers * 4))))


def _parse_one(item: tuple[str, str, str]) -> tuple[Outline | None, list[Diagnostic]]:
    from studyguide.outline.parser import parse_outline

    path, root, shown = item
    return parse_outline(path, root, display_path=shown)


def check_theme(checked: Checked, name: str, cached: Any = None) -> bool:
    """Load and check theme `name` once (or trust a valid cache entry); True when clean."""
    if name in checked.theme_entries:
        return checked.theme_entries[name] is not None or checked._themes.get(name) is not None
    project_themes = Path(checked.project.root, "themes")
    entry = cache.theme_entry(cached, project_themes)
    if entry is not None:
        checked.theme_entries[name] = entry
        return True
    from studyguide.theme.loader import check_theme_contrast, load_theme
    from studyguide.theme.templates import check_templates, dated_templates

    theme, diags = load_theme(name, checked.project.root)
    if theme is not None and not has_errors(diags):
        diags = diags + check_theme_contrast(theme) + check_templates(theme)
    checked.diagnostics.extend(diags)
    if theme is None or has_errors(diags):
        checked.theme_entries[name] = None
        checked._themes[name] = None
        return False
    checked._themes[name] = theme
    files = cache.folder_files(list(theme.chain))
    names = {Path(folder).name: Path(folder).parent.resolve() == project_themes.resolve()
             for folder in theme.chain}
    entry = {"folders": list(theme.chain), "files": files, "names": names,
             "key": cache.theme_key(files), "dated": dated_templates(theme)}
    # warnings (low contrast) must be shown every time, so only a silent theme is cached
    checked.theme_entries[name] = entry if not diags else {**entry, "uncacheable": True}
    return True


def images_of(outline: Outline) -> set[str]:
    """Every image file an outline uses (its build depends on them)."""
    from studyguide.outline.model import Image, ListBlock, Quote

    found: set[str] = set()

    def walk(blocks) -> None:
        for block in blocks:
            if isinstance(block, Image):
                found.add(block.path)
            elif isinstance(block, Quote):
                walk(block.blocks)
            elif isinstance(block, ListBlock):
                for item in block.items:
                    walk(item.blocks)

    walk(outline.intro)
    for event in outline.timeline:
        walk(event.details)
    for section in outline.sections:
        walk(section.blocks)
        walk(section.notes)
    for part in outline.parts:
        walk(part.intro)
        walk(part.notes)
    for question in outline.questions:
        walk(question.body)
        walk(question.answer)
    return found

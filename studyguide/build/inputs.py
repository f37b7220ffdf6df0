"""Reading and validating a whole project: outlines, themes and cross-outline consistency.

`check` stops here; `build` plans from the result. An outline or theme that the build cache
says is unchanged and was clean is not parsed or loaded again: its cache entry stands in for it,
and `Models` parses or loads it only when the build has something to render from it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from studyguide import startup
from studyguide.build import cache
from studyguide.build.cache import OutlineEntry, ThemeEntry
from studyguide.course.consistency import check_consistency
from studyguide.diagnostics import Diagnostic, error, has_errors, sort_key
from studyguide.outline.validate import strict_alt_text
from studyguide.project.config import Project
from studyguide.project.discovery import OutlineFile, discover
from studyguide.records import record

if TYPE_CHECKING:
    from studyguide.outline.model import Outline
    from studyguide.theme.model import Theme

# an outline, its problems, and the hash of the exact bytes it was parsed from
Parsed = tuple["Outline | None", list[Diagnostic], str]


@record
class GoodOutline:
    """An outline without errors, ready to build: its file, its facts and its theme."""

    file: OutlineFile
    entry: OutlineEntry
    theme: str  # the name of the theme it is built with
    cacheable: bool  # no diagnostic at all, so a later run may skip parsing it


class Models:
    """The parsed outlines and loaded themes of one run, parsed or loaded at most once."""

    def __init__(self, root: str) -> None:
        self.root = root
        self._outlines: dict[str, Outline] = {}
        self._sources: dict[str, str] = {}  # slug -> hash of the bytes its model was made from
        self._themes: dict[str, Theme] = {}

    def keep_outline(self, f: OutlineFile, outline: Outline, source: str) -> None:
        self._outlines[f.slug] = outline
        self._sources[f.slug] = source

    def source(self, slug: str) -> str | None:
        """The hash of the bytes the outline's model was parsed from (None: not parsed)."""
        return self._sources.get(slug)

    def keep_theme(self, name: str, theme: Theme) -> None:
        self._themes[name] = theme

    def outline(self, f: OutlineFile) -> Outline:
        """The parsed outline (parsed now if the cache let the check skip it)."""
        if f.slug not in self._outlines:
            self.prefetch([f], 1)
        return self._outlines[f.slug]

    def prefetch(self, files: list[OutlineFile], jobs: int) -> None:
        """Parse, in parallel where it pays, the outlines of `files` not parsed yet (they are
        clean: their cache entries were valid)."""
        todo = [f for f in files if f.slug not in self._outlines]
        for f, (outline, _, source) in zip(todo, parse_many(todo, self.root, jobs)):
            assert outline is not None  # it parsed cleanly when its entry was cached
            self.keep_outline(f, outline, source)

    def theme(self, name: str) -> Theme:
        """The loaded theme (loaded now if the cache let the check skip it)."""
        if name not in self._themes:
            from studyguide.theme.loader import load_theme

            theme, _ = load_theme(name, self.root)
            assert theme is not None  # it loaded cleanly when its entry was cached
            self._themes[name] = theme
        return self._themes[name]


@dataclass
class Inputs:
    """What a project's inputs are, which of them can be built, and every problem found."""

    project: Project
    files: list[OutlineFile]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    good: dict[str, GoodOutline] = field(default_factory=dict)  # slug -> buildable outline
    themes: dict[str, ThemeEntry | None] = field(default_factory=dict)  # None: unusable
    models: Models = field(default_factory=lambda: Models("."))

    def sorted_diagnostics(self) -> list[Diagnostic]:
        return sorted(dict.fromkeys(self.diagnostics), key=sort_key)

    def for_outline(self, f: OutlineFile) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.path == f.shown]

    def check_theme(self, name: str, cached: ThemeEntry | None = None) -> bool:
        """Load and check theme `name` once (or trust a valid cache entry); True when usable."""
        if name not in self.themes:
            self.themes[name] = _theme_entry(self, name, cached)
        return self.themes[name] is not None


def check_project(project: Project, names: tuple[str, ...] = (),
                  theme_override: str | None = None, jobs: int = 1) -> Inputs:
    """Parse every outline (or those named), load their themes, and cross-check them.

    Outlines whose cache entry is still valid are not parsed; the others are parsed in up to
    `jobs` processes when there are enough of them to pay for starting the processes.
    """
    files, diags = discover(project, names)
    inputs = Inputs(project, files, list(diags), models=Models(project.root))
    tables = cache.read_cache(Path(project.root, project.build.output))
    hashes = {f.slug: cache.file_hash(f.path) for f in files}
    valid = {f.slug: cache.outline_entry(tables.outlines.get(f.path), hashes[f.slug],
                                          project.root)
             for f in files}
    todo = [f for f in files if valid[f.slug] is None]
    parsed = dict(zip((f.slug for f in todo), parse_many(todo, project.root, jobs)))
    facts: list[tuple[str, list]] = []
    for f in files:
        entry, cacheable = _outline_entry(inputs, f, valid[f.slug], parsed.get(f.slug))
        if entry is None:
            bad = parsed[f.slug][0] if f.slug in parsed else None
            if bad is not None:  # its theme's problems are reported now, not next time
                _outline_theme(inputs, f, bad.meta.theme, bad.meta.theme_line, theme_override,
                               tables.themes)
            continue
        facts.append((f.shown, [list(fact) for fact in entry.facts]))
        name = _outline_theme(inputs, f, entry.theme, entry.theme_line, theme_override,
                              tables.themes)
        if name is not None and not f.clash:
            inputs.good[f.slug] = GoodOutline(f, entry, name, cacheable)
    if not files:
        inputs.check_theme(theme_override or project.build.theme)
    inputs.diagnostics.extend(check_consistency(facts))
    startup.resume()  # rendering makes garbage in cycles: collect it (studyguide/startup.py)
    return inputs


def _outline_theme(inputs: Inputs, f: OutlineFile, declared: str, line: int,
                   override: str | None, cached: dict[str, ThemeEntry]) -> str | None:
    """The theme an outline is built with, checked; None when it is unusable.

    A theme the outline names that does not exist is reported at its `theme:` line.
    """
    if override is None and declared:
        from studyguide.theme.places import unknown_theme_message

        problem = unknown_theme_message(declared, inputs.project.root)
        if problem is not None:
            inputs.diagnostics.append(error(f.shown, line or None, f"theme: {problem}"))
            return None
    name = override or declared or inputs.project.build.theme
    return name if inputs.check_theme(name, cached.get(name)) else None


def _outline_entry(inputs: Inputs, f: OutlineFile, valid: OutlineEntry | None,
                   parsed: Parsed | None) -> tuple[OutlineEntry | None, bool]:
    """The outline's entry (`valid` when the cache still holds, else made from `parsed`, with
    the hash of the bytes parsed) and whether it may be cached; none when it has errors."""
    from studyguide.course.consistency import facts_of

    if valid is not None:
        return valid, True
    assert parsed is not None  # check_project parses every outline without a valid entry
    outline, found, content_hash = parsed
    if inputs.project.build.accessible:
        found = strict_alt_text(found)
    inputs.diagnostics.extend(found)
    if outline is None:
        return None, False
    inputs.models.keep_outline(f, outline, content_hash)
    if has_errors(found):
        return None, False
    entry = OutlineEntry(content_hash, tuple(tuple(fact) for fact in facts_of(outline)),
                         outline.meta.theme, outline.meta.theme_line,
                         {p: cache.file_hash(p) for p in sorted(images_of(outline))})
    return entry, not found  # only a silent outline may skip parsing: its messages are none


PARALLEL_PARSE_MIN = 8  # fewer outlines are parsed sooner than a process pool starts


def parse_many(files: list[OutlineFile], root: str, jobs: int = 1) -> list[Parsed]:
    """`parse_outline` of each file, in order; in forked processes when there are many."""
    items = [(f.path, root, f.shown) for f in files]
    if not items:  # everything came from the cache: Markdown is not even imported
        return []
    import studyguide.outline.parser  # noqa: F401 - imported once here; forked workers share it

    if jobs <= 1 or len(items) < PARALLEL_PARSE_MIN or sys.platform != "linux":
        return [_parse_one(item) for item in items]
    import concurrent.futures
    import multiprocessing

    startup.resume()  # forked workers inherit the collector's state: never a paused one
    workers = min(jobs, len(items))
    with concurrent.futures.ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(_parse_one, items, chunksize=max(1, len(items) // (workers * 4))))


def _parse_one(item: tuple[str, str, str]) -> Parsed:
    """Read the file once; hash and parse those same bytes (a save in between cannot split
    them)."""
    from studyguide.outline.parser import parse_outline_bytes, read_outline

    path, root, shown = item
    data, problems = read_outline(path, root, shown)
    if data is None:
        return None, problems, "missing"
    outline, found = parse_outline_bytes(data, path, root, shown)
    return outline, found, cache.bytes_hash(data)


def _theme_entry(inputs: Inputs, name: str, cached: ThemeEntry | None) -> ThemeEntry | None:
    """A valid cache entry for theme `name`, or the entry of the theme loaded and checked now;
    None (with its problems in `inputs.diagnostics`) when it is unusable."""
    from studyguide.theme.places import builtin_folder

    project_themes = Path(inputs.project.root, "themes")
    entry = cache.theme_entry(cached, project_themes, builtin_folder())
    if entry is not None:
        return entry
    from studyguide.theme.loader import check_theme_contrast, load_theme
    from studyguide.theme.templates import check_templates, dated_templates

    theme, diags = load_theme(name, inputs.project.root)
    if theme is not None and not has_errors(diags):
        diags = diags + check_theme_contrast(theme) + check_templates(theme)
    inputs.diagnostics.extend(diags)
    if theme is None or has_errors(diags):
        return None
    inputs.models.keep_theme(name, theme)
    files = cache.folder_files(list(theme.chain))
    names = {Path(folder).name: Path(folder).parent.resolve() == project_themes.resolve()
             for folder in theme.chain}
    # warnings (low contrast) must be shown every time, so only a silent theme is cached
    return ThemeEntry(tuple(theme.chain), files, names, cache.theme_key(files),
                      tuple(dated_templates(theme)), cacheable=not diags)


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

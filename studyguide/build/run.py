"""Building outputs: what is stale, rendering in a process pool, and writing files atomically.

Outputs are pure functions of their inputs. Each output's inputs (outline bytes, the images it
uses, every file of its theme chain, the settings that affect it, the studyguide version) are
hashed into a key kept in `build/.studyguide-cache.json`; an output whose key and file are
unchanged is not rebuilt. Renderers run in worker processes and return bytes; this module
writes them to a temporary file and renames it into place, so a failed or interrupted build
keeps the previous good file.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

from studyguide import __version__
from studyguide.build import cache
from studyguide.build.inputs import Checked, check_project, check_theme, images_of
from studyguide.diagnostics import Diagnostic, error
from studyguide.project.config import Project
from studyguide.build.settings import BuildOptions
from studyguide.render import RenderSettings

if TYPE_CHECKING:
    from studyguide.build.tasks import Task, TaskResult
    from studyguide.project.discovery import OutlineFile

LOCK_FILE = ".studyguide.lock"
PACK = "course-pack"


@dataclass
class OutlineReport:
    """One row of the build summary."""

    name: str
    built: list[str] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    warnings: int = 0
    errors: int = 0
    seconds: float = 0.0


@dataclass
class BuildResult:
    diagnostics: list[Diagnostic]
    reports: list[OutlineReport]
    out_dir: str

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


def output_names(slug: str, fmt: str, editions: tuple[str, ...]) -> list[str]:
    """The files one outline produces in one format."""
    if fmt == "pptx":
        return [f"{slug}.pptx"]
    return [f"{slug}.pdf" if e == "student" else f"{slug}.{e}.pdf" for e in editions]


def run_build(project: Project, options: BuildOptions, settings: RenderSettings,
              progress: Callable[[str, int, int], None] = lambda line, done, total: None
              ) -> BuildResult:
    """Check the project, then build every stale output; never raises for bad input.

    `progress(line, done, total)` is told of every file written, with how many of the
    outputs to write are done.
    """
    checked = check_project(project, options.names, options.theme, options.jobs)
    out_dir = Path(project.root, options.out)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        checked.diagnostics.append(error(options.out, None, f"cannot create: {exc.strerror}"))
        return BuildResult(checked.sorted_diagnostics(), [], str(out_dir))
    with _lock(out_dir) as locked:
        if not locked:
            checked.diagnostics.append(error(project.display(out_dir / LOCK_FILE), None,
                                             "another build is running in this project; "
                                             "wait for it to finish"))
            return BuildResult(checked.sorted_diagnostics(), [], str(out_dir))
        reports = _build_locked(project, options, settings, checked, out_dir, progress)
    return BuildResult(checked.sorted_diagnostics(), reports, str(out_dir))


def _build_locked(project: Project, options: BuildOptions, settings: RenderSettings,
                  checked: Checked, out_dir: Path,
                  progress: Callable[[str, int, int], None]) -> list[OutlineReport]:
    _remove_leftovers(out_dir)
    tables = cache.read_cache(out_dir)
    tasks, reports = _plan_tasks(options, settings, checked, tables["outputs"], out_dir)
    fresh = dict(tables["outputs"])
    total, done = sum(len(task.keys) for task in tasks), 0
    for task, result in _execute(tasks, options.jobs):
        report = reports[task.report]
        report.seconds += result.seconds
        checked.diagnostics.extend(result.diagnostics)
        for name, data in result.outputs:
            try:
                write_atomic(out_dir / name, data)
            except OSError as exc:
                checked.diagnostics.append(error(project.display(out_dir / name), None,
                                                 f"cannot write: {exc.strerror}"))
                continue
            fresh[name] = {"key": task.keys[name], "size": len(data)}
            report.built.append(name)
            done += 1
            progress(f"built {project.display(out_dir / name)}", done, total)
        if result.failed:
            report.errors += 1
    _save_cache(out_dir, tables, fresh, checked)
    for f in checked.files:
        own = checked.for_outline(f)
        reports[f.slug].warnings += sum(not d.is_error for d in own)
        reports[f.slug].errors += sum(d.is_error for d in own)
    return list(reports.values())


def _save_cache(out_dir: Path, tables: dict[str, Any], outputs: dict[str, Any],
                checked: Checked) -> None:
    """Record the outputs, and the clean outlines and themes so later runs skip them."""
    outlines = {f.path: checked.entries[f.slug] for f in checked.files
                if f.slug in checked.entries}
    themes = {name: entry for name, entry in checked.theme_entries.items()
              if entry is not None and not entry.get("uncacheable")}
    new = {"outputs": outputs, "outlines": {**tables["outlines"], **outlines},
           "themes": {**tables["themes"], **themes}}
    if new != tables:
        try:
            write_atomic(out_dir / cache.CACHE_FILE, cache.cache_text(new).encode("utf-8"))
        except OSError:
            pass  # a cache we cannot write only costs a rebuild next time


def _theme_key(checked: Checked, name: str) -> str:
    entry = checked.theme_entries[name]
    assert entry is not None
    return entry["key"]


def _settings_key(checked: Checked, theme_name: str, settings: RenderSettings,
                  pack: bool = False) -> str:
    """The settings as they affect an output: the build date only when a template that draws
    the output uses it, so a handout built yesterday is still up to date today."""
    entry = checked.theme_entries[theme_name] or {}
    dated = set(entry.get("dated", ["every template"]))  # an older entry: assume it does
    if not pack:
        dated.discard("cover.j2")  # only the course pack has a cover
    return repr(settings if dated else replace(settings, date=""))


def _plan_tasks(options: BuildOptions, settings: RenderSettings, checked: Checked,
                outputs: dict[str, Any], out_dir: Path
                ) -> tuple[list[Task], dict[str, OutlineReport]]:
    """One task per stale outline and format, plus one per course-pack edition."""
    from studyguide.build.tasks import Task

    reports = {f.slug: OutlineReport(f.shown) for f in checked.files}
    outline_keys: dict[str, str] = {}
    planned: list[tuple[OutlineFile, str, tuple[str, ...], dict[str, str]]] = []
    for f in checked.files:
        if f.slug in checked.failed:
            continue
        entry, theme_name = checked.entries.get(f.slug), checked.theme_of[f.slug]
        deps = entry["deps"] if entry else {p: cache.file_hash(p)
                                             for p in sorted(images_of(checked.outline(f)))}
        base = cache.digest(__version__, cache.file_hash(f.path), _theme_key(checked, theme_name),
                            _settings_key(checked, theme_name, settings),
                            *(f"{p}={h}" for p, h in sorted(deps.items())))
        outline_keys[f.slug] = base
        for fmt in options.formats:
            names = output_names(f.slug, fmt, options.editions)
            keys = {n: cache.digest(base, fmt, n) for n in names}
            stale = [n for n in names if options.force or not _fresh(outputs, out_dir, n, keys[n])]
            reports[f.slug].up_to_date += [n for n in names if n not in stale]
            if stale:
                editions = tuple(e for e in options.editions
                                 if fmt == "pptx" or output_names(f.slug, fmt, (e,))[0] in stale)
                planned.append((f, fmt, editions, {n: keys[n] for n in stale}))
    # Outlines the check could skip (their cache entries were valid) are parsed now, together.
    checked.prefetch(list(dict.fromkeys(f for f, *_ in planned)), options.jobs)
    tasks = [Task(fmt, f.slug, (checked.outline(f),), checked.theme(checked.theme_of[f.slug]),
                  settings, editions, keys, f.shown, f.slug, options.debug)
             for f, fmt, editions, keys in planned]
    tasks += _pack_tasks(options, settings, checked, outputs, out_dir, outline_keys, reports)
    return tasks, reports


def _pack_tasks(options: BuildOptions, settings: RenderSettings, checked: Checked,
                outputs: dict[str, Any], out_dir: Path, outline_keys: dict[str, str],
                reports: dict[str, OutlineReport]) -> list[Task]:
    """The course packs: only for a whole-project build where every outline is good."""
    from studyguide.build.tasks import Task

    if not (options.pack and "pdf" in options.formats and not options.names and checked.files):
        return []
    if checked.failed or len(outline_keys) != len(checked.files):
        return []
    theme_name = options.theme or checked.project.build.theme
    if not check_theme(checked, theme_name):
        return []
    reports[PACK] = OutlineReport("course pack")
    base = cache.digest("pack", _theme_key(checked, theme_name),
                        _settings_key(checked, theme_name, settings, pack=True),
                        *(outline_keys[f.slug] for f in checked.files))
    stale = []
    for edition in options.editions:
        name = output_names(PACK, "pdf", (edition,))[0]
        key = cache.digest(base, name)
        if not options.force and _fresh(outputs, out_dir, name, key):
            reports[PACK].up_to_date.append(name)
        else:
            stale.append((edition, name, key))
    if not stale:
        return []
    checked.prefetch(checked.files, options.jobs)
    outlines = tuple(checked.outline(f) for f in checked.files)
    theme = checked.theme(theme_name)
    return [Task("pack", PACK, outlines, theme, settings, (edition,), {name: key},
                 "course pack", PACK, options.debug) for edition, name, key in stale]


def _execute(tasks: list[Task], jobs: int) -> Iterator[tuple[Task, TaskResult]]:
    """Run tasks, in a process pool when it pays; results come back in task order."""
    from studyguide.build.tasks import run_task

    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            yield task, run_task(task)
        return
    import concurrent.futures
    import multiprocessing

    context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
    # Longest first: course packs render every handout, so they start before the rest.
    order = sorted(range(len(tasks)), key=lambda i: tasks[i].kind != "pack")
    with concurrent.futures.ProcessPoolExecutor(min(jobs, len(tasks)), mp_context=context) as pool:
        futures = {i: pool.submit(run_task, tasks[i]) for i in order}
        for i, task in enumerate(tasks):
            yield task, futures[i].result()


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never a part."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def _remove_leftovers(out_dir: Path) -> None:
    """Delete temporary files of builds that were killed (we hold the lock, so none is live)."""
    for leftover in out_dir.glob(".*.tmp"):
        try:
            leftover.unlink()
        except OSError:
            pass


def _fresh(cache: dict, out_dir: Path, name: str, key: str) -> bool:
    entry = cache.get(name)
    if not isinstance(entry, dict) or entry.get("key") != key:
        return False
    try:
        return (out_dir / name).stat().st_size == entry.get("size")
    except OSError:
        return False


class _lock:
    """An exclusive, non-blocking lock on the output folder (released when the process ends)."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / LOCK_FILE
        self.handle = None

    def __enter__(self) -> bool:
        try:
            import fcntl
        except ImportError:  # Windows: no advisory locks; builds are not guarded
            return True
        self.handle = open(self.path, "a")
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def __exit__(self, *exc: object) -> None:
        if self.handle is not None:
            self.handle.close()



"""Building outputs: what is stale, rendering in a process pool, and writing files atomically.

Outputs are pure functions of their inputs. Each output's inputs (outline bytes, the images it
uses, every file of its theme chain, the settings that affect it, the studyguide version) are
hashed into a key kept in `build/.studyguide-cache.json`; an output whose key and file are
unchanged is not rebuilt. Renderers run in worker processes and return bytes; this module
writes them to a temporary file and renames it into place, so a failed or interrupted build
keeps the previous good file.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from studyguide import __version__
from studyguide.build_tasks import Task, TaskResult, run_task
from studyguide.checking import Checked, check_project
from studyguide.diagnostics import Diagnostic, error
from studyguide.outline.model import Image, ListBlock, Outline, Quote
from studyguide.project import Project
from studyguide.render import RenderSettings

CACHE_FILE = ".studyguide-cache.json"
LOCK_FILE = ".studyguide.lock"
PACK = "course-pack"


@dataclass(frozen=True)
class BuildOptions:
    """What `studyguide build` was asked to do, after the project file and options merged."""

    names: tuple[str, ...] = ()
    theme: str | None = None
    paper: str | None = None
    formats: tuple[str, ...] = ("pdf", "pptx")
    editions: tuple[str, ...] = ("student", "teacher")
    out: str = "build"
    jobs: int = 1
    force: bool = False
    pack: bool = True
    debug: bool = False


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
              progress: Callable[[str], None] = lambda line: None) -> BuildResult:
    """Check the project, then build every stale output; never raises for bad input."""
    checked = check_project(project, options.names, options.theme)
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
                  progress: Callable[[str], None]) -> list[OutlineReport]:
    _remove_leftovers(out_dir)
    cache = _read_cache(out_dir)
    tasks, reports = _plan_tasks(project, options, settings, checked, cache, out_dir)
    fresh = dict(cache)
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
            progress(f"built {project.display(out_dir / name)}")
        if result.failed:
            report.errors += 1
    _write_cache(out_dir, fresh)
    for f in checked.files:
        own = checked.for_outline(f)
        reports[f.slug].warnings += sum(not d.is_error for d in own)
        reports[f.slug].errors += sum(d.is_error for d in own)
    return list(reports.values())


def _plan_tasks(project: Project, options: BuildOptions, settings: RenderSettings,
                checked: Checked, cache: dict, out_dir: Path
                ) -> tuple[list[Task], dict[str, OutlineReport]]:
    """One task per stale outline and format, plus one per course-pack edition."""
    tasks: list[Task] = []
    reports = {f.slug: OutlineReport(f.shown) for f in checked.files}
    theme_keys = {n: _theme_key(t) for n, t in checked.themes.items() if t is not None}
    outline_keys: dict[str, str] = {}
    for f in checked.files:
        if f.slug in checked.failed:
            continue
        outline = checked.outlines[f.slug]
        theme_name = checked.theme_of[f.slug]
        base = _hash(__version__, _file_hash(f.path), theme_keys[theme_name], repr(settings),
                     *(_file_hash(p) for p in sorted(images_of(outline))))
        outline_keys[f.slug] = base
        for fmt in options.formats:
            names = output_names(f.slug, fmt, options.editions)
            keys = {n: _hash(base, fmt, n) for n in names}
            stale = [n for n in names if options.force or not _fresh(cache, out_dir, n, keys[n])]
            reports[f.slug].up_to_date += [n for n in names if n not in stale]
            if stale:
                editions = tuple(e for e in options.editions
                                 if fmt == "pptx" or output_names(f.slug, fmt, (e,))[0] in stale)
                tasks.append(Task(fmt, f.slug, (outline,), checked.themes[theme_name],
                                  settings, editions, {n: keys[n] for n in stale},
                                  f.shown, f.slug, options.debug))
    tasks += _pack_tasks(options, settings, checked, cache, out_dir, outline_keys, theme_keys,
                         reports)
    return tasks, reports


def _pack_tasks(options: BuildOptions, settings: RenderSettings, checked: Checked, cache: dict,
                out_dir: Path, outline_keys: dict[str, str], theme_keys: dict[str, str],
                reports: dict[str, OutlineReport]) -> list[Task]:
    """The course packs: only for a whole-project build where every outline is good."""
    if not (options.pack and "pdf" in options.formats and not options.names and checked.files):
        return []
    if checked.failed or len(outline_keys) != len(checked.files):
        return []
    theme_name = options.theme or checked.theme_of[checked.files[0].slug]
    theme = checked.themes.get(theme_name)
    if theme is None:
        return []
    reports[PACK] = OutlineReport("course pack")
    outlines = tuple(checked.outlines[f.slug] for f in checked.files)
    base = _hash("pack", theme_keys[theme_name], repr(settings),
                 *(outline_keys[f.slug] for f in checked.files))
    tasks = []
    for edition in options.editions:
        name = output_names(PACK, "pdf", (edition,))[0]
        key = _hash(base, name)
        if not options.force and _fresh(cache, out_dir, name, key):
            reports[PACK].up_to_date.append(name)
            continue
        tasks.append(Task("pack", PACK, outlines, theme, settings, (edition,), {name: key},
                          "course pack", PACK, options.debug))
    return tasks


def images_of(outline: Outline) -> set[str]:
    """Every image file an outline uses (its build depends on them)."""
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


def _execute(tasks: list[Task], jobs: int) -> Iterator[tuple[Task, TaskResult]]:
    """Run tasks, in a process pool when it pays; results come back in task order."""
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


def _read_cache(out_dir: Path) -> dict:
    """The cache, or an empty one when it is missing, corrupt or from another version."""
    try:
        data = json.loads((out_dir / CACHE_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("studyguide") != __version__:
        return {}
    outputs = data.get("outputs")
    return outputs if isinstance(outputs, dict) else {}


def _write_cache(out_dir: Path, outputs: dict) -> None:
    body = json.dumps({"studyguide": __version__, "outputs": outputs}, indent=1, sort_keys=True)
    try:
        write_atomic(out_dir / CACHE_FILE, body.encode("utf-8"))
    except OSError:
        pass  # a cache we cannot write only costs a rebuild next time


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


def _hash(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def _file_hash(path: str) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "missing"


def _theme_key(theme) -> str:
    """A hash of every file in the theme chain, and the resolved theme values."""
    files = []
    for folder in theme.chain:
        root = Path(folder)
        files += sorted(str(p) for p in root.rglob("*") if p.is_file())
    return _hash(repr(theme), *(f + _file_hash(f) for f in files))

"""Running a build: check, plan (build/plan.py), render in a process pool, write atomically.

Renderers run in worker processes and return bytes; this module writes them to a temporary
file and renames it into place, so a failed or interrupted build keeps the previous good file,
and it records each output's key in the cache only once the file is written.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, Literal

from studyguide.boundary import folder_problem, open_exclusive, open_lock_file
from studyguide.build import cache, prestart
from studyguide.build.cache import Cache, OutputEntry
from studyguide.build.inputs import Inputs, check_project
from studyguide.build.plan import PACK, PlannedTask, pack_theme, plan_build, wants_pack
from studyguide.build.settings import FONT_CACHE, PART_CACHE, BuildOptions
from studyguide.build.tasks import Task, TaskResult
from studyguide.diagnostics import Diagnostic, error, warning
from studyguide.project.config import Project
from studyguide.render import RenderSettings

if TYPE_CHECKING:
    from studyguide.build.prestart import Early
    from studyguide.build.warm import WarmPool
    from studyguide.outline.model import Outline
    from studyguide.project.discovery import OutlineFile
    from studyguide.theme.model import Theme

LOCK_FILE = ".studyguide.lock"
Progress = Callable[[str, int, int], None]


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


def run_build(project: Project, options: BuildOptions, settings: RenderSettings,
              progress: Progress = lambda line, done, total: None,
              warm: WarmPool | None = None) -> BuildResult:
    """Check the project, then build every stale output; never raises for bad input.

    `progress(line, done, total)` is told of every file written, with how many of the
    outputs to write are done. With `warm` (watch's pool), the tasks run in its workers,
    each outline's outputs before the course packs.
    """
    early = prestart.start(project, options) if warm is None else None
    try:
        return _checked_build(project, options, settings, progress, warm, early)
    finally:
        if early is not None:
            early.stop()


def _checked_build(project: Project, options: BuildOptions, settings: RenderSettings,
                   progress: Progress, warm: WarmPool | None,
                   early: Early | None) -> BuildResult:
    inputs = check_project(project, options.names, options.theme, options.jobs)
    out_dir = Path(project.root, options.out)
    problem = _output_folder_problem(project, options, out_dir)
    if problem is not None:
        inputs.diagnostics.append(problem)
        return BuildResult(inputs.sorted_diagnostics(), [], str(out_dir))
    if warm is not None:
        # Started (or started again) before the lock is taken: a worker forked while this
        # process holds it would hold it too, and every later build would find it taken.
        if wants_pack(inputs, options):
            inputs.check_theme(pack_theme(inputs, options))
        warm.executor(_usable_themes(inputs))
    with _lock(out_dir) as locked:
        if locked is not True:
            inputs.diagnostics.append(error(project.display(out_dir / LOCK_FILE), 1,
                                            locked))
            return BuildResult(inputs.sorted_diagnostics(), [], str(out_dir))
        reports = _build_locked(inputs, options, settings, out_dir, progress, warm, early)
    return BuildResult(inputs.sorted_diagnostics(), reports, str(out_dir))


def _output_folder_problem(project: Project, options: BuildOptions,
                           out_dir: Path) -> Diagnostic | None:
    """Create the output folder; a problem when it cannot be, or when the project's own
    output folder leads outside the project (a folder named with --out may be anywhere)."""
    root = project.root if not os.path.isabs(options.out) else out_dir
    reason = folder_problem(out_dir, root)
    if not reason:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            reason = folder_problem(out_dir, root)  # made through a symlink swapped in?
        except OSError as exc:
            reason = f"cannot create: {exc.strerror}"
    if not reason:
        return None
    line = project.line_of("build.output") if root == project.root else None
    if line is not None:
        return error("studyguide.toml", line, f"build.output: '{options.out}' {reason}")
    return error(project.display(out_dir), None, f"the output folder {reason}")


def _build_locked(inputs: Inputs, options: BuildOptions, settings: RenderSettings,
                  out_dir: Path, progress: Progress, warm: WarmPool | None = None,
                  early: Early | None = None) -> list[OutlineReport]:
    _remove_leftovers(out_dir)
    old = cache.read_cache(out_dir)
    if wants_pack(inputs, options):
        inputs.check_theme(pack_theme(inputs, options))  # the course packs' own theme
    plan = plan_build(inputs, options, settings, old.outputs, _sizes(out_dir, old))
    reports = {f.slug: OutlineReport(f.shown) for f in inputs.files}
    if PACK in plan.up_to_date:
        reports[PACK] = OutlineReport("course pack")
    for name, files in plan.up_to_date.items():
        reports[name].up_to_date += files
    fresh = dict(old.outputs)
    counter = _Counter(sum(len(task.outputs) for task in plan.tasks), progress)
    written: list[Path] = []
    results = (_execute_planned(plan.tasks, lambda planned: _tasks(inputs, planned, options,
                                                                    settings),
                                lambda planned: _parsed(inputs, planned), options.jobs, early)
               if warm is None else
               _execute_warm(lambda planned: _tasks(inputs, planned, options, settings,
                                                    warm.outlines),
                             plan.tasks, warm))
    for task, result in results:
        report = reports[task.report]
        report.seconds += result.seconds
        inputs.diagnostics.extend(result.diagnostics)
        written += _write_outputs(inputs, out_dir, task, result, fresh, report, counter)
        report.errors += result.failed
    _sync(written)  # on disk before the cache records them
    _save_cache(out_dir, old, fresh, inputs)
    for f in inputs.files:
        own = inputs.for_outline(f)
        reports[f.slug].warnings += sum(not d.is_error for d in own)
        reports[f.slug].errors += sum(d.is_error for d in own)
    return list(reports.values())


@dataclass
class _Counter:
    """How many of the outputs to write are written, told to `progress` at each."""

    total: int
    progress: Progress
    done: int = 0

    def wrote(self, line: str) -> None:
        self.done += 1
        self.progress(line, self.done, self.total)


def _write_outputs(inputs: Inputs, out_dir: Path, task: Task, result: TaskResult,
                   fresh: dict[str, OutputEntry], report: OutlineReport,
                   counter: _Counter) -> list[Path]:
    """Write a task's outputs, and record them in `fresh`, the cache's output table, only
    when every outline they were made from is still the text their key was made with: one
    saved during the build is reported, and its outputs are made again by the next build.
    Gives the files written."""
    changed = _changed_outlines(inputs, task.slugs)
    inputs.diagnostics.extend(
        warning(shown, 1, "changed while it was being built; its outputs were made from the "
                "text read before the change, and the next build makes them again")
        for shown in changed)
    written = []
    for output, data in result.outputs:
        path = out_dir / output.file
        try:
            write_atomic(path, data)
            written.append(path)
        except OSError as exc:
            inputs.diagnostics.append(error(inputs.project.display(path), 1,
                                            f"cannot write: {exc.strerror}"))
            continue
        if changed:
            fresh.pop(output.file, None)
        else:
            fresh[output.file] = OutputEntry(output.key, len(data))
        report.built.append(output.file)
        counter.wrote(f"built {inputs.project.display(path)}")
    return written


def _changed_outlines(inputs: Inputs, slugs: tuple[str, ...]) -> list[str]:
    """The outlines among `slugs` whose bytes now, or the bytes their model was parsed from,
    are not those whose hash is in the output's key."""
    changed = []
    for slug in slugs:
        good = inputs.good[slug]
        if (inputs.models.source(slug) != good.entry.hash
                or cache.file_hash(good.file.path) != good.entry.hash):
            changed.append(good.file.shown)
    return changed


def _sizes(out_dir: Path, old: Cache) -> dict[str, int]:
    """The size on disk of every output the cache knows of (missing files are left out)."""
    sizes = {}
    for name in old.outputs:
        try:
            sizes[name] = (out_dir / name).stat().st_size
        except (OSError, ValueError):
            pass
    return sizes


def _tasks(inputs: Inputs, planned_tasks: tuple[PlannedTask, ...], options: BuildOptions,
           settings: RenderSettings, kept: dict[str, KeptOutline] | None = None
           ) -> list[Task]:
    """The planned tasks with their models; outlines the check could skip are parsed now,
    together, unless `kept` (watch's models from earlier builds) has them."""
    by_slug = {f.slug: f for f in inputs.files}
    needed = list(dict.fromkeys(slug for task in planned_tasks for slug in task.slugs))
    files = [by_slug[slug] for slug in needed]
    if kept is not None:
        _reuse_outlines(inputs, files, kept)
    inputs.models.prefetch(files, options.jobs)
    if kept is not None:
        _keep_outlines(inputs, files, kept)

    def task_of(planned: PlannedTask) -> Task:
        outlines = tuple(inputs.models.outline(by_slug[slug]) for slug in planned.slugs)
        return Task(planned.kind, outlines, inputs.models.theme(planned.theme), settings,
                    planned.outputs, planned.shown, planned.report, options.debug,
                    planned.slugs)

    return [task_of(planned) for planned in planned_tasks]


# An outline parsed in an earlier build of a watch: what it was parsed from (project root,
# shown name, the hash of its bytes, its images' hashes), its model, its source hash.
KeptOutline = tuple[tuple[object, ...], "Outline", str]


def _parsed_from(inputs: Inputs, f: OutlineFile) -> tuple[object, ...]:
    """Everything an outline's model is made from, as its valid cache entry records it."""
    entry = inputs.good[f.slug].entry
    return (inputs.project.root, f.shown, entry.hash, tuple(sorted(entry.deps.items())))


def _reuse_outlines(inputs: Inputs, files: list[OutlineFile],
                    kept: dict[str, KeptOutline]) -> None:
    """The models of `files` not parsed yet taken from `kept` where they were parsed from
    what the outline is now: under watch, a course pack needs every outline, and parsing the
    unchanged ones again after each save cost 67 ms of the watch process's time."""
    for f in files:
        found = kept.get(f.path)
        if (inputs.models.source(f.slug) is None and found is not None
                and found[0] == _parsed_from(inputs, f)):
            inputs.models.keep_outline(f, found[1], found[2])


def _keep_outlines(inputs: Inputs, files: list[OutlineFile],
                   kept: dict[str, KeptOutline]) -> None:
    """Remember the models of `files` that were made from the bytes their entry hashes."""
    for f in files:
        source = inputs.models.source(f.slug)
        if source is not None and source == inputs.good[f.slug].entry.hash:
            kept[f.path] = (_parsed_from(inputs, f), inputs.models.outline(f), source)


def _save_cache(out_dir: Path, old: Cache, outputs: dict[str, OutputEntry],
                inputs: Inputs) -> None:
    """Record the outputs, and the silent outlines and themes so later runs skip them."""
    outlines = {g.file.path: g.entry for g in inputs.good.values() if g.cacheable}
    themes = {name: entry for name, entry in inputs.themes.items()
              if entry is not None and entry.cacheable}
    new = Cache(outputs, {**old.outlines, **outlines}, {**old.themes, **themes})
    if new != old:
        try:
            write_atomic(out_dir / cache.CACHE_FILE, cache.cache_text(new).encode("utf-8"))
        except OSError:
            pass  # a cache we cannot write only costs a rebuild next time


def _execute(tasks: list[Task], jobs: int) -> Iterator[tuple[Task, TaskResult]]:
    """Run tasks, in a process pool when it pays; results come back in task order.

    It pays when at least two tasks load a typesetting library: one outline's PDFs and deck
    at --jobs 2 took 0.68 s of wall time against 1.04 s in one process, for the same CPU
    time (1.00 s), medians of 7 alternated runs. An export alone is a few milliseconds, less
    than starting a process.
    """
    from studyguide.build.tasks import run_task

    if jobs <= 1 or sum(task.kind != "lms" for task in tasks) <= 1:
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


def _parsed(inputs: Inputs, planned: PlannedTask) -> bool:
    """Every outline the task is made from is parsed already (by the check)."""
    return all(inputs.models.source(slug) is not None for slug in planned.slugs)


def _execute_planned(planned: tuple[PlannedTask, ...],
                     tasks_of: Callable[[tuple[PlannedTask, ...]], list[Task]],
                     parsed: Callable[[PlannedTask], bool], jobs: int,
                     early: Early | None = None
                     ) -> Iterator[tuple[Task, TaskResult]]:
    """As _execute, with the models made here: in a pool, the tasks whose outlines the check
    has parsed are sent first, and the others' outlines are parsed while the workers render
    those. After one edit, the course packs need the three unchanged outlines, parsed in
    this process: with the packs sent first, both workers waited for those parses (0.13 s
    of the edited rebuild's 1.36 s, one processor idle); now the edited outline's PDFs and
    deck are rendered meanwhile."""
    from studyguide.build.tasks import run_task

    if jobs <= 1 or sum(task.kind != "lms" for task in planned) <= 1:
        yield from _execute(tasks_of(planned), jobs)
        return
    import concurrent.futures
    import multiprocessing

    context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
    ready = [i for i, task in enumerate(planned) if parsed(task)]
    later = [i for i, task in enumerate(planned) if not parsed(task)]
    tasks: dict[int, Task] = {}
    futures = {}
    with (contextlib.nullcontext(early.take()) if early is not None else
          concurrent.futures.ProcessPoolExecutor(min(jobs, len(planned)),
                                                 mp_context=context)) as pool:
        for group in (ready, later):
            tasks.update(zip(group, tasks_of(tuple(planned[i] for i in group))))
            # Longest first: course packs render every handout, so they start before the rest.
            for i in sorted(group, key=lambda i: tasks[i].kind != "pack"):
                futures[i] = pool.submit(run_task, tasks[i])
        for i in range(len(planned)):
            yield tasks[i], futures[i].result()


def _usable_themes(inputs: Inputs) -> dict[str, Theme]:
    """theme key -> theme, for every usable theme of the run (loaded now if the cache let the
    check skip it): what watch's workers are warmed for."""
    return {entry.key: inputs.models.theme(name) for name, entry in inputs.themes.items()
            if entry is not None}


def _execute_warm(tasks_of: Callable[[tuple[PlannedTask, ...]], list[Task]],
                  planned: tuple[PlannedTask, ...], warm: WarmPool
                  ) -> Iterator[tuple[Task, TaskResult]]:
    """Run tasks in watch's warm pool: first each outline's outputs, one output per task so
    that a deck and two editions render side by side, then the course packs, sent only once
    those are written so that they take no processor from the file being edited (and their
    other outlines are parsed only then). A pool whose worker died is started again by the
    next build (before its lock); this build's remaining tasks run in this process."""
    own = tuple(task for task in planned if task.report != PACK)
    packs = tuple(task for task in planned if task.report == PACK)
    yield from _run_warm(_one_output_each(tasks_of(own)), warm)
    if packs:
        yield from _run_warm(tasks_of(packs), warm)


def _one_output_each(tasks: list[Task]) -> list[Task]:
    """Every task split into one task per output."""
    import dataclasses

    return [dataclasses.replace(task, outputs=(output,))
            for task in tasks for output in task.outputs]


def _run_warm(tasks: list[Task], warm: WarmPool) -> Iterator[tuple[Task, TaskResult]]:
    """`tasks` in the warm pool, decks sent first (the longest to render), their results in
    task order (run here if the pool is gone)."""
    from concurrent.futures.process import BrokenProcessPool

    from studyguide.build.tasks import run_task

    pool = warm.current()
    if pool is None:  # it broke in an earlier build or task: these run here
        yield from _execute(tasks, 1)
        return
    first = sorted(range(len(tasks)), key=lambda i: tasks[i].kind != "pptx")
    futures = {i: pool.submit(run_task, tasks[i]) for i in first}
    for i, task in enumerate(tasks):
        try:
            result = futures[i].result()
        except BrokenProcessPool:
            warm.close()
            result = run_task(task)
        yield task, result


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the new one, never a part.

    The temporary file is new (never an existing file, never through a symlink); renaming it
    replaces `path` itself, so a symlink at `path` is replaced, not written through. It is
    not synced to disk here: an fsync took 8 ms of wall time per file on this machine's ext4,
    and under `watch` it stood between a render and the file the teacher is waiting for;
    the build syncs its outputs once they are all written, before the cache records them
    (`_sync`), and a cache lost in a crash only costs a rebuild (a torn one is not read).
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    created = False
    try:
        with os.fdopen(open_exclusive(tmp), "wb") as handle:
            created = True
            handle.write(data)
        os.replace(tmp, path)
        created = False
    finally:
        if created:
            tmp.unlink(missing_ok=True)


def _sync(paths: list[Path]) -> None:
    """Flush the written files' data to disk (a file gone or replaced since is skipped)."""
    for path in paths:
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            os.fsync(fd)
        except OSError:
            pass
        finally:
            os.close(fd)


_LEFTOVER = re.compile(r"\.(.+\.(?:pdf|pptx)|" + re.escape(cache.CACHE_FILE) + r")\.\d+\.tmp")
_FONT_LEFTOVER = re.compile(r"\.[0-9a-f]{64}\.font\.\d+\.tmp")  # render/pdf/fontcache.py
_PART_LEFTOVER = re.compile(r"\.(?:student|teacher)-[0-9a-f]{64}\.part\.\d+\.tmp")  # parts_cache
_LEFTOVERS = (_LEFTOVER, _FONT_LEFTOVER, _PART_LEFTOVER)


def _remove_leftovers(out_dir: Path) -> None:
    """Delete temporary files that killed builds left (we hold the lock, so none is live):
    only plain files named as write_atomic (or the font or part cache) names them, so nothing
    of the user's is touched. A symlinked cache folder is not looked into."""
    found = list(out_dir.glob(".*.tmp"))
    for folder in (out_dir / FONT_CACHE, out_dir / PART_CACHE):
        if folder.is_dir() and not folder.is_symlink():
            found += folder.glob(".*.tmp")
    for leftover in found:
        try:
            if any(p.fullmatch(leftover.name) for p in _LEFTOVERS) \
                    and leftover.is_file() and not leftover.is_symlink():
                leftover.unlink()
        except OSError:
            pass


class _lock:
    """An exclusive, non-blocking lock on the output folder (released when the process ends).

    Entering gives True, or the reason the build may not go on.
    """

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / LOCK_FILE
        self.fd: int | None = None

    def __enter__(self) -> Literal[True] | str:
        try:
            import fcntl
        except ImportError:  # Windows: no advisory locks; builds are not guarded
            return True
        try:
            self.fd = open_lock_file(self.path)
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                return (f"cannot create or open the lock file: {exc.strerror} (is the output "
                        "folder read-only?)")
            return (f"the lock file cannot be used ({exc.strerror or exc}); it must be a "
                    "plain file, not a link, folder or pipe: delete it and build again")
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return "another build is running in this project; wait for it to finish"

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            os.close(self.fd)

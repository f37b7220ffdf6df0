"""The build's process pool, started before the project is checked when there is work for it.

A forked worker's first PDF edition cost 321 ms of CPU against 137 for its next, and its first
deck 231 against 104 (build/warm.py): reportlab, python-pptx, pikepdf and the renderers'
modules are imported on first use. A build that renders in a pool started the pool only
once the project was checked, so its workers paid all of that after the check, while the
check had kept one of the two processors idle. When the cache already shows that outlines
have changed, and they will make at least two tasks (the pool's own rule, build/run.py
_execute), the pool is started first (`start`): its workers import the renderers while this
process checks the project, and the build sends them its tasks as before. Each worker runs
with the collector on and freezes what it imported (build/tasks.py run_task).

Nothing is read here but the build cache and the outlines' bytes (hashed, as the check then
hashes them again); a guess that proves wrong (an outline with errors, nothing to build after
all) only costs the other processor's time: the pool is shut down unused.

When so many outlines changed that the check parses them in a pool of its own
(PARALLEL_PARSE_MIN), the check leaves no processor idle, and the early pool only competed
with it: 100 changed outlines built in 16.5 and 14.7 s with it, 13.9 and 14.3 s without
(alternated), so such a build starts its pool after the check, as before.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from studyguide.build import cache
from studyguide.build.inputs import PARALLEL_PARSE_MIN
from studyguide.build.settings import BuildOptions
from studyguide.project.config import Project
from studyguide.project.discovery import discover

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor


class Early:
    """The pool started early, and whether the build sent it tasks (`take`)."""

    def __init__(self, pool: ProcessPoolExecutor) -> None:
        self._pool = pool
        self._used = False

    def take(self) -> ProcessPoolExecutor:
        """The pool, for the build's tasks."""
        self._used = True
        return self._pool

    def stop(self) -> None:
        """Shut the pool down. One that was sent no task (the check found errors, or there
        was nothing to build after all) is not waited for: its workers are only importing,
        and the teacher waiting for the check's messages would wait for them too."""
        if not self._used:
            for process in list((getattr(self._pool, "_processes", None) or {}).values()):
                process.terminate()
        self._pool.shutdown(cancel_futures=True)


def start(project: Project, options: BuildOptions) -> Early | None:
    """The build's pool, started and importing the renderers, when its outlines' changes
    will make at least two rendering tasks; None otherwise."""
    wanted = warm_up(project, options)
    if wanted is None:
        return None
    import concurrent.futures
    import multiprocessing

    pool = concurrent.futures.ProcessPoolExecutor(
        options.jobs, mp_context=multiprocessing.get_context("fork"), initializer=_warm_up,
        initargs=wanted)
    pool.submit(_ready)  # a fork pool starts every worker at its first task
    return Early(pool)


def warm_up(project: Project, options: BuildOptions) -> tuple[bool, bool, bool] | None:
    """What the early pool's workers import (PDF renderer, deck renderer, course pack), or
    None when the build will not have two rendering tasks for the pool. Every worker makes
    PDFs (a handout, a course pack), but one deck needs python-pptx in one worker only: a
    worker that gets a deck without it imports it then."""
    if options.jobs <= 1 or sys.platform != "linux" or not _renders(options):
        return None
    files, _ = discover(project, options.names)
    known = cache.read_cache(Path(project.root, project.build.output)).outlines  # as the check
    changed = sum(1 for f in files if (entry := known.get(f.path)) is None
                  or entry.hash != cache.file_hash(f.path))
    per_outline = ("pdf" in options.formats) + ("pptx" in options.formats)
    packs = (len(options.editions) if options.pack and "pdf" in options.formats
             and not options.names and changed else 0)
    if changed * per_outline + packs < 2 or changed >= PARALLEL_PARSE_MIN:
        return None  # too little for two workers, or a check that parses in a pool itself
    return "pdf" in options.formats, "pptx" in options.formats and changed > 1, packs > 0


def _renders(options: BuildOptions) -> bool:
    return "pdf" in options.formats or "pptx" in options.formats


def _ready() -> bool:
    return True


def _warm_up(pdf: bool, deck: bool, pack: bool) -> None:
    """A worker's first work: import what its tasks will render with, then freeze it."""
    import gc

    gc.enable()  # forked while the console script's start-up had collection paused
    if pdf:
        import studyguide.render.pdf.document  # noqa: F401 - reportlab and the handout's modules
    if deck:
        import pptx.dml.color  # noqa: F401 - python-pptx, which the deck imports on first use
        import pptx.enum.shapes  # noqa: F401
        import pptx.parts.slide  # noqa: F401

        import studyguide.render.deck.emit  # noqa: F401
    if pack:
        import pikepdf  # noqa: F401 - the course pack's merge
        import studyguide.render.pdf.course_pack  # noqa: F401
    gc.collect()
    gc.freeze()

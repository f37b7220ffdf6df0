"""The work a build process does: render one outline in one format, or one course pack.

Tasks are plain data so they can cross into a worker process. Each renderer is found in a
registry by the task's kind and imported on first use, inside the worker, so a build with
nothing to do never pays for reportlab or python-pptx.
"""

from __future__ import annotations

import gc
import importlib
import sys
import time
import traceback
from dataclasses import dataclass, field
from typing import Callable

from studyguide.build.plan import Output
from studyguide.diagnostics import Diagnostic, Severity, error
from studyguide.outline.model import Outline
from studyguide.project.config import Edition
from studyguide.records import record
from studyguide.render import Rendered, RenderSettings
from studyguide.theme.model import Theme


@record
class Task:
    """A planned task with its models: everything a worker needs to render its outputs."""

    kind: str  # a key of RENDERERS
    outlines: tuple[Outline, ...]
    theme: Theme
    settings: RenderSettings
    outputs: tuple[Output, ...]
    shown: str  # how to name the input in messages
    report: str  # which summary row the task belongs to
    debug: bool = False
    slugs: tuple[str, ...] = ()  # the outlines it is made from


@dataclass
class TaskResult:
    outputs: list[tuple[Output, bytes]] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    failed: bool = False
    seconds: float = 0.0


def _edition(module: str, function: str, pack: bool = False
             ) -> Callable[[Task, Edition | None], Rendered]:
    """A renderer of one edition: `module.function(outline or outlines, theme, settings,
    edition)`, imported on first use so that a build with nothing to do never loads it."""
    def render(task: Task, edition: Edition | None) -> Rendered:
        assert edition is not None
        made = getattr(importlib.import_module(module), function)
        subject = task.outlines if pack else task.outlines[0]
        return made(subject, task.theme, task.settings, edition)  # type: ignore[no-any-return]
    return render


def _pptx(task: Task, edition: Edition | None) -> Rendered:
    from studyguide.render.deck import render_pptx

    return render_pptx(task.outlines[0], task.theme, task.settings)


# kind -> (the renderer's name in messages, the function rendering one output)
RENDERERS: dict[str, tuple[str, Callable[[Task, Edition | None], Rendered]]] = {
    "pdf": ("PDF renderer", _edition("studyguide.render.pdf", "render_pdf")),
    "pptx": ("PPTX renderer", _pptx),
    "pack": ("course-pack renderer",
             _edition("studyguide.render.pdf", "render_course_pack", pack=True)),
    "slides": ("slide-handout renderer",
               _edition("studyguide.render.slides", "render_slide_handout")),
    "worksheet": ("worksheet renderer",
                  _edition("studyguide.render.worksheet", "render_worksheet")),
    "worksheet-pack": ("worksheet-pack renderer",
                       _edition("studyguide.render.worksheet", "render_worksheet_pack",
                                pack=True)),
    "quiz": ("quiz renderer", _edition("studyguide.render.worksheet", "render_quiz")),
    "lms": ("LMS exporter", lambda task, edition: _export(task, task.outputs[0].file)),
}


def _export(task: Task, file: str) -> Rendered:
    from studyguide.render.lms import render_export

    return render_export(task.outlines[0], file)


def run_task(task: Task) -> TaskResult:
    """Render everything a task asks for; a crash becomes one diagnostic, never a traceback.

    Garbage collection: an outline's task runs with the cyclic collector paused and its
    youngest generation collected once at the end, as a handout render does (render/pdf/
    document.py); a course pack, which renders every outline, collects as it goes. In a pool
    worker, what is left after a task is then frozen (imports, registered fonts, caches), so
    later collections do not walk it again. In the 100-outline build the collector took
    1.7 s of CPU in each of the two workers (9 %), 0.87 s of it in six full passes over the
    warm heap (145 ms each); with this, 1.1 s.
    """
    pause = gc.isenabled() and not task.kind.endswith("pack")
    if pause:
        gc.disable()
    try:
        return _run(task)
    finally:
        if pause:
            gc.enable()
            gc.collect(0)
        if _in_worker() and gc.isenabled():
            if not pause:  # what a pack left in the older generations, before it is frozen
                gc.collect()
            gc.freeze()


def _in_worker() -> bool:
    """Whether this process is a pool's worker (build/run.py, build/warm.py), which renders
    task after task and ends with its build or watch."""
    multiprocessing = sys.modules.get("multiprocessing")
    return multiprocessing is not None and multiprocessing.parent_process() is not None


def _run(task: Task) -> TaskResult:
    start = time.perf_counter()
    result = TaskResult()
    render = RENDERERS[task.kind][1]
    try:
        for output in task.outputs:
            # an export has no edition: its file name says which writer makes it
            rendered = (_export(task, output.file) if task.kind == "lms"
                        else render(task, output.edition))
            result.diagnostics.extend(rendered.diagnostics)
            result.outputs.append((output, rendered.data))
    except Exception as exc:  # noqa: BLE001 - any renderer bug must become a diagnostic
        result.outputs = []
        result.failed = True
        result.diagnostics.append(_internal_error(task, exc))
    result.seconds = time.perf_counter() - start
    return result


def _internal_error(task: Task, exc: Exception) -> Diagnostic:
    from studyguide.theme.templates import TemplateProblem

    if isinstance(exc, TemplateProblem):
        return error(exc.path, exc.line, exc.message)
    message = f"internal error in {RENDERERS[task.kind][0]}: {type(exc).__name__}: {exc}"
    line = None if task.kind.endswith("pack") else 1  # an outline is named at its line 1
    if task.debug:
        return Diagnostic(task.shown, line, Severity.ERROR, message, traceback.format_exc())
    return error(task.shown, line, message + " (run again with --debug for details)")

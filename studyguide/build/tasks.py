"""The work a build process does: render one outline in one format, or one course pack.

Tasks are plain data so they can cross into a worker process. The renderers, and with them
reportlab and python-pptx, are imported here on first use, inside the worker, so a build with
nothing to do never pays for them.
"""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass, field

from studyguide.diagnostics import Diagnostic, error
from studyguide.outline.model import Outline
from studyguide.render import RenderSettings, Rendered
from studyguide.theme.model import Theme

RENDERER_NAMES = {"pdf": "PDF renderer", "pptx": "PPTX renderer", "pack": "course-pack renderer"}


@dataclass(frozen=True)
class Task:
    kind: str  # "pdf" | "pptx" | "pack"
    slug: str
    outlines: tuple[Outline, ...]
    theme: Theme
    settings: RenderSettings
    editions: tuple[str, ...]
    keys: dict[str, str]  # output file name -> cache key, for the outputs this task writes
    shown: str  # how to name the input in messages
    report: str  # which summary row the task belongs to
    debug: bool = False


@dataclass
class TaskResult:
    outputs: list[tuple[str, bytes]] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    failed: bool = False
    seconds: float = 0.0


def run_task(task: Task) -> TaskResult:
    """Render everything a task asks for; a crash becomes one diagnostic, never a traceback."""
    start = time.perf_counter()
    result = TaskResult()
    try:
        for name, edition in _outputs(task):
            rendered = _render(task, edition)
            result.diagnostics.extend(rendered.diagnostics)
            result.outputs.append((name, rendered.data))
    except Exception as exc:  # noqa: BLE001 - any renderer bug must become a diagnostic
        result.outputs = []
        result.failed = True
        result.diagnostics.append(_internal_error(task, exc))
    result.seconds = time.perf_counter() - start
    return result


def _outputs(task: Task) -> list[tuple[str, str]]:
    """(file name, edition) pairs, in the order the keys were planned."""
    if task.kind == "pptx":
        return [(next(iter(task.keys)), "student")]
    names = list(task.keys)
    return list(zip(names, task.editions))


def _render(task: Task, edition: str) -> Rendered:
    if task.kind == "pdf":
        from studyguide.render.pdf import render_pdf

        return render_pdf(task.outlines[0], task.theme, task.settings, edition)
    if task.kind == "pptx":
        from studyguide.render.deck import render_pptx

        return render_pptx(task.outlines[0], task.theme, task.settings)
    from studyguide.render.pdf import render_course_pack

    return render_course_pack(task.outlines, task.theme, task.settings, edition)


def _internal_error(task: Task, exc: Exception) -> Diagnostic:
    from studyguide.theme.templates import TemplateProblem

    if isinstance(exc, TemplateProblem):
        return error(exc.path, exc.line, exc.message)
    message = f"internal error in {RENDERER_NAMES[task.kind]}: {type(exc).__name__}: {exc}"
    if task.debug:
        message += "\n" + traceback.format_exc()
    else:
        message += " (run again with --debug for details)"
    return error(task.shown, None, message)

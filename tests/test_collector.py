"""The console script's start-up pause of garbage collection (studyguide/startup.py): on
while the project is checked, off again before anything renders or forks, never touched for
a library caller."""

from __future__ import annotations

import gc
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from conftest import REPO

from studyguide import startup

if TYPE_CHECKING:
    from studyguide.build import tasks

SPY = """
import gc, sys
from studyguide.build import inputs, tasks
seen = []
check, run_task = inputs.check_project, tasks.run_task
def spy_check(*a, **k):
    seen.append(("check", gc.isenabled()))
    found = check(*a, **k)
    seen.append(("checked", gc.isenabled()))
    return found
def spy_task(*a, **k):  # a render's own pause inside (render/pdf/document.py) is not start-up's
    seen.append(("render", gc.isenabled()))
    return run_task(*a, **k)
inputs.check_project, tasks.run_task = spy_check, spy_task
sys.argv = ["studyguide", *sys.argv[1:]]
from studyguide.cli import run
import atexit  # `build` leaves by os._exit after the atexit handlers (startup.leave)
atexit.register(lambda: print(seen, gc.isenabled(), gc.get_freeze_count() > 0))
run()
"""


def _project(root: Path) -> Path:
    (root / "outlines").mkdir(parents=True)
    shutil.copy(REPO / "outlines" / "04-great-terror.md", root / "outlines")
    shutil.copy(REPO / "studyguide.toml", root / "studyguide.toml")
    return root


def _run(project: Path, *args: str) -> str:
    out = subprocess.run([sys.executable, "-c", SPY, *args], cwd=project, capture_output=True,
                         text=True)
    assert "Traceback" not in out.stderr, out.stderr
    return out.stdout.strip().splitlines()[-1]


def test_a_build_collects_again_before_it_renders(tmp_path: Path) -> None:
    project = _project(tmp_path / "course")
    last = _run(project, "build", "--jobs", "1", "--format", "pdf", "--edition", "student")
    # paused while checked; collecting again (and start-up's objects frozen) for every render
    assert last.startswith("[('check', False), ('checked', True), ('render', True)")
    assert "('render', False)" not in last and last.endswith("] True True")
    assert (project / "build" / "04-great-terror.pdf").is_file()


def test_check_pauses_and_other_commands_do_not(tmp_path: Path) -> None:
    project = _project(tmp_path / "course")
    assert _run(project, "check") == "[('check', False), ('checked', True)] True True"
    assert _run(project, "themes") == "[] True False"
    assert _run(project, "--help") == "[] True False"


def test_resume_without_a_pause_changes_nothing() -> None:
    frozen = gc.get_freeze_count()
    startup.resume()
    assert gc.isenabled() and gc.get_freeze_count() == frozen
    gc.disable()  # a caller's own choice is kept
    try:
        startup.resume()
        assert not gc.isenabled()
    finally:
        gc.enable()


def _deck_task() -> "tasks.Task":
    from studyguide.build.plan import Output
    from studyguide.build.tasks import Task
    from studyguide.outline.parser import parse_outline
    from studyguide.render import RenderSettings
    from studyguide.theme.loader import load_theme

    outline, _ = parse_outline(REPO / "outlines" / "04-great-terror.md", REPO)
    theme, _ = load_theme("classic", REPO)
    return Task("pptx", (outline,), theme, RenderSettings(date="1 December 2026"),
                (Output("04-great-terror.pptx", None, "key"),), "04-great-terror.md", "04")


def _task_in_worker(task: "tasks.Task") -> tuple[bool, bool, bytes]:
    from studyguide.build.tasks import run_task

    frozen = gc.get_freeze_count()
    data = run_task(task).outputs[0][1]
    return gc.isenabled(), gc.get_freeze_count() > frozen, data


def test_a_task_collects_its_own_garbage_and_a_worker_freezes_what_is_left() -> None:
    """build/tasks.py run_task: the collector paused during an outline's task and on again
    after it; only a pool's worker freezes what the task left; the bytes are the same."""
    import concurrent.futures
    import multiprocessing

    from studyguide.build.tasks import run_task

    task = _deck_task()
    frozen = gc.get_freeze_count()
    here = run_task(task)
    assert gc.isenabled() and gc.get_freeze_count() == frozen  # no freezing in the caller
    assert not here.failed
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=context) as pool:
        enabled, froze, data = pool.submit(_task_in_worker, task).result()
    assert enabled and froze
    assert data == here.outputs[0][1]

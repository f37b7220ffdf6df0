"""The console script's `build` leaves without the interpreter's teardown (startup.leave):
its outputs, what it printed and its exit code are the same as with sys.exit."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import REPO
from pypdf import PdfReader

from studyguide import startup

LEAVE = """
import atexit, sys
from studyguide import startup
atexit.register(lambda: print("atexit ran"))
sys.stdout.write("unflushed ")  # a pipe: block-buffered, so only the flush writes it
out = open(sys.argv[2], "w")
out.write("written")
out.close()
startup.leave(int(sys.argv[1]))
print("not reached")
"""


@pytest.mark.parametrize("code", [0, 3])
def test_leave_runs_atexit_flushes_and_keeps_the_code(tmp_path: Path, code: int) -> None:
    done = subprocess.run([sys.executable, "-c", LEAVE, str(code), str(tmp_path / "f")],
                          capture_output=True, text=True)
    assert done.returncode == code, done.stderr
    assert done.stdout == "unflushed atexit ran\n"
    assert (tmp_path / "f").read_text() == "written"


def test_leave_is_sys_exit_while_another_thread_runs() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with pytest.raises(SystemExit) as raised:
            startup.leave(2)
        assert raised.value.code == 2
    finally:
        stop.set()
        other.join()


@pytest.mark.parametrize("code", ["a message", True, None])
def test_leave_hands_sys_exit_what_os_exit_cannot_take(code: object) -> None:
    if code is None:  # None is 0 for both: only checked not to raise in a subprocess
        done = subprocess.run([sys.executable, "-c",
                               "from studyguide import startup; startup.leave(None)"])
        assert done.returncode == 0
        return
    with pytest.raises(SystemExit) as raised:
        startup.leave(code)
    assert raised.value.code == code


def test_a_console_build_writes_everything_before_it_leaves(tmp_path: Path) -> None:
    project = tmp_path / "course"
    (project / "outlines").mkdir(parents=True)
    shutil.copy(REPO / "outlines" / "04-great-terror.md", project / "outlines")
    shutil.copy(REPO / "studyguide.toml", project / "studyguide.toml")
    done = subprocess.run([sys.executable, "-m", "studyguide", "build", "--format", "pdf",
                           "--edition", "student"], cwd=project, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "files written to" in done.stdout.rstrip().splitlines()[-1]  # handout and pack
    pdf = PdfReader(project / "build" / "04-great-terror.pdf")
    assert "Great Terror" in pdf.pages[0].extract_text()
    cache = json.loads((project / "build" / ".studyguide-cache.json").read_text("utf-8"))
    assert "04-great-terror.pdf" in json.dumps(cache["outputs"])
    again = subprocess.run([sys.executable, "-m", "studyguide", "build", "--format", "pdf",
                            "--edition", "student"], cwd=project, capture_output=True, text=True)
    assert again.returncode == 0 and "up to date" in again.stdout  # the cache was complete


def test_a_failing_console_build_keeps_its_exit_code(tmp_path: Path) -> None:
    (tmp_path / "outlines").mkdir()
    (tmp_path / "studyguide.toml").write_text("[build]\ntheme = 3\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "studyguide", "build"], cwd=tmp_path,
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert "error" in done.stderr


def test_a_profiled_build_still_writes_its_profile(tmp_path: Path) -> None:
    """bench/hotspots.py runs `python -m cProfile -o X -m studyguide build`: cProfile writes
    X after the program, so leave() must not skip that."""
    project = tmp_path / "course"
    (project / "outlines").mkdir(parents=True)
    shutil.copy(REPO / "outlines" / "04-great-terror.md", project / "outlines")
    shutil.copy(REPO / "studyguide.toml", project / "studyguide.toml")
    prof = tmp_path / "build.prof"
    done = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "studyguide",
                           "build", "--format", "pdf", "--edition", "student"], cwd=project,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    import pstats

    assert any("run_build" in name for _, _, name in pstats.Stats(str(prof)).stats)

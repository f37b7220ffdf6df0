"""`studyguide watch` rebuilds after a save and keeps going after an error."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

from conftest import write_outline


class _Output:
    """Lines from a process, read on a thread so that waiting can time out."""

    def __init__(self, proc: subprocess.Popen) -> None:
        self.lines: list[str] = []
        self._queue: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, args=(proc,), daemon=True).start()

    def _read(self, proc: subprocess.Popen) -> None:
        for line in proc.stdout:
            self._queue.put(line)

    def wait_for(self, text: str, timeout: float = 90) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self._queue.get(timeout=0.5)
            except queue.Empty:
                continue
            self.lines.append(line)
            if text in line:
                return True
        return False


def test_watch_rebuilds_a_saved_outline_and_survives_an_error(project: Path) -> None:
    path = write_outline(project, "01-a")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "studyguide", "watch"], cwd=project, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out = _Output(proc)
    try:
        assert out.wait_for("watching for changes"), "".join(out.lines)
        time.sleep(1.0)  # the file watcher starts just after the message
        path.write_text(path.read_text(encoding="utf-8").replace("1924-01-21", "1924-01-99"),
                        encoding="utf-8")
        assert out.wait_for("problems found"), "".join(out.lines)
        assert any("invalid date '1924-01-99'" in line for line in out.lines)
        mark = len(out.lines)
        path.write_text(path.read_text(encoding="utf-8").replace("1924-01-99", "1924-01-22"),
                        encoding="utf-8")
        assert out.wait_for("ok: "), "".join(out.lines)
        assert any("built build/01-a.pdf" in line for line in out.lines[mark:]), \
            "".join(out.lines)
        assert proc.poll() is None, "watch must keep running"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        proc.stdout.close()

"""Save to outputs on disk under `studyguide watch`, timed from outside as a teacher sees it.

    python bench/watch_probe.py STUDYGUIDE PROJECT SLUG WARMUP ROUNDS OUT.json

Starts `studyguide watch` in PROJECT (a scratch copy), waits until its first build has written
every output and gone quiet, then, ROUNDS + WARMUP times, changes the outline's first
paragraph ("Revision N of this outline.") and times from the moment the file is written until
the outline's three outputs (both PDF editions and the deck) all have a new modification time,
and then until both course packs have one too. Before the next save it waits for the project
to be quiet. The times are wall-clock (the watcher's debounce and the file system are part of
what a teacher waits for). Writes the times as JSON; the watcher is stopped at the end.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

POLL = 0.002  # seconds between looks at the outputs
PACK_WAIT = 15.0  # the longest wait for a course pack before giving up on it
QUIET = 0.5  # no output changing for this long: the watcher has finished


def _mtimes(paths: list[Path]) -> list[int | None]:
    found: list[int | None] = []
    for path in paths:
        try:
            found.append(path.stat().st_mtime_ns)
        except OSError:
            found.append(None)
    return found


def _wait_changed(paths: list[Path], before: list[int | None], limit: float) -> float | None:
    """Seconds until every path's mtime differs from `before`, or None after `limit`."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        now = _mtimes(paths)
        if all(n is not None and n != b for n, b in zip(now, before)):
            return time.perf_counter() - start
        time.sleep(POLL)
    return None


def _wait_quiet(paths: list[Path], limit: float = 60.0) -> None:
    """Wait until every path exists and none has changed for QUIET seconds."""
    start, seen, since = time.perf_counter(), _mtimes(paths), time.perf_counter()
    while time.perf_counter() - start < limit:
        time.sleep(0.05)
        now = _mtimes(paths)
        if now != seen or None in now:
            seen, since = now, time.perf_counter()
        elif time.perf_counter() - since >= QUIET:
            return


def main(argv: list[str]) -> int:
    studyguide, project, slug = argv[1], Path(argv[2]), argv[3]
    warmup, rounds, result = int(argv[4]), int(argv[5]), Path(argv[6])
    build, outline = project / "build", project / "outlines" / f"{slug}.md"
    outputs = [build / f"{slug}.pdf", build / f"{slug}.teacher.pdf", build / f"{slug}.pptx"]
    packs = [build / "course-pack.pdf", build / "course-pack.teacher.pdf"]
    original = outline.read_text(encoding="utf-8")
    head, sep, body = original.partition("\n---\n")
    saves: list[float | None] = []
    pack_times: list[float | None] = []
    log = open(result.with_suffix(".log"), "w", encoding="utf-8")
    watcher = subprocess.Popen([studyguide, "watch"], cwd=project, stdin=subprocess.DEVNULL,
                               stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_quiet(outputs + packs, limit=120.0)
        for n in range(1, warmup + rounds + 1):
            before, packs_before = _mtimes(outputs), _mtimes(packs)
            with open(outline, "w", encoding="utf-8") as out:
                out.write(f"{head}{sep}Revision {n} of this outline.\n\n{body}")
            save = _wait_changed(outputs, before, PACK_WAIT)
            pack = _wait_changed(packs, packs_before, PACK_WAIT)
            if n > warmup:
                saves.append(save)
                pack_times.append(pack)
            _wait_quiet(outputs + packs)
    finally:
        watcher.terminate()
        try:
            watcher.wait(timeout=10)
        except subprocess.TimeoutExpired:
            watcher.kill()
            watcher.wait()
        log.close()
        outline.write_text(original, encoding="utf-8")
    result.write_text(json.dumps({"saves": saves, "packs": pack_times,
                                  "watcher_exit": watcher.returncode}), encoding="utf-8")
    return 0 if all(s is not None for s in saves) else 1


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main(sys.argv))

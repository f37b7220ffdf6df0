"""`studyguide watch`: rebuild whenever an input is saved, reporting problems without exiting."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable, Iterable

from studyguide.build.run import run_build
from studyguide.build.settings import build_settings
from studyguide.build.warm import WarmPool
from studyguide.diagnostics import Diagnostic, has_errors
from studyguide.project.config import load_project

_WATCHED_SUFFIXES = {".md", ".toml", ".png", ".jpg", ".jpeg", ".gif", ".j2", ".ttf", ".pptx"}

# Quiet time that ends a batch of changes. Measured with watchfiles here, 24 saves of three
# kinds (a temporary file renamed over the outline; the outline truncated and written; written
# in two parts with an fsync between): one batch per save at 10 ms as at 25 ms, and the batch
# came a median 16 ms after the save instead of 33 ms (max 23 against 52). A burst of saves
# closer together than this may now be two builds, the second with the last text.
STEP_MS = 10
DEBOUNCE_MS = 1000  # the longest a batch is held while changes keep coming

# A source of change events: given the project folder and a filter on paths, it yields one
# batch per burst of saves, until it ends or the user interrupts.
ChangeSource = Callable[[Path, Callable[[str], bool]], Iterable[object]]


def file_changes(root: Path, relevant: Callable[[str], bool]) -> Iterable[object]:
    """Batches of saved files under `root`, from the operating system's file events.

    A batch is given once no file has changed for `step` milliseconds (an editor's save is
    a few writes and a rename within a millisecond or two), or `debounce` milliseconds after
    its first change, so that a burst of saves is one build and a save is seen quickly.
    """
    import watchfiles

    return watchfiles.watch(str(root), watch_filter=lambda change, path: relevant(path),
                            debounce=DEBOUNCE_MS, step=STEP_MS)


def workers() -> int:
    """How many warm workers watch keeps: one more than the processors. A save's outputs are
    the deck and two PDF editions, one task each (build/run.py); with a worker each they share
    two processors and all finish at about half their total time, where two workers left the
    third output waiting until one was free."""
    return (os.cpu_count() or 1) + 1


def is_input(path: str) -> bool:
    """Only inputs matter: editors' swap files and our own outputs do not trigger a build."""
    name = os.path.basename(path)
    return not name.startswith(".") and Path(path).suffix.lower() in _WATCHED_SUFFIXES


def watch_project(show: Callable[[list[Diagnostic]], None], say: Callable[[str], None], *,
                  theme: str | None = None, debug: bool = False,
                  changes: ChangeSource = file_changes) -> None:
    """Build once, then again after every batch that `changes` yields, until it ends or the
    user interrupts.

    The options come from `build_settings`, as for `build`, so a later `studyguide build`
    finds the watched outputs up to date. The renderers run in a pool of worker processes
    that lives as long as the watch (build/warm.py), so a save pays for no imports and no
    font parsing.
    """
    warm = WarmPool(workers())
    previous = _stop_on_terminate()

    def build_once() -> tuple[Path, Path]:
        project, diags = load_project(".")
        options, settings = build_settings(project, debug=debug, theme=theme)
        out = Path(project.root, options.out)
        if has_errors(diags):  # as `build` does: nothing is built from a broken project file
            show(diags)
            say("problems found: nothing rebuilt; watching for changes (Ctrl-C to stop)")
            return Path(project.root), out
        result = run_build(project, options, settings, lambda line, done, total: say(line),
                           warm)
        show(diags + result.diagnostics)
        built = sum(len(r.built) for r in result.reports)
        say(f"{'ok' if result.ok else 'problems found'}: {built} file(s) rebuilt; "
            "watching for changes (Ctrl-C to stop)")
        return Path(project.root), out

    try:
        root, out = build_once()
        output = str(out)

        def relevant(path: str) -> bool:
            return is_input(path) and not (path == output or path.startswith(output + os.sep))

        for _batch in changes(root, relevant):
            build_once()
    except KeyboardInterrupt:
        say("stopped watching")
    finally:
        warm.close()
        if previous is not None:
            import signal

            signal.signal(signal.SIGTERM, previous)


def _stop_on_terminate() -> Any:
    """SIGTERM stops the watch as Ctrl-C does, so its worker processes are shut down with it
    instead of outliving it (only from the main thread, where signals can be handled). Gives
    the handler it replaced, or None."""
    import signal
    import threading

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread() and hasattr(signal, "SIGTERM"):
        return signal.signal(signal.SIGTERM, interrupt)
    return None

"""The `studyguide` command's start-up: no garbage collection until the project is checked.

Starting a build imports the libraries and checks the project (parse, theme, templates): tens
of thousands of objects, nearly all of them living as long as the process, and parsing makes
no reference cycles at all. Python's collector still walked every new object two or three
times while they were made: 19 ms of a cold handout's 37 ms in collections. So the console
script pauses collection as it starts `build` or `check` (`pause()`), and the end of the
project check ends the pause (`resume()`): gc.freeze() moves what exists then to the permanent
generation, which collections never walk, and collection resumes for what rendering makes (a
handout leaves about 17,000 objects in cycles, so rendering must not run without it).

Only the console script and `python -m studyguide` pause; a program calling the library or
`cli.main` keeps its collector as it set it, and resume() does nothing unless pause() did.

`defer()` (used by the renderers through render/common/imports.py) makes a module free to
import until something reads from it; the console script defers, before click or anything
else loads, the standard-library modules that libraries import at their top and a build
does not use (`defer_unused()`).

`leave()` ends the console script's `build` without tearing the interpreter down: Python's
exit frees every object one by one and runs a last full collection, 67 million instructions
(3% of a cold handout) for memory the kernel takes back at once.
"""

from __future__ import annotations

import atexit
import gc
import os
import importlib
import importlib.util
import sys
import types

_paused = [False]


def pause() -> None:
    """Stop automatic garbage collection until resume() (if it is running)."""
    if gc.isenabled():
        gc.disable()
        _paused[0] = True


def resume() -> None:
    """End pause(): what exists now is kept out of later collections, which start again."""
    if _paused[0]:
        _paused[0] = False
        gc.freeze()
        gc.enable()


# urllib.parse (which pathlib imports) imports ipaddress for bracketed hosts, which no build's
# paths have; jinja2's bytecode cache, never configured here, imports tempfile (with shutil
# and random), which a PDF-only build never calls. (click.types reads uuid and jinja2 pickle
# as their classes are defined, so deferring those would gain nothing.)
UNUSED = ("ipaddress", "tempfile")


def defer_unused() -> None:
    """Defer the modules of UNUSED (the console script calls this first)."""
    for name in UNUSED:
        defer(name)


def defer(name: str) -> None:
    """Make importing module `name` free until something reads from it (once, if not loaded)."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None:
        return
    stand_in = types.ModuleType(name)
    stand_in.__spec__ = spec

    def load(attribute: str) -> object:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]
        return getattr(importlib.import_module(name), attribute)

    stand_in.__getattr__ = load  # type: ignore[method-assign]
    sys.modules[name] = stand_in
    parent, _, child = name.rpartition(".")
    if parent:  # `import a.b` binds b on a only when it loads b, so bind the stand-in here
        setattr(sys.modules[parent], child, stand_in)


def leave(code: object) -> None:
    """Exit as `sys.exit(code)` would, without the interpreter's teardown (os._exit), when
    that is safe: no thread but this one, no child process running, and no profiler or
    tracer (cProfile and coverage write their data after the program). The atexit handlers
    still run (logging's flush, weakref.finalize's clean-ups, multiprocessing's), then stdout
    and stderr are flushed; a flush that fails falls back to sys.exit, whose own flush
    reports it. Every output is written, closed and renamed before a command returns, so only
    the freeing of memory is skipped. Otherwise, or with a code os._exit cannot take, it
    raises SystemExit(code)."""
    threading = sys.modules.get("threading")
    processes = sys.modules.get("multiprocessing")
    if (sys.getprofile() is not None or sys.gettrace() is not None
            or (threading is not None and threading.active_count() > 1)
            or (processes is not None and processes.active_children())
            or not (code is None or type(code) is int)):  # noqa: E721 - bool is not a code
        raise SystemExit(code)
    atexit._run_exitfuncs()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        raise SystemExit(code) from None
    os._exit(code or 0)

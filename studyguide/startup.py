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
does not use (`defer_unused()`). `compile_patterns_later()` does the same for the costly regular
expressions a library compiles as it loads (render/common/imports.py tells the story).

`leave()` ends the console script's `build` without tearing the interpreter down: Python's
exit frees every object one by one and runs a last full collection, 67 million instructions
(3% of a cold handout) for memory the kernel takes back at once.
"""

from __future__ import annotations

import atexit
import gc
import importlib
import importlib.util
import os
import re
import sys
import types
from collections.abc import Callable, Sequence
from importlib.machinery import ModuleSpec  # loaded already: importlib.util imports it

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


class _LazyPattern:
    """A compiled regular expression that is compiled the first time it is used."""

    def __init__(self, compile_: Callable[..., re.Pattern], source: str, flags: int) -> None:
        self._compile, self._source, self._flags = compile_, source, flags
        self._real: re.Pattern | None = None

    def __getattr__(self, name: str) -> object:
        if self._real is None:
            self._real = self._compile(self._source, self._flags)
        return getattr(self._real, name)


def _costly(source: object, flags: int) -> bool:
    """Case-insensitive over characters beyond Latin-1: compiling it folds the case of every
    character in its ranges (reportlab's URI pattern: 25 ms, for hyphenating URIs); or a
    range of more than WIDE_RANGE characters beyond Latin-1, which compiles to a big charset
    (reportlab.lib.textsplit's CJK pattern, [\u2e80-\uffff], 4.7 ms, for a function no
    renderer calls)."""
    if not isinstance(source, str) or not any(ord(ch) > 0xFF for ch in source):
        return False
    return bool(flags & re.IGNORECASE) or any(
        ord(high) > 0xFF and ord(high) - ord(low) > WIDE_RANGE
        for low, high in _RANGE.findall(source))


WIDE_RANGE = 1000
_RANGE = re.compile(r"(.)-(.)", re.DOTALL)  # a guess at ranges; a wrong one only decides
# whether a pattern compiles now or at its first use, never what it matches


class _PatternsLater:
    """A finder on sys.meta_path (importlib.abc.MetaPathFinder's one method: importing
    importlib.abc would bring importlib.resources) that loads module `name` with re.compile
    handing out _LazyPattern for costly patterns."""

    def __init__(self, name: str) -> None:
        self.name = name

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: types.ModuleType | None = None) -> ModuleSpec | None:
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)  # once: the real finders find it
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        exec_module = spec.loader.exec_module

        def run(module: types.ModuleType) -> None:
            real = re.compile
            re.compile = lambda source, flags=0: (  # type: ignore[assignment]
                _LazyPattern(real, source, flags) if _costly(source, flags)
                else real(source, flags))
            try:
                exec_module(module)
            finally:
                re.compile = real

        spec.loader.exec_module = run  # type: ignore[method-assign]
        return spec


def compile_patterns_later(name: str) -> None:
    """When module `name` is first imported, the costly patterns it and its imports compile (see
    _costly) are compiled on first use instead of at import (once, if not loaded)."""
    if name not in sys.modules and not any(isinstance(f, _PatternsLater) and f.name == name
                                           for f in sys.meta_path):
        sys.meta_path.insert(0, _PatternsLater(name))

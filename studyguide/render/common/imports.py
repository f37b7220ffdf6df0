"""Deferring a module that a renderer's libraries import but a build rarely or never uses.

python-pptx imports xml.sax.saxutils for its escape(), and saxutils imports urllib.request at
its top for a URL opener no build calls; urllib.request brings http, email, ssl and socket,
about 25 ms of a cold deck build; reportlab and python-pptx import PIL.Image (10 ms) for
images that most outlines do not have. `defer("urllib.request")` puts a stand-in module in
sys.modules: importing the name succeeds at once, and the first attribute anyone reads from it
(PEP 562's module __getattr__) imports the real module, which then replaces the stand-in in
sys.modules and on its package, so code that does use it sees no difference.

(importlib.util.LazyLoader does not do this here: the import system reads the lazy module's
__spec__ when it finds the name in sys.modules, and that read loads it.)

`compile_patterns_later("reportlab.platypus.paragraph")` does the same for costly regular
expressions (see _costly) compiled while that module and what it imports load: reportlab
compiles a case-insensitive URI pattern over \\xa1-\\uffff at import (25 ms CPU, a
twentieth of a cold handout) that only hyphenating a URI uses, and textsplit's CJK pattern.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
import types
from collections.abc import Callable

from studyguide.startup import defer

__all__ = ["compile_patterns_later", "defer"]  # defer lives in startup.py, below the CLI


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

    def find_spec(self, fullname: str, path: object, target: object = None) -> object:
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

"""The warm worker pool of `studyguide watch`: processes started once, renderers loaded.

A cold build pays, in every worker, for importing reportlab and python-pptx and for parsing
the theme's TrueType faces before the first page. `watch` rebuilds after every save, so it
keeps its workers: they are started (and warmed by `_warm`) when the watch starts and live
until it ends, and each build only sends them its tasks.

Workers remember fonts by path for as long as they live (render/pdf/fonts.py, the deck's
measures), so the pool is started again whenever a theme it was warmed for changes: a face
replaced under the same name is then read afresh, and outputs stay those of a cold build.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from studyguide.theme.model import Theme


def _warm(themes: tuple[Theme, ...]) -> None:
    """A worker's first work: import the renderers and register the themes' fonts."""
    import studyguide.render.deck  # noqa: F401 - python-pptx, imported once per worker
    from studyguide.render.pdf.fonts import font_set

    for theme in themes:
        try:
            font_set(theme)
        except Exception:  # noqa: BLE001 - a theme without fonts fails in its task instead
            pass


def _ready() -> bool:
    return True


class WarmPool:
    """A process pool that lives across builds, for the themes it was warmed with."""

    def __init__(self, jobs: int) -> None:
        self.jobs = max(1, jobs)
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        self._themes: tuple[str, ...] = ()  # the theme keys it was warmed for
        # outline path -> the model parsed in an earlier build, with what it was made from
        # (build/run.py reuses it only when the outline's bytes and images are those)
        self.outlines: dict[str, tuple[tuple[object, ...], Any, str]] = {}

    def executor(self, themes: dict[str, Theme]) -> concurrent.futures.ProcessPoolExecutor:
        """The pool, warmed for `themes` (theme key -> theme): started again when those keys
        are not the ones it was started for."""
        keys = tuple(sorted(themes))
        if self._pool is None or keys != self._themes:
            self.close()
            context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
            self._pool = concurrent.futures.ProcessPoolExecutor(
                self.jobs, mp_context=context, initializer=_warm,
                initargs=(tuple(themes[key] for key in keys),))
            self._themes = keys
            # start and warm every worker now, not at the first save
            for started in [self._pool.submit(_ready) for _ in range(self.jobs)]:
                started.result()
        return self._pool

    def current(self) -> concurrent.futures.ProcessPoolExecutor | None:
        """The pool as last started (None when it was closed)."""
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

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
    from studyguide.outline.model import Outline
    from studyguide.render import RenderSettings
    from studyguide.theme.model import Theme


def _warm(themes: tuple[Theme, ...], sample: Outline | None) -> None:
    """A worker's first work: import the renderers, register the themes' fonts, and render
    `sample` as a deck and both PDF editions in each theme, then freeze what exists.

    After imports and fonts alone, a worker's first deck took 231 ms of CPU against 104 ms
    for the next, and its first PDF edition 321 against 137 (python-pptx's and the renderers'
    modules imported on first use, templates compiled, faces and caches filled): a save
    whose output went to a worker that had not made that kind yet paid it. Frozen, none of
    it is walked by the collector again (build/tasks.py run_task)."""
    import gc

    import studyguide.render.deck  # noqa: F401 - python-pptx, imported once per worker
    from studyguide.render import RenderSettings
    from studyguide.render.pdf.fonts import font_set

    for theme in themes:
        try:
            font_set(theme)
        except Exception:  # noqa: BLE001 - a theme without fonts fails in its task instead
            continue
        if sample is not None:
            _render_sample(sample, theme, RenderSettings())
    gc.collect()
    gc.freeze()


def _render_sample(sample: Outline, theme: Theme, settings: RenderSettings) -> None:
    """The deck and both handout editions of `sample`, thrown away: only the warmth stays."""
    from studyguide.render.deck import render_pptx
    from studyguide.render.pdf import render_pdf

    for render in (lambda: render_pptx(sample, theme, settings),
                   lambda: render_pdf(sample, theme, settings, "student"),
                   lambda: render_pdf(sample, theme, settings, "teacher")):
        try:
            render()
        except Exception:  # noqa: BLE001 - a renderer's problem is reported by a real task
            pass


def warm_sample() -> Outline | None:
    """What the workers render to warm up: `studyguide new`'s starter outline, which has
    every kind of section, parsed here once (None if it does not parse)."""
    from studyguide.outline.parser import parse_text
    from studyguide.project.starter import STARTER

    outline, _ = parse_text(STARTER.format(title="Warm-up"), "warm-up.md", ".", ".")
    return outline


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
        self._sample: list[Outline | None] = []  # warm_sample(), parsed at the first start

    def executor(self, themes: dict[str, Theme]) -> concurrent.futures.ProcessPoolExecutor:
        """The pool, warmed for `themes` (theme key -> theme): started again when those keys
        are not the ones it was started for."""
        keys = tuple(sorted(themes))
        if self._pool is None or keys != self._themes:
            self.close()
            context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
            if not self._sample:
                self._sample.append(warm_sample())
            self._pool = concurrent.futures.ProcessPoolExecutor(
                self.jobs, mp_context=context, initializer=_warm,
                initargs=(tuple(themes[key] for key in keys), self._sample[0]))
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

"""`studyguide watch`: rebuild whenever an input is saved, reporting problems without exiting."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable

from studyguide.diagnostics import Diagnostic, has_errors

_WATCHED_SUFFIXES = {".md", ".toml", ".png", ".jpg", ".jpeg", ".gif", ".j2", ".ttf", ".pptx"}


def _relevant(change: object, path: str) -> bool:
    """Only inputs matter: editors' swap files and our own outputs do not trigger a build."""
    name = os.path.basename(path)
    return not name.startswith(".") and Path(path).suffix.lower() in _WATCHED_SUFFIXES


def watch_project(plan: Callable[[Any], tuple[Any, Any]],
                  show: Callable[[list[Diagnostic]], None],
                  say: Callable[[str], None]) -> None:
    """Build once, then again after every batch of saved changes, until interrupted.

    `plan(project)` gives the build options and render settings, the same ones `build` uses,
    so a later `studyguide build` finds the watched outputs up to date.
    """
    import watchfiles

    from studyguide.build import run_build
    from studyguide.project import load_project

    def build_once() -> tuple[Path, Path]:
        project, diags = load_project(".")
        options, settings = plan(project)
        out = Path(project.root, options.out)
        if has_errors(diags):  # as `build` does: nothing is built from a broken project file
            show(diags)
            say("problems found: nothing rebuilt; watching for changes (Ctrl-C to stop)")
            return Path(project.root), out
        result = run_build(project, options, settings, lambda line, done, total: say(line))
        show(diags + result.diagnostics)
        built = sum(len(r.built) for r in result.reports)
        say(f"{'ok' if result.ok else 'problems found'}: {built} file(s) rebuilt; "
            "watching for changes (Ctrl-C to stop)")
        return Path(project.root), out

    root, out = build_once()
    output = str(out)
    try:
        for _changes in watchfiles.watch(str(root), watch_filter=lambda c, p: (
                _relevant(c, p) and not (p == output or p.startswith(output + os.sep))),
                debounce=300):
            build_once()
    except KeyboardInterrupt:
        say("stopped watching")

"""`studyguide watch`: rebuild whenever an input is saved, reporting problems without exiting."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable

from studyguide.build.run import run_build
from studyguide.build.settings import build_settings
from studyguide.diagnostics import Diagnostic, has_errors
from studyguide.project.config import load_project

_WATCHED_SUFFIXES = {".md", ".toml", ".png", ".jpg", ".jpeg", ".gif", ".j2", ".ttf", ".pptx"}

# A source of change events: given the project folder and a filter on paths, it yields one
# batch per burst of saves, until it ends or the user interrupts.
ChangeSource = Callable[[Path, Callable[[str], bool]], Iterable[object]]


def file_changes(root: Path, relevant: Callable[[str], bool]) -> Iterable[object]:
    """Batches of saved files under `root`, from the operating system's file events."""
    import watchfiles

    return watchfiles.watch(str(root), watch_filter=lambda change, path: relevant(path),
                            debounce=300)


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
    finds the watched outputs up to date.
    """

    def build_once() -> tuple[Path, Path]:
        project, diags = load_project(".")
        options, settings = build_settings(project, debug=debug, theme=theme)
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

    def relevant(path: str) -> bool:
        return is_input(path) and not (path == output or path.startswith(output + os.sep))

    try:
        for _batch in changes(root, relevant):
            build_once()
    except KeyboardInterrupt:
        say("stopped watching")

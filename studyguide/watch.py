"""`studyguide watch`: rebuild whenever an input is saved, reporting problems without exiting."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from studyguide.diagnostics import Diagnostic

_WATCHED_SUFFIXES = {".md", ".toml", ".png", ".jpg", ".jpeg", ".gif", ".j2", ".ttf", ".pptx"}


def _relevant(change: object, path: str) -> bool:
    """Only inputs matter: editors' swap files and our own outputs do not trigger a build."""
    name = os.path.basename(path)
    return not name.startswith(".") and Path(path).suffix.lower() in _WATCHED_SUFFIXES


def watch_project(debug: bool, theme: str | None,
                  show: Callable[[list[Diagnostic]], None],
                  say: Callable[[str], None]) -> None:
    """Build once, then again after every batch of saved changes, until interrupted."""
    import watchfiles

    from studyguide.build import BuildOptions, run_build
    from studyguide.project import load_project
    from studyguide.render import RenderSettings

    def build_once() -> Path:
        project, diags = load_project(".")
        options = BuildOptions(theme=theme, paper=project.build.paper,
                               formats=project.build.formats, editions=project.build.editions,
                               out=project.build.output, jobs=os.cpu_count() or 1,
                               pack=project.build.pack, debug=debug)
        settings = RenderSettings(course=project.course, paper=project.build.paper)
        result = run_build(project, options, settings, lambda line, done, total: say(line))
        show(diags + result.diagnostics)
        built = sum(len(r.built) for r in result.reports)
        say(f"{'ok' if result.ok else 'problems found'}: {built} file(s) rebuilt; "
            "watching for changes (Ctrl-C to stop)")
        return Path(project.root)

    root = build_once()
    watched = [str(root)]
    output = str(root / load_project(".")[0].build.output)
    try:
        for _changes in watchfiles.watch(*watched, watch_filter=lambda c, p: (
                _relevant(c, p) and not p.startswith(output)), debounce=300):
            build_once()
    except KeyboardInterrupt:
        say("stopped watching")

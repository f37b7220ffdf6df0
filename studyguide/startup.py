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
"""

from __future__ import annotations

import gc

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

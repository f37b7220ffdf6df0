"""Renderers: they read the document model and a theme, and return bytes plus diagnostics.

Renderers never touch Markdown and never write files; build/run.py writes what they return.
The one exception is a cache: the PDF renderer keeps parsed fonts in the folder
`RenderSettings.font_cache` names (render/pdf/fontcache.py), which never changes an output.
"""

from __future__ import annotations

from dataclasses import field

from studyguide.diagnostics import Diagnostic
from studyguide.project.config import Course, Worksheet
from studyguide.records import record


@record
class RenderSettings:
    """Everything a renderer needs besides the outline and the theme."""

    course: Course = field(default_factory=Course)
    paper: str | None = None  # overrides theme.pdf.paper when set: "A4" or "letter"
    aspect: str | None = None  # overrides theme.slides.aspect when set
    date: str = ""  # build date for templates, e.g. "22 November 2026"
    versions: int = 2  # quiz versions (format "quiz"), labelled A, B, ...
    seed: int = 0  # the quiz versions' shuffle: the same seed, the same versions
    worksheet: Worksheet | None = field(default_factory=Worksheet)  # the project's worksheet
    # parts (None only in the settings a cache key shows: build/plan.py's _settings_key)
    # where the PDF renderer keeps parsed fonts ("" for nowhere); not part of any output's key
    font_cache: str = field(default="", repr=False, compare=False)
    # where the course pack keeps its typeset chapters (render/pdf/parts_cache.py; "" for
    # nowhere); not part of any output's key either
    part_cache: str = field(default="", repr=False, compare=False)


@record
class Rendered:
    """A renderer's result: the file's bytes and any warnings it found."""

    data: bytes
    diagnostics: tuple[Diagnostic, ...] = ()

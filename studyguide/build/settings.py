"""What a build is asked to do: the project file's `[build]` table under command-line options.

`build` and `watch` both get their options here, so their outputs (and cache keys) are the same.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

from studyguide.project.config import EDITIONS, Edition, Project
from studyguide.records import record
from studyguide.render import RenderSettings

FONT_CACHE = ".studyguide-fonts"  # in the output folder: parsed fonts (render/pdf/fontcache.py)
PART_CACHE = ".studyguide-parts"  # in the output folder: course-pack chapters (parts_cache.py)


@record
class BuildOptions:
    """What `studyguide build` was asked to do, after the project file and options merged."""

    names: tuple[str, ...] = ()
    theme: str | None = None
    paper: str | None = None
    formats: tuple[str, ...] = ("pdf", "pptx")
    editions: tuple[Edition, ...] = EDITIONS
    out: str = "build"
    jobs: int = 1
    force: bool = False
    pack: bool = True
    debug: bool = False


def build_settings(project: Project, *, debug: bool = False, names: tuple[str, ...] = (),
                   theme: str | None = None, paper: str | None = None,
                   formats: tuple[str, ...] = (), editions: tuple[str, ...] = (),
                   out: str | None = None, jobs: int | None = None, force: bool = False,
                   versions: int | None = None, seed: int | None = None
                   ) -> tuple[BuildOptions, RenderSettings]:
    """The build's options and render settings: command-line values over the project file's."""
    config = project.build
    options = BuildOptions(
        names=names,
        theme=theme.strip() if theme else None,
        paper=(paper.lower() if paper else None),
        formats=tuple(dict.fromkeys(f.lower() for f in formats)) or config.formats,
        editions=tuple(dict.fromkeys(Edition(e.lower()) for e in editions)) or config.editions,
        # --out is typed by the user, so it is relative to where they are; the project
        # file's folder is relative to the project.
        out=os.path.abspath(out) if out else config.output,
        jobs=jobs or os.cpu_count() or 1,
        force=force,
        pack=config.pack,
        debug=debug,
    )
    paper_name = {"a4": "A4", "letter": "letter"}.get(options.paper or "", config.paper)
    settings = RenderSettings(course=project.course, paper=paper_name, date=build_date(),
                              versions=versions or project.worksheet.versions,
                              seed=project.worksheet.seed if seed is None else seed,
                              worksheet=project.worksheet,
                              font_cache=str(Path(project.root, options.out, FONT_CACHE)),
                              part_cache=str(Path(project.root, options.out, PART_CACHE)))
    return options, settings


def build_date() -> str:
    """Today's date for templates; SOURCE_DATE_EPOCH pins it for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    day = (datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date()
           if epoch.isdigit() else datetime.date.today())
    return f"{day.day} {day.strftime('%B %Y')}"

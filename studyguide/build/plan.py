"""Planning a build: which outputs are stale, and the tasks that make them.

`plan_build` is pure: from the checked inputs, the cache's output table, the sizes of the
files on disk and the options, it decides everything; build/run.py does the I/O around it.

The staleness rules, which are the build's correctness contract:

1. An outline's output is made from: the studyguide version, the outline's bytes, its theme's
   key (every file of the theme's `extends` chain, see cache.theme_key), the render settings as
   they affect it (the build date only when a template that draws the output shows it), and
   every image the outline uses (path and bytes). Their hash, with the format and the file's
   name, is the output's key.
2. A course pack's key covers the course theme's key, its settings and the keys of every
   outline in build order, so any change to any outline rebuilds it.
3. An output is up to date when the cache records exactly its key and the file on disk has the
   size recorded with it; otherwise, or with `--force`, it is rebuilt.
4. Outlines with errors, or with an unusable theme, are not built; their previous outputs stay
   as they were. The course packs are built only by a whole-project build (no outlines named)
   that makes PDFs, with `pack` on and every outline good.
"""

from __future__ import annotations

from dataclasses import replace

from studyguide import __version__
from studyguide.build import cache
from studyguide.build.cache import OutputEntry
from studyguide.build.inputs import GoodOutline, Inputs
from studyguide.build.settings import BuildOptions
from studyguide.project.config import Edition
from studyguide.project.discovery import PACK_SLUG
from studyguide.records import record
from studyguide.render import RenderSettings

PACK = PACK_SLUG
LMS_SUFFIXES = (".gift.txt", ".moodle.xml", ".qti.zip")  # render/lms picks its writer by these  # the course packs' summary row and the stem of their file names


@record
class Output:
    """One file a task writes: its name, the edition it is (None for a deck), its key."""

    file: str
    edition: Edition | None
    key: str


@record
class PlannedTask:
    """Render `kind` (a key of build.tasks.RENDERERS) of the outlines `slugs` into `outputs`."""

    kind: str
    slugs: tuple[str, ...]
    theme: str
    outputs: tuple[Output, ...]
    shown: str  # how messages name the input
    report: str  # the summary row it belongs to


@record
class Plan:
    tasks: tuple[PlannedTask, ...]
    up_to_date: dict[str, tuple[str, ...]]  # summary row -> files that need no rebuild


def outputs_of(slug: str, fmt: str, editions: tuple[Edition, ...]) -> list[tuple[str, Edition | None]]:
    """The files one outline makes in one format, with the edition of each."""
    if fmt == "pptx":
        return [(f"{slug}.pptx", None)]
    if fmt == "slides":
        return [(edition.pdf_name(f"{slug}.slides"), edition) for edition in editions]
    if fmt == "lms":
        return [(f"{slug}{suffix}", None) for suffix in LMS_SUFFIXES]
    if fmt in ("worksheet", "quiz"):
        return [(edition.pdf_name(f"{slug}.{fmt}"), edition) for edition in editions]
    return [(edition.pdf_name(slug), edition) for edition in editions]


def pack_theme(inputs: Inputs, options: BuildOptions) -> str:
    """The theme the course packs are typeset with."""
    return options.theme or inputs.project.build.theme


def plan_build(inputs: Inputs, options: BuildOptions, settings: RenderSettings,
               built: dict[str, OutputEntry], sizes: dict[str, int]) -> Plan:
    """The tasks that bring every output up to date. `built` is the cache's output table and
    `sizes` the size of each output file on disk."""
    up_to_date: dict[str, tuple[str, ...]] = {}
    tasks: list[PlannedTask] = []
    keys: dict[str, str] = {}
    for good in inputs.good.values():
        keys[good.file.slug] = _outline_key(inputs, good, settings)
        for fmt in options.formats:
            planned = [Output(name, edition, cache.digest(keys[good.file.slug], fmt, name,
                                                          _format_key(settings, fmt)))
                       for name, edition in outputs_of(good.file.slug, fmt, options.editions)]
            stale = tuple(o for o in planned if options.force or not _fresh(o, built, sizes))
            up_to_date[good.file.slug] = up_to_date.get(good.file.slug, ()) + tuple(
                o.file for o in planned if o not in stale)
            if stale:
                tasks.append(PlannedTask(fmt, (good.file.slug,), good.theme, stale,
                                         good.file.shown, good.file.slug))
    if wants_pack(inputs, options) and inputs.themes.get(pack_theme(inputs, options)):
        pack_tasks, up_to_date[PACK] = _plan_pack(inputs, options, settings, keys, built, sizes)
        tasks += pack_tasks
    if wants_pack(inputs, options, "worksheet") and inputs.themes.get(pack_theme(inputs,
                                                                                 options)):
        pack_tasks, fresh = _plan_pack(inputs, options, settings, keys, built, sizes,
                                       "worksheet")
        up_to_date[PACK] = up_to_date.get(PACK, ()) + fresh
        tasks += pack_tasks
    return Plan(tuple(tasks), up_to_date)


def _outline_key(inputs: Inputs, good: GoodOutline, settings: RenderSettings) -> str:
    theme = inputs.themes[good.theme]
    assert theme is not None  # a good outline's theme is usable
    return cache.digest(__version__, good.entry.hash, theme.key,
                        _settings_key(theme.dated, settings, pack=False),
                        *(f"{p}={h}" for p, h in sorted(good.entry.deps.items())))


def _settings_key(dated: tuple[str, ...], settings: RenderSettings, pack: bool) -> str:
    """The settings as they affect an output: the build date only when a template that draws
    the output uses it, so a handout built yesterday is still up to date today. The quiz and
    worksheet settings count only for their formats (_format_key)."""
    shown = set(dated)
    if not pack:
        shown.discard("cover.j2")  # only the course pack has a cover
    neutral = replace(settings, versions=0, seed=0, worksheet=None)
    return repr(neutral if shown else replace(neutral, date=""))


def _format_key(settings: RenderSettings, fmt: str) -> str:
    """What only one format is made from: the quiz its versions and seed, the worksheet its
    parts (the outline's own switches are in its bytes)."""
    if fmt == "quiz":
        return f"versions={settings.versions} seed={settings.seed}"
    if fmt == "worksheet":
        return repr(settings.worksheet)
    return ""


def wants_pack(inputs: Inputs, options: BuildOptions, fmt: str = "pdf") -> bool:
    """Course packs: only for a whole-project PDF build where every outline is good (the
    worksheet pack, `fmt` "worksheet": for a whole-project worksheet build)."""
    return (options.pack and fmt in options.formats and not options.names
            and bool(inputs.files) and len(inputs.good) == len(inputs.files))


def _plan_pack(inputs: Inputs, options: BuildOptions, settings: RenderSettings,
               keys: dict[str, str], built: dict[str, OutputEntry], sizes: dict[str, int],
               fmt: str = "pdf") -> tuple[list[PlannedTask], tuple[str, ...]]:
    """A task for each stale pack edition (each typesets every handout, so they run in
    parallel), and the names of the fresh ones."""
    name = pack_theme(inputs, options)
    theme = inputs.themes[name]
    assert theme is not None
    base = cache.digest("pack" if fmt == "pdf" else f"{fmt}-pack", theme.key,
                        _settings_key(theme.dated, settings, pack=True),
                        *(keys[f.slug] for f in inputs.files))
    planned = [Output(file, edition, cache.digest(base, file, _format_key(settings, fmt)))
               for file, edition in outputs_of(PACK, fmt, options.editions)]
    stale = tuple(o for o in planned if options.force or not _fresh(o, built, sizes))
    slugs = tuple(f.slug for f in inputs.files)
    kind, shown = ("pack", "course pack") if fmt == "pdf" else (f"{fmt}-pack", f"{fmt} pack")
    tasks = [PlannedTask(kind, slugs, name, (o,), shown, PACK) for o in stale]
    return tasks, tuple(o.file for o in planned if o not in stale)


def _fresh(output: Output, built: dict[str, OutputEntry], sizes: dict[str, int]) -> bool:
    entry = built.get(output.file)
    return entry is not None and entry.key == output.key and sizes.get(output.file) == entry.size

"""The project file `studyguide.toml`: found in the current folder or a parent, validated as data."""

from __future__ import annotations

import enum
import os
import re
import tomllib
from dataclasses import field, replace
from pathlib import Path
from typing import Any

from studyguide.boundary import is_inside
from studyguide.diagnostics import Diagnostic, did_you_mean, error, warning
from studyguide.outline.context import CONTROL_CHARS, strip_controls
from studyguide.outline.validate import is_language_tag
from studyguide.records import record
from studyguide.theme.schema import find_line
from studyguide.tomlbudget import toml_budget_problem


class Edition(enum.StrEnum):
    """Who a handout is for: the teacher edition adds model answers and teacher notes."""

    STUDENT = "student"
    TEACHER = "teacher"

    def pdf_name(self, stem: str) -> str:
        """The handout's file name: `stem.pdf` for students, `stem.teacher.pdf` for teachers."""
        return f"{stem}.pdf" if self is Edition.STUDENT else f"{stem}.{self.value}.pdf"


PROJECT_FILE = "studyguide.toml"
FORMATS = ("pdf", "pptx")  # what a build makes when the project file does not say
# every format a build can make: "slides" is the slide handout (docs/decks.md); the worksheet,
# the quiz versions and the LMS exports (docs/worksheets.md)
ALL_FORMATS = FORMATS + ("slides", "worksheet", "quiz", "lms")
EDITIONS = tuple(Edition)
PAPERS = {"a4": "A4", "letter": "letter"}
MAX_PROJECT_BYTES = 256 * 1024
MAX_COURSE_CHARS = 500  # each [course] text: a cover line, not a paragraph


@record
class Course:
    """The `[course]` table of studyguide.toml."""

    title: str = ""
    school: str = ""
    teacher: str = ""
    year: str = ""  # "2026–27": the pack cover's year line
    logo: str = ""  # absolute path of the school's logo for the pack cover, checked; "" if none
    lang: str = ""  # the handouts' language (BCP 47); an outline's `lang:` overrides it


@record
class BuildConfig:
    """The `[build]` table, after command-line overrides."""

    outlines: str = "outlines"
    output: str = "build"
    theme: str = "classic"
    paper: str | None = None  # None: the theme decides
    formats: tuple[str, ...] = FORMATS
    editions: tuple[Edition, ...] = EDITIONS
    pack: bool = True
    order: tuple[str, ...] = ()
    accessible: bool = False  # an image without alt text is an error, not a warning


WORKSHEET_PARTS = ("notes", "dates", "timeline", "cards", "figures", "match")
TIMELINE_TASKS = ("events", "dates")  # what the timeline task leaves blank
MAX_VERSIONS = 26


@record
class Worksheet:
    """The `[worksheet]` table: which parts a worksheet has (an outline's front matter can
    switch each again), and the quiz versions' count and seed."""

    notes: bool = True  # guided notes: the handout's text with the glossary terms blanked
    dates: bool = False  # ... and the timeline's dates (years) blanked too
    timeline: bool = True  # the timeline task
    cards: bool = True  # event cards to cut out
    figures: bool = True  # the key-figures table with a column blanked
    match: bool = True  # glossary match
    timeline_task: str = "events"  # "events": dates given, events blank; "dates": the reverse
    figures_column: str = ""  # the key-figures column to blank ("": the second)
    versions: int = 2
    seed: int = 0

    def parts(self) -> dict[str, bool]:
        return {name: getattr(self, name) for name in WORKSHEET_PARTS}


@record
class Project:
    """Where the project is and what its project file says."""

    root: str
    file: str | None = None  # absolute path of studyguide.toml, if there is one
    course: Course = field(default_factory=Course)
    build: BuildConfig = field(default_factory=BuildConfig)
    worksheet: Worksheet = field(default_factory=Worksheet)

    def path(self, *parts: str) -> Path:
        return Path(self.root, *parts)

    def line_of(self, dotted: str) -> int | None:
        """The line of the project file where `dotted` (`build.order`) is set, if it is."""
        if self.file is None:
            return None
        try:
            text = Path(self.file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        return find_line(text, dotted)

    def display(self, path: str | os.PathLike[str]) -> str:
        """A path as the teacher should see it: relative to the project when inside it."""
        try:
            return os.path.relpath(path, self.root) if _inside(Path(path), Path(self.root)) \
                else str(path)
        except ValueError:
            return str(path)


def _inside(path: Path, root: Path) -> bool:
    return is_inside(path, root)


def find_root(start: str | os.PathLike[str] = ".") -> Path:
    """The nearest folder at or above `start` holding studyguide.toml, else `start` itself."""
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        if (folder / PROJECT_FILE).is_file():
            return folder
    return here


_KEYS: dict[str, dict[str, type | tuple[type, ...]]] = {
    "course": {"title": str, "school": str, "teacher": str, "year": (str, int), "logo": str,
               "lang": str},
    "build": {"outlines": str, "output": str, "theme": str, "paper": str, "formats": list,
              "editions": list, "pack": bool, "order": list, "accessible": bool},
    "worksheet": {**{part: bool for part in WORKSHEET_PARTS}, "timeline_task": str,
                  "figures_column": str, "versions": int, "seed": int},
}


def load_project(start: str | os.PathLike[str] = ".") -> tuple[Project, list[Diagnostic]]:
    """Find and validate the project file; defaults apply where it is missing or wrong."""
    root = find_root(start)
    file = root / PROJECT_FILE
    project = Project(root=str(root))
    if not file.is_file():
        return project, []
    shown = PROJECT_FILE
    try:
        raw = file.read_bytes()
        if len(raw) > MAX_PROJECT_BYTES:
            return project, [error(shown, 1, "project file is larger than 256 KB")]
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return project, [error(shown, raw.count(b"\n", 0, exc.start) + 1, "not valid UTF-8")]
    except OSError as exc:
        return project, [error(shown, 1, f"cannot read: {exc.strerror}")]
    data, problem = parse_toml(text, shown)
    if problem is not None:
        return project, [problem]
    diags: list[Diagnostic] = []
    tables = _check_tables(data, text, shown, diags)
    course = Course(**_clean_course(tables["course"], text, shown, diags, root))
    build = _build_config(tables["build"], text, shown, root, diags)
    if "theme" in tables["build"]:
        build = _check_theme_name(build, root, text, shown, diags)
    worksheet = _worksheet(tables["worksheet"], text, shown, diags)
    return replace(project, file=str(file), course=course, build=build,
                   worksheet=worksheet), diags


def _worksheet(values: dict[str, Any], text: str, shown: str,
               diags: list[Diagnostic]) -> Worksheet:
    """The [worksheet] table; a value out of range is reported and the default kept."""
    config = Worksheet(**{k: v for k, v in values.items() if k in WORKSHEET_PARTS})
    task = values.get("timeline_task")
    if task is not None:
        if task.lower() in TIMELINE_TASKS:
            config = replace(config, timeline_task=task.lower())
        else:
            diags.append(error(shown, key_line(text, "worksheet.timeline_task"),
                               f"worksheet.timeline_task: '{_visible(task)}' is not one of "
                               f"{', '.join(TIMELINE_TASKS)}"))
    column = values.get("figures_column")
    if column is not None:
        if _UNSAFE.search(column) or len(column) > MAX_COURSE_CHARS:
            diags.append(error(shown, key_line(text, "worksheet.figures_column"),
                               "worksheet.figures_column must be a column heading"))
        else:
            config = replace(config, figures_column=column.strip())
    for key, low, high in (("versions", 1, MAX_VERSIONS), ("seed", 0, 2**31 - 1)):
        if key in values:
            if low <= values[key] <= high:
                config = replace(config, **{key: values[key]})
            else:
                diags.append(error(shown, key_line(text, f"worksheet.{key}"),
                                   f"worksheet.{key} must be from {low} to {high}"))
    return config


def _clean_course(values: dict[str, Any], text: str, shown: str,
                  diags: list[Diagnostic], root: Path) -> dict[str, str]:
    """The course texts without the characters no output can carry, one warning for each;
    a text over MAX_COURSE_CHARS is an error here, not later in a theme's template. The logo
    becomes an absolute path, kept only when it is an image file inside the project."""
    cleaned = {}
    for key, value in values.items():
        line = key_line(text, f"course.{key}") or 1
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # year = 2026
        if key == "logo":
            problem, path = _logo_problem(value, root)
            if problem:
                diags.append(warning(shown, line, f"course.logo '{_visible(value)}' {problem}; "
                                                  "the cover is set without it"))
            else:
                cleaned[key] = path
            continue
        found = CONTROL_CHARS.search(value)
        if found:
            diags.append(warning(shown, line, f"course.{key}: control character "
                                              f"U+{ord(found.group()):04X} removed"))
        if len(value) > MAX_COURSE_CHARS:
            diags.append(error(shown, line, f"course.{key} is {len(value):,} characters; the "
                                            f"limit is {MAX_COURSE_CHARS}"))
            continue
        cleaned[key] = strip_controls(value)
    if cleaned.get("lang") and not is_language_tag(cleaned["lang"].strip()):
        diags.append(warning(shown, key_line(text, "course.lang") or 1,
                             "course.lang is not a language tag such as 'en-GB'; 'en' is used"))
        cleaned["lang"] = ""
    return cleaned


def _check_theme_name(config: BuildConfig, root: Path, text: str, shown: str,
                      diags: list[Diagnostic]) -> BuildConfig:
    """An unknown build.theme is reported at its line; the default theme stands in for it."""
    from studyguide.theme.places import unknown_theme_message

    if not config.theme.strip():
        return replace(config, theme=BuildConfig.theme)  # "" means the default, as in a theme
    if _UNSAFE.search(config.theme):
        diags.append(error(shown, key_line(text, "build.theme"),
                           f"build.theme: '{_visible(config.theme)}' {_HOLDS_UNSAFE}"))
        return replace(config, theme=BuildConfig.theme)
    problem = unknown_theme_message(config.theme.strip(), root)
    if problem is None:
        return replace(config, theme=config.theme.strip())
    diags.append(error(shown, key_line(text, "build.theme"), f"build.theme: {problem}"))
    return replace(config, theme=BuildConfig.theme)


def _logo_problem(value: str, root: Path) -> tuple[str, str]:
    """(why the logo cannot be used or "", its absolute path): a PNG or JPEG file inside
    the project, named from the project folder."""
    if not value.strip():
        return "", ""
    if CONTROL_CHARS.search(value) or "\x00" in value:
        return "is not a usable file name", ""
    path = root / value.strip()
    if Path(value.strip()).is_absolute() or not is_inside(path, root):
        return "leads outside the project; name a file inside the project folder", ""
    if path.suffix.lower() not in LOGO_TYPES:
        return "is not a PNG or JPEG image", ""
    if not path.is_file():
        return "is not a file in the project", ""
    if path.stat().st_size > MAX_LOGO_BYTES:
        return "is larger than 8 MB", ""
    return "", str(path.resolve())


def parse_toml(text: str, shown: str) -> tuple[dict[str, Any], Diagnostic | None]:
    """The TOML `text` as data, or a problem at its line; budgets are checked first, so no
    value can exhaust the parser (tomllib recurses once per nesting level, and Python refuses
    to convert an integer of more than 4,300 digits)."""
    over = toml_budget_problem(text)
    if over is not None:
        return {}, error(shown, *over)
    try:
        return tomllib.loads(text), None
    except tomllib.TOMLDecodeError as exc:
        return {}, error(shown, _toml_line(str(exc)), f"invalid TOML: {exc}")
    except (ValueError, RecursionError) as exc:  # a budget missed something: still a message
        return {}, error(shown, 1, f"invalid TOML: {exc}")


def _toml_line(message: str) -> int:
    found = re.search(r"line (\d+)", message)
    return int(found.group(1)) if found else 1


def key_line(text: str, key: str) -> int | None:
    """The line that sets `key` (`build.paper`); tomllib keeps no positions, so scan the text."""
    return find_line(text, key)


def _check_tables(data: dict[str, Any], text: str, shown: str,
                  diags: list[Diagnostic]) -> dict[str, dict[str, Any]]:
    """Keep the known, well-typed keys of each table; report the rest."""
    kept: dict[str, dict[str, Any]] = {table: {} for table in _KEYS}
    for table, value in data.items():
        if table not in _KEYS:
            diags.append(warning(shown, _table_line(text, table) or 1,
                                 f"unknown table [{_visible(table)}]"
                                 f"{did_you_mean(table, _KEYS)}"))
            continue
        if not isinstance(value, dict):
            diags.append(error(shown, key_line(text, table) or 1, f"'{table}' must be a table"))
            continue
        for key, item in value.items():
            expected = _KEYS[table].get(key)
            line = key_line(text, f"{table}.{key}") or _table_line(text, table) or 1
            if expected is None:
                hint = did_you_mean(key, _KEYS[table])
                diags.append(warning(shown, line, f"unknown key {table}.{_visible(key)}{hint}"))
            elif not isinstance(item, expected) or (expected is int and isinstance(item, bool)):
                diags.append(error(shown, line, f"{table}.{key} must be {_TYPE_NAMES[expected]}"))
            else:
                kept[table][key] = item
    return kept


_TYPE_NAMES = {str: "a string", list: "a list", bool: "true or false", int: "a whole number",
               (str, int): "a string or a whole number"}
LOGO_TYPES = (".png", ".jpg", ".jpeg")
MAX_LOGO_BYTES = 8 * 1024 * 1024


def _table_line(text: str, table: str) -> int | None:
    """The line of the header `[table]`; for a quoted name with escapes, the first header of
    a table studyguide does not know."""
    other = None
    for number, line in enumerate(text.splitlines(), start=1):
        header = line.strip()
        if header == f"[{table}]":
            return number
        if other is None and header.startswith("[") and header.strip("[] ") not in _KEYS:
            other = number
    return other


def _build_config(values: dict[str, Any], text: str, shown: str, root: Path,
                  diags: list[Diagnostic]) -> BuildConfig:
    config = BuildConfig()
    for key in ("theme", "pack", "accessible"):
        if key in values:
            config = replace(config, **{key: values[key]})
    config = _folders(config, values, text, shown, root, diags)
    if "paper" in values:
        paper = PAPERS.get(values["paper"].lower())
        if paper is None:
            diags.append(error(shown, key_line(text, "build.paper"),
                               f"build.paper: '{_visible(values['paper'])}' is not A4 or letter"))
        config = replace(config, paper=paper)
    for key, allowed in (("formats", ALL_FORMATS), ("editions", EDITIONS)):
        if key in values:
            chosen = _choices(values[key], allowed, f"build.{key}", key_line(text, f"build.{key}"),
                              shown, diags)
            if key == "editions":
                config = replace(config, editions=tuple(Edition(c) for c in chosen))
            else:
                config = replace(config, formats=chosen)
    if "order" in values:
        line = key_line(text, "build.order")
        if not all(isinstance(s, str) for s in values["order"]):
            diags.append(error(shown, line, "build.order must list slugs"))
        else:
            for slug in (s for s in values["order"] if _UNSAFE.search(s)):
                diags.append(error(shown, line, f"build.order: '{_visible(slug)}' {_HOLDS_UNSAFE}"))
            config = replace(config, order=tuple(s for s in values["order"]
                                                 if not _UNSAFE.search(s)))
    return config


def _folders(config: BuildConfig, values: dict[str, Any], text: str, shown: str, root: Path,
             diags: list[Diagnostic]) -> BuildConfig:
    """build.outlines and build.output, each kept only when it names a usable folder."""
    for key in ("outlines", "output"):
        if key in values:
            problem = _folder_problem(values[key], key == "output")
            if not problem:
                problem = (_output_problem(values[key], root, config.outlines)
                           if key == "output" else _outlines_problem(values[key], root, values))
            if problem:
                diags.append(error(shown, key_line(text, f"build.{key}"),
                                   f"build.{key}: {problem}"))
            else:
                config = replace(config, **{key: values[key]})
    return config


# Control characters, and the invisible ones that reorder or hide what a terminal shows.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
_HOLDS_UNSAFE = "holds a control or invisible character"


def _folder_problem(value: str, is_output: bool) -> str:
    """Why a folder named in the project file is refused ('' if it is fine).

    A project folder copied from a colleague must not make studyguide read or write outside it,
    so these folders are relative and stay inside the project (`--out` may go anywhere).
    """
    if not value.strip():
        return "the folder name is empty"
    if _UNSAFE.search(value):
        return f"'{_visible(value)}' {_HOLDS_UNSAFE}; a folder name cannot"
    path = Path(value)
    if path.is_absolute() or value.startswith("~") or ".." in path.parts:
        hint = " (or `studyguide build --out DIR` for one elsewhere)" if is_output else ""
        return f"'{value}' is outside the project folder; use a folder inside it{hint}"
    return ""


def _output_problem(value: str, root: Path, outlines: str) -> str:
    """Why build.output cannot hold the outputs ('' if it can): it is a file, or it is the
    outline folder itself, where handouts would sit among the outlines."""
    folder = root / value
    if os.path.lexists(folder) and not folder.is_dir():
        return f"'{value}' is a file, not a folder"
    if os.path.normpath(folder) == os.path.normpath(root / outlines):
        return f"'{value}' is the outline folder; use a folder of its own, such as 'build'"
    return ""


def _outlines_problem(value: str, root: Path, values: dict[str, Any]) -> str:
    """Why build.outlines cannot be read from ('' if it can): it is the default output folder."""
    if "output" in values or os.path.normpath(root / value) != os.path.normpath(
            root / BuildConfig.output):
        return ""  # a build.output of its own is checked against it
    return f"'{value}' is the output folder; set build.output to another folder"


def _visible(text: str) -> str:
    """`text` with each control character shown as an escape, safe to print."""
    return _UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                       else f"\\u{ord(m.group()):04x}", text)


def _choices(items: list[Any], allowed: tuple[str, ...], name: str, line: int | None,
             shown: str, diags: list[Diagnostic]) -> tuple[str, ...]:
    good = [i for i in items if isinstance(i, str) and i.lower() in allowed]
    for bad in (i for i in items if not (isinstance(i, str) and i.lower() in allowed)):
        diags.append(error(shown, line, f"{name}: '{_visible(str(bad))}' is not one of "
                                        f"{', '.join(allowed)}"))
    return tuple(dict.fromkeys(g.lower() for g in good)) or (
        FORMATS if allowed is ALL_FORMATS else allowed)

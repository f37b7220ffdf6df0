"""The build cache, `build/.studyguide-cache.json`: what was built from which inputs.

It records, for every output, the key it was made with (see build/plan.py for what a key
covers); for every outline that parsed cleanly, its content hash, the images it uses and the
facts the cross-outline check needs; and for every theme that loaded cleanly, the hashes of its
files. With it, `check` and a build with nothing to do only hash files: no Markdown parsing, no
theme loading, no renderer imports. `build` writes it; `check` only reads it.

The file is JSON, never pickle, and it is read into typed entries here, each checked against its
shape: a missing, corrupt, foreign or doctored entry is dropped, so a bad cache can only cause a
rebuild.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import asdict, field
from pathlib import Path
from typing import Any, TypeGuard

from studyguide import __version__
from studyguide.boundary import is_inside, read_regular
from studyguide.records import record

CACHE_FILE = ".studyguide-cache.json"
MAX_CACHE_BYTES = 64 * 1024 * 1024  # far above the cache of 1,000 outlines
Fact = tuple[str, str, str, str, int]  # see course.consistency.facts_of


@record
class OutputEntry:
    """An output file: the key it was built with, and its size (a changed file is stale)."""

    key: str
    size: int


@record
class OutlineEntry:
    """A clean outline: what `check` and the planner need without parsing it again."""

    hash: str  # of the outline's bytes
    facts: tuple[Fact, ...]  # for the cross-outline consistency check
    theme: str  # the theme its front matter names ("" for the project's)
    theme_line: int  # where it names it (0: it does not)
    deps: dict[str, str] = field(default_factory=dict)  # image path -> hash


@record
class ThemeEntry:
    """A theme that loaded cleanly: its folders and the hashes of their files."""

    folders: tuple[str, ...]  # the `extends` chain, most specific first
    files: dict[str, str]  # path -> hash, every file of every folder
    names: dict[str, bool]  # theme name -> whether it was the project's own
    key: str  # theme_key(files)
    dated: tuple[str, ...]  # templates that show the build date
    cacheable: bool = True  # False when it had warnings, which must be shown every time


@record
class Cache:
    """The three tables of the cache file."""

    outputs: dict[str, OutputEntry] = field(default_factory=dict)
    outlines: dict[str, OutlineEntry] = field(default_factory=dict)
    themes: dict[str, ThemeEntry] = field(default_factory=dict)


def digest(*parts: str) -> str:
    """A hash of several strings (separated, so ("ab", "c") differs from ("a", "bc"))."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def bytes_hash(data: bytes) -> str:
    """The hash of bytes already read, the same as file_hash of a file holding them."""
    return hashlib.sha256(data).hexdigest()


def file_hash(path: str | os.PathLike[str]) -> str:
    """The hash of a file's bytes, or "missing" when it cannot be read."""
    try:
        # Only a plain file: opening a named pipe would wait forever for a writer. Hashed in
        # chunks, so a huge file (which the parser then refuses) never sits in memory.
        if not stat.S_ISREG(os.stat(path).st_mode):
            return "missing"
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return "missing"


def folder_files(folders: tuple[str, ...] | list[str]) -> dict[str, str]:
    """path -> hash for every file below the given folders (sorted, so keys are stable)."""
    files: dict[str, str] = {}
    for folder in folders:
        root = Path(folder)
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts:
                    files[str(path)] = file_hash(path)
    return files


def theme_key(files: dict[str, str]) -> str:
    """A theme's identity for stale-checking: its files' contents and the studyguide version."""
    return digest(__version__, *(f"{path}={h}" for path, h in sorted(files.items())))


def read_cache(out_dir: Path) -> Cache:
    """The cache in `out_dir`; empty tables when it is missing, unreadable or foreign (a link,
    a pipe, a device or a file over MAX_CACHE_BYTES is not read)."""
    raw = read_regular(out_dir / CACHE_FILE, MAX_CACHE_BYTES)
    try:
        data = json.loads(raw.decode("utf-8")) if raw is not None else None
    except (ValueError, RecursionError):
        return Cache()
    if not isinstance(data, dict) or data.get("studyguide") != __version__:
        return Cache()
    outputs = _table(data.get("outputs"), _output)
    # an output is a plain file name in the output folder: '../x' or 'a/b' is never looked at
    outputs = {name: entry for name, entry in outputs.items() if _is_file_name(name)}
    return Cache(outputs=outputs,
                 outlines=_table(data.get("outlines"), _outline),
                 themes=_table(data.get("themes"), _theme))


def cache_text(cache: Cache) -> str:
    """The cache file's text."""
    tables = {name: {key: asdict(entry) for key, entry in getattr(cache, name).items()}
              for name in ("outputs", "outlines", "themes")}
    # ASCII with \u escapes: a file name that is not UTF-8 holds lone surrogates
    # (os.fsdecode), which JSON can carry as escapes and read back as the same name
    return json.dumps({"studyguide": __version__, **tables}, indent=1, sort_keys=True,
                      ensure_ascii=True)


def _table(raw: Any, entry_of) -> dict:
    """The well-formed entries of one table (string keys, entries of the right shape)."""
    if not isinstance(raw, dict):
        return {}
    table = {}
    for key, value in raw.items():
        entry = entry_of(value) if isinstance(key, str) and isinstance(value, dict) else None
        if entry is not None:
            table[key] = entry
    return table


def _is_file_name(name: str) -> bool:
    return name not in ("", ".", "..") and "/" not in name and "\\" not in name \
        and "\0" not in name


def _is_str_map(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str)
                                           for k, v in value.items())


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _output(raw: dict) -> OutputEntry | None:
    key, size = raw.get("key"), raw.get("size")
    return OutputEntry(key, size) if isinstance(key, str) and _is_int(size) else None


def _fact(raw: Any) -> Fact | None:
    if (isinstance(raw, list) and len(raw) == 5 and all(isinstance(x, str) for x in raw[:4])
            and _is_int(raw[4])):
        return (raw[0], raw[1], raw[2], raw[3], raw[4])
    return None


def _outline(raw: dict) -> OutlineEntry | None:
    facts = raw.get("facts")
    if not isinstance(facts, list):
        return None
    parsed = tuple(_fact(f) for f in facts)
    if (any(f is None for f in parsed) or not isinstance(raw.get("hash"), str)
            or not isinstance(raw.get("theme"), str) or not _is_int(raw.get("theme_line"))
            or not _is_str_map(raw.get("deps"))):
        return None
    return OutlineEntry(raw["hash"], parsed, raw["theme"], raw["theme_line"],  # type: ignore[arg-type]
                        raw["deps"])


def _theme(raw: dict) -> ThemeEntry | None:
    folders, names, dated = raw.get("folders"), raw.get("names"), raw.get("dated")
    if not (isinstance(folders, list) and all(isinstance(f, str) for f in folders)
            and _is_str_map(raw.get("files")) and isinstance(raw.get("key"), str)
            and isinstance(names, dict)
            and all(isinstance(k, str) and isinstance(v, bool) for k, v in names.items())
            and isinstance(dated, list) and all(isinstance(d, str) for d in dated)
            and raw.get("cacheable", True) is True):
        return None
    return ThemeEntry(tuple(folders), raw["files"], names, raw["key"], tuple(dated))


def outline_entry(entry: OutlineEntry | None, content_hash: str,
                  project_root: str) -> OutlineEntry | None:
    """A cached outline entry, if it still describes the outline's current bytes and images.
    An image outside the project (a doctored cache naming /etc/shadow) is never hashed: the
    entry is dropped and the outline parsed again."""
    if entry is None or entry.hash != content_hash:
        return None
    if not all(is_inside(path, project_root) for path in entry.deps):
        return None
    if any(file_hash(path) != h for path, h in entry.deps.items()):
        return None
    return entry


def theme_entry(entry: ThemeEntry | None, project_themes: Path,
                builtin_themes: Path) -> ThemeEntry | None:
    """A cached theme entry, if its folders are theme folders, its files are unchanged and its
    names still resolve the same. A folder elsewhere (a doctored cache naming /etc) is never
    walked: the entry is dropped and the theme loaded again."""
    if entry is None:
        return None
    if not all(is_inside(folder, project_themes) or is_inside(folder, builtin_themes)
               for folder in entry.folders):
        return None
    for name, was_project in entry.names.items():
        if (project_themes / name / "theme.toml").is_file() != was_project:
            return None
    if folder_files(entry.folders) != entry.files:
        return None
    return entry

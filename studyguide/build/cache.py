"""The build cache, `build/.studyguide-cache.json`: what was built from which inputs.

It records, for every output, the hash of everything it was made from; for every outline that
parsed cleanly, its content hash, the images it uses and the facts the cross-outline check
needs; and for every theme that loaded cleanly, the hashes of its files. With it, `check` and a
build with nothing to do only hash files: no Markdown parsing, no theme loading, no renderer
imports. `build` writes it; `check` only reads it. A missing, corrupt or foreign cache is
ignored. It is JSON, never pickle: a cache file is data, so a doctored one can only cause a
rebuild.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any

from studyguide import __version__

CACHE_FILE = ".studyguide-cache.json"


def digest(*parts: str) -> str:
    """A hash of several strings (separated, so ("ab", "c") differs from ("a", "bc"))."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


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


def folder_files(folders: list[str]) -> dict[str, str]:
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


def read_cache(out_dir: Path) -> dict[str, Any]:
    """The cache's tables ("outputs", "outlines", "themes"); empty ones when unusable."""
    empty: dict[str, Any] = {"outputs": {}, "outlines": {}, "themes": {}}
    try:
        data = json.loads((out_dir / CACHE_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return empty
    if not isinstance(data, dict) or data.get("studyguide") != __version__:
        return empty
    return {key: data[key] if isinstance(data.get(key), dict) else {} for key in empty}


def cache_text(tables: dict[str, Any]) -> str:
    """The cache file's text for these tables."""
    return json.dumps({"studyguide": __version__, **tables}, indent=1, sort_keys=True,
                      ensure_ascii=False)


def outline_entry(entry: Any, content_hash: str) -> dict[str, Any] | None:
    """A cached outline entry, if it still describes the outline's current bytes and images."""
    if not isinstance(entry, dict) or entry.get("hash") != content_hash:
        return None
    deps = entry.get("deps")
    if not isinstance(deps, dict) or not isinstance(entry.get("facts"), list):
        return None
    if any(file_hash(path) != h for path, h in deps.items()):
        return None
    return entry


def theme_entry(entry: Any, project_themes: Path) -> dict[str, Any] | None:
    """A cached theme entry, if its files are unchanged and its names still resolve the same."""
    if not isinstance(entry, dict):
        return None
    folders, files, names = entry.get("folders"), entry.get("files"), entry.get("names")
    if not (isinstance(folders, list) and isinstance(files, dict) and isinstance(names, dict)):
        return None
    for name, was_project in names.items():
        if (project_themes / name / "theme.toml").is_file() != was_project:
            return None
    if folder_files(folders) != files:
        return None
    return entry

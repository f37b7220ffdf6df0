"""Which themes a project can use, by name: its own themes/ folder, then the built-ins.

Kept apart from the loader so that naming a theme (the project file's build.theme, an
outline's theme:) can be checked without importing what loading a theme needs.
"""

from __future__ import annotations

import os
from pathlib import Path

from studyguide.diagnostics import did_you_mean
from studyguide.records import record


@record
class Found:
    name: str
    folder: Path
    origin: str  # "built-in" | "project"


def builtin_folder() -> Path:
    """The folder holding the built-in themes (works from a wheel and an editable install)."""
    # The package's own folder, as importlib.resources.files() finds it for a package on
    # disk; importing importlib.resources brings tempfile, shutil, bz2, lzma and zipfile
    # (about 8 ms of every cold build) for a path.
    import studyguide._themes as themes

    return Path(next(iter(themes.__path__)))


def _theme_folders(parent: Path | None) -> dict[str, Path]:
    """name -> folder for every subfolder of `parent` that has a theme.toml."""
    if parent is None or not parent.is_dir():
        return {}
    found = {}
    try:
        entries = sorted(parent.iterdir())
    except OSError:
        return {}
    for entry in entries:
        toml = entry / "theme.toml"
        if not entry.name.startswith((".", "_")) and (toml.exists() or toml.is_symlink()):
            found[entry.name] = entry
    return found


class Places:
    """Where themes live for one project: its own themes/ folder, then the built-ins."""

    def __init__(self, project_root: str | os.PathLike | None) -> None:
        self.root = Path(project_root).resolve() if project_root is not None else None
        builtin = builtin_folder()
        own = self.root / "themes" if self.root is not None else None
        if own is not None and own.is_dir() and own.resolve() == builtin.resolve():
            own = None  # running inside the studyguide repository: these are the built-ins
        self.project = _theme_folders(own)
        self.builtin = _theme_folders(builtin)

    def candidates(self, name: str) -> list[Found]:
        """Folders for `name`, most specific first."""
        found = []
        if name in self.project:
            found.append(Found(name, self.project[name], "project"))
        if name in self.builtin:
            found.append(Found(name, self.builtin[name], "built-in"))
        return found

    def names(self) -> list[str]:
        return sorted(set(self.project) | set(self.builtin))

    def shown(self, path: Path) -> str:
        """`path` relative to the project when inside it, else absolute."""
        if self.root is not None:
            try:
                return path.relative_to(self.root).as_posix()
            except ValueError:
                pass
        return str(path)


def theme_names(project_root: str | os.PathLike | None) -> list[str]:
    """The names of every theme a project can use (its own and the built-ins), sorted."""
    return Places(project_root).names()


def unknown_theme_message(name: str, project_root: str | os.PathLike | None) -> str | None:
    """Why `name` names no theme ("unknown theme 'x' (did you mean ...)"), or None if it does."""
    names = theme_names(project_root)
    if name in names:
        return None
    return (f"unknown theme '{name}'{did_you_mean(name, names)}; "
            f"available themes: {', '.join(names)}")

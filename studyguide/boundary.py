"""The project boundary: what studyguide reads and writes stays inside the project.

The base layer, so the parser (outlines, images), the theme loader (theme folders, fonts,
templates) and the build (output folder, cache, lock) all ask the same question here.
One rule, enforced here: a path is used only when, with every symlink resolved, it lies inside
the folder it belongs to (the project, or the output folder a user named with `--out`), and it
is a regular file or folder, as expected. Files are opened with O_NOFOLLOW and O_NONBLOCK, so a
symlink swapped in at the last moment, a named pipe or a device can neither redirect nor hang a
read or a write. A project folder from a stranger is untrusted: see docs/security.md.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def is_inside(path: str | os.PathLike[str], root: str | os.PathLike[str]) -> bool:
    """True when `path`, with every symlink resolved, is `root` or lies below it."""
    try:
        real, base = os.path.realpath(path), os.path.realpath(root)
    except (OSError, ValueError):
        return False
    return real == base or real.startswith(base.rstrip(os.sep) + os.sep)


def folder_problem(path: Path, root: str | os.PathLike[str]) -> str:
    """Why the folder `path` may not be used ('' when it may): it must stay inside `root`
    and, if it exists, be a folder."""
    if not is_inside(path, root):
        return (f"leads outside the project (to {os.path.realpath(path)}); "
                "studyguide only reads and writes inside the project folder")
    if os.path.lexists(path) and not path.is_dir():
        return "is not a folder"
    return ""


def read_regular(path: Path, limit: int) -> bytes | None:
    """The bytes of the regular file `path` (not a symlink), or None when it is missing,
    not a plain file, or larger than `limit`."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
    except (OSError, ValueError):
        return None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
        os.close(fd)  # before fdopen, which refuses a folder with an exception
        return None
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(limit + 1)
    return data if len(data) <= limit else None


def open_exclusive(path: Path) -> int:
    """A new file at `path` for writing: never an existing file, never through a symlink."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o644)


def write_cache_entry(entry: Path, data: bytes, usable: Callable[[str], bool]) -> None:
    """`data` as the cache file `entry`, written whole under a temporary name and renamed;
    nothing when `usable(folder)` says the folder may not be written (a symlink, say) once
    it exists. A failure only costs the cache entry: a later build makes it again."""
    tmp = entry.with_name(f".{entry.name}.{os.getpid()}.tmp")
    try:
        entry.parent.mkdir(exist_ok=True)
        if not usable(str(entry.parent)):
            return
        with os.fdopen(open_exclusive(tmp), "wb") as handle:
            handle.write(data)
        os.replace(tmp, entry)
    except (OSError, ValueError):
        tmp.unlink(missing_ok=True)


def open_lock_file(path: Path) -> int:
    """The lock file at `path`, created if needed; OSError when it is not a plain file."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | _NOFOLLOW | _NONBLOCK, 0o644)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(0, "is not a regular file")
    return fd

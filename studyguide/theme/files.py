"""Reading a theme's files safely: theme.toml, logo.png, fonts/, templates/, the slide template.

Everything a theme names must stay inside its own folder once symlinks are resolved, so a theme
copied from elsewhere can never make studyguide read (or embed in a handout) a file outside it.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from studyguide.boundary import is_inside
from studyguide.tomlbudget import toml_budget_problem

MAX_TOML_BYTES = 256 * 1024
MAX_LOGO_BYTES = 20 * 1024 * 1024
MAX_TEMPLATE_BYTES = 64 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


class ThemeFileError(Exception):
    """A problem with one file of a theme; `line` is 1-based when known; `path` is the file
    itself when the problem is inside it (else the problem is reported at theme.toml)."""

    def __init__(self, message: str, line: int | None = None, path: Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.path = path  # the file the problem is in, when it is not the theme.toml


def confined(folder: Path, relative: str | Path, what: str) -> Path:
    """`folder/relative` with symlinks resolved; raises ThemeFileError when it leaves `folder`."""
    try:
        base = folder.resolve()
        target = (folder / relative).resolve()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop on older Pythons
        raise ThemeFileError(f"{what}: cannot follow the path ({exc})") from exc
    if not is_inside(target, base):
        raise ThemeFileError(f"{what} points outside the theme folder (to {target}); "
                             "a theme may only use files inside its own folder")
    return target


def _read_bytes(path: Path, limit: int, what: str) -> bytes:
    if not path.exists():
        raise ThemeFileError(f"{what} does not exist")
    if not path.is_file():
        raise ThemeFileError(f"{what} is not a file")
    try:
        size = path.stat().st_size
        if size > limit:
            raise ThemeFileError(f"{what} is too large ({size:,} bytes; the limit is "
                                 f"{limit:,})")
        with path.open("rb") as handle:
            return handle.read(limit + 1)
    except OSError as exc:
        raise ThemeFileError(f"cannot read {what}: {exc.strerror or exc}") from exc


def read_text(path: Path, limit: int, what: str) -> str:
    """A small UTF-8 text file (a byte-order mark is allowed)."""
    data = _read_bytes(path, limit, what)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ThemeFileError(f"{what} is not valid UTF-8 text", line) from exc


def read_theme_toml(folder: Path) -> tuple[dict[str, Any], str]:
    """The parsed theme.toml of `folder`, and its text (for finding the lines of keys)."""
    path = confined(folder, "theme.toml", "theme.toml")
    text = read_text(path, MAX_TOML_BYTES, "theme.toml")
    over = toml_budget_problem(text)  # before tomllib, which would recurse or overflow
    if over is not None:
        raise ThemeFileError(over[1], over[0])
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _TOML_POSITION.search(message)
        if not found:
            raise ThemeFileError(f"invalid TOML: {message}") from exc
        reason = message[: found.start()]
        raise ThemeFileError(f"invalid TOML: {reason} (column {found.group(2)})",
                             int(found.group(1))) from exc


def check_logo(folder: Path) -> Path:
    """The resolved logo.png of `folder`, which must really be a PNG image."""
    path = confined(folder, "logo.png", "logo.png")
    head = _read_bytes(path, MAX_LOGO_BYTES, "logo.png")[: len(PNG_SIGNATURE)]
    if head != PNG_SIGNATURE:
        raise ThemeFileError("logo.png is not a PNG image (save it as PNG, not just renamed)")
    return path


def check_pptx(folder: Path, relative: str) -> Path:
    """The resolved slide template named by slides.template; it must be a .pptx (zip) file."""
    what = f"slides.template: '{relative}'"
    path = confined(folder, relative, what)
    if not path.exists():
        raise ThemeFileError(f"{what} does not exist in the theme folder")
    if not path.is_file():
        raise ThemeFileError(f"{what} is not a file")
    problems = check_pptx_template(path)
    if problems:  # a problem inside the file is reported at the file
        raise ThemeFileError(f"the slide template {problems[0]}", 1, path)
    return path


# A slide template is a zip archive that python-pptx reads into memory; its central directory
# says how big each member unpacks to, so a "zip bomb" is refused before anything is inflated
# (docs/security.md). A real template with photos is a few megabytes.
MAX_PPTX_BYTES = 50 * 1024 * 1024
MAX_PPTX_UNPACKED = 100 * 1024 * 1024
MAX_PPTX_MEMBERS = 2_000
MAX_PPTX_RATIO = 100  # unpacked / packed, for any member bigger than 1 MB unpacked
_PPTX_REQUIRED = ("[Content_Types].xml",)  # every Office file has it; python-pptx checks more


def check_pptx_template(path: str | Path) -> list[str]:
    """What is wrong with a .pptx template file, read from its zip directory only; [] if fine.

    Each problem reads after the file's name: "is not a PowerPoint .pptx file". The deck
    renderer calls this before python-pptx opens a template. Past the zip directory, the parts
    themselves are read by theme/slide_template.py: safe XML, and slide layouts to draw on.
    """
    import zipfile
    import zlib

    from studyguide.theme.slide_template import slide_template_problems

    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_PPTX_BYTES:
            return [f"is {size / (1024 * 1024):.1f} MB; the limit is "
                    f"{MAX_PPTX_BYTES // (1024 * 1024)} MB"]
        with zipfile.ZipFile(path) as archive:
            problems = _pptx_members_problems(archive.infolist())
            return problems or slide_template_problems(archive)
    except zipfile.BadZipFile:
        return ["is not a PowerPoint .pptx file"]
    except (OSError, ValueError, RuntimeError, EOFError, zlib.error) as exc:
        return [f"cannot be read ({exc})"]


def _pptx_members_problems(members: list) -> list[str]:
    problems = []
    names = {m.filename for m in members}
    if len(members) > MAX_PPTX_MEMBERS:
        problems.append(f"holds {len(members):,} files; the limit is {MAX_PPTX_MEMBERS:,}")
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_PPTX_UNPACKED:
        problems.append(f"unpacks to {unpacked / (1024 * 1024):,.0f} MB; the limit is "
                        f"{MAX_PPTX_UNPACKED // (1024 * 1024)} MB")
    bomb = next((m for m in members if m.file_size > 1024 * 1024
                 and m.file_size > MAX_PPTX_RATIO * max(m.compress_size, 1)), None)
    if bomb is not None:
        problems.append(f"has a member ({bomb.filename}) that unpacks to "
                        f"{bomb.file_size // max(bomb.compress_size, 1):,} times its size; "
                        "it looks like a zip bomb")
    if any(m.flag_bits & 0x1 for m in members):
        problems.append("is encrypted")
    if not problems and not all(name in names for name in _PPTX_REQUIRED):
        problems.append("is a zip file but not a PowerPoint presentation")
    return problems


def font_dir(folder: Path) -> Path | None:
    """The theme's fonts/ folder, if any, once every font file in it is checked to stay inside."""
    if not (folder / "fonts").exists() and not (folder / "fonts").is_symlink():
        return None
    path = confined(folder, "fonts", "fonts/")
    if not path.is_dir():
        raise ThemeFileError("fonts/ is not a folder")
    base = folder.resolve()
    for font in sorted(path.rglob("*.ttf")):
        try:
            if not is_inside(font, base):
                raise ThemeFileError(f"fonts/{font.relative_to(path).as_posix()} points "
                                     "outside the theme folder")
        except (OSError, RuntimeError) as exc:
            raise ThemeFileError(f"fonts/: cannot follow {font.name} ({exc})") from exc
    return path


def template_files(folder: Path) -> list[tuple[str, Path]]:
    """(name, resolved path) of every templates/*.j2 in `folder`, sorted by name."""
    if not (folder / "templates").exists() and not (folder / "templates").is_symlink():
        return []
    path = confined(folder, "templates", "templates/")
    if not path.is_dir():
        raise ThemeFileError("templates/ is not a folder")
    found = []
    for entry in sorted(path.glob("*.j2")):
        target = confined(folder, Path("templates") / entry.name, f"templates/{entry.name}")
        if not target.is_file():
            raise ThemeFileError(f"templates/{entry.name} is not a file")
        found.append((entry.name, target))
    return found

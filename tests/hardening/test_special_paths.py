"""A property over every path a project reads or writes: whatever stands there instead (a link
to a file or folder outside, a named pipe, a folder, a dangling link), `check` and `build`
answer with exit code 0 or 1, no traceback, no hang, and nothing outside the project changes.

The project is built once; each example copies it, replaces one path and runs one command
(each of the 5 kinds for each of the 10 paths, then `check` and `build`).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from cli_guard import Hang, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

GUARD_SECONDS = 30
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf000000030101009dfe29a50000000049454e44ae426082")
OUTLINE = "---\ntitle: T\n---\n\n## S\nText.\n\n![a picture](pic.png)\n"
PATHS = ("studyguide.toml", "outlines", "outlines/a.md", "themes", "themes/mine/theme.toml",
         "outlines/pic.png", "build", "build/.studyguide-cache.json",
         "build/.studyguide.lock", "build/a.pdf")
KINDS = ("link-to-file", "link-to-folder", "fifo", "folder", "dangling-link")
COMMANDS = (("check",), ("build", "--format", "pdf", "--edition", "student", "--jobs", "1"))


def _run(args: tuple[str, ...]):
    return run_cli(args, GUARD_SECONDS)


def _snapshot(folder: Path) -> dict[str, str]:
    """Every entry below `folder`: a link's target, a file's hash, or its kind."""
    found = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            found[name] = "-> " + os.readlink(path)
        elif path.is_file():
            found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            found[name] = "folder" if path.is_dir() else "other"
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small project with a theme and an image, built once (cache, lock and outputs)."""
    project = tmp_path_factory.mktemp("template") / "project"
    (project / "outlines").mkdir(parents=True)
    (project / "outlines" / "a.md").write_text(OUTLINE, encoding="utf-8")
    (project / "outlines" / "pic.png").write_bytes(PNG)
    (project / "themes" / "mine").mkdir(parents=True)
    (project / "themes" / "mine" / "theme.toml").write_text('extends = "classic"\n',
                                                             encoding="utf-8")
    (project / "studyguide.toml").write_text('[build]\ntheme = "mine"\n', encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(project)
    try:
        assert _run(COMMANDS[1]).exit_code == 0
    finally:
        os.chdir(cwd)
    assert (project / "build" / "a.pdf").is_file()
    return project


def _replace(path: Path, kind: str, outside: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif os.path.lexists(path):
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "link-to-file":
        path.symlink_to(outside / "secret.txt")
    elif kind == "link-to-folder":
        path.symlink_to(outside / "folder", target_is_directory=True)
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path.symlink_to(outside / "nothing-here")


@pytest.mark.parametrize("where", PATHS)
@settings(max_examples=len(KINDS), derandomize=True, database=None, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(KINDS))
def test_a_special_file_anywhere_is_refused_cleanly(built: Path, where: str, kind: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        project, outside = Path(tmp, "project"), Path(tmp, "outside")
        shutil.copytree(built, project, symlinks=True)
        (outside / "folder").mkdir(parents=True)
        (outside / "secret.txt").write_text("private\n", encoding="utf-8")
        (outside / "folder" / "a.md").write_text(OUTLINE, encoding="utf-8")
        (outside / "folder" / "theme.toml").write_text('extends = "classic"\n',
                                                       encoding="utf-8")
        before = _snapshot(outside)
        _replace(project / where, kind, outside)
        cwd = os.getcwd()
        os.chdir(project)
        try:
            results = [(command[0], _run(command)) for command in COMMANDS]
        finally:
            os.chdir(cwd)
        for name, result in results:
            case = (where, kind, name, result.output)
            assert not isinstance(result.exception, Hang), case
            assert result.exit_code in (0, 1), (*case, result.exception)
            assert "Traceback" not in result.output, case
            assert "internal error" not in result.output, case
        assert _snapshot(outside) == before, (where, kind, results[-1][1].output)

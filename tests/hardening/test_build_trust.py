"""Builds that a project folder's contents must not break: outlines edited mid-build, output
names that collide, a read-only output folder, file names a terminal or JSON cannot take."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import pdf_text, write_outline

from studyguide.cli import main
from studyguide.diagnostics import error, printable


def _build(*args: str):
    return CliRunner().invoke(main, ["build", "--jobs", "1", *args])


def test_a_diagnostic_is_one_line_whatever_the_path_and_message_hold() -> None:
    d = error("outlines/x\nforged.md", 3, "bad \x1b[31mred\x1b[0m \u202etxt.exe\udce9")
    assert d.format() == ("outlines/x\\nforged.md:3: error: bad \\x1b[31mred\\x1b[0m "
                          "\\u202etxt.exe\\udce9")
    assert printable("Café, 東京, tab\there") == "Café, 東京, tab\\there"


def test_a_file_name_that_is_not_utf8_builds_and_is_cached(project: Path) -> None:
    name = os.fsdecode(b"caf\xe9")
    write_outline(project, name)
    first = _build()
    assert first.exit_code == 0 and "internal error" not in first.output, first.output
    assert (project / "build" / f"{name}.pdf").is_file()
    again = _build()
    assert again.exit_code == 0
    assert "nothing to do" in again.output, again.output  # the cache was saved and read back


def test_an_outline_whose_output_name_is_taken_is_not_built(project: Path) -> None:
    write_outline(project, "x", title="First Outline")
    write_outline(project, "x.teacher", title="Second Outline")
    result = _build("--format", "pdf")
    assert result.exit_code == 1
    assert ("outlines/x.teacher.md:1: error: its output x.teacher.pdf would overwrite the one "
            "outlines/x.md makes") in result.output
    teacher = pdf_text(project / "build" / "x.teacher.pdf")
    assert "First Outline" in teacher and "Second Outline" not in teacher
    assert not (project / "build" / "x.teacher.teacher.pdf").exists()
    assert not (project / "build" / "course-pack.pdf").exists()  # it would leave one out


def _edit_once(path: Path, title: str):
    """A function that, the first time it is called, saves the outline with a new title."""
    done = []

    def edit() -> None:
        if not done:
            done.append(True)
            path.write_text(path.read_text(encoding="utf-8").replace(
                "title: Old Title", f"title: {title}"), encoding="utf-8")
    return edit


def test_an_outline_saved_while_it_is_rendered_is_reported_and_rebuilt_next_time(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from studyguide.build import tasks

    path = write_outline(project, "x", title="Old Title")
    edit = _edit_once(path, "New Title")
    name, render = tasks.RENDERERS["pdf"]

    def render_then_edit(task, edition):
        rendered = render(task, edition)
        edit()  # the teacher saves while the build is still running
        return rendered

    monkeypatch.setitem(tasks.RENDERERS, "pdf", (name, render_then_edit))
    first = _build("--format", "pdf", "--edition", "student")
    assert first.exit_code == 0
    assert "outlines/x.md:1: warning: changed while it was being built" in first.output
    monkeypatch.setitem(tasks.RENDERERS, "pdf", (name, render))
    second = _build("--format", "pdf", "--edition", "student")
    assert "nothing to do" not in second.output
    assert "New Title" in pdf_text(project / "build" / "x.pdf")


def test_an_outline_saved_between_hashing_and_parsing_is_never_stamped_stale(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bytes hashed are the bytes parsed: a save that lands between two reads, then an
    undo, must not leave the undone text's hash on the saved text's output."""
    from studyguide.build import cache

    path = write_outline(project, "x", title="Old Title")
    original = path.read_text(encoding="utf-8")
    edit = _edit_once(path, "New Title")
    file_hash = cache.file_hash

    def hash_then_edit(p):
        digest = file_hash(p)
        if os.fspath(p) == str(path):
            edit()  # the save lands just after the outline was hashed
        return digest

    monkeypatch.setattr(cache, "file_hash", hash_then_edit)
    assert _build("--format", "pdf", "--edition", "student").exit_code == 0
    monkeypatch.setattr(cache, "file_hash", file_hash)
    path.write_text(original, encoding="utf-8")  # the teacher undoes the edit
    again = _build("--format", "pdf", "--edition", "student")
    assert "Old Title" in pdf_text(project / "build" / "x.pdf"), again.output


def _refuse(path, *args, **kwargs):
    raise PermissionError(errno.EACCES, "Permission denied", str(path))


def test_a_read_only_output_folder_is_one_error_per_file_not_an_internal_error(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a read-only build/ does to a build (root may write anyway, so it is simulated):
    creating the lock or a temporary file is refused."""
    from studyguide.boundary import open_lock_file
    from studyguide.build import run

    write_outline(project, "a")
    (project / "build").mkdir()
    monkeypatch.setattr(run, "open_lock_file", _refuse)
    result = _build("--format", "pdf")
    assert result.exit_code == 1 and "internal error" not in result.output
    assert result.stderr.splitlines() == [
        "build/.studyguide.lock:1: error: cannot create or open the lock file: Permission "
        "denied (is the output folder read-only?)"]
    monkeypatch.setattr(run, "open_lock_file", open_lock_file)
    (project / "build" / ".studyguide.lock").touch()  # a lock left by an earlier build
    monkeypatch.setattr(run, "open_exclusive", _refuse)
    result = _build("--format", "pdf", "--edition", "student")
    assert result.exit_code == 1 and "internal error" not in result.output
    assert result.stderr.splitlines() == [
        "build/a.pdf:1: error: cannot write: Permission denied",
        "build/course-pack.pdf:1: error: cannot write: Permission denied"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder anyway")
def test_a_really_read_only_output_folder(project: Path) -> None:
    write_outline(project, "a")
    (project / "build").mkdir()
    (project / "build").chmod(0o555)
    try:
        result = _build("--format", "pdf")
    finally:
        (project / "build").chmod(0o755)
    assert result.exit_code == 1 and "internal error" not in result.output
    assert "build/.studyguide.lock:1: error: cannot create or open the lock file" \
        in result.output

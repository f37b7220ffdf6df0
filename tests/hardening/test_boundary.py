"""The project boundary: a doctored project folder cannot make a build read or write outside
it, hang on a special file, or delete what studyguide did not make.

Each case builds through the CLI in-process (with a guard that turns a hang into a failure)
and then looks outside the project to see that nothing there was touched.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cli_guard import run_cli
from conftest import write_outline

GUARD_SECONDS = 60


def _run(*args: str):
    return run_cli(args, GUARD_SECONDS)


@pytest.fixture
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder outside the project that no build may touch."""
    folder = tmp_path_factory.mktemp("outside")
    (folder / "keep.txt").write_text("the user's own file\n", encoding="utf-8")
    return folder


def _untouched(folder: Path) -> None:
    assert sorted(p.name for p in folder.iterdir()) == ["keep.txt"]


def test_an_output_folder_linked_outside_is_refused(project: Path, outside: Path) -> None:
    write_outline(project, "01-a")
    (project / "build").symlink_to(outside)
    result = _run("build", "--jobs", "1")
    assert result.exit_code == 1
    assert "build: error: the output folder leads outside the project" in result.output
    _untouched(outside)


def test_a_project_file_output_linked_outside_is_blamed_on_its_line(project: Path,
                                                                    outside: Path) -> None:
    write_outline(project, "01-a")
    (project / "studyguide.toml").write_text('[build]\noutput = "out"\n', encoding="utf-8")
    (project / "out").symlink_to(outside)
    result = _run("build", "--jobs", "1")
    assert result.exit_code == 1
    assert "studyguide.toml:2: error: build.output: 'out' leads outside the project" \
        in result.output
    _untouched(outside)


def test_a_lock_file_linked_outside_is_not_created(project: Path, outside: Path) -> None:
    write_outline(project, "01-a")
    (project / "build").mkdir()
    (project / "build" / ".studyguide.lock").symlink_to(outside / "made-by-a-build")
    result = _run("build", "--jobs", "1")
    assert result.exit_code == 1
    assert "build/.studyguide.lock:1: error: the lock file cannot be used" in result.output
    _untouched(outside)
    assert not (project / "build" / "01-a.pdf").exists()


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_lock_that_is_a_pipe_or_folder_is_an_error_not_a_hang(project: Path,
                                                                 kind: str) -> None:
    write_outline(project, "01-a")
    lock = project / "build" / ".studyguide.lock"
    lock.parent.mkdir()
    os.mkfifo(lock) if kind == "fifo" else lock.mkdir()
    result = _run("build", "--jobs", "1")
    assert result.exit_code == 1
    assert "the lock file cannot be used" in result.output


def test_an_outline_folder_linked_outside_is_not_published(project: Path,
                                                           outside: Path) -> None:
    (outside / "secret.md").write_text("---\ntitle: Secret\n---\n\nNot ours.\n", "utf-8")
    (project / "outlines").rmdir()
    (project / "outlines").symlink_to(outside)
    result = _run("build", "--jobs", "1")
    assert result.exit_code == 1
    assert "outlines: error: the outline folder leads outside the project" in result.output
    assert not (project / "build" / "secret.pdf").exists()
    assert sorted(p.name for p in outside.iterdir()) == ["keep.txt", "secret.md"]


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_cache_that_is_a_pipe_or_a_device_is_ignored(project: Path, kind: str) -> None:
    write_outline(project, "01-a")
    cache = project / "build" / ".studyguide-cache.json"
    cache.parent.mkdir()
    os.mkfifo(cache) if kind == "fifo" else cache.symlink_to("/dev/zero")
    assert _run("check").exit_code == 0
    result = _run("build", "--jobs", "1", "--format", "pdf")
    assert result.exit_code == 0, result.output
    assert (project / "build" / "01-a.pdf").is_file()


def test_a_doctored_cache_cannot_make_check_walk_a_folder_outside(
        project: Path, outside: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from studyguide.build import cache

    write_outline(project, "01-a")
    assert _run("build", "--jobs", "1", "--format", "pdf").exit_code == 0
    path = project / "build" / cache.CACHE_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    for entry in data["themes"].values():
        entry["folders"] = [str(outside)]
        entry["files"] = {str(outside / "keep.txt"): cache.file_hash(outside / "keep.txt")}
    path.write_text(json.dumps(data), encoding="utf-8")
    walked: list[str] = []
    real = cache.folder_files
    monkeypatch.setattr(cache, "folder_files",
                        lambda folders: walked.extend(map(str, folders)) or real(folders))
    assert _run("check").exit_code == 0
    assert str(outside) not in walked
    assert walked  # the theme was loaded and hashed again instead


def test_cleanup_removes_only_files_a_build_made(project: Path) -> None:
    write_outline(project, "01-a")
    (project / "studyguide.toml").write_text('[build]\noutput = "."\n', encoding="utf-8")
    (project / ".notes.tmp").write_text("the teacher's own\n", encoding="utf-8")
    (project / ".01-a.pdf.4242.tmp").write_bytes(b"%PDF- left by a killed build")
    assert _run("build", "--jobs", "1", "--format", "pdf").exit_code == 0
    assert (project / ".notes.tmp").read_text(encoding="utf-8") == "the teacher's own\n"
    assert not (project / ".01-a.pdf.4242.tmp").exists()
    assert (project / "01-a.pdf").is_file()


def test_a_doctored_cache_cannot_make_check_hash_an_image_outside(
        project: Path, outside: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from studyguide.build import cache

    write_outline(project, "01-a")
    assert _run("build", "--jobs", "1", "--format", "pdf").exit_code == 0
    path = project / "build" / cache.CACHE_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    secret = outside / "keep.txt"
    for entry in data["outlines"].values():
        entry["deps"] = {str(secret): cache.file_hash(secret)}
    data["outputs"]["../outside.pdf"] = {"key": "k", "size": 1}
    path.write_text(json.dumps(data), encoding="utf-8")
    hashed: list[str] = []
    real = cache.file_hash
    monkeypatch.setattr(cache, "file_hash", lambda p: hashed.append(str(p)) or real(p))
    assert _run("check").exit_code == 0
    assert str(secret) not in hashed
    assert "../outside.pdf" not in cache.read_cache(project / "build").outputs

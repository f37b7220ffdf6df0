"""`watch` renders in a warm worker pool: outputs follow each save and are a cold build's bytes
(and so are the course packs merged from cached parts)."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from typing import Callable, Iterator

import pytest
from click.testing import CliRunner

from conftest import REPO, deck_text, pdf_text, write_outline
from studyguide.build.watch import watch_project
from studyguide.cli import main
from studyguide.render.pdf import pack_parts

EDITED = "the struggle for power more than Stalin won it"


def _saves(*edits: Callable[[], None]) -> Callable[[Path, Callable[[str], bool]], Iterator[object]]:
    """A change source that makes each edit and then reports it as one batch."""
    def changes(root: Path, relevant: Callable[[str], bool]) -> Iterator[object]:
        for edit in edits:
            edit()
            yield {("modified", str(root))}
    return changes


def _watch(changes, lines: list[str]) -> None:
    watch_project(lambda diags: lines.extend(str(d) for d in diags), lines.append,
                  changes=changes)


def test_each_save_is_built_by_the_pool_and_read_back(project: Path) -> None:
    path = write_outline(project, "01-a", title="First Title")
    lines: list[str] = []

    def rename(title: str) -> Callable[[], None]:
        return lambda: path.write_text(path.read_text(encoding="utf-8").replace(
            path.read_text(encoding="utf-8").split("title: ")[1].split("\n")[0], title),
            encoding="utf-8")

    _watch(_saves(rename("Second Title"), rename("Third Title")), lines)
    assert sum("built build/01-a.pdf" in line for line in lines) == 3, lines
    assert "Third Title" in pdf_text(project / "build" / "01-a.pdf")
    assert "Third Title" in pdf_text(project / "build" / "01-a.teacher.pdf")
    assert "Third Title" in deck_text(project / "build" / "01-a.pptx")[0][0]
    # the edited outline's outputs are written before the course packs
    built = [line for line in lines if line.startswith("built ")]
    last = built[-5:]
    assert [line.split("/")[-1] for line in last] == [
        "01-a.pdf", "01-a.teacher.pdf", "01-a.pptx", "course-pack.pdf",
        "course-pack.teacher.pdf"], lines


def test_a_bad_save_is_reported_and_the_next_good_one_built(project: Path) -> None:
    path = write_outline(project, "01-a")
    good = path.read_text(encoding="utf-8")
    lines: list[str] = []
    _watch(_saves(lambda: path.write_text(good.replace("1924-01-21", "1924-01-99"),
                                          encoding="utf-8"),
                  lambda: path.write_text(good.replace("Lenin dies", "Lenin died"),
                                          encoding="utf-8")), lines)
    assert any("invalid date '1924-01-99'" in line for line in lines), lines
    assert "Lenin died" in pdf_text(project / "build" / "01-a.pdf")


def _copy_shipped(folder: Path) -> Path:
    folder.mkdir()
    shutil.copytree(REPO / "outlines", folder / "outlines")
    shutil.copy(REPO / "studyguide.toml", folder / "studyguide.toml")
    return folder


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())
            if p.suffix in (".pdf", ".pptx")}


def test_outputs_are_byte_identical_cold_after_edit_and_revert_and_through_the_pool(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    cold = _copy_shipped(tmp_path / "cold")
    monkeypatch.chdir(cold)
    assert CliRunner().invoke(main, ["build", "--jobs", "1"]).exit_code == 0
    expected = _files(cold / "build")
    assert len(expected) == 14

    warm = _copy_shipped(tmp_path / "warm")
    monkeypatch.chdir(warm)
    outline = warm / "outlines" / "02-triumvirate.md"
    original = outline.read_text(encoding="utf-8")
    assert EDITED in original
    lines: list[str] = []
    _watch(_saves(lambda: outline.write_text(original.replace(EDITED, "an edit"),
                                             encoding="utf-8"),
                  lambda: outline.write_text(original, encoding="utf-8")), lines)
    assert sum("built build/02-triumvirate.pdf" in line for line in lines) == 3, lines
    assert _files(warm / "build") == expected  # through the pool, after an edit and a revert

    # and a plain build after an edit and a revert, from the build cache
    outline.write_text(original.replace(EDITED, "another edit"), encoding="utf-8")
    assert CliRunner().invoke(main, ["build", "--jobs", "2"]).exit_code == 0
    assert "another edit" in pdf_text(warm / "build" / "02-triumvirate.pdf")
    outline.write_text(original, encoding="utf-8")
    assert CliRunner().invoke(main, ["build", "--jobs", "2"]).exit_code == 0
    assert _files(warm / "build") == expected

    # and the course packs from cached parts (render/pdf/parts_cache.py): after an edit and a
    # revert only the edited outline's chapters are typeset; the rest come from the cache
    parts = warm / "build" / ".studyguide-parts"
    kept = {p.name: p.stat().st_mtime_ns for p in parts.iterdir()}
    assert len(kept) == 14  # 4 chapters, back and front matter, furniture, in each edition
    for text in (original.replace(EDITED, "a third edit"), original):
        outline.write_text(text, encoding="utf-8")
        pack_parts.TYPESET.clear()
        assert CliRunner().invoke(main, ["build", "--jobs", "1"]).exit_code == 0
        # teacher: the answer key; no page moves, so the front matter and furniture are kept
        assert pack_parts.TYPESET == Counter(chapter=2, back=1)
    assert _files(warm / "build") == expected
    now = {p.name: p.stat().st_mtime_ns for p in parts.iterdir()}
    assert sum(now.get(name) == stamp for name, stamp in kept.items()) == 11  # reused as they were

class _RecordingPool:
    """A stand-in for watch's warm pool that runs each task when it is sent, here, and
    records what was sent and when (in one list with the files written)."""

    def __init__(self, events: list[str]) -> None:
        self.events = events
        self.outlines: dict = {}

    def executor(self, themes: object) -> "_RecordingPool":
        return self

    def current(self) -> "_RecordingPool":
        return self

    def close(self) -> None:
        pass

    def submit(self, fn, task):
        import concurrent.futures

        self.events.append("send " + ",".join(o.file for o in task.outputs))
        future: concurrent.futures.Future = concurrent.futures.Future()
        future.set_result(fn(task))
        return future


def test_a_save_sends_each_output_alone_and_the_packs_after_they_are_written(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from studyguide.build import run
    from studyguide.build.settings import build_settings
    from studyguide.project.config import load_project

    write_outline(project, "01-a")
    write_outline(project, "02-b", title="Another Topic")
    events: list[str] = []
    written = run.write_atomic
    monkeypatch.setattr(run, "write_atomic",
                        lambda path, data: (events.append(f"write {path.name}"),
                                            written(path, data))[1])
    loaded, _ = load_project(".")
    options, settings = build_settings(loaded)
    run.run_build(loaded, options, settings)  # everything built once, cold
    (project / "outlines" / "01-a.md").write_text(
        (project / "outlines" / "01-a.md").read_text(encoding="utf-8") + "\nMore.\n",
        encoding="utf-8")
    events.clear()
    result = run.run_build(loaded, options, settings, warm=_RecordingPool(events))
    assert result.ok, result.diagnostics
    outputs = [e for e in events if not e.endswith((".json", "course-pack.pdf",
                                                     "course-pack.teacher.pdf"))]
    # the deck first, then each edition on its own, all written before a pack is sent
    assert outputs == ["send 01-a.pptx", "send 01-a.pdf", "send 01-a.teacher.pdf",
                       "write 01-a.pdf", "write 01-a.teacher.pdf", "write 01-a.pptx"], events
    first_pack = next(i for i, e in enumerate(events) if "course-pack" in e)
    assert events[first_pack].startswith("send ")
    assert first_pack > events.index("write 01-a.pptx")


def test_unchanged_outlines_are_parsed_once_for_the_packs_across_saves(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from studyguide.build import inputs, run
    from studyguide.build.settings import build_settings
    from studyguide.project.config import load_project

    edited = write_outline(project, "01-a")
    write_outline(project, "02-b", title="Another Topic")
    parsed: list[str] = []
    parse_many = inputs.parse_many
    monkeypatch.setattr(inputs, "parse_many", lambda files, root, jobs=1: (
        parsed.extend(f.slug for f in files), parse_many(files, root, jobs))[1])
    loaded, _ = load_project(".")
    options, settings = build_settings(loaded)
    run.run_build(loaded, options, settings)
    pool = _RecordingPool([])
    for n in range(3):
        edited.write_text(edited.read_text(encoding="utf-8") + f"\nSave {n}.\n",
                          encoding="utf-8")
        parsed.clear()
        assert run.run_build(loaded, options, settings, warm=pool).ok
        # the edited outline is parsed by the check; 02-b only for the first save's packs
        assert parsed.count("02-b") == (1 if n == 0 else 0), (n, parsed)
        assert parsed.count("01-a") == 1, (n, parsed)
    assert "Save 2." in pdf_text(project / "build" / "course-pack.pdf")
    # 02-b changed: parsed again, and its new text is in the pack
    other = project / "outlines" / "02-b.md"
    other.write_text(other.read_text(encoding="utf-8") + "\nA late change.\n", encoding="utf-8")
    edited.write_text(edited.read_text(encoding="utf-8") + "\nSave 3.\n", encoding="utf-8")
    parsed.clear()
    assert run.run_build(loaded, options, settings, warm=pool).ok
    assert "02-b" in parsed
    assert "A late change." in pdf_text(project / "build" / "course-pack.pdf")

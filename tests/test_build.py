"""The build pipeline: incremental, parallel, isolated failures, atomic files, one build at a time."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import pdf_text, write_outline

from studyguide.cli import main

OUTPUTS = {"01-a.pdf", "01-a.teacher.pdf", "01-a.pptx", "02-b.pdf", "02-b.teacher.pdf",
           "02-b.pptx", "course-pack.pdf", "course-pack.teacher.pdf"}


def build(*args: str):
    return CliRunner().invoke(main, ["build", "--jobs", "1", *args], catch_exceptions=False)


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())
            if p.is_file() and not p.name.startswith(".")}


@pytest.fixture
def two_outlines(project: Path) -> Path:
    write_outline(project, "01-a", title="Topic A")
    write_outline(project, "02-b", title="Topic B")
    return project


def test_build_writes_every_output(two_outlines: Path) -> None:
    result = build()
    assert result.exit_code == 0, result.output
    assert set(outputs(two_outlines / "build")) == OUTPUTS
    assert "Topic A" in pdf_text(two_outlines / "build" / "01-a.pdf")


def test_second_build_rebuilds_nothing_and_says_so(two_outlines: Path) -> None:
    build()
    before = {p.name: p.stat().st_mtime_ns for p in (two_outlines / "build").iterdir()}
    result = build()
    assert result.exit_code == 0
    assert "nothing to do" in result.output
    after = {p.name: p.stat().st_mtime_ns for p in (two_outlines / "build").iterdir()}
    assert {k: v for k, v in after.items() if k in OUTPUTS} == \
           {k: v for k, v in before.items() if k in OUTPUTS}


def test_editing_one_outline_rebuilds_only_its_outputs_and_the_packs(two_outlines: Path) -> None:
    build()
    path = two_outlines / "outlines" / "02-b.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Intro text.", "New intro."),
                    encoding="utf-8")
    result = build()
    rebuilt = {line.split("/")[-1] for line in result.output.splitlines()
               if line.startswith("built ")}
    assert rebuilt == {"02-b.pdf", "02-b.teacher.pdf", "02-b.pptx", "course-pack.pdf",
                       "course-pack.teacher.pdf"}
    assert "New intro." in pdf_text(two_outlines / "build" / "02-b.pdf")


def test_an_image_in_timeline_details_is_a_dependency(two_outlines: Path) -> None:
    from PIL import Image

    picture = two_outlines / "outlines" / "map.png"
    Image.new("RGB", (40, 20), "red").save(picture)
    path = two_outlines / "outlines" / "02-b.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "- 1924-01-21: Lenin dies\n", "- 1924-01-21: Lenin dies\n\n  ![A map](map.png)\n"),
        encoding="utf-8")
    assert build().exit_code == 0
    Image.new("RGB", (40, 20), "blue").save(picture)
    rebuilt = {line.split("/")[-1] for line in build().output.splitlines()
               if line.startswith("built ")}
    assert {"02-b.pdf", "02-b.teacher.pdf"} <= rebuilt and "01-a.pdf" not in rebuilt


def test_an_outline_with_errors_still_has_its_theme_checked(two_outlines: Path) -> None:
    path = two_outlines / "outlines" / "02-b.md"
    text = path.read_text(encoding="utf-8").replace("title: Topic B", "title: Topic B\n"
                                                    "theme: no-such-theme")
    path.write_text(text.replace("1924-01-21", "1924-13-45"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check"], catch_exceptions=False)
    assert result.exit_code == 1
    assert "1924-13-45" in result.output
    assert "outlines/02-b.md:3: error: theme: unknown theme 'no-such-theme'" in result.output


def test_a_new_day_rebuilds_only_what_shows_the_date(two_outlines: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    build()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1780000000 + 86400))
    rebuilt = {line.split("/")[-1] for line in build().output.splitlines()
               if line.startswith("built ")}
    assert rebuilt == {"course-pack.pdf", "course-pack.teacher.pdf"}  # the cover shows it
    theme = two_outlines / "themes" / "dated"
    (theme / "templates").mkdir(parents=True)
    (theme / "theme.toml").write_text('extends = "classic"\n', encoding="utf-8")
    (theme / "templates" / "footer.j2").write_text("Printed {{ date }}\n", encoding="utf-8")
    build("--theme", "dated")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1780000000 + 2 * 86400))
    rebuilt = {line.split("/")[-1] for line in build("--theme", "dated").output.splitlines()
               if line.startswith("built ")}
    assert {"01-a.pdf", "02-b.teacher.pdf"} <= rebuilt
    assert "Printed" in pdf_text(two_outlines / "build" / "01-a.pdf")


def test_an_unknown_outline_theme_is_reported_at_its_line_every_time(two_outlines: Path) -> None:
    path = two_outlines / "outlines" / "01-a.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "title: Topic A", "title: Topic A\ntheme: clasic"), encoding="utf-8")
    for _ in range(2):  # the second time from the build cache
        result = build()
        assert result.exit_code == 1
        assert ("outlines/01-a.md:3: error: theme: unknown theme 'clasic' (did you mean "
                "'classic'?)") in result.output
        assert (two_outlines / "build" / "02-b.pdf").exists()


def test_many_outlines_parse_in_parallel_with_the_same_messages(project: Path) -> None:
    for i in range(9):
        write_outline(project, f"{i:02d}-t", title=f"Topic {i}")
    bad = project / "outlines" / "04-t.md"
    bad.write_text(bad.read_text(encoding="utf-8").replace("1924-01-21", "1924-02-30"),
                   encoding="utf-8")
    serial = CliRunner().invoke(main, ["check"], catch_exceptions=False)
    parallel = build("--jobs", "2")
    assert parallel.exit_code == serial.exit_code == 1
    problem = "outlines/04-t.md:20: error: invalid date '1924-02-30'"
    assert problem in serial.output and problem in parallel.output
    built = set(outputs(project / "build"))
    assert "08-t.pptx" in built and "04-t.pdf" not in built
    assert "Topic 8" in pdf_text(project / "build" / "08-t.pdf")
    forced = build("--jobs", "2", "--force")  # every model parsed again, from clean entries
    assert forced.exit_code == 1 and "Topic 7" in pdf_text(project / "build" / "07-t.pdf")


def test_force_rebuilds_everything(two_outlines: Path) -> None:
    build()
    result = build("--force")
    assert sum(line.startswith("built ") for line in result.output.splitlines()) == len(OUTPUTS)


def test_a_corrupt_cache_is_ignored(two_outlines: Path) -> None:
    build()
    (two_outlines / "build" / ".studyguide-cache.json").write_text("{not json", encoding="utf-8")
    result = build()
    assert result.exit_code == 0
    assert sum(line.startswith("built ") for line in result.output.splitlines()) == len(OUTPUTS)


def test_serial_and_parallel_builds_are_byte_identical(two_outlines: Path) -> None:
    build("--out", "serial")
    result = CliRunner().invoke(main, ["build", "--jobs", "2", "--out", "parallel"])
    assert result.exit_code == 0, result.output
    serial, parallel = outputs(two_outlines / "serial"), outputs(two_outlines / "parallel")
    assert set(serial) == OUTPUTS
    assert serial == parallel


def test_a_bad_outline_is_skipped_and_the_others_build(two_outlines: Path) -> None:
    build()
    good_before = (two_outlines / "build" / "02-b.pdf").read_bytes()
    bad_before = (two_outlines / "build" / "01-a.pdf").read_bytes()
    path = two_outlines / "outlines" / "01-a.md"
    path.write_text(path.read_text(encoding="utf-8").replace("1924-01-21", "1924-02-30"),
                    encoding="utf-8")
    (two_outlines / "outlines" / "02-b.md").write_text(
        (two_outlines / "outlines" / "02-b.md").read_text(encoding="utf-8")
        .replace("Intro text.", "Changed."), encoding="utf-8")
    result = build()
    assert result.exit_code == 1
    assert "outlines/01-a.md:20: error: invalid date '1924-02-30'" in result.output
    assert (two_outlines / "build" / "01-a.pdf").read_bytes() == bad_before
    assert (two_outlines / "build" / "02-b.pdf").read_bytes() != good_before
    assert "Changed." in pdf_text(two_outlines / "build" / "02-b.pdf")


def test_a_renderer_crash_keeps_old_files_and_is_reported(two_outlines: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    build()
    before = outputs(two_outlines / "build")
    import studyguide.render.pdf as pdf

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(pdf, "render_pdf", explode)
    result = build("--force", "--format", "pdf")
    assert result.exit_code == 1
    assert "outlines/01-a.md:1: error: internal error in PDF renderer: RuntimeError: boom " \
           "(run again with --debug for details)" in result.output
    assert "Traceback" not in result.output
    after = outputs(two_outlines / "build")
    assert after["01-a.pdf"] == before["01-a.pdf"]
    assert after["02-b.pdf"] == before["02-b.pdf"]


def test_outputs_are_renamed_into_place_unsynced_and_synced_before_the_cache(
        two_outlines: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """build/run.py: no fsync between a render and its file appearing (watch waits for it);
    every output is synced once all are written, before the cache that records them."""
    events: list[str] = []
    replace, fsync = os.replace, os.fsync
    monkeypatch.setattr(os, "replace", lambda a, b: (events.append(f"rename {Path(b).name}"),
                                                      replace(a, b))[1])
    monkeypatch.setattr(os, "fsync", lambda fd: (events.append(
        f"sync {Path(os.readlink(f'/proc/self/fd/{fd}')).name}"), fsync(fd))[1])
    assert build().exit_code == 0
    renames = [e for e in events if e.startswith("rename") and e.split()[1] in OUTPUTS]
    syncs = [e for e in events if e.startswith("sync") and e.split()[1] in OUTPUTS]
    assert sorted(e.split()[1] for e in renames) == sorted(OUTPUTS)
    assert sorted(e.split()[1] for e in syncs) == sorted(OUTPUTS)
    cache_at = events.index("rename .studyguide-cache.json")
    assert max(events.index(e) for e in renames) < min(events.index(e) for e in syncs)
    assert max(events.index(e) for e in syncs) < cache_at


def test_a_second_build_at_once_is_refused(two_outlines: Path) -> None:
    import fcntl

    (two_outlines / "build").mkdir()
    with open(two_outlines / "build" / ".studyguide.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = build()
    assert result.exit_code == 1
    assert "another build is running in this project" in result.output
    assert not (two_outlines / "build" / "01-a.pdf").exists()


def _complete(path: Path) -> bool:
    data = path.read_bytes()
    if path.suffix == ".pdf":
        return data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            return archive.testzip() is None
    except zipfile.BadZipFile:
        return False


def test_kill_9_mid_build_leaves_old_or_complete_files(two_outlines: Path) -> None:
    build()
    old = outputs(two_outlines / "build")
    for name in ("01-a", "02-b"):
        path = two_outlines / "outlines" / f"{name}.md"
        path.write_text(path.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    for delay in (0.3, 0.8, 1.5, 2.5):
        proc = subprocess.Popen([sys.executable, "-m", "studyguide", "build", "--force",
                                 "--jobs", "1"], cwd=two_outlines, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        for name, data in outputs(two_outlines / "build").items():
            path = two_outlines / "build" / name
            assert data == old.get(name) or _complete(path), f"{name} broken after {delay}s"
    assert build().exit_code == 0
    # the next build clears the temporary files a killed build left behind
    assert not [p for p in (two_outlines / "build").iterdir() if p.name.endswith(".tmp")]


def test_font_cache_leftovers_of_a_killed_build_are_cleared(two_outlines: Path) -> None:
    build()
    fonts = two_outlines / "build" / ".studyguide-fonts"  # this process may have parsed its
    fonts.mkdir(exist_ok=True)  # fonts already (they are registered once), writing no entry
    leftover = fonts / f".{'ab' * 32}.font.4242.tmp"  # as fontcache._save names its temporary file
    leftover.write_bytes(b"half an entry")
    mine = fonts / "notes.tmp"  # not a name the font cache writes: left alone
    mine.write_text("keep me", encoding="utf-8")
    assert build("--force").exit_code == 0
    assert not leftover.exists()
    assert mine.read_text(encoding="utf-8") == "keep me"


def test_cache_records_every_output(two_outlines: Path) -> None:
    build()
    cache = json.loads((two_outlines / "build" / ".studyguide-cache.json").read_text("utf-8"))
    assert set(cache["outputs"]) == OUTPUTS


def test_progress_counts_every_file_written(two_outlines: Path) -> None:
    from studyguide.build.run import run_build
    from studyguide.build.settings import BuildOptions
    from studyguide.project.config import load_project
    from studyguide.render import RenderSettings

    project, _ = load_project(two_outlines)
    seen: list[tuple[int, int]] = []
    run_build(project, BuildOptions(formats=("pdf",)), RenderSettings(),
              lambda line, done, total: seen.append((done, total)))
    assert seen == [(n, 6) for n in range(1, 7)]  # 2 outlines x 2 editions + 2 packs

"""The build's pool started before the check (build/prestart.py): when, what its workers hold,
and that a build through it writes what a one-process build writes."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import write_outline

from studyguide.build import prestart
from studyguide.build.settings import build_settings
from studyguide.cli import main
from studyguide.project.config import load_project


@pytest.fixture
def two_outlines(project: Path) -> Path:
    write_outline(project, "01-a", title="Topic A")
    write_outline(project, "02-b", title="Topic B")
    return project


def _started(root: Path, **given: object):
    project, _ = load_project(root)
    options, _ = build_settings(project, **given)  # type: ignore[arg-type]
    return prestart.start(project, options)


def _worker_state() -> tuple[bool, bool, bool, bool]:
    return ("reportlab.platypus" in sys.modules, "pikepdf" in sys.modules,
            "pptx" in sys.modules, gc.isenabled())


def test_a_changed_project_gets_a_pool_whose_workers_hold_the_renderers(
        two_outlines: Path) -> None:
    project, _ = load_project(two_outlines)
    options, _ = build_settings(project, jobs=2)
    assert prestart.warm_up(project, options) == (True, True, True)
    early = prestart.start(project, options)
    assert early is not None
    try:
        # two outlines changed: PDFs, course packs and decks in both workers, collector on
        assert early.take().submit(_worker_state).result(timeout=60) == (True, True, True, True)
    finally:
        early.stop()


def test_one_changed_outline_of_two_warms_no_deck_library(two_outlines: Path) -> None:
    assert CliRunner().invoke(main, ["build", "--jobs", "1"]).exit_code == 0
    path = two_outlines / "outlines" / "02-b.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Intro text.", "Changed."),
                    encoding="utf-8")
    project, _ = load_project(two_outlines)
    options, _ = build_settings(project, jobs=2)
    # its PDFs, its deck and two course packs: work for two workers, one deck for one
    assert prestart.warm_up(project, options) == (True, False, True)


def test_an_unused_early_pool_stops_and_the_check_reports(two_outlines: Path) -> None:
    path = two_outlines / "outlines" / "01-a.md"
    path.write_text(path.read_text(encoding="utf-8").replace("1924-01-21", "1924-02-30"),
                    encoding="utf-8")
    early = _started(two_outlines, jobs=2)
    assert early is not None
    workers = list(early._pool._processes.values())  # noqa: SLF001 - to see them end
    early.stop()  # sent nothing: its workers are ended, not waited for
    assert workers and all(not worker.is_alive() for worker in workers)
    result = CliRunner().invoke(main, ["build", "--jobs", "2"])
    assert result.exit_code == 1 and "invalid date '1924-02-30'" in result.output


def test_no_pool_without_work_for_two_processes(two_outlines: Path) -> None:
    assert _started(two_outlines, jobs=1) is None  # --jobs 1
    # one outline, one edition's PDF: one task, rendered in this process
    assert _started(two_outlines, jobs=2, names=("outlines/01-a.md",), formats=("pdf",),
                    editions=("student",)) is None
    assert CliRunner().invoke(main, ["build", "--jobs", "1"]).exit_code == 0
    assert _started(two_outlines, jobs=2) is None  # nothing changed since


def test_a_check_that_parses_in_a_pool_of_its_own_gets_no_early_pool(project: Path) -> None:
    from studyguide.build.inputs import PARALLEL_PARSE_MIN

    for n in range(PARALLEL_PARSE_MIN):
        write_outline(project, f"{n:02d}-topic", title=f"Topic {n}")
    project_, _ = load_project(project)
    options, _ = build_settings(project_, jobs=2)
    assert prestart.warm_up(project_, options) is None
    (project / "outlines" / "00-topic.md").unlink()  # one fewer: parsed here, pool early
    options, _ = build_settings(load_project(project)[0], jobs=2)
    assert prestart.warm_up(load_project(project)[0], options) == (True, True, True)


def test_an_edited_rebuild_through_the_early_pool_writes_the_one_process_bytes(
        two_outlines: Path) -> None:
    for out in ("serial", "parallel"):
        jobs = "1" if out == "serial" else "2"
        assert CliRunner().invoke(main, ["build", "--jobs", jobs, "--out", out]).exit_code == 0
    path = two_outlines / "outlines" / "01-a.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Intro text.", "Edited."),
                    encoding="utf-8")
    for out in ("serial", "parallel"):
        jobs = "1" if out == "serial" else "2"
        result = CliRunner().invoke(main, ["build", "--jobs", jobs, "--out", out])
        assert result.exit_code == 0, result.output
        assert "built" in result.output
    serial = {p.name: p.read_bytes() for p in (two_outlines / "serial").iterdir() if p.is_file()
              and not p.name.startswith(".")}
    parallel = {p.name: p.read_bytes() for p in (two_outlines / "parallel").iterdir()
                if p.is_file() and not p.name.startswith(".")}
    assert len(serial) == 8 and serial == parallel

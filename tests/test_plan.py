"""The build plan is pure: checked inputs, the cache and the files' sizes in, tasks out.

And the cache is data read against its shape: an entry of the wrong shape is dropped, so a
doctored cache can only cause a rebuild.
"""

from __future__ import annotations

import json
from pathlib import Path

from conftest import write_outline

from studyguide.build import cache
from studyguide.build.cache import Cache, OutputEntry
from studyguide.build.inputs import check_project
from studyguide.build.plan import plan_build
from studyguide.build.settings import BuildOptions, build_settings
from studyguide.project.config import Edition, load_project


def _plan(project_dir: Path, built: dict[str, OutputEntry], sizes: dict[str, int], **options):
    project, _ = load_project(project_dir)
    base, settings = build_settings(project, jobs=1)
    chosen = BuildOptions(**{**base.__dict__, **options})
    inputs = check_project(project, chosen.names, chosen.theme)
    inputs.check_theme(project.build.theme)
    return plan_build(inputs, chosen, settings, built, sizes)


def _everything_built(plan) -> tuple[dict[str, OutputEntry], dict[str, int]]:
    built = {o.file: OutputEntry(o.key, 100) for task in plan.tasks for o in task.outputs}
    return built, {name: 100 for name in built}


def test_a_fresh_project_plans_every_output_with_its_edition(project: Path) -> None:
    write_outline(project, "01-a")
    plan = _plan(project, {}, {})
    planned = {(t.kind, o.file, o.edition) for t in plan.tasks for o in t.outputs}
    assert planned == {("pdf", "01-a.pdf", Edition.STUDENT),
                       ("pdf", "01-a.teacher.pdf", Edition.TEACHER),
                       ("pptx", "01-a.pptx", None),
                       ("pack", "course-pack.pdf", Edition.STUDENT),
                       ("pack", "course-pack.teacher.pdf", Edition.TEACHER)}
    assert len({o.key for t in plan.tasks for o in t.outputs}) == 5  # a key per file


def test_recorded_keys_and_sizes_make_outputs_up_to_date(project: Path) -> None:
    write_outline(project, "01-a")
    built, sizes = _everything_built(_plan(project, {}, {}))
    again = _plan(project, built, sizes)
    assert again.tasks == ()
    assert set(again.up_to_date["01-a"]) == {"01-a.pdf", "01-a.teacher.pdf", "01-a.pptx"}
    # a file whose size changed on disk is rebuilt, alone
    changed = _plan(project, built, {**sizes, "01-a.teacher.pdf": 99})
    assert [o.file for t in changed.tasks for o in t.outputs] == ["01-a.teacher.pdf"]
    forced = _plan(project, built, sizes, force=True)
    assert sum(len(t.outputs) for t in forced.tasks) == 5


def test_an_edited_outline_makes_its_outputs_and_the_packs_stale(project: Path) -> None:
    write_outline(project, "01-a")
    path = write_outline(project, "02-b", title="Another")
    built, sizes = _everything_built(_plan(project, {}, {}))
    path.write_text(path.read_text(encoding="utf-8").replace("Intro text.", "New text."),
                    encoding="utf-8")
    stale = {o.file for t in _plan(project, built, sizes).tasks for o in t.outputs}
    assert stale == {"02-b.pdf", "02-b.teacher.pdf", "02-b.pptx", "course-pack.pdf",
                     "course-pack.teacher.pdf"}


def test_named_outlines_and_a_broken_one_plan_no_pack(project: Path) -> None:
    write_outline(project, "01-a")
    write_outline(project, "02-b", text="---\ntitle: B\n---\n\n## Timeline\n- 1924-13-01: x\n")
    kinds = {t.kind for t in _plan(project, {}, {}).tasks}
    assert kinds == {"pdf", "pptx"}  # 02-b has an error: no pack, 01-a still built
    named = _plan(project, {}, {}, names=("outlines/01-a.md",))
    assert {t.kind for t in named.tasks} == {"pdf", "pptx"}


def test_cache_entries_of_the_wrong_shape_are_dropped(tmp_path: Path) -> None:
    good = Cache(outputs={"a.pdf": OutputEntry("k", 10)})
    (tmp_path / cache.CACHE_FILE).write_text(cache.cache_text(good), encoding="utf-8")
    assert cache.read_cache(tmp_path) == good
    data = json.loads(cache.cache_text(good))
    data["outputs"]["b.pdf"] = {"key": "k", "size": "10"}
    data["outputs"]["c.pdf"] = ["not", "a", "dict"]
    data["outlines"]["/x.md"] = {"hash": "h", "facts": [["date", 1]], "theme": "",
                                 "theme_line": 0, "deps": {}}
    data["themes"]["t"] = {"folders": ["/etc"], "files": {}, "names": {}, "key": "k",
                           "dated": "not a list"}
    (tmp_path / cache.CACHE_FILE).write_text(json.dumps(data), encoding="utf-8")
    assert cache.read_cache(tmp_path) == good

"""Golden cases: each case's deck, handouts and warnings match its expected.* files.

The summaries are made by tests/golden.py and described in tests/cases/README.md. After a
reviewed change, rewrite them with `pytest -q --update-golden` and read the diff.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import golden
import pytest
import yaml
from golden import Built, Case, build_project, case_project, find_cases, shipped_project, summaries

CASES = find_cases()
SHIPPED = [case for case in CASES if case.shipped]


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory):
    """Build each case once per session: the shipped course together, every other case alone."""
    done: dict[str, Built] = {}

    def built(case: Case) -> Built:
        key = "shipped" if case.shipped else case.name
        if key not in done:
            root = tmp_path_factory.mktemp(f"golden-{key}")
            done[key] = build_project(shipped_project(root) if case.shipped
                                      else case_project(case, root))
        return done[key]

    return built


def test_every_shipped_outline_has_a_case() -> None:
    outlines = sorted(p.stem for p in (Path(__file__).parent.parent / "outlines").glob("*.md"))
    assert sorted(case.slug for case in SHIPPED) == outlines


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_golden_outputs(case: Case, builds, update_golden: bool) -> None:
    got = summaries(case, builds(case), SHIPPED)
    problems = []
    for name, text in got.items():
        path = case.folder / name
        if update_golden:
            path.write_text(text, encoding="utf-8")
        if not path.exists():
            problems.append(f"{path} is missing: run pytest -q --update-golden")
            continue
        expected = path.read_text(encoding="utf-8")
        if text != expected:
            diff = difflib.unified_diff(expected.splitlines(), text.splitlines(),
                                        f"{case.name}/{name} (expected)",
                                        f"{case.name}/{name} (built)", lineterm="", n=2)
            problems.append("\n".join(diff))
    if problems:
        pytest.fail("\n\n".join(problems), pytrace=False)


def test_the_summaries_show_what_a_reader_sees(builds) -> None:
    """The smallest case, read back: a summary that lost the text would fail here."""
    case = next(case for case in CASES if case.name == "minimal")
    got = summaries(case, builds(case), SHIPPED)
    deck = yaml.safe_load(got["expected.deck.yaml"])["slides"]
    assert [(s["slide"], s["layout"], s["title"]) for s in deck] == [
        (1, "Title Slide", "A minimal outline"), (2, "Title and Content", "Introduction")]
    assert deck[1]["body"] == [{"text": ["•\u00a0One sentence of introduction and nothing else."]}]
    assert deck[1]["notes"] == ["One sentence of introduction and nothing else."]
    assert deck[1]["footer"] == ["A minimal outline", "2 / 2"]
    for name in ("expected.handout.txt", "expected.teacher.txt"):
        lines = got[name].splitlines()
        assert lines[2] == "--- page 1 ---"
        assert "One sentence of introduction and nothing else." in lines
        assert "--- page 2 ---" not in lines
    assert ("Teacher edition" in got["expected.teacher.txt"].splitlines()) and \
           ("Teacher edition" not in got["expected.handout.txt"].splitlines())


def test_missing_pdftotext_fails_rather_than_skips(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(golden.shutil, "which", lambda name: None)
    with pytest.raises(pytest.fail.Exception, match="pdftotext not found: install poppler-utils"):
        golden.poppler("pdftotext")

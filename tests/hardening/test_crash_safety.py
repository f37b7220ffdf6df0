"""A renderer that crashes on one outline: that outline keeps its old files, the rest build."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from studyguide.cli import main

FRONT = "---\ntitle: {title}\n---\n\n## S\n{text}\n"


def _write(project: Path, slug: str, title: str, text: str) -> None:
    (project / "outlines" / f"{slug}.md").write_text(FRONT.format(title=title, text=text),
                                                     encoding="utf-8")


def _build(*args: str):
    return CliRunner().invoke(main, ["build", "--format", "pdf", "--jobs", "1", *args])


def _text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


@pytest.mark.parametrize("renderer", ["pdf", "pack"])
def test_a_crash_in_one_outline_leaves_it_alone_and_builds_the_others(
        project: Path, monkeypatch: pytest.MonkeyPatch, renderer: str) -> None:
    _write(project, "01-a", "Alpha", "first version")
    _write(project, "02-b", "Beta", "first version")
    assert _build().exit_code == 0
    old_a = (project / "build" / "01-a.pdf").read_bytes()
    old_pack = (project / "build" / "course-pack.pdf").read_bytes()

    import studyguide.render.pdf as pdf

    real = pdf.render_pdf

    def crash_on_alpha(outline, *args, **kwargs):
        if outline.meta.title == "Alpha":
            raise ValueError("injected failure")
        return real(outline, *args, **kwargs)

    def crash(*args, **kwargs):
        raise ValueError("injected failure")

    if renderer == "pdf":
        monkeypatch.setattr(pdf, "render_pdf", crash_on_alpha)
    else:
        monkeypatch.setattr(pdf, "render_course_pack", crash)
    _write(project, "01-a", "Alpha", "second version")
    _write(project, "02-b", "Beta", "second version")
    result = _build()

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    shown = "outlines/01-a.md:1" if renderer == "pdf" else "course pack"
    name = "PDF renderer" if renderer == "pdf" else "course-pack renderer"
    assert (f"{shown}: error: internal error in {name}: ValueError: injected failure "
            "(run again with --debug for details)") in result.stderr
    assert "second version" in _text(project / "build" / "02-b.pdf")
    assert "second version" in _text(project / "build" / "02-b.teacher.pdf")
    if renderer == "pdf":
        assert (project / "build" / "01-a.pdf").read_bytes() == old_a
    else:
        assert "second version" in _text(project / "build" / "01-a.pdf")
        assert (project / "build" / "course-pack.pdf").read_bytes() == old_pack
    assert not list((project / "build").glob(".*.tmp"))

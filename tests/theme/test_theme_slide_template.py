"""The parts of a slide template: XML without DTDs or entities, and slide layouts to draw on."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest

from studyguide.theme.files import check_pptx_template

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hardening"))
from corpus_theme_inputs import _pptx  # noqa: E402

LAUGHS = (b'<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">' + b"".join(
    b'<!ENTITY %c "&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;">' % ((ord("a") + i + 1,)
                                                            + (ord("a") + i,) * 10)
    for i in range(8)) + b"]>")


def _template(tmp_path: Path, part: str, change) -> Path:
    _pptx(tmp_path, lambda name, data: change(data) if name == part else data)
    return tmp_path / "themes" / "mine" / "template.pptx"


def test_python_pptxs_own_template_is_fine(tmp_path: Path) -> None:
    assert check_pptx_template(_template(tmp_path, "", lambda data: data)) == []


@pytest.mark.parametrize("part", ["ppt/presentation.xml", "[Content_Types].xml",
                                  "ppt/slideLayouts/slideLayout2.xml", "_rels/.rels"])
def test_an_entity_declaration_anywhere_is_refused(tmp_path: Path, part: str) -> None:
    def laughs(data: bytes) -> bytes:
        head, _, rest = data.partition(b"?>")
        return head + b"?>" + LAUGHS + rest

    problems = check_pptx_template(_template(tmp_path, part, laughs))
    assert problems == [f"declares a DTD or an entity (in {part}); a template may not, since "
                        "entities can read other files or expand without end"]


def test_damaged_xml_names_the_part(tmp_path: Path) -> None:
    path = _template(tmp_path, "ppt/slideMasters/slideMaster1.xml", lambda data: data[:-40])
    [problem] = check_pptx_template(path)
    assert problem.startswith("has a damaged XML part ppt/slideMasters/slideMaster1.xml (")


def test_without_layouts_python_pptx_cannot_draw_and_check_says_so(tmp_path: Path) -> None:
    from corpus_theme_inputs import pptx_no_layouts
    from pptx import Presentation

    pptx_no_layouts(tmp_path)
    path = tmp_path / "themes" / "mine" / "template.pptx"
    assert "has no slide layouts" in check_pptx_template(path)[0]
    prs = Presentation(str(path))
    assert not [layout for master in prs.slide_masters for layout in master.slide_layouts]


def test_a_zip_without_a_presentation_part(tmp_path: Path) -> None:
    path = tmp_path / "t.pptx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
    assert "not a PowerPoint presentation" in check_pptx_template(path)[0]

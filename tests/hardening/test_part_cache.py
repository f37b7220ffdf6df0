"""The course pack's part cache is untrusted input: a doctored, foreign, oversized or linked
entry is a miss (the part is typeset again), never a crash, never read through a symlink."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Callable

import pytest

from studyguide.outline import model as m
from studyguide.outline.dates import parse_date
from studyguide.project.config import Course
from studyguide.render import RenderSettings
from studyguide.theme.model import Theme

# studyguide.render.pdf is imported inside the tests: importing it defers PIL.Image
# (render/common/imports.py), and test_render_budgets.py, collected later, patches the real one

S = m.Span


def _outline(title: str, slug: str, event: str) -> m.Outline:
    return m.Outline(
        path=f"outlines/{slug}.md", slug=slug, meta=m.Meta(title),
        sections=(m.Section(5, (S(f"{title} section"),), (m.Paragraph(6, (S("Body."),)),)),),
        timeline=(m.TimelineEvent(10, parse_date("1924-01-21"), (S(event),)),))


OUTLINES = [_outline("Triumvirate", "01-tri", "Lenin dies"),
            _outline("Great Terror", "02-terror", "Kirov shot")]


def _render(folder: Path) -> tuple[bytes, int]:
    """The student pack made with the part cache in `folder`; how many chapters it typeset."""
    from studyguide.render.pdf import pack_parts, render_course_pack

    settings = RenderSettings(course=Course("Pack"), part_cache=str(folder))
    pack_parts.TYPESET.clear()
    data = render_course_pack(OUTLINES, Theme(), settings, "student").data
    return data, pack_parts.TYPESET["chapter"]


@pytest.fixture(scope="module")
def expected(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The pack with no cache at all."""
    from studyguide.render.pdf import pack_parts, render_course_pack

    pack_parts.TYPESET.clear()
    data = render_course_pack(OUTLINES, Theme(), RenderSettings(course=Course("Pack")),
                              "student").data
    assert pack_parts.TYPESET["chapter"] == 2
    return data


def _entries(folder: Path) -> list[Path]:
    """The two chapters' entries, in pack order (the back matter's has no header pages of 1)."""
    found = []
    for path in sorted(folder.glob("student-*.part")):
        header = json.loads(path.read_bytes().split(b"\n", 1)[0])
        if any(key.startswith("o") for _level, _title, key in header["bookmarks"]):
            first = min(key for _l, _t, key in header["bookmarks"])
            found.append((first, path))
    return [path for _first, path in sorted(found)]


def _truncate(entry: Path, other: Path) -> None:
    entry.write_bytes(entry.read_bytes()[:-500])


def _wrong_key(entry: Path, other: Path) -> None:
    header, pdf = entry.read_bytes().split(b"\n", 1)
    values = json.loads(header)
    values["key"] = "0" * 64
    entry.write_bytes(json.dumps(values).encode() + b"\n" + pdf)


def _other_outline(entry: Path, other: Path) -> None:  # a valid entry, of the other chapter
    entry.write_bytes(other.read_bytes())


def _other_outline_relabelled(entry: Path, other: Path) -> None:
    """The other chapter's valid PDF under this entry's own header, its length and page
    count made to agree: only the key inside the PDF tells them apart."""
    header, _pdf = entry.read_bytes().split(b"\n", 1)
    other_header, pdf = other.read_bytes().split(b"\n", 1)
    values = json.loads(header)
    values["pdf"], values["pages"] = len(pdf), json.loads(other_header)["pages"]
    entry.write_bytes(json.dumps(values).encode() + b"\n" + pdf)


def _symlink(entry: Path, other: Path) -> None:
    outside = entry.parent.parent / "elsewhere.part"
    outside.write_bytes(entry.read_bytes())  # a perfectly good entry, but through a link
    entry.unlink()
    entry.symlink_to(outside)


def _huge(entry: Path, other: Path) -> None:
    from studyguide.render.pdf import parts_cache

    with open(entry, "r+b") as handle:
        handle.truncate(parts_cache.MAX_ENTRY_BYTES + 1)


def _bad_json(entry: Path, other: Path) -> None:
    entry.write_bytes(b'{"format": 1, "key": [' + b"\n" + entry.read_bytes())


def _bad_types(entry: Path, other: Path) -> None:
    header, pdf = entry.read_bytes().split(b"\n", 1)
    values = json.loads(header)
    values["dests"] = {"o0-x": [10 ** 9, "left", None]}
    entry.write_bytes(json.dumps(values).encode() + b"\n" + pdf)


def _not_a_pdf(entry: Path, other: Path) -> None:
    header, pdf = entry.read_bytes().split(b"\n", 1)
    entry.write_bytes(header + b"\n" + b"%PDF-" + b"\0" * (len(pdf) - 5))


def _a_folder(entry: Path, other: Path) -> None:
    entry.unlink()
    entry.mkdir()


DOCTORS: list[Callable[[Path, Path], None]] = [
    _truncate, _wrong_key, _other_outline, _other_outline_relabelled, _symlink, _huge,
    _bad_json, _bad_types, _not_a_pdf, _a_folder]


@pytest.mark.parametrize("doctor", DOCTORS, ids=[d.__name__.strip("_") for d in DOCTORS])
def test_a_doctored_entry_is_a_miss_and_the_pack_is_right(
        tmp_path: Path, expected: bytes, doctor: Callable[[Path, Path], None]) -> None:
    folder = tmp_path / "build" / ".studyguide-parts"
    folder.parent.mkdir()
    assert _render(folder) == (expected, 2)
    assert _render(folder) == (expected, 0)  # both chapters from the cache
    first, second = _entries(folder)
    doctor(first, second)
    data, typeset = _render(folder)
    assert data == expected
    assert typeset == 1  # the doctored chapter again, the other from the cache
    if doctor is not _a_folder:
        assert first.is_file() and not first.is_symlink()  # rewritten in place of the link
        assert _render(folder) == (expected, 0)


def _drawn_parts(folder: Path) -> dict[str, Path]:
    """The entries of the furniture (running heads and footers: no bookmarks) and of the
    front matter (its bookmarks name the contents)."""
    found = {}
    for path in folder.glob("student-*.part"):
        header = json.loads(path.read_bytes().split(b"\n", 1)[0])
        titles = [title for _level, title, _key in header["bookmarks"]]
        if not titles:
            found["furniture"] = path
        elif "Contents" in titles:
            found["front"] = path
    return found


FEW = [_truncate, _other_outline, _other_outline_relabelled, _not_a_pdf, _symlink]


@pytest.mark.parametrize("which", ["furniture", "front"])
@pytest.mark.parametrize("doctor", FEW, ids=[d.__name__.strip("_") for d in FEW])
def test_a_doctored_furniture_or_front_matter_entry_is_a_miss(
        tmp_path: Path, expected: bytes, doctor: Callable[[Path, Path], None],
        which: str) -> None:
    """Both are cached too (kept while no page moves), and checked as a chapter is; the
    furniture, which is only drawn, without a structure tree."""
    from studyguide.render.pdf import pack_parts

    folder = tmp_path / "build" / ".studyguide-parts"
    folder.parent.mkdir()
    _render(folder)
    entry, chapter = _drawn_parts(folder)[which], _entries(folder)[0]
    doctor(entry, chapter)  # a chapter's entry, or its PDF, in the place of this one
    assert _render(folder) == (expected, 0)
    assert pack_parts.TYPESET["front"] == (which == "front")
    assert _render(folder) == (expected, 0)  # rewritten: from the cache again
    assert not pack_parts.TYPESET


def test_a_symlinked_cache_folder_is_neither_read_nor_written(tmp_path: Path,
                                                              expected: bytes) -> None:
    real = tmp_path / "real"
    real.mkdir()
    assert _render(real) == (expected, 2)
    (tmp_path / "build").mkdir()
    linked = tmp_path / "build" / ".studyguide-parts"
    linked.symlink_to(real)
    before = {p.name: p.stat().st_mtime_ns for p in real.iterdir()}
    assert _render(linked) == (expected, 2)  # the good entries behind the link are not used
    assert {p.name: p.stat().st_mtime_ns for p in real.iterdir()} == before


def test_an_edit_leaves_one_packs_chapters_per_edition(tmp_path: Path, expected: bytes) -> None:
    folder = tmp_path / ".studyguide-parts"
    _render(folder)
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 5  # two chapters, the back and front matter, the furniture
    (folder / "student-stray.part").write_bytes(b"junk")
    (folder / "teacher-other.part").write_bytes(b"other edition")
    from studyguide.render.pdf import render_course_pack

    edited = dataclasses.replace(OUTLINES[0], meta=m.Meta("Triumvirate, edited"))
    settings = RenderSettings(course=Course("Pack"), part_cache=str(folder))
    render_course_pack([edited, OUTLINES[1]], Theme(), settings, "student")
    left = sorted(p.name for p in folder.iterdir())
    assert "teacher-other.part" in left and "student-stray.part" not in left
    # the unedited chapter stays; the edited one's, the back and front matter's and the
    # furniture's old entries go (its title is in all four)
    assert len(set(names) & set(left)) == 1 and len(left) == 6


def test_an_entry_that_passes_its_checks_but_breaks_the_merge_is_typeset_again(
        tmp_path: Path, expected: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    from studyguide.render.pdf import course_pack

    folder = tmp_path / ".studyguide-parts"
    _render(folder)
    merge = course_pack.merge_parts
    calls: list[int] = []

    def breaks_once(parts: list, furniture: bytes) -> bytes:
        calls.append(1)
        if len(calls) == 1:  # as a forged part that pikepdf opens but cannot merge would
            raise ValueError("a forged part")
        return merge(parts, furniture)

    monkeypatch.setattr(course_pack, "merge_parts", breaks_once)
    assert _render(folder) == (expected, 2)  # all typeset again after the failed merge
    assert len(calls) == 2

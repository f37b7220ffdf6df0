"""The course pack from cached parts: an edit typesets only what it changes, and the pack is
then byte for byte what a cold build makes; the merged PDF is one tagged document."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from studyguide.cli import main
from studyguide.render.pdf import pack_parts

PACKS = ("course-pack.pdf", "course-pack.teacher.pdf")


def _build(*args: str) -> Counter[str]:
    """Build PDFs in this process; how many parts of each kind it typeset."""
    pack_parts.TYPESET.clear()
    result = CliRunner().invoke(main, ["build", "--jobs", "1", "--format", "pdf", *args])
    assert result.exit_code == 0, result.output
    return Counter(pack_parts.TYPESET)


def _packs(root: Path) -> dict[str, bytes]:
    return {name: (root / "build" / name).read_bytes() for name in PACKS}


def _cold(root: Path, *args: str) -> dict[str, bytes]:
    """The packs a build with no caches at all makes of the project as it is now."""
    shutil.rmtree(root / "build")
    typeset = _build(*args)
    assert typeset == Counter(chapter=8, back=2, front=2), typeset
    return _packs(root)


def test_an_edit_typesets_only_what_it_changes_and_the_pack_is_a_cold_builds(
        shipped_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = shipped_project
    assert _build() == Counter(chapter=8, back=2, front=2)
    outline = root / "outlines" / "02-triumvirate.md"
    original = outline.read_text(encoding="utf-8")
    head, sep, body = original.partition("\n---\n")

    # a sentence in the lesson (every later line number moves): that outline's two chapters;
    # the back matter shows none of it, and no page moves (the contents and the running heads
    # and footers are as they were), so they come from the cache too
    outline.write_text(f"{head}{sep}Revision 1 of this outline.\n\n{body}", encoding="utf-8")
    assert _build() == Counter(chapter=2)
    edited = _packs(root)
    assert "Revision 1 of this outline." in _text(edited[PACKS[0]])
    assert edited == _cold(root)

    # a timeline event: its chapters and the back matter (the master timeline shows it)
    changed = original.replace("Lenin’s third stroke leaves", "Lenin’s third stroke left")
    assert changed != original
    outline.write_text(changed, encoding="utf-8")
    assert _build() == Counter(chapter=2, back=2)
    assert _text(_packs(root)[PACKS[0]]).count("third stroke left") >= 2
    assert _packs(root) == _cold(root)

    # a page more in 02: the contents' page numbers move, so the front matter is typeset again
    start, _, rest = changed.partition("\n---\n")
    longer = f"{start}{sep}" + "".join(f"Extra paragraph {n}.\n\n" for n in range(40)) + rest
    outline.write_text(longer, encoding="utf-8")
    assert _build() == Counter(chapter=2, front=2)
    assert _packs(root) == _cold(root)

    # the paper (a setting): every part again
    assert _build("--paper", "letter") == Counter(chapter=8, back=2, front=2)


def _text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode("utf-8")


def test_the_merged_pack_is_one_tagged_document(shipped_project: Path) -> None:
    _build("--edition", "teacher")
    path = shipped_project / "build" / PACKS[1]
    with pikepdf.open(path) as pdf:
        root = pdf.Root.StructTreeRoot
        assert len(root.K) == 1 and root.K[0].S == pikepdf.Name.Document
        keys = [int(page.StructParents) for page in pdf.pages]
        annots = [int(a.StructParent) for page in pdf.pages for a in page.get("/Annots", [])]
        assert len(set(keys + annots)) == len(keys) + len(annots)  # no key used twice
        assert int(root.ParentTreeNextKey) == len(keys) + len(annots)
        nums = list(root.ParentTree.Nums)
        assert sorted(int(k) for k in nums[::2]) == sorted(keys + annots)
        pages = {page.objgen for page in pdf.pages}
        for page in pdf.pages:  # every link lands on a page of the pack
            for annot in page.get("/Annots", []):
                assert annot.Dest[0].objgen in pages
        with pdf.open_outline() as outline:
            titles = [item.title for item in outline.root]
        assert titles[:2] == ["Stalin’s Rise to Power, 1922–1938", "Contents"]
        assert titles[-1] == "Answer key"
        assert "/Lang" in pdf.Root and pdf.Root.MarkInfo.Marked
    checked = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout
    from pdfua import validate

    assert not validate(str(path)).findings
    # the footers are artifacts (pagination), drawn from a form on each page
    with pikepdf.open(path) as pdf:
        stamp = pdf.pages[3].obj.Contents[-1].read_bytes()
        assert stamp.startswith(b"/Artifact <</Type /Pagination>> BDC")
    assert "Page 4 of" in _text(path.read_bytes()).split("\f")[3]


def test_two_builds_of_the_same_parts_give_the_same_bytes(shipped_project: Path) -> None:
    _build("--edition", "student")
    first = (shipped_project / "build" / PACKS[0]).read_bytes()
    assert _build("--edition", "student", "--force") == Counter()  # every part cached
    assert (shipped_project / "build" / PACKS[0]).read_bytes() == first
    assert io.BytesIO(first).read(5) == b"%PDF-"

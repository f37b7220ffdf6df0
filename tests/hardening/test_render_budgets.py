"""Renderer budgets that need more than a corpus case: counting decodes, measuring memory.

One large image referenced many times is decoded once per process (issue 17: fifty references
to one 8000 x 8000 PNG took 95 s per PDF edition), and a build of it stays under 500 MB.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from studyguide.cli import main
from studyguide.render.common import images as common_images
from studyguide.render.pdf import images as pdf_images

REFERENCES = 40
MAX_RSS_MB = 500


def _project(root: Path, side: int) -> Path:
    """A project with one outline that shows one side x side PNG REFERENCES times."""
    outlines = root / "outlines"
    outlines.mkdir(parents=True)
    Image.linear_gradient("L").resize((side, side)).convert("RGB").save(outlines / "big.png")
    body = "\n\n".join(f"![figure {i}](big.png)" for i in range(REFERENCES))
    (outlines / "x.md").write_text(f"---\ntitle: T\n---\n\n## S\n\n{body}\n", encoding="utf-8")
    return root


@pytest.fixture
def empty_caches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(common_images, "_DIGESTS", {})
    monkeypatch.setattr(common_images, "_SIZES", {})
    monkeypatch.setattr(pdf_images, "_STREAMS", {})


def test_an_image_shown_many_times_is_decoded_once_per_use(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, empty_caches: None) -> None:
    project = _project(tmp_path / "project", 1200)
    decodes: list[str] = []
    getdecoder = Image._getdecoder
    # The renderers defer PIL.Image (render/common/imports.py): if one was imported before
    # this module, `Image` is the stand-in, and that first read put the real module in its place
    real = sys.modules["PIL.Image"]

    def counting_getdecoder(mode: str, name: str, *args: object) -> object:
        decodes.append(name)  # big.png is the only image of the build
        return getdecoder(mode, name, *args)

    monkeypatch.setattr(real, "_getdecoder", counting_getdecoder)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["build", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    built = sorted(p.name for p in (project / "build").iterdir() if not p.name.startswith("."))
    assert built == ["course-pack.pdf", "course-pack.teacher.pdf", "x.pdf", "x.pptx",
                     "x.teacher.pdf"]
    # four PDFs and a deck, REFERENCES places each: one decode to check the file, one to
    # make its PDF stream (before, every place in every PDF decoded it twice)
    assert len(decodes) == 2, decodes


def test_a_changed_image_is_probed_again(tmp_path: Path, empty_caches: None) -> None:
    path = tmp_path / "map.png"
    Image.new("RGB", (30, 20)).save(path)
    assert common_images.image_size(str(path)) == (30, 20)
    Image.new("RGB", (50, 10)).save(path)
    assert common_images.image_size(str(path)) == (50, 10)


# Run in a wrapper whose only child is the build: this process's own RUSAGE_CHILDREN also
# counts any earlier test's child that subprocess happens to reap meanwhile.
_PEAK = """
import resource, subprocess, sys
done = subprocess.run([sys.executable, "-m", "studyguide.cli", *sys.argv[1:]])
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def test_building_a_large_image_shown_many_times_stays_small(tmp_path: Path) -> None:
    project = _project(tmp_path / "project", 8000)  # 64 megapixels: the limit
    done = subprocess.run([sys.executable, "-c", _PEAK, "build", "--jobs", "1", "--format",
                           "pdf"], cwd=project, capture_output=True, text=True, timeout=120)
    code, peak_kb = map(int, done.stdout.split()[-2:])
    assert code == 0, done.stderr
    assert peak_kb / 1024 < MAX_RSS_MB, f"peak {peak_kb / 1024:.0f} MB"
    assert (project / "build" / "course-pack.teacher.pdf").stat().st_size < 2_000_000


@pytest.mark.parametrize("mode", ["1", "L", "LA", "P", "RGB", "RGBA", "I;16"])
def test_every_png_mode_embeds_at_its_size_with_its_transparency(tmp_path: Path,
                                                                 mode: str) -> None:
    from pypdf import PdfReader

    outlines = tmp_path / "outlines"
    outlines.mkdir()
    image = Image.new("RGBA", (60, 40), (200, 30, 30, 128))
    image = Image.new("I;16", (60, 40), 40000) if mode == "I;16" else image.convert(mode)
    if mode == "P":
        image.info["transparency"] = 0
    image.save(outlines / "m.png")
    (outlines / "x.md").write_text("---\ntitle: T\n---\n\n## S\n\n![m](m.png)\n",
                                   encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "studyguide.cli", "build", "--jobs", "1",
                           "--format", "pdf", "--edition", "student"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "warning" not in done.stderr, done.stderr
    xobjects = PdfReader(str(tmp_path / "build" / "x.pdf")).pages[0]["/Resources"]["/XObject"]
    (shown,) = [x.get_object() for x in xobjects.values()]
    assert (shown["/Width"], shown["/Height"]) == (60, 40)
    assert ("/SMask" in shown) == (mode in ("LA", "P", "RGBA"))


def test_a_heading_taller_than_a_page_is_set_whole_and_bookmarked(tmp_path: Path) -> None:
    from pypdf import PdfReader

    heading = " ".join(f"w{i}" for i in range(1200))  # about two pages of heading type
    outlines = tmp_path / "outlines"
    outlines.mkdir()
    (outlines / "x.md").write_text(f"---\ntitle: {heading[:1990].strip()}\n---\n\n## {heading}\n",
                                   encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "studyguide.cli", "build", "--jobs", "1",
                           "--format", "pdf", "--edition", "student"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    handout = PdfReader(str(tmp_path / "build" / "x.pdf"))
    text = " ".join(page.extract_text() for page in handout.pages)
    assert "w0 " in text and "w1199" in text and len(handout.pages) >= 3
    title, (section,) = handout.outline  # the section's bookmark sits under the title's
    assert title.title == heading[:1990].strip() and section.title == heading
    pack = PdfReader(str(tmp_path / "build" / "course-pack.pdf"))
    contents = pack.pages[1].extract_text()
    assert "w0 w1" in contents and "…" in contents and "w1199" not in contents

"""The parsed-font cache (render/pdf/fontcache.py): the same faces, the same bytes, and a
doctored cache file is only ever a miss."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from conftest import REPO
from studyguide.render.common.fonts import fallback_faces
from studyguide.render.pdf import fontcache

FONT = fallback_faces().regular  # DejaVu Sans: 6,000 glyphs, floats and integers in hmetrics


def _same_face(a: TTFont, b: TTFont) -> None:
    left, right = dict(a.face.__dict__), dict(b.face.__dict__)
    assert left.pop("_pdfScale")(1234) == right.pop("_pdfScale")(1234)
    assert left.keys() == right.keys()
    for key in left:
        assert fontcache._same(left[key], right[key]) or key == "table", key
    assert left["table"] == right["table"]
    assert set(fontcache.EXTRACTED) <= set(b.face.__dict__)


def test_a_cached_face_is_the_parsed_face(tmp_path: Path) -> None:
    parsed = fontcache.load_font("X", FONT, str(tmp_path))  # a miss: parsed, entry written
    [entry] = tmp_path.glob("*.font")
    assert entry.stem == fontcache.hashlib.sha256(Path(FONT).read_bytes()).hexdigest()
    cached = fontcache.load_font("X", FONT, str(tmp_path))
    assert fontcache._cached_face(FONT, Path(FONT).read_bytes(), entry, entry.stem) is not None
    _same_face(TTFont("X", FONT), parsed)
    _same_face(parsed, cached)
    assert cached.face._ttf_data == Path(FONT).read_bytes()  # subsetting still reads the file
    assert {k: v for k, v in vars(cached).items() if k not in ("face", "state", "encoding")} \
        == {k: v for k, v in vars(parsed).items() if k not in ("face", "state", "encoding")}


def _doctored(raw: bytes) -> list[bytes]:
    """Ways a stranger's cache entry might be wrong or hostile."""
    end = raw.index(b"\n")
    header = json.loads(raw[:end])
    body = raw[end + 1:]

    def with_header(**changes: object) -> bytes:
        return json.dumps({**header, **changes}).encode() + b"\n" + body

    lengths = dict(header["lengths"])
    return [
        b"", b"\n", b"not json\n" + body, raw[: len(raw) // 2], raw + b"\0",
        b"[" * 100_000 + b"\n",  # deep JSON
        with_header(format="studyguide font cache 0"), with_header(reportlab="0.0"),
        with_header(sha256="0" * 64), with_header(numGlyphs=10 ** 12),
        with_header(numGlyphs=True), with_header(name=17), with_header(ascent="NaN"),
        json.dumps(header).replace('"ascent":', '"ascent":NaN,"x":').encode() + b"\n" + body,
        with_header(bbox=[1, 2, 3]), with_header(hm_ints=-1), with_header(unitsPerEm=0),
        with_header(lengths={**lengths, "codes": lengths["codes"] + 1}),
        with_header(lengths={**lengths, "glyphPos": 0}),
        with_header(lengths="all of them"),
        raw[:end + 1] + b"\xff" * len(body),  # every glyph offset past the glyph table
        json.dumps(["a list"]).encode() + b"\n",
        b"x" * (fontcache.MAX_HEADER_BYTES + 10),
    ]


def test_a_doctored_entry_is_a_miss_never_a_crash(tmp_path: Path) -> None:
    fontcache.load_font("X", FONT, str(tmp_path))
    [entry] = tmp_path.glob("*.font")
    good, data = entry.read_bytes(), Path(FONT).read_bytes()
    for bad in _doctored(good):
        entry.write_bytes(bad)
        assert fontcache._cached_face(FONT, data, entry, entry.stem) is None, bad[:80]
        font = fontcache.load_font("X", FONT, str(tmp_path))  # parsed again, entry rewritten
        _same_face(TTFont("X", FONT), font)
        assert entry.read_bytes() == good
    entry.unlink()
    entry.mkdir()  # not a file
    _same_face(TTFont("X", FONT), fontcache.load_font("X", FONT, str(tmp_path)))


def test_a_symlinked_cache_folder_is_neither_read_nor_written(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    fontcache.load_font("X", FONT, str(elsewhere))
    (tmp_path / "out").mkdir()
    os.symlink(elsewhere, tmp_path / "out" / "fonts")
    for entry in elsewhere.iterdir():
        entry.write_bytes(b"planted")
    font = fontcache.load_font("X", FONT, str(tmp_path / "out" / "fonts"))
    _same_face(TTFont("X", FONT), font)
    assert [e.read_bytes() for e in elsewhere.iterdir()] == [b"planted"]


NO_SHIPPED = ("import sys; from studyguide.render.pdf import fontcache; "
              "fontcache.SHIPPED_DIR = sys.argv.pop(1); from studyguide.cli import main; main()")


def _build(project: Path, shipped: bool = True) -> dict[str, bytes]:
    """A fresh process's PDFs; `shipped=False` hides the parsed fonts shipped with studyguide
    (render/pdf/fontship.py), so every font goes through the output folder's cache."""
    start = ["-m", "studyguide"] if shipped else ["-c", NO_SHIPPED, str(project / "none")]
    out = subprocess.run([sys.executable, *start, "build", "--force", "--jobs", "1",
                          "--format", "pdf"], cwd=project, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Traceback" not in out.stderr
    return {p.name: p.read_bytes() for p in sorted((project / "build").glob("*.pdf"))}


@pytest.mark.parametrize("outline", ["04-great-terror.md"])
def test_outputs_are_byte_identical_with_and_without_the_cache(tmp_path: Path,
                                                               outline: str) -> None:
    project = tmp_path / "course"
    (project / "outlines").mkdir(parents=True)
    shutil.copy(REPO / "outlines" / outline, project / "outlines")
    (project / "outlines" / "sample.md").write_text(  # code and a character the body lacks
        "---\ntitle: Cached fonts\n---\n\n## Code\n\n```\nprint('ա')\n```\n\nArmenian ա.\n",
        encoding="utf-8")
    shutil.copy(REPO / "studyguide.toml", project / "studyguide.toml")
    uncached = _build(project, shipped=False)  # an empty cache: every font parsed, entries written
    cache = project / "build" / ".studyguide-fonts"
    entries = sorted(cache.glob("*.font"))
    assert len(entries) >= 8
    good = {entry: (entry.read_bytes(), entry.stat().st_ino) for entry in entries}
    assert _build(project, shipped=False) == uncached  # every font from the cache
    assert {e: (e.read_bytes(), e.stat().st_ino) for e in entries} == good  # read, not rewritten
    for entry, bad in zip(entries, _doctored(entries[0].read_bytes())):
        entry.write_bytes(bad)
    assert _build(project, shipped=False) == uncached  # doctored entries: parsed again
    assert {e: e.read_bytes() for e in entries} == {e: data for e, (data, _) in good.items()}
    shutil.rmtree(cache)
    assert _build(project) == uncached  # the shipped entries, and the cache for the rest
    shipped = {p.name for p in Path(fontcache.SHIPPED_DIR).glob("*.font")}
    written = {p.name for p in cache.glob("*.font")}
    assert shipped and not written & shipped  # a shipped font is never parsed nor cached
    assert written < {e.name for e in entries}


def test_font_subsets_hold_only_the_characters_used() -> None:
    """ttfAsciiReadable off: no subset carries the 95 ASCII characters whether used or not
    (13 % smaller handouts), and the text still reads back the same."""
    from pypdf import PdfReader

    from studyguide.outline.parser import parse_text
    from studyguide.render import RenderSettings
    from studyguide.render.pdf import render_pdf
    from studyguide.theme.loader import load_theme

    outline, _ = parse_text("---\ntitle: Tiny\n---\n\n## Aa\n\nBb cc.\n", "outlines/t.md",
                            str(REPO))
    theme, _ = load_theme("classic", REPO)
    reader = PdfReader(io.BytesIO(render_pdf(outline, theme, RenderSettings(), "student").data))
    fonts = [font.get_object() for page in reader.pages
             for font in page["/Resources"]["/Font"].values()]
    assert fonts and all(int(f["/LastChar"]) < 60 for f in fonts)  # ASCII-readable: 127
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Tiny" in text and "Bb cc." in text


def test_loading_a_font_leaves_the_garbage_collector_as_it_was(tmp_path: Path) -> None:
    import gc

    assert gc.isenabled()
    fontcache.load_font("X", FONT, str(tmp_path))
    assert gc.isenabled()
    gc.disable()
    try:
        fontcache.load_font("X", FONT, str(tmp_path))
        assert not gc.isenabled()
    finally:
        gc.enable()

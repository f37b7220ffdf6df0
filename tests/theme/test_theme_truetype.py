"""The pure-Python TrueType reader: the same answers reportlab gives, without loading it."""

from __future__ import annotations

import struct
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from studyguide.theme.fonts import find_family
from studyguide.theme.truetype import FontError, read_font

REPO = Path(__file__).resolve().parents[2]
SHIPPED = ("Gentium Book Plus", "Source Sans 3", "Noto Sans", "EB Garamond")


def _faces(family: str) -> list[str]:
    faces = find_family(family)
    assert faces is not None, family
    return sorted({faces.regular, faces.bold, faces.italic, faces.bolditalic})


FACES = [path for family in SHIPPED for path in _faces(family)]


@pytest.mark.parametrize("path", FACES, ids=lambda p: Path(p).stem)
def test_widths_charset_and_pitch_equal_reportlabs(path: str) -> None:
    from reportlab.pdfbase.ttfonts import FF_FIXED, TTFont

    theirs, ours = TTFont("probe", path), read_font(path)
    face = theirs.face
    assert ours.charset == {c for c, g in face.charToGlyph.items() if 0 < g < face.numGlyphs}
    assert ours.fixed_pitch == bool(face.flags & FF_FIXED)
    assert ours.units_per_em == face.unitsPerEm
    samples = ["Stalin", "Сталин — «генсек»", "1922–1938 …", "\u00a0x y\u00a0", "\ua66c!", ""]
    for text in samples:
        for size in (7.3, 11.5, 16.0, 44.0):
            assert ours.string_width(text, size) == theirs.stringWidth(text, size), (text, size)


def test_a_monospaced_font_says_so() -> None:
    mono = find_family("DejaVu Sans Mono")
    if mono is None:
        pytest.skip("DejaVu Sans Mono is not installed")
    assert read_font(mono.regular).fixed_pitch
    assert not read_font(_faces("Noto Sans")[0]).fixed_pitch


def test_each_file_is_parsed_once() -> None:
    path = FACES[0]
    assert read_font(path) is read_font(path)


def test_a_character_the_font_lacks_is_not_in_its_charset() -> None:
    font = read_font(find_family("Gentium Book Plus").regular)
    assert ord("Ж") in font.charset and 0xA66C not in font.charset
    assert font.string_width("\ua66c", 10.0) == font.default_width * 0.01


@pytest.mark.parametrize("data, message", [
    (b"OTTO" + bytes(40), "PostScript \\(CFF\\) outlines"),
    (b"wOFF" + bytes(40), "not a TrueType font"),
    (struct.pack(">IHHHH", 0x00010000, 0, 0, 0, 0), "no 'head' table"),
    (b"\x00\x01", "truncated or damaged"),
])
def test_a_file_that_is_not_truetype_is_a_font_error(tmp_path: Path, data: bytes,
                                                      message: str) -> None:
    bad = tmp_path / "Bad-Regular.ttf"
    bad.write_bytes(data)
    with pytest.raises(FontError, match=message):
        read_font(str(bad))


def test_rendering_a_deck_never_loads_reportlab(tmp_path: Path) -> None:
    script = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from studyguide.outline.parser import parse_outline
        from studyguide.render import RenderSettings
        from studyguide.render.deck import render_pptx
        from studyguide.theme.loader import load_theme
        repo = Path({str(REPO)!r})
        outline, _ = parse_outline(repo / "outlines" / "02-triumvirate.md", repo)
        theme, _ = load_theme("classic", repo)
        rendered = render_pptx(outline, theme, RenderSettings())
        assert rendered.data[:2] == b"PK"
        print(sorted(name for name in sys.modules if name.split(".")[0] == "reportlab"))
    """)
    # Run from elsewhere, so `import studyguide` finds the installed package, not the checkout
    # (whose source tree has no built-in themes folder when installed without -e).
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True, cwd=tmp_path)
    assert result.stdout.strip() == "[]"

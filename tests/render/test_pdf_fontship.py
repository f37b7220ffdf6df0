"""The parsed fonts that ship with studyguide (render/pdf/fontship.py): exactly what this
environment's reportlab makes of the built-in themes' fonts, and read as the parse itself."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase.ttfonts import TTFont

from studyguide.render.pdf import fontcache, fontship

REGENERATE = "run `python -m studyguide.render.pdf.fontship` and commit studyguide/fonts/parsed"


def test_the_shipped_entries_are_this_environments_parse() -> None:
    shipped = {p.name: p.read_bytes() for p in Path(fontcache.SHIPPED_DIR).glob("*.font")}
    made = fontship.shipped_entries()
    assert len(made) >= 8  # the classic theme's two families at least
    assert shipped.keys() == made.keys(), REGENERATE
    stale = [name for name in made if shipped[name] != made[name]]
    assert not stale, f"{stale}: {REGENERATE}"


def test_the_classic_theme_registers_from_shipped_entries_only(tmp_path: Path) -> None:
    from test_pdf_fontcache import _same_face

    classic = [p for p in fontship.builtin_font_files() if "Gentium" in p or "SourceSans" in p]
    assert len(classic) == 8
    for path in classic:
        digest = fontcache.hashlib.sha256(Path(path).read_bytes()).hexdigest()
        assert Path(fontcache.SHIPPED_DIR, digest + ".font").is_file()
        font = fontcache.load_font("X", path, str(tmp_path))
        _same_face(TTFont("X", path), font)
        assert font.face._ttf_data == Path(path).read_bytes()
    assert list(tmp_path.iterdir()) == []  # nothing parsed, nothing written to the cache


def test_only_fonts_from_python_packages_ship() -> None:
    files = fontship.builtin_font_files()
    assert files and not any(path.startswith("/usr/") for path in files)

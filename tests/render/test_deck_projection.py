"""The four shipped decks as a teacher presents them, read back with python-pptx, and as
LibreOffice draws them on a machine without the theme's fonts (read back with pdfplumber)."""

from __future__ import annotations

import io
import shutil
import statistics
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Emu

from studyguide.outline.parser import parse_outline, parse_text
from studyguide.render import RenderSettings
from studyguide.render.deck import render_pptx
from studyguide.render.deck.shapes import DECK_FONTS
from studyguide.theme.loader import load_theme

REPO = Path(__file__).resolve().parents[2]
OUTLINES = sorted((REPO / "outlines").glob("*.md"))
# Fonts a school PC has: Windows installs all four, Office for Mac adds Calibri and Cambria
# to macOS, which has Arial and Courier New.
SCHOOL_FONTS = set(DECK_FONTS)
EXEMPT = ("Timeline:", "Key figures", "Glossary")  # tables, timelines and the glossary


def render(path: Path, theme: str = "classic") -> bytes:
    outline, problems = parse_outline(path, REPO)
    assert outline is not None, problems
    loaded, _ = load_theme(theme, REPO)
    return render_pptx(outline, loaded, RenderSettings()).data


@pytest.fixture(scope="module")
def decks() -> dict[str, bytes]:
    return {path.stem: render(path) for path in OUTLINES}


def body_shapes(slide):
    """Every text shape but the title, the footer and the slide number."""
    for shape in slide.shapes:
        if shape == slide.shapes.title or not shape.has_text_frame:
            continue
        if shape.name.startswith(("Footer", "Slide Number")):
            continue
        yield shape


def content_slides(prs):
    return [s for s in list(prs.slides)[1:]]


def title_of(slide) -> str:
    return slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""


def words_on(slide) -> int:
    return sum(len(shape.text_frame.text.split()) for shape in body_shapes(slide)
               if shape.is_placeholder)


@pytest.mark.parametrize("name", [p.stem for p in OUTLINES])
def test_slides_carry_few_words_and_every_content_slide_has_notes(decks, name):
    prs = Presentation(io.BytesIO(decks[name]))
    prose = [s for s in content_slides(prs) if not title_of(s).startswith(EXEMPT)]
    counts = [words_on(s) for s in prose]
    assert statistics.median(counts) <= 40, counts
    assert max(counts) <= 70, [(title_of(s), words_on(s)) for s in prose if words_on(s) > 70]
    for slide in content_slides(prs):
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip(), \
            title_of(slide)


@pytest.mark.parametrize("name", [p.stem for p in OUTLINES])
def test_titles_and_body_text_are_in_placeholders_title_first(decks, name):
    prs = Presentation(io.BytesIO(decks[name]))
    for number, slide in enumerate(prs.slides, start=1):
        shapes = list(slide.shapes)
        assert slide.shapes.title is not None and title_of(slide).strip(), number
        assert shapes[0] == slide.shapes.title, number  # reading order starts at the title
        timeline = title_of(slide).startswith("Timeline:")
        for shape in body_shapes(slide):
            if not timeline:  # timeline labels are placed by the timeline, beside markers
                assert shape.is_placeholder, (number, shape.name, shape.text_frame.text[:40])


@pytest.mark.parametrize("name", [p.stem for p in OUTLINES])
def test_fonts_are_on_every_school_pc_and_the_language_is_set(decks, name):
    prs = Presentation(io.BytesIO(decks[name]))
    fonts, langs = set(), set()
    for slide in prs.slides:
        for element in slide._element.iter("{*}rPr"):
            langs.add(element.get("lang"))
            for face in element.findall("{*}latin"):
                fonts.add(face.get("typeface"))
    assert fonts and fonts <= SCHOOL_FONTS, fonts
    assert langs == {"en-GB"}
    assert prs.core_properties.language == "en-GB"


@pytest.mark.parametrize("name", [p.stem for p in OUTLINES])
def test_tables_split_with_three_rows_a_part_and_a_header_row(decks, name):
    prs = Presentation(io.BytesIO(decks[name]))
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_table:
                assert shape.table.first_row
                body_rows = len(shape.table.rows) - 1
                assert body_rows >= 3, (title_of(slide), body_rows)


def test_code_is_monospaced_on_slides(tmp_path):
    text = "---\ntitle: Code\n---\n\n## Decrees\n\n```\nOrder  00447\nDate   30.07.1937\n```\n"
    outline, _ = parse_text(text, str(tmp_path / "outlines/code.md"), str(tmp_path))
    loaded, _ = load_theme("classic", REPO)
    prs = Presentation(io.BytesIO(render_pptx(outline, loaded, RenderSettings()).data))
    runs = [r for shape in body_shapes(prs.slides[1]) for p in shape.text_frame.paragraphs
            for r in p.runs if "00447" in r.text or "1937" in r.text]
    assert runs and {r.font.name for r in runs} == {"Courier New"}


def test_a_list_never_leaves_one_item_alone(tmp_path):
    items = "\n".join(f"- **Point {i}.** Something said about it in a sentence." for i in range(6))
    text = f"---\ntitle: L\n---\n\n## Many\n\n{items}\n"
    outline, _ = parse_text(text, str(tmp_path / "outlines/l.md"), str(tmp_path))
    loaded, _ = load_theme("classic", REPO)
    prs = Presentation(io.BytesIO(render_pptx(outline, loaded, RenderSettings()).data))
    shown = [words for words in (
        sum(p.text.startswith("•") for shape in body_shapes(s) for p in shape.text_frame.paragraphs)
        for s in list(prs.slides)[1:]) if words]
    assert shown == [3, 3]


def test_a_slide_block_says_exactly_what_the_slide_shows(tmp_path):
    text = ("---\ntitle: S\n---\n\n## The funeral\n\nLenin died on 21 January 1924.\n\n"
            "::: slide\n### Vows\n- “We vow to you, Comrade Lenin…”\n:::\n")
    outline, problems = parse_text(text, str(tmp_path / "outlines/s.md"), str(tmp_path))
    assert outline is not None and not problems
    loaded, _ = load_theme("classic", REPO)
    prs = Presentation(io.BytesIO(render_pptx(outline, loaded, RenderSettings()).data))
    slide = prs.slides[1]
    assert title_of(slide) == "Vows"
    shown = [s.text_frame.text for s in body_shapes(slide)]
    assert shown == ["•\u00a0“We vow to you, Comrade Lenin…”"]
    assert "Lenin died on 21 January 1924." in slide.notes_slide.notes_text_frame.text
    assert len(prs.slides) == 2


# ---------------------------------------------------------------- LibreOffice


def office_pdfs(decks: dict[str, bytes], folder: Path) -> dict[str, Path]:
    for name, data in decks.items():
        (folder / f"{name}.pptx").write_bytes(data)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder),
                    *sorted(str(p) for p in folder.glob("*.pptx"))], cwd=folder,
                   check=True, capture_output=True, timeout=600)
    return {name: folder / f"{name}.pdf" for name in decks}


@pytest.fixture(scope="module")
def converted(decks, tmp_path_factory):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    return office_pdfs(decks, tmp_path_factory.mktemp("office"))


def fc_has(family: str) -> bool:
    out = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    return any(family in line.split(",") for line in out.splitlines())


def boxes(slide, scale: float) -> tuple[list[tuple[float, ...]], float]:
    """Every shape's box in points, and the top of the footer."""
    out, footer = [], None
    for shape in slide.shapes:
        box = tuple(Emu(v).pt * scale for v in (shape.left, shape.top,
                                               shape.left + shape.width,
                                               shape.top + shape.height))
        out.append(box)
        if shape.name.startswith(("Footer", "Slide Number")):
            footer = box[1] if footer is None else min(footer, box[1])
    return out, footer if footer is not None else 1e9


@pytest.mark.parametrize("name", [p.stem for p in OUTLINES])
def test_libreoffice_draws_every_character_inside_its_box_without_the_original_fonts(
        decks, converted, name):
    import pdfplumber

    for family in DECK_FONTS:  # the test stands for a machine that lacks the originals
        assert not fc_has(family), f"{family} is installed; the test needs its stand-in"
    prs = Presentation(io.BytesIO(decks[name]))
    with pdfplumber.open(converted[name]) as pdf:
        assert len(pdf.pages) == len(prs.slides)
        for number, (page, slide) in enumerate(zip(pdf.pages, prs.slides), start=1):
            scale = float(page.width) / Emu(prs.slide_width).pt
            shapes, footer = boxes(slide, scale)
            for char in page.chars:
                if not char["text"].strip():
                    continue
                x0, top, x1, bottom = char["x0"], char["top"], char["x1"], char["bottom"]
                inside = [b for b in shapes if b[0] - 1 <= x0 and x1 <= b[2] + 1
                          and b[1] - 1 <= top and bottom <= b[3] + 1]
                assert inside, (number, char["text"], round(x0), round(top))
                if bottom > footer + 1:  # below the footer line only the footer's own text
                    assert all(b[1] >= footer - 1 for b in inside), (number, char["text"])


def test_an_image_gets_a_picture_slide_with_its_alt_text_and_caption(tmp_path):
    from PIL import Image

    (tmp_path / "outlines").mkdir()
    Image.new("RGB", (400, 300), "gray").save(tmp_path / "outlines" / "map.png")
    text = ("---\ntitle: I\n---\n\n## Maps\n\n- **Moscow** was the capital.\n\n"
            '![The Soviet Union in 1924](map.png "The USSR, 1924")\n')
    outline, problems = parse_text(text, str(tmp_path / "outlines/i.md"), str(tmp_path))
    assert outline is not None, problems
    loaded, _ = load_theme("classic", REPO)
    prs = Presentation(io.BytesIO(render_pptx(outline, loaded, RenderSettings()).data))
    slide = prs.slides[2]
    assert slide.slide_layout.name == "Picture with Caption"
    pictures = [s for s in slide.shapes if s.shape_type == 13]
    assert [p._element.nvPicPr.cNvPr.get("descr") for p in pictures] == \
        ["The Soviet Union in 1924"]
    assert [s.text_frame.text for s in body_shapes(slide)] == ["The USSR, 1924"]
    assert all(s.is_placeholder for s in body_shapes(slide))
    assert "The Soviet Union in 1924" in slide.notes_slide.notes_text_frame.text


def test_a_quotation_gets_a_slide_of_its_own_with_its_attribution():
    outline, _ = parse_outline(REPO / "outlines" / "02-triumvirate.md", REPO)
    loaded, _ = load_theme("classic", REPO)
    prs = Presentation(io.BytesIO(render_pptx(outline, loaded, RenderSettings()).data))
    quoted = [s for s in prs.slides
              if any("Comrade Stalin cannot perform" in b.text_frame.text for b in body_shapes(s))]
    assert len(quoted) == 1
    texts = [p.text for b in body_shapes(quoted[0]) for p in b.text_frame.paragraphs]
    assert texts[0].startswith("“I have come to the conclusion") and texts[0].endswith("”")
    assert texts[1] == "— Kamenev to the Fourteenth Party Congress, December 1925"
    assert quoted[0].notes_slide.notes_text_frame.text.startswith("Quotation: I have come")


def test_the_outline_language_is_on_every_run_and_the_project_language_is_the_default():
    """`lang:` in the front matter wins; without it the project's course.lang is used."""
    from dataclasses import replace

    from studyguide.project.config import Course

    loaded, _ = load_theme("classic", REPO)
    text = "---\ntitle: Vocabulaire\nlang: fr\n---\n\n## Les mots\n- Un point\n"
    outline, _ = parse_text(text, str(REPO / "outlines/fr.md"), str(REPO))
    for meta_lang, course_lang, expected in (("fr", "", "fr"), ("", "de", "de")):
        own = replace(outline, meta=replace(outline.meta, lang=meta_lang))
        settings = replace(RenderSettings(), course=Course(title="K", lang=course_lang))
        prs = Presentation(io.BytesIO(render_pptx(own, loaded, settings).data))
        langs = {element.get("lang") for slide in prs.slides
                 for element in slide._element.iter() if element.tag.endswith("}rPr")}
        assert langs == {expected} and prs.core_properties.language == expected

"""The slide deck, read back with python-pptx as a teacher's PowerPoint would show it."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Emu

from studyguide.outline.parser import parse_outline, parse_text
from studyguide.project.config import Course
from studyguide.render import RenderSettings
from studyguide.render.deck import fit, plan_deck, render_pptx
from studyguide.render.deck.shapes import deck_faces, leaves
from studyguide.theme.loader import load_theme
from studyguide.theme.model import SlideStyle, Theme

REPO = Path(__file__).resolve().parents[2]
SETTINGS = RenderSettings(course=Course("Stalin's Rise", "Hill School", "Ms Smith"))


def outline_of(text: str, tmp_path: Path | None = None):
    root = str(tmp_path or REPO)
    outline, problems = parse_text(text, str(Path(root) / "outlines/test.md"), root)
    assert outline is not None, [p.format() for p in problems]
    return outline


def shipped(name: str = "02-triumvirate"):
    outline, _ = parse_outline(REPO / "outlines" / f"{name}.md", REPO)
    assert outline is not None
    return outline


def classic() -> Theme:
    theme, problems = load_theme("classic", REPO)
    assert theme is not None, problems
    return theme


def deck(outline, theme: Theme | None = None, settings: RenderSettings = SETTINGS):
    rendered = render_pptx(outline, theme or classic(), settings)
    return Presentation(io.BytesIO(rendered.data)), rendered


def titles(prs) -> list[str]:
    return [slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
            for slide in prs.slides]


def all_shapes(slide) -> list:
    """Every shape on the slide, groups (the timeline figure) opened."""
    out, todo = [], list(slide.shapes)
    while todo:
        shape = todo.pop(0)
        if shape.shape_type == 6:  # MSO_SHAPE_TYPE.GROUP
            todo[:0] = list(shape.shapes)
        else:
            out.append(shape)
    return out


def slide_text(slide) -> str:
    parts = []
    for shape in all_shapes(slide):
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return "\n".join(parts)


def notes_text(slide) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


def frame_overflow(shape) -> float:
    """How many points a text frame's re-measured text exceeds its frame (<= 0: it fits)."""
    frame = shape.text_frame
    inner_w = Emu(shape.width - frame.margin_left - frame.margin_right).pt
    inner_h = Emu(shape.height - frame.margin_top - frame.margin_bottom).pt
    used = 0.0
    for paragraph in frame.paragraphs:
        runs = [r for r in paragraph.runs]
        if not runs:
            continue
        size = runs[0].font.size.pt
        indent = Emu(int(paragraph._p.pPr.get("marL", "0"))).pt
        texts = []
        for run in runs:
            faces = deck_faces(run.font.name)
            texts.append((run.text, faces.face(bool(run.font.bold), bool(run.font.italic))))
        breaks = len(paragraph._p.findall("{*}br"))
        lines = fit.wrap_pieces(fit.pieces(texts), size, inner_w - indent)
        space = paragraph.space_before.pt if paragraph.space_before is not None else 0.0
        used += space + fit.text_height(len(lines) + breaks, size)
    return used - inner_h


def test_shipped_deck_has_every_part_and_fits():
    prs, rendered = deck(shipped())
    names = titles(prs)
    assert names[0] == "The Triumvirate"
    assert "Learning objectives" in names
    assert any(n.startswith("Timeline: ") for n in names)
    assert "Key figures" in names and "Sources" in names[-1]
    assert any(n.startswith("Question 1") for n in names)
    assert_fits(prs)
    assert not rendered.diagnostics


def assert_fits(prs) -> None:
    width, height = prs.slide_width, prs.slide_height
    for number, slide in enumerate(prs.slides, start=1):
        for shape in all_shapes(slide):
            assert shape.left >= 0 and shape.top >= 0, (number, shape.name)
            assert shape.left + shape.width <= width, (number, shape.name)
            assert shape.top + shape.height <= height, (number, shape.name)
            if shape.has_text_frame and shape.text_frame.text.strip():
                assert frame_overflow(shape) <= 0.5, (number, shape.text_frame.text[:60])
            if shape.has_table:
                assert_cells_fit(shape.table, number)


def assert_cells_fit(table, number: int) -> None:
    """Every row is at least as tall as its tallest re-measured cell."""
    for row in table.rows:
        for cell, column in zip(row.cells, table.columns):
            runs = cell.text_frame.paragraphs[0].runs
            if not runs:
                continue
            size = runs[0].font.size.pt
            texts = [(r.text, deck_faces(r.font.name).face(bool(r.font.bold),
                                                           bool(r.font.italic))) for r in runs]
            inner = Emu(column.width - cell.margin_left - cell.margin_right).pt
            lines = fit.wrap_pieces(fit.pieces(texts), size, inner)
            need = fit.text_height(len(lines), size) + Emu(cell.margin_top
                                                           + cell.margin_bottom).pt
            assert need <= Emu(row.height).pt + 0.5, (number, cell.text[:40])


def test_timeline_is_native_shapes_with_every_event_in_order():
    outline = shipped()
    prs, _ = deck(outline)
    timeline = [s for s, t in zip(prs.slides, titles(prs)) if t.startswith("Timeline:")]
    assert len(timeline) >= 2
    labels = []
    for slide in timeline:
        assert not any(shape.shape_type == 13 for shape in slide.shapes)  # no pictures
        boxes = [shape for shape in all_shapes(slide) if shape.has_text_frame and " — " in
                 shape.text_frame.text]
        labels.extend(b.text_frame.text for b in boxes)  # drawn in date order
        markers = [shape.left for shape in all_shapes(slide) if shape.shape_type == 1
                   and shape.width == shape.height]
        assert markers == sorted(markers) and len(markers) == len(boxes)
    expected = [e.date.display() for e in outline.timeline]
    assert [label.split(" — ")[0] for label in labels] == expected


def test_timeline_labels_do_not_overlap():
    for slide in plan_deck(shipped("04-great-terror"), classic(), SETTINGS):
        if slide.kind != "timeline":
            continue
        boxes = [s for s in leaves(slide.shapes) if getattr(s, "role", "") == "label"]
        assert boxes
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                apart = (a.x + a.w <= b.x or b.x + b.w <= a.x or a.y + a.h <= b.y
                         or b.y + b.h <= a.y)
                assert apart, (a.paras[0].runs[0].text, b.paras[0].runs[0].text)


def test_key_figures_table_rows_are_the_people_in_order():
    outline = shipped()
    prs, _ = deck(outline)
    rows = []
    for slide, title in zip(prs.slides, titles(prs)):
        if title.startswith("Key figures"):
            table = next(s for s in slide.shapes if s.has_table).table
            assert table.cell(0, 0).text == "Name"
            rows.extend(table.cell(r, 0).text for r in range(1, len(table.rows)))
    people = [cell[0].text for cell in (row[0] for row in outline.key_figures.rows)]
    assert rows == people


def test_answers_only_in_notes():
    outline = shipped()
    prs, _ = deck(outline)
    on_slides = "\n".join(slide_text(s) for s in prs.slides)
    notes = "\n".join(notes_text(s) for s in prs.slides)
    assert "Answer:" not in on_slides
    assert "Answer: A. His removal as Commissar of War" in notes
    assert "Answer: B. It was read only to the leaders of the delegations" in notes
    for question in outline.questions:
        for block in question.answer:
            text = block.inlines[0].text[:40] if hasattr(block, "inlines") else ""
            assert text and text not in on_slides and text in notes


def test_section_notes_become_speaker_notes():
    prs, _ = deck(shipped())
    by_title = dict(zip(titles(prs), prs.slides))
    assert "Timing: 10 minutes." in notes_text(by_title["Forming the troika"])


def test_long_inputs_split_across_slides(tmp_path):
    events = "\n".join(f"- {1800 + i}: Event number {i} with a label of several words"
                       for i in range(120))
    rows = "\n".join(f"| Person {i} | A role described in a few words | Fate {i} |"
                     for i in range(60))
    bullets = "\n".join(f"- Bullet {i}: a point that takes most of a line to say in full"
                        for i in range(40))
    text = (f"---\ntitle: Long\n---\n\n## Many points\n{bullets}\n\n## Timeline\n{events}\n\n"
            f"## Key figures\n| Name | Role | Fate |\n| --- | --- | --- |\n{rows}\n")
    prs, _ = deck(outline_of(text))
    names = titles(prs)
    assert names.count("Many points (cont.)") >= 2
    assert sum(n.startswith("Timeline:") for n in names) >= 15
    assert names.count("Key figures (cont.)") >= 2
    assert_fits(prs)
    all_text = "\n".join(slide_text(s) for s in prs.slides)
    for i in (0, 39):
        assert f"Bullet {i}:" in all_text
    for i in (0, 59):
        assert f"Person {i}" in all_text
    assert all_text.count("Event number") == 120


SHUFFLED = """---
title: Order test
sources:
  a: Service, Stalin (2004)
  b: Tucker, Stalin as Revolutionary (1973)
---

Why the troika formed [@a].

## Questions

1. Who led the troika?
   Answer: Zinoviev [@b].

## Learning objectives

- Explain the troika.

##

A section whose heading has no text.

## Glossary

- **Troika**: the three-man leadership [@b].

## The troika

Zinoviev, Kamenev and Stalin [@a].
"""


def test_deck_follows_the_handout_order_whatever_the_file_order():
    import re

    from studyguide.render.pdf import render_pdf

    outline = outline_of(SHUFFLED)
    prs, _ = deck(outline)
    assert titles(prs)[1:7] == ["Introduction", "Learning objectives", "Untitled section",
                                "The troika", "Glossary", "Question 1"]
    # a projection slide leaves citations to its notes, so both are read, slide by slide
    numbers = [int(n) for slide in prs.slides
               for n in re.findall(r"\[(\d+)\]", (slide_text(slide) + notes_text(slide))
                                   .split("Sources")[0])]
    assert numbers == sorted(numbers) and set(numbers) == {1, 2}
    handout = render_pdf(outline, classic(), SETTINGS, "student").data
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(handout)).pages)
    order = [text.index(t) for t in ("Why the troika formed", "Explain the troika.",
                                     "Untitled section", "Zinoviev, Kamenev", "Troika",
                                     "Who led the troika")]
    assert order == sorted(order)


def test_text_boxes_shrink_rather_than_overflow_in_a_substituted_font():
    from pptx.enum.shapes import MSO_SHAPE_TYPE
    from pptx.enum.text import MSO_AUTO_SIZE

    prs, _ = deck(shipped())
    boxes = [shape for slide in prs.slides for shape in slide.shapes
             if shape.shape_type == MSO_SHAPE_TYPE.TEXT_BOX]
    assert boxes and all(box.text_frame.auto_size == MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
                         for box in boxes)
    assert all(box.text_frame.word_wrap for box in boxes)


def test_four_by_three_sets_the_slide_size():
    settings = RenderSettings(course=SETTINGS.course, aspect="4:3")
    prs, _ = deck(shipped(), settings=settings)
    assert (prs.slide_width, prs.slide_height) == (Emu(9144000), Emu(6858000))
    assert_fits(prs)


def test_default_is_sixteen_by_nine():
    prs, _ = deck(shipped("01-rise-to-general-secretary"))
    assert (prs.slide_width, prs.slide_height) == (Emu(12192000), Emu(6858000))


def test_two_renders_are_byte_identical():
    outline = shipped()
    first = render_pptx(outline, classic(), SETTINGS).data
    assert render_pptx(outline, classic(), SETTINGS).data == first


def test_core_properties():
    prs, _ = deck(shipped())
    core = prs.core_properties
    assert core.title == "The Triumvirate" and core.author == "Ms Smith"
    assert core.revision == 1 and core.created.year == 2000


def test_template_layouts_found_by_name(tmp_path):
    template = Presentation()
    template.slides.add_slide(template.slide_layouts[0]).shapes.title.text = "OLD SLIDE"
    path = tmp_path / "template.pptx"
    template.save(path)
    base = classic()
    theme = Theme(**{**base.__dict__, "slides": SlideStyle(template=str(path))})
    prs, rendered = deck(shipped(), theme)
    assert not rendered.diagnostics
    layouts = [slide.slide_layout.name for slide in prs.slides]
    # found by name: title slide, a section header for a section that opens with a
    # subheading, body text in "Title and Content", tables and timelines in "Title Only"
    # (the default template has no "Quote" layout: quotes use Title and Content)
    assert layouts[0] == "Title Slide"
    assert set(layouts[1:]) == {"Section Header", "Title and Content", "Title Only"}
    assert "OLD SLIDE" not in "\n".join(slide_text(s) for s in prs.slides)


def test_broken_template_falls_back_with_an_error(tmp_path):
    path = tmp_path / "template.pptx"
    path.write_bytes(b"not a zip")
    base = classic()
    theme = Theme(**{**base.__dict__, "slides": SlideStyle(template=str(path))})
    prs, rendered = deck(shipped(), theme)
    assert len(prs.slides) > 5
    assert [d.path for d in rendered.diagnostics if d.is_error] == [str(path)]


def test_broken_image_is_a_warning_and_a_placeholder(tmp_path):
    from PIL import Image

    (tmp_path / "outlines").mkdir()
    for name in ("good.png", "bad.png"):
        Image.new("RGB", (400, 200), "red").save(tmp_path / "outlines" / name)
    text = ("---\ntitle: Pictures\n---\n\n## Pictures\n![A bad one](bad.png)\n\n"
            "![A good one](good.png)\n")
    outline = outline_of(text, tmp_path)
    # The parser checks images; one can still break between parsing and rendering.
    (tmp_path / "outlines" / "bad.png").write_bytes(b"not an image any more")
    prs, rendered = deck(outline)
    assert any("bad.png" in d.message for d in rendered.diagnostics)
    text_all = "\n".join(slide_text(s) for s in prs.slides)
    assert "Image not available: A bad one" in text_all
    pictures = [sh for s in prs.slides for sh in s.shapes if sh.shape_type == 13]
    assert [p._element.nvPicPr.cNvPr.get("descr") for p in pictures] == ["A good one"]
    assert_fits(prs)


def test_control_characters_and_scripts_survive():
    text = ("---\ntitle: Odd \x01 text\n---\n\n## Ленин и Сталин\n- Ελληνικά “quotes” — "
            "dash \x07 bell\n")
    prs, _ = deck(outline_of(text))
    assert "Ленин и Сталин" in titles(prs)
    assert "Ελληνικά “quotes” — dash" in "\n".join(slide_text(s) for s in prs.slides)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_deck(tmp_path):
    from pypdf import PdfReader

    path = tmp_path / "deck.pptx"
    rendered = render_pptx(shipped(), classic(), SETTINGS)
    path.write_bytes(rendered.data)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(path)], check=True, capture_output=True, timeout=300)
    slides = len(Presentation(io.BytesIO(rendered.data)).slides)
    assert len(PdfReader(tmp_path / "deck.pdf").pages) == slides


def test_logo_on_the_title_slide_and_links_kept(tmp_path):
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (300, 100), "blue").save(logo)
    base = classic()
    theme = Theme(**{**base.__dict__, "logo": str(logo)})
    text = ("---\ntitle: Links\n---\n\n## Reading\nSee [the archive](https://example.org/a) "
            "and [a file](file:///etc/passwd).\n")
    prs, _ = deck(outline_of(text), theme)
    title_pictures = [s for s in prs.slides[0].shapes if s.shape_type == 13]
    assert len(title_pictures) == 1
    runs = [r for s in prs.slides for sh in s.shapes if sh.has_text_frame
            for p in sh.text_frame.paragraphs for r in p.runs]
    links = {r.text: r.hyperlink.address for r in runs if r.hyperlink.address}
    assert links == {"the archive": "https://example.org/a"}
    assert_fits(prs)


def _saved_then_repacked(prs) -> bytes:
    """How the deck used to be written: python-pptx's save, then every member re-packed."""
    import zipfile

    from studyguide.render.deck.zipfix import fixed_member

    saved = io.BytesIO()
    prs.save(saved)
    out = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as to:
        for info in source.infolist():
            to.writestr(fixed_member(info.filename), source.read(info.filename), compresslevel=6)
    return out.getvalue()


def test_the_deck_written_once_is_the_saved_and_repacked_deck(monkeypatch):
    import zipfile

    from studyguide.render.deck import emit

    once = render_pptx(shipped(), classic(), SETTINGS).data
    monkeypatch.setattr(emit, "pptx_bytes", _saved_then_repacked)
    assert render_pptx(shipped(), classic(), SETTINGS).data == once
    with zipfile.ZipFile(io.BytesIO(once)) as deck:
        names = deck.namelist()
        assert len(names) == len(set(names)) and names[0] == "[Content_Types].xml"
        assert {info.date_time for info in deck.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert deck.testzip() is None


def test_remembered_part_names_give_the_same_deck(monkeypatch):
    from studyguide.render.deck import package

    remembered = render_pptx(shipped(), classic(), SETTINGS).data
    monkeypatch.setattr(package, "remember_partnames", lambda pkg: None)
    assert render_pptx(shipped(), classic(), SETTINGS).data == remembered


def test_copied_notes_slides_give_the_same_deck(monkeypatch):
    from studyguide.render.deck import emit, package

    def python_pptx_notes(body, text):
        from pptx.text.text import TextFrame

        TextFrame(body, None).text = text
        for run in body.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}r"):
            run.get_or_add_rPr().set("lang", "en-GB")

    copied = render_pptx(shipped(), classic(), SETTINGS).data
    monkeypatch.setattr(package, "notes_body",
                        lambda slide: slide.notes_slide.notes_text_frame._txBody)
    monkeypatch.setattr(emit, "_write_notes", python_pptx_notes)
    assert render_pptx(shipped(), classic(), SETTINGS).data == copied
    notes = [s.notes_slide.notes_text_frame.text for s in Presentation(io.BytesIO(copied)).slides
             if s.has_notes_slide]
    assert len(notes) > 5 and all(notes) and len(set(notes)) == len(notes)


@pytest.mark.parametrize("name", ["02-triumvirate", "04-great-terror"])
def test_copied_slides_and_placeholders_give_the_same_deck(monkeypatch, name):
    """Later slides on a layout copy the first; placeholders are filled as python-pptx's
    shape and text-frame properties fill them: the same bytes as python-pptx doing both."""
    from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE

    from studyguide.render.deck import emit, package
    from studyguide.render.deck.paragraphs import emu, replace_paragraphs
    from studyguide.render.deck.shapes import INSET

    def python_pptx_slide(prs, layout, keep):
        slide = prs.slides.add_slide(layout)
        return (slide, *keep(slide))

    def python_pptx_holder(element, box, part):
        holder = next(s for s in part.slide.placeholders if s._element is element)
        holder.left, holder.top = emu(box.x), emu(box.y)
        holder.width, holder.height = emu(box.w), emu(box.h)
        if box.fill:
            holder.fill.solid()
            holder.fill.fore_color.rgb = emit._rgb(box.fill)
        frame = holder.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.margin_left = frame.margin_right = emu(box.pad)
        frame.margin_top = frame.margin_bottom = emu(INSET)
        frame.vertical_anchor = getattr(MSO_ANCHOR, box.anchor.upper())
        replace_paragraphs(frame._txBody, box.paras, part)

    copied = render_pptx(shipped(name), classic(), SETTINGS).data
    monkeypatch.setattr(package, "new_slide", python_pptx_slide)
    monkeypatch.setattr(emit, "_holder", python_pptx_holder)
    assert render_pptx(shipped(name), classic(), SETTINGS).data == copied

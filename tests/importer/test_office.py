"""Importing a Word document and a PowerPoint deck that the tests make (issue 18)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from import_helpers import all_notes, events, figures, imported, terms
from PIL import Image

from studyguide.importer.run import import_files
from studyguide.outline.model import plain_text


def make_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    document.core_properties.title = ""
    document.add_paragraph("The July Crisis", style="Title")
    document.add_paragraph("How a murder became a world war", style="Subtitle")
    document.add_paragraph("Europe in 1914 was divided into two armed camps.")
    document.add_heading("The alliances", level=1)
    document.add_paragraph("The Triple Entente: France, Russia and Britain", style="List Bullet")
    document.add_paragraph("Britain joined last", style="List Bullet 2")
    document.add_paragraph("The Triple Alliance: Germany, Austria-Hungary and Italy",
                           style="List Bullet")
    document.add_paragraph("28 June 1914: Franz Ferdinand is shot in Sarajevo")
    document.add_paragraph("4 August 1914 - Britain declares war on Germany",
                           style="List Bullet")
    document.add_paragraph("Teacher note: ask who wanted a war.")
    document.add_heading("Important people", level=1)
    table = document.add_table(rows=3, cols=3)
    for row, cells in zip(table.rows, [("Name", "Country", "Role"),
                                        ("Gavrilo Princip", "Bosnia", "Assassin"),
                                        ("Kaiser Wilhelm II", "Germany", "Emperor")]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    document.add_heading("Vocabulary", level=1)
    table = document.add_table(rows=3, cols=2)
    for row, cells in zip(table.rows, [("Term", "Definition"),
                                        ("Ultimatum", "A final demand"),
                                        ("Mobilisation", "Readying an army for war")]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    document.add_heading("Review questions", level=1)
    document.add_paragraph("Why did Austria-Hungary blame Serbia?", style="List Number")
    document.add_paragraph("Was the war an accident?", style="List Number")
    document.save(path)


def make_pptx(path: Path, picture: Path) -> None:
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    title = deck.slides.add_slide(deck.slide_layouts[0])
    title.shapes.title.text = "The Russian Revolution"
    title.placeholders[1].text = "From Tsar to Soviets"
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = "1917"
    body = slide.placeholders[1].text_frame
    body.text = "8 March 1917: Bread riots in Petrograd"
    para = body.add_paragraph()
    para.text = "The Tsar abdicates within a week"
    para.level = 1
    para = body.add_paragraph()
    para.text = "7 November 1917 - The Bolsheviks seize power"
    slide.notes_slide.notes_text_frame.text = "Stress how fast it happened."
    slide = deck.slides.add_slide(deck.slide_layouts[5])
    slide.shapes.title.text = "Key people"
    shape = slide.shapes.add_table(3, 2, Inches(1), Inches(2), Inches(8), Inches(2))
    for r, cells in enumerate([("Name", "Role"), ("Lenin", "Bolshevik leader"),
                               ("Kerensky", "Head of the Provisional Government")]):
        for c, text in enumerate(cells):
            shape.table.cell(r, c).text = text
    slide = deck.slides.add_slide(deck.slide_layouts[5])
    slide.shapes.title.text = "Petrograd"
    slide.shapes.add_picture(str(picture), Inches(1), Inches(2), Inches(3))
    slide.notes_slide.notes_text_frame.text = "The city was renamed twice."
    deck.save(path)


def test_a_word_document(project: Path, tmp_path: Path) -> None:
    source = tmp_path / "July Crisis.docx"
    make_docx(source)
    outline, report, diags = imported(project, source)
    assert report.written == ["outlines/july-crisis.md"]
    assert outline.meta.title == "The July Crisis"
    assert outline.meta.subtitle == "How a murder became a world war"
    assert events(outline) == [("28 June 1914", "Franz Ferdinand is shot in Sarajevo"),
                               ("4 August 1914", "Britain declares war on Germany")]
    assert figures(outline) == [["Gavrilo Princip", "Bosnia", "Assassin"],
                                ["Kaiser Wilhelm II", "Germany", "Emperor"]]
    assert terms(outline) == ["Ultimatum", "Mobilisation"]
    assert [plain_text(q.prompt) for q in outline.questions] == [
        "Why did Austria-Hungary blame Serbia?", "Was the war an accident?"]
    assert "Ask who wanted a war." in all_notes(outline)
    section = outline.sections[0]
    assert plain_text(section.title) == "The alliances"
    assert not [d for d in diags if "error" in d]


def test_a_powerpoint_deck(project: Path, tmp_path: Path) -> None:
    picture = tmp_path / "city.png"
    Image.new("RGB", (60, 40), (200, 30, 30)).save(picture)
    source = tmp_path / "revolution.pptx"
    make_pptx(source, picture)
    outline, report, diags = imported(project, source)
    assert outline.meta.title == "The Russian Revolution"
    assert outline.meta.subtitle == "From Tsar to Soviets"
    assert events(outline) == [("8 March 1917", "Bread riots in Petrograd"),
                               ("7 November 1917", "The Bolsheviks seize power")]
    assert figures(outline) == [["Lenin", "Bolshevik leader"],
                                ["Kerensky", "Head of the Provisional Government"]]
    notes = all_notes(outline)
    assert "Stress how fast it happened." in notes and "renamed twice" in notes
    images = list((project / "outlines" / "revolution-images").iterdir())
    assert len(images) == 1
    with Image.open(images[0]) as image:
        assert image.size == (60, 40)
    petrograd = next(s for s in outline.sections if plain_text(s.title) == "Petrograd")
    assert any(type(b).__name__ == "Image" for b in petrograd.blocks)
    assert not [d for d in diags if "error" in d]


def test_never_overwrites_without_force(project: Path, tmp_path: Path) -> None:
    source = tmp_path / "notes.md"
    source.write_text("# Notes\n\n## One\n\nText.\n", encoding="utf-8")
    assert import_files([str(source)], str(project), "outlines").written
    (project / "outlines" / "notes.md").write_text("mine", encoding="utf-8")
    again = import_files([str(source)], str(project), "outlines")
    assert again.written == [] and "already exists (import with --force" in \
        again.problems[0].message
    assert (project / "outlines" / "notes.md").read_text(encoding="utf-8") == "mine"
    assert import_files([str(source)], str(project), "outlines", force=True).written


def _zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("name, data, message", [
    ("bomb.docx", _zip({"word/document.xml": b"\0" * (80 * 1024 * 1024)}),
     "unpacks to more than 64 MB"),
    ("ratio.pptx", _zip({"ppt/x.xml": b"a" * (5 * 1024 * 1024)}), "zip bomb"),
    ("junk.docx", b"not a zip at all", "not a valid Office file"),
    ("empty.pptx", _zip({"hello.txt": b"hi"}), "cannot read this PowerPoint file"),
    ("notes.txt", b"text", "cannot import '.txt' files"),
    ("bad.md", b"# T\n\xff\xfe\n", "not valid UTF-8 at line 2"),
])
def test_untrusted_files_are_refused_with_a_reason(project: Path, tmp_path: Path, name: str,
                                                   data: bytes, message: str) -> None:
    source = tmp_path / name
    source.write_bytes(data)
    report = import_files([str(source)], str(project), "outlines")
    assert report.written == []
    assert message in report.problems[0].message
    assert list((project / "outlines").iterdir()) == []


def test_into_must_stay_inside_the_project(project: Path, tmp_path: Path) -> None:
    source = tmp_path / "notes.md"
    source.write_text("# Notes\n\nText.\n", encoding="utf-8")
    report = import_files([str(source)], str(project), "../elsewhere")
    assert report.written == [] and "leads outside the project" in report.problems[0].message
    assert not (tmp_path.parent / "elsewhere").exists()

"""The PDF handout, read back as a reader (pdftotext, pypdf, pdffonts, qpdf) sees it."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from studyguide.outline import model as m
from studyguide.outline.dates import parse_date
from studyguide.project.config import Course
from studyguide.render import RenderSettings
from studyguide.render.pdf import render_pdf
from studyguide.theme.model import Theme

S = m.Span
SETTINGS = RenderSettings(course=Course("Stalin's Rise to Power", "Hill School", "Ms A. Teacher"))
CYRILLIC = "«Генеральный секретарь»"
GREEK = "Ιστορία"


def para(*spans: m.Inline, line: int = 1) -> m.Paragraph:
    return m.Paragraph(line, tuple(spans))


def event(line: int, date: str, text: str) -> m.TimelineEvent:
    return m.TimelineEvent(line, parse_date(date), (S(text),))


EVENTS = [
    ("1924-01-21", "Lenin dies"),
    ("15 March 44 BC", "Caesar assassinated"),
    ("1922-04-03", "Stalin becomes General Secretary"),
    ("1926/1927", "United Opposition formed"),
    ("1929", "Trotsky exiled"),
]


def sample(events: list[tuple[str, str]] | None = None, rows: int = 0,
           figure_cell: str = "Commissar of War") -> m.Outline:
    """A small outline with every kind of part."""
    timeline = sorted((event(100 + i, d, t) for i, (d, t) in enumerate(events or EVENTS)),
                      key=lambda e: e.date.sort_key())
    header = tuple((S(h),) for h in ("Name", "Role", "Fate"))
    body = [("Leon Trotsky", figure_cell, "Killed in Mexico, 1940"),
            ("Grigory Zinoviev", "Head of the Comintern", "Shot 1936")]
    body += [(f"Figure {i}", f"Role {i}", "Fate " * (i % 5 + 1)) for i in range(rows)]
    figures = m.Table(200, header, tuple(tuple((S(c),) for c in row) for row in body))
    notes = (para(S("Ask: why would rivals protect Stalin here?")),)
    section = m.Section(50, (S("Burying the Testament"),), (
        para(S("Lenin urged Stalin's removal "), m.Citation("service", 1),
             S(". Literal markup: <b>not bold</b> & &amp; stays.")),
        para(S(f"Cyrillic {CYRILLIC} and Greek {GREEK}.")),
        para(S("Rare: \ua66e."), line=53),
        m.ListBlock(55, (m.ListItem(55, (para(S("Point one")), m.ListBlock(56, (
            m.ListItem(56, (para(S("Sub point")), m.ListBlock(57, (
                m.ListItem(57, (para(S("Sub sub point")),)),)))),)))),)),
    ), notes=notes)
    questions = (
        m.Question(300, 1, (S("Who was Commissar of War?"),),
                   (m.Option(301, (S("Trotsky"),), True), m.Option(302, (S("Kamenev"),), False))),
        m.Question(310, 2, (S("Why did the Testament not end Stalin's career?"),),
                   answer=(para(S("His allies kept it from the Congress.")),)),
    )
    return m.Outline(
        path="outlines/01-test.md", slug="01-test",
        meta=m.Meta("The Triumvirate", "Three against one", "1923–1925", "Year 12"),
        intro=(para(S("Intro text.")),),
        objectives=(m.Objective(20, (S("Explain the alliance."),)),),
        sections=(section,), timeline=tuple(timeline), key_figures=figures,
        glossary=(m.GlossaryEntry(400, "Troika", (S("the alliance of three."),)),
                  m.GlossaryEntry(401, GREEK, (S("Greek for history."),))),
        questions=questions,
        sources=(m.Source("service", (S("Robert Service, "), S("Stalin", italic=True)), 1),
                 m.Source("conquest", (S("Robert Conquest, The Great Terror"),), None)),
        parts=(m.ReservedPart("timeline", 99, "Timeline",
                              notes=(para(S("Timeline teacher note")),)),
               m.ReservedPart("glossary", 399, "Key terms")),
    )


def text_of(data: bytes, tmp_path: Path, name: str = "out.pdf", layout: bool = False) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    if shutil.which("pdftotext"):
        args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
        return subprocess.run(args, check=True, capture_output=True, text=True).stdout
    from pypdf import PdfReader

    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def editions() -> dict[str, object]:
    outline = sample()
    return {e: render_pdf(outline, Theme(), SETTINGS, e) for e in ("student", "teacher")}


def test_every_part_appears(editions: dict, tmp_path: Path) -> None:
    text = squash(text_of(editions["student"].data, tmp_path))
    for needle in ["The Triumvirate", "Three against one", "Intro text.", "Explain the alliance.",
                   "Burying the Testament", "Point one", "Sub point", "Sub sub point",
                   "Leon Trotsky", "Grigory Zinoviev", "Troika", "Key terms",
                   "Who was Commissar of War?", "Why did the Testament not end",
                   "Robert Service", "Further reading", "Robert Conquest"]:
        assert needle in text, needle
    for _, label in EVENTS:
        assert text.count(label) >= 2, label  # on the graphic and in the list


def test_events_appear_in_chronological_order(editions: dict, tmp_path: Path) -> None:
    text = squash(text_of(editions["student"].data, tmp_path))
    chronology = text[text.index("Chronology"):]
    order = ["Caesar assassinated", "Stalin becomes General Secretary", "Lenin dies",
             "United Opposition formed", "Trotsky exiled"]
    positions = [chronology.index(label) for label in order]
    assert positions == sorted(positions)
    graphic = text[text.index("Timeline"):text.index("Chronology")]
    positions = [graphic.index(label) for label in order]
    assert positions == sorted(positions)


def test_answers_and_notes_only_in_the_teacher_edition(editions: dict, tmp_path: Path) -> None:
    student = squash(text_of(editions["student"].data, tmp_path, "s.pdf"))
    teacher = squash(text_of(editions["teacher"].data, tmp_path, "t.pdf"))
    for secret in ["His allies kept it from the Congress.", "Model answer", "Teacher notes",
                   "Ask: why would rivals protect Stalin here?", "Timeline teacher note"]:
        assert secret in teacher, secret
        assert secret not in student, secret


def test_cyrillic_greek_and_literal_markup_extract_exactly(editions: dict,
                                                          tmp_path: Path) -> None:
    text = squash(text_of(editions["student"].data, tmp_path))
    assert CYRILLIC in text
    assert GREEK in text
    assert "<b>not bold</b> & &amp; stays." in text


def test_missing_glyph_is_a_warning_naming_character_and_line(editions: dict) -> None:
    messages = [d.format() for d in editions["student"].diagnostics]
    assert any("'\ua66e' (U+A66E) is missing from the theme's fonts" in msg
               and msg.startswith("outlines/01-test.md:53: warning:") for msg in messages), messages
    assert all(not d.is_error for d in editions["student"].diagnostics)


def test_bookmarks_for_every_section_under_the_title(editions: dict) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(editions["student"].data))
    outline = reader.outline
    assert outline[0].title == "The Triumvirate"
    children = [item.title for item in outline[1]]
    assert children == ["Learning objectives", "Burying the Testament", "Timeline",
                        "Key figures", "Key terms", "Questions", "Sources", "Further reading"]


def test_metadata(editions: dict) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(editions["teacher"].data))
    meta = reader.metadata
    assert meta.title == "The Triumvirate"
    assert meta.author == "Ms A. Teacher"
    assert meta.subject == "Three against one"
    assert str(reader.trailer["/Root"]["/Lang"]) == "en"  # no language given anywhere


def test_language_from_the_outline_else_the_project_file() -> None:
    import dataclasses

    from pypdf import PdfReader

    def lang(outline: m.Outline, settings: RenderSettings) -> str:
        data = render_pdf(outline, Theme(), settings, "student").data
        return str(PdfReader(io.BytesIO(data)).trailer["/Root"]["/Lang"])

    outline = sample()
    course = dataclasses.replace(SETTINGS.course, lang="en-US")
    project = dataclasses.replace(SETTINGS, course=course)
    assert lang(outline, project) == "en-US"
    russian = dataclasses.replace(outline, meta=dataclasses.replace(outline.meta, lang="ru"))
    assert lang(russian, project) == "ru"


def test_author_defaults_to_studyguide() -> None:
    from pypdf import PdfReader

    data = render_pdf(sample(), Theme(), RenderSettings(), "student").data
    assert PdfReader(io.BytesIO(data)).metadata.author == "studyguide"


@pytest.mark.parametrize(("paper", "theme_paper", "size"), [
    (None, "A4", (595, 842)), ("letter", "A4", (612, 792)), ("A4", "letter", (595, 842)),
    (None, "Letter", (612, 792))])
def test_paper_size(paper: str | None, theme_paper: str, size: tuple[int, int]) -> None:
    from pypdf import PdfReader

    theme = dataclasses.replace(Theme(), pdf=dataclasses.replace(Theme().pdf, paper=theme_paper))
    data = render_pdf(sample(), theme, dataclasses.replace(SETTINGS, paper=paper), "student").data
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size


def test_page_x_of_y_in_the_footer(editions: dict, tmp_path: Path) -> None:
    from pypdf import PdfReader

    data = editions["student"].data
    pages = len(PdfReader(io.BytesIO(data)).pages)
    text = squash(text_of(data, tmp_path))
    for page in range(1, pages + 1):
        assert f"Page {page} of {pages}" in text


def test_rendering_twice_gives_identical_bytes() -> None:
    first = render_pdf(sample(), Theme(), SETTINGS, "teacher").data
    second = render_pdf(sample(), Theme(), SETTINGS, "teacher").data
    assert first == second


def test_long_timeline_and_table_continue_across_pages(tmp_path: Path) -> None:
    from pypdf import PdfReader

    events = [(f"{1800 + i // 4}-{i % 12 + 1:02d}", f"Happening{i:03d}") for i in range(120)]
    data = render_pdf(sample(events=events, rows=60), Theme(), SETTINGS, "student").data
    pages = PdfReader(io.BytesIO(data)).pages
    texts = [page.extract_text() for page in pages]
    for i in range(120):
        assert sum(f"Happening{i:03d}" in t for t in texts) == 2, i  # graphic and list
    table_pages = [t for t in texts if re.search(r"Figure \d+", t)]
    assert len(table_pages) >= 2
    for page_text in table_pages:  # the header once at the top of every page, never mid-page
        assert len(re.findall(r"Name\s*Role\s*Fate", page_text)) == 1, page_text[:300]
    graphic_pages = [i for i, t in enumerate(texts)
                     if "Happening000" in t or "Happening119" in t]
    assert len(set(graphic_pages)) >= 2


def test_bookmarks_point_at_the_pages_their_headings_are_on() -> None:
    from pypdf import PdfReader

    events = [(f"{1800 + i // 4}-{i % 12 + 1:02d}", f"Happening{i:03d}") for i in range(120)]
    data = render_pdf(sample(events=events, rows=60), Theme(), SETTINGS, "student").data
    reader = PdfReader(io.BytesIO(data))
    marks = [item for item in reader.outline[1] if not isinstance(item, list)]
    pages = [reader.get_destination_page_number(item) for item in marks]
    assert pages == sorted(pages) and pages[-1] >= 2  # not every mark on page 1
    for item, page in zip(marks, pages):
        text = reader.pages[page].extract_text()
        assert item.title in text, (item.title, page)


@pytest.mark.parametrize("name", ["01-rise-to-general-secretary", "02-triumvirate",
                                  "03-right-opposition", "04-great-terror"])
def test_no_heading_ends_a_page(name: str) -> None:
    from pypdf import PdfReader

    from studyguide.outline.parser import parse_outline
    from studyguide.theme.loader import load_theme

    repo = Path(__file__).resolve().parents[2]
    outline, _ = parse_outline(repo / "outlines" / f"{name}.md", repo)
    theme, _ = load_theme("classic", repo)
    shipped = RenderSettings(course=Course("Stalin's Rise to Power, 1922–1938", "", ""))
    for edition in ("student", "teacher"):
        reader = PdfReader(io.BytesIO(render_pdf(outline, theme, shipped, edition).data))
        marks = [item for item in reader.outline[1] if not isinstance(item, list)]
        for item in marks:
            page = reader.get_destination_page_number(item)
            # the running header and footer both name the course, and are drawn last
            lines = [line for line in reader.pages[page].extract_text().splitlines()
                     if line.strip() and "Stalin's Rise to Power" not in line
                     and not re.search(r"Page \d+ of \d+", line)]
            title = " ".join(item.title.split())
            last = max(i for i, line in enumerate(lines) if title in " ".join(line.split()))
            assert last < len(lines) - 1, (edition, item.title, page + 1)


@pytest.mark.parametrize(("theme_name", "paper"), [("classic", "A4"), ("high-contrast", "letter")])
def test_key_figure_rows_are_never_split_and_headers_never_repeat_mid_page(
        theme_name: str, paper: str) -> None:
    from pypdf import PdfReader

    from studyguide.outline.parser import parse_outline
    from studyguide.theme.loader import load_theme

    repo = Path(__file__).resolve().parents[2]
    outline, _ = parse_outline(repo / "outlines" / "01-rise-to-general-secretary.md", repo)
    theme, _ = load_theme(theme_name, repo)
    settings = RenderSettings(course=Course("Stalin's Rise to Power, 1922–1938", "", ""),
                              paper=paper)
    reader = PdfReader(io.BytesIO(render_pdf(outline, theme, settings, "teacher").data))
    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    pages = [t for t in texts if "Name Role Faction Fate" in t]
    assert pages and all(t.count("Name Role Faction Fate") == 1 for t in pages)
    table = outline.key_figures
    for row in table.rows:
        name, fate = m.plain_text(row[0]), m.plain_text(row[-1])
        assert any(name in t and fate in t for t in pages), name  # the whole row on one page


def test_a_cell_longer_than_a_page_is_cut_short_with_a_warning(tmp_path: Path) -> None:
    huge = "word " * 6000
    rendered = render_pdf(sample(figure_cell=huge), Theme(), SETTINGS, "student")
    assert [d.message for d in rendered.diagnostics if "too long" in d.message] == [
        "a table cell of 30,000 characters is too long for a table (the limit is 1,500); "
        "it is cut short in the handout and the deck"]
    assert "cut short" in squash(text_of(rendered.data, tmp_path))


def word_boxes(data: bytes, tmp_path: Path) -> list[tuple[str, float, float]]:
    """(word, xMax, page width) for every word pdftotext finds."""
    path = tmp_path / "boxes.pdf"
    path.write_bytes(data)
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    boxes, width = [], 0.0
    for line in html.splitlines():
        page = re.search(r'<page width="([\d.]+)"', line)
        if page:
            width = float(page.group(1))
        word = re.search(r'xMax="([\d.]+)".*>(.*)</word>', line)
        if word:
            boxes.append((word.group(2), float(word.group(1)), width))
    return boxes


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext is not installed")
def test_long_word_and_url_wrap_inside_the_page(tmp_path: Path) -> None:
    url = "https://example.org/" + "abcdefghij" * 30
    outline = dataclasses.replace(sample(), intro=(para(S("See "), S(url, href=url)),
                                                   para(S("x" * 400))))
    data = render_pdf(outline, Theme(), SETTINGS, "student").data
    boxes = word_boxes(data, tmp_path)
    margin = Theme().pdf.margin_mm * 72 / 25.4
    assert boxes
    for word, x_max, width in boxes:
        assert x_max <= width - margin + 1, word
    assert "abcdefghij" * 5 in squash(text_of(data, tmp_path)).replace(" ", "")


def test_ink_saver_theme_has_no_fills_and_still_marks_answers(tmp_path: Path) -> None:
    theme = dataclasses.replace(Theme(), pdf=dataclasses.replace(Theme().pdf, filled=False))
    rendered = render_pdf(sample(), theme, SETTINGS, "teacher")
    assert "Model answer" in squash(text_of(rendered.data, tmp_path))


def test_broken_image_is_a_placeholder_and_a_warning(tmp_path: Path) -> None:
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    section = m.Section(60, (S("Pictures"),), (m.Image(61, str(broken), "A map", "The map"),))
    outline = dataclasses.replace(sample(), sections=(section,))
    rendered = render_pdf(outline, Theme(), SETTINGS, "student")
    assert any(d.line == 61 and "broken.png" in d.message for d in rendered.diagnostics)
    assert "Image not available: A map" in squash(text_of(rendered.data, tmp_path))


def test_images_are_scaled_to_fit(tmp_path: Path) -> None:
    from PIL import Image

    big = tmp_path / "big.png"
    Image.new("RGB", (6000, 9000), "white").save(big)
    section = m.Section(60, (S("Pictures"),), (m.Image(61, str(big), "Tall", "A tall one"),))
    rendered = render_pdf(dataclasses.replace(sample(), sections=(section,)), Theme(), SETTINGS,
                          "student")
    assert "A tall one" in text_of(rendered.data, tmp_path)


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="pdffonts is not installed")
def test_all_fonts_are_embedded(editions: dict, tmp_path: Path) -> None:
    path = tmp_path / "t.pdf"
    path.write_bytes(editions["teacher"].data)
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                         text=True).stdout
    rows = out.splitlines()[2:]
    assert rows
    for row in rows:
        assert re.search(r"\byes\s+yes\s+(yes|no)\s+\d+\s+\d+\s*$", row), row  # emb, sub


@pytest.mark.skipif(not shutil.which("qpdf"), reason="qpdf is not installed")
def test_qpdf_check_passes(editions: dict, tmp_path: Path) -> None:
    for edition, rendered in editions.items():
        path = tmp_path / f"{edition}.pdf"
        path.write_bytes(rendered.data)
        result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_hostile_text_never_breaks_the_layout(tmp_path: Path) -> None:
    nasty = '<para><font name="x">&#9999999;</font></para> ]]> <br/> <a href="javascript:x">' \
            "\x00\x07\x1b" + "&" * 20
    section = m.Section(60, (S(nasty),), (para(S(nasty, bold=True), S(nasty, href=nasty)),
                                          m.CodeBlock(62, nasty + "\n\tindented")))
    outline = dataclasses.replace(sample(), sections=(section,),
                                  meta=m.Meta(nasty, nasty, nasty, nasty))
    rendered = render_pdf(outline, Theme(), RenderSettings(course=Course(nasty, nasty, nasty)),
                          "teacher")
    text = squash(text_of(rendered.data, tmp_path))
    assert '<para><font name="x">&#9999999;</font></para>' in text


def test_empty_outline_renders() -> None:
    outline = m.Outline(path="outlines/empty.md", slug="empty", meta=m.Meta("Empty"))
    assert render_pdf(outline, Theme(), RenderSettings(), "teacher").data.startswith(b"%PDF")


HUGE = "word " * 4000


def _huge_cases() -> dict[str, m.Outline]:
    o = sample()
    answer = (para(S(HUGE)),)
    return {
        "glossary definition": dataclasses.replace(
            o, glossary=(m.GlossaryEntry(1, "T", (S(HUGE),)),)),
        "glossary term": dataclasses.replace(o, glossary=(m.GlossaryEntry(1, HUGE, (S("d"),)),)),
        "question": dataclasses.replace(o, questions=(m.Question(
            1, 1, (S(HUGE),), (m.Option(2, (S(HUGE),), True),), answer=answer),)),
        "timeline event": dataclasses.replace(o, timeline=(m.TimelineEvent(
            1, o.timeline[0].date, (S(HUGE),)),)),
        "title": dataclasses.replace(o, meta=m.Meta(HUGE[:2000], HUGE[:2000])),
        "section": dataclasses.replace(o, sections=(m.Section(
            1, (S(HUGE[:3000]),), (m.Quote(1, answer), m.CodeBlock(2, "x\n" * 2000)),
            notes=answer),)),
    }


@pytest.mark.parametrize("case", ["glossary definition", "glossary term", "question",
                                  "timeline event", "title", "section"])
def test_text_longer_than_a_page_never_causes_a_layout_error(case: str) -> None:
    for edition in ("student", "teacher"):
        rendered = render_pdf(_huge_cases()[case], Theme(), SETTINGS, edition)
        assert rendered.data.startswith(b"%PDF")

"""The course pack: pure merging of timelines, figures and glossaries, and the PDF read back."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from studyguide.course.merge import merge_figures, merge_glossary, merge_timeline
from studyguide.outline import model as m
from studyguide.outline.dates import parse_date
from studyguide.project.config import Course
from studyguide.render import RenderSettings
from studyguide.render.pdf import render_course_pack
from studyguide.theme.model import Theme

S = m.Span
SETTINGS = RenderSettings(course=Course("Stalin's Rise", "Hill School", "Ms Teacher"))


def figures(*rows: tuple[str, ...], header: tuple[str, ...] = ("Name", "Role")) -> m.Table:
    return m.Table(1, tuple((S(h),) for h in header),
                   tuple(tuple((S(c),) for c in row) for row in rows))


def outline(title: str, slug: str, events: list[tuple[str, str]] = (),
            people: m.Table | None = None, terms: list[tuple[str, str]] = (),
            questions: tuple[m.Question, ...] = ()) -> m.Outline:
    return m.Outline(
        path=f"outlines/{slug}.md", slug=slug, meta=m.Meta(title),
        sections=(m.Section(5, (S(f"{title} section"),), (m.Paragraph(6, (S("Body."),)),)),),
        timeline=tuple(m.TimelineEvent(10 + i, parse_date(d), (S(t),))
                       for i, (d, t) in enumerate(events)),
        key_figures=people,
        glossary=tuple(m.GlossaryEntry(20 + i, t, (S(d),)) for i, (t, d) in enumerate(terms)),
        questions=questions)


def question(text: str, answer: str) -> m.Question:
    return m.Question(30, 1, (S(text),), (m.Option(31, (S("Right option"),), True),
                                          m.Option(32, (S("Wrong option"),), False)),
                      answer=(m.Paragraph(33, (S(answer),)),))


ONE = outline("Triumvirate", "01-tri", [("1924-01-21", "Lenin dies"), ("1922", "GenSec")],
              figures(("Leon Trotsky", "War commissar"), ("Lev Kamenev", "Moscow chief")),
              [("Troika", "the alliance of three."), ("NEP", "New Economic Policy.")],
              (question("Who led the Red Army?", "Trotsky, until 1925."),))
TWO = outline("Great Terror", "02-terror", [("1936-08", "First show trial"), ("44 BC", "Caesar")],
              figures(("leon  trotsky", "Exile", "1940"), header=("Name", "Role", "Fate")),
              [("troika", "the alliance of three."), ("NEP", "A retreat from War Communism.")],
              (question("Who was Yezhov?", "NKVD chief."),))


def test_merged_timeline_is_sorted_and_tagged() -> None:
    merged = merge_timeline([ONE, TWO])
    assert [m.plain_text(t.event.text) for t in merged] == [
        "Caesar", "GenSec", "Lenin dies", "First show trial"]
    assert [t.topic for t in merged] == ["Great Terror", "Triumvirate", "Triumvirate",
                                         "Great Terror"]


def test_a_figure_in_two_outlines_is_one_entry_listing_both() -> None:
    merged = merge_figures([ONE, TWO])
    names = [f.name_text for f in merged]
    assert names == ["Lev Kamenev", "Leon Trotsky"]  # by surname
    trotsky = merged[1]
    assert [a.topic for a in trotsky.appearances] == ["Triumvirate", "Great Terror"]
    assert [h for h, _ in trotsky.appearances[1].cells] == ["Role", "Fate"]


def test_glossary_merges_identical_definitions_and_lists_different_ones() -> None:
    merged = {t.term: t for t in merge_glossary([ONE, TWO])}
    assert set(merged) == {"Troika", "NEP"}
    assert [d.topics for d in merged["Troika"].definitions] == [("Triumvirate", "Great Terror")]
    assert [d.topics for d in merged["NEP"].definitions] == [("Triumvirate",), ("Great Terror",)]


def test_merging_nothing_is_empty() -> None:
    empty = m.Outline(path="x.md", slug="x", meta=m.Meta("X"))
    assert merge_timeline([empty]) == [] and merge_figures([empty]) == []
    assert merge_glossary([]) == []


def _text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "pack.pdf"
    path.write_bytes(data)
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                             text=True).stdout
    else:
        from pypdf import PdfReader

        out = "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)
    return re.sub(r"\s+", " ", out)


@pytest.fixture(scope="module")
def packs() -> dict[str, bytes]:
    return {e: render_course_pack([ONE, TWO], Theme(), SETTINGS, e).data
            for e in ("student", "teacher")}


def test_pack_contents_lists_each_outline_and_the_back_matter(packs: dict,
                                                              tmp_path: Path) -> None:
    text = _text(packs["student"], tmp_path)
    contents = text[text.index("Contents"):text.index("Triumvirate section")]
    for entry in ["Triumvirate", "Great Terror", "Master timeline", "Who\u2019s who", "Glossary"]:
        assert re.search(re.escape(entry) + r"[ .]*\d+", contents), entry
    assert "Answer key" not in text


def test_pack_contents_numbers_are_the_pages_the_parts_start_on(packs: dict,
                                                                 tmp_path: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(packs["teacher"]))
    starts = {item.title: reader.get_destination_page_number(item) + 1
              for item in reader.outline if not isinstance(item, list)}
    text = _text(packs["teacher"], tmp_path)
    contents = text[text.index("Contents"):text.index("Triumvirate section")]
    listed = ["Triumvirate", "Great Terror", "Master timeline", "Who\u2019s who", "Glossary",
              "Answer key"]
    for entry in listed:
        number = re.search(re.escape(entry) + r"[ .]*(\d+)", contents)
        assert number is not None and int(number[1]) == starts[entry], entry
    assert [starts[e] for e in listed] == sorted(starts[e] for e in listed)
    assert starts["Great Terror"] > starts["Triumvirate"] > 2  # after the cover and contents
    # every entry is a link to its part
    links = [a.get_object() for a in reader.pages[1].get("/Annots", [])]
    assert len([a for a in links if a["/Subtype"] == "/Link"]) == len(listed)


def test_pack_footer_names_the_topic_from_its_first_page(packs: dict, tmp_path: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(packs["student"]))
    first = {item.title: reader.get_destination_page_number(item)
             for item in reader.outline if not isinstance(item, list)}["Great Terror"]
    before, on = (reader.pages[i].extract_text() for i in (first - 1, first))
    assert "Great Terror ·" in on and "Great Terror ·" not in before
    assert "Triumvirate ·" in before


def test_pack_bookmarks_mirror_the_structure(packs: dict) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(packs["teacher"]))
    top = [item.title for item in reader.outline if not isinstance(item, list)]
    assert top == ["Stalin\u2019s Rise", "Contents", "Triumvirate", "Great Terror",
                   "Master timeline", "Who\u2019s who", "Glossary", "Answer key"]
    nested = [item for item in reader.outline if isinstance(item, list)]
    assert [i.title for i in nested[0]] == ["Triumvirate section", "Timeline", "Key figures",
                                            "Glossary", "Questions"]


def test_pack_who_is_who_lists_a_shared_figure_once_with_both_topics(packs: dict,
                                                                    tmp_path: Path) -> None:
    text = _text(packs["student"], tmp_path)
    whos_who = text[text.rindex("Who\u2019s who"):]
    whos_who = whos_who[:whos_who.index("Glossary")]
    assert whos_who.count("Trotsky, Leon") == 1
    # a real table: the outlines' columns, then the topic of each row
    for cell in ["Name", "Role", "Fate", "Topics", "War commissar", "Exile", "1940"]:
        assert cell in whos_who, cell


def test_who_is_who_is_in_surname_order() -> None:
    people = figures(("Joseph Stalin", "a"), ("Alexei Rykov", "b"), ("Felix Dzerzhinsky", "c"),
                     ("Andrei Vyshinsky", "d"), ("Ludwig van Beethoven", "e"),
                     ("Lev Kamenev (Rosenfeld)", "f"))
    names = [f.name_text for f in merge_figures([outline("A", "a", people=people)])]
    assert names == ["Ludwig van Beethoven", "Felix Dzerzhinsky", "Lev Kamenev (Rosenfeld)",
                     "Alexei Rykov", "Joseph Stalin", "Andrei Vyshinsky"]


def test_an_event_two_outlines_share_is_merged_once_naming_both_topics() -> None:
    one = outline("One", "01", [("1923-03-10", "Lenin's third stroke"), ("1924", "Only one")])
    two = outline("Two", "02", [("1923-03-10", "lenin's  third stroke."), ("1923-03-10", "Else")])
    merged = merge_timeline([one, two])
    texts = [m.plain_text(t.event.text) for t in merged]
    assert texts.count("Lenin's third stroke") == 1 and len(merged) == 3
    shared = next(t for t in merged if m.plain_text(t.event.text) == "Lenin's third stroke")
    assert shared.topics == ("One", "Two")


def test_the_shipped_master_timeline_holds_each_shared_event_once() -> None:
    from studyguide.outline.parser import parse_outline

    repo = Path(__file__).resolve().parents[1]
    outlines = [parse_outline(p, repo)[0] for p in sorted((repo / "outlines").glob("*.md"))]
    merged = merge_timeline(outlines)
    keys = [(t.event.date.sort_key(), m.plain_text(t.event.text).casefold()) for t in merged]
    assert len(keys) == len(set(keys))
    shared = {m.plain_text(t.event.text) for t in merged if len(t.topics) > 1}
    assert {"Lenin\u2019s third stroke leaves him unable to speak",
            "Trotsky exiled to Alma-Ata in Kazakhstan"} <= shared


def test_answer_key_only_in_the_teacher_pack(packs: dict, tmp_path: Path) -> None:
    teacher = _text(packs["teacher"], tmp_path)
    key = teacher[teacher.rindex("Answer key"):]
    assert "Trotsky, until 1925." in key and "NKVD chief." in key
    # one answer key: no model answer is printed twice
    assert teacher.count("Trotsky, until 1925.") == 1 and teacher.count("NKVD chief.") == 1
    assert "Right option" in key
    student = _text(packs["student"], tmp_path)
    assert "NKVD chief." not in student


def test_pack_is_deterministic() -> None:
    first = render_course_pack([ONE, TWO], Theme(), SETTINGS, "teacher").data
    assert first == render_course_pack([ONE, TWO], Theme(), SETTINGS, "teacher").data


def test_identical_rows_in_several_outlines_are_listed_once_naming_every_topic() -> None:
    same = figures(("Joseph Stalin", "General Secretary"))
    merged = merge_figures([outline("Triumvirate", "02-t", people=same),
                            outline("Great Terror", "04-g", people=same)])
    assert len(merged) == 1
    assert [a.topic for a in merged[0].appearances] == ["Triumvirate; Great Terror"]


def test_the_cover_names_course_school_teacher_year_and_shows_the_logo(tmp_path: Path) -> None:
    from pypdf import PdfReader
    from test_project import _png

    _png(tmp_path / "crest.png")
    course = Course("Stalin\u2019s Rise", "Hill School", "Ms Teacher", "2026\u201327",
                    str(tmp_path / "crest.png"))
    data = render_course_pack([ONE, TWO], Theme(), RenderSettings(course=course), "student").data
    cover = PdfReader(io.BytesIO(data)).pages[0]
    text = cover.extract_text()
    for line in ["Stalin\u2019s Rise", "Hill School", "Ms Teacher", "2026\u201327"]:
        assert line in text, line
    assert len(cover.images) == 1


def test_a_chapter_opener_does_not_repeat_the_course(packs: dict) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(packs["teacher"]))
    first = {item.title: reader.get_destination_page_number(item)
             for item in reader.outline if not isinstance(item, list)}["Great Terror"]
    opener = reader.pages[first].extract_text()
    # the footer names the course once; no running head, no course line in the title block
    assert opener.count("Stalin") == 1 and "Teacher edition" not in opener


def test_citations_are_numbered_across_the_pack_against_one_source_list() -> None:
    from dataclasses import replace

    from studyguide.course.merge import renumber_citations

    def cited(base: m.Outline, keys: list[str], texts: list[str]) -> m.Outline:
        para = m.Paragraph(6, tuple(m.Citation(k, i + 1) for i, k in enumerate(keys)))
        section = replace(base.sections[0], blocks=(para,))
        return replace(base, sections=(section,),
                       sources=tuple(m.Source(k, (S(t),), i + 1)
                                     for i, (k, t) in enumerate(zip(keys, texts))))

    one = cited(ONE, ["service", "lee"], ["Service, Stalin", "Lee, Stalin"])
    two = cited(TWO, ["lee2", "conquest"], ["Lee, Stalin", "Conquest, Terror"])
    renumbered, sources = renumber_citations([one, two])
    assert [(s.number, m.plain_text(s.text), s.topics) for s in sources] == [
        (1, "Service, Stalin", ("Triumvirate",)),
        (2, "Lee, Stalin", ("Triumvirate", "Great Terror")),
        (3, "Conquest, Terror", ("Great Terror",))]
    numbers = [c.number for c in renumbered[1].sections[0].blocks[0].inlines]
    assert numbers == [2, 3]  # Lee is the pack's 2, whatever the outline called it
    from pypdf import PdfReader

    data = render_course_pack([one, two], Theme(), SETTINGS, "student").data
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert text.count("Lee, Stalin") == 1 and text.count("Conquest, Terror") == 1


def _copied(value: object, numbers: dict[str, int]) -> object:
    """The renumbering as first written: every node of the model copied, a Citation or a
    cited Source given its pack number (the reference the quicker walk must agree with)."""
    from dataclasses import fields, is_dataclass, replace

    if isinstance(value, m.Citation):
        return replace(value, number=numbers.get(value.key, value.number))
    if isinstance(value, m.Source):
        return replace(value, number=numbers.get(value.key)) if value.number else value
    if isinstance(value, tuple):
        return tuple(_copied(item, numbers) for item in value)
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: _copied(getattr(value, f.name), numbers)
                                 for f in fields(value) if f.init})
    return value


def test_renumbering_the_shipped_course_agrees_with_copying_every_node() -> None:
    from studyguide.course import merge
    from studyguide.outline.parser import parse_outline

    root = Path(__file__).resolve().parents[1]
    shipped = [parse_outline(str(path), str(root))[0]
               for path in sorted((root / "outlines").glob("*.md"))]
    renumbered, _ = merge.renumber_citations(shipped)
    moved = 0
    for original, quick in zip(shipped, renumbered):
        cited = [c for c in original.cited_sources]
        numbers = {s.key: n.number for s, n in zip(cited, quick.cited_sources)}
        reference = _copied(original, numbers)
        assert quick == reference and repr(quick) == repr(reference)
        moved += sum(s.number != n.number for s, n in zip(cited, quick.cited_sources))
    assert moved > 0  # later outlines' sources do move: the walk renumbered something

"""The parser: each Markdown construct becomes the expected model values."""

from __future__ import annotations

from pathlib import Path

import pytest

from studyguide.outline.model import (
    Citation,
    CodeBlock,
    Heading,
    Image,
    LineBreak,
    ListBlock,
    Paragraph,
    Quote,
    Rule,
    Span,
    Table,
    plain_text,
)
from studyguide.outline.parser import parse_outline, parse_text

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

FRONT = "---\ntitle: Topic\nsources:\n  s1: A. Author, *A Book* (2000)\n  s2: B. Writer\n---\n"


def parse(tmp_path: Path, body: str, front: str = FRONT):
    """Write an outline into a project at tmp_path and parse it; (outline, diagnostics)."""
    folder = tmp_path / "outlines"
    folder.mkdir(exist_ok=True)
    path = folder / "01-topic.md"
    path.write_text(front + body, encoding="utf-8")
    return parse_outline(path, tmp_path, display_path="outlines/01-topic.md")


def clean(tmp_path: Path, body: str, front: str = FRONT):
    """Parse and insist there were no diagnostics at all."""
    outline, diags = parse(tmp_path, body, front)
    assert [d.format() for d in diags] == []
    assert outline is not None
    return outline


def text(inlines) -> str:
    return plain_text(inlines)


# ---------------------------------------------------------------------------- whole outline

SPEC_EXAMPLE = """\
---
title: The Triumvirate
subtitle: Stalin, Zinoviev and Kamenev against Trotsky
period: 1923–1925
sources:
  service2004: Robert Service, *Stalin: A Biography* (Macmillan, 2004)
---

How three rivals combined to keep Trotsky from Lenin's place.

## Learning objectives
- Explain why Zinoviev and Kamenev allied with Stalin.

## Burying the Testament
- Lenin's notes urged Stalin's removal as General Secretary [@service2004].
  - The Central Committee kept them from the wider party.

::: notes
Ask: why would rivals protect Stalin here?
:::

## Timeline
- 1924-01-21: Lenin dies
- 1923-04: Twelfth Party Congress; the Testament is withheld
- 1925-01: Trotsky removed as Commissar of War

## Key figures
| Name | Role | Fate |
| --- | --- | --- |
| Leon Trotsky | Commissar of War | Exiled 1929; killed in Mexico, 1940 |

## Glossary
- **Troika**: the 1923–25 alliance of Stalin, Zinoviev and Kamenev.

## Questions
1. Who was removed as Commissar of War in January 1925?
   - [x] Trotsky
   - [ ] Kamenev
2. Why did the Testament not end Stalin's career?
   - Answer: His allies kept it from the Congress and he stayed in post.
"""


def test_spec_example_parses_cleanly(tmp_path: Path) -> None:
    outline = clean(tmp_path, SPEC_EXAMPLE, front="")
    assert outline.slug == "01-topic"
    assert outline.path == "outlines/01-topic.md"
    assert outline.meta.title == "The Triumvirate"
    assert outline.meta.subtitle == "Stalin, Zinoviev and Kamenev against Trotsky"
    assert outline.meta.period == "1923–1925"
    assert [text(p.inlines) for p in outline.intro] == [
        "How three rivals combined to keep Trotsky from Lenin's place."]
    assert [(o.line, text(o.inlines)) for o in outline.objectives] == [
        (12, "Explain why Zinoviev and Kamenev allied with Stalin.")]
    (section,) = outline.sections
    assert (section.line, section.title_text) == (14, "Burying the Testament")
    assert text(section.notes[0].inlines) == "Ask: why would rivals protect Stalin here?"
    assert [e.line for e in outline.timeline] == [24, 23, 25]  # sorted by date
    assert [text(e.text) for e in outline.timeline][1] == "Lenin dies"
    assert outline.key_figures is not None
    assert [text(c) for c in outline.key_figures.header] == ["Name", "Role", "Fate"]
    assert outline.key_figures.row_lines == (30,)
    assert [(g.term, text(g.definition)) for g in outline.glossary] == [
        ("Troika", "the 1923–25 alliance of Stalin, Zinoviev and Kamenev.")]
    q1, q2 = outline.questions
    assert (q1.number, q1.line, text(q1.prompt)) == (
        1, 36, "Who was removed as Commissar of War in January 1925?")
    assert [(text(o.text), o.correct) for o in q1.options] == [("Trotsky", True),
                                                               ("Kamenev", False)]
    assert not q2.options and text(q2.answer[0].inlines) == (
        "His allies kept it from the Congress and he stayed in post.")
    assert [s.key for s in outline.sources] == ["service2004"]
    assert text(outline.sources[0].text) == "Robert Service, Stalin: A Biography (Macmillan, 2004)"
    assert [p.kind for p in outline.parts] == ["objectives", "timeline", "key_figures",
                                               "glossary", "questions"]


def test_parse_text_matches_parse_outline(tmp_path: Path) -> None:
    outline, diags = parse_text(SPEC_EXAMPLE, "outlines/02-x.md", str(tmp_path))
    assert diags == [] and outline is not None
    assert outline.slug == "02-x" and len(outline.questions) == 2


def test_bom_and_crlf_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "t.md"
    path.write_bytes(b"\xef\xbb\xbf" + SPEC_EXAMPLE.replace("\n", "\r\n").encode())
    outline, diags = parse_outline(path, tmp_path)
    assert diags == [] and outline is not None
    assert outline.meta.title == "The Triumvirate"
    assert outline.sections[0].line == 14


# ---------------------------------------------------------------------------- inline text


def test_inline_formatting_combines(tmp_path: Path) -> None:
    outline = clean(tmp_path, "**bold *both*** ~~gone~~ `co de` [link](https://x.org/a) "
                              "<https://y.org>\n")
    spans = outline.intro[0].inlines
    assert Span("bold ", bold=True) in spans
    assert Span("both", bold=True, italic=True) in spans
    assert Span("gone", strike=True) in spans
    assert Span("co de", code=True) in spans
    assert Span("link", href="https://x.org/a") in spans
    assert Span("https://y.org", href="https://y.org") in spans


def test_unsafe_link_keeps_text_but_not_href(tmp_path: Path) -> None:
    outline = clean(tmp_path, "[click](javascript:alert(1)) and [rel](other.md)\n")
    assert all(s.href is None for s in outline.intro[0].inlines)
    assert text(outline.intro[0].inlines) == "click and rel"


def test_breaks_entities_and_inline_html(tmp_path: Path) -> None:
    outline = clean(tmp_path, "one\ntwo  \nthree<br>four &amp; &copy; <span>x</span>"
                              "<!-- gone -->\n")
    inlines = outline.intro[0].inlines
    assert inlines[0] == Span("one two")
    assert inlines[1] == LineBreak() and inlines[3] == LineBreak()
    assert text(inlines) == "one two\nthree\nfour & © <span>x</span>"


def test_a_bracketed_span_marks_its_language(tmp_path: Path) -> None:
    outline = clean(tmp_path, "the smychka ([смычка]{lang=ru}), **[тройка]{lang=\"ru\"}** and "
                              "[de-AT]{lang=de-AT} [x]{lang=not_a_tag} [y] {lang=ru}\n")
    inlines = outline.intro[0].inlines
    assert Span("смычка", lang="ru") in inlines
    assert Span("тройка", bold=True, lang="ru") in inlines
    assert Span("de-AT", lang="de-AT") in inlines
    # only the text is shown; what is not a language span stays as written
    assert text(inlines) == ("the smychka (смычка), тройка and de-AT [x]{lang=not_a_tag} "
                             "[y] {lang=ru}")
    assert [s.lang for s in inlines if isinstance(s, Span) and s.lang] == ["ru", "ru", "de-AT"]


def test_a_glossary_term_keeps_its_marked_language(tmp_path: Path) -> None:
    outline = clean(tmp_path, "## Glossary\n- **Smychka ([смычка]{lang=ru})**: the alliance.\n"
                              "- **NEP**: the New Economic Policy.\n")
    marked, plain = outline.glossary
    assert marked.term == "Smychka (смычка)"
    assert Span("смычка", bold=True, lang="ru") in marked.term_inlines
    assert text(marked.term_inlines) == marked.term
    assert plain.term == "NEP" and plain.term_inlines == ()


def test_citations_are_numbered_in_reading_order(tmp_path: Path) -> None:
    body = ("## Timeline\n- 1924: A [@s1]\n\n## Sec\nText [@s2; @s1].\n\n"
            "::: notes\nOnly here [@s3].\n:::\n")
    front = FRONT[:-4] + "  s3: C. Third\n  s4: Never cited\n---\n"
    outline = clean(tmp_path, body, front)
    # The section comes before the timeline in reading order, whatever the file order.
    assert outline.sections[0].blocks[0].inlines[1:3] == (Citation("s2", 1), Citation("s1", 2))
    assert outline.timeline[0].text[1] == Citation("s1", 2)
    assert outline.sections[0].notes[0].inlines[1] == Citation("s3", 3)
    assert [(s.key, s.number) for s in outline.sources] == [("s2", 1), ("s1", 2), ("s3", 3),
                                                            ("s4", None)]
    assert [s.key for s in outline.cited_sources] == ["s2", "s1", "s3"]


def test_escaped_and_code_citations_stay_literal(tmp_path: Path) -> None:
    outline = clean(tmp_path, "\\[@nokey] and `[@nokey]`\n")
    assert text(outline.intro[0].inlines) == "[@nokey] and [@nokey]"
    assert not any(isinstance(i, Citation) for i in outline.intro[0].inlines)


def test_control_characters_are_removed(tmp_path: Path) -> None:
    outline, diags = parse(tmp_path, "a\x00b\x07c\n")
    assert text(outline.intro[0].inlines) == "abc"


# ---------------------------------------------------------------------------- blocks


def test_blocks_map_to_model(tmp_path: Path) -> None:
    body = """\
## Sec
### Sub
#### Deeper

> quote
> > nested

```python
print(1)
```

    indented

<div>html</div>

<!-- a comment a teacher left -->

<!-- one --> <b>shown</b> <!-- two -->

***

1. one
2. two
"""
    blocks = clean(tmp_path, body).sections[0].blocks
    kinds = [type(b) for b in blocks]
    assert kinds == [Heading, Heading, Quote, CodeBlock, CodeBlock, CodeBlock, CodeBlock, Rule,
                     ListBlock]
    assert (blocks[0].level, blocks[0].line, text(blocks[0].inlines)) == (3, 8, "Sub")
    assert blocks[1].level == 4
    assert isinstance(blocks[2].blocks[1], Quote)
    assert (blocks[3].text, blocks[3].language) == ("print(1)", "python")
    assert (blocks[4].text, blocks[4].language) == ("indented", "")
    assert (blocks[5].text, blocks[5].language) == ("<div>html</div>", "html")
    assert blocks[6].text == "<!-- one --> <b>shown</b> <!-- two -->"
    assert blocks[8].ordered and blocks[8].start == 1 and len(blocks[8].items) == 2


def test_setext_headings_behave_like_atx(tmp_path: Path) -> None:
    setext = clean(tmp_path, "Intro.\n\nMy section\n----------\n\nText.\n\nTimeline\n--------\n"
                             "- 1924: x\n")
    atx = clean(tmp_path, "Intro.\n\n## My section\n\nText.\n\n## Timeline\n- 1924: x\n")
    assert [s.title_text for s in setext.sections] == [s.title_text for s in atx.sections]
    assert len(setext.timeline) == len(atx.timeline) == 1


def test_leading_title_heading_is_dropped_other_h1_is_subheading(tmp_path: Path) -> None:
    outline = clean(tmp_path, "# Topic\n\nIntro.\n\n## Sec\n# Part two\nText.\n")
    assert [type(b) for b in outline.intro] == [Paragraph]
    heading = outline.sections[0].blocks[0]
    assert isinstance(heading, Heading) and heading.level == 3
    assert text(heading.inlines) == "Part two"


def test_list_nesting_ordering_and_tasks(tmp_path: Path) -> None:
    outline = clean(tmp_path, "## Sec\n3. three\n4. four\n   - [x] done\n   - [ ] open\n")
    (lst,) = outline.sections[0].blocks
    assert lst.ordered and lst.start == 3
    nested = lst.items[1].blocks[1]
    assert [(i.checked, text(i.blocks[0].inlines)) for i in nested.items] == [
        (True, "done"), (False, "open")]
    assert lst.items[0].checked is None


def test_table_model(tmp_path: Path) -> None:
    outline = clean(tmp_path, "## Sec\n| a | *b* | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n"
                              "| 4 | 5 | 6 |\n")
    (table,) = outline.sections[0].blocks
    assert isinstance(table, Table) and table.line == 8
    assert table.align == ("left", "center", "right")
    assert table.header[1] == (Span("b", italic=True),)
    assert [[text(c) for c in row] for row in table.rows] == [["1", "2", "3"], ["4", "5", "6"]]
    assert table.row_lines == (10, 11)


def test_table_inside_list(tmp_path: Path) -> None:
    outline = clean(tmp_path, "## Sec\n- item\n\n  | a | b |\n  | - | - |\n  | 1 | 2 |\n")
    item = outline.sections[0].blocks[0].items[0]
    assert isinstance(item.blocks[1], Table) and item.blocks[1].row_lines == (12,)


def test_images(tmp_path: Path) -> None:
    (tmp_path / "outlines" / "img").mkdir(parents=True)
    (tmp_path / "outlines" / "img" / "lenin.png").write_bytes(PNG)
    outline = clean(tmp_path, '## Sec\n![Lenin, 1920](img/lenin.png "Lenin in 1920")\n\n'
                              "Text ![inline](img/lenin.png) more.\n")
    first, para, second = outline.sections[0].blocks
    expected = str((tmp_path / "outlines" / "img" / "lenin.png").resolve())
    assert first == Image(8, expected, "Lenin, 1920", "Lenin in 1920")
    assert text(para.inlines) == "Text more."  # one space where the image was
    assert second == Image(10, expected, "inline", None)


def test_notes_anywhere_in_section_and_unknown_container(tmp_path: Path) -> None:
    body = "## Sec\n::: notes\nFirst.\n:::\n\nBody.\n\n::: Notes\nSecond.\n:::\n"
    section = clean(tmp_path, body).sections[0]
    assert [text(b.inlines) for b in section.blocks] == ["Body."]
    assert [text(b.inlines) for b in section.notes] == ["First.", "Second."]


def test_footnotes_go_to_the_end_of_their_section(tmp_path: Path) -> None:
    body = "## Sec\nClaim[^a].\n\n## Other\nMore.\n\n[^a]: The evidence.\n"
    outline = clean(tmp_path, body)
    first, note = outline.sections[0].blocks
    assert text(first.inlines) == "Claim¹."
    assert text(note.inlines) == "¹ The evidence."
    assert len(outline.sections[1].blocks) == 1


# ---------------------------------------------------------------------------- reserved sections


@pytest.mark.parametrize("heading,kind", [
    ("Learning objectives", "objectives"), ("objectives", "objectives"),
    ("  TIMELINE  ", "timeline"), ("Key figures", "key_figures"), ("Key people", "key_figures"),
    ("Who's who", "key_figures"), ("Who’s who", "key_figures"), ("Glossary", "glossary"),
    ("Key terms", "glossary"), ("Questions", "questions"), ("Review questions", "questions"),
])
def test_reserved_heading_aliases(tmp_path: Path, heading: str, kind: str) -> None:
    from studyguide.outline.sections import reserved_kind

    assert reserved_kind(heading) == kind
    assert reserved_kind("Timeline of events") is None


def test_timeline_items_details_and_stable_sort(tmp_path: Path) -> None:
    body = ("## Timeline\nEvents in order.\n\n- 1925: later\n- 1924: first *of two*\n"
            "  - a detail\n- 1924: second of two\n- 21 January 1924: with: colon\n")
    outline = clean(tmp_path, body)
    assert [text(e.text) for e in outline.timeline] == [
        "first of two", "second of two", "with: colon", "later"]
    assert outline.timeline[0].text[1] == Span("of two", italic=True)
    assert isinstance(outline.timeline[0].details[0], ListBlock)
    assert text(outline.part("timeline").intro[0].inlines) == "Events in order."


def test_glossary_bold_optional(tmp_path: Path) -> None:
    outline = clean(tmp_path, "## Key terms\n- **NEP**: New Economic Policy\n- Kulak: a peasant\n"
                              "- **Troika:** three\n")
    assert [(g.term, text(g.definition), g.line) for g in outline.glossary] == [
        ("NEP", "New Economic Policy", 8), ("Kulak", "a peasant", 9), ("Troika", "three", 10)]


def test_questions_options_answers_and_body(tmp_path: Path) -> None:
    body = """\
## Questions
Answer in full sentences.

1. Read the extract.

   > An extract.

   Answer: A model *answer*.
2. Which?
   - [X] This
   - [ ] That
   - a hint
   - **Answer:** because.
"""
    outline = clean(tmp_path, body)
    q1, q2 = outline.questions
    assert isinstance(q1.body[0], Quote)
    assert q1.answer[0].inlines == (Span("A model "), Span("answer", italic=True), Span("."))
    assert [o.correct for o in q2.options] == [True, False]
    assert text(q2.body[0].items[0].blocks[0].inlines) == "a hint"
    assert text(q2.answer[0].inlines) == "because."
    assert text(outline.part("questions").intro[0].inlines) == "Answer in full sentences."


def test_key_figures_first_table_and_intro(tmp_path: Path) -> None:
    outline = clean(tmp_path, "## Who's who\nThe main actors.\n\n| Name | Fate |\n| - | - |\n"
                              "| Kirov | Shot, 1934 |\n")
    assert outline.key_figures.rows[0][0] == (Span("Kirov"),)
    assert outline.part("key_figures").title == "Who's who"
    assert text(outline.part("key_figures").intro[0].inlines) == "The main actors."


def test_reserved_part_notes(tmp_path: Path) -> None:
    outline = clean(tmp_path, "## Glossary\n- A: b\n\n::: notes\nDrill these.\n:::\n")
    assert text(outline.part("glossary").notes[0].inlines) == "Drill these."


def test_answer_on_the_line_under_the_question(tmp_path: Path) -> None:
    body = "## Questions\n1. Why did he fall?\n   **Answer:** He lost the vote.\n2. Next?\n"
    q1, q2 = clean(tmp_path, body).questions
    assert text(q1.prompt) == "Why did he fall?"
    assert q1.answer == (Paragraph(9, (Span("He lost the vote."),)),)
    assert text(q2.prompt) == "Next?" and q2.answer == ()


def test_answer_space_hints_marks_and_lines(tmp_path) -> None:
    """`[n marks]` stays in the prompt and is read; `lines: n` is read and not shown."""
    from studyguide.outline.parser import parse_outline_bytes

    text = ("---\ntitle: T\n---\n\n## Questions\n\n"
            "1. Explain why. [6 marks]\n"
            "2. How far do you agree?\n   - lines: 20\n"
            "3. When?\n\n   lines: many\n")
    outline, problems = parse_outline_bytes(text.encode(), tmp_path / "t.md", tmp_path)
    first, second, third = outline.questions
    assert (first.marks, first.lines) == (6, None)
    assert "[6 marks]" in "".join(s.text for s in first.prompt)
    assert (second.marks, second.lines, second.body) == (None, 20, ())
    assert third.lines is None and third.body == ()
    assert any("'lines:' takes a whole number" in p.message for p in problems)

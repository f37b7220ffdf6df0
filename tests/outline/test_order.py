"""The one reading order (outline/order.py), and citation numbering that follows it."""

from __future__ import annotations

from pathlib import Path

import pytest

from studyguide.outline import order
from studyguide.outline.model import Citation, Outline, plain_text
from studyguide.outline.order import PartKind
from studyguide.outline.parser import parse_text


def parsed(tmp_path: Path, body: str, keys: tuple[str, ...] = ()) -> Outline:
    sources = "".join(f"  {key}: Author {key}\n" for key in keys)
    front = f"---\ntitle: T\n{'sources:' + chr(10) + sources if keys else ''}---\n\n"
    outline, problems = parse_text(front + body, str(tmp_path / "outlines/t.md"), str(tmp_path))
    assert outline is not None, [p.format() for p in problems]
    assert not [p for p in problems if p.severity == "error"], [p.format() for p in problems]
    return outline


def kinds(outline: Outline) -> list[PartKind]:
    return [part.kind for part in order.reading_order(outline)]


def numbers(outline: Outline) -> dict[str, int | None]:
    return {source.key: source.number for source in outline.sources}


# Every reserved section, written in the reverse of reading order.
SCRAMBLED = """\
Intro.

## Questions
1. Why?

## Glossary
- **Term**: meaning

## Key figures
| Name | Role |
| --- | --- |
| A | B |

## Timeline
- 1924: Event

## Second
Text.

## First
Text.

## Learning objectives
- Explain.
"""


def test_reading_order_is_fixed_whatever_the_file_order(tmp_path: Path) -> None:
    outline = parsed(tmp_path, SCRAMBLED, ("s1",))
    assert kinds(outline) == [PartKind.TITLE, PartKind.INTRO, PartKind.OBJECTIVES,
                              PartKind.SECTION, PartKind.SECTION, PartKind.TIMELINE,
                              PartKind.KEY_FIGURES, PartKind.GLOSSARY, PartKind.QUESTIONS,
                              PartKind.SOURCES]
    sections = [p for p in order.reading_order(outline) if isinstance(p, order.SectionPart)]
    # Content sections keep the file's order among themselves, numbered for bookmarks.
    assert [(p.section.title_text, p.index) for p in sections] == [("Second", 0), ("First", 1)]


def test_parts_carry_the_model_nodes(tmp_path: Path) -> None:
    outline = parsed(tmp_path, SCRAMBLED)
    parts = {part.kind: part for part in order.reading_order(outline)}
    assert parts[PartKind.TIMELINE].events == outline.timeline
    assert parts[PartKind.KEY_FIGURES].table is outline.key_figures
    assert parts[PartKind.GLOSSARY].heading == outline.part("glossary")
    assert parts[PartKind.QUESTIONS].questions == outline.questions
    assert parts[PartKind.OBJECTIVES].objectives == outline.objectives


def test_only_what_the_outline_has(tmp_path: Path) -> None:
    outline = parsed(tmp_path, "## Only\nText.\n")
    assert kinds(outline) == [PartKind.TITLE, PartKind.SECTION]


@pytest.mark.parametrize("heading, kind", [("Glossary", PartKind.GLOSSARY),
                                           ("Timeline", PartKind.TIMELINE),
                                           ("Questions", PartKind.QUESTIONS),
                                           ("Learning objectives", PartKind.OBJECTIVES)])
def test_a_reserved_heading_with_only_text_keeps_its_place(tmp_path: Path, heading: str,
                                                           kind: PartKind) -> None:
    outline = parsed(tmp_path, f"## Sec\nText.\n\n## {heading}\nNothing listed yet.\n")
    expected = [PartKind.TITLE, PartKind.SECTION, kind]
    if kind is PartKind.OBJECTIVES:
        expected = [PartKind.TITLE, kind, PartKind.SECTION]  # before the sections, as ever
    assert kinds(outline) == expected
    part = next(p for p in order.reading_order(outline) if p.kind is kind)
    written = part.heading
    assert written is not None and plain_text(written.intro[0].inlines) == "Nothing listed yet."


def test_teacher_only_text_is_separate_from_what_students_read(tmp_path: Path) -> None:
    body = ("## Sec\nShown.\n\n::: notes\nNoted.\n:::\n\n"
            "## Questions\n1. Why?\n   - Answer: Because.\n")
    parts = order.reading_order(parsed(tmp_path, body))
    section, questions = parts[1], parts[2]
    assert section.teacher() == (section.section.notes,)
    assert plain_text(section.teacher()[0][0].inlines) == "Noted."
    answer = questions.questions[0].answer
    assert answer in questions.teacher() and answer not in questions.student()[0]


def test_a_question_is_numbered_prompt_then_body_then_options(tmp_path: Path) -> None:
    # Both outputs show a question's extract before its options; numbering must agree.
    body = ("## Questions\n1. Which [@prompt]?\n\n   > An extract [@extract].\n\n"
            "   - [x] An option [@option]\n   - [ ] Another\n")
    outline = parsed(tmp_path, body, ("option", "extract", "prompt"))
    assert numbers(outline) == {"prompt": 1, "extract": 2, "option": 3}


def test_teacher_notes_are_numbered_after_student_text_in_reading_order(tmp_path: Path) -> None:
    body = ("## Glossary\n- **T**: d [@gl]\n\n::: notes\nGlossary note [@glnote].\n:::\n\n"
            "## Timeline\n- 1924: E [@tl]\n\n::: notes\nTimeline note [@tlnote].\n:::\n\n"
            "## Sec\nText [@sec].\n\n::: notes\nSection note [@secnote].\n:::\n")
    outline = parsed(tmp_path, body, ("glnote", "tlnote", "secnote", "gl", "tl", "sec"))
    # Students read section, timeline, glossary: 1-3 with no gaps. The teacher edition shows
    # the notes in the same order of parts, so their numbers rise through it too.
    assert numbers(outline) == {"sec": 1, "tl": 2, "gl": 3, "secnote": 4, "tlnote": 5,
                                "glnote": 6}
    assert outline.part("glossary").notes[0].inlines[1] == Citation("glnote", 6)

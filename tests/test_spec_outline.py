"""The outline format's contract, clause by clause, as a teacher meets it through the CLI.

Each test writes a small outline, runs `check` or `build`, and reads back what a teacher sees:
the `path:line: severity: message` lines and exit code, the student and teacher PDFs
(pdftotext) and the deck (python-pptx, slide text and speaker notes).
"""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from conftest import deck_text, pdf_text, write_outline

from studyguide.cli import main

SHOWN = "outlines/x.md"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def diagnostics(output: str) -> list[str]:
    """The `path:line: severity: message` lines of a command's output."""
    return [line for line in output.splitlines() if line.startswith(SHOWN + ":")]


def check(project: Path, text: str) -> tuple[int, list[str]]:
    write_outline(project, "x", text=text)
    result = run("check")
    return result.exit_code, diagnostics(result.output)


def build(project: Path, text: str) -> dict[str, object]:
    """Build both editions and the deck; what a reader sees in each."""
    write_outline(project, "x", text=text)
    result = run("build", "--jobs", "1", "--format", "pdf", "--format", "pptx")
    assert result.exit_code == 0, result.output
    slides, notes = deck_text(project / "build" / "x.pptx")
    return {"student": squash(pdf_text(project / "build" / "x.pdf")),
            "teacher": squash(pdf_text(project / "build" / "x.teacher.pdf")),
            "slides": slides, "notes": notes, "output": result.output}


def squash(text: str) -> str:
    """PDF text with runs of spaces (column layout) made single."""
    return re.sub(r"[ \t]+", " ", text)


# ---------------------------------------------------------------------------- diagnostics


def test_every_error_at_once_with_file_line_and_offending_text(project: Path) -> None:
    code, lines = check(project, "---\ntitel: Typo\n---\n\n## Timeline\n- 1922-13-40: a\n"
                                 "- 19x2: b\n\n## Sec\nSee [@nope].\n")
    assert code == 1
    assert lines[0] == f"{SHOWN}:1: error: missing required front-matter key 'title'"
    assert lines[1] == f"{SHOWN}:2: warning: unknown front-matter key 'titel' " \
                       "(did you mean 'title'?)"
    assert lines[2].startswith(f"{SHOWN}:6: error: invalid date '1922-13-40'")
    assert lines[3].startswith(f"{SHOWN}:7: error: invalid date '19x2'")
    assert lines[4] == f"{SHOWN}:10: error: unknown citation key 'nope'"


def test_warnings_alone_exit_zero(project: Path) -> None:
    code, lines = check(project, "---\ntitle: T\naudiance: Y12\n---\nIntro.\n")
    assert code == 0
    assert lines == [f"{SHOWN}:3: warning: unknown front-matter key 'audiance' "
                     "(did you mean 'audience'?)"]


def test_a_key_written_twice_is_a_warning(project: Path) -> None:
    # YAML keeps the later value without a word; the teacher may have meant the first.
    code, lines = check(project, "---\ntitle: First\ntitle: Second\nsources:\n  a: One\n"
                                 "  a: Two\n---\nSee [@a].\n")
    assert code == 0
    assert lines == [
        f"{SHOWN}:3: warning: front-matter key 'title' is given twice (first on line 2); "
        "the later one is used",
        f"{SHOWN}:6: warning: source 'a' is given twice (first on line 5); the later one is used"]


def test_an_empty_source_says_so_plainly(project: Path) -> None:
    code, lines = check(project, '---\ntitle: T\nsources:\n  a: ""\n---\nIntro.\n')
    assert code == 1
    assert lines == [f"{SHOWN}:4: error: source 'a' must be a line of reference text"]


def test_citation_with_a_page_is_reported_wherever_it_is(project: Path) -> None:
    code, lines = check(project, "---\ntitle: T\nsources:\n  a: One\n---\n"
                                 "See [@a, p. 5] and [@a].\n")
    assert code == 0
    assert lines == [f"{SHOWN}:6: warning: '[@a, p. 5]' is not a citation: put the page after "
                     "it, as in [@a], p. 5"]


def test_timeline_events_written_without_a_bullet_are_pointed_out(project: Path) -> None:
    code, lines = check(project, "---\ntitle: T\n---\n\n## Timeline\n1924: Lenin dies\n"
                                 "1925: Trotsky removed\n")
    assert code == 0
    assert lines == [f"{SHOWN}:6: warning: timeline events must be list items "
                     "('- 1924-01-21: event'); this text is shown as it is"]


def test_empty_glossary_definition_and_empty_question_are_warnings(project: Path) -> None:
    code, lines = check(project, "---\ntitle: T\n---\n\n## Glossary\n- **Troika**:\n\n"
                                 "## Questions\n1. Fine?\n2.\n")
    assert code == 0
    assert lines == [f"{SHOWN}:6: warning: glossary entry 'Troika' has no definition",
                     f"{SHOWN}:10: warning: question 2 has no text"]


# ---------------------------------------------------------------------------- outputs

SPEC_PARTS = """\
---
title: Parts
sources:
  a: Source A
  n: Notes-only source
---

Intro text.

## Content
Body text [@a].

::: notes
TEACHER-NOTE [@n]
:::

## Timeline
- 1925-01: LATER-EVENT
- 1923-04: EARLIER-EVENT
  - DETAIL-LINE

## Questions
1. Pick one?
   - [x] RIGHT-OPTION
   - [ ] WRONG-OPTION
2. Explain?
   - Answer: MODEL-ANSWER
"""


def test_notes_answers_and_details_go_where_the_spec_says(project: Path) -> None:
    seen = build(project, SPEC_PARTS)
    student, teacher = seen["student"], seen["teacher"]
    assert "TEACHER-NOTE" not in student and "MODEL-ANSWER" not in student
    assert "TEACHER-NOTE" in teacher and "MODEL-ANSWER" in teacher
    assert "RIGHT-OPTION" in student and "WRONG-OPTION" in student
    assert "DETAIL-LINE" in student  # timeline details: handout only
    assert not any("DETAIL-LINE" in s for s in seen["slides"])
    assert any("TEACHER-NOTE" in n for n in seen["notes"])
    assert not any("TEACHER-NOTE" in s for s in seen["slides"])
    assert any("MODEL-ANSWER" in n for n in seen["notes"])
    # Events sorted by date in every output.
    for text in (student, teacher, "\n".join(seen["slides"])):
        assert text.index("EARLIER-EVENT") < text.index("LATER-EVENT")


def test_key_figures_split_by_a_blank_line_stay_one_table(project: Path) -> None:
    text = ("---\ntitle: T\n---\n\n## Key figures\n| Name | Fate |\n| --- | --- |\n"
            "| FIRST-PERSON | Exiled |\n\n| Name | Fate |\n| --- | --- |\n"
            "| SECOND-PERSON | Shot |\n")
    seen = build(project, text)
    assert diagnostics(str(seen["output"])) == []
    student = str(seen["student"])
    # One table: the header once, the rows in the order written.
    assert student.count("Name Fate") == 1
    assert student.index("FIRST-PERSON") < student.index("SECOND-PERSON")
    deck = "\n".join(seen["slides"])
    assert deck.count("Name") == 1
    assert deck.index("FIRST-PERSON") < deck.index("SECOND-PERSON")


def test_key_figures_with_a_second_different_table_warns(project: Path) -> None:
    code, lines = check(project, "---\ntitle: T\n---\n\n## Key figures\n| Name | Fate |\n"
                                 "| --- | --- |\n| A | B |\n\n| Year | Event |\n| --- | --- |\n"
                                 "| 1924 | C |\n")
    assert code == 0
    assert lines == [f"{SHOWN}:10: warning: 'Key figures' holds one table; this one has other "
                     "columns than the one on line 6 and is shown before it"]


def test_left_out_inline_content_leaves_no_double_spaces(project: Path) -> None:
    (project / "outlines" / "pic.png").write_bytes(
        bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                      "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"))
    text = ("---\ntitle: T\n---\n\n## Sec\nBefore ![alt](pic.png) after.\n\n"
            "Kept <!-- hidden --> words, one <br> two.\n")
    seen = build(project, text)
    deck = "\n".join(seen["slides"])
    assert "Before after." in deck
    assert "Kept words, one\vtwo." in deck  # a <br> is a line break, without spaces round it


def test_a_heading_with_no_text_is_a_warning(project: Path) -> None:
    code, lines = check(project, "---\ntitle: T\n---\n\n## \nText.\n\n##\n")
    assert code == 0
    assert lines == [f"{SHOWN}:5: warning: section heading '##' has no text",
                     f"{SHOWN}:8: warning: section heading '##' has no text"]

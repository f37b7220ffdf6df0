"""Reading other tools' Markdown leniently, and warning clearly (issue 18)."""

from __future__ import annotations

from pathlib import Path

import pytest

from studyguide.outline.model import plain_text
from studyguide.outline.parser import parse_outline


def parse(tmp_path: Path, text: str):
    folder = tmp_path / "outlines"
    folder.mkdir(exist_ok=True)
    (folder / "01-x.md").write_text(text, encoding="utf-8")
    outline, diags = parse_outline(folder / "01-x.md", tmp_path, display_path="outlines/01-x.md")
    assert outline is not None
    return outline, [d.format() for d in diags]


def errors(diags: list[str]) -> list[str]:
    return [d for d in diags if ": error: " in d]


def test_the_first_heading_is_the_title_with_a_warning(tmp_path: Path) -> None:
    outline, diags = parse(tmp_path, "# **Julius Caesar**\n\nIntro.\n\n## Rise\n\nText.\n")
    assert outline.meta.title == "Julius Caesar"
    assert errors(diags) == []
    assert diags == ["outlines/01-x.md:1: warning: no 'title' in the front matter: the heading "
                     "'Julius Caesar' is the title (add 'title: Julius Caesar' to the front "
                     "matter to say so)"]
    assert [plain_text(s.title) for s in outline.sections] == ["Rise"]  # not printed twice


def test_a_title_in_bold_is_not_printed_twice(tmp_path: Path) -> None:
    outline, diags = parse(tmp_path, "---\ntitle: Julius Caesar\n---\n# **Julius Caesar**\n\nI.\n")
    assert diags == [] and [plain_text(b.inlines) for b in outline.intro] == ["I."]


@pytest.mark.parametrize("heading, kind", [
    ("# Timeline", "timeline"), ("### Review Questions", "questions"),
    ("## Key dates", "timeline"), ("## Chronology", "timeline"),
    ("## Vocabulary", "glossary"), ("## Important people", "key_figures"),
    ("## Learning outcomes", "objectives"), ("## Discussion questions", "questions"),
    ("## Key dates:", "timeline"), ("#### Glossary:", "glossary"),
])
def test_reserved_sections_under_common_names_and_levels(tmp_path: Path, heading: str,
                                                         kind: str) -> None:
    body = {"timeline": "- 1924: Lenin dies\n", "questions": "1. Why?\n",
            "glossary": "- **Troika**: three\n", "objectives": "- Explain.\n",
            "key_figures": "| Name | Role |\n| --- | --- |\n| Trotsky | War |\n"}[kind]
    outline, diags = parse(tmp_path, f"---\ntitle: T\n---\n## Start\n\nText.\n\n{heading}\n\n"
                                     f"{body}")
    assert [p.kind for p in outline.parts] == [kind]
    assert errors(diags) == []
    assert len(diags) == 1 and "## " in diags[0] and ":8: warning: " in diags[0]


def test_glossary_as_a_definition_list_and_a_table(tmp_path: Path) -> None:
    outline, diags = parse(tmp_path, "---\ntitle: T\n---\n## Glossary\n\nTroika\n: three rulers\n"
                                     "\n| Term | Definition |\n| --- | --- |\n"
                                     "| NEP | New Economic Policy |\n")
    assert diags == []
    assert [(e.term, plain_text(e.definition)) for e in outline.glossary] == [
        ("Troika", "three rulers"), ("NEP", "New Economic Policy")]


def test_teacher_only_text_never_reaches_the_student_text(tmp_path: Path) -> None:
    outline, diags = parse(tmp_path, "---\ntitle: T\n---\n## One\n\nShown.\n\n"
                                     "<!-- Ask why he crossed. -->\n<!-- _class: lead -->\n\n"
                                     "::: instructor\nFive minutes.\n:::\n\n"
                                     "::: solution\nTo avoid trial.\n:::\n\n"
                                     "???\nMention Pompey.\n\n---\n\nShown again.\n")
    assert errors(diags) == []
    section = outline.sections[0]
    shown = [plain_text(b.inlines) for b in section.blocks if hasattr(b, "inlines")]
    notes = [plain_text(b.inlines) for b in section.notes]
    assert shown == ["Shown.", "Shown again."]
    assert notes == ["Ask why he crossed.", "Five minutes.", "Solution:", "To avoid trial.",
                     "Mention Pompey."]


def test_a_deck_with_no_level_two_headings(tmp_path: Path) -> None:
    outline, diags = parse(tmp_path, "---\ntitle: Caesar\n---\n# Caesar\n\n---\n\n# Rubicon\n\n"
                                     "- 49 BC\n\n---\n\n# Ides\n\n- 44 BC\n")
    assert [plain_text(s.title) for s in outline.sections] == ["Rubicon", "Ides"]
    assert all(type(b).__name__ != "Rule" for s in outline.sections for b in s.blocks)
    assert diags == ["outlines/01-x.md:8: warning: the outline has no '##' headings, so each "
                     "'#' heading opens a section (write '##' for sections)"]


@pytest.mark.parametrize("text, name", [
    ("Energy $E = mc^2$ here", "math"), ("See [[Lenin]]", "wikilink"),
    ("A paragraph\n{: .lead}", "attribute list"), ("{% hint style='info' %}", "template tag"),
    ("\\begin{itemize}", "LaTeX command"),
])
def test_constructs_printed_as_written_are_warned_about(tmp_path: Path, text: str,
                                                        name: str) -> None:
    _, diags = parse(tmp_path, f"---\ntitle: T\n---\n## One\n\n{text}\n")
    assert any(f"warning: {name} '" in d and "is printed as written (" in d for d in diags)


def test_a_line_break_on_its_own_line_is_not_shown_as_code(tmp_path: Path) -> None:
    outline, diags = parse(tmp_path, "---\ntitle: T\n---\n## One\n\nA.\n\n<br>\n\nB.\n")
    assert [type(b).__name__ for b in outline.sections[0].blocks] == ["Paragraph", "Paragraph"]
    assert diags == ["outlines/01-x.md:8: warning: '<br>' on its own line is not shown (leave "
                     "a blank line to start a new paragraph)"]


def test_month_and_day_under_a_dated_heading(tmp_path: Path) -> None:
    outline, diags = parse(tmp_path, "---\ntitle: T\n---\n## Timeline\n\n### 1770\n\n"
                                     "- March 5: Boston Massacre\n\n### 1773\n\n"
                                     "- Dec 16 - Boston Tea Party\n\n### Later\n\n"
                                     "- Sept. 5 - Oct. 26: First Congress\n")
    assert [e.date.display() for e in outline.timeline] == ["5 March 1770", "16 December 1773"]
    assert errors(diags) == ["outlines/01-x.md:16: error: invalid date 'Sept. 5 - Oct. 26': no "
                             "year (write it, e.g. '26 October 1770', or put the item under a "
                             "heading that is a year, such as '### 1770')"]


@pytest.mark.parametrize("item, shown", [
    ("- 1934 - Night of the Long Knives", "1934"), ("- 1492 -> Columbus", "1492"),
    ("- 1861-65: Civil War", "1861–1865"), ("- 1914 - 1918 - War", "1914–1918"),
    ("- 1860s: railways", "1860–1869"), ("- 1492 → Columbus", "1492"),
])
def test_separators_between_date_and_event(tmp_path: Path, item: str, shown: str) -> None:
    outline, diags = parse(tmp_path, f"---\ntitle: T\n---\n## Timeline\n{item}\n")
    assert diags == [] and outline.timeline[0].date.display() == shown


def test_a_common_name_that_does_not_fit_stays_a_content_section(tmp_path: Path) -> None:
    # Outlines that checked clean before keep checking clean: `## People` with prose is not
    # a key-figures table, a second timeline under another name is not a duplicate.
    outline, diags = parse(tmp_path, "---\ntitle: T\n---\n## Timeline\n- 1924: Lenin dies\n\n"
                                     "## Key dates\nProse.\n\n## People\nRivals.\n\n"
                                     "## Vocabulary\n- Dictator\n")
    assert diags == []
    assert [plain_text(s.title) for s in outline.sections] == ["Key dates", "People",
                                                                "Vocabulary"]

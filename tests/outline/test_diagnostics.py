"""Every problem the parser reports: the exact line, severity and message."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from studyguide.diagnostics import Severity
from studyguide.outline.dates import DateError, parse_date
from studyguide.outline.parser import MAX_OUTLINE_BYTES, parse_outline
from studyguide.outline.validate import KNOWN_KEYS

SHOWN = "outlines/01-topic.md"
FRONT = "---\ntitle: Topic\nsources:\n  service2004: R. Service, *Stalin* (2004)\n---\n"
E, W = "error", "warning"


def write(tmp_path: Path, content: str | bytes) -> Path:
    folder = tmp_path / "outlines"
    folder.mkdir(exist_ok=True)
    path = folder / "01-topic.md"
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def diagnose(tmp_path: Path, content: str | bytes) -> list[tuple[int | None, str, str]]:
    """Parse a whole file; its diagnostics as (line, severity, message)."""
    _, diags = parse_outline(write(tmp_path, content), tmp_path, display_path=SHOWN)
    assert all(d.path == SHOWN for d in diags)
    return [(d.line, d.severity.value, d.message) for d in diags]


def body(tmp_path: Path, text: str) -> list[tuple[int | None, str, str]]:
    """Diagnostics for a body below the standard five-line front matter (body starts line 6)."""
    return diagnose(tmp_path, FRONT + text)


def date_message(text: str) -> str:
    """What dates.py says about `text` (the parser reports it unchanged)."""
    with pytest.raises(DateError) as caught:
        parse_date(text)
    return str(caught.value)


# ---------------------------------------------------------------------------- reading the file


def test_empty_file(tmp_path: Path) -> None:
    assert diagnose(tmp_path, "") == [(1, E, "file is empty")]
    assert diagnose(tmp_path, "  \n\t\n") == [(1, E, "file is empty")]


def test_not_utf8(tmp_path: Path) -> None:
    outline, diags = parse_outline(write(tmp_path, b"---\ntitle: x\n---\ncaf\xe9\n"), tmp_path,
                                   display_path=SHOWN)
    assert outline is None
    assert [(d.line, d.message) for d in diags] == [(4, "not valid UTF-8 (byte 0xe9 at line 4)")]


def test_too_big(tmp_path: Path) -> None:
    path = write(tmp_path, "---\ntitle: x\n---\n" + "a" * (MAX_OUTLINE_BYTES + 10))
    outline, diags = parse_outline(path, tmp_path)
    assert outline is None
    assert [d.message for d in diags] == ["outline is 2.1 MB; the limit is 2 MB"]
    assert diags[0].path == str(path)  # no display path: the path as given


def test_unreadable_paths(tmp_path: Path) -> None:
    outline, diags = parse_outline(tmp_path, tmp_path, display_path="outlines")
    assert outline is None and [d.message for d in diags] == ["is a folder, not an outline file"]
    outline, diags = parse_outline(tmp_path / "missing.md", tmp_path)
    assert outline is None
    assert diags[0].message.startswith("cannot read the file: ") and diags[0].is_error
    os.mkfifo(tmp_path / "pipe.md")
    outline, diags = parse_outline(tmp_path / "pipe.md", tmp_path)
    assert outline is None and [d.message for d in diags] == ["is not a regular file"]


# ---------------------------------------------------------------------------- front matter


def test_missing_front_matter(tmp_path: Path) -> None:
    assert diagnose(tmp_path, "Just text.\n") == [
        (1, E, "missing required front-matter key 'title'")]


def test_missing_title(tmp_path: Path) -> None:
    assert diagnose(tmp_path, "---\nsubtitle: x\n---\nText.\n") == [
        (1, E, "missing required front-matter key 'title'")]


@pytest.mark.parametrize("value,kind", [("[a, b]", "a list"), ("{a: b}", "a mapping")])
def test_title_not_text(tmp_path: Path, value: str, kind: str) -> None:
    assert diagnose(tmp_path, f"---\nsubtitle: s\ntitle: {value}\n---\n") == [
        (3, E, f"front-matter key 'title' must be text, not {kind}")]


def test_title_number_or_empty(tmp_path: Path) -> None:
    assert diagnose(tmp_path, "---\ntitle: 1984\n---\n") == []
    assert diagnose(tmp_path, "---\ntitle:\n---\n") == [
        (2, E, "front-matter key 'title' is empty")]


def test_numbers_dates_and_yes_are_kept_as_written(tmp_path: Path) -> None:
    from studyguide.outline.parser import parse_text

    text = ("---\ntitle: 1984\nsubtitle: 1917-10-25\nperiod: 1922.10\naudience: yes\n"
            "---\n## A\nx\n")
    outline, problems = parse_text(text, str(tmp_path / "o.md"), str(tmp_path))
    assert outline is not None and not problems
    meta = outline.meta
    assert (meta.title, meta.subtitle, meta.period, meta.audience) == \
        ("1984", "1917-10-25", "1922.10", "yes")


def test_yaml_syntax_error_line_is_the_files(tmp_path: Path) -> None:
    found = diagnose(tmp_path, "---\ntitle: ok\nsubtitle: [unclosed\nperiod: x\n---\n")
    assert len(found) == 1
    line, severity, message = found[0]
    assert severity == E and message.startswith("front matter is not valid YAML: ")
    assert line in (4, 5)  # PyYAML notices the missing ']' where the next key starts


def test_yaml_error_after_a_colon_in_a_value(tmp_path: Path) -> None:
    assert diagnose(tmp_path, "---\ntitle: Stalin: A Life\nsubtitle: x: y: z\nperiod: [1\n---\n") \
        == [(4, E, "front matter is not valid YAML: expected ',' or ']', but got '<stream end>' "
                   "(while parsing a flow sequence)")]


def test_yaml_tag_is_refused_and_never_run(tmp_path: Path) -> None:
    target = tmp_path / "pwned"
    text = f'---\ntitle: x\nsubtitle: !!python/object/apply:os.system ["touch {target}"]\n---\n'
    assert diagnose(tmp_path, text) == [
        (3, E, "YAML tags are not allowed ('!!python/object/apply:os.system')")]
    assert not target.exists()


def test_yaml_aliases_are_refused(tmp_path: Path) -> None:
    text = ('---\ntitle: x\na: &a ["lol", "lol"]\nb: &b [*a, *a, *a, *a]\n'
            'c: [*b, *b, *b, *b]\n---\n')
    assert diagnose(tmp_path, text) == [
        (3, E, "YAML anchors and aliases (&name, *name) are not allowed")]


def test_unclosed_front_matter(tmp_path: Path) -> None:
    assert diagnose(tmp_path, "---\ntitle: x\n\n## Sec\nText.\n") == [
        (1, E, "front matter is never closed (add a line '---' after it)")]


def test_front_matter_not_a_mapping(tmp_path: Path) -> None:
    assert diagnose(tmp_path, "---\n- title\n- x\n---\n") == [
        (2, E, "front matter must be 'key: value' lines (such as 'title: My topic')")]


def test_unknown_key_is_a_warning_with_hint(tmp_path: Path) -> None:
    assert diagnose(tmp_path, "---\ntitle: x\n\ntitel: y\nzzz: 1\n---\n") == [
        (4, W, "unknown front-matter key 'titel' (did you mean 'title'?)"),
        (5, W, "unknown front-matter key 'zzz'"),
    ]
    assert "title" in KNOWN_KEYS and "sources" in KNOWN_KEYS


def test_sources_must_map_text_to_text(tmp_path: Path) -> None:
    assert diagnose(tmp_path, "---\ntitle: x\nsources:\n  - a\n---\n") == [
        (3, E, "'sources' must be 'key: reference text' lines, indented under 'sources:'")]
    assert diagnose(tmp_path, "---\ntitle: x\nsources:\n  a: ok\n  b: [1, 2]\n  c:\n---\n") == [
        (5, E, "source 'b' must be a line of reference text, not a list"),
        (6, E, "source 'c' must be a line of reference text"),
    ]


def test_source_text_with_colons_and_leading_emphasis_loads(tmp_path: Path) -> None:
    text = ("---\ntitle: x\nsources:\n  a: Service, *Stalin: A Biography* (2004)\n"
            "  b: *The Great Terror*, Conquest\n---\nSee [@a] and [@b].\n")
    outline, diags = parse_outline(write(tmp_path, text), tmp_path)
    assert diags == []
    assert [s.key for s in outline.cited_sources] == ["a", "b"]


# ---------------------------------------------------------------------------- body


def test_invalid_date(tmp_path: Path) -> None:
    assert body(tmp_path, "## Timeline\n- 1924: fine\n- 1922-13-40: bad\n- 19x2: bad\n") == [
        (8, E, "invalid date '1922-13-40': month 13 does not exist"),
        (9, E, date_message("19x2"))]
    assert date_message("19x2").startswith("invalid date '19x2': ")


def test_backwards_range(tmp_path: Path) -> None:
    assert body(tmp_path, "## Timeline\n- 1930/1920: odd\n") == [
        (7, E, "invalid date '1930/1920': the range ends before it starts")]


def test_timeline_item_without_date(tmp_path: Path) -> None:
    assert body(tmp_path, "## Timeline\n- Lenin dies\n") == [
        (7, E, "timeline item has no date (write '- 1924-01-21: event')")]


def test_unknown_citation_everywhere(tmp_path: Path) -> None:
    text = ("Intro [@servce2004].\n\n## Timeline\n- 1924: x [@servce2004]\n\n"
            "## Key figures\n| Name | Ref |\n| - | - |\n| A | [@nope] |\n\n"
            "## Glossary\n- T: d [@servce2004]\n\n## Questions\n1. Q [@servce2004]?\n\n"
            "::: notes\nN [@servce2004]\n:::\n")
    hint = "unknown citation key 'servce2004' (did you mean 'service2004'?)"
    assert body(tmp_path, text) == [
        (6, E, hint), (9, E, hint), (14, E, "unknown citation key 'nope'"), (17, E, hint),
        (20, E, hint), (23, E, hint)]


def test_citation_line_inside_a_long_paragraph(tmp_path: Path) -> None:
    assert body(tmp_path, "one\ntwo\nthree [@x]\n") == [(8, E, "unknown citation key 'x'")]


def test_ragged_table_rows(tmp_path: Path) -> None:
    text = ("## Sec\n| a | b | c | d |\n| - | - | - | - |\n| 1 | 2 | 3 |\n| 1 | 2 | 3 | 4 |\n"
            "1 | 2 | 3 | 4 | 5\n| 1 \\| x | 2 | 3 | 4 |\n")
    assert body(tmp_path, text) == [
        (9, E, "table row has 3 cells but the header has 4"),
        (11, E, "table row has 5 cells but the header has 4")]


def test_ragged_row_with_pipe_in_code_gets_a_hint(tmp_path: Path) -> None:
    assert body(tmp_path, "## Sec\n| a | b |\n| - | - |\n| `x|y` | z |\n") == [
        (9, E, "table row has 3 cells but the header has 2 (write \\| for a '|' inside a cell)")]


def test_ragged_row_in_quote(tmp_path: Path) -> None:
    assert body(tmp_path, "## Sec\n> | a | b |\n> | - | - |\n> | 1 |\n") == [
        (9, E, "table row has 1 cell but the header has 2")]


def test_key_figures_must_be_a_table(tmp_path: Path) -> None:
    assert body(tmp_path, "## Key figures\n- Trotsky: Commissar of War\n") == [
        (6, E, "'Key figures' must be a table (| Name | Role | ... |)")]


def test_image_problems(tmp_path: Path) -> None:
    (tmp_path / "outlines").mkdir()
    (tmp_path / "outlines" / "fake.png").write_text("not an image")
    (tmp_path / "outside.png").write_bytes(b"GIF89a")
    os.symlink(tmp_path.parent, tmp_path / "outlines" / "up")
    text = ("![a](img/lenin.png)\n\n![b](../../etc/passwd)\n\n![c](https://x.org/a.png)\n\n"
            "![d](fake.png)\n\n![e](/etc/hosts)\n\n![f](up/x.png)\n\n![g](../outside.png)\n\n"
            "![h](data:image/png;base64,AAAA)\n\n![i](file:///etc/passwd)\n\n![j](//host/a.png)\n")
    assert body(tmp_path, text) == [
        (6, E, "image not found: 'img/lenin.png'"),
        (8, E, "image path leaves the project folder: '../../etc/passwd'"),
        (10, E, "remote images are not supported: 'https://x.org/a.png' (download it into the "
                "project)"),
        (12, E, "not a PNG, JPEG or GIF image: 'fake.png'"),
        (14, E, "image path leaves the project folder: '/etc/hosts'"),
        (16, E, "image path leaves the project folder: 'up/x.png'"),
        (20, E, "remote images are not supported: 'data:image/png;base64,AAAA' (download it "
                "into the project)"),
        (22, E, "remote images are not supported: 'file:///etc/passwd' (download it into the "
                "project)"),
        (24, E, "remote images are not supported: '//host/a.png' (download it into the project)"),
    ]


def test_unclosed_notes(tmp_path: Path) -> None:
    assert body(tmp_path, "## Sec\nText.\n\n::: notes\nForgot to close.\n\n## Next\nMore.\n") == [
        (9, E, "'::: notes' is never closed (add a line ':::')")]


def test_unknown_container_is_a_warning(tmp_path: Path) -> None:
    assert body(tmp_path, "## Sec\n::: warning\nCareful.\n:::\n") == [
        (7, W, "unknown block '::: warning' shown as ordinary text")]


def test_multiple_choice_without_correct_option(tmp_path: Path) -> None:
    assert body(tmp_path, "## Questions\n1. Who?\n   - [ ] A\n   - [ ] B\n2. Open?\n") == [
        (7, W, "multiple-choice question has no correct option (mark one with [x])")]


def test_duplicate_reserved_section(tmp_path: Path) -> None:
    assert body(tmp_path, "## Timeline\n- 1924: a\n\n## Sec\nx\n\n## timeline\n- 1925: b\n") == [
        (12, E, "duplicate 'timeline' section (first on line 6)")]


def test_glossary_item_needs_colon(tmp_path: Path) -> None:
    assert body(tmp_path, "## Glossary\n- Troika: ok\n- NEP — New Economic Policy\n") == [
        (8, E, "glossary item needs 'Term: definition'")]


def test_control_character_warned_once(tmp_path: Path) -> None:
    assert body(tmp_path, "ok\nbad\x00 here\nand\x01 here\n") == [
        (7, W, "control character U+0000 removed")]


def test_deep_lists_warned_once_per_list(tmp_path: Path) -> None:
    text = "## Sec\n- 1\n  - 2\n    - 3\n      - 4\n        - 5\n\n- 3\n"
    assert body(tmp_path, text) == [(7, W, "lists nest deeper than 3 levels; slides show 3")]


def test_content_nested_beyond_markdown_its_limit(tmp_path: Path) -> None:
    found = body(tmp_path, "## Sec\n" + ">" * 100 + " deep\n")
    assert found == [(7, W, "content nested more than 20 levels deep (lists, quotes) is not shown")]


def test_empty_section_and_orphan_notes(tmp_path: Path) -> None:
    assert body(tmp_path, "::: notes\nNowhere.\n:::\n\n## Empty\n\n## Glossary\n") == [
        (7, W, "speaker notes before the first '##' heading are not shown (move them into a "
               "section)"),
        (10, W, "section 'Empty' is empty"),
        (12, W, "section 'Glossary' is empty"),
    ]


def test_citation_lookalike_is_a_warning(tmp_path: Path) -> None:
    assert body(tmp_path, "As argued [@service2004, p. 4].\n") == [
        (6, W, "'[@service2004, p. 4]' is not a citation: put the page after it, as in "
               "[@service2004], p. 4")]
    assert body(tmp_path, "As argued [@ service2004].\n") == [
        (6, W, "'[@' here is not a citation (write [@key], or [@a; @b] for two)")]


def test_citation_lookalike_before_a_citation_is_a_warning_too(tmp_path: Path) -> None:
    # Found anywhere in the text, not only after the last real citation.
    assert body(tmp_path, "See [@service2004, p. 4] and [@service2004].\n") == [
        (6, W, "'[@service2004, p. 4]' is not a citation: put the page after it, as in "
               "[@service2004], p. 4")]


def test_image_in_table_cell_is_a_warning(tmp_path: Path) -> None:
    assert body(tmp_path, "## Sec\n| a |\n| - |\n| ![pic](x.png) |\n") == [
        (9, W, "an image here cannot be shown (put it on a line of its own); showing its alt "
               "text")]


def test_extra_paragraphs_under_glossary_entry(tmp_path: Path) -> None:
    assert body(tmp_path, "## Glossary\n- A: b\n\n  More about A.\n") == [
        (9, W, "only the first paragraph of a glossary entry is shown")]


def test_all_problems_reported_at_once_sorted_by_line(tmp_path: Path) -> None:
    text = ("---\ntitle: x\ntitel: y\n---\n## Timeline\n- 19x2: a\n\n## Sec\n[@nope]\n\n"
            "## Key figures\nnone\n")
    found = diagnose(tmp_path, text)
    assert [line for line, _, _ in found] == [3, 6, 9, 11]
    assert [severity for _, severity, _ in found] == [W, E, E, E]


def test_outline_returned_despite_errors(tmp_path: Path) -> None:
    outline, diags = parse_outline(write(tmp_path, "---\ntitle: x\n---\n## Sec\n[@nope]\n"),
                                   tmp_path)
    assert outline is not None and outline.sections[0].title_text == "Sec"
    assert any(d.severity is Severity.ERROR for d in diags)

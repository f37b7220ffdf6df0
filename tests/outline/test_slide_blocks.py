"""`::: slide` blocks: one slide each, kept apart from the section's own blocks."""

from __future__ import annotations

from studyguide.outline import model as m
from studyguide.outline.parser import parse_text

HEAD = "---\ntitle: T\n---\n"


def parse(body: str):
    outline, problems = parse_text(HEAD + body, "outlines/t.md", "/nonexistent-root")
    assert outline is not None, problems
    return outline, [p.format() for p in problems]


def test_each_slide_block_is_kept_with_its_section_and_out_of_its_blocks():
    outline, problems = parse("\n## A\n\nProse.\n\n::: slide\n### One\n- x\n:::\n\n"
                              "::: slide\n- y\n:::\n\n## B\n\nMore.\n")
    assert problems == []
    first, second = outline.sections
    assert [type(b) for b in first.blocks] == [m.Paragraph]
    assert [[type(b) for b in slide] for slide in first.slides] == [
        [m.Heading, m.ListBlock], [m.ListBlock]]
    assert second.slides == ()


def test_misplaced_or_empty_slide_blocks_are_warnings():
    _, problems = parse("::: slide\n- x\n:::\n\n## Glossary\n- **A**: b\n\n::: slide\n- y\n:::\n\n"
                        "## S\n\n::: slide\n:::\n\nText.\n")
    assert problems == [
        "outlines/t.md:5: warning: '::: slide' before the first '##' heading is not shown "
        "(move it into a section)",
        "outlines/t.md:8: warning: '::: slide' in 'Glossary' is not shown: only content "
        "sections take slide blocks",
        "outlines/t.md:17: warning: '::: slide' is empty; no slide is made for it",
    ]


def test_an_unclosed_slide_block_is_an_error():
    outline, problems = parse_text(HEAD + "\n## A\n\n::: slide\n- x\n", "outlines/t.md", "/x")
    assert any("'::: slide' is never closed" in p.format() for p in problems)

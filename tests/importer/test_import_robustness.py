"""Importing never crashes: any text is organised into an outline the parser reads."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from studyguide.importer.markdown import read_markdown
from studyguide.importer.organise import organise
from studyguide.outline.parser import parse_text

PIECES = ["# T", "## A", "### 1770", "#### Key dates:", "- ", "1. ", "March 5: x", "1914 - y",
          "| Name | Role |", "| --- | --- |", "| a | b |", "???", "---", "::: solution",
          ":::", "<!-- note here -->", "[[link]]", "{: .x}", "{% tag %}", "```", "Term",
          ": def", "Why?", "\n", "\n\n", "   ", "1861-65: war", "<br>", "layout: center"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_any_markdown_imports_into_a_readable_outline(pieces: list[str]) -> None:
    text, _ = organise(read_markdown("".join(pieces)), "notes")
    outline, diags = parse_text(text, "outlines/notes.md", "/nonexistent-project")
    assert outline is not None
    assert all(d.path == "outlines/notes.md" and d.line for d in diags)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_any_text_imports(text: str) -> None:
    organised, _ = organise(read_markdown(text), "notes")
    assert organised.startswith("---\ntitle: ")

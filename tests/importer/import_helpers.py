"""Importing into a temporary project, then checking the result the way a teacher would."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from studyguide.cli import main
from studyguide.importer.run import Report, import_files
from studyguide.outline.model import Outline, plain_text
from studyguide.outline.parser import parse_outline


def imported(project: Path, source: Path) -> tuple[Outline, Report, list[str]]:
    """Import `source` into project/outlines; (outline, report, `check` diagnostics)."""
    report = import_files([str(source)], str(project), "outlines")
    assert report.written, [d.format() for d in report.problems]
    outline_path = project / report.written[0]
    outline, diags = parse_outline(outline_path, project, display_path=report.written[0])
    assert outline is not None
    result = CliRunner().invoke(main, ["check", report.written[0]])
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output or "no problems" in result.output, result.output
    return outline, report, [d.format() for d in diags]


def events(outline: Outline) -> list[tuple[str, str]]:
    return [(e.date.display(), plain_text(e.text)) for e in outline.timeline]


def figures(outline: Outline) -> list[list[str]]:
    assert outline.key_figures is not None
    return [[plain_text(c) for c in row] for row in outline.key_figures.rows]


def terms(outline: Outline) -> list[str]:
    return [e.term for e in outline.glossary]


def all_notes(outline: Outline) -> str:
    texts = []
    for holder in [*outline.sections, *outline.parts]:
        for block in holder.notes:
            if hasattr(block, "inlines"):
                texts.append(plain_text(block.inlines))
            for item in getattr(block, "items", ()):
                texts.extend(plain_text(b.inlines) for b in item.blocks if hasattr(b, "inlines"))
    return "\n".join(texts)

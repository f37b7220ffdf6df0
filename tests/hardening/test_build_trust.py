"""Builds that a project folder's contents must not break: outlines edited mid-build, output
names that collide, a read-only output folder, file names a terminal or JSON cannot take."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import pdf_text, write_outline
from studyguide.cli import main
from studyguide.diagnostics import error, printable


def _build(*args: str):
    return CliRunner().invoke(main, ["build", "--jobs", "1", *args])


def test_a_diagnostic_is_one_line_whatever_the_path_and_message_hold() -> None:
    d = error("outlines/x\nforged.md", 3, "bad \x1b[31mred\x1b[0m \u202etxt.exe\udce9")
    assert d.format() == ("outlines/x\\nforged.md:3: error: bad \\x1b[31mred\\x1b[0m "
                          "\\u202etxt.exe\\udce9")
    assert printable("Café, 東京, tab\there") == "Café, 東京, tab\\there"


def test_a_file_name_that_is_not_utf8_builds_and_is_cached(project: Path) -> None:
    name = os.fsdecode(b"caf\xe9")
    write_outline(project, name)
    first = _build()
    assert first.exit_code == 0 and "internal error" not in first.output, first.output
    assert (project / "build" / f"{name}.pdf").is_file()
    again = _build()
    assert again.exit_code == 0
    assert "nothing to do" in again.output, again.output  # the cache was saved and read back


def test_an_outline_whose_output_name_is_taken_is_not_built(project: Path) -> None:
    write_outline(project, "x", title="First Outline")
    write_outline(project, "x.teacher", title="Second Outline")
    result = _build("--format", "pdf")
    assert result.exit_code == 1
    assert ("outlines/x.teacher.md:1: error: its output x.teacher.pdf would overwrite the one "
            "outlines/x.md makes") in result.output
    teacher = pdf_text(project / "build" / "x.teacher.pdf")
    assert "First Outline" in teacher and "Second Outline" not in teacher
    assert not (project / "build" / "x.teacher.teacher.pdf").exists()
    assert not (project / "build" / "course-pack.pdf").exists()  # it would leave one out

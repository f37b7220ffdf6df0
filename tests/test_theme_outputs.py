"""Themes reach the outputs: a project theme's colour is in the deck and the PDF, and every
shipped outline builds in every built-in theme."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import deck_text, pdf_text, write_outline

from studyguide.cli import main

MINE = """\
name = "Hill School"
description = "Classic in the school's green"
extends = "classic"

[colors]
primary = "#0B6E4F"
accent = "#F2C14E"
"""


def test_a_project_theme_colour_reaches_the_deck_and_the_pdf(project: Path) -> None:
    write_outline(project, "01-a", title="Topic A")
    (project / "themes" / "hill").mkdir(parents=True)
    (project / "themes" / "hill" / "theme.toml").write_text(MINE, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--theme", "hill", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(project / "build" / "01-a.pptx") as deck:
        xml = "".join(deck.read(n).decode("utf-8") for n in deck.namelist()
                      if n.startswith("ppt/slides/slide"))
    assert 'val="0B6E4F"' in xml
    # reportlab writes fill/stroke colours as fractions: 0x0B/255, 0x6E/255, 0x4F/255
    import re

    content = (project / "build" / "01-a.pdf").read_bytes()
    from pypdf import PdfReader

    streams = b"".join(page.get_contents().get_data() for page in
                       PdfReader(str(project / "build" / "01-a.pdf")).pages)
    rgb = " ".join(f"{c / 255:.6g}".rstrip("0") for c in (0x0B, 0x6E, 0x4F))
    found = re.findall(rb"([0-9.]+) ([0-9.]+) ([0-9.]+) (?:rg|RG)", streams)
    colours = {tuple(round(float(x), 3) for x in m) for m in found}
    assert (round(0x0B / 255, 3), round(0x6E / 255, 3), round(0x4F / 255, 3)) in colours, rgb
    assert content.startswith(b"%PDF")


@pytest.mark.parametrize("theme", ["classic", "high-contrast", "ink-saver"])
def test_every_shipped_outline_builds_in_every_built_in_theme(shipped_project: Path,
                                                              theme: str) -> None:
    result = CliRunner().invoke(main, ["build", "--theme", theme, "--jobs", "2",
                                       "--edition", "student"])
    assert result.exit_code == 0, result.output
    build = shipped_project / "build"
    for outline in sorted((shipped_project / "outlines").glob("*.md")):
        title = next(line for line in outline.read_text(encoding="utf-8").splitlines()
                     if line.startswith("title:")).split(":", 1)[1].strip().strip('"')
        assert title.split()[0] in pdf_text(build / f"{outline.stem}.pdf")
        slides, _ = deck_text(build / f"{outline.stem}.pptx")
        assert title.split()[0] in slides[0]

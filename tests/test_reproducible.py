"""The same project gives the same bytes wherever its folder is (copied, renamed, moved)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from studyguide.cli import main

OUTLINE = """---
title: Maps of the Union
period: 1922-1924
---

# Introduction

The republics joined in 1922.

![The fifteen republics, in the introduction](map.png)

Drawn again, smaller, beside a list:

- The treaty of 1922.
  ![The same map, in a list](map.png)
- The constitution of 1924.

![A copy of the same picture under another name](copy.png)
"""


def _project(folder: Path) -> Path:
    """A project with images drawn three times (two file names, one picture) and a logo on
    the pack cover."""
    (folder / "outlines").mkdir(parents=True)
    picture = Image.new("RGBA", (120, 80), (200, 30, 30, 255))
    picture.putpixel((3, 3), (0, 0, 0, 0))  # a transparent pixel: the image has a soft mask
    picture.save(folder / "outlines" / "map.png")
    shutil.copy(folder / "outlines" / "map.png", folder / "outlines" / "copy.png")
    Image.new("RGB", (60, 60), (20, 40, 160)).save(folder / "logo.png")
    (folder / "outlines" / "01-maps.md").write_text(OUTLINE, encoding="utf-8")
    (folder / "studyguide.toml").write_text('[course]\ntitle = "Maps"\nlogo = "logo.png"\n'
                                            '[build]\nformats = ["pdf"]\n', encoding="utf-8")
    return folder


def _build(folder: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(main, ["build", "--jobs", "1"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return {p.name: p.read_bytes() for p in sorted((folder / "build").glob("*.pdf"))}


def test_pdfs_with_images_are_the_same_bytes_in_another_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    here = _build(_project(tmp_path / "a"), monkeypatch)
    there = _build(_project(tmp_path / "elsewhere" / "a copy of the course"), monkeypatch)
    assert set(here) == {"01-maps.pdf", "01-maps.teacher.pdf", "course-pack.pdf",
                         "course-pack.teacher.pdf"}
    assert [name for name in here if here[name] != there[name]] == []
    for name in here:  # no output carries the folder it was built in
        assert b"elsewhere" not in there[name] and str(tmp_path).encode() not in here[name]


def test_one_picture_under_two_names_is_stored_once(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    built = _build(_project(tmp_path), monkeypatch)
    listed = subprocess.run(["pdfimages", "-list", str(tmp_path / "build" / "01-maps.pdf")],
                            check=True, capture_output=True, text=True).stdout.splitlines()[2:]
    drawn = [line.split() for line in listed if line.split()[2] == "image"]
    assert len(drawn) == 3  # the picture is drawn three times ...
    assert {row[10] for row in drawn} == {drawn[0][10]}  # ... from one image object
    assert built["01-maps.pdf"].count(b"/SMask") == 1  # with one soft mask

"""What `check` asks a teacher for so the handouts are accessible: alt text (an error in an
accessible build), headings that do not skip a level, a well-formed language tag."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from click.testing import CliRunner

from studyguide.cli import main

OUTLINE = """---
title: Alt test
lang: {lang}
---

## One

![{alt}](dot.png)

#### Deep

Text.
"""


def png(path: Path) -> None:
    """A one-pixel PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def make(project: Path, alt: str = "", lang: str = "ru", toml: str = "") -> None:
    (project / "outlines" / "a.md").write_text(OUTLINE.format(alt=alt, lang=lang),
                                               encoding="utf-8")
    png(project / "outlines" / "dot.png")
    # always a project file: without one, studyguide looks for it in the folders above
    (project / "studyguide.toml").write_text(toml, encoding="utf-8")


def test_missing_alt_text_is_a_warning_and_a_skipped_heading_level_too(project: Path) -> None:
    make(project)
    result = run("check")
    assert result.exit_code == 0
    assert "outlines/a.md:8: warning: image has no alt text" in result.stderr
    assert "outlines/a.md:10: warning: heading level skips from ## to ####; use ###" \
        in result.stderr


def test_missing_alt_text_is_an_error_in_an_accessible_build(project: Path) -> None:
    make(project)
    flagged = run("check", "--accessible")
    assert flagged.exit_code == 1
    assert "outlines/a.md:8: error: image has no alt text" in flagged.stderr
    make(project, toml="[build]\naccessible = true\n")
    result = run("build", "--format", "pdf", "--jobs", "1")
    assert result.exit_code == 1
    assert "outlines/a.md:8: error: image has no alt text" in result.stderr
    assert not (project / "build" / "a.pdf").exists()


def test_alt_text_given_is_the_figure_description(project: Path) -> None:
    import pikepdf

    make(project, alt="A green dot", lang="ru")
    result = run("build", "--format", "pdf", "--jobs", "1", "--accessible")
    assert result.exit_code == 0, result.output
    with pikepdf.open(project / "build" / "a.pdf") as pdf:
        assert str(pdf.Root.Lang) == "ru"
        alts = [str(o.get("/Alt")) for o in pdf.objects
                if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/Figure"]
    assert alts == ["A green dot"]


def test_a_language_that_is_not_a_tag_is_a_warning(project: Path) -> None:
    make(project, alt="A dot", lang="Russian please",
         toml='[course]\nlang = "english!"\n')
    result = run("check")
    assert "outlines/a.md:3: warning: front-matter key 'lang' is not a language tag" \
        in result.stderr
    assert "studyguide.toml:2: warning: course.lang is not a language tag" in result.stderr

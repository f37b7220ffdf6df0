"""Real notes written by others (tests/importer/corpus/SOURCES.md): `import` then `build`
succeeds, and every word of the source is in the teacher handout (pdftotext)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests_corpus_words import source_words

from studyguide.cli import main

CORPUS = Path(__file__).parent / "corpus"
FILES = sorted(p.name for p in CORPUS.iterdir() if p.suffix == ".md" and p.name != "SOURCES.md")


def test_every_file_has_its_licence_and_source() -> None:
    sources = (CORPUS / "SOURCES.md").read_text(encoding="utf-8")
    for name in FILES:
        row = next(line for line in sources.splitlines() if line.startswith(f"| `{name}`"))
        assert "https://" in row and "CC BY" in row


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
@pytest.mark.parametrize("name", FILES)
def test_import_then_build_keeps_every_word(project: Path, name: str) -> None:
    import subprocess

    runner = CliRunner()
    result = runner.invoke(main, ["import", str(CORPUS / name)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["build", "--format", "pdf", "--edition", "teacher"])
    assert result.exit_code == 0, result.output
    pdf = next((project / "build").glob("*.teacher.pdf"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    shown = set(re.findall(r"[^\W\d_]+", text.replace("-\n", "")))
    # A long code span may be broken inside a word at the line's end (`a` / `ctions`).
    joined = text.replace("\n", "")
    missing = sorted(word for word in source_words((CORPUS / name).read_text(encoding="utf-8"))
                     if word not in shown and word not in joined)
    assert missing == []

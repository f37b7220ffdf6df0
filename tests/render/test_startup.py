"""What a renderer's start-up loads: no networking code, whatever the libraries import, and
no image library for an outline without images."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import REPO

NETWORKING = {"urllib.request", "http", "email", "ssl", "socket"}


def _one_outline_project(root: Path) -> Path:
    (root / "outlines").mkdir(parents=True)
    shutil.copy(REPO / "outlines" / "04-great-terror.md", root / "outlines")
    shutil.copy(REPO / "studyguide.toml", root / "studyguide.toml")
    return root


def test_a_build_imports_no_networking_modules(tmp_path: Path) -> None:
    project = _one_outline_project(tmp_path / "course")
    # --jobs 1: a worker pool is multiprocessing, which imports socket for its own pipes
    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "studyguide", "build",
                          "--jobs", "1"], cwd=project, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    modules = {line.split("|")[-1].strip() for line in out.stderr.splitlines() if "|" in line}
    assert {"reportlab", "pptx"} <= modules  # both renderers ran in this process
    # urllib itself is in every process (pathlib imports urllib.parse); its request module is not
    assert not {m for m in modules if m in NETWORKING or m.split(".")[0] in NETWORKING}
    assert "PIL.Image" not in modules  # no images in this outline: reportlab's import deferred
    assert sorted(p.name for p in (project / "build").glob("04-*")) == [
        "04-great-terror.pdf", "04-great-terror.pptx", "04-great-terror.teacher.pdf"]


URI_PATTERN_LEFT = """
import sys
from studyguide.cli import main
try:
    main(["build", "--jobs", "1", "--format", "pdf"])
except SystemExit as done:
    assert done.code == 0, done.code
from reportlab.platypus import paragraph
assert paragraph.uri_pat._real is None  # never compiled: no URI was hyphenated
pairs = paragraph._uri_split_pairs("https://example.org/a/b")
assert pairs[0] == ("https://example.org/a/", "b"), pairs
assert type(paragraph.uri_pat._real).__name__ == "Pattern"
from reportlab.lib import textsplit
assert textsplit.rx._real is None  # the CJK pattern only reportlab's cjkwrap uses
assert textsplit.rx.sub(r"[\\1]", "a\u4e2db") == "a[\u4e2d]b"
print("ok")
"""


def test_reportlabs_uri_pattern_is_compiled_only_when_used(tmp_path: Path) -> None:
    project = _one_outline_project(tmp_path / "course")
    out = subprocess.run([sys.executable, "-c", URI_PATTERN_LEFT], cwd=project,
                         capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip().endswith("ok"), out.stdout + out.stderr


def test_a_pattern_compiled_later_is_the_same_pattern() -> None:
    import re

    from studyguide.render.common.imports import _costly, _LazyPattern

    assert _costly("[a-z\xa1-\uffff]+", re.I) and _costly("[a-z\xa1-\uffff]+", 0)
    assert _costly("([\u2e80-\uffff])", re.UNICODE)  # reportlab.lib.textsplit's
    assert not _costly("[a-z]+", re.I) and not _costly(b"[a-z]+", re.I)
    assert not _costly("^[A-Za-z\xc0-\xd6\u0410-\u044f\u1e00-\u1eff]", 0)  # small ranges
    lazy = _LazyPattern(re.compile, "[a-z\xa1-\uffff]+", re.I)
    assert lazy._real is None
    assert lazy.match("ÉtÉ!").group(0) == "ÉtÉ" and lazy.flags & re.I
    assert lazy._real is re.compile("[a-z\xa1-\uffff]+", re.I)

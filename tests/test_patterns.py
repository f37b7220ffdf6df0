"""Regular expressions compiled ahead (studyguide/patterns.py): each shipped entry makes the
Pattern a fresh compile makes, and the console script's builds use them."""

from __future__ import annotations

import marshal
import re
import shutil
import subprocess
import sys
from pathlib import Path

import _sre
import pytest
from conftest import REPO

from studyguide import patterns

needs_table = pytest.mark.skipif(not patterns.SHIPPED.is_file(),
                                 reason="no compiled patterns ship for this Python")


def _same(a: re.Pattern, b: re.Pattern) -> bool:
    # Pattern equality compares the pattern, the flags and the engine code
    return a == b and a.groups == b.groups and dict(a.groupindex) == dict(b.groupindex)


@needs_table
def test_every_shipped_entry_is_what_compiling_makes() -> None:
    from re import _compiler

    table = marshal.loads(patterns.SHIPPED.read_bytes())
    assert len(table) > 200
    for (pattern, flags), entry in table.items():
        assert _same(_sre.compile(pattern, *entry), _compiler.compile(pattern, flags)), pattern


@pytest.mark.parametrize("pattern, flags", [
    (r"(?P<year>\d{4})-(?P<m>\d\d)?|x", 0), ("[^\x09\x0a\u00a0-\ud7ff]", 0),
    (r"(?i)straße\b", 0), (rb"\x00+(?=a)", 0), (r"(a)(?:b)(?P<c>c)\1", re.I | re.M),
    (r"é+", re.ASCII), (r"(?x) a  b # comment", 0)])
def test_an_entry_compiles_to_the_same_pattern(pattern: str | bytes, flags: int) -> None:
    from re import _compiler

    entry = patterns.compiled_entry(pattern, flags)
    assert marshal.loads(marshal.dumps(entry)) == entry  # plain data
    assert _same(_sre.compile(pattern, *entry), _compiler.compile(pattern, flags))


def test_a_table_answers_its_patterns_and_compiles_the_rest(tmp_path: Path) -> None:
    from re import _compiler

    compiled = []

    def spy(p, flags=0):
        compiled.append(p)
        return _compiler.compile(p, flags)

    table = {("a+b", 0): patterns.compiled_entry("a+b", 0)}
    lookup = patterns._from_table(spy, table)
    assert lookup("a+b", 0).fullmatch("aab") and compiled == []
    assert lookup("a+c", 0).fullmatch("ac") and compiled == ["a+c"]
    assert not patterns.use_shipped(tmp_path / "missing.marshal")
    (tmp_path / "broken.marshal").write_bytes(b"\x00not marshal")
    assert not patterns.use_shipped(tmp_path / "broken.marshal")


COUNT = """
import atexit, marshal, sys
from re import _compiler
from studyguide import patterns
real, misses = _compiler.compile, []
def compiled_here(p, flags=0):
    misses.append(p)
    return real(p, flags)
table = marshal.loads(patterns.SHIPPED.read_bytes())
_compiler.compile = patterns._from_table(compiled_here, table)  # run() finds it installed
atexit.register(lambda: print(len(misses), flush=True))
sys.argv = ["studyguide", "build", "outlines/04-great-terror.md", "--format", "pdf",
            "--edition", "student"]
from studyguide.cli import run
run()
"""


@needs_table
def test_a_cold_console_edition_compiles_almost_nothing_itself(tmp_path: Path) -> None:
    project = tmp_path / "course"
    (project / "outlines").mkdir(parents=True)
    shutil.copy(REPO / "outlines" / "04-great-terror.md", project / "outlines")
    shutil.copy(REPO / "studyguide.toml", project / "studyguide.toml")
    done = subprocess.run([sys.executable, "-c", COUNT], cwd=project, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    # the misses: patterns only the shipped file's own runs did not meet (few, if any)
    assert int(done.stdout.strip().splitlines()[-1]) < 10
    assert (project / "build" / "04-great-terror.pdf").stat().st_size > 10_000

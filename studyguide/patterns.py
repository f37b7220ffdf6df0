"""Regular expressions compiled ahead: a cold process loads their compiled form instead.

Python compiles every pattern from its text (re._compiler: parse, then generate the regex
engine's code) the first time a process uses it, and the libraries a build imports compile
theirs as they load: 254 patterns, 183 million instructions of a cold handout's 2,085 million
(9 %). What compiling makes is plain data: final flags, a list of integer codes, the group
count and names, which _sre.compile() turns into the Pattern. For the patterns a shipped
project's builds and checks compile, SHIPPED holds that data, one file per exact CPython
version and regex engine (sre MAGIC), so a different Python simply finds no file.

The console script (cli.run) calls use_shipped() first: re._compiler.compile then looks a
pattern up by (text, flags) and hands a hit to _sre.compile, which validates the code as it
always does; a miss (a pattern not in the file, a new one, DEBUG) is compiled as before. A
hit makes a Pattern equal to a fresh compile (tests/test_patterns.py compares every entry).
The file is package data, trusted as the package's code is.

    python -m studyguide.patterns   # rewrite SHIPPED for this Python

records what builds and checks of the shipped project compile (every format, edition and
built-in theme) and writes the file; a pattern added later is compiled as before until then.
"""

from __future__ import annotations

import marshal
import os
import sys
from pathlib import Path
from typing import Any

Entry = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]


def _tag() -> str:
    import _sre

    version = ".".join(map(str, sys.version_info[:3]))
    return (f"{sys.implementation.name}-{version}-sre{_sre.MAGIC}-{_sre.CODESIZE}"
            f"-{sys.maxunicode:x}")


SHIPPED = Path(__file__).parent / "compiled" / f"{_tag()}.marshal"


def use_shipped(path: Path = SHIPPED) -> bool:
    """Compile the patterns in the shipped file from their stored code (once; False when
    there is no file for this Python)."""
    from re import _compiler  # type: ignore[attr-defined]  # typeshed has no re._compiler

    if getattr(_compiler.compile, "__shipped__", False):
        return True
    try:
        table = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return False
    if not isinstance(table, dict):
        return False
    _compiler.compile = _from_table(_compiler.compile, table)
    return True


def _from_table(compile_: Any, table: dict) -> Any:
    import _sre

    def compile(p: Any, flags: int = 0) -> Any:  # noqa: A001 - re._compiler.compile's name
        entry = table.get((p, flags)) if type(p) in (str, bytes) else None
        if entry is None:
            return compile_(p, flags)
        return _sre.compile(p, *entry)

    compile.__shipped__ = True  # type: ignore[attr-defined]
    return compile


def compiled_entry(pattern: str | bytes, flags: int) -> Entry:
    """What re._compiler.compile hands _sre.compile for `pattern`, as plain data."""
    from re import _compiler, _parser  # type: ignore[attr-defined]  # typeshed: private modules

    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]  # named constants are ints
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex,
            tuple(indexgroup))


def record(path: str) -> None:
    """Write every pattern this process compiles from now on to `path` as it exits."""
    import atexit
    import re
    from re import _compiler  # type: ignore[attr-defined]  # typeshed has no re._compiler

    table: dict[tuple[str | bytes, int], Entry] = {}
    compile_ = _compiler.compile

    def compile(p: Any, flags: int = 0) -> Any:  # noqa: A001
        if type(p) in (str, bytes) and not flags & re.DEBUG:
            table[(p, int(flags))] = compiled_entry(p, int(flags))
        return compile_(p, flags)

    _compiler.compile = compile
    atexit.register(lambda: Path(path).write_bytes(marshal.dumps(table)))


RECORD = ("import sys; from studyguide import patterns; patterns.record(sys.argv.pop(1)); "
          "from studyguide.cli import run; run()")


def _write_shipped() -> None:
    """Record the shipped project's builds and checks in fresh processes; write SHIPPED."""
    import shutil
    import subprocess
    import tempfile

    repo = Path(__file__).parent.parent
    table: dict = {}
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch, "course")
        project.mkdir()
        shutil.copytree(repo / "outlines", project / "outlines")
        shutil.copy(repo / "studyguide.toml", project)
        runs = [["check"]]
        for theme in ("classic", "high-contrast", "ink-saver"):
            runs += [["build", "--force", "--theme", theme, "--jobs", "1"],
                     ["build", "outlines/04-great-terror.md", "--format", "pdf", "--edition",
                      "student", "--theme", theme, "--out", f"one-{theme}"]]
        for i, args in enumerate(runs):
            out = os.path.join(scratch, f"{i}.marshal")
            subprocess.run([sys.executable, "-c", RECORD, out, *args], cwd=project, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            table.update(marshal.loads(Path(out).read_bytes()))
    SHIPPED.parent.mkdir(exist_ok=True)
    SHIPPED.write_bytes(marshal.dumps(dict(sorted(table.items(), key=repr))))
    print(f"{len(table)} patterns -> {SHIPPED}")


if __name__ == "__main__":
    _write_shipped()

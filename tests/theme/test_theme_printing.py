"""User text printed to a terminal: no control or bidi character reaches it raw."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from studyguide.cli import main
from studyguide.diagnostics import printable


@pytest.mark.parametrize("text, shown", [
    ("plain text, accents é, Hebrew שלום, a no-break\u00a0space", None),
    ("zero\u200dwidth joiner and\u200cnon-joiner stay", None),
    ("\x1b]0;owned\x07title", "\\x1b]0;owned\\x07title"),
    ("\x1b[2J\x1b[31mred", "\\x1b[2J\\x1b[31mred"),
    ("abc\u202edcba", "abc\\u202edcba"),
    ("isolate\u2067x\u2069", "isolate\\u2067x\\u2069"),
    ("forged\noutlines/x.md:1: error: fake", "forged\\noutlines/x.md:1: error: fake"),
    ("carriage\rreturn, C1 \x9b, DEL \x7f", "carriage\\rreturn, C1 \\x9b, DEL \\x7f"),
    ("line\u2028separator", "line\\u2028separator"),
])
def test_printable_escapes_only_what_drives_a_terminal(text: str, shown: str | None) -> None:
    assert printable(text) == (text if shown is None else shown)


def test_themes_prints_descriptions_and_names_escaped(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "studyguide.toml").write_text("")
    for folder, description in (("evil", "Nice\\u001b[2J\\u001b]0;owned\\u0007 theme\\u202e"),
                                ("odd\x1b[1mname", "fine")):
        (tmp_path / "themes" / folder).mkdir(parents=True)
        (tmp_path / "themes" / folder / "theme.toml").write_text(
            f'description = "{description}"\n')
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["themes"])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\u202e" not in result.output
    lines = result.output.splitlines()
    assert any(line.startswith("evil ") and "Nice\\x1b[2J\\x1b]0;owned\\x07 theme\\u202e"
               in line for line in lines), lines
    assert any(line.startswith("odd\\x1b[1mname  fine") for line in lines), lines

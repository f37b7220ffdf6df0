"""Front-matter values YAML reads as numbers or dates: checked, within budget, at their lines."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from studyguide.outline.frontmatter import MAX_NUMBER_CHARS, _quote_values
from studyguide.outline.parser import parse_text


def _parse(tmp_path: Path, front: str):
    return parse_text(f"---\ntitle: T\n{front}\n---\n## S\nx\n", "outlines/x.md", str(tmp_path))


def _errors(diags) -> list[tuple[int | None, str]]:
    return [(d.line, d.message) for d in diags if d.is_error]


@pytest.mark.parametrize("value", ["2024-02-30", "2023-02-29", "2024-13-01",
                                   "2024-01-01 25:00:00", "2024-01-01 12:61:00"])
def test_a_date_that_does_not_exist_is_an_error_at_its_line(tmp_path: Path, value: str) -> None:
    _, diags = _parse(tmp_path, f"subtitle: x\nperiod: {value}")
    assert _errors(diags) == [(4, f"front-matter value '{value}' is not a real date or time; "
                                  "put it in quotes to keep it as text")]


@pytest.mark.parametrize("value", ["2024-02-29", "1924-01-21", "2024-01-01 23:59:59", "1:30",
                                   "1" * MAX_NUMBER_CHARS, "3.25", "0x1F"])
def test_real_dates_and_numbers_are_taken_as_written(tmp_path: Path, value: str) -> None:
    outline, diags = _parse(tmp_path, f"period: {value}")
    assert _errors(diags) == []
    assert outline.meta.period == value


@pytest.mark.parametrize("value", [".inf", "-.inf", ".NaN", "1.0e+999"])
def test_a_number_that_is_not_finite_is_an_error(tmp_path: Path, value: str) -> None:
    _, diags = _parse(tmp_path, f"sources:\n  k: {value}")
    assert _errors(diags) == [(4, f"front-matter value '{value}' is not a finite number; "
                                  "put it in quotes to keep it as text")]


@pytest.mark.parametrize("value", ["1" * (MAX_NUMBER_CHARS + 1), "1" + ":1" * 600_000,
                                   "0x" + "f" * 5000, "1." + "0" * 5000])
def test_a_number_over_budget_is_refused_quickly(tmp_path: Path, value: str) -> None:
    started = time.perf_counter()
    _, diags = _parse(tmp_path, f"period: {value}")
    assert time.perf_counter() - started < 5
    assert _errors(diags) == [(3, f"front-matter value of {len(value):,} characters reads as "
                                  f"a number; the limit is {MAX_NUMBER_CHARS} (put it in quotes "
                                  "to keep it as text)")]


@pytest.mark.parametrize("value", ["0x_", "0b_", "-0x__"])
def test_a_number_int_cannot_read_is_an_error(tmp_path: Path, value: str) -> None:
    _, diags = _parse(tmp_path, f"period: {value}")
    assert _errors(diags) == [(3, f"front-matter value '{value}' is not a number YAML can "
                                  "read; put it in quotes to keep it as text")]


@given(st.text(alphabet=st.sampled_from(list("0123456789_:.-+xobeEinfINFaT Z")), min_size=1,
               max_size=25))
def test_no_plain_value_raises(value: str) -> None:
    _, diags = parse_text(f"---\ntitle: T\nsources:\n  k: {value}\n---\n## S\nx\n",
                          "outlines/x.md", "/nonexistent")
    assert all(d.line is not None for d in diags)


def test_a_quoted_number_is_text_up_to_the_front_matter_text_limit(tmp_path: Path) -> None:
    outline, diags = _parse(tmp_path, f"period: '{'1' * 1500}'")
    assert _errors(diags) == [] and outline.meta.period == "1" * 1500


def test_every_bad_value_is_reported_and_the_rest_of_the_file_is_read(tmp_path: Path) -> None:
    outline, diags = _parse(tmp_path, "period: 2024-02-30\nsources:\n  a: .nan\n  b: [1, .inf]")
    assert [line for line, _ in _errors(diags)] == [3, 5, 6]
    assert outline is not None and outline.sections[0].title[0].text == "S"


def test_the_quoting_retry_is_linear_in_a_run_of_spaces() -> None:
    line = "subtitle: Service" + " " * 1_000_000 + "Stalin: A Biography   "
    started = time.perf_counter()
    quoted = _quote_values(line)
    assert time.perf_counter() - started < 2
    assert quoted == "subtitle: 'Service" + " " * 1_000_000 + "Stalin: A Biography'"
    assert yaml.safe_load(quoted)["subtitle"].endswith("Stalin: A Biography")


@pytest.mark.parametrize("line, quoted", [
    ("author: *Stalin*, Service", "author: '*Stalin*, Service'"),
    ("author: Service, *Stalin*", "author: Service, *Stalin*"),
    ("k: it's: x  ", "k: 'it''s: x'"),
    ("k: a: b", "k: 'a: b'"),
    ("k: plain", "k: plain"),
    ("k: 'a: b'", "k: 'a: b'"),
    ("- k: a: b", "- k: a: b"),
    ("k:   ", "k:   "),
])
def test_quoting_retry_quotes_only_what_yaml_would_misread(line: str, quoted: str) -> None:
    assert _quote_values(line) == quoted


# The regex the quoting retry used before it was made linear: the same answers on short lines.
_OLD = re.compile(r"^(\s*[^\s#'\"\-][^:]*?:[ \t]+)([^'\"|>\[{!\s].*?)\s*$")


def _old_quote(line: str) -> str:
    match = _OLD.match(line)
    value = match.group(2) if match else ""
    if match and (": " in value or value.endswith(":") or value[0] in "*&@%`"):
        return match.group(1) + "'" + value.replace("'", "''") + "'"
    return line


@given(st.text(alphabet=st.sampled_from(list("ab :#'\"-*&|>[{!\t\r\x0b")), max_size=30))
def test_quoting_retry_agrees_with_the_old_regex(line: str) -> None:
    assert _quote_values(line) == _old_quote(line)



def test_the_loaders_non_printable_pattern_finds_what_yamls_finds() -> None:
    """frontmatter._Loader's NON_PRINTABLE names the characters yaml.reader's excludes: the
    same matches over every code point, and the same error for one in the front matter."""
    from studyguide.outline.frontmatter import _Loader

    every = "".join(map(chr, range(0x110000)))
    yamls = re.compile(yaml.reader.Reader.NON_PRINTABLE.pattern)
    assert ([m.start() for m in _Loader.NON_PRINTABLE.finditer(every)]
            == [m.start() for m in yamls.finditer(every)])
    for text in ("title: a\x07b\n", "title: \ufffe\n", "a: \x85ok\n", "t: \U0001f600\n"):
        found = []
        for loader in (yaml.SafeLoader, _Loader):
            try:
                found.append(list(yaml.parse(text, Loader=loader))[-1].__class__.__name__)
            except yaml.YAMLError as exc:
                found.append(str(exc))
        assert found[0] == found[1], text


YAML_PATTERN_LEFT = """
from studyguide.outline.parser import parse_text
outline, diags = parse_text("---\\ntitle: T\\nsubtitle: \\u00e9t\\u00e9\\n---\\n## S\\nx\\n",
                            "outlines/x.md", ".")
import yaml.reader
assert outline.meta.subtitle == "\\u00e9t\\u00e9" and not diags, diags
assert yaml.reader.Reader.NON_PRINTABLE._real is None  # yaml's own, never compiled
print("ok")
"""


def test_yamls_non_printable_pattern_is_never_compiled_by_a_parse(tmp_path: Path) -> None:
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", YAML_PATTERN_LEFT], cwd=tmp_path,
                         capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stdout + out.stderr

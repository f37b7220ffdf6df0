"""The YAML front matter: finding it, and loading it as plain data without running anything.

YAML can build arbitrary Python objects (`!!python/object/apply:os.system`) and expand a few
lines into gigabytes through aliases ("billion laughs"). A teacher's front matter needs neither,
so before loading, the event stream is scanned and any tag, anchor or alias is refused with a
diagnostic; only then does yaml.SafeLoader build the value. Deep nesting is refused too, since
PyYAML's composer recurses once per level.

Plain values that YAML reads as numbers or dates are built by a checked loader: a number has a
size budget (YAML 1.1's base-60 `1:2:3:...` costs quadratic time to build, and Python refuses
to convert an integer of more than 4,300 digits), and a date or time that does not exist
(`2024-02-30`, `25:61:00` in a timestamp), or a number that is infinite or not a number, is an
error at its line, asking for quotes, instead of an exception that would stop the whole build.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from studyguide.startup import compile_patterns_later

# yaml.reader compiles NON_PRINTABLE as it loads: a negated class over all of Unicode, 3.9 ms
# to compile; _Loader has an equivalent one that takes 0.2 ms, so yaml's is left uncompiled
compile_patterns_later("yaml")
import yaml  # noqa: E402 - after the line above, which must come first

from studyguide.outline.context import ParseContext  # noqa: E402

MAX_YAML_DEPTH = 50
MAX_NUMBER_CHARS = 100  # a plain value YAML reads as a number, as written
_FIRST_LINE = 2  # the front matter's first line of YAML is line 2 of the file


@dataclass
class FrontMatter:
    """The loaded front matter, and the file lines of its keys."""

    data: Any = None
    key_lines: dict[str, int] = field(default_factory=dict)
    source_lines: dict[str, int] = field(default_factory=dict)  # each key under `sources`
    # The text as written of each top-level plain value: `period: 1924` is the text "1924",
    # not the number YAML reads.
    written: dict[str, str] = field(default_factory=dict)
    # Keys written twice, as (message, line); YAML silently keeps the later value.
    repeats: list[tuple[str, int]] = field(default_factory=list)
    found: bool = False  # False when the file has no front matter at all
    ok: bool = True  # False when the front matter could not be read (already reported)


def split_front_matter(lines: list[str], ctx: ParseContext) -> tuple[str | None, int]:
    """The YAML text and the number of lines the front matter spans (0 when there is none).

    A first line `---` with no closing `---` is an error; then nothing is treated as YAML.
    """
    if not lines or lines[0].rstrip() != "---":
        return None, 0
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), index + 1
    ctx.error(1, "front matter is never closed (add a line '---' after it)")
    return None, 1


def load_front_matter(text: str, ctx: ParseContext) -> FrontMatter:
    """Load the YAML `text` safely; problems become diagnostics and `ok` is False.

    Teachers write reference texts such as `Service, *Stalin: A Biography*`, which strict
    YAML rejects (a second ': ', a leading '*'). When the text fails to load for such a
    reason, it is retried with those values quoted; only if that fails too is the original
    problem the retry finds reported. A tag is never retried; an alias only survives as text.
    """
    result, problem = _load(text)
    if problem is not None and not problem.forbidden:
        retried, second = _load(_quote_values(text))
        if second is None or not problem.alias:
            # Quoting fixed what it can; whatever the retry still finds is a real problem.
            result, problem = retried, second
    if problem is not None:
        for line, message in [(problem.line, problem.message), *problem.more]:
            ctx.error(line, message)
        return FrontMatter(found=True, ok=False)
    for message, line in result.repeats:
        ctx.warn(line, message)
    return result


@dataclass
class _Problem:
    line: int
    message: str
    forbidden: bool = False  # a tag or deep nesting: refused, never retried
    alias: bool = False  # an anchor or alias: fine only if quoting turns it into text
    more: list[tuple[int, str]] = field(default_factory=list)  # further (line, message)


def _load(text: str) -> tuple[FrontMatter, _Problem | None]:
    result = FrontMatter(found=True)
    problem = _scan_events(text)
    if problem is not None:
        return result, problem
    try:
        loader = _CheckedLoader(text)
        try:
            node = loader.get_single_node()
            result.data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        return result, _Problem(_line(exc), f"front matter is not valid YAML: {_problem(exc)}")
    if loader.problems:  # quoting would not change these values: never retried
        (line, message), *more = loader.problems
        return result, _Problem(line, message, forbidden=True, more=more)
    result.key_lines = _key_lines(node)
    result.repeats = _repeats(node, "front-matter key '{}'")
    for key_node, value in node.value if isinstance(node, yaml.MappingNode) else ():
        if isinstance(key_node, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode):
            result.written.setdefault(str(key_node.value), str(value.value))
        if getattr(key_node, "value", None) == "sources":
            result.source_lines = _key_lines(value)
            result.repeats += _repeats(value, "source '{}'")
    return result, None


class _Loader(yaml.SafeLoader):
    """yaml.SafeLoader with yaml.reader's NON_PRINTABLE written as the characters it finds
    rather than all those it does not: the same matches (a test compares every code point),
    compiled in a sixteenth of the time."""

    NON_PRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f"
                               "\ud800-\udfff\ufffe\uffff]")


class _CheckedLoader(_Loader):
    """yaml.SafeLoader whose numbers and dates are checked before and after they are built.

    A value that fails is recorded in `problems` as (line, message) and read as its text, so
    one pass reports every such value.
    """

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.problems: list[tuple[int, str]] = []

    def _refuse(self, node: yaml.ScalarNode, message: str) -> str:
        self.problems.append((node.start_mark.line + _FIRST_LINE, message))
        return str(node.value)

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int | str:
        return self._number(node, super().construct_yaml_int)

    def construct_yaml_float(self, node: yaml.ScalarNode) -> float | str:
        value = self._number(node, super().construct_yaml_float)
        if isinstance(value, str) or math.isfinite(value):
            return value
        return self._refuse(node, f"front-matter value '{_shown(node.value)}' is not a finite "
                                  "number; put it in quotes to keep it as text")

    def _number(self, node: yaml.ScalarNode, build: Callable[[yaml.ScalarNode], Any]) -> Any:
        """The number `node` writes, built only within the budget; its text if it fails."""
        if len(node.value) > MAX_NUMBER_CHARS:
            return self._refuse(node, f"front-matter value of {len(node.value):,} characters "
                                      f"reads as a number; the limit is {MAX_NUMBER_CHARS} "
                                      "(put it in quotes to keep it as text)")
        try:
            return build(node)
        except ValueError:  # YAML 1.1 resolves `0x_` as a number that int() cannot read
            return self._refuse(node, f"front-matter value '{_shown(node.value)}' is not a "
                                      "number YAML can read; put it in quotes to keep it as text")

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return self._refuse(node, f"front-matter value '{_shown(node.value)}' is not a real "
                                      "date or time; put it in quotes to keep it as text")


_CheckedLoader.add_constructor("tag:yaml.org,2002:int", _CheckedLoader.construct_yaml_int)
_CheckedLoader.add_constructor("tag:yaml.org,2002:float", _CheckedLoader.construct_yaml_float)
_CheckedLoader.add_constructor("tag:yaml.org,2002:timestamp",
                               _CheckedLoader.construct_yaml_timestamp)


def _shown(value: str, limit: int = 40) -> str:
    return value if len(value) <= limit else value[:limit] + "..."


# The key part of a `key: value` line; the value is the rest, stripped (no regex backtracking
# over it, which was quadratic in a run of spaces).
_PLAIN_KEY = re.compile(r"\s*[^\s#'\"\-][^:]*?:[ \t]+")
_VALUE_START = re.compile(r"[^'\"|>\[{!\s]")


def _quote_values(text: str) -> str:
    """`text` with every unquoted `key: value` value that YAML would misread single-quoted."""
    out = []
    for line in text.split("\n"):
        match = _PLAIN_KEY.match(line)
        value = line[match.end():].rstrip() if match else ""
        if (match and value and _VALUE_START.match(value)
                and (": " in value or value.endswith(":") or value[0] in "*&@%`")):
            line = match.group() + "'" + value.replace("'", "''") + "'"
        out.append(line)
    return "\n".join(out)


def _key_lines(node: Any) -> dict[str, int]:
    """The file line of each key of a mapping node (the first, if a key repeats)."""
    lines: dict[str, int] = {}
    for key_node, _ in node.value if isinstance(node, yaml.MappingNode) else ():
        if isinstance(key_node, yaml.ScalarNode):
            lines.setdefault(str(key_node.value), key_node.start_mark.line + _FIRST_LINE)
    return lines


def _repeats(node: Any, what: str) -> list[tuple[str, int]]:
    """A warning for each key of a mapping node written again, at the later line."""
    first = _key_lines(node)
    found: list[tuple[str, int]] = []
    seen: set[str] = set()
    for key_node, _ in node.value if isinstance(node, yaml.MappingNode) else ():
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        key, line = str(key_node.value), key_node.start_mark.line + _FIRST_LINE
        if key in seen:
            found.append((f"{what.format(key)} is given twice (first on line {first[key]}); "
                          "the later one is used", line))
        seen.add(key)
    return found


def _scan_events(text: str) -> _Problem | None:
    """Check the YAML event stream: no tags, anchors or aliases, no deep nesting."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            line = event.start_mark.line + _FIRST_LINE
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return _Problem(line, "YAML anchors and aliases (&name, *name) are not allowed",
                                alias=True)
            tag = getattr(event, "tag", None)
            # The parser reports a tag only when the author wrote one; a bare "!" just means
            # "plain string" and is harmless.
            if tag not in (None, "!"):
                return _Problem(line, f"YAML tags are not allowed ('{_short_tag(tag)}')",
                                forbidden=True)
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    return _Problem(line, "front matter nests more than "
                                          f"{MAX_YAML_DEPTH} levels deep", forbidden=True)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError as exc:
        return _Problem(_line(exc), f"front matter is not valid YAML: {_problem(exc)}")
    return None


def _short_tag(tag: str) -> str:
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix):] if tag.startswith(prefix) else tag


def _line(exc: yaml.YAMLError) -> int:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return (mark.line + _FIRST_LINE) if mark is not None else _FIRST_LINE


def _problem(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None)
    context = getattr(exc, "context", None)
    if problem and context:
        return f"{problem} ({context})"
    return str(problem or context or exc).strip()

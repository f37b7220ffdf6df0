"""The theme.toml schema: which keys exist, what values they take, and where a key sits.

`validate_layer` turns one parsed theme.toml into a "layer" of checked values (a dict per
table), collecting every problem as a diagnostic. Merging layers along the `extends` chain and
checking files (fonts, logo, slide template) is the loader's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from studyguide.diagnostics import Diagnostic, did_you_mean, error, warning
from studyguide.records import record

_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")

# A checker returns (value to keep, problem message or None).
Checker = Callable[[Any], tuple[Any, str | None]]


def _kind(value: Any) -> str:
    """How a TOML value reads to a teacher: 'the string "18"', 'a table', ..."""
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return repr(value) if isinstance(value, (int, float)) else type(value).__name__


def _text(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, str):
        return value, None
    return None, f"expected text in quotes, got {_kind(value)}"


def _colour(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, str) and _COLOUR.fullmatch(value):
        return value.upper(), None
    return None, f"{_kind(value)} is not a #RRGGBB colour"


def _flag(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, bool):
        return value, None
    return None, f"expected true or false, got {_kind(value)}"


@record
class Range:
    """The values one number in theme.toml may take; the renderers draw exactly what loads."""

    low: float
    high: float
    unit: str  # how messages and docs/themes.md name it: "mm", "pt", "times the text size"


# The one range table: every numeric theme value, checked here and nowhere else; renderers
# use what loaded as it is. The limits are those the renderers used to clamp to, where the
# layouts are known to work: a value outside them is refused, never quietly changed.
RANGES: dict[str, Range] = {
    "pdf.margin_mm": Range(6, 50, "mm"),
    "pdf.base_size_pt": Range(6, 24, "pt"),
    "pdf.line_spacing": Range(1.0, 3.0, "times the text size"),
    "pdf.rule_width_pt": Range(0.25, 4, "pt"),
    "pdf.measure": Range(45, 90, "characters per line"),
    "slides.base_size_pt": Range(16, 48, "pt"),
}


def range_problem(value: float, limits: Range) -> str | None:
    """Why `value` is outside `limits` (`5 is below the minimum 6 (mm)`), or None."""
    if value < limits.low:
        return f"{value:g} is below the minimum {limits.low:g} ({limits.unit})"
    if value > limits.high:
        return f"{value:g} is above the maximum {limits.high:g} ({limits.unit})"
    return None


def _number(dotted: str) -> Checker:
    limits = RANGES[dotted]

    def check(value: Any) -> tuple[Any, str | None]:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return None, f"expected a number, got {_kind(value)}"
        if value != value:  # NaN compares false with every limit
            return None, f"{value} is not a number"
        problem = range_problem(value, limits)
        return (None, problem) if problem else (float(value), None)
    return check


def _choice(*allowed: str) -> Checker:
    by_key = {a.lower(): a for a in allowed}
    shown = " or ".join(f'"{a}"' for a in allowed)

    def check(value: Any) -> tuple[Any, str | None]:
        if isinstance(value, str) and value.lower() in by_key:
            return by_key[value.lower()], None
        return None, f"{_kind(value)} is not allowed; use {shown}"
    return check


def _font(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, str) and value.strip():
        return value.strip(), None
    return None, f"expected a font family name, got {_kind(value)}"


TOP_LEVEL: dict[str, Checker] = {"name": _text, "description": _text, "extends": _text}

TABLES: dict[str, dict[str, Checker]] = {
    "colors": {k: _colour for k in ("primary", "accent", "text", "background", "muted")},
    "fonts": {k: _font for k in ("body", "heading", "mono")},
    "pdf": {
        "paper": _choice("A4", "letter"),
        "margin_mm": _number("pdf.margin_mm"),
        "base_size_pt": _number("pdf.base_size_pt"),
        "line_spacing": _number("pdf.line_spacing"),
        "filled": _flag,
        "rule_width_pt": _number("pdf.rule_width_pt"),
        "measure": _number("pdf.measure"),
    },
    "slides": {
        "aspect": _choice("16:9", "4:3"),
        "template": _text,
        "base_size_pt": _number("slides.base_size_pt"),
        "filled": _flag,
        # Deck fonts: only families every school PC has, each measured with its shipped
        # metric-compatible twin (render/deck/shapes.py DECK_FONTS; docs/themes.md).
        "body_font": _choice("Calibri", "Cambria", "Arial"),
        "heading_font": _choice("Calibri", "Cambria", "Arial"),
        "mono_font": _choice("Courier New"),
    },
}


@dataclass
class Layer:
    """The checked values of one theme.toml, and where each one was written."""

    shown: str  # the file, as messages name it
    folder: str  # absolute path of the theme folder
    text: str
    top: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, dict[str, Any]] = field(default_factory=dict)

    def line_of(self, dotted: str) -> int | None:
        return find_line(self.text, dotted)


def validate_layer(data: dict[str, Any], layer: Layer) -> list[Diagnostic]:
    """Check every key of a parsed theme.toml into `layer`; every problem becomes a diagnostic."""
    problems: list[Diagnostic] = []
    known = list(TOP_LEVEL) + list(TABLES)
    for key, value in data.items():
        if key in TOP_LEVEL:
            _keep(layer.top, key, key, value, TOP_LEVEL[key], layer, problems)
        elif key in TABLES:
            _validate_table(key, value, layer, problems)
        else:
            problems.append(warning(layer.shown, layer.line_of(key),
                                    f"unknown key '{key}'{did_you_mean(key, known)}"))
    return problems


def _validate_table(table: str, value: Any, layer: Layer, problems: list[Diagnostic]) -> None:
    if not isinstance(value, dict):
        problems.append(error(layer.shown, layer.line_of(table),
                              f"{table}: expected a table like [{table}], got {_kind(value)}"))
        return
    schema = TABLES[table]
    kept = layer.tables.setdefault(table, {})
    for key, item in value.items():
        dotted = f"{table}.{key}"
        if key in schema:
            _keep(kept, key, dotted, item, schema[key], layer, problems)
        else:
            hint = did_you_mean(key, schema)
            hint = hint.replace(" '", f" '{table}.") if hint else ""
            problems.append(warning(layer.shown, layer.line_of(dotted),
                                    f"unknown key '{dotted}'{hint}"))


def _keep(into: dict[str, Any], key: str, dotted: str, value: Any, check: Checker,
          layer: Layer, problems: list[Diagnostic]) -> None:
    kept, problem = check(value)
    if problem is None:
        into[key] = kept
    else:
        problems.append(error(layer.shown, layer.line_of(dotted), f"{dotted}: {problem}"))


_HEADER = re.compile(r"\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")
_ASSIGN = re.compile(r"\s*([A-Za-z0-9_\-\"'. ]+?)\s*=")


def _unquote(dotted: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in dotted.split("."))


def find_line(text: str, dotted: str) -> int | None:
    """The 1-based line where `dotted` (`colors.primary`, `colors`, `extends`) is written.

    tomllib reports no positions, so this scans the text: table headers set the current table,
    `key =` lines are matched against it. Dotted keys and inline tables are found by the fallback
    (the first line that assigns the last part of the key).
    """
    table = ""
    fallback = None
    last = dotted.rsplit(".", 1)[-1]
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            table = _unquote(header.group(1))
            if table == dotted:
                return number
            continue
        assign = _ASSIGN.match(line)
        if not assign:
            continue
        key = _unquote(assign.group(1))
        full = f"{table}.{key}" if table else key
        if full == dotted:
            return number
        if fallback is None and (key == last or key.endswith("." + last)
                                 or re.search(rf"[{{,]\s*{re.escape(last)}\s*=", line)):
            fallback = number
    return fallback

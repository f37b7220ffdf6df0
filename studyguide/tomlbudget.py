"""Budgets a TOML text must keep before tomllib parses it: nesting depth and number length.

tomllib recurses once per level of nested arrays and inline tables (50,000 levels end in a
RecursionError) and converts integers with int(), which Python refuses past 4,300 digits.
Neither limit is anything a project file or a theme needs, so a linear scan of the text,
skipping strings and comments, finds the line that goes over and it becomes a message.
Used for studyguide.toml (project/config.py) and theme.toml (theme/files.py).
"""

from __future__ import annotations

import re

MAX_TOML_DEPTH = 50  # arrays and inline tables inside one another
MAX_TOML_DIGITS = 100  # digits in a row outside a string

# Strings and comments (skipped as a whole), brackets, newlines and runs of digits.
_TOKENS = re.compile(r'"""[\s\S]*?"""' "|" r"'''[\s\S]*?'''"  # multi-line strings
                     r'|"(?:[^"\\\n]|\\.)*"' r"|'[^'\n]*'"  # one-line strings
                     r"|#[^\n]*|[\[{]|[\]}]|\n|[0-9][0-9_]*")


def toml_budget_problem(text: str) -> tuple[int, str] | None:
    """(line, message) when `text` nests deeper or writes a longer number than the budgets."""
    line, depth = 1, 0
    for token in _TOKENS.finditer(text):
        value = token.group()
        if value in ("[", "{"):
            depth += 1
            if depth > MAX_TOML_DEPTH:
                return line, f"values nest more than {MAX_TOML_DEPTH} levels deep"
        elif value in ("]", "}"):
            depth = max(depth - 1, 0)
        elif value[0].isdigit():
            if len(value) > MAX_TOML_DIGITS:
                return line, (f"a number of {len(value):,} digits; the limit is "
                              f"{MAX_TOML_DIGITS}")
        else:
            line += value.count("\n")
    return None

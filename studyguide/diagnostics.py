"""Problems found in a teacher's input, collected as values rather than raised one by one."""

from __future__ import annotations

import enum
import re
from typing import Iterable

from studyguide.records import record

# Characters a terminal acts on instead of showing: C0 and C1 controls (a newline in a file
# name would forge a diagnostic line, ESC starts escape sequences), the bidi marks, overrides
# and isolates (U+202E turns `gpj.exe` into `exe.jpg`), the Unicode line and paragraph
# separators, and lone surrogates (a file name that is not UTF-8, which a terminal could not
# even be sent).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e"
                          "\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """`text` safe to print to a terminal: control, bidi and surrogate characters escaped
    (`\\n`, `\\x1b`, `\\u202e`, `\\udcff`), everything else as it is."""
    def escape(found: re.Match[str]) -> str:
        char = found.group()
        if char in _NAMED:
            return _NAMED[char]
        return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"

    return _UNPRINTABLE.sub(escape, text)


class Severity(enum.Enum):
    """How bad a problem is: errors stop a build, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@record
class Diagnostic:
    """One problem in one input file: where it is and what is wrong."""

    path: str
    line: int | None
    severity: Severity
    message: str
    detail: str = ""  # our own text shown as it is after the line (a traceback with --debug)

    def format(self) -> str:
        """Render as `path:line: severity: message`, the way compilers do: one line, whatever
        the path and message hold (see `printable`), then the detail, if any."""
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        text = printable(f"{where}: {self.severity.value}: {self.message}")
        return f"{text}\n{self.detail}" if self.detail else text

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def error(path: str, line: int | None, message: str) -> Diagnostic:
    """An error diagnostic."""
    return Diagnostic(path, line, Severity.ERROR, message)


def warning(path: str, line: int | None, message: str) -> Diagnostic:
    """A warning diagnostic."""
    return Diagnostic(path, line, Severity.WARNING, message)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    """True when any diagnostic is an error."""
    return any(d.is_error for d in diagnostics)


def sort_key(d: Diagnostic) -> tuple[str, int, int]:
    """Order diagnostics by file, then line (file-level ones first)."""
    return (d.path, d.line or 0, 0 if d.is_error else 1)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ` (did you mean 'x'?)` hint, or an empty string when nothing is close."""
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""

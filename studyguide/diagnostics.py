"""Problems found in a teacher's input, collected as values rather than raised one by one."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import Iterable


class Severity(enum.Enum):
    """How bad a problem is: errors stop a build, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    """One problem in one input file: where it is and what is wrong."""

    path: str
    line: int | None
    severity: Severity
    message: str

    def format(self) -> str:
        """Render as `path:line: severity: message`, the way compilers do."""
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.severity.value}: {self.message}"

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


# C0 and C1 controls (ESC, CR, newline, ...), bidirectional controls (embeddings, overrides,
# isolates, marks), the Unicode line and paragraph separators and lone surrogates: in a
# terminal they drive it, reorder or break what follows them, or cannot be printed at all.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069"
                     "\ud800-\udfff]")


def printable(text: str) -> str:
    """`text` safe to print on one terminal line: control and bidi characters are shown as
    escapes (`\\x1b`, `\\u202e`, `\\n`), so they can neither drive the terminal nor forge a
    line of output. Every user-supplied string the CLI prints goes through this."""
    return _UNSAFE.sub(_escape, text)


def _escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ` (did you mean 'x'?)` hint, or an empty string when nothing is close."""
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""

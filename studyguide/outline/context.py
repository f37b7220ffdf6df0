"""What the parser's stages share while reading one outline: where it is, and what went wrong.

The context collects diagnostics (so nothing is raised one problem at a time) and carries the
few facts later stages need: the source lines, the citation keys the front matter defines, and
the speaker notes and footnotes waiting to be attached to the section being read.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from studyguide.diagnostics import Diagnostic, error, warning
from studyguide.outline.model import Block


@dataclass
class ParseContext:
    """Mutable state for parsing one outline; discarded once the Outline is built."""

    path: str  # as shown in diagnostics
    base_dir: str  # where relative image paths resolve
    project_root: str  # resolved, absolute
    lines: list[str] = field(default_factory=list)  # the cleaned source, one entry per line
    front_matter_lines: int = 0  # how many lines at the top the front matter spans
    source_keys: tuple[str, ...] = ()
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # Blocks read inside `::: notes` since the current section began.
    notes: list[Block] = field(default_factory=list)
    # The blocks of each `::: slide` since the current section began.
    slides: list[tuple[Block, ...]] = field(default_factory=list)
    # Footnote ids referenced since the current section began, in order of first reference.
    footnote_refs: list[int] = field(default_factory=list)
    footnotes_placed: set[int] = field(default_factory=set)
    list_depth: int = 0
    deepest_list: int = 0
    block_depth: int = 0
    blocks_read: int = 0  # for the MAX_BLOCKS limit (blocks.py)
    inlines_made: int = 0  # for the MAX_INLINES limit (inline.py)
    _once: set[str] = field(default_factory=set)

    def error(self, line: int | None, message: str) -> None:
        """Record an error at `line` of this outline."""
        self.diagnostics.append(error(self.path, line, message))

    def warn(self, line: int | None, message: str) -> None:
        """Record a warning at `line` of this outline."""
        self.diagnostics.append(warning(self.path, line, message))

    def warn_once(self, key: str, line: int | None, message: str) -> None:
        """Record a warning only the first time `key` comes up in this outline."""
        if key not in self._once:
            self._once.add(key)
            self.warn(line, message)

    def source_line(self, line: int) -> str:
        """The text of 1-based `line`, or '' past the end."""
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""

    def take_slides(self) -> tuple[tuple[Block, ...], ...]:
        """The `::: slide` blocks collected since the last call, clearing them."""
        taken, self.slides = tuple(self.slides), []
        return taken

    def take_notes(self) -> tuple[Block, ...]:
        """The notes collected since the last call, clearing them."""
        taken, self.notes = tuple(self.notes), []
        return taken


def resolved_root(project_root: str | os.PathLike) -> str:
    """The project folder as an absolute path with symlinks resolved."""
    return os.path.realpath(os.fspath(project_root))


# C0 controls other than tab and newline, DEL, C1 controls, lone surrogates and the two
# non-characters XML forbids: PDF text and PPTX XML cannot carry them. Also the invisible
# direction controls (LRM, RLM, embeddings, overrides, isolates), zero-width space, word
# joiner and a byte-order mark inside the text: the outputs lay text out left to right
# without them, fonts have no glyph for them (a '?' would show), and in a message they can
# reorder what a terminal shows ("Trojan Source"). Joiners (U+200C, U+200D) stay: scripts
# and emoji need them. This is the one table: render/common/text.py removes the same set from
# text that reaches a renderer without passing through the parser (templates, settings).
CONTROL_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
                           "\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def strip_controls(text: str) -> str:
    """`text` without the characters outputs cannot carry (see CONTROL_CHARS)."""
    return CONTROL_CHARS.sub("", text)

"""The words of a Markdown source that a reader should find in the handout."""

from __future__ import annotations

import re

_FRONT = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_LINK_DEFINITION = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+.*$", re.MULTILINE)
_URL = re.compile(r"<?https?://[^\s>)]+>?|\]\([^)\s]+\)")
_TAG = re.compile(r"\{%.*?%\}|\{:[^}]*\}|\balt=")
_FENCE_NAME = re.compile(r"^:{3,}.*$", re.MULTILINE)  # `::: callout`: syntax, not text


def source_words(text: str) -> set[str]:
    """Words (runs of letters) of the body: front matter, link targets, URLs, template tags,
    `:::` fence names and Pandoc's `alt=` are not text a reader sees, so they are left out."""
    front = _FRONT.match(text)
    summary = ""
    if front:
        found = re.search(r"^(?:abstract|description): *\"?(.*?)\"?$", front.group(), re.M)
        summary = found.group(1) if found else ""
        text = text[front.end():]
    text = _TAG.sub(" ", _URL.sub(" ", _LINK_DEFINITION.sub(" ", _FENCE_NAME.sub(" ", text))))
    return set(re.findall(r"[^\W\d_]+", summary + " " + text))

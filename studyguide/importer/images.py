"""Pictures a Markdown source refers to: copied next to the outline when they are beside the
source, otherwise replaced by their description (so no word is lost and nothing breaks)."""

from __future__ import annotations

import os
import re

from studyguide.boundary import is_inside, read_regular

MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_IMAGES = 200
KINDS = (".png", ".jpg", ".jpeg", ".gif")
# `![alt](path "title")` with Pandoc's attributes after it: `{alt='...' width=50%}`.
_IMAGE = re.compile(r"!\[([^\]\n]{0,500})\]\(([^)\s]{1,500})(?:\s+\"[^\"\n]{0,300}\")?\)"
                    r"(\{[^}\n]{0,1000}\})?")
_ALT = re.compile(r"""alt\s*=\s*(?:'([^']*)'|"([^"]*)")""")


def gather_images(text: str, source_dir: str, folder_name: str
                  ) -> tuple[str, list[tuple[str, bytes]], list[str]]:
    """The text with each picture copied (named `folder_name/<file>`) or described, the
    pictures' bytes, and a remark for each one that was described instead."""
    images: list[tuple[str, bytes]] = []
    remarks: list[str] = []
    names: set[str] = set()

    def replace(match: re.Match[str]) -> str:
        alt, target, attributes = match.group(1), match.group(2), match.group(3) or ""
        found = _ALT.search(attributes)
        if not alt.strip() and found:
            alt = found.group(1) if found.group(1) is not None else found.group(2)
        alt = " ".join(alt.replace("[", "(").replace("]", ")").split())
        data = _picture(target, source_dir) if len(images) < MAX_IMAGES else None
        if data is None:
            remarks.append(f"picture '{target[:80]}' is not beside the source (or not a PNG, "
                           "JPEG or GIF): its description is kept as text; add the picture "
                           "and write ![description](file.png)")
            return f"*{alt}*" if alt else ""
        name = _unique(os.path.basename(target), names)
        images.append((f"{folder_name}/{name}", data))
        return f"![{alt}]({folder_name}/{name})"

    return _IMAGE.sub(replace, text), images, remarks


def _picture(target: str, source_dir: str) -> bytes | None:
    """The bytes of a picture beside the source, or None (a web address, a path leaving the
    source's folder, a link, a missing or oversized file)."""
    if "://" in target or target.startswith(("/", "\\", "data:")) or \
            os.path.splitext(target)[1].lower() not in KINDS:
        return None
    path = os.path.join(source_dir, target)
    if not is_inside(path, source_dir) or os.path.islink(path):
        return None
    from pathlib import Path

    return read_regular(Path(path), MAX_IMAGE_BYTES)


def _unique(name: str, names: set[str]) -> str:
    stem, ext = os.path.splitext(re.sub(r"[^A-Za-z0-9._-]", "-", name) or "picture.png")
    candidate, n = f"{stem}{ext.lower()}", 1
    while candidate in names:
        n += 1
        candidate = f"{stem}-{n}{ext.lower()}"
    names.add(candidate)
    return candidate

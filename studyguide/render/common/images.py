"""Reading an image's pixel size, once for the handout and the deck.

Both renderers embed the same files, so both refuse the same ones with the same warning: a
file Pillow cannot decode, a format one of them cannot embed, or more pixels than the limit
the parser also applies (a JPEG's size is only known here: the parser reads PNG and GIF
headers). The image is decoded whole, so a truncated file fails here and not mid-render.

Decoding is the expensive part (an 8000 x 8000 PNG takes seconds), so each file is probed
once per process: the answer is kept by path and by a hash of the file's bytes (the hash is
itself kept by the file's size, times and inode, so fifty references to one image read
it once), and a file that changes is probed again.
"""

from __future__ import annotations

import hashlib
import os
import warnings
from pathlib import Path

from studyguide.diagnostics import Diagnostic, warning
from studyguide.outline import model as m
from studyguide.outline.validate import MAX_IMAGE_PIXELS

# Formats both reportlab and python-pptx embed (the parser accepts PNG, JPEG and GIF only).
EMBEDDABLE = frozenset({"PNG", "JPEG", "GIF", "BMP", "TIFF"})


_DIGESTS: dict[tuple[str, int, int, int, int], str] = {}  # (path, size, times, inode) -> sha
_SIZES: dict[tuple[str, str], tuple[int, int] | str] = {}  # (path, sha256) -> image_size
MAX_CACHED = 256  # files remembered per process; more are probed each time


def file_digest(path: str) -> str | None:
    """The SHA-256 of the file at `path` (read once while it is unchanged), None if unreadable."""
    try:
        st = os.stat(path)
        key = (path, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        if key not in _DIGESTS:
            digest = hashlib.sha256()
            with open(path, "rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(chunk)
            _remember(_DIGESTS, key, digest.hexdigest())
        return _DIGESTS[key]
    except OSError:
        return None


def _remember(cache: dict, key: object, value: object) -> None:
    if len(cache) >= MAX_CACHED:
        cache.pop(next(iter(cache)))
    cache[key] = value


def image_size(path: str) -> tuple[int, int] | str:
    """The (width, height) in pixels of the image at `path`, or why it cannot be shown
    (decoded once per process while the file's bytes are the same)."""
    digest = file_digest(path)
    if digest is None:
        return _decode_size(path)
    key = (path, digest)
    if key not in _SIZES:
        _remember(_SIZES, key, _decode_size(path))
    return _SIZES[key]


def _decode_size(path: str) -> tuple[int, int] | str:
    """Open and decode the image at `path`: its pixel size, or why it cannot be shown."""
    try:
        from PIL import Image

        with warnings.catch_warnings():
            # A decompression bomb is a broken image, not a warning.
            warnings.simplefilter("error")
            with Image.open(path) as image:
                width, height = image.size
                if image.format not in EMBEDDABLE:
                    return f"{image.format or 'this'} format cannot be embedded"
                if not width or not height:
                    return "it has no pixels"
                if width * height > MAX_IMAGE_PIXELS:
                    return (f"it is {width:,} x {height:,} pixels; the limit is "
                            f"{MAX_IMAGE_PIXELS / 1_000_000:g} megapixels")
                image.load()  # only after the size check: decoding a bomb is the danger
                return width, height
    except Exception as exc:  # noqa: BLE001 - any unreadable file is a warning, never a crash
        return f"it could not be read ({type(exc).__name__})"


def probe_image(path: str, source: str, line: int | None
                ) -> tuple[int, int] | Diagnostic:
    """The pixel size of the image at `path`, or the warning about `source`:`line` that both
    renderers give before showing a placeholder instead."""
    found = image_size(path)
    if isinstance(found, str):
        return warning(source, line, f"image '{Path(path).name}' cannot be shown: {found}; "
                                     f"a placeholder is shown instead")
    return found


def pixel_size(path: str) -> tuple[int, int] | None:
    """The pixel size of the image at `path`, or None when it cannot be shown (for a logo,
    which is left out quietly)."""
    found = image_size(path)
    return None if isinstance(found, str) else found


def placeholder_text(image: m.Image) -> str:
    """What both outputs print where an image cannot be shown: its alt text, else its caption,
    else its file name (never a full path, which would name the teacher's folders)."""
    label = image.alt.strip() or (image.caption or "").strip() or Path(image.path).name
    return f"Image not available: {label}"

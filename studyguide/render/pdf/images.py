"""Images: scaled to fit the frame, captioned, and a labelled placeholder when a file is broken."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from studyguide.outline import model as m
from studyguide.render.pdf.boxes import Boxed
from studyguide.render.pdf.context import RenderContext

MAX_HEIGHT_SHARE = 0.55  # of the frame: an image never crowds out its caption and neighbours
MAX_IMAGE_PIXELS = 64_000_000  # the parser's limit too (outline/validate.py, docs/security.md)
PIXELS_PER_INCH = 110  # a screenshot or scan is shown at a readable size, not its pixel count


def image_size(path: str) -> tuple[int, int]:
    """The pixel size of an image, decoding it fully so a truncated file fails here."""
    from PIL import Image as PILImage

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a decompression bomb is a broken image, not a warning
        with PILImage.open(path) as image:
            # The header gives the size: refuse a huge image before decoding it (a JPEG's
            # size is not checked by the parser, which reads PNG and GIF headers only).
            if image.size[0] * image.size[1] > MAX_IMAGE_PIXELS:
                raise ValueError(f"{image.size[0]} x {image.size[1]} pixels is too many")
            image.load()
            return image.size


def image_flowables(block: m.Image, ctx: RenderContext) -> list[Any]:
    """The image (or a placeholder) and its caption, kept together."""
    from reportlab.platypus import Image, KeepTogether

    s = ctx.styles
    try:
        pixels = image_size(block.path)
    except Exception as exc:  # noqa: BLE001 - any unreadable file gets the same placeholder
        ctx.warn(block.line, f"image '{Path(block.path).name}' could not be read "
                             f"({type(exc).__name__}); a placeholder is shown")
        return [_placeholder(block, ctx)]
    width, height = (p * 72 / PIXELS_PER_INCH for p in pixels)
    scale = min(1.0, s.frame_width / max(width, 1), s.frame_height * MAX_HEIGHT_SHARE /
                max(height, 1))
    image = Image(block.path, width=max(width * scale, 1), height=max(height * scale, 1))
    image.hAlign = "CENTER"
    parts: list[Any] = [image]
    caption = block.caption or ""
    if caption.strip():
        parts.append(ctx.text_para(caption, block.line, "caption"))
    group = KeepTogether(parts)
    group.spaceBefore = s.base * 0.4
    group.spaceAfter = s.base * 0.9
    return [group]


def _placeholder(block: m.Image, ctx: RenderContext) -> Any:
    s = ctx.styles
    label = block.alt.strip() or block.caption or Path(block.path).name
    text = ctx.text_para(f"Image not available: {label}", block.line, "caption")
    box = Boxed([text], frame=s.colors.muted, frame_width=s.rule_width, padding=s.base * 1.5)
    box.spaceBefore, box.spaceAfter = s.base * 0.4, s.base * 0.9
    return box

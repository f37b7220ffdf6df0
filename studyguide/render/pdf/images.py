"""Images: scaled to fit the frame, captioned, and a labelled placeholder when a file is broken."""

from __future__ import annotations

from typing import Any

from studyguide.diagnostics import Diagnostic
from studyguide.outline import model as m
from studyguide.render.common.images import placeholder_text, probe_image
from studyguide.render.pdf.boxes import Boxed
from studyguide.render.pdf.context import RenderContext

MAX_HEIGHT_SHARE = 0.55  # of the frame: an image never crowds out its caption and neighbours
PIXELS_PER_INCH = 110  # a screenshot or scan is shown at a readable size, not its pixel count


def image_flowables(block: m.Image, ctx: RenderContext) -> list[Any]:
    """The image (or a placeholder) and its caption, kept together."""
    from reportlab.platypus import Image, KeepTogether

    s = ctx.styles
    pixels = probe_image(block.path, ctx.path, block.line)
    if isinstance(pixels, Diagnostic):
        ctx.diagnostics.append(pixels)
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
    text = ctx.text_para(placeholder_text(block), block.line, "caption")
    box = Boxed([text], frame=s.colors.muted, frame_width=s.rule_width, padding=s.base * 1.5)
    box.spaceBefore, box.spaceAfter = s.base * 0.4, s.base * 0.9
    return box

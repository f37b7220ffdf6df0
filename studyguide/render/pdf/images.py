"""Images: scaled to fit the frame, captioned, and a labelled placeholder when a file is broken.

reportlab decodes an image again at every place it is drawn (its Image flowable hands the
canvas a fresh reader each time), and again in every PDF of a build: fifty references to one
large photo took minutes. Here an image's PDF stream is made once per process, kept by path
and by the hash of the file's bytes, and each PDF gets its own copy of that object.
"""

from __future__ import annotations

import copy
from typing import Any

from reportlab.platypus import Image

from studyguide.diagnostics import Diagnostic
from studyguide.outline import model as m
from studyguide.render.common.images import file_digest, placeholder_text, probe_image
from studyguide.render.pdf.boxes import Boxed
from studyguide.render.pdf.context import RenderContext

MAX_HEIGHT_SHARE = 0.55  # of the frame: an image never crowds out its caption and neighbours
PIXELS_PER_INCH = 110  # a screenshot or scan is shown at a readable size, not its pixel count


def image_flowables(block: m.Image, ctx: RenderContext) -> list[Any]:
    """The image (or a placeholder) and its caption, kept together."""
    from reportlab.platypus import KeepTogether

    s = ctx.styles
    pixels = probe_image(block.path, ctx.path, block.line)
    if isinstance(pixels, Diagnostic):
        ctx.diagnostics.append(pixels)
        return [_placeholder(block, ctx)]
    width, height = (p * 72 / PIXELS_PER_INCH for p in pixels)
    scale = min(1.0, s.frame_width / max(width, 1), s.frame_height * MAX_HEIGHT_SHARE /
                max(height, 1))
    image = EmbeddedImage(block.path, width=max(width * scale, 1), height=max(height * scale, 1))
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


_STREAMS: dict[tuple[str, str], dict[str, Any]] = {}  # (path, sha256) -> a loaded XObject's state
MAX_STREAMS = 64  # images whose PDF stream a process keeps


class EmbeddedImage(Image):
    """An Image whose PDF stream is made once per process and reused by every PDF."""

    def draw(self) -> None:
        """Register the image's XObject in this PDF (from the cache), then draw by name."""
        canvas = self.canv
        _register(canvas, self.filename)
        # drawImage with a file name finds the XObject registered under that name
        canvas.drawImage(self.filename, 0, 0, self.drawWidth, self.drawHeight, mask="auto")


def _register(canvas: Any, path: str) -> None:
    """Add the XObject of the image at `path` to the canvas's PDF unless it is there."""
    from reportlab.pdfbase.pdfdoc import PDFImageXObject, PDFObjectReference
    from reportlab.pdfgen.canvas import _digester

    name = _digester(f"{path}auto".encode("utf-8"))  # the name drawImage gives a file
    doc = canvas._doc
    reg_name = doc.getXObjectName(name)
    if doc.idToObject.get(reg_name) is not None:
        return
    digest = file_digest(path) or ""
    state = _STREAMS.get((path, digest))
    if state is None:
        state = dict(vars(PDFImageXObject(name, path, mask="auto")))
        if len(_STREAMS) >= MAX_STREAMS:
            _STREAMS.pop(next(iter(_STREAMS)))
        _STREAMS[(path, digest)] = state
    image = PDFImageXObject(name)
    image.__dict__.update(state)
    smask = image.__dict__.pop("_smask", None)
    canvas._setXObjects(image)
    doc.Reference(image, reg_name)
    doc.addForm(name, image)
    if smask is not None:  # the transparency mask, an XObject of its own
        smask = copy.copy(smask)
        mask_name = doc.getXObjectName(smask.name)
        if doc.idToObject.get(mask_name) is None:
            canvas._setXObjects(smask)
            image.smask = doc.Reference(smask, mask_name)
        else:
            image.smask = PDFObjectReference(mask_name)

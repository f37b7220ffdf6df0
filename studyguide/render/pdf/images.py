"""Images: scaled to fit the frame, captioned, and a labelled placeholder when a file is broken.

reportlab decodes an image again at every place it is drawn (its Image flowable hands the
canvas a fresh reader each time), and again in every PDF of a build: fifty references to one
large photo took minutes. Here an image's PDF stream is made once per process, kept by path
and by the hash of the file's bytes, and each PDF gets its own copy of that object. The
stream is compressed a band of rows at a time, so an 8,000 x 8,000 scan needs its decoded
pixels once in memory, not three times (a JPEG is embedded as it is, undecoded).
"""

from __future__ import annotations

import copy
import zlib
from typing import Any

from reportlab.platypus import Image

from studyguide.diagnostics import Diagnostic
from studyguide.outline import model as m
from studyguide.render.common.images import file_digest, placeholder_text, probe_image
from studyguide.render.pdf import tagging
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
    alt = (block.alt or "").strip() or (block.caption or "").strip()
    if alt:  # without any text the image is drawn as decoration (check reports it)
        tagging.tag(image, "Figure", Alt=alt)
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
        digest = file_digest(self.filename) or ""
        key = f"sha256:{digest}" if digest else self.filename
        _register(canvas, self.filename, digest, key)
        # drawImage given a file name names the XObject after it and finds the one registered
        # under that name, opening nothing: given the content's hash instead of the path, the
        # PDF is the same bytes wherever the project folder is, and one picture saved under two
        # names is stored once
        canvas.drawImage(key, 0, 0, self.drawWidth, self.drawHeight, mask="auto")


def _register(canvas: Any, path: str, digest: str, key: str) -> None:
    """Add the XObject of the image at `path` (whose bytes hash to `digest`) to the canvas's
    PDF under the name drawImage gives `key`, unless it is there."""
    from reportlab.pdfbase.pdfdoc import PDFImageXObject, PDFObjectReference
    from reportlab.pdfgen.canvas import _digester

    name = _digester(f"{key}auto".encode("utf-8"))  # the name drawImage gives a file
    doc = canvas._doc
    reg_name = doc.getXObjectName(name)
    if doc.idToObject.get(reg_name) is not None:
        return
    state = _STREAMS.get((path, digest))
    if state is None:
        state = _stream_state(path, name, key)
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


BAND_BYTES = 4_000_000  # decoded pixels converted and compressed at a time


def _stream_state(path: str, name: str, key: str) -> dict[str, Any]:
    """The loaded state of the image XObject for the file at `path` (and its soft mask)."""
    from PIL import Image as PILImage
    from reportlab.pdfbase.pdfdoc import PDFImageXObject
    from reportlab.pdfgen.canvas import _digester

    with open(path, "rb") as handle:
        if handle.read(3) == b"\xff\xd8\xff":  # a JPEG goes into the PDF as it is
            return dict(vars(PDFImageXObject(name, path, mask="auto")))
    with PILImage.open(path) as image:
        image.load()
        colour, alpha = _compressed_bands(image)
        width, height = image.size
    state = dict(vars(PDFImageXObject(name)))
    state.update(width=width, height=height, bitsPerComponent=8, colorSpace="DeviceRGB",
                 _filters=("FlateDecode",), streamContent=colour, mask=None)
    if alpha is not None:
        smask = PDFImageXObject(_digester(f"{key}mask".encode("utf-8")))
        smask.width, smask.height, smask.bitsPerComponent = width, height, 8
        smask.colorSpace, smask._filters, smask.mask = "DeviceGray", ("FlateDecode",), None
        smask.streamContent, smask._decode = alpha, [0, 1]
        state["_smask"] = smask
    return state


def _compressed_bands(image: Any) -> tuple[bytes, bytes | None]:
    """The image's RGB bytes and (when it has transparency) alpha bytes, Flate-compressed
    a band of rows at a time."""
    width, height = image.size
    transparent = "A" in image.mode or "transparency" in image.info
    colour = zlib.compressobj()
    alpha = zlib.compressobj() if transparent else None
    colour_out: list[bytes] = []
    alpha_out: list[bytes] = []
    rows = max(1, BAND_BYTES // (width * 4))
    for top in range(0, height, rows):
        band = image.crop((0, top, width, min(height, top + rows)))
        if alpha is not None:
            band = band.convert("RGBA")
            alpha_out.append(alpha.compress(band.getchannel("A").tobytes()))
        colour_out.append(colour.compress(band.convert("RGB").tobytes()))
    colour_out.append(colour.flush())
    if alpha is None:
        return b"".join(colour_out), None
    alpha_out.append(alpha.flush())
    return b"".join(colour_out), b"".join(alpha_out)

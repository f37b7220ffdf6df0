"""PowerPoint (.pptx) -> Markdown, read with python-pptx.

Each slide's title is a `##` section; its text boxes' paragraphs stay bullets at their level,
tables stay tables, pictures are extracted next to the outline, and the speaker notes become
`::: notes`. A first slide with only a title (and a subtitle) gives the front matter.
"""

from __future__ import annotations

import io

from studyguide.importer.source import Source, escape, styled, table_lines

MAX_SLIDES = 1_000
MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_IMAGES_BYTES = 100 * 1024 * 1024
IMAGE_TYPES = {"png": "png", "jpg": "jpg", "jpeg": "jpg", "gif": "gif"}


def read_pptx(data: bytes, image_prefix: str) -> Source:
    """The deck `data` as Markdown; images are named `image_prefix` + `slide-N-K.ext`."""
    from pptx import Presentation  # loaded only when a deck is imported

    deck = Presentation(io.BytesIO(data))
    source = Source("", title=(deck.core_properties.title or "").strip())
    lines: list[str] = []
    budget = [MAX_IMAGES_BYTES]
    for number, slide in enumerate(deck.slides, start=1):
        if number > MAX_SLIDES:
            source.remarks.append(f"only the first {MAX_SLIDES:,} slides were imported")
            break
        title_shape = slide.shapes.title
        title = " ".join(title_shape.text_frame.text.split()) if title_shape is not None \
            and title_shape.has_text_frame else ""
        body: list[str] = []
        for index, shape in enumerate(_in_reading_order(slide.shapes), start=1):
            if title_shape is not None and shape.shape_id == title_shape.shape_id:
                continue
            _shape(shape, body, source, f"{image_prefix}slide-{number}-{index}", budget,
                   number)
        notes = _notes(slide)
        if number == 1 and title and not source.title and _only_subtitle(body):
            source.title = title
            source.subtitle = " ".join(" ".join(body).replace("- ", "", 1).split())
            lines += _notes_lines(notes)
            continue
        if title:
            lines += ["", f"## {escape(title)}", ""]
        elif body or notes:
            lines += ["", "---", ""]  # a slide with no title: a slide break
        lines += body + _notes_lines(notes)
    source.text = "\n".join(lines).strip() + "\n"
    return source


def _in_reading_order(shapes) -> list:
    """Top to bottom, then left to right (the order a reader's eye takes)."""
    return sorted(shapes, key=lambda s: ((s.top or 0) // 100_000, s.left or 0))


def _only_subtitle(body: list[str]) -> bool:
    return len([line for line in body if line.strip()]) <= 1


def _shape(shape, body: list[str], source: Source, name: str, budget: list[int],
           number: int) -> None:
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
        for index, inner in enumerate(_in_reading_order(shape.shapes), start=1):
            _shape(inner, body, source, f"{name}-{index}", budget, number)
    elif getattr(shape, "has_table", False) and shape.has_table:
        rows = [[escape(cell.text, table=True) for cell in row.cells] for row in shape.table.rows]
        body += [""] + table_lines(rows) + [""]
    elif shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
        _picture(shape, body, source, name, budget, number)
    elif shape.has_text_frame:
        for paragraph in shape.text_frame.paragraphs:
            text = "".join(styled(escape(run.text) if run.text.strip() else run.text,
                                  bool(run.font.bold), bool(run.font.italic))
                           for run in paragraph.runs)
            text = " ".join(text.split())
            if text:
                body.append("   " * min(paragraph.level, 2) + f"- {text}")
        body.append("")


def _picture(shape, body: list[str], source: Source, name: str, budget: list[int],
             number: int) -> None:
    try:
        image = shape.image
        blob, ext = image.blob, IMAGE_TYPES.get((image.ext or "").lower())
    except (AttributeError, KeyError, ValueError):
        source.remarks.append(f"slide {number}: a picture could not be read and was left out")
        return
    if ext is None:
        source.remarks.append(f"slide {number}: a picture in {image.ext or 'an unknown'} "
                              "format was left out (save it as PNG and add it)")
        return
    if len(blob) > min(MAX_IMAGE_BYTES, budget[0]):
        source.remarks.append(f"slide {number}: a picture too large to import was left out")
        return
    budget[0] -= len(blob)
    file_name = f"{name}.{ext}"
    source.images.append((file_name, blob))
    alt = " ".join((shape.name or "").split()) if not (shape.name or "").startswith(
        "Picture") else ""
    body += ["", f"![{escape(alt)}]({file_name})", ""]


def _notes(slide) -> str:
    if not slide.has_notes_slide:
        return ""
    frame = slide.notes_slide.notes_text_frame
    return frame.text.strip() if frame is not None else ""


def _notes_lines(notes: str) -> list[str]:
    if not notes:
        return []
    paragraphs = [escape(p) for p in notes.split("\n") if p.strip()]
    return ["", "::: notes", *"\n\n".join(paragraphs).split("\n"), ":::", ""]

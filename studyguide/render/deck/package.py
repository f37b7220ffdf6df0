"""python-pptx's package, made cheaper where a deck adds many slides: part names, slides
and notes.

Both do what python-pptx does, with the same result byte for byte (tests/render/test_deck.py
builds decks with and without them), without the work that grows with every slide added.
"""

from __future__ import annotations

from typing import Any


def remember_partnames(package: Any) -> None:
    """Name new parts by python-pptx's own rule without walking the whole package each time.

    Package.next_partname collects every part's name by walking all relationships, once per
    new notes slide: quadratic in the slides, an eighth of a deck's time. The deck adds parts
    only through python-pptx while it is drawn, so the names in use under each prefix are
    collected once and each name handed out is added to them.
    """
    from pptx.opc.packuri import PackURI

    taken: dict[str, set[str]] = {}

    def next_partname(tmpl: str) -> Any:
        prefix = tmpl[: (tmpl % 42).find("42")]
        names = taken.get(prefix)
        if names is None:
            names = taken[prefix] = {part.partname for part in package.iter_parts()
                                     if part.partname.startswith(prefix)}
        for n in range(len(names) + 1, 0, -1):  # as Package.next_partname searches
            if tmpl % n not in names:
                names.add(tmpl % n)
                return PackURI(tmpl % n)
        raise RuntimeError(f"no free part name for {tmpl}")

    package.next_partname = next_partname


def notes_body(slide: Any) -> Any:
    """The `p:txBody` of the notes placeholder of the slide's notes slide, new (None when the
    notes master has no notes placeholder): the first notes slide made by python-pptx,
    every later one a copy of the first as python-pptx made it, related the way python-pptx
    relates them.

    python-pptx builds each notes slide by cloning the notes master's placeholders one by one
    through its shape proxies (a fifth of a deck's time) and finds the notes placeholder by
    looking at each shape's placeholder XML; the clones come out the same for every slide
    (the same placeholders, ids and names), so the deck copies the first and finds the
    body at the same place in the copy.
    """
    import copy

    from pptx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from pptx.parts.slide import NotesSlidePart

    package = slide.part.package
    blank = getattr(package, "sg_blank_notes", None)
    if blank is None:
        frame = slide.notes_slide.notes_text_frame
        body = None if frame is None else frame._txBody
        package.sg_blank_notes = (copy.deepcopy(slide.notes_slide._element), _path(body))
        return body
    element, path = blank
    element = copy.deepcopy(element)
    part = NotesSlidePart(package.next_partname("/ppt/notesSlides/notesSlide%d.xml"),
                          CONTENT_TYPE.PML_NOTES_SLIDE, package, element)
    part.relate_to(package.presentation_part.notes_master_part, RELATIONSHIP_TYPE.NOTES_MASTER)
    part.relate_to(slide.part, RELATIONSHIP_TYPE.SLIDE)
    slide.part.relate_to(part, RELATIONSHIP_TYPE.NOTES_SLIDE)
    if path is None:
        return None
    for at in path:
        element = element[at]
    return element


def _path(element: Any) -> tuple[int, ...] | None:
    """The child indexes from the root of `element`'s tree down to it (None for None)."""
    if element is None:
        return None
    steps = []
    while element.getparent() is not None:
        steps.append(element.getparent().index(element))
        element = element.getparent()
    return tuple(reversed(steps))


def new_slide(prs: Any, layout: Any, keep: Any) -> tuple[Any, Any, list[Any]]:
    """A new slide on `layout` with the layout's placeholders as python-pptx clones them,
    but only those `keep(slide)` gives (the title placeholder or None, and the body ones;
    the rest removed): (slide, title placeholder element or None, body elements).

    python-pptx clones a layout's placeholders one by one through its shape proxies, several
    XPath look-ups each (a third of drawing a deck). The clones come out the same for every
    slide on a layout (the same placeholders, ids and names), so the first slide on each
    layout is made by python-pptx and every later one is a copy of it, related as
    python-pptx relates a new slide (to its layout, then from the presentation).
    """
    import copy

    from pptx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from pptx.parts.slide import SlidePart

    package = prs.part.package
    blanks = package.__dict__.setdefault("sg_blank_slides", {})
    blank = blanks.get(layout.part.partname)
    if blank is None:
        slide = prs.slides.add_slide(layout)
        title, bodies = keep(slide)
        shapes = list(slide.shapes._spTree)
        blanks[layout.part.partname] = (
            copy.deepcopy(slide._element),
            None if title is None else shapes.index(title),
            [shapes.index(body) for body in bodies])
        return slide, title, bodies
    element, title_at, body_at = blank
    presentation = prs.part
    part = SlidePart(presentation._next_slide_partname, CONTENT_TYPE.PML_SLIDE, package,
                     copy.deepcopy(element))
    part.relate_to(layout.part, RELATIONSHIP_TYPE.SLIDE_LAYOUT)
    prs.slides._sldIdLst.add_sldId(presentation.relate_to(part, RELATIONSHIP_TYPE.SLIDE))
    slide = part.slide
    shapes = list(slide.shapes._spTree)
    return (slide, None if title_at is None else shapes[title_at],
            [shapes[at] for at in body_at])

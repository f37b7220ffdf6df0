"""Tagged PDF (PDF/UA-1), the part the builders see: what each flowable is and what it is in.

reportlab writes no structure and no marked content; this layer adds both, in two modules.
Here builders report what a flowable *is* with `tag(flowable, role)` (a paragraph is a `P`,
an image a `Figure` with its alternative text) and what it sits *in* with
`within(flowables, Group(...))` or the helpers `as_list`, `as_definitions`, `as_table` and
`as_contents`; nothing else in the renderer knows about tagging. `structure.py` draws it: the
canvas that writes marked content and artifacts and, at save, the structure tree.

* A tagged flowable (a *leaf*) gets a subclass whose drawOn reports to the canvas's tagger
  (the leaf's content is marked) and whose split passes the tag to the parts, so a paragraph
  split across pages is one `P` with content on both pages.
* A leaf's element is made the first time it is drawn, under the groups of its path (made on
  demand), so a list or table split across pages is still one element.
* Anything not tagged is drawn as an artifact: rules, boxes, table lines, backgrounds, the
  running header and footer, a table's header row repeated on a new page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(eq=False)
class Group:
    """A structure element that holds others (L, LI, Table, TR, BlockQuote...)."""

    role: str
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass(eq=False)
class Tag:
    """What a leaf flowable reports: its role, attributes and enclosing groups (outermost
    first). `once`: drawn again (a table header repeated overleaf), it is an artifact."""

    role: str
    attrs: dict[str, Any] = field(default_factory=dict)
    path: list[Group] = field(default_factory=list)
    once: bool = False
    label_of: tuple[Tag, Group] | None = None  # a list bullet: the LI of this leaf in that L
    bullet: Tag | None = None  # the Lbl of the `<bullet>` a paragraph draws (a question number)


# ------------------------------------------------------------------ reporting (builders)

_TAGGED_CLASSES: dict[type, type] = {}  # a flowable class -> its tagged subclass
_LABELLED: dict[type, type] = {}  # a list class -> its subclass that tags its bullets


def _tagged_class(base: type[Any]) -> type[Any]:
    """`base` with a drawOn that marks its content and a split that passes the tag on."""
    if base in _TAGGED_CLASSES or getattr(base, "sg_tagged_class", False):
        return _TAGGED_CLASSES.get(base, base)

    def drawOn(self: Any, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802
        tagger = getattr(canvas, "sg_tags", None)
        tag_ = self.__dict__.get("sg_tag")
        if tagger is None or tag_ is None:
            return base.drawOn(self, canvas, x, y, _sW)
        tagger.draw_bullet(canvas, tag_, self, x, y, _sW)
        tagger.begin(canvas, tag_, self)
        try:
            base.drawOn(self, canvas, x, y, _sW)
        finally:
            tagger.end(canvas)

    def split(self: Any, *args: Any, **kwargs: Any) -> list[Any]:
        return carry(self, base.split(self, *args, **kwargs))

    cls = type(f"Tagged{base.__name__}", (base,),
               {"drawOn": drawOn, "split": split, "sg_tagged_class": True,
                "__module__": base.__module__})
    _TAGGED_CLASSES[base] = cls
    return cls


def tag(flowable: Any, role: str, **attrs: Any) -> Any:
    """Report that `flowable` is a structure element of `role` (P, H, Figure...)."""
    flowable.sg_tag = Tag(role, dict(attrs))
    flowable.__class__ = _tagged_class(type(flowable))
    return flowable


def untagged(flowables: list[Any], role: str = "P") -> list[Any]:
    """Tag every reportlab Paragraph among `flowables` that has no tag yet (for builders that
    make their own paragraphs), leaving other flowables as they are."""
    from reportlab.platypus import Paragraph

    for flowable in flowables:
        if isinstance(flowable, Paragraph) and "sg_tag" not in flowable.__dict__:
            tag(flowable, role)
    return flowables


def heading(flowable: Any, level: int) -> Any:
    """Report a heading at outline `level` (1 for the title); never deeper than one below
    the heading before it when drawn."""
    return tag(flowable, "H", section=max(1, level))


def carry(source: Any, parts: list[Any]) -> list[Any]:
    """The parts of a split `source` share its tag: one element, content on every page."""
    found = getattr(source, "__dict__", {}).get("sg_tag")
    if found is not None:
        for part in parts:
            if part is not source:
                part.sg_tag = found
                part.__class__ = _tagged_class(type(part))
    return parts


_INNER = ("_flowables", "_list_content", "_content", "children", "_cellvalues", "_flowable")


def leaves(flowables: Any) -> list[Tag]:
    """The tags of every tagged flowable in `flowables`, through lists, boxes and tables,
    in depth-first order (a loop over a stack: a recursive closure would be a reference
    cycle, left for the garbage collector, on every call)."""
    found: list[Tag] = []
    seen: set[int] = set()
    pending = [flowables]
    while pending:
        item = pending.pop()
        if isinstance(item, (list, tuple)):
            if id(item) not in seen:
                seen.add(id(item))
                pending += reversed(item)
            continue
        attrs = getattr(item, "__dict__", None)  # None for text and numbers in table cells
        if attrs is None or id(item) in seen:
            continue
        seen.add(id(item))
        own = attrs.get("sg_tag")
        if own is not None:
            found.append(own)
        inner = [attrs[name] for name in _INNER if attrs.get(name) is not None]
        pending += reversed(inner)
    return found


def within(flowables: Any, *groups: Group) -> Any:
    """Put every tagged flowable in `flowables` inside `groups` (outermost first)."""
    for found in leaves(flowables):
        found.path[:0] = list(groups)
    return flowables


def as_list(items: list[list[Any]]) -> Group:
    """Each list of flowables becomes one item of a list: L > LI > LBody."""
    listing = Group("L")
    for item in items:
        within(item, listing, Group("LI"), Group("LBody"))
    return listing


def as_numbered(items: list[list[Any]]) -> Group:
    """Items whose first flowable is a paragraph drawing its number as a reportlab `<bullet>`
    (questions): L > LI > Lbl (the number) + LBody (the rest, the first paragraph's text on)."""
    listing = as_list(items)
    for item in items:
        first = item[0].__dict__.get("sg_tag") if item else None
        if first is not None:
            first.bullet = Tag("Lbl", label_of=(first, listing))
    return listing


def labelled_rows(rows: list[list[Any]], texts: list[str]) -> Group:
    """Rows of [mark, flowables...] (a multiple-choice option and its tick box): a list whose
    labels are the marks, described by `texts` (L > LI > Lbl + LBody)."""
    listing = Group("L")
    for (mark, *rest), text in zip(rows, texts):
        entry = Group("LI")
        within(tag(mark, "Lbl", ActualText=text), listing, entry)
        within(rest, listing, entry, Group("LBody"))
    return listing


def list_labels(flowable: Any, listing: Group) -> Any:
    """The bullets or numbers a reportlab ListFlowable draws become the Lbl of their LI.

    The list makes its items (and their bullets) only when first laid out, after builders may
    still set its spacing, so the labels are tagged then, not now."""
    flowable.sg_listing = listing
    base = type(flowable)
    if base not in _LABELLED:
        def _getContent(self: Any) -> Any:  # noqa: N802 - reportlab's name
            content = base._getContent(self)
            _label(content, self.sg_listing)
            return content

        _LABELLED[base] = type(f"Labelled{base.__name__}", (base,),
                               {"_getContent": _getContent})
    flowable.__class__ = _LABELLED[base]
    return flowable


def _label(content: Any, listing: Group) -> None:
    for indenter in content:
        bullet = getattr(indenter, "__dict__", {}).get("_bullet")
        first = leaves(getattr(indenter, "_flowable", None))
        if bullet is None or not first or listing not in first[0].path:
            continue
        bullet.sg_tag = Tag("Lbl", label_of=(first[0], listing))
        bullet.__class__ = _tagged_bullet(type(bullet))


def _tagged_bullet(base: type[Any]) -> type[Any]:
    if base not in _TAGGED_CLASSES:
        def drawOn(self: Any, indenter: Any, canvas: Any, x: float, y: float,  # noqa: N802
                   _sW: float = 0) -> None:
            tagger = getattr(canvas, "sg_tags", None)
            if tagger is None:
                return base.drawOn(self, indenter, canvas, x, y, _sW)
            tagger.begin(canvas, self.sg_tag)
            try:
                base.drawOn(self, indenter, canvas, x, y, _sW)
            finally:
                tagger.end(canvas)

        _TAGGED_CLASSES[base] = type(f"Tagged{base.__name__}", (base,), {"drawOn": drawOn})
    return _TAGGED_CLASSES[base]


def as_definitions(rows: list[list[Any]]) -> None:
    """Rows of [term, definition]: a list whose labels are the terms (L > LI > Lbl, LBody)."""
    listing = Group("L")
    for term, definition in rows:
        entry = Group("LI")
        within(term, listing, entry, Group("Lbl"))
        within(definition, listing, entry, Group("LBody"))


def as_contents(titles: list[Any]) -> None:
    """The title paragraphs of a contents page: TOC > TOCI > P (page numbers stay artifacts)."""
    contents = Group("TOC")
    for title in titles:
        within(tag(title, "P"), contents, Group("TOCI"))


def as_table(rows: list[list[Any]], header_rows: int = 1) -> None:
    """Cells of a data table: Table > THead/TBody > TR > TH (Scope Column) / TD. Header cells
    repeated on a later page are drawn as artifacts."""
    table, head, body = Group("Table"), Group("THead"), Group("TBody")
    for index, row in enumerate(rows):
        is_head = index < header_rows
        tr = Group("TR")
        for cell in row:
            group = (Group("TH", {"Scope": "Column"}) if is_head else Group("TD"))
            within(cell, table, head if is_head else body, tr, group)
            if is_head:
                for found in leaves(cell):
                    found.once = True


def figure_text(parts: list[str]) -> str:
    """Alternative text from several pieces, for a Figure's /Alt."""
    return "; ".join(p.strip() for p in parts if p and p.strip())

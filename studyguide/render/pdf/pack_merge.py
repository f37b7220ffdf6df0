"""Merging a course pack's parts (pack_parts.py) into one tagged PDF (PDF/UA-1), with pikepdf.

* The pages of every part, in order; the front matter's document information, XMP packet,
  language and viewer preferences.
* One structure tree: one `Document` element holding every part's top-level elements in
  order; each part's parent-tree keys (its pages' /StructParents and its links'
  /StructParent) moved up by the keys of the parts before it, so none collide.
* Named destinations (links into another part) resolved to the page they now stand on.
* The bookmarks of the whole pack, built from each part's list.
* The running heads and footers ("Page 12 of 54") drawn by reportlab on pages of their own
  (`furniture`), each placed on its pack page as a form XObject inside an `/Artifact`
  (pagination) marked-content sequence; its fonts are embedded subsets like the parts'.

Saved without timestamps and with an ID computed from the content, so the same parts give the
same bytes.
"""

from __future__ import annotations

import io
import warnings
from typing import Any

from studyguide.render.pdf.pack_parts import Part

FURNITURE = "/SgFurniture"  # the form XObject's name in each page's resources
STAMP = b"/Artifact <</Type /Pagination>> BDC q 1 0 0 1 0 0 cm " + FURNITURE.encode() + \
    b" Do Q EMC"


def merge_parts(parts: list[Part], furniture: bytes) -> bytes:
    """One PDF of `parts` (the first is the front matter) with `furniture` stamped on."""
    import pikepdf

    out = pikepdf.new()
    sources = [pikepdf.open(io.BytesIO(part.pdf)) for part in parts]
    document = out.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem,
                                                    S=pikepdf.Name.Document))
    kids, nums, role_map = pikepdf.Array(), pikepdf.Array(), pikepdf.Dictionary()
    dests: dict[str, tuple[Any, float | None, float | None]] = {}
    marks: list[tuple[int, str, str]] = []
    next_key = 0
    for part, source in zip(parts, sources):
        first = len(out.pages)
        with warnings.catch_warnings():
            # pikepdf warns that named destinations are not carried over: the parts have
            # none in a name tree; their links to other parts are resolved below
            warnings.simplefilter("ignore")
            out.pages.extend(source.pages)
        pages = list(out.pages)[first:]
        next_key = _adopt_tree(out, source, pages, document, kids, nums, role_map, next_key)
        dests.update({name: (pages[at].obj, left, top)
                      for name, (at, left, top) in part.dests.items() if at < len(pages)})
        marks += part.bookmarks
    document.K = kids
    _resolve_links(out, dests)
    _stamp(out, furniture)
    _catalog(out, sources[0], document, nums, next_key, role_map)
    _outline(out, marks, dests)
    _flate_by_name(out)
    buffer = io.BytesIO()
    out.save(buffer, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return buffer.getvalue()


def _flate_by_name(out: Any) -> None:
    """`/Filter [/FlateDecode]` (reportlab's spelling) written as `/Filter /FlateDecode`, as
    qpdf writes it anyway. qpdf copies a stream whose filter is that name as it is, but
    inflates and deflates again one whose filter is an array: every page's content and every
    font of the pack, 45 ms of the teacher pack's 71 ms save, for the same bytes."""
    import pikepdf

    flate = pikepdf.Name.FlateDecode
    for obj in out.objects:
        if isinstance(obj, pikepdf.Stream) and "/DecodeParms" not in obj:
            found = obj.get("/Filter")
            if isinstance(found, pikepdf.Array) and len(found) == 1 and found[0] == flate:
                obj.Filter = flate


def _adopt_tree(out: Any, source: Any, pages: list[Any], document: Any, kids: Any,
                nums: Any, role_map: Any, offset: int) -> int:
    """Move one part's structure elements under `document`, its parent-tree entries into
    `nums` with keys moved up by `offset`; the next free key."""
    import pikepdf

    root = source.Root.get("/StructTreeRoot")
    if root is None:
        return offset
    tree = out.copy_foreign(root)
    for top in _array(tree.get("/K")):
        for kid in _array(top.get("/K")) if top.get("/S") == pikepdf.Name.Document else [top]:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != pikepdf.Name.MCR:
                kid.P = document
            kids.append(kid)
    for key, value in (tree.get("/RoleMap") or {}).items():
        role_map[key] = value
    entries = list(_array(tree.ParentTree.get("/Nums")))
    for index in range(0, len(entries) - 1, 2):
        nums.append(int(entries[index]) + offset)
        nums.append(entries[index + 1])
    for page in pages:
        if "/StructParents" in page.obj:
            page.obj.StructParents = int(page.obj.StructParents) + offset
        for annot in page.obj.get("/Annots") or []:
            if "/StructParent" in annot:
                annot.StructParent = int(annot.StructParent) + offset
    return offset + int(tree.get("/ParentTreeNextKey", len(entries) // 2))


def _array(value: Any) -> list[Any]:
    import pikepdf

    if value is None:
        return []
    return list(value) if isinstance(value, pikepdf.Array) else [value]


def _destination(page: Any, left: float | None, top: float | None) -> Any:
    import pikepdf

    def number(value: float | None) -> Any:
        return pikepdf.Object.parse(b"null") if value is None else value

    return pikepdf.Array([page, pikepdf.Name.XYZ, number(left), number(top), 0])


def _resolve_links(out: Any, dests: dict[str, tuple[Any, float | None, float | None]]) -> None:
    """Every link to a named destination pointed at the page it now stands on (one whose
    name no part defines loses its destination: a dead link, never a broken file)."""
    import pikepdf

    for page in out.pages:
        for annot in page.obj.get("/Annots") or []:
            target = annot.get("/Dest")
            if isinstance(target, pikepdf.String):
                found = dests.get(str(target))
                if found is None:
                    del annot["/Dest"]
                else:
                    annot.Dest = _destination(*found)


def _stamp(out: Any, furniture: bytes) -> None:
    """Each pack page gets its page of `furniture` drawn on top, as an artifact."""
    import pikepdf

    drawn = pikepdf.open(io.BytesIO(furniture))
    for page, stamp in zip(out.pages, drawn.pages):
        form = out.copy_foreign(drawn.make_indirect(stamp.as_form_xobject()))
        resources = page.obj.get("/Resources")
        if resources is None:
            page.obj.Resources = resources = pikepdf.Dictionary()
        if "/XObject" not in resources:
            resources.XObject = pikepdf.Dictionary()
        resources.XObject[FURNITURE] = form
        page.contents_add(out.make_stream(STAMP), prepend=False)


def _catalog(out: Any, front: Any, document: Any, nums: Any, next_key: int,
             role_map: Any) -> None:
    """The document-level entries: the structure tree root, and what the front matter's
    catalog and information dictionary say of the whole pack."""
    import pikepdf

    root = out.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.StructTreeRoot, K=pikepdf.Array([document]),
        ParentTree=out.make_indirect(pikepdf.Dictionary(Nums=nums)),
        ParentTreeNextKey=next_key))
    if len(role_map):
        root.RoleMap = role_map
    document.P = root
    out.Root.StructTreeRoot = root
    out.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    for key in ("/Lang", "/ViewerPreferences", "/Metadata"):
        if key in front.Root:
            out.Root[key] = _copied(out, front.Root[key])
    out.Root.PageMode = pikepdf.Name.UseOutlines
    info = front.trailer.get("/Info")
    if info is not None:
        out.trailer.Info = _copied(out, info)
        if "/Keywords" in out.trailer.Info:  # the front matter's cache key, not the pack's
            out.trailer.Info.Keywords = pikepdf.String("")


def _copied(out: Any, value: Any) -> Any:
    """`value` of another PDF as an object of `out` (a direct one, a name or a string, as
    it is: copy_foreign takes only indirect objects)."""
    import pikepdf

    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return out.copy_foreign(value)
    if isinstance(value, pikepdf.Dictionary):
        return pikepdf.Dictionary({k: _copied(out, v) for k, v in value.items()})
    return value


def _outline(out: Any, marks: list[tuple[int, str, str]],
             dests: dict[str, tuple[Any, float | None, float | None]]) -> None:
    """The bookmarks: `marks` (level, title, destination) as nested outline items, those
    below the top level closed, as each part's own outline has them."""
    import pikepdf

    top = out.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Outlines))
    stack: list[tuple[int, Any]] = [(-1, top)]
    children: dict[int, list[Any]] = {}
    for level, title, name in marks:
        if name not in dests:
            continue
        while stack[-1][0] >= level:
            stack.pop()
        parent = stack[-1][1]
        item = out.make_indirect(pikepdf.Dictionary(Title=pikepdf.String(title), Parent=parent,
                                                    Dest=_destination(*dests[name])))
        children.setdefault(parent.objgen, []).append(item)
        stack.append((level, item))
    _link(top, children, level=-1)
    if "/First" in top:
        out.Root.Outlines = top


def _link(node: Any, children: dict[Any, list[Any]], level: int) -> int:
    """First/Last/Next/Prev/Count of `node`'s items (those below the top level closed, as
    reportlab writes them); how many items a reader sees under `node` when it is open."""
    items = children.get(node.objgen, [])
    if not items:
        return 0
    for before, after in zip(items, items[1:]):
        before.Next, after.Prev = after, before
    node.First, node.Last = items[0], items[-1]
    shown = 0
    for item in items:
        below = _link(item, children, level + 1)
        if below:
            item.Count = below if level + 1 == 0 else -below
        shown += 1 + (below if level + 1 == 0 else 0)
    if level < 0:
        node.Count = shown
    return shown

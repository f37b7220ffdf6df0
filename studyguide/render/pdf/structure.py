"""Tagged PDF (PDF/UA-1), the part that writes it: marked content, artifacts, the structure tree.

The builders tag flowables (`tagging.py`); the document's canvas (`TaggedCanvas`, the base of
furniture.canvas_class) holds a `Tagger` that

* draws every tagged flowable between `/Role <</MCID n>> BDC` and `EMC`, and everything else
  inside `/Artifact BMC ... EMC`, closed before every `q`/`Q` and opened again after it, so
  marked content never straddles a graphics-state boundary;
* gives each link annotation a description (`/Contents`), a `/Link` element holding an `/OBJR`
  under the element being drawn (a citation's inside a `Reference`), and its page `/Tabs /S`;
* at save writes the tree as reportlab objects: `/StructTreeRoot` with a `/ParentTree`,
  `/StructParents` on every page, `/MarkInfo`, `/ViewerPreferences /DisplayDocTitle` and an XMP
  packet with the title, the language and `pdfuaid:part 1`.

`ENABLED` is the internal switch: with it off the same drawing happens without the operators
(tests compare the page images of both to prove tagging changes nothing a reader sees).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from reportlab.pdfgen.canvas import Canvas

from studyguide.render.common.markup import escape as xml_escape
from studyguide.render.pdf.objects import Array, Dict, name
from studyguide.render.pdf.tagging import Tag

ENABLED = True
HEADING_ROLES = ("H1", "H2", "H3", "H4", "H5", "H6")
CITATION = "Source "  # the description of a citation's link: "Source 3"
_MCR = name("MCR")


# ------------------------------------------------------------------ the tree

@dataclass(eq=False)
class Node:
    role: str
    attrs: dict[str, Any]
    parent: Node | None
    kids: list[Any] = field(default_factory=list)  # Node, ("mcr", page, mcid), ("objr", n)


class Tagger:
    """The structure tree of one PDF and the marked-content state of the page being drawn."""

    def __init__(self) -> None:
        self.document = Node("Document", {}, None)
        self.nodes: dict[int, Node] = {}  # id(Tag or Group) -> its element
        self._keep: list[Any] = []  # the tags and groups whose ids are keys above
        self.drawn: set[int] = set()  # ids of tags drawn once
        self.drawn_flowables: set[int] = set()  # ids of the flowables drawn (kept alive)
        self.stack: list[Node | None] = []  # open leaves (None: drawn as part of another)
        self.leaf: Node | None = None
        self.last_leaf: Node | None = None
        self.page = 0
        self.mcids: list[list[Node]] = [[]]  # per page: MCID -> element
        self.annots: list[tuple[Any, Any, Node, int]] = []  # (annotation, ref, link, page)
        self.page_refs: list[Any] = []
        self.artifact_at: int | None = None  # index in the page code of an open artifact
        self.last_heading = 0
        self.section = 0
        self.drop_bullet = False  # a paragraph's number was drawn as its Lbl: skip it there
        self.inline: Node | None = None  # in a paragraph with a language marked: the element
        # its text is in now (the paragraph's, or a Span's)

    # -- marked content
    def open_artifact(self, canvas: Any) -> None:
        if (self.leaf is None or self.inline is not None) and self.artifact_at is None:
            canvas._code.append("/Artifact BMC")
            self.artifact_at = len(canvas._code)

    def close_artifact(self, canvas: Any) -> None:
        if self.artifact_at is None:
            return
        code = canvas._code
        if len(code) == self.artifact_at and code and code[-1] == "/Artifact BMC":
            code.pop()  # nothing was drawn in it
        else:
            code.append("EMC")
        self.artifact_at = None

    def begin(self, canvas: Any, found: Tag, flowable: Any = None) -> None:
        # A flowable drawn a second time is a repeat (a table's header row on a new page):
        # an artifact. The parts of a split flowable are new objects sharing its tag.
        again = flowable is not None and id(flowable) in self.drawn_flowables
        if self.leaf is not None or again or (found.once and id(found) in self.drawn):
            self.stack.append(None)
            return
        self.drawn.add(id(found))
        if flowable is not None:
            self.drawn_flowables.add(id(flowable))
            self._keep.append(flowable)
        node = self._element(found)
        self.close_artifact(canvas)
        if _has_lang(flowable):
            self.leaf = self.inline = node
            self.stack.append(node)
            self.open_artifact(canvas)
            return
        page = self.mcids[-1]
        canvas._code.append(f"/{node.role} <</MCID {len(page)}>> BDC")
        node.kids.append(("mcr", self.page, len(page)))
        page.append(node)
        self.leaf = node
        self.stack.append(node)

    def end(self, canvas: Any) -> None:
        node = self.stack.pop()
        if node is None:
            return
        if self.inline is not None:
            self.close_artifact(canvas)
            self.inline = None
        else:
            canvas._code.append("EMC")
        self.leaf, self.last_leaf = None, node
        self.open_artifact(canvas)

    def capture(self, text_object: Any) -> bool:
        """Whether to leave out this text object: a question's number, drawn already as the
        paragraph's Lbl (see draw_bullet)."""
        dropped, self.drop_bullet = self.drop_bullet, False
        return dropped

    def draw_bullet(self, canvas: Any, found: Tag, para: Any, x: float, y: float,
                    _sW: float) -> None:
        """Before a paragraph with a Lbl for its `<bullet>` (a question number) is drawn: draw
        that number as reportlab would (its own function, the same place), as the Lbl's
        content, and leave it out of the paragraph's. The page looks the same; the number
        is a separate element, first in its item and in the content stream."""
        from reportlab.platypus.paragraph import _drawBullet

        blpara = getattr(para, "blPara", None)
        bullet = getattr(para, "bulletText", None)
        if found.bullet is None or not bullet or blpara is None or not blpara.lines:
            return
        from reportlab import rl_config

        first = blpara if blpara.kind == 0 else blpara.lines[0]
        if rl_config.paraFontSizeHeightOffset:
            cur_y = para.height - first.fontSize
        else:
            cur_y = para.height - getattr(first, "ascent", first.fontSize)
        canvas.saveState()
        canvas.translate(para._hAlignAdjust(x, _sW), y)
        self.begin(canvas, found.bullet)
        _drawBullet(canvas, 0, cur_y, bullet, para.style, rtl=False)
        self.end(canvas)
        canvas.restoreState()
        self.drop_bullet = True

    # -- a paragraph with words in another language: its marked content is inside its text
    # objects (a `Span` element with its own /Lang and MCID between two runs of the
    # paragraph's), since marked content with an MCID may not hold another; what it draws
    # outside them (underlines) is an artifact.
    def _mark(self, text_object: Any, node: Node, at: int | None = None) -> None:
        page = self.mcids[-1]
        operator = f"/{node.role} <</MCID {len(page)}>> BDC"
        if at is None:
            text_object._code.append(operator)
        else:
            text_object._code.insert(at, operator)
        node.kids.append(("mcr", self.page, len(page)))
        page.append(node)

    def _open_text(self, text_object: Any) -> None:
        if self.inline is not None and not getattr(text_object, "sg_marked", False):
            text_object.sg_marked = True
            self._mark(text_object, self.inline, at=1)  # just after its BT

    def lang(self, text_object: Any, lang: str) -> None:
        """A span in another language begins (`lang`) or ends ("") in `text_object`."""
        if self.inline is None or self.leaf is None:
            return
        self._open_text(text_object)
        text_object._code.append("EMC")
        if lang:
            span = Node("Span", {"Lang": lang}, self.leaf)
            self.leaf.kids.append(span)
            self.inline = span
        else:
            self.inline = self.leaf
        self._mark(text_object, self.inline)

    def text_drawn(self, canvas: Any, text_object: Any) -> bool:
        """Write a text object of a paragraph with words in another language, its marked
        content inside it; False for any other text object (written as it is)."""
        if self.inline is None:
            return False
        self._open_text(text_object)
        text_object._code.append("EMC")
        self.close_artifact(canvas)
        canvas._code.append(text_object.getCode())
        self.open_artifact(canvas)
        return True

    def page_done(self, canvas: Any) -> None:
        """The page's drawing is over (its furniture comes later, as artifacts)."""
        self.close_artifact(canvas)
        self.page += 1
        self.mcids.append([])

    def annotation(self, canvas: Any, annotation: Any, ref: Any) -> None:
        """A link just added to the page: describe it and give it a Link element."""
        from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFString

        owner = self.leaf or self.last_leaf or self.document
        text = _describe(annotation)
        if text.startswith(CITATION):  # a citation number: a Reference to the source list
            reference = Node("Reference", {}, owner)
            owner.kids.append(reference)
            owner = reference
        link = Node("Link", {}, owner)
        owner.kids.append(link)
        if isinstance(annotation, PDFDictionary):
            annotation["Contents"] = PDFString(text)
        else:
            annotation.Contents = text
        link.kids.append(("objr", len(self.annots)))
        self.annots.append((annotation, ref, link, self.page))

    def _element(self, found: Tag) -> Node:
        if id(found) in self.nodes:
            return self.nodes[id(found)]
        role, attrs = found.role, dict(found.attrs)
        if found.label_of is not None:
            item, listing = found.label_of
            parent = self._path(item.path[:item.path.index(listing) + 2])  # to the LI
            node = Node(role, attrs, parent)
            parent.kids.insert(0, node)  # the label comes first, even when drawn after
        else:
            parent = self._path(found.path)
            if role == "H":
                role = self._heading_role(attrs.pop("section", None), attrs.pop("sub", 1))
            node = Node(role, attrs, parent)
            parent.kids.append(node)
        self._remember(found, node)
        return node

    def _path(self, path: list[Any]) -> Node:
        """The element of the innermost group of `path`, made (with those around it) if new."""
        parent = self.document
        for group in path:
            node = self.nodes.get(id(group))
            if node is None:
                node = Node(group.role, dict(group.attrs), parent)
                parent.kids.append(node)
                self._remember(group, node)
            parent = node
        return parent

    def _remember(self, key: Any, node: Node) -> None:
        self.nodes[id(key)] = node
        self._keep.append(key)

    def _heading_role(self, section: int | None, sub: int) -> str:
        wanted = section if section is not None else max(self.section, 1) + sub
        level = max(1, min(wanted, self.last_heading + 1, len(HEADING_ROLES)))
        if section is not None:
            self.section = level
        self.last_heading = level
        return HEADING_ROLES[level - 1]

    # -- writing
    def page_written(self, canvas: Any) -> None:
        """reportlab has just added a page object: link it to its marked content."""
        from reportlab.pdfbase.pdfdoc import PDFName

        doc = canvas._doc
        page = doc.Pages.pages[-1]
        index = len(self.page_refs)
        page.__NoDefault__ = [*page.__NoDefault__, "StructParents", "Tabs"]
        page.StructParents = index
        page.Tabs = PDFName("S") if any(a[3] == index for a in self.annots) else None
        self.page_refs.append(doc.Reference(page))

    def finish(self, canvas: Any) -> None:
        """Write the structure tree and the document-level entries into the catalog."""
        from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFString, PDFtrue

        doc = canvas._doc
        pages = len(self.page_refs)
        root = Dict({"Type": name("StructTreeRoot")})
        root_ref = doc.Reference(root)
        refs: dict[int, Any] = {}
        order: list[tuple[Node, Any]] = []

        # objects numbered in the tree's pre-order (a loop: a recursive closure would be a
        # reference cycle holding every object of the tree until a full garbage collection)
        pending = [self.document]
        while pending:
            node = pending.pop()
            obj = Dict({})
            order.append((node, obj))
            refs[id(node)] = doc.Reference(obj)
            pending += [kid for kid in reversed(node.kids) if isinstance(kid, Node)]
        element = name("StructElem")
        kid_of = self._kid
        for node, obj in order:
            entries = obj.dict
            entries["Type"] = element
            entries["S"] = name(node.role)
            entries["P"] = refs[id(node.parent)] if node.parent else root_ref
            kids = [refs[id(kid)] if isinstance(kid, Node) else kid_of(kid)
                    for kid in node.kids]
            entries["K"] = kids[0] if len(kids) == 1 else Array(kids)  # one kid: itself
            for key, value in node.attrs.items():
                if key == "Scope":
                    entries["A"] = Dict({"O": name("Table"), "Scope": name(value)})
                elif key in ("Alt", "ActualText", "Lang"):
                    entries[key] = PDFString(value)
        nums: list[Any] = []
        for index, page in enumerate(self.mcids[:pages]):
            nums += [index, Array([refs[id(n)] for n in page])]
        for number, (annotation, _ref, link, _page) in enumerate(self.annots):
            parent_key = pages + number
            if isinstance(annotation, PDFDictionary):
                annotation["StructParent"] = parent_key
            else:
                annotation.otherkw["StructParent"] = parent_key
                annotation.permitted = (*annotation.permitted, "StructParent")
            nums += [parent_key, refs[id(link)]]
        root["K"] = Array([refs[id(self.document)]])
        root["ParentTree"] = doc.Reference(Dict({"Nums": Array(nums)}))
        root["ParentTreeNextKey"] = pages + len(self.annots)
        cat = doc.Catalog
        cat.StructTreeRoot = root
        cat.MarkInfo = PDFDictionary({"Marked": PDFtrue})
        canvas.setViewerPreference("DisplayDocTitle", "true")
        cat.Metadata = _xmp(doc)
        for node, _obj in order:  # written: its links up are cycles for the collector to find
            node.parent = None

    def _kid(self, kid: tuple[Literal["mcr"], int, int] | tuple[Literal["objr"], int]) -> Any:
        """A marked-content reference or an object reference (a link) of an element."""
        if kid[0] == "mcr":
            return Dict({"Type": _MCR, "Pg": self.page_refs[kid[1]], "MCID": kid[2]})
        _annotation, ref, _link, page = self.annots[kid[1]]
        return Dict({"Type": name("OBJR"), "Obj": ref, "Pg": self.page_refs[page]})


def _describe(annotation: Any) -> str:
    """A link's description: where it goes."""
    from reportlab.pdfbase.pdfdoc import PDFDictionary

    if isinstance(annotation, PDFDictionary):
        action = annotation.dict.get("A")
        target = action.dict.get("URI") if action is not None else None
        url = getattr(target, "s", None) or str(target or "")
        return f"Link to {url}" if url else "Link"
    name = str(getattr(annotation.Destination, "name", "") or "")
    if name.startswith("sg-source-"):
        return f"{CITATION}{name[len('sg-source-'):]}"
    return getattr(annotation, "sg_description", "") or "Link within this document"


def _xmp(doc: Any) -> Any:
    """The XMP packet: title, language, creator tool and the PDF/UA-1 identification."""
    from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFStream

    info = doc.info
    title = xml_escape(str(getattr(info, "title", "") or ""))
    author = xml_escape(str(getattr(info, "author", "") or ""))
    lang = xml_escape(str(getattr(doc.Catalog, "Lang", None) and doc.Catalog.Lang.s or "en"))
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreatorTool>studyguide</xmp:CreatorTool>
   <pdf:Producer>ReportLab PDF Library - www.reportlab.com</pdf:Producer>
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    stream = PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
                       packet.encode("utf-8"), filters=[])
    return stream


# ------------------------------------------------------------------ the canvas

class TaggedCanvas(Canvas):
    """A Canvas that keeps artifacts from straddling q/Q and gives links their elements.

    The document's furniture canvas derives from it and calls `page_done`, `artifact`,
    `page_written` and `finish` (module functions below) at the right moments.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sg_tags = Tagger() if ENABLED else None
        self.setNamedCB(LANG_MARK, _lang_mark)

    def drawText(self, aTextObject: Any) -> None:  # noqa: N802, N803 - reportlab's names
        tagger = getattr(self, "sg_tags", None)
        if tagger is not None:
            if tagger.capture(aTextObject) or tagger.text_drawn(self, aTextObject):
                return
        super().drawText(aTextObject)

    def saveState(self) -> None:  # noqa: N802 - reportlab's name
        tagger = getattr(self, "sg_tags", None)
        if tagger is not None:
            tagger.close_artifact(self)
        super().saveState()
        if tagger is not None:
            tagger.open_artifact(self)

    def restoreState(self) -> None:  # noqa: N802 - reportlab's name
        tagger = getattr(self, "sg_tags", None)
        if tagger is not None:
            tagger.close_artifact(self)
        super().restoreState()
        if tagger is not None:
            tagger.open_artifact(self)

    def _addAnnotation(self, annotation: Any, name: Any = None, addtopage: int = 1) -> None:
        super()._addAnnotation(annotation, name, addtopage)
        tagger = getattr(self, "sg_tags", None)
        if tagger is not None:
            name = name or f"NUMBER{self._annotationCount}"
            tagger.annotation(self, annotation, self._doc.refAnnotation(name))


LANG_MARK = "sg_lang"  # the paragraph markup's `<onDraw name="sg_lang" label="ru"/>`
LANG_END = "-"  # the label that ends the span


def lang_markup(body: str, lang: str) -> str:
    """Paragraph markup for `body` in language `lang` (a BCP 47 tag, checked by the parser)."""
    return (f'<onDraw name="{LANG_MARK}" label="{lang}"/>{body}'
            f'<onDraw name="{LANG_MARK}" label="{LANG_END}"/>')


def _has_lang(flowable: Any) -> bool:
    """Whether a paragraph (or a part of one) holds a span marked with a language (its
    fragments are reportlab's: before wrapping plain, after it lists of (width, fragment))."""
    text = getattr(flowable, "text", None)
    if isinstance(text, str) and text:
        return LANG_MARK in text  # an unsplit paragraph: its fragments come from this markup

    return any(_marked(frag) for frag in getattr(flowable, "frags", None) or ())


def _marked(item: Any, depth: int = 0) -> bool:
    """Whether a fragment, or a frag word (to a depth of 3), is a language mark (a module
    function: a recursive closure would be a reference cycle on every call)."""
    if getattr(getattr(item, "cbDefn", None), "name", None) == LANG_MARK:
        return True
    if depth < 3 and isinstance(item, (list, tuple)):
        return any(_marked(sub, depth + 1) for sub in item)
    return False


def _lang_mark(canvas: Any, kind: str, label: str | None) -> None:
    tagger = getattr(canvas, "sg_tags", None)
    info = getattr(canvas, "_curr_tx_info", None)
    if tagger is not None and info is not None:
        tagger.lang(info["tx"], "" if label in (None, LANG_END) else str(label))


def page_done(canvas: Any) -> None:
    """The flowables of the current page are drawn."""
    if getattr(canvas, "sg_tags", None) is not None:
        canvas.sg_tags.page_done(canvas)


class artifact:  # noqa: N801 - used as a context manager: `with tagging.artifact(canvas):`
    """Everything drawn inside is an artifact (running header, footer, page number)."""

    def __init__(self, canvas: Any) -> None:
        self.canvas = canvas
        self.tagger = getattr(canvas, "sg_tags", None)

    def __enter__(self) -> None:
        if self.tagger is not None:
            self.tagger.open_artifact(self.canvas)

    def __exit__(self, *exc: Any) -> None:
        if self.tagger is not None:
            self.tagger.close_artifact(self.canvas)


def page_written(canvas: Any) -> None:
    """reportlab has written a page object."""
    if getattr(canvas, "sg_tags", None) is not None:
        canvas.sg_tags.page_written(canvas)


def finish(canvas: Any) -> None:
    """Before reportlab writes the file: the structure tree and document-level entries."""
    if getattr(canvas, "sg_tags", None) is not None:
        canvas.sg_tags.finish(canvas)

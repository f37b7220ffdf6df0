"""Tagged PDF (PDF/UA-1), read back as assistive technology and checkers see it: pdfua's rules,
poppler's structure text against pdftotext's words, qpdf, and the page images with tagging
switched off and on (tagging must change nothing a sighted reader sees)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from studyguide.outline.parser import parse_outline
from studyguide.project.config import Course
from studyguide.render import RenderSettings
from studyguide.render.pdf import render_course_pack, render_pdf, structure
from studyguide.theme.loader import load_theme

REPO = Path(__file__).resolve().parents[2]
OUTLINES = sorted((REPO / "outlines").glob("*.md"))
SETTINGS = RenderSettings(course=Course("Stalin's Rise to Power, 1922–1938", "", ""))
EDITIONS = ("student", "teacher")
# pdfua 0.1.3 cannot evaluate UA-14-001 (empty headings) when a heading's /K is an array
# (a heading with a citation link): it raises on the array. Headings are checked below instead.
KNOWN_SKIPS = {"UA-14-001"}
NEAR = 40  # characters of structure text searched for the next word
WINDOW = 3000  # ... and for the next three words, to find the place again


def need(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        pytest.fail(f"{tool} is needed (poppler-utils / qpdf)")
    return found


def outline(path: Path):
    parsed, problems = parse_outline(path, REPO)
    assert parsed is not None, problems
    return parsed


def theme():
    loaded, problems = load_theme("classic", REPO)
    assert loaded is not None, problems
    return loaded


@pytest.fixture(scope="module")
def handouts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Both editions of the four shipped handouts and both course packs, written once."""
    folder = tmp_path_factory.mktemp("tagged")
    out: dict[str, Path] = {}
    models, look = [outline(p) for p in OUTLINES], theme()
    for model in models:
        for edition in EDITIONS:
            path = folder / f"{model.slug}.{edition}.pdf"
            path.write_bytes(render_pdf(model, look, SETTINGS, edition).data)
            out[path.stem] = path
    for edition in EDITIONS:
        path = folder / f"course-pack.{edition}.pdf"
        path.write_bytes(render_course_pack(models, look, SETTINGS, edition).data)
        out[path.stem] = path
    return out


def pdfua_problems(path: Path) -> list[str]:
    """Every pdfua finding (any severity) and every rule it could not run, as text."""
    from pdfua import validate

    report = validate(str(path))
    found = [f"{f.rule_id} {f.severity.name}: {f.message}" for f in report.findings]
    found += [f"{o.rule_id} skipped: {o.skipped_reason}" for o in report.skipped
              if o.rule_id not in KNOWN_SKIPS]
    return found


def test_pdfua_finds_nothing_in_the_shipped_handouts_and_packs(handouts) -> None:
    assert len(handouts) == 2 * len(OUTLINES) + 2
    for name, path in handouts.items():
        assert pdfua_problems(path) == [], name


def test_qpdf_check_passes(handouts) -> None:
    qpdf = need("qpdf")
    for name, path in handouts.items():
        done = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True)
        assert done.returncode == 0, f"{name}: {done.stdout}{done.stderr}"


def struct_text(path: Path) -> str:
    return subprocess.run([need("pdfinfo"), "-struct-text", str(path)], capture_output=True,
                          text=True, check=True).stdout


def page_words(path: Path) -> list[list[str]]:
    return [words for words, _ in pages_read(path)]


def pages_read(path: Path) -> list[tuple[list[str], list[str]]]:
    """pdftotext's words page by page in content order, without the running header and the
    footer: the furniture is drawn after the page's flowables, so it is the last lines of a
    page (the footer's two parts, and the header on pages after the first). Each page: its
    words and its furniture lines."""
    text = subprocess.run([need("pdftotext"), "-raw", "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    pages = []
    for number, page in enumerate(text.split("\f")[:-1], start=1):
        lines = [line for line in page.splitlines() if line.strip()]
        furniture = 2 if number == 1 else 3
        if number == 1 and not any(re.search(r"Page \d+ of", line) for line in lines[-2:]):
            furniture = 0  # a course pack's cover has no furniture
        assert not furniture or any(re.search(r"Page \d+ of \d+", line)
                                    for line in lines[-furniture:]), page
        if not furniture:
            pages.append((" ".join(lines).split(), []))
            continue
        pages.append((" ".join(lines[:-furniture]).split(), lines[-furniture:]))
    return pages


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def in_order(words: list[str], text: str) -> float:
    """The share of `words` found in `text` in reading order (each after the previous one).

    poppler joins the lines of one tagged paragraph without a space, so the comparison is
    made with all white space removed. A word is looked for just after the previous one
    (within NEAR characters); failing that, the phrase of it and the next two words is looked
    for further on (within WINDOW), so the search can pass over text the structure has and
    pdftotext has not, but a missed short word ("3", a page number) cannot drag the cursor
    ahead to some later "3".
    """
    flat, cursor, found = squeeze(text), 0, 0
    for index, word in enumerate(words):
        at = flat.find(word, cursor, cursor + NEAR + len(word))
        if at < 0:
            phrase = "".join(words[index:index + 3])
            at = flat.find(phrase, cursor, cursor + WINDOW + len(phrase))
        if at >= 0:
            found, cursor = found + 1, at + len(word)
    return found / max(len(words), 1)


def structure_strings(path: Path) -> str:
    """The quoted text of the structure tree only (no role names), one line per element."""
    return "\n".join(re.findall(r'^\s*"(.*)"$', struct_text(path), flags=re.M))


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_structure_holds_the_words_of_each_handout_in_reading_order(handouts,
                                                                          edition) -> None:
    for name in [model.stem for model in OUTLINES] + ["course-pack"]:
        path = handouts[f"{name}.{edition}"]
        words = [w for page in page_words(path) for w in page]
        share = in_order(words, structure_strings(path))
        assert share >= 0.97, f"{path.name}: {share:.1%} of the words in reading order"


def test_the_structure_has_headings_lists_tables_and_figures(handouts) -> None:
    for model in OUTLINES:
        tree = struct_text(handouts[f"{model.stem}.student"])
        roles = re.findall(r"^\s*(\w+)(?: \(.*\)|:)?$", tree, flags=re.M)
        assert roles[0] == "Document" and roles.index("H1") < roles.index("H2"), model.name
        for role in ("H1", "H2", "P", "L", "LI", "Lbl", "LBody", "Table", "THead", "TBody",
                     "TR", "TH", "TD", "Figure", "Link", "Reference"):
            assert role in roles, f"{model.name}: no {role}"
        levels = [int(r[1]) for r in roles if re.fullmatch(r"H[1-6]", r)]
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), f"{model.name}: {levels}"
        assert levels.count(1) == 1, model.name
        # every heading has text (pdfua cannot evaluate this when a heading holds a link)
        lines = tree.splitlines()
        for number, line in enumerate(lines):
            if re.fullmatch(r"\s*H[1-6] \(block\)", line):
                assert re.fullmatch(r'\s*"\S.*"', lines[number + 1]), lines[number:number + 2]


def test_no_page_number_and_no_furniture_is_in_the_structure(handouts) -> None:
    for model in OUTLINES:
        path = handouts[f"{model.stem}.student"]
        strings = structure_strings(path).splitlines()
        read = pages_read(path)
        assert not any(re.search(rf"\bpage \d+ of {len(read)}\b", s, flags=re.I)
                       for s in strings), model.name
        numbers = {line.strip() for _, lines in read for line in lines
                   if re.search(r"Page \d+ of", line)}
        assert len(numbers) == len(read)  # every page's number was found, and none is here:
        assert not numbers & {s.strip() for s in strings}, model.name
        assert not any(re.search(r"Page \d+ of", s) for s in strings), model.name


def test_the_timeline_figure_says_its_chronology_in_words(handouts) -> None:
    import pikepdf

    path = handouts[f"{OUTLINES[0].stem}.student"]
    with pikepdf.open(path) as pdf:
        alts = [str(obj.get("/Alt")) for obj in pdf.objects
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/Figure"]
    timeline = [alt for alt in alts if alt.startswith("Timeline")]
    assert timeline and "1922" in timeline[0] and "General Secretary" in timeline[0]


def test_document_level_entries(handouts) -> None:
    import pikepdf

    with pikepdf.open(handouts[f"{OUTLINES[1].stem}.student"]) as pdf:
        root = pdf.Root
        assert bool(root.MarkInfo.Marked) is True
        assert str(root.Lang)
        assert bool(root.ViewerPreferences.DisplayDocTitle) is True
        xmp = root.Metadata.read_bytes().decode("utf-8")
        assert "<pdfuaid:part>1</pdfuaid:part>" in xmp and str(pdf.docinfo.Title) in xmp
        for page in pdf.pages:
            assert "/StructParents" in page.obj
            if page.obj.get("/Annots"):
                assert page.obj.Tabs == "/S"
                for annot in page.obj.Annots:
                    assert str(annot.Contents).strip() and "/StructParent" in annot
        assert len(root.Outlines.keys()) > 0  # bookmarks


def test_every_font_is_embedded_with_a_unicode_map(handouts) -> None:
    for name, path in handouts.items():
        listing = subprocess.run([need("pdffonts"), str(path)], capture_output=True, text=True,
                                 check=True).stdout.splitlines()[2:]
        assert listing, name
        for line in listing:
            emb, sub, uni = line.split()[-5:-2]
            assert (emb, uni) == ("yes", "yes"), f"{name}: {line}"


def page_images(data: bytes, folder: Path) -> list[bytes]:
    folder.mkdir()
    (folder / "in.pdf").write_bytes(data)
    subprocess.run([need("pdftoppm"), "-r", "60", "-png", "in.pdf", "p"], cwd=folder,
                   check=True)
    return [p.read_bytes() for p in sorted(folder.glob("p-*.png"))]


def marked_text(path: Path, page_index: int) -> dict[int, str]:
    """The decoded text of each marked-content sequence with an MCID on a page (pdfminer,
    which pdfplumber brings, reports the BDC/EMC and the strings between them)."""
    from pdfminer.pdfdevice import PDFDevice
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    class Marked(PDFDevice):
        def __init__(self, manager: PDFResourceManager) -> None:
            super().__init__(manager)
            self.open: list[int | None] = []
            self.found: dict[int, str] = {}

        def begin_tag(self, tag: object, props: object = None) -> None:
            self.open.append(props.get("MCID") if isinstance(props, dict) else None)

        def end_tag(self) -> None:
            if self.open:
                self.open.pop()

        def render_string(self, textstate, seq, *args: object) -> None:  # noqa: ANN001
            ids = [i for i in self.open if i is not None]
            for item in seq if ids else ():
                if isinstance(item, bytes):
                    text = "".join(textstate.font.to_unichr(cid)
                                   for cid in textstate.font.decode(item))
                    self.found[ids[-1]] = self.found.get(ids[-1], "") + text

    manager = PDFResourceManager()
    device = Marked(manager)
    with path.open("rb") as handle:
        for index, page in enumerate(PDFPage.get_pages(handle)):
            if index == page_index:
                PDFPageInterpreter(manager, device).process_page(page)
                break
    return device.found


def test_a_russian_term_is_a_span_with_its_own_language(handouts) -> None:
    import pikepdf

    path = handouts["03-right-opposition.student"]
    with pikepdf.open(path) as pdf:
        numbers = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
        spans = [obj for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary)
                 and obj.get("/Type") == "/StructElem" and obj.get("/S") == "/Span"]
        ru = [(numbers[s.K.Pg.objgen], int(s.K.MCID), str(s.P.S)) for s in spans
              if str(s.get("/Lang", "")) == "ru"]
    assert {parent for _, _, parent in ru} == {"/P"}
    texts = {marked_text(path, page)[mcid] for page, mcid, _ in ru}
    assert {"смычка", "кулак", "пятилетка", "Великий перелом"} <= texts
    tree = struct_text(path)  # in reading order, inside its paragraph
    assert re.search(r'"Smychka \("\n\s+Span \(inline\)\n\s+"смычка"\n\s+"\)"', tree), tree


def test_each_question_number_and_tick_box_is_a_label(handouts) -> None:
    import pikepdf

    for edition in EDITIONS:
        path = handouts[f"02-triumvirate.{edition}"]
        tree = struct_text(path)
        for number, start in ((1, "Which event of January 1925"), (5, "Why did Zinoviev")):
            item = (rf'LI \(block\)\n\s+Lbl \(block\)\n\s+"{number}\."\n\s+LBody \(block\)\n'
                    rf'\s+P \(block\)\n\s+"{start}')
            assert re.search(item, tree), f"{edition}: no Lbl {number}."
        with pikepdf.open(path) as pdf:
            boxes = [str(obj.ActualText) for obj in pdf.objects
                     if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/Lbl"
                     and "/ActualText" in obj]
        # a box for every option; the teacher's copy ticks the right ones
        options = [o for q in outline(OUTLINES[1]).questions for o in q.options]
        assert len(boxes) == len(options) and set(boxes) <= {"\u2610", "\u2611"}
        ticked = sum(o.correct for o in options) if edition == "teacher" else 0
        assert boxes.count("\u2611") == ticked


@pytest.mark.parametrize("edition", EDITIONS)
def test_tagging_changes_nothing_a_reader_sees(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               edition: str) -> None:
    model, look = outline(OUTLINES[1]), theme()
    tagged = render_pdf(model, look, SETTINGS, edition).data
    monkeypatch.setattr(structure, "ENABLED", False)
    plain = render_pdf(model, look, SETTINGS, edition).data
    assert b"/StructTreeRoot" in tagged and b"/StructTreeRoot" not in plain
    on, off = page_images(tagged, tmp_path / "on"), page_images(plain, tmp_path / "off")
    assert len(on) == len(off) > 1
    assert on == off


def pages_of_elements(path: Path) -> dict[str, list[set[int]]]:
    """For each role, the set of pages each element of that role has content on."""
    import pikepdf

    found: dict[str, list[set[int]]] = {}
    with pikepdf.open(path) as pdf:
        numbers = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/StructElem":
                continue
            kids = obj.get("/K")
            kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
            pages = {numbers[k.Pg.objgen] for k in kids
                     if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/MCR"}
            found.setdefault(str(obj.S), []).append(pages)
    return found


def test_a_table_split_across_pages_is_one_table_its_header_once(tmp_path: Path) -> None:
    from test_pdf import SETTINGS as SAMPLE_SETTINGS
    from test_pdf import sample

    from studyguide.theme.model import Theme

    path = tmp_path / "table.pdf"
    path.write_bytes(render_pdf(sample(rows=120), Theme(), SAMPLE_SETTINGS, "student").data)
    raw = subprocess.run([need("pdftotext"), "-raw", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    assert raw.count("Name Role Fate") >= 3  # the header row is drawn on every page
    tree = struct_text(path)
    assert len(re.findall(r"^\s*Table \(", tree, flags=re.M)) == 1
    assert tree.count("TH:") == 3  # ...but is in the structure once
    assert len(re.findall(r"^\s*TR$", tree, flags=re.M)) == 1 + 122
    assert pdfua_problems(path) == []


def test_a_paragraph_split_across_pages_is_one_element(tmp_path: Path) -> None:
    import dataclasses

    from test_pdf import SETTINGS as SAMPLE_SETTINGS
    from test_pdf import para, sample

    from studyguide.outline import model as m
    from studyguide.theme.model import Theme

    outline = sample()
    long = para(m.Span(" ".join(f"word{n}" for n in range(1500))))
    first = dataclasses.replace(outline.sections[0],
                                blocks=outline.sections[0].blocks + (long,))
    outline = dataclasses.replace(outline, sections=(first, *outline.sections[1:]))
    path = tmp_path / "long.pdf"
    path.write_bytes(render_pdf(outline, Theme(), SAMPLE_SETTINGS, "student").data)
    split = [pages for pages in pages_of_elements(path)["/P"] if len(pages) > 1]
    assert len(split) == 1 and len(split[0]) >= 2
    assert in_order([f"word{n}" for n in range(1500)], structure_strings(path)) == 1.0

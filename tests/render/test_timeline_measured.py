"""The timeline figure measured from the outputs: the shipped handouts and the course pack's
master timeline read back with pdfplumber, the shipped decks with python-pptx.

What a reader needs from a timeline: each label beside its own marker (a leader joins them, no
two leaders cross, no two labels overlap), a range that ends at the end of its last unit, bars
that start at their own marker, year ticks, and breaks that take little room.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest

from studyguide.outline.dates import parse_date
from studyguide.outline.parser import parse_outline
from studyguide.render import RenderSettings
from studyguide.render.common.axis import end_of_unit, event_span
from studyguide.render.common.chronology import chronology_text
from studyguide.render.pdf import render_course_pack, render_pdf
from studyguide.theme.loader import load_theme

REPO = Path(__file__).resolve().parents[2]
SHIPPED = sorted(p.stem for p in (REPO / "outlines").glob("*.md"))
MARKER_D = 5.8  # the PDF marker's diameter (2 * MARKER_R)
# A label's first line may sit this far from its marker. Measured: where labels fit beside
# their markers the axis stays proportional (a label at most 12 pt away); where they do not, the
# scale is piecewise and every label sits level with its marker except those of events on the
# same date, stacked under it: at most 18 pt in the handouts (03's two events of 1929-04, high
# contrast) and 19 pt in the pack (main had 58 and 29, the medians 2-19 and 2).
HANDOUT_DRIFT = 20.0
PACK_DRIFT = 22.0


def shipped(slug: str):
    parsed, problems = parse_outline(REPO / "outlines" / f"{slug}.md", REPO)
    assert parsed is not None, [p.format() for p in problems]
    return parsed


@dataclass
class Drawn:
    """One page's part of the timeline figure as read back."""

    markers: list[float]  # y of each marker centre
    leaders: list[list[tuple[float, float]]]  # each leader's points, marker end first
    labels: list[tuple[float, str]]  # y of a label's first line (its middle) and its bold date
    lines: list[tuple[float, float]]  # every label text line: (top, bottom)
    bars: list[tuple[float, float]]  # (top, bottom) of each range bar
    ticks: list[tuple[float, str]]  # (y, label)
    axis_x: float


def read_page(page) -> Drawn | None:
    """The timeline figure on a page, or None when the page has none."""
    # Marks of events above or below this page's part are drawn but clipped away: skip them.
    markers = [c for c in page.curves if 30 < c["top"] < page.height - 30
               and abs(c["width"] - MARKER_D) < 0.3 and abs(c["height"] - MARKER_D) < 0.3]
    if not markers:
        return None
    axis_x = markers[0]["x0"] + MARKER_D / 2
    leaders = [[(x, y) for x, y in c["pts"]] for c in page.curves
               if len(c["pts"]) == 4 and not c["fill"] and c["x0"] > axis_x
               and 30 < c["pts"][0][1] < page.height - 30]
    label_x = max(pts[-1][0] for pts in leaders) + 3 if leaders else axis_x + 40
    ends = [pts[-1][1] for pts in leaders] or [c["top"] for c in markers]
    chars = [c for c in page.chars if c["x0"] >= label_x - 1
             and min(ends) - 12 <= c["top"] <= max(ends) + 40]
    sizes = [round(c["size"], 1) for c in chars]
    body = max(set(sizes), key=sizes.count) if sizes else 0.0
    # The labels' own text: no citation superscript, no heading or chronology after the figure.
    chars = [c for c in chars if abs(c["size"] - body) < 0.2]
    rows: dict[float, list] = {}
    for char in chars:
        rows.setdefault(round(char["top"], 1), []).append(char)
    lines, labels = [], []
    for top, row in sorted(rows.items()):
        row.sort(key=lambda c: c["x0"])
        lines.append((top, max(c["bottom"] for c in row)))
        if abs(row[0]["x0"] - label_x) < 1.5 and "Bold" in row[0]["fontname"]:
            date = "".join(c["text"] for c in row if "Bold" in c["fontname"]).strip()
            labels.append(((top + max(c["bottom"] for c in row)) / 2, date))
    bars = [(c["top"], c["bottom"]) for c in page.curves
            if c["x1"] < axis_x - 2 and c["height"] > 2 and len(c["pts"]) > 5]
    tick_lines = [ln for ln in page.lines if ln["top"] == ln["bottom"] and  # (a bar's caps
                  abs(ln["x1"] - axis_x) < 0.5 and abs(ln["linewidth"] - 0.5) < 0.05]  # are 0.4)
    ticks = [(tick["top"], _tick_label(page, tick)) for tick in tick_lines]
    return Drawn(sorted(c["top"] + MARKER_D / 2 for c in markers), leaders, labels, lines, bars,
                 ticks, axis_x)


def read_figure(data: bytes, after: str = "") -> list[Drawn]:
    """The figure's parts, page by page (from the last page whose text has `after` on: the
    heading, not the contents line)."""
    with pdfplumber.open(io.BytesIO(data)) as doc:
        pages = list(doc.pages)
        if after:
            pages = pages[max(i for i, p in enumerate(pages) if after in p.extract_text()):]
        return [d for d in (read_page(p) for p in pages) if d is not None]


def _cross(a, b, c, d) -> bool:
    """True when segments ab and cd properly intersect."""
    def side(p, q, r):
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
    return side(a, b, c) * side(a, b, d) < -1e-6 and side(c, d, a) * side(c, d, b) < -1e-6


def check_figure(pages: list[Drawn], events, drift_bound: float) -> list[float]:
    """Every property a reader relies on; returns each label's distance from its marker."""
    drifts, dates = [], []
    for drawn in pages:
        assert len(drawn.leaders) == len(drawn.markers) == len(drawn.labels)
        for pts, marker in zip(sorted(drawn.leaders, key=lambda p: p[0][1]), drawn.markers):
            assert abs(pts[0][1] - marker) < 0.5  # the leader starts at its own marker ...
            end = pts[-1][1]  # ... and ends at a label's first line
            assert min(abs(end - y) for y, _ in drawn.labels) < 3.0
            drifts.append(abs(end - marker))
        segments = [(p[i], p[i + 1]) for p in drawn.leaders for i in range(3)]
        for i, (a, b) in enumerate(segments):
            assert not any(_cross(a, b, c, d) for c, d in segments[i + 1:]), (a, b)
        for (top_a, bottom_a), (top_b, _) in zip(drawn.lines, drawn.lines[1:]):
            assert bottom_a <= top_b + 1.0, (top_a, top_b)  # no two text lines overlap
        assert drawn.ticks and all(label for _, label in drawn.ticks)
        dates += [date for _, date in drawn.labels]
    assert dates == [e.date.display() for e in events]  # each label in its marker's order
    assert max(drifts) <= drift_bound
    return drifts


@pytest.fixture(scope="module")
def classic():
    return load_theme("classic", REPO)[0]


@pytest.mark.parametrize("slug", SHIPPED)
@pytest.mark.parametrize(("theme", "paper"), [("classic", "A4"), ("high-contrast", "letter"),
                                              ("ink-saver", "letter")])
def test_every_shipped_handout_timeline_reads(slug: str, theme: str, paper: str) -> None:
    outline = shipped(slug)
    data = render_pdf(outline, load_theme(theme, REPO)[0], RenderSettings(paper=paper),
                      "student").data
    drifts = check_figure(read_figure(data), outline.timeline, HANDOUT_DRIFT)
    assert sorted(drifts)[len(drifts) // 2] <= 2.0  # most labels sit level with their marker
    pages = read_figure(data)
    assert len(pages) <= 2  # main: three pages for 01 (high contrast, A4) and 04 (Letter)
    years = [tick_year(label) for drawn in pages for _, label in drawn.ticks]
    assert years == sorted(years) and len(years) >= 3
    for drawn in pages:  # every page's part shows its own scale
        assert len(drawn.ticks) >= 2, [label for _, label in drawn.ticks]


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def tick_year(label: str) -> float:
    """A tick's label (`1928`, or `Jul 1928` where a page's part needs month ticks) in years."""
    month, _, year = label.rpartition(" ")
    return int(year) + (MONTHS.index(month) / 12 if month else 0.0)


def test_the_master_timeline_keeps_every_label_beside_its_marker(classic) -> None:
    from studyguide.course.merge import merge_timeline

    outlines = [shipped(slug) for slug in SHIPPED]
    data = render_course_pack(outlines, classic, RenderSettings(), "student").data
    pages = read_figure(data, after="Master timeline")
    events = [t.event for t in merge_timeline(outlines)]
    check_figure(pages, events, PACK_DRIFT)
    assert 2 <= len(pages) <= 4  # main had 7 pages, several with 5 or 6 events
    # It fills its pages: on every page but the last, the labels take at least 2/3 of a frame
    # (the tallest part); quiet years are closed up, not drawn as empty axis.
    full = max(d.lines[-1][1] - d.lines[0][0] for d in pages)
    for drawn in pages[:-1]:
        assert _label_room(drawn) >= 2 / 3 * full, (_label_room(drawn), full)


def _label_room(drawn: Drawn) -> float:
    """The height the labels of a page's part take: their lines at their leading, and the gap
    between one label and the next."""
    tops = [top for top, _ in drawn.lines]
    leading = min(b - a for a, b in zip(tops, tops[1:]))
    return len(tops) * leading + len(drawn.labels) * 3.0


@pytest.mark.parametrize(("slug", "first", "last"), [
    ("01-rise-to-general-secretary", "16 December 1922", "10 March 1923"),
    ("02-triumvirate", "16–18 January 1924", "23–31 May 1924")])
def test_a_cluster_of_events_is_labelled_level_with_its_dots(slug: str, first: str, last: str,
                                                             classic) -> None:
    """01's nine events of December 1922 - March 1923 and 02's of early 1924: main piled
    their dots under labels fanned out up to 34 pt away; each label now sits by its own."""
    outline = shipped(slug)
    pages = read_figure(render_pdf(outline, classic, RenderSettings(), "student").data)
    labels = [(date, marker) for d in pages for (_, date), marker in zip(d.labels, d.markers)]
    ends = {date: pts[-1][1] for d in pages for pts, (_, date) in
            zip(sorted(d.leaders, key=lambda p: p[0][1]), d.labels)}
    dates = [date for date, _ in labels]
    cluster = labels[dates.index(first):dates.index(last) + 1]
    assert len(cluster) >= 5
    assert all(abs(ends[date] - marker) < 2.0 for date, marker in cluster)


def _marker_y(drawn: Drawn, events, t: float) -> float:
    """The y of year `t` from the markers of the events around it on the page: the scale is
    linear between neighbouring dates (proportional, or piecewise where events crowd)."""
    starts = {e.date.display(): event_span(e.date)[0] for e in events}
    knots = sorted({(starts[date], y) for (_, date), y in zip(drawn.labels, drawn.markers)})
    (t0, y0), (t1, y1) = next((a, b) for a, b in zip(knots, knots[1:]) if a[0] <= t <= b[0])
    return y0 + (t - t0) * (y1 - y0) / (t1 - t0)


@pytest.mark.parametrize(("slug", "date"), [("02-triumvirate", "1924-02/1924-05"),
                                            ("01-rise-to-general-secretary", "1918-06/1918-10")])
def test_a_month_range_ends_at_the_end_of_its_last_month(slug: str, date: str, classic) -> None:
    outline = shipped(slug)
    pages = read_figure(render_pdf(outline, classic, RenderSettings(), "student").data)
    start, end = event_span(parse_date(date))
    label = parse_date(date).display()
    drawn = next(d for d in pages if any(lb == label for _, lb in d.labels))
    marker = drawn.markers[[lb for _, lb in drawn.labels].index(label)]
    top, bottom = min(drawn.bars, key=lambda b: abs(b[0] - marker))
    assert top == pytest.approx(marker, abs=1.0)  # starts at its marker
    assert bottom >= _marker_y(drawn, outline.timeline, end) - 0.5  # the last month is inside
    assert end == pytest.approx(end_of_unit(parse_date(date).end))


# -- the deck


def deck_timelines(slug: str):
    from studyguide.render.deck import plan_deck
    from studyguide.render.deck.shapes import Bar, Group, Line, Oval, TextBox, leaves

    theme = load_theme("classic", REPO)[0]
    outline = shipped(slug)
    slides = [s for s in plan_deck(outline, theme, RenderSettings()) if s.kind == "timeline"]
    events = iter(outline.timeline)
    for slide in slides:
        group = next(s for s in slide.shapes if isinstance(s, Group))
        shapes = leaves(group.shapes)
        labels = [s for s in shapes if isinstance(s, TextBox) and s.role == "label"]
        chunk = [next(events) for _ in labels]
        yield slide, group, chunk, {
            "markers": [s for s in shapes if isinstance(s, Oval)],
            "bars": [s for s in shapes if isinstance(s, Bar)],
            "labels": labels,
            "ticks": [s for s in shapes if isinstance(s, TextBox) and s.role == "tick"],
            "connectors": [s for s in shapes if isinstance(s, Line) and s.weight < 1],
        }


@pytest.mark.parametrize("slug", SHIPPED)
def test_deck_timeline_slides_have_a_scale_and_consistent_marks(slug: str) -> None:
    from studyguide.render.deck.shapes import BODY_TOP

    seen = 0
    for slide, group, chunk, drawn in deck_timelines(slug):
        seen += len(chunk)
        assert drawn["ticks"], slide.title  # every slide shows its scale
        markers = [m.x + m.w / 2 for m in drawn["markers"]]
        for bar in drawn["bars"]:  # a bar starts at its own range's marker ...
            owner = next(i for i, x in enumerate(markers)
                         if abs(x - bar.x) < 0.01 and chunk[i].date.is_range)
            start, end = event_span(chunk[owner].date)
            for x, event in zip(markers, chunk):  # ... and a dot inside it is one of its days
                if bar.x + 0.5 < x < bar.x + bar.w - 0.5 and event is not chunk[owner]:
                    assert start <= event_span(event.date)[0] <= end, event.date.display()
        for line, x in zip(drawn["connectors"], markers):  # each label joined to its marker
            assert abs(line.x1 - x) < 0.01
            assert abs(line.x2 - line.x1) <= 170
        for i, a in enumerate(drawn["labels"]):
            for b in drawn["labels"][i + 1:]:
                assert (a.x + a.w <= b.x or b.x + b.w <= a.x or a.y + a.h <= b.y
                        or b.y + b.h <= a.y)
        x, y, w, h = group.bounds()  # nothing outside the slide, over the title or the footer
        footer = next(s for s in slide.shapes if getattr(s, "role", "") == "footer")
        assert y >= BODY_TOP - 1 and x >= 0 and x + w <= 960 and y + h <= footer.y
        assert group.alt == chronology_text(chunk, slide.title)
    assert seen == len(shipped(slug).timeline)


def test_deck_timeline_group_carries_the_chronology_as_alt_text(classic) -> None:
    from pptx import Presentation

    from studyguide.render.deck import render_pptx

    outline = shipped("02-triumvirate")
    prs = Presentation(io.BytesIO(render_pptx(outline, classic, RenderSettings()).data))
    alts = [shape._element.nvGrpSpPr.cNvPr.get("descr") for slide in prs.slides
            for shape in slide.shapes if shape.shape_type == 6]
    assert alts and all(a.startswith("Timeline") for a in alts)
    text = "\n".join(alts)
    for event in outline.timeline:
        assert f"{event.date.display()}: " in text


# -- the chronology beside the figure


@pytest.mark.parametrize("slug", SHIPPED)
def test_no_chronology_date_stands_on_a_line_of_its_own(slug: str, classic, tmp_path) -> None:
    """A date wider than the date column runs into its event's first line; it is never a line
    alone with its text below (which read as a heading whose event had come loose)."""
    from typography import read_lines

    outline = shipped(slug)
    path = tmp_path / "h.pdf"
    path.write_bytes(render_pdf(outline, classic, RenderSettings(), "student").data)
    lines, _ = read_lines(path)
    start = next(i for i, ln in enumerate(lines) if ln.text.strip() == "Chronology")
    dates = {e.date.display().replace(" ", "\u00a0") for e in outline.timeline} | {
        e.date.display() for e in outline.timeline}
    rows: dict[tuple[int, float], str] = {}  # the date column and the text: one row
    for ln in lines[start + 1:]:
        if ln.size > lines[start].size - 0.5:  # the next heading: the list has ended
            break
        key = (ln.page, round(ln.bottom))
        rows[key] = (rows.get(key, "") + " " + ln.text).strip()
    alone = [text for text in rows.values() if text in dates]
    assert not alone
    assert len(rows) >= len(outline.timeline)


def _text_between(data: bytes, after: str, start: str, end: str) -> str:
    """The PDF's text from `start` up to `end`, both after the last `after`."""
    with pdfplumber.open(io.BytesIO(data)) as doc:
        text = "\n".join(p.extract_text() for p in doc.pages)
    head = text.index(start, text.rindex(after))
    return text[head:text.index(end, head)]


def test_the_master_timeline_explains_its_double_rail_and_breaks(classic) -> None:
    """The pack's axis closes up quiet years and cuts 1879-1906 out: a key under the figure,
    above the chronology, says what the double rail and the break mark mean."""
    outlines = [shipped(slug) for slug in SHIPPED]
    data = render_course_pack(outlines, classic, RenderSettings(), "student").data
    below = " ".join(_text_between(data, "Master timeline", "20–21 August 1940",
                                         "Chronology").split())
    assert "On the axis, a double line marks years drawn closer together; a break (two " \
           "slanted strokes) marks years left out." in below


@pytest.mark.parametrize(("slug", "key"), [
    ("02-triumvirate", "On the axis, a double line marks years drawn closer together."),
    ("03-right-opposition", None)])
def test_a_handout_timeline_has_a_key_only_for_the_marks_it_draws(slug: str, key, classic
                                                                  ) -> None:
    from studyguide.render.pdf.timeline import AxisKey

    data = render_pdf(shipped(slug), classic, RenderSettings(), "student").data
    with pdfplumber.open(io.BytesIO(data)) as doc:
        text = " ".join(" ".join(p.extract_text() for p in doc.pages).split())
    if key is None:
        assert "On the axis" not in text and AxisKey  # 03's axis is proportional, unbroken
    else:
        assert text.count(key) == 1


def _year_ticks(page, axis_x: float) -> list[tuple[float, str]]:
    """Every year tick on a page, labelled (0.5 pt) or minor (0.35 pt), with its label."""
    lines = [ln for ln in page.lines if ln["top"] == ln["bottom"] and abs(ln["x1"] - axis_x) < 0.5
             and min(abs(ln["linewidth"] - w) for w in (0.5, 0.35)) < 0.03]
    return sorted((tick["top"], _tick_label(page, tick)) for tick in lines)


def _tick_label(page, tick) -> str:
    """The characters left of a tick and level with it: its year label, or '' for none."""
    return "".join(c["text"] for c in sorted(page.chars, key=lambda c: c["x0"])
                   if c["x1"] <= tick["x0"] + 0.5
                   and abs(c["top"] + c["height"] / 2 - tick["top"]) < 4)


def test_every_year_of_the_master_timeline_has_its_tick(classic) -> None:
    """On the pack's uneven scale the labelled ticks are 30 pt apart, so years between them
    (1931, 1933) lost their tick: each now has a minor one, labelled '31 where there is room.
    Read back, the ticks count the years one by one from 1908 to 1940."""
    outlines = [shipped(slug) for slug in SHIPPED]
    data = render_course_pack(outlines, classic, RenderSettings(), "student").data
    with pdfplumber.open(io.BytesIO(data)) as doc:
        start = max(i for i, p in enumerate(doc.pages) if "Master timeline" in p.extract_text())
        years: list[int] = []
        shorts: list[str] = []
        for page in doc.pages[start:]:
            drawn = read_page(page)
            if drawn is None:
                continue
            for _, label in _year_ticks(page, drawn.axis_x):
                if label.startswith("\u2019"):
                    shorts.append(label)
                    years.append(years[-1] // 100 * 100 + int(label[1:]))
                else:
                    years.append(int(label) if label else years[-1] + 1)
    assert years == list(range(1908, 1941)), years
    assert {"\u201931", "\u201933"} <= set(shorts), shorts

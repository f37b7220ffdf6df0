"""Cross-outline consistency: a person's fate and an event's date must agree everywhere."""

from __future__ import annotations

from studyguide.course.consistency import check_consistency as check_facts
from studyguide.course.consistency import facts_of
from studyguide.outline.dates import parse_date
from studyguide.outline.model import Meta, Outline, Span, Table, TimelineEvent


def _outline(events=(), people=()) -> Outline:
    timeline = tuple(TimelineEvent(line=10 + i, date=parse_date(d), text=(Span(t),))
                     for i, (d, t) in enumerate(events))
    table = Table(line=30, header=tuple((Span(h),) for h in ("Name", "Role", "Fate")),
                  rows=tuple(((Span(n),), (Span("r"),), (Span(f),)) for n, f in people),
                  row_lines=tuple(32 + i for i in range(len(people)))) if people else None
    return Outline(path="x", slug="x", meta=Meta(title="T"), timeline=timeline, key_figures=table)


def check_consistency(pairs):
    return check_facts([(path, facts_of(outline)) for path, outline in pairs])


def test_a_fate_that_differs_is_a_warning_naming_both_places() -> None:
    a = _outline(people=[("Leon Trotsky", "Murdered in Mexico, 1940")])
    b = _outline(people=[("Leon  trotsky", "Executed, 1938")])
    diags = check_consistency([("outlines/a.md", a), ("outlines/b.md", b)])
    assert [d.format() for d in diags] == [
        "outlines/b.md:32: warning: fate differs from outlines/a.md:32: "
        "Leon  trotsky: 'Executed, 1938' here, Leon Trotsky: 'Murdered in Mexico, 1940' there"]


def test_same_event_with_another_date_is_a_warning() -> None:
    a = _outline(events=[("1924-01-21", "Lenin dies")])
    b = _outline(events=[("1924-01-24", "Lenin dies")])
    diags = check_consistency([("a.md", a), ("b.md", b)])
    assert len(diags) == 1
    assert diags[0].path == "b.md" and diags[0].line == 10
    assert "'Lenin dies' dated 24 January 1924 here" in diags[0].message


def test_nearly_identical_event_text_counts_as_the_same_event() -> None:
    a = _outline(events=[("1934-12-01", "Kirov is assassinated in Leningrad")])
    b = _outline(events=[("1934-12-02", "Kirov is assassinated in Leningrad.")])
    c = _outline(events=[("1936-08-25", "Zinoviev and Kamenev are shot")])
    d = _outline(events=[("1936-08-24", "Bukharin and Rykov are shot")])
    assert len(check_consistency([("a.md", a), ("b.md", b)])) == 1
    assert check_consistency([("c.md", c), ("d.md", d)]) == []


def test_agreeing_outlines_give_no_warning() -> None:
    a = _outline(events=[("1924-01-21", "Lenin dies")], people=[("Stalin", "Died 1953")])
    b = _outline(events=[("1924-01-21", "Lenin dies")], people=[("Stalin", "Died 1953")])
    assert check_consistency([("a.md", a), ("b.md", b)]) == []


def test_events_whose_numbers_differ_are_different_events() -> None:
    a = _outline(events=[("1937-07-30", "NKVD Order No. 00447 issued")])
    b = _outline(events=[("1937-08-11", "NKVD Order No. 00485 issued")])
    assert check_consistency([("a.md", a), ("b.md", b)]) == []


def test_many_similar_events_cost_a_bounded_number_of_comparisons(monkeypatch) -> None:
    """2,500 events in each of 4 outlines, all made of the same few words: the near-match
    index compares each event with at most NEAR_CANDIDATES others (not all pairs), and still
    finds the one near twin planted in the last outline."""
    import difflib
    import random

    from studyguide.course import consistency

    calls = 0
    original = difflib.SequenceMatcher.set_seq1

    def counting(self, a):
        nonlocal calls
        calls += 1
        return original(self, a)

    monkeypatch.setattr(difflib.SequenceMatcher, "set_seq1", counting)
    rng = random.Random(17)
    words = "army party congress purge trial arrest famine strike treaty soviet decree".split()
    facts = []
    for o in range(4):
        texts = [" ".join(rng.choice(words) for _ in range(8)) for _ in range(2500)]
        facts.append((f"outlines/{o}.md", [["date", consistency._normal(t), "1930", t, i + 1]
                                           for i, t in enumerate(texts)]))
    twin = facts[0][1][0][1]
    facts[3][1].append(["date", twin + "s", "1931", twin + "s", 9999])
    diags = check_facts(facts)
    total = sum(len(found) for _, found in facts)
    # one set_seq1 per SequenceMatcher made, then at most NEAR_CANDIDATES: linear, not n**2
    assert calls <= (consistency.NEAR_CANDIDATES + 1) * total
    assert any(d.path == "outlines/3.md" and d.line == 9999 for d in diags)

"""The timeline figure as text: what a screen reader says for the drawing (alt text).

The deck puts it on the timeline group of each slide; the PDF's tagging layer can put it on the
timeline figure. One line per event, in date order, as the chronology list writes it:
`21 January 1924: Lenin dies`. Pure: no reportlab, no python-pptx.
"""

from __future__ import annotations

from collections.abc import Sequence

from studyguide.outline.model import TimelineEvent, plain_text

MAX_EVENT_CHARS = 300  # a long event's text is cut here; the list beside the figure has it all


def chronology_text(events: Sequence[TimelineEvent], title: str = "Timeline") -> str:
    """`Timeline, 1922–1924, 3 events:` then one `date: text` line per event."""
    if not events:
        return f"{title}: no events."
    first = events[0].date.start.year_text()
    last_event = max(events, key=lambda e: e.date.as_years()[1])
    last = (last_event.date.end or last_event.date.start).year_text()
    span = first if first == last else f"{first}–{last}"
    count = f"{len(events)} event" + ("" if len(events) == 1 else "s")
    head = title if span in title else f"{title}, {span}"  # a slide's title names its years
    lines = [f"{head}, {count}:"]
    for event in events:
        text = " ".join(plain_text(event.text).split())
        if len(text) > MAX_EVENT_CHARS:
            text = text[:MAX_EVENT_CHARS].rstrip() + "…"
        lines.append(f"{event.date.display()}: {text}")
    return "\n".join(lines)

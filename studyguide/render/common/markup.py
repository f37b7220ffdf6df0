"""XML escaping for the markup both renderers write (the deck's DrawingML, the PDF's XMP).

The same results as xml.sax.saxutils' escape and quoteattr, without importing it:
xml.sax.saxutils imports urllib.request, and with it http, email, ssl and socket, about 25 ms
of a cold build spent on networking code that no build uses.
"""

from __future__ import annotations

_ATTR_ENTITIES = {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


def escape(text: str, entities: dict[str, str] | None = None) -> str:
    """`text` with &, < and > escaped, then each key of `entities` replaced by its value."""
    text = text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
    for char, entity in (entities or {}).items():
        text = text.replace(char, entity)
    return text


def quoteattr(text: str) -> str:
    """`text` escaped and quoted as an XML attribute value, quotes included."""
    text = escape(text, _ATTR_ENTITIES)
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"' + text.replace('"', "&quot;") + '"'

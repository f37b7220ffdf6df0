"""studyguide: Markdown outlines in, typeset handouts and editable slide decks out."""

__version__ = "0.2.0"

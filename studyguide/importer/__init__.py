"""`studyguide import`: Word, PowerPoint and other tools' Markdown -> studyguide outlines.

Each reader turns its file into plain Markdown text (`docx.py`, `pptx.py`, `markdown.py` for
the dialects), and one organiser (`organise.py`) gives that text an outline's shape: front
matter, reserved sections under their own names, dated lines in the timeline, tables of
people as key figures, term tables as the glossary, numbered questions, teacher-only text as
notes. `run.py` writes the outline inside the project (never over an existing one without
`force`) and reads it back with the parser, so the report lists what `check` will say.

Imported files come from strangers: every reader has a size budget, Office files are checked
as zip archives before any XML is read (`archive.py`), and nothing is written outside the
outline folder.
"""

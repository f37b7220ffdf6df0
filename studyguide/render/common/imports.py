"""Deferring a module that a renderer's libraries import but a build rarely or never uses.

python-pptx imports xml.sax.saxutils for its escape(), and saxutils imports urllib.request at
its top for a URL opener no build calls; urllib.request brings http, email, ssl and socket,
about 25 ms of a cold deck build; reportlab and python-pptx import PIL.Image (10 ms) for
images that most outlines do not have. `defer("urllib.request")` puts a stand-in module in
sys.modules: importing the name succeeds at once, and the first attribute anyone reads from it
(PEP 562's module __getattr__) imports the real module, which then replaces the stand-in in
sys.modules and on its package, so code that does use it sees no difference.

(importlib.util.LazyLoader does not do this here: the import system reads the lazy module's
__spec__ when it finds the name in sys.modules, and that read loads it.)

`compile_patterns_later("reportlab.platypus.paragraph")` does the same for costly regular
expressions (see startup._costly) compiled while that module and what it imports load:
reportlab compiles a case-insensitive URI pattern over \\xa1-\\uffff at import (25 ms CPU, a
twentieth of a cold handout) that only hyphenating a URI uses, and textsplit's CJK pattern.
Both live in studyguide/startup.py, below every layer (the outline's YAML reader uses it
too); this module re-exports them for the renderers.
"""

from __future__ import annotations

from studyguide.startup import _costly, _LazyPattern, compile_patterns_later, defer

__all__ = ["compile_patterns_later", "defer", "_costly", "_LazyPattern"]  # all in startup.py

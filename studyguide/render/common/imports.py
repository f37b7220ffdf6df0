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
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types


def defer(name: str) -> None:
    """Make importing module `name` free until something reads from it (once, if not loaded)."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None:
        return
    stand_in = types.ModuleType(name)
    stand_in.__spec__ = spec

    def load(attribute: str) -> object:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]
        return getattr(importlib.import_module(name), attribute)

    stand_in.__getattr__ = load  # type: ignore[method-assign]
    sys.modules[name] = stand_in
    parent, _, child = name.rpartition(".")
    if parent:  # `import a.b` binds b on a only when it loads b, so bind the stand-in here
        setattr(sys.modules[parent], child, stand_in)

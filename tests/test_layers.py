"""The package's layers: no module imports from a layer above its own, and no import cycle.

Layers, lowest first: diagnostics < outline < theme < project, course < render < build < cli.
Inside render, common < pdf, deck, lms < slides (the slide handout draws the deck's plan with
reportlab), worksheet (which reuses the handout's styles and fonts); the handout, the deck and
the exports never import each other, nor do the slide handout and the worksheet.
Every import counts, also those inside functions (a lazy import is still a dependency).
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import studyguide

PACKAGE = Path(studyguide.__file__).parent

# module prefix -> (rank, group); same rank but another group may not be imported either
LAYERS = {
    "studyguide": (0, "base"),
    "studyguide.diagnostics": (0, "base"),
    "studyguide._themes": (0, "base"),
    "studyguide.outline": (1, "outline"),
    "studyguide.theme": (2, "theme"),
    "studyguide.project": (3, "project"),
    "studyguide.course": (3, "course"),
    "studyguide.importer": (4, "importer"),
    "studyguide.render": (4, "render"),
    "studyguide.render.common": (5, "common"),
    "studyguide.render.pdf": (6, "pdf"),
    "studyguide.render.deck": (6, "deck"),
    "studyguide.render.lms": (6, "lms"),  # the learning-platform exports: plain text and XML
    # the slide handout draws the deck's plan with reportlab: above both, below build
    "studyguide.render.slides": (7, "slides"),
    "studyguide.render.worksheet": (7, "worksheet"),  # typeset with render/pdf's styles
    "studyguide.build": (8, "build"),
    "studyguide.cli": (9, "cli"),
    "studyguide.__main__": (9, "cli"),
}


def all_modules() -> list[str]:
    names = ["studyguide"]
    for info in pkgutil.walk_packages([str(PACKAGE)], "studyguide."):
        names.append(info.name)
    return sorted(names)


def layer(module: str) -> tuple[int, str]:
    """The layer of the longest prefix of `module` named in LAYERS."""
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        found = LAYERS.get(".".join(parts[:end]))
        if found is not None:
            return found
    raise AssertionError(f"{module} is in no layer: add it to LAYERS")


def source_of(module: str) -> Path:
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin is not None
    return Path(spec.origin)


def imports_of(module: str, known: set[str]) -> list[tuple[int, str]]:
    """(line, module) for every studyguide module that `module` imports, anywhere in it."""
    found = []
    for node in ast.walk(ast.parse(source_of(module).read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:  # `from studyguide.render.deck import fit` is a module
                sub = f"{node.module}.{alias.name}"
                found.append((node.lineno, sub if sub in known else node.module))
    return [(line, name) for line, name in found if name.split(".")[0] == "studyguide"]


def wrong_way(importer: str, imported: str) -> bool:
    """True when `importer` may not depend on `imported`."""
    if imported == importer or importer.startswith(imported + "."):
        return False  # a module's own package (its __init__)
    (rank, group), (their_rank, their_group) = layer(importer), layer(imported)
    return their_rank > rank or (their_rank == rank and their_group != group)


MODULES = all_modules()
KNOWN = set(MODULES)
GRAPH = {name: imports_of(name, KNOWN) for name in MODULES}


@pytest.mark.parametrize("module", [m for m in MODULES if m != "studyguide.__main__"])
def test_every_module_imports(module: str) -> None:
    importlib.import_module(module)  # (__main__ runs the command line when imported)


def test_no_module_imports_from_a_layer_above_it() -> None:
    problems = [f"{source_of(m).relative_to(PACKAGE.parent)}:{line}: {m} imports {name}"
                for m, found in GRAPH.items() for line, name in found if wrong_way(m, name)]
    assert not problems, "\n".join(problems)


def test_no_import_cycle() -> None:
    edges = {m: {name for _, name in found if name in KNOWN and name != m
                 and not m.startswith(name + ".")} for m, found in GRAPH.items()}
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for nxt in sorted(edges[module]):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                cycle = visit(nxt)
                if cycle:
                    return cycle
        path.pop()
        state[module] = 2
        return None

    for module in MODULES:
        if module not in state:
            cycle = visit(module)
            assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_the_checker_sees_a_wrong_way_import() -> None:
    assert wrong_way("studyguide.outline.parser", "studyguide.render.pdf.document")
    assert wrong_way("studyguide.render.deck.plan", "studyguide.render.pdf.tables")
    assert wrong_way("studyguide.project.config", "studyguide.course.merge")
    assert not wrong_way("studyguide.render.deck.plan", "studyguide.render.common.glyphs")
    assert not wrong_way("studyguide.build.run", "studyguide.outline.model")


def test_every_package_is_listed_for_the_wheel() -> None:
    """pyproject.toml lists packages by hand: a new one left out would be missing from a
    wheel install (as render/slides nearly was)."""
    import tomllib

    # the source tree, not the installed package (a wheel install holds only what is listed)
    repo = Path(__file__).resolve().parents[1]
    listed = set(tomllib.loads((repo / "pyproject.toml").read_text("utf-8"))
                 ["tool"]["setuptools"]["packages"])
    packages = {".".join(init.parent.relative_to(repo).parts)
                for init in (repo / "studyguide").rglob("__init__.py")}
    assert "studyguide.render.deck" in packages  # the walk found the tree
    assert packages - listed == set()

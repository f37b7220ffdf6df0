"""`@record` behaves as `@dataclass(frozen=True)`: the same class, defined for less CPU."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pytest

from studyguide.records import record


def _pair(body: str) -> tuple[type, type]:
    """The class `C` of `body` made by dataclass(frozen=True) and by record."""
    made = []
    for deco in (dataclass(frozen=True), record):
        space: dict = {"field": field}
        exec(f"class C:\n{body}", space)  # noqa: S102 - test-only source
        made.append(deco(space["C"]))
    return made[0], made[1]


BODIES = {
    "plain": "    a: int\n    b: str = 'x'\n",
    "empty": "    pass\n",
    "one": "    a: tuple = ()\n",
    "not compared": "    a: int\n    b: list = field(default_factory=list, compare=False)\n",
    "not hashed": "    a: int\n    b: int = field(default=0, hash=False)\n",
    "hashed only": "    a: int\n    b: int = field(default=0, compare=False, hash=True)\n",
    "not shown": "    a: int\n    b: int = field(default=2, repr=False)\n",
}


@pytest.mark.parametrize("body", BODIES.values(), ids=BODIES.keys())
def test_record_methods_match_dataclass(body: str) -> None:
    std, rec = _pair(body)
    names = [f.name for f in dataclasses.fields(std)]
    assert [f.name for f in dataclasses.fields(rec)] == names
    args = [1] if "a: int" in body else []
    if "a: tuple" in body:
        args = [(1, 2)]
    for x_args, y_args in ((args, args), (args, [5] if args and args[0] == 1 else args)):
        s1, s2 = std(*x_args), std(*y_args)
        r1, r2 = rec(*x_args), rec(*y_args)
        assert (s1 == s2) == (r1 == r2)
        assert (s1 != s2) == (r1 != r2)
        assert (hash(s1) == hash(s2)) == (hash(r1) == hash(r2))
        assert hash(r1) == hash(s1)  # the same tuple is hashed
        assert repr(r1) == repr(s1)
        assert dataclasses.asdict(r1) == dataclasses.asdict(s1)
    r = rec(*args)
    assert r.__eq__(object()) is NotImplemented
    assert r != std(*args)  # another class, as for two dataclasses
    if names:
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(r, names[0], 3)
        with pytest.raises(dataclasses.FrozenInstanceError):
            delattr(r, names[0])
        assert dataclasses.replace(r, **{names[0]: r.__dict__[names[0]]}) == r
    assert rec.__match_args__ == std.__match_args__


def test_record_repr_of_itself_and_qualname() -> None:
    std, rec = _pair("    a: list\n")
    s, r = std([]), rec([])
    s.a.append(s)
    r.a.append(r)
    assert repr(r) == repr(s) == "C(a=[...])"
    assert rec.__repr__.__qualname__ == "C.__repr__"


def test_record_keeps_methods_the_class_defines() -> None:
    body = ("    a: int\n"
            "    def __eq__(self, other):\n        return True\n"
            "    def __repr__(self):\n        return 'mine'\n")
    std, rec = _pair(body)
    assert rec(1) == rec(2) and std(1) == std(2)
    assert repr(rec(1)) == repr(std(1)) == "mine"
    # __eq__ without __hash__: dataclasses still add their hash, and so does record
    assert hash(rec(1)) == hash(std(1)) == hash((1,))
    std, rec = _pair("    a: int\n    def __hash__(self):\n        return 7\n")
    assert hash(rec(1)) == hash(std(1)) == 7


def test_record_init_matches_dataclass() -> None:
    std, rec = _pair("    a: int\n    b: list = field(default_factory=list)\n    c: str = 'c'\n")
    for args, kwargs in (((1,), {}), ((1, [2]), {"c": "z"}), ((), {"a": 3, "b": [4]})):
        assert repr(rec(*args, **kwargs)) == repr(std(*args, **kwargs))
    assert rec(1).b is not rec(1).b  # the factory runs for each instance
    for bad_args, bad_kwargs in (((), {}), ((1, 2, 3, 4), {}), ((1,), {"d": 1})):
        with pytest.raises(TypeError):
            std(*bad_args, **bad_kwargs)
        with pytest.raises(TypeError):
            rec(*bad_args, **bad_kwargs)
    assert dataclasses.replace(rec(1), c="y") == rec(1, c="y")
    assert dataclasses.is_dataclass(rec)
    r = rec(1)
    r.__dict__  # instances keep a __dict__ as dataclasses' do
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.other = 1  # not a field either: frozen classes refuse every attribute


@pytest.mark.parametrize("body", [
    "    a: int\n    def __post_init__(self):\n        pass\n",
    "    a: int = field(init=False, default=1)\n",
    "    a: int = field(kw_only=True)\n",
    "    a: int\n    def __init__(self):\n        pass\n",
])
def test_record_refuses_what_it_does_not_make(body: str) -> None:
    space: dict = {"field": field}
    exec(f"class C:\n{body}", space)  # noqa: S102 - test-only source
    with pytest.raises(TypeError, match="@record"):
        record(space["C"])


def test_record_derived_from_a_record() -> None:
    made = {}
    for name, deco in (("std", dataclass(frozen=True)), ("rec", record)):
        base = deco(type("Base", (), {"__annotations__": {"a": "int"}}))
        made[name] = deco(type("Sub", (base,), {"__annotations__": {"b": "str"}, "b": "x"}))
        made[name + "base"] = base
    std, rec = made["std"], made["rec"]
    assert [f.name for f in dataclasses.fields(rec)] == ["a", "b"]
    assert repr(rec(1)) == repr(std(1)) == "Sub(a=1, b='x')"
    assert rec(1) == rec(1) and rec(1) != made["recbase"](1)
    assert hash(rec(1, "y")) == hash(std(1, "y"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        rec(1).a = 2
    with pytest.raises(TypeError, match="@record"):
        record(type("Mixed", (made["stdbase"],), {"__annotations__": {"b": "str"}}))


def test_record_pickles_as_dataclass() -> None:
    import pickle

    from studyguide.outline.model import Citation, Span

    for value in (Span("x", bold=True), Citation("k", 2)):
        again = pickle.loads(pickle.dumps(value))
        assert again == value and repr(again) == repr(value) and hash(again) == hash(value)


def test_an_undocumented_record_is_named_by_its_fields_without_inspect(monkeypatch) -> None:
    """dataclasses would make its docstring from inspect.signature (tokenize for the
    object.__init__ it has while dataclasses run); a record names its fields itself."""
    import inspect

    def refused(*args, **kwargs):
        raise AssertionError("inspect.signature called")

    monkeypatch.setattr(inspect, "signature", refused)
    space: dict = {}
    exec("class C:\n    a: int\n    b: str = 'x'\n", space)  # noqa: S102 - test-only source
    made = record(space["C"])
    assert made.__doc__ == "C(a, b)"
    assert made(1) == made(1, "x") and made(1).b == "x"
    exec("class D:\n    '''Kept.'''\n    a: int\n", space)  # noqa: S102 - test-only source
    assert record(space["D"]).__doc__ == "Kept."

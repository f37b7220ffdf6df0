"""`@record`: `@dataclass(frozen=True)` for the model's many small classes, cheaper to define.

Python 3.11's dataclasses compile every generated method from source text with exec() as the
class is defined: a frozen class gets six (__init__, __repr__, __eq__, __hash__, __setattr__,
__delattr__), 0.6-0.8 ms of CPU per class, and a build defines about a hundred of them before
it renders anything (80 ms of a cold one-edition build). `record` lets dataclasses read the
fields (dataclass(init=False, repr=False, eq=False): __dataclass_fields__, __match_args__,
fields(), replace(), asdict() all work), compiles __init__ in one exec, and gives the class
__eq__, __hash__, __repr__, __setattr__ and __delattr__ written once here as closures (the
compared, hashed and shown fields read through one operator.attrgetter per class): about a
third of the CPU.

They behave as dataclasses' do (tests/test_records.py compares them): __init__ takes the
same parameters and sets the fields through object.__setattr__, a default factory called per
instance; equal when the other object is of exactly the same class and the compared fields
are equal (NotImplemented otherwise); the hash of the tuple of the hashed fields;
`Name(field=value, ...)` over the fields with repr=True, `...` for a value that contains
itself; FrozenInstanceError on assigning or deleting a field. A __eq__, __hash__ or __repr__
the class body defines is kept, as dataclasses keep it. A record may derive from a record
(its fields come first, as for dataclasses). What record does not do (another dataclass
base, __post_init__, InitVar, init=False or keyword-only fields, a class's own __init__ or
__setattr__) is a TypeError as the class is defined: use @dataclass(frozen=True) there.
"""

from __future__ import annotations

import dataclasses
from operator import attrgetter
from reprlib import recursive_repr
from typing import Any, Callable, TypeVar, cast, dataclass_transform

T = TypeVar("T", bound=type)


def _getter(names: list[str]) -> Callable[[object], tuple]:
    """A function returning the tuple of the named attributes (a tuple for 0 or 1 name too)."""
    if not names:
        return lambda obj: ()
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return attrgetter(*names)


def _methods(cls: type) -> dict[str, Callable]:
    fields = dataclasses.fields(cls)
    compared = _getter([f.name for f in fields if f.compare])
    hashed = _getter([f.name for f in fields
                      if (f.compare if f.hash is None else f.hash)])
    shown = [f.name for f in fields if f.repr]

    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return compared(self) == compared(other)
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(hashed(self))

    @recursive_repr()
    def __repr__(self: Any) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({inner})"

    made: dict[str, Callable] = {"__eq__": __eq__, "__hash__": __hash__, "__repr__": __repr__}
    for name, fn in made.items():
        fn.__qualname__ = f"{cls.__qualname__}.{name}"
    return made


def _init(cls: type, fields: tuple[dataclasses.Field, ...]) -> Callable:
    """The __init__ dataclasses would write for a frozen class (fields set through
    object.__setattr__, defaults and default factories as theirs), compiled in one exec."""
    names: dict[str, Any] = {"_set": object.__setattr__, "_FACTORY": _FACTORY}
    params, body = [], []
    for f in fields:
        if not f.init or f.kw_only is True:
            raise TypeError(f"@record: field {f.name!r} of {cls.__qualname__} is not a plain "
                            "__init__ parameter: use @dataclass(frozen=True)")
        value = f.name
        if f.default_factory is not dataclasses.MISSING:
            names[f"_factory_{f.name}"] = f.default_factory
            params.append(f"{f.name}=_FACTORY")
            value = f"_factory_{f.name}() if {f.name} is _FACTORY else {f.name}"
        elif f.default is not dataclasses.MISSING:
            names[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        else:
            params.append(f.name)
        body.append(f"    _set(self, {f.name!r}, {value})")
    source = f"def __init__(self, {', '.join(params)}):\n" + ("\n".join(body) or "    pass")
    exec(source, names)  # noqa: S102 - the text is made above from the class's field names
    init = names["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _frozen(cls: type[Any], fields: tuple[dataclasses.Field, ...]) -> dict[str, Callable]:
    """__setattr__ and __delattr__ as dataclasses write them for a frozen class."""
    names = frozenset(f.name for f in fields)

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    return {"__setattr__": __setattr__, "__delattr__": __delattr__}


class _Factory:
    """The default of a parameter whose field has a default factory (dataclasses' own
    sentinel, _HAS_DEFAULT_FACTORY, is private)."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def record(cls: T) -> T:
    """The class as `@dataclass(frozen=True)` makes it, with its methods made here instead
    of compiled one by one (see the module docstring)."""
    own = dict(cls.__dict__)
    if hasattr(cls, "__post_init__") or any(
            hasattr(base, "__dataclass_fields__") and not base.__dict__.get("__record__")
            for base in cls.__mro__[1:]):
        raise TypeError(f"@record: {cls.__qualname__} has __post_init__ or a dataclass base "
                        "that is not a record: use @dataclass(frozen=True)")
    for name in ("__setattr__", "__delattr__", "__init__"):
        if name in own:
            raise TypeError(f"@record: {cls.__qualname__} defines {name}")
    # a class body that defines __eq__ but not __hash__ gets __hash__ = None from Python;
    # dataclasses count that as no explicit hash and add theirs (frozen, eq): so do we
    explicit_hash = "__hash__" in own and not (own["__hash__"] is None and "__eq__" in own)
    # dataclasses give a class without a docstring one from inspect.signature(cls), which
    # for the object.__init__ a record has then parses a text signature with tokenize
    # (compiling its patterns: 3 ms of a cold build); the record's own comes below
    undocumented = not cls.__doc__
    if undocumented:
        cls.__doc__ = cls.__name__
    # dataclasses read the fields and set __dataclass_fields__ and __match_args__; the
    # methods come from here
    made = cast(T, dataclasses.dataclass(init=False, repr=False, eq=False)(cls))  # cls itself
    fields = dataclasses.fields(made)
    if undocumented:
        made.__doc__ = f"{made.__name__}({', '.join(f.name for f in fields)})"
    methods = {"__init__": _init(made, fields), **_frozen(made, fields), **_methods(made)}
    for name, fn in methods.items():
        if name == "__hash__":
            if not explicit_hash:
                made.__hash__ = fn  # type: ignore[assignment]
        elif name not in own:
            fn.__qualname__ = f"{made.__qualname__}.{name}"
            setattr(made, name, fn)
    # __dataclass_params__ stays as dataclasses set it (frozen=False), which lets a record
    # derive from a record; a @dataclass deriving from a record is refused by dataclasses
    made.__record__ = True  # type: ignore[attr-defined]
    return made


_FIELDS: dict[type, tuple[tuple[str, bool], ...] | None] = {}


def fields_of(cls: type) -> tuple[tuple[str, bool], ...] | None:
    """(name, init) of each field of dataclass `cls`, None for any other class, looked up once
    per class. The walks over a parsed outline (citations, renumbering, cache keys) ask this of
    every node; `dataclasses.fields()` each time was a third of their time."""
    try:
        return _FIELDS[cls]
    except KeyError:
        found = _FIELDS[cls] = (tuple((f.name, f.init) for f in dataclasses.fields(cls))
                                if dataclasses.is_dataclass(cls) else None)
        return found

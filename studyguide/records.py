"""`@record`: `@dataclass(frozen=True)` for the model's many small classes, cheaper to define.

Python 3.11's dataclasses compile every generated method from source text with exec() as the
class is defined: a frozen class gets six (__init__, __repr__, __eq__, __hash__, __setattr__,
__delattr__), about 0.8 ms of CPU per class, and a build defines about a hundred of them before
it renders anything (80 ms of a cold one-edition build). `record` asks dataclasses only for
__init__ and the frozen __setattr__/__delattr__, and gives the class __eq__, __hash__ and
__repr__ written once here, which read the fields through one operator.attrgetter per class.

They behave as the generated ones do (tests/test_records.py compares them with dataclasses'):
equal when the other object is of exactly the same class and the compared fields are equal
(NotImplemented otherwise), the hash of the tuple of the hashed fields, and
`Name(field=value, ...)` over the fields with repr=True, `...` for a value that contains
itself. A method the class body defines itself is kept, as dataclasses keep it.
"""

from __future__ import annotations

import dataclasses
from operator import attrgetter
from reprlib import recursive_repr
from typing import Any, Callable, TypeVar, dataclass_transform

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

    made = {"__eq__": __eq__, "__hash__": __hash__, "__repr__": __repr__}
    for name, fn in made.items():
        fn.__qualname__ = f"{cls.__qualname__}.{name}"
    return made


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def record(cls: T) -> T:
    """The class as `@dataclass(frozen=True)` makes it, with __eq__, __hash__ and __repr__
    shared instead of compiled per class (see the module docstring)."""
    own = dict(cls.__dict__)
    # a class body that defines __eq__ but not __hash__ gets __hash__ = None from Python;
    # dataclasses count that as no explicit hash and add theirs (frozen, eq): so do we
    explicit_hash = "__hash__" in own and not (own["__hash__"] is None and "__eq__" in own)
    made = dataclasses.dataclass(frozen=True, eq=False, repr=False)(cls)
    for name, fn in _methods(made).items():
        if name == "__hash__":
            if not explicit_hash:
                made.__hash__ = fn  # type: ignore[assignment]
        elif name not in own:
            setattr(made, name, fn)
    return made

"""The Jinja environment theme templates run in: sandboxed, with every resource bounded.

Jinja's ImmutableSandboxedEnvironment already refuses private attributes (`__class__`,
`_TemplateReference__context`, ...) and mutation of lists and dicts. On top of that, a template
here gets a step budget (every call, filter and loop iteration costs one step), no value longer
than MAX_VALUE characters, no arithmetic on huge numbers, and only a short list of text filters.
A mistake or a hostile theme therefore ends in an error, never in a hang or a memory blow-up.

Import this module only when a template is rendered: it imports jinja2.
"""

from __future__ import annotations

import contextvars
import re
from typing import Any, Callable, Iterable, Iterator

from jinja2 import StrictUndefined, nodes, pass_context
from jinja2.runtime import Macro
from jinja2.sandbox import (
    ImmutableSandboxedEnvironment,
    SandboxedEnvironment,
    SandboxedFormatter,
    SecurityError,
)
from jinja2.utils import missing
from jinja2.visitor import NodeTransformer

from studyguide.diagnostics import did_you_mean

MAX_VALUE = 10_000  # characters in any string, items in any list
MAX_STEPS = 20_000
MAX_ARG_TEXT = 1_000  # characters of a text argument to a filter or method
MAX_ARG_NUMBER = 10_000  # for methods such as str.center
MAX_WIDTH = 1_000  # for the filters that pad or indent: center, indent, truncate, wordwrap
MAX_RANGE = 1_000
MAX_WRITTEN = 200_000  # characters a render may write in all: output, {% set %} blocks, macros

CONTEXT_NAMES = ("course", "outline", "edition", "page", "pages", "date")

# [steps left, characters left to write] for the render in progress
_steps: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("steps", default=None)
# One printf-style conversion: %(key)-08.3f, %*d, %%; its width and precision are groups 1, 2.
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d*))?[hlL]?(?:[a-zA-Z%]|$)")
_NUMBER = re.compile(r"\d+")

SAFE_FILTERS = (
    "abs", "capitalize", "center", "count", "d", "default", "first", "float", "indent", "int",
    "join", "last", "length", "list", "lower", "max", "min", "replace", "reverse", "round",
    "select", "reject", "sort", "string", "striptags", "title", "trim", "truncate", "unique",
    "upper", "wordcount", "wordwrap",
)
_WIDTH_FILTERS = ("center", "indent", "truncate", "wordwrap")


class ThemeUndefined(StrictUndefined):
    """StrictUndefined whose messages say what a template could have written instead."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        name, obj = self._undefined_name, self._undefined_obj
        if self._undefined_hint or not isinstance(name, str):
            return super()._undefined_message
        if obj is missing:
            return (f"'{name}' is undefined{did_you_mean(name, CONTEXT_NAMES)}; templates can "
                    f"use {', '.join(CONTEXT_NAMES)}")
        if isinstance(obj, dict):
            keys = sorted(str(k) for k in obj)
            return (f"'{name}' is undefined{did_you_mean(name, keys)}; the choices here are "
                    f"{', '.join(keys)}")
        return super()._undefined_message


class Budget:
    """A step budget for one render; used as a context manager around it."""

    def __enter__(self) -> Budget:
        self._token = _steps.set([MAX_STEPS, MAX_WRITTEN])
        return self

    def __exit__(self, *exc: object) -> None:
        _steps.reset(self._token)


def _step() -> None:
    left = _steps.get()
    if left is None:
        return  # constant folding at compile time: bounded by the source size
    left[0] -= 1
    if left[0] < 0:
        raise SecurityError(f"the template does too much work (more than {MAX_STEPS:,} steps)")


@pass_context
def _written(context: Any, value: Any) -> Any:
    """What every `{{ }}` and text run goes through: its characters count against MAX_WRITTEN.

    A `{% set %}` block or a macro collects what its body writes, so this bounds those too.
    (It takes the context so that Jinja cannot fold it away at compile time.)
    """
    left = _steps.get()
    if left is not None:
        left[1] -= len(value) if isinstance(value, str) else len(str(value))
        if left[1] < 0:
            raise SecurityError(f"the template writes more than {MAX_WRITTEN:,} characters "
                                "in all (in its text, {% set %} blocks and macros)")
    return value


def check_format_widths(spec: str, percent: bool) -> None:
    """Refuse a field width or precision above MAX_WIDTH before Python pads anything.

    `spec` is a %-format string (`percent`) or one `{}` field's format spec, with nested
    fields already filled in (`{:{w}}` arrives here as `900000000`).
    """
    if percent:
        numbers = [n for spec_match in _PERCENT_SPEC.finditer(spec)
                   for n in spec_match.groups() if n]
    else:
        numbers = _NUMBER.findall(spec)
    if "*" in numbers:
        raise SecurityError("a format width taken from the values ('*'); write the width")
    wide = max((int(n) for n in numbers if n.isdigit() and len(n) < 30), default=0)
    if wide > MAX_WIDTH or any(len(n) >= 30 for n in numbers):
        raise SecurityError(f"a format width of {wide:,}; the limit is {MAX_WIDTH:,}"
                            if wide > MAX_WIDTH else "a format width too large to read")


class _WidthFormatter(SandboxedFormatter):
    """str.format for templates: every field's width and precision checked first."""

    def format_field(self, value: Any, format_spec: str) -> Any:
        check_format_widths(format_spec, percent=False)
        return super().format_field(value, format_spec)


def _cap(value: Any) -> Any:
    """Refuse strings and lists longer than MAX_VALUE."""
    if isinstance(value, (str, list, tuple, dict)) and len(value) > MAX_VALUE:
        raise SecurityError(f"a value longer than {MAX_VALUE:,} characters or items")
    return value


def _check_arguments(args: Iterable[Any], text_limit: int,
                     number_limit: int | None = MAX_ARG_NUMBER) -> None:
    for arg in args:
        if isinstance(arg, str) and len(arg) > text_limit:
            raise SecurityError(f"a text argument longer than {text_limit:,} characters")
        if (number_limit is not None and isinstance(arg, int) and not isinstance(arg, bool)
                and abs(arg) > number_limit):
            raise SecurityError(f"a number argument larger than {number_limit:,}")
        if isinstance(arg, (list, tuple)):
            _cap(arg)


def _guarded_filter(function: Callable[..., Any], name: str) -> Callable[..., Any]:
    """Wrap a Jinja filter: bounded arguments, bounded result, one step per call."""
    numbers = MAX_WIDTH if name in _WIDTH_FILTERS else None
    # pass_context / pass_environment filters get that object first; the value comes next.
    first = 1 if hasattr(function, "jinja_pass_arg") else 0

    def guarded(*args: Any, **kwargs: Any) -> Any:
        _step()
        if len(args) > first:
            _cap(args[first])
        _check_arguments(args[first + 1:], MAX_ARG_TEXT, numbers)
        _check_arguments(kwargs.values(), MAX_ARG_TEXT, numbers)
        return _cap(function(*args, **kwargs))

    if first:
        guarded.jinja_pass_arg = function.jinja_pass_arg  # type: ignore[attr-defined]
    return guarded


def _counted(iterable: Iterable[Any]) -> Iterator[Any]:
    """What every `{% for %}` loops over: each iteration costs a step."""
    for item in iterable:
        _step()
        yield item


def _range(*args: int) -> range:
    result = range(*args)
    if len(result) > MAX_RANGE:
        raise SecurityError(f"range() of more than {MAX_RANGE:,} numbers")
    return result


class _Guards(NodeTransformer):
    """Route every loop and every `~` concatenation through the budget and the size cap."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = _filter(node.iter, "sg_counted")
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return _filter(node, "sg_cap")

    def visit_Output(self, node: nodes.Output) -> nodes.Node:
        self.generic_visit(node)
        node.nodes = [_filter(child, "sg_written") for child in node.nodes]
        return node

    def visit_AssignBlock(self, node: nodes.AssignBlock) -> nodes.Node:
        # `{% set x %}...{% endset %}`: the value is capped as every other value is. A block
        # with filters needs nothing more: every filter caps the value it is given.
        self.generic_visit(node)
        if node.filter is None:
            node.filter = nodes.Filter(None, "sg_cap", [], [], None, None, lineno=node.lineno)
        return node


def _filter(node: nodes.Expr, name: str) -> nodes.Filter:
    wrapped = nodes.Filter(node, name, [], [], None, None)
    wrapped.set_lineno(node.lineno)
    return wrapped


class ThemeEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox theme templates render in."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})
    # the types of the two dicts jinja2 sets unannotated (mypy cannot infer them from here)
    filters: dict[str, Callable[..., Any]]
    globals: dict[str, Any]

    def __init__(self, **options: Any) -> None:
        super().__init__(undefined=ThemeUndefined, autoescape=False, trim_blocks=True,
                         lstrip_blocks=True, **options)
        self.filters = {name: _guarded_filter(self.filters[name], name) for name in SAFE_FILTERS}
        self.filters["sg_counted"] = _counted
        self.filters["sg_cap"] = _cap
        self.filters["sg_written"] = _written
        # No lipsum (large output) and no namespace (state that grows across loop iterations).
        self.globals = {"range": _range, "dict": dict, "joiner": self.globals["joiner"],
                        "cycler": self.globals["cycler"]}

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        return _Guards().visit(tree)

    def call_binop(self, context: Any, operator_name: str, left: Any, right: Any) -> Any:
        _step()
        if operator_name == "**" and (not isinstance(right, (int, float)) or abs(right) > 64
                                      or abs(left) > MAX_ARG_NUMBER):
            raise SecurityError("a power too large for a template")
        if operator_name == "*":
            _check_product(left, right)
        if operator_name == "%" and isinstance(left, str):
            check_format_widths(left, percent=True)
            _check_arguments(right if isinstance(right, tuple) else (right,), MAX_VALUE, None)
        return _cap(self.binop_table[operator_name](left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        _step()
        # Macros and range() are template code: their text and numbers allocate nothing big.
        ours = isinstance(__obj, Macro) or __obj is _range
        limit, numbers = (MAX_VALUE, None) if ours else (MAX_ARG_TEXT, MAX_ARG_NUMBER)
        _check_arguments(args, limit, numbers)
        _check_arguments(kwargs.values(), limit, numbers)
        return _cap(super().call(__context, __obj, *args, **kwargs))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """`'...'.format(...)` and `.format_map(...)`, with every field's width checked."""
        if jinja_str_format(self, value) is None:
            return None
        text, mapping = value.__self__, value.__name__ == "format_map"
        vformat = _WidthFormatter(self).vformat

        def wrapper(*args: Any, **kwargs: Any) -> str:
            if mapping:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                return str(vformat(text, (), args[0]))
            return str(vformat(text, args, kwargs))

        return wrapper


jinja_str_format = SandboxedEnvironment.wrap_str_format  # decides what is a str.format


def _check_product(left: Any, right: Any) -> None:
    """`'x' * n`, `[..] * n`, `a * b`: refuse results too large before computing them."""
    sizes = []
    for side in (left, right):
        if isinstance(side, (str, list, tuple)):
            sizes.append(max(len(side), 1))
        elif isinstance(side, int) and not isinstance(side, bool):
            sizes.append(abs(side))
        else:
            return
    if isinstance(left, int) and isinstance(right, int):
        if left.bit_length() + right.bit_length() > 256:
            raise SecurityError("a number too large for a template")
    elif sizes[0] * sizes[1] > MAX_VALUE:
        raise SecurityError(f"a value longer than {MAX_VALUE:,} characters or items")

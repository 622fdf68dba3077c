"""The sandbox a GGUF's own chat template runs in: Jinja's immutable sandbox, bounded in time,
steps and size (see the comment below). Used by templates.JinjaTemplate."""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from jinja2 import Template, TemplateError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from jinja2.visitor import NodeTransformer

# -- the sandbox for a GGUF's own template -------------------------------------------------------
# A chat template comes from the model file, which anyone can edit: Jinja's sandbox keeps it
# from reaching Python's internals, but not from running nested loops for hours or building a
# 3 GB string ('x' * 3000000000, which Jinja would even fold into a constant while compiling).
# Every render therefore runs on a budget: a wall-clock deadline, a count of steps (attribute
# and item lookups, calls, operators, filters, loop iterations, outputs) and a cap on the size
# of any value it builds, checked BEFORE the operations that multiply sizes.

RENDER_SECONDS = 2.0
MAX_STEPS = 1_000_000
# Characters (or items) in one value or in the whole prompt: a 128k-token context is ~500k.
MAX_SIZE = 1 << 22
# Bits of an integer the template may compute (2 ** 10 ** 9 would take minutes).
_MAX_INT_BITS = 1 << 16
# A width or precision of 5+ digits in a format string ('%0999999999d', '{:>99999999}').
_WIDE_FORMAT = re.compile(r"[%:.][-+ #0<>^=_,]*\d{5,}")
# str methods whose result can be much larger than the string: checked before they run.
_WIDENING_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})
# Filters that never turn a (possibly huge) list into text: their input is not measured.
_STRUCTURAL_FILTERS = frozenset(
    {
        "length",
        "count",
        "first",
        "last",
        "list",
        "map",
        "select",
        "reject",
        "selectattr",
        "rejectattr",
        "sort",
        "unique",
        "batch",
        "slice",
        "reverse",
        "groupby",
        "dictsort",
        "items",
        "min",
        "max",
        "sum",
        "attr",
        "default",
        "d",
        "int",
        "float",
        "abs",
        "round",
        "random",
        "troly_iterate",
    }
)
# Statements that would reach outside the template (there is no loader) or into other files.
_FORBIDDEN_NODES = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)


class TemplateTooCostly(SecurityError):
    """A render went past the sandbox's bounds: the template is not used."""


@dataclass
class _Budget:
    deadline: float
    steps: int = 0

    def tick(self, n: int = 1) -> None:
        self.steps += n
        if self.steps > MAX_STEPS:
            raise TemplateTooCostly(f"more than {MAX_STEPS:,} steps")
        if self.steps & 1023 < n and time.monotonic() > self.deadline:
            raise TemplateTooCostly(f"more than {RENDER_SECONDS:g} s")


_budget: ContextVar[_Budget | None] = ContextVar("troly_template_budget", default=None)


def _tick(n: int = 1) -> None:
    budget = _budget.get()
    if budget is not None:  # None while compiling: Jinja folds constants then
        budget.tick(n)


def _size(value: Any) -> int:
    """Characters and items in value as text would show it, nested containers included. A
    string costs nothing to measure; a container costs a step per element visited, and the
    count stops past MAX_SIZE (each element counts at least 1, so that bounds the visits)."""
    if isinstance(value, (str, bytes)):
        return len(value)
    total = visits = 0
    stack = [value]
    while stack and total <= MAX_SIZE:
        item = stack.pop()
        visits += 1
        if isinstance(item, (str, bytes)):
            total += len(item) + 1
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += len(item) + 1
            if total <= MAX_SIZE:
                stack.extend(item)
        elif isinstance(item, dict):
            total += 2 * len(item) + 1
            if total <= MAX_SIZE:
                stack.extend(item.keys())
                stack.extend(item.values())
        else:
            total += 1
    _tick(visits)
    return total


def _length(value: Any) -> int:
    """Items (or characters) directly in value: what repeating or adding it costs."""
    return len(value) if isinstance(value, (str, bytes, list, tuple)) else 1


def _check_size(size: int, what: str) -> None:
    if size > MAX_SIZE:
        raise TemplateTooCostly(f"{what} larger than {MAX_SIZE:,} characters")


def _check_args(args: Sequence[Any], kwargs: dict[str, Any]) -> None:
    """A number past MAX_SIZE as an argument is a width or count no prompt needs."""
    for arg in (*args, *kwargs.values()):
        if isinstance(arg, int) and not isinstance(arg, bool) and abs(arg) > MAX_SIZE:
            raise TemplateTooCostly(f"argument {arg} too large")


def _check_format(fmt: Any, args: Sequence[Any] = (), kwargs: dict[str, Any] | None = None) -> None:
    if isinstance(fmt, str) and _WIDE_FORMAT.search(fmt):
        raise TemplateTooCostly("format width too large")
    _check_args(args, kwargs or {})


def _check_replace(text: Any, old: Any, new: Any) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        grown = (text.count(old) if old else len(text) + 1) * max(0, len(new) - len(old))
        _check_size(len(text) + grown, "replace result")


def _check_join(separator: Any, items: Any) -> None:
    if isinstance(separator, str) and isinstance(items, (list, tuple)):
        _check_size(_size(items) + len(separator) * len(items), "join result")


def _check_multiply(left: Any, right: Any) -> None:
    if isinstance(left, int) and isinstance(right, int):
        if left.bit_length() + right.bit_length() > _MAX_INT_BITS:
            raise TemplateTooCostly("number too large")
        return
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, (str, list, tuple)) and isinstance(times, int):
            _check_size(_length(seq) * max(times, 0), "repeated value")


def _check_power(left: Any, right: Any) -> None:
    too_large = (
        isinstance(left, int)
        and isinstance(right, int)
        and max(left.bit_length(), 1) * right > _MAX_INT_BITS
    )
    if too_large:
        raise TemplateTooCostly("number too large")


class _BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with every operation that costs time or memory counted."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _tick()
        if operator == "*":
            _check_multiply(left, right)
        elif operator == "**":
            _check_power(left, right)
        elif operator == "+":
            if isinstance(left, (str, list, tuple)):
                _check_size(_length(left) + _length(right), "sum")
        elif operator == "%" and isinstance(left, str):
            _check_format(left, right if isinstance(right, tuple) else (right,))
            _check_size(len(left) + _size(right), "formatted string")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _tick()
        _check_args(args, kwargs)
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            name = getattr(__obj, "__name__", "")
            if name in _WIDENING_METHODS:
                _check_size(len(owner) * (1 + sum(a for a in args if isinstance(a, int))), name)
            elif name == "replace" and len(args) >= 2:
                _check_replace(owner, args[0], args[1])
            elif name == "join" and args:
                _check_join(owner, args[0])
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(result, str):
            _check_size(len(result), "call result")
        return result

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        # 'text'.format is looked up as an attribute and wrapped here, not seen by call().
        owner = getattr(value, "__self__", None)
        if isinstance(owner, str):
            _check_format(owner)
        return super().wrap_str_format(value)

    def getattr(self, obj: Any, attribute: str) -> Any:
        _tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        _tick()
        return super().getitem(obj, argument)


def _bounded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """The filter, with its input, arguments and result held to the bounds."""
    # Filters marked pass_context/pass_environment take that first, then the value.
    first = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0

    @functools.wraps(func)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        _tick()
        value, rest = (args[first], args[first + 1 :]) if len(args) > first else (None, ())
        if name not in _STRUCTURAL_FILTERS:  # these never turn a list into text
            _check_size(_size(value), f"input of filter {name}")
        _check_args(rest, kwargs)
        if name == "replace" and len(rest) >= 2:
            _check_replace(value, rest[0], rest[1])
        elif name == "format":
            _check_format(value, rest, kwargs)
        elif name == "join":
            separator = rest[0] if rest else kwargs.get("d", "")
            _check_join(separator, list(value) if isinstance(value, (list, tuple)) else value)
        elif name in ("center", "indent") and isinstance(value, str):
            width = rest[0] if rest else kwargs.get("width", 80)
            lines = value.count("\n") + 1
            if isinstance(width, int):
                _check_size(len(value) + width * (lines if name == "indent" else 1), name)
        result = func(*args, **kwargs)
        if isinstance(result, str):
            _check_size(len(result), f"result of filter {name}")
        return result

    return bounded


def _iterate(value: Any) -> Iterator[Any]:
    """What a {% for %} loop iterates over: one step per item."""
    for item in value:
        _tick()
        yield item


def _concat(parts: list[Any]) -> str:
    """The `~` operator, its size checked before the string is built."""
    _check_size(sum(_size(part) for part in parts), "concatenation")
    return "".join(str(part) for part in parts)


def _finalize(value: Any) -> Any:
    """Every {{ expression }} before it is turned into text."""
    _tick()
    _check_size(_size(value), "output")
    return value


def _raise_template_exception(message: str) -> None:
    raise TemplateError(message)


def _environment() -> _BoundedSandbox:
    env = _BoundedSandbox(
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
        extensions=["jinja2.ext.loopcontrols"],
    )
    env.globals.pop("lipsum", None)  # generates text on demand; no chat template uses it
    env.globals["raise_exception"] = _raise_template_exception
    env.filters = {name: _bounded_filter(name, f) for name, f in env.filters.items()}
    env.filters["troly_iterate"] = _iterate
    env.filters["troly_concat"] = _concat
    return env


class _Guard(NodeTransformer):
    """Rewrites the parsed template so that loops and `~` go through the budget."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, "troly_iterate", [], [], None, None, lineno=node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        parts = nodes.List(node.nodes, lineno=node.lineno)
        return nodes.Filter(parts, "troly_concat", [], [], None, None, lineno=node.lineno)


def compile_template(source: str) -> Template:
    """The template compiled in the bounded sandbox. Raises TemplateError (or
    TemplateTooCostly, for a constant too large) for a template that is refused outright."""
    env = _environment()
    tree = env.parse(source)
    for node in tree.find_all(_FORBIDDEN_NODES):
        raise TemplateError(f"'{type(node).__name__.lower()}' is not allowed in a chat template")
    tree = _Guard().visit(tree)
    budget = _Budget(time.monotonic() + RENDER_SECONDS)
    token = _budget.set(budget)
    try:
        return env.from_string(tree)
    finally:
        _budget.reset(token)


def render_bounded(template: Template, context: dict[str, Any]) -> str:
    """The rendered text, or TemplateTooCostly once the render passes a bound."""
    token = _budget.set(_Budget(time.monotonic() + RENDER_SECONDS))
    try:
        parts: list[str] = []
        total = 0
        for piece in template.generate(**context):
            total += len(piece)
            _check_size(total, "prompt")
            parts.append(piece)
        return "".join(parts)
    except RecursionError:
        raise TemplateTooCostly("recursion too deep") from None
    except MemoryError:
        raise TemplateTooCostly("out of memory") from None
    finally:
        _budget.reset(token)


def describe_failure(exc: BaseException) -> str:
    """A short English account of why a template was refused, for the log and messages."""
    text = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__

"""The one Jinja environment of the reports: sandboxed, bounded, undefined variables are errors, output escaped.

A template is the officer's (or a received folder's) code, so it runs in Jinja's sandbox with limits of our own:
a value it computes or hands to a filter, a call or the output has an estimated size (characters of its texts
and items of its lists, nested lists counted through: see `estimated_size`) of at most MAX_LENGTH, a whole number
at most MAX_INT_BITS bits, `range` at most MAX_RANGE items, a rendered part at most MAX_OUTPUT characters, and
each document TIME_BUDGET seconds, checked at every loop step, call, attribute and operator. What would build a
value past the limit (`*`, `~`, `join`, `sum`, `string`, `tojson`, printing a list) is refused before it runs,
so no single step takes long. A breach is a TemplateLimit: that document fails as its template's problem
(exit 1)."""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from itertools import chain
from typing import Any

from jinja2 import StrictUndefined, nodes, pass_environment, pass_eval_context
from jinja2.exceptions import SecurityError
from jinja2.filters import make_attrgetter
from jinja2.runtime import markup_join, str_join
from jinja2.sandbox import MAX_RANGE, ImmutableSandboxedEnvironment

from ..i18n import _

MAX_LENGTH = 10_000_000  # characters of a text, items of a list
MAX_INT_BITS = 4_096  # about 1,200 digits
MAX_OUTPUT = 50_000_000  # characters of one rendered part
TIME_BUDGET = 20.0  # seconds per document
_BOUNDED_LOOP = "emul_bounded_loop"  # the filter every `for` loop's iterable goes through
_BOUNDED_TEXT = "emul_bounded_text"  # the filter every printed value goes through
_BOUNDED_CONCAT = "emul_bounded_concat"  # the filter that makes every `~` concatenation
_MAX_DEPTH = 100  # lists nested deeper than this are taken as past the limit (a document nests a few)
_TEXTS = (str, bytes, bytearray)
_CONTAINERS = (list, tuple, dict, set, frozenset)
# The filters that consume a whole iterable to build their value: a generator given to one is collected first,
# within the limit, so that its size is known before they run.
_COLLECTING = frozenset({"join", "sum", "list"})
# A width or precision of a million or more, or one taken from the arguments (`*`, `{:{}}`).
_HUGE_PERCENT = re.compile(r"%[^a-zA-Z%]*(?:\*|\d{7})")
_HUGE_FORMAT = re.compile(r"\{[^{}]*:[^{}]*(?:\{|\d{7})")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")
_DEADLINE: ContextVar[float | None] = ContextVar("template_deadline", default=None)


class TemplateLimit(SecurityError):
    """A template went past one of the limits: its message names the limit."""


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with the limits above checked in its hooks, and in every loop and `~`."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals.pop("lipsum", None)  # pages of filler text: nothing a document needs
        self.globals["range"] = bounded_range
        self.filters["sum"] = linear_sum
        self.filters = {name: _bounded_filter(name, function) for name, function in self.filters.items()}
        self.filters[_BOUNDED_LOOP] = bounded_loop
        self.filters[_BOUNDED_TEXT] = bounded_value
        self.filters[_BOUNDED_CONCAT] = bounded_concat

    def _generate(
        self, source: nodes.Template, name: str | None, filename: str | None, defer_init: bool = False
    ) -> str:
        for loop in source.find_all(nodes.For):  # every loop step checks the time
            loop.iter = nodes.Filter(loop.iter, _BOUNDED_LOOP, [], [], None, None, lineno=loop.iter.lineno)
        for concat in list(source.find_all(nodes.Concat)):  # sized before they are joined
            operands = nodes.Tuple(concat.nodes, "load", lineno=concat.lineno)
            concat.nodes = [nodes.Filter(operands, _BOUNDED_CONCAT, [], [], None, None, lineno=concat.lineno)]
        for output in source.find_all(nodes.Output):  # a printed list is written out whole: sized first
            output.nodes = [
                node
                if isinstance(node, nodes.TemplateData)
                else nodes.Filter(node, _BOUNDED_TEXT, [], [], None, None, lineno=node.lineno)
                for node in output.nodes
            ]
        source.set_environment(self)
        return super()._generate(source, name, filename, defer_init)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        check_time()
        check_binop(operator, left, right)
        return bounded_value(super().call_binop(context, operator, left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        check_time()
        check_sizes((*args, *kwargs.values()))
        if _is_text_method(__obj):
            check_arguments(args, kwargs)
            if __obj.__name__ == "join" and args:
                args = (collected(args[0]), *args[1:])
            check_growth(__obj.__name__, __obj.__self__, args)
        return bounded_value(super().call(__context, __obj, *args, **kwargs))

    def getattr(self, obj: Any, attribute: str) -> Any:
        check_time()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        check_time()
        return super().getitem(obj, argument)

    def wrap_str_format(self, value: Any) -> Any:
        wrapped = super().wrap_str_format(value)
        if wrapped is not None and _HUGE_FORMAT.search(value.__self__):
            raise TemplateLimit(_too_large())
        return wrapped


def xml_environment() -> BoundedEnvironment:
    """For Word templates: autoescape, so `&` and `<` in a unit's name stay text instead of breaking the XML."""
    return BoundedEnvironment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)


def html_environment() -> BoundedEnvironment:
    """For the HTML page: autoescape, so that a unit named `<script>` shows as that text."""
    return BoundedEnvironment(
        autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True
    )


def markdown_environment() -> BoundedEnvironment:
    """For Markdown: every printed value is escaped for Markdown, so a name cannot open a link or break a table."""
    return BoundedEnvironment(
        autoescape=False,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_markdown_escape,
    )


def _markdown_escape(value: Any) -> Any:
    if isinstance(value, str):
        return _MARKDOWN_SPECIAL.sub(r"\\\1", value).replace("\n", " ")
    return value


# ----- the limits --------------------------------------------------------------------------------------------
def render_bounded(template: Any, context: dict[str, Any]) -> str:
    """A compiled template rendered within the output cap; the time left to the document (see `budget`) is
    checked inside the template, so that a breach has its line."""
    chunks: list[str] = []
    size = 0
    for chunk in template.generate(context):
        size += len(chunk)
        if size > MAX_OUTPUT:
            raise TemplateLimit(_("more than {count} characters of output").format(count=MAX_OUTPUT))
        chunks.append(chunk)
    return "".join(chunks)


@contextmanager
def budget() -> Iterator[None]:
    """The time one document may take to render, all its parts together."""
    token = _DEADLINE.set(time.monotonic() + TIME_BUDGET)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def check_time() -> None:
    deadline = _DEADLINE.get()
    if deadline is not None and time.monotonic() > deadline:
        raise TemplateLimit(_("more than {seconds} seconds to render").format(seconds=f"{TIME_BUDGET:g}"))


def check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse, before computing it, an operation whose result would break a limit; the same test for a
    template being rendered and for `emul template check` (constant operands)."""
    if operator == "**" and _is_int(left) and _is_int(right) and abs(left) > 1 and right > 0:
        if right * abs(left).bit_length() > MAX_INT_BITS:
            raise TemplateLimit(_too_large_number())
    elif operator == "*" and _is_int(left) and _is_int(right):
        if abs(left).bit_length() + abs(right).bit_length() > MAX_INT_BITS:
            raise TemplateLimit(_too_large_number())
    elif operator == "*" and (_is_int(left) or _is_int(right)):
        count, items = (left, right) if _is_int(left) else (right, left)
        if isinstance(items, str | list | tuple) and count > 0 and count * estimated_size(items) > MAX_LENGTH:
            raise TemplateLimit(_too_large())
    elif operator == "%" and isinstance(left, str):
        if _HUGE_PERCENT.search(left):
            raise TemplateLimit(_too_large())
        check_sizes((right,))


def bounded_range(*args: int) -> range:
    check_time()
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise TemplateLimit(_("range() of more than {count} numbers").format(count=MAX_RANGE))
    return numbers


def bounded_loop(iterable: Iterable[Any]) -> Iterator[Any]:
    for item in iterable:
        check_time()
        yield item


def bounded_value(value: Any) -> Any:
    if _is_int(value) and value.bit_length() > MAX_INT_BITS:
        raise TemplateLimit(_too_large_number())
    check_sizes((value,))
    return value


@pass_eval_context
def bounded_concat(eval_context: Any, operands: tuple[Any, ...]) -> str:
    """`a ~ b ~ …`, as Jinja joins it, once the operands together are known to be within the limit."""
    check_concat(operands)
    return bounded_value(markup_join(operands) if eval_context.autoescape else str_join(operands))  # type: ignore[no-any-return]


def check_concat(operands: Iterable[Any]) -> None:
    if sum(estimated_size(operand) for operand in operands) > MAX_LENGTH:
        raise TemplateLimit(_too_large())


@pass_environment
def linear_sum(environment: Any, iterable: Iterable[Any], attribute: str | int | None = None, start: Any = 0) -> Any:
    """Jinja's `sum`, but lists (or tuples) are put together in one pass: added one by one, they take time in the
    square of their count."""
    if attribute is not None:
        iterable = map(make_attrgetter(environment, attribute), iterable)
    if isinstance(start, list | tuple):
        items = list(iterable)
        if all(type(item) is type(start) for item in items):
            return type(start)(chain(start, *items))
        iterable = items
    return sum(iterable, start)


def estimated_size(value: Any, limit: int = MAX_LENGTH) -> int:
    """The size of a value written out, about: the characters of its texts and numbers and the items of its
    lists, tuples and dicts, nested ones counted through (a list of 300 references to one long text counts it
    300 times, as joining or printing it would). The walk stops as soon as the count passes `limit`."""
    return _size(value, limit, {}, 0)


def _size(value: Any, limit: int, known: dict[int, int], depth: int) -> int:
    if isinstance(value, _TEXTS):
        return len(value)
    if _is_int(value):
        return int(value.bit_length()) * 3 // 10 + 1  # its decimal digits, about
    if not isinstance(value, _CONTAINERS):
        return 1
    if id(value) in known:
        return known[id(value)]
    if depth > _MAX_DEPTH:
        return limit + 1
    items = list(chain.from_iterable(value.items())) if isinstance(value, dict) else value
    known[id(value)] = total = len(value) + _items_size(items, limit, known, depth)
    return total


def _items_size(items: Any, limit: int, known: dict[int, int], depth: int) -> int:
    """The items' sizes added up, at C speed for a list of texts, of whole numbers, or of a few values repeated
    (`[x] * 1000000`): each distinct item is sized once and counted as often as it appears."""
    kinds = set(map(type, items))
    if kinds <= {str}:
        return sum(map(len, items))
    if kinds <= {int}:
        return sum(map(int.bit_length, items)) * 3 // 10 + len(items)
    distinct = dict(zip(map(id, items), items, strict=True))
    counts = Counter(map(id, items)) if len(distinct) < len(items) else dict.fromkeys(distinct, 1)
    total = 0
    for key, item in distinct.items():
        total += counts[key] * _size(item, limit, known, depth + 1)
        if total > limit:
            break
    return total


def check_sizes(values: Iterable[Any]) -> None:
    """Refuse a value past the limit where it is used: printed, or handed to a filter, a call or `%`."""
    for value in values:
        if isinstance(value, _TEXTS + _CONTAINERS) and estimated_size(value) > MAX_LENGTH:
            raise TemplateLimit(_too_large())


def collected(value: Any) -> Any:
    """A generator (`map`, `select`…) collected into a list, refused as soon as it passes the limit; any other
    value as it is."""
    if not isinstance(value, Iterator):
        return value
    items: list[Any] = []
    size = 0
    for item in value:
        check_time()
        size += 1 + estimated_size(item)
        if size > MAX_LENGTH:
            raise TemplateLimit(_too_large())
        items.append(item)
    return items


def _bounded_filter(name: str, function: Any) -> Any:
    first = 2 if getattr(function, "jinja_pass_arg", None) is not None else 1  # after the context and value

    @wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        check_time()
        if name in _COLLECTING:
            args = (*args[: first - 1], collected(args[first - 1]), *args[first:])
        check_filter_call(name, args[first - 1], args[first:], kwargs)
        return bounded_value(function(*args, **kwargs))

    return bounded


def check_filter_call(name: str, value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse a filter call given a value past the limit, or whose whole-number arguments (widths, counts),
    replacement or separator would make one. The value filtered is not such a whole number: a sum of money may
    well exceed MAX_LENGTH."""
    check_sizes((value, *args, *kwargs.values()))
    if name == "format":  # `"%d"|format(amount)`: its widths are in the format
        check_binop("%", value, None)
    else:
        check_arguments(args, kwargs)
    if name == "sum":  # lists added up: as large as they are together
        start = args[1] if len(args) > 1 else kwargs.get("start")
        if isinstance(start, str | list | tuple) and estimated_size(value) + estimated_size(start) > MAX_LENGTH:
            raise TemplateLimit(_too_large())
    named = tuple(kwargs[key] for key in ("width", "d") if key in kwargs)  # indent(width=…), join(d=…)
    check_growth(name, value, (*args, *named))


def check_arguments(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    if any(_is_int(value) and abs(value) > MAX_LENGTH for value in (*args, *kwargs.values())):
        raise TemplateLimit(_too_large())


def check_growth(name: str, subject: Any, args: tuple[Any, ...]) -> None:
    """Refuse, before it runs, a filter or text method whose result multiplies the sizes it is given: each
    size is within MAX_LENGTH, their product need not be."""
    if not isinstance(subject, str | list | tuple):
        return
    if name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        old, new = args[0], args[1]
        size = len(subject) + (len(subject) // max(len(old), 1) + 1) * max(len(new) - len(old), 0)
    elif name == "indent" and args and isinstance(subject, str) and isinstance(args[0], int | str):
        width = args[0] if isinstance(args[0], int) else len(args[0])
        size = len(subject) + (subject.count("\n") + 1) * width
    elif name == "expandtabs" and args and _is_int(args[0]) and isinstance(subject, str):
        size = len(subject) + subject.count("\t") * args[0]
    elif name == "join" and args and isinstance(args[0], (str, *_CONTAINERS)) and isinstance(subject, str):
        size = _joined_size(args[0], subject)  # separator.join(items)
    elif name == "join" and isinstance(subject, (str, *_CONTAINERS)):
        separator = args[0] if args and isinstance(args[0], str) else ""
        size = _joined_size(subject, separator)  # items|join(separator), or with none
    else:
        return
    if size > MAX_LENGTH:
        raise TemplateLimit(_too_large())


def _joined_size(items: Any, separator: str) -> int:
    """Each item written out (a text's characters one by one), with the separator between them."""
    if isinstance(items, str):
        return len(items) * (1 + len(separator))
    return len(separator) * len(items) + estimated_size(items) - len(items)


def _is_text_method(obj: Any) -> bool:
    return isinstance(getattr(obj, "__self__", None), str | list) and isinstance(getattr(obj, "__name__", None), str)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _too_large() -> str:
    return _("a value of more than {count} characters or items").format(count=MAX_LENGTH)


def _too_large_number() -> str:
    return _("a number of more than {bits} bits").format(bits=MAX_INT_BITS)


# ----- messages ----------------------------------------------------------------------------------------------
_UNDEFINED = re.compile(r"^'(?P<name>[^']+)' is undefined$")
_UNSAFE = re.compile(r"^access to attribute '(?P<name>[^']+)' of '[^']+' object is unsafe\.?$")
_NO_ATTRIBUTE = re.compile(r"^'(?P<owner>[^']+)' has no attribute '(?P<name>[^']+)'$")


def describe_jinja_error(exc: Exception) -> str:
    """Jinja's message in the officer's language where we know it, with the template line when Jinja gives it."""
    from jinja2 import TemplateError

    message = str(getattr(exc, "message", None) or exc)
    if isinstance(exc, TemplateLimit):
        return _("the template goes past a limit: {limit}").format(limit=message)
    if not isinstance(exc, TemplateError):  # the template's own code failed, e.g. text added to a number
        return _("the template failed: {error}").format(error=f"{type(exc).__name__}: {message}")
    if match := _UNSAFE.match(message):
        return _("'{name}' is not allowed in a template (templates run in a sandbox)").format(name=match["name"])
    if (match := _UNDEFINED.match(message)) or (match := _NO_ATTRIBUTE.match(message)):
        return _("unknown variable '{name}'").format(name=match["name"])
    return message

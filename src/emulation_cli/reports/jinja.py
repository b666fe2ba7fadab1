"""The one Jinja environment of the reports: sandboxed, bounded, undefined variables are errors, output escaped.

A template is the officer's (or a received folder's) code, so it runs in Jinja's sandbox with limits of our own:
a value it computes (text, list) has at most MAX_LENGTH items, a whole number at most MAX_INT_BITS bits,
`range` at most MAX_RANGE items, a rendered part at most MAX_OUTPUT characters, and each document
TIME_BUDGET seconds, checked at every loop step, call, attribute and operator. A breach is a TemplateLimit:
that document fails as its template's problem (exit 1)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any

from jinja2 import StrictUndefined, nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import MAX_RANGE, ImmutableSandboxedEnvironment

from ..i18n import _

MAX_LENGTH = 10_000_000  # characters of a text, items of a list
MAX_INT_BITS = 4_096  # about 1,200 digits
MAX_OUTPUT = 50_000_000  # characters of one rendered part
TIME_BUDGET = 20.0  # seconds per document
_BOUNDED_LOOP = "emul_bounded_loop"  # the filter every `for` loop's iterable goes through
_BOUNDED_TEXT = "emul_bounded_text"  # the filter every `~` concatenation goes through
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
        self.filters = {name: _bounded_filter(name, function) for name, function in self.filters.items()}
        self.filters[_BOUNDED_LOOP] = bounded_loop
        self.filters[_BOUNDED_TEXT] = bounded_value

    def _generate(
        self, source: nodes.Template, name: str | None, filename: str | None, defer_init: bool = False
    ) -> str:
        for loop in source.find_all(nodes.For):  # every loop step checks the time
            loop.iter = nodes.Filter(loop.iter, _BOUNDED_LOOP, [], [], None, None, lineno=loop.iter.lineno)
        for concat in list(source.find_all(nodes.Concat)):
            concat.nodes = [nodes.Filter(nodes.Concat(concat.nodes), _BOUNDED_TEXT, [], [], None, None)]
        source.set_environment(self)
        return super()._generate(source, name, filename, defer_init)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        check_time()
        check_binop(operator, left, right)
        return bounded_value(super().call_binop(context, operator, left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        check_time()
        if _is_text_method(__obj):
            check_arguments(args, kwargs)
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
        if isinstance(items, str | list | tuple) and count > 0 and count * len(items) > MAX_LENGTH:
            raise TemplateLimit(_too_large())
    elif operator == "%" and isinstance(left, str) and _HUGE_PERCENT.search(left):
        raise TemplateLimit(_too_large())


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
    if isinstance(value, str | bytes | list | tuple | dict) and len(value) > MAX_LENGTH:
        raise TemplateLimit(_too_large())
    if _is_int(value) and value.bit_length() > MAX_INT_BITS:
        raise TemplateLimit(_too_large_number())
    return value


def _bounded_filter(name: str, function: Any) -> Any:
    first = 2 if getattr(function, "jinja_pass_arg", None) is not None else 1  # after the context and value

    @wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        check_time()
        check_filter_call(name, args[first - 1], args[first:], kwargs)
        return bounded_value(function(*args, **kwargs))

    return bounded


def check_filter_call(name: str, value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse a filter call whose whole-number arguments (widths, counts) or replacement would make a value
    past the limits. The value filtered is not such an argument: a sum of money may well exceed MAX_LENGTH."""
    if name == "format":  # `"%d"|format(amount)`: its widths are in the format
        check_binop("%", value, None)
    else:
        check_arguments(args, kwargs)
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
    elif name == "join" and args and isinstance(args[0], list | tuple) and isinstance(subject, str):
        size = len(subject) * len(args[0]) + sum(len(item) for item in args[0] if isinstance(item, str))
    elif name == "join" and isinstance(subject, list | tuple) and args and isinstance(args[0], str):
        size = len(args[0]) * len(subject) + sum(len(item) for item in subject if isinstance(item, str))
    else:
        return
    if size > MAX_LENGTH:
        raise TemplateLimit(_too_large())


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

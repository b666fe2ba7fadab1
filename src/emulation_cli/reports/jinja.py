"""The one Jinja environment of the reports: sandboxed, undefined variables are errors, output escaped."""

from __future__ import annotations

import re
from typing import Any

from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def xml_environment() -> ImmutableSandboxedEnvironment:
    """For Word templates: autoescape, so `&` and `<` in a unit's name stay text instead of breaking the XML."""
    return ImmutableSandboxedEnvironment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)


def markdown_environment() -> ImmutableSandboxedEnvironment:
    """For Markdown: every printed value is escaped for Markdown, so a name cannot open a link or break a table."""
    return ImmutableSandboxedEnvironment(
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


_UNDEFINED = re.compile(r"^'(?P<name>[^']+)' is undefined$")
_UNSAFE = re.compile(r"^access to attribute '(?P<name>[^']+)' of '[^']+' object is unsafe\.?$")
_NO_ATTRIBUTE = re.compile(r"^'(?P<owner>[^']+)' has no attribute '(?P<name>[^']+)'$")


def describe_jinja_error(exc: Exception) -> str:
    """Jinja's message in the officer's language where we know it, with the template line when Jinja gives it."""
    from jinja2 import TemplateError

    from ..i18n import _

    message = str(getattr(exc, "message", None) or exc)
    if not isinstance(exc, TemplateError):  # the template's own code failed, e.g. text added to a number
        return _("the template failed: {error}").format(error=f"{type(exc).__name__}: {message}")
    if match := _UNSAFE.match(message):
        return _("'{name}' is not allowed in a template (templates run in a sandbox)").format(name=match["name"])
    if (match := _UNDEFINED.match(message)) or (match := _NO_ATTRIBUTE.match(message)):
        return _("unknown variable '{name}'").format(name=match["name"])
    return message

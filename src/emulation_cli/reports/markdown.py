"""The Markdown summary: quick to read in a terminal, and its git diff shows what changed between runs. The
rendering of text templates here is shared with the HTML page."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import TemplateFailure
from ..i18n import _
from .jinja import budget, describe_jinja_error, html_environment, markdown_environment, render_bounded

MAX_TEMPLATE_BYTES = 1024 * 1024  # a Markdown template is a page or two of text


def render_markdown(template: Path, context: dict[str, Any]) -> bytes:
    return _tidy(render_text(template, context, "markdown")).encode("utf-8")


def render_text(template: Path, context: dict[str, Any], flavour: str) -> str:
    """A text template (Markdown or HTML: see `_ENVIRONMENTS`) rendered within the limits; its failures located."""
    from jinja2 import TemplateError

    problem = size_problem(template)
    if problem is not None:
        raise TemplateFailure(f"{template}: {problem}")
    try:
        with budget():
            return render_bounded(_compiled(template.resolve(), template.stat().st_mtime_ns, flavour), context)
    except UnicodeDecodeError as exc:
        raise TemplateFailure(_("{path}: not UTF-8 text").format(path=template)) from exc
    except (TemplateError, ArithmeticError, TypeError, ValueError, LookupError, AttributeError, RecursionError) as exc:
        line = getattr(exc, "lineno", None) or _template_line(exc)
        where = f"{template}:{line}" if line else str(template)
        raise TemplateFailure(f"{where}: {describe_jinja_error(exc)}") from exc


def size_problem(template: Path) -> str | None:
    if template.stat().st_size > MAX_TEMPLATE_BYTES:
        return _("the template is larger than {size} MB").format(size=MAX_TEMPLATE_BYTES // (1024 * 1024))
    return None


_ENVIRONMENTS = {"markdown": markdown_environment, "html": html_environment}


@lru_cache(maxsize=8)
def _compiled(path: Path, _mtime: int, flavour: str) -> Any:
    return _ENVIRONMENTS[flavour]().from_string(path.read_text(encoding="utf-8"))


def _template_line(exc: BaseException) -> int | None:
    """Jinja rewrites tracebacks so that template frames carry the template's own line numbers."""
    line = None
    traceback = exc.__traceback__
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == "<template>":
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return line


def _tidy(text: str) -> str:
    """A blank line before each heading, at most one blank line in a row, one newline at the end."""
    lines: list[str] = []
    for line in text.splitlines():
        if line.startswith("#") and lines and lines[-1].strip():
            lines.append("")
        if line.strip() or (lines and lines[-1].strip()):
            lines.append(line.rstrip())
    return "\n".join(lines).strip("\n") + "\n"

"""Word documents: a .docx template (edited by the officer in Word) rendered with docxtpl."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..i18n import _
from .jinja import describe_jinja_error, xml_environment
from .ooxml import normalize_zip


class TemplateFailure(Exception):
    """A template that cannot be rendered: its place and what went wrong, for the officer."""


def render_docx(template: Path, context: dict[str, Any], day: date, title: str, author: str) -> bytes:
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    document = DocxTemplate(str(open_template(template)))
    try:
        document.render(context, jinja_env=xml_environment(), autoescape=True)
    except TemplateError as exc:
        hint = _("'emul template check {path}' shows where").format(path=template)
        raise TemplateFailure(f"{template}: {describe_jinja_error(exc)} ({hint})") from exc
    _set_properties(document.docx.core_properties, day, title, author)
    buffer = io.BytesIO()
    document.save(buffer)
    return normalize_zip(buffer.getvalue(), day)


def _set_properties(properties: Any, day: date, title: str, author: str) -> None:
    """Document properties from the period, never from the clock, so that reruns give the same bytes."""
    moment = datetime(day.year, day.month, day.day)
    properties.title = title
    properties.author = author
    properties.last_modified_by = author
    properties.created = moment
    properties.modified = moment
    properties.last_printed = moment
    properties.revision = 1
    properties.comments = ""
    properties.subject = ""
    properties.keywords = ""


def open_template(template: Path) -> Path:
    """The template, checked to be a Word file that python-docx can open, else a clear failure."""
    import zipfile

    if not template.is_file():
        raise TemplateFailure(_("{path}: template not found").format(path=template))
    if not zipfile.is_zipfile(template):
        raise TemplateFailure(_("{path}: not a Word (.docx) file").format(path=template))
    return template

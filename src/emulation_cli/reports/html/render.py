"""The page rendered from the officer's Jinja template, autoescaped: every text of the context comes out as
text; only the charts, drawn and escaped by `svg`, are inserted as markup (`|safe`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..markdown import render_text


def render_html(template: Path, context: dict[str, Any]) -> bytes:
    return render_text(template, context, "html").encode("utf-8")

"""The Markdown summary: quick to read in a terminal, and its git diff shows what changed between runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .jinja import markdown_environment


def render_markdown(template: Path, context: dict[str, Any]) -> bytes:
    source = template.read_text(encoding="utf-8")
    text = markdown_environment().from_string(source).render(context)
    return _tidy(text).encode("utf-8")


def _tidy(text: str) -> str:
    """A blank line before each heading, at most one blank line in a row, one newline at the end."""
    lines: list[str] = []
    for line in text.splitlines():
        if line.startswith("#") and lines and lines[-1].strip():
            lines.append("")
        if line.strip() or (lines and lines[-1].strip()):
            lines.append(line.rstrip())
    return "\n".join(lines).strip("\n") + "\n"

"""Rich consoles, built when a command runs so that tests can pin width and colour."""

from __future__ import annotations

import os
import sys

from rich.console import Console
from rich.table import Table

PIPE_WIDTH = 200


def make_console(stderr: bool = False) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    # A file or a pipe gets tables laid out in full rather than cut at 80 columns.
    width = None if _is_tty(stream) else PIPE_WIDTH
    plain = bool(os.environ.get("NO_COLOR"))  # https://no-color.org: set and not empty
    return Console(
        file=stream,
        highlight=False,
        soft_wrap=True,
        emoji=False,
        width=width,
        color_system=None if plain else "auto",
        no_color=plain,
    )


def _is_tty(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def make_table(title: str, columns: list[tuple[str, str]]) -> Table:
    """A table whose numeric (right-aligned) columns never wrap, and whose text columns fold rather than
    cut, so that a narrow terminal never hides a figure."""
    table = Table(title=title, title_justify="left")
    for header, justify in columns:
        if justify == "right":
            table.add_column(header, justify="right", no_wrap=True)
        else:
            table.add_column(header, justify="left", overflow="fold")
    return table

"""Rich consoles, built when a command runs so that tests can pin width and colour."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable

from rich.console import Console
from rich.segment import Segment

PIPE_WIDTH = 200


_TRAILING_SPACES = re.compile(r" +(?=\n)")


class _TrimmedConsole(Console):
    """Rich keeps the space at which it wrapped a line; a line of ours never ends in spaces (they survive into
    files, the README's outputs among them, where editors strip them)."""

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return _TRAILING_SPACES.sub("", super()._render_buffer(buffer))


def make_console(stderr: bool = False) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    width = _columns()
    laid_out = width is not None or _is_tty(stream)  # for a terminal, or at the width asked for
    plain = bool(os.environ.get("NO_COLOR"))  # https://no-color.org: set and not empty
    return _TrimmedConsole(
        file=stream,
        highlight=False,
        soft_wrap=not laid_out,  # a file or a pipe keeps long lines whole; a terminal wraps them
        emoji=False,
        width=width if laid_out else PIPE_WIDTH,
        color_system=None if plain else "auto",
        no_color=plain,
    )


def _columns() -> int | None:
    """COLUMNS when set, an explicit choice (as Rich itself reads it). Without it a terminal's own width is
    used, and a file or a pipe gets a fixed width, so that tables are laid out in full and the same on every
    machine."""
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else None


def _is_tty(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())

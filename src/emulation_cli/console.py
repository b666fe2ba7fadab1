"""Rich consoles, built when a command runs so that tests can pin width and colour."""

from __future__ import annotations

import os
import sys

from rich.console import Console

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

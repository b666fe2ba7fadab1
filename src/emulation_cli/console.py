"""Rich consoles, built when a command runs so that tests can pin width and colour."""

from __future__ import annotations

import os
import sys

from rich.console import Console


def make_console(stderr: bool = False) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    return Console(file=stream, highlight=False, soft_wrap=True, no_color="NO_COLOR" in os.environ, emoji=False)

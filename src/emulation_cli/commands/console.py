"""Rich consoles, built when a command runs so that tests can pin width and colour."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TextIO

from rich.console import Console
from rich.segment import Segment

PIPE_WIDTH = 200


_TRAILING_SPACES = re.compile(r" +(?=\n)")


class _TrimmedConsole(Console):
    """Rich keeps the space at which it wrapped a line; a line of ours never ends in spaces (they survive into
    files, the README's outputs among them, where editors strip them)."""

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return _TRAILING_SPACES.sub("", super()._render_buffer(buffer))


@dataclass(frozen=True)
class Layout:
    """How a console lays out what it prints: decided from the stream it writes to, or handed to a worker
    process that renders for the parent's stream (many clusters in one run)."""

    width: int | None  # None: a terminal's own width
    wraps: bool  # a terminal, or a width asked for: lines wrap at the width; a file or a pipe keeps them whole
    terminal: bool
    plain: bool

    @classmethod
    def of(cls, stream: object) -> Layout:
        width = _columns()
        terminal = _is_tty(stream)
        laid_out = width is not None or terminal  # for a terminal, or at the width asked for
        plain = bool(os.environ.get("NO_COLOR"))  # https://no-color.org: set and not empty
        return cls(width if laid_out else PIPE_WIDTH, laid_out, terminal, plain)

    @classmethod
    def for_worker(cls, stream: TextIO) -> Layout:
        """The layout of `stream` with a terminal's width made explicit: a worker's console has no terminal."""
        layout = cls.of(stream)
        if layout.width is None:
            return replace(layout, width=Console(file=stream).width)
        return layout


_pinned: dict[bool, Layout] = {}  # by stderr: the layouts a worker renders with, as the parent's streams have


@contextmanager
def pinned(stdout: Layout, stderr: Layout) -> Iterator[None]:
    """Consoles made meanwhile lay out as given, whatever stream they write to."""
    before = dict(_pinned)
    _pinned.update({False: stdout, True: stderr})
    try:
        yield
    finally:
        _pinned.clear()
        _pinned.update(before)


def make_console(stderr: bool = False) -> Console:
    stream = sys.stderr if stderr else sys.stdout
    pinned_layout = _pinned.get(stderr)
    layout = pinned_layout or Layout.of(stream)
    return _TrimmedConsole(
        file=stream,
        highlight=False,
        soft_wrap=not layout.wraps,
        emoji=False,
        width=layout.width,
        color_system=None if layout.plain else "auto",
        no_color=layout.plain,
        force_terminal=layout.terminal if pinned_layout else None,
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

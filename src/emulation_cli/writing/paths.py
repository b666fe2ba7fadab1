"""Paths from the user or from a file: a symbolic link that leads back to itself is their problem, said plainly.

Python 3.11 and 3.12 raise RuntimeError from `Path.resolve()` on such a loop, `stat()` and `open()` raise OSError
(ELOOP), while `exists()`, `is_file()` and `is_dir()` quietly answer False. Every check of a path named by the
user goes through here so that a loop is never a crash and never silently "missing".
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from ..errors import UsageError
from ..i18n import N_, _

LOOP_HINT = N_("point the link at the real file or folder, or give the real path")


class LinkLoop(Exception):
    """`path` cannot be followed: a symbolic link on it leads back to itself."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


def is_link_loop(path: Path) -> bool:
    """True when following `path` ends in a symbolic link loop (on the path itself or a folder on it)."""
    try:
        os.stat(path)
    except OSError as exc:
        return exc.errno == errno.ELOOP
    except ValueError:  # a NUL in the name: not a loop, and the caller's own check reports it
        return False
    return False


def resolve(path: Path) -> Path:
    """`path.resolve()`, raising LinkLoop instead of RuntimeError/OSError for a symbolic link loop."""
    try:
        return path.resolve()
    except RuntimeError:
        raise LinkLoop(path) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise LinkLoop(path) from None
        raise


def loop_message(path: str) -> str:
    return _("'{path}' leads through a symbolic link that points back to itself (a loop)").format(path=path)


def refuse_loop(path: Path) -> None:
    """Exit 2 with a clear message when a path given on the command line is a symbolic link loop."""
    if is_link_loop(path):
        raise UsageError(loop_message(path.as_posix()), hint=_(LOOP_HINT))


def resolve_argument(path: Path) -> Path:
    """The real location of a path given on the command line; a symbolic link loop is a usage error (exit 2)."""
    try:
        return resolve(path)
    except LinkLoop:
        raise UsageError(loop_message(path.as_posix()), hint=_(LOOP_HINT)) from None

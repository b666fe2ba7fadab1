"""Reading emul's own control files (manifest, journal, lock) only when each is a regular file of sane size: a
symbolic link, a folder, a device or a FIFO planted under that name is refused, never followed, never waited
on (a FIFO opened for reading blocks until someone writes)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import UsageError
from ..i18n import _

# Far beyond any real cluster's manifest (a few hundred KB): a bigger file is not one emul wrote.
MAX_CONTROL_FILE = 64 * 1024 * 1024

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


class NotRegularFile(UsageError):
    """A control file that is not a regular file of sane size: emul neither reads nor replaces it (exit 2)."""

    def __init__(self, path: Path, what: str) -> None:
        super().__init__(
            _("{path} is {what}, not a file emul wrote; emul neither reads nor replaces it").format(
                path=path, what=what
            ),
            hint=_("remove it (emul writes it again) and run the command again"),
        )


def check_regular(path: Path) -> bool:
    """Whether the control file exists; NotRegularFile when it is anything but a regular file of sane size."""
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        return False
    _refuse_odd(path, status)
    return True


def read_regular(path: Path) -> bytes | None:
    """The control file's bytes, None when there is none; NotRegularFile as check_regular."""
    if not check_regular(path):
        return None
    handle = os.open(path, _OPEN_FLAGS)
    try:
        _refuse_odd(path, os.fstat(handle))  # replaced between the look and the opening
        with os.fdopen(handle, "rb", closefd=False) as stream:
            return stream.read(MAX_CONTROL_FILE + 1)
    finally:
        os.close(handle)


def _refuse_odd(path: Path, status: os.stat_result) -> None:
    what = odd_kind(status.st_mode)
    if what is not None:
        raise NotRegularFile(path, what)
    if status.st_size > MAX_CONTROL_FILE:
        raise NotRegularFile(path, _("a file of {size} MB").format(size=status.st_size // (1024 * 1024)))


def odd_kind(mode: int) -> str | None:
    """What the file is, when it is not a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return _("a symbolic link")
    if stat.S_ISDIR(mode):
        return _("a folder")
    if stat.S_ISFIFO(mode):
        return _("a FIFO (named pipe)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    return _("a special file")

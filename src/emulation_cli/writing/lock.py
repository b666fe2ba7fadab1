"""One emul at a time in a folder: an operating-system lock on a hidden file in it (`.emul-lock`). The system
releases the lock when its process ends, however it ends, so a lock left by a killed run is simply taken over;
nothing ever asks whether a process id is alive. The file says who holds the lock, for the one who waits."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..errors import UsageError
from ..i18n import _
from .regular import NotRegularFile, check_regular, odd_kind, read_regular

LOCK_NAME = ".emul-lock"
WAIT_SECONDS = 5.0  # how long a second run waits for the first before saying who holds the folder
_POLL_SECONDS = 0.1
_WINDOWS_LOCK_OFFSET = 0x7FFF_FFFF  # Windows locks bytes: one far past the text, so the text stays readable

_OPEN_FLAGS = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


class FolderLocked(UsageError):
    """Another emul holds the folder (exit 2): who, since when, and what to do."""

    def __init__(self, folder: Path, holder: str) -> None:
        super().__init__(
            _("{folder} is in use by another emul ({holder})").format(folder=folder, holder=holder),
            hint=_("wait until it finishes and run the command again; if it is stuck, stop that emul first"),
        )


@dataclass(frozen=True)
class Holder:
    pid: int
    host: str
    command: str
    started: str  # the officer's clock, with its offset from UTC: '2026-12-06 13:40:26 +07:00'

    def describe(self) -> str:
        return _("'{command}', process {pid} on {host}, since {started}").format(
            command=self.command, pid=self.pid, host=self.host, started=self.started
        )


class FolderLock:
    """The lock of a folder, held from `take` until `release` (or the end of a `with` block); FolderLocked when
    another emul keeps it longer than `wait` seconds. The folder must exist. The lock file goes with the lock."""

    def __init__(self, folder: Path, command: str, wait: float | None = None) -> None:
        self.path = folder / LOCK_NAME
        self._handle: int | None = _acquire(self.path, folder, WAIT_SECONDS if wait is None else wait)
        try:
            _write_holder(self._handle, command)
        except BaseException:
            self.release()
            raise

    def release(self) -> None:
        if self._handle is not None:
            handle, self._handle = self._handle, None
            _release(self.path, handle)

    def __enter__(self) -> FolderLock:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


def _acquire(path: Path, folder: Path, wait: float) -> int:
    deadline = time.monotonic() + wait
    while True:
        handle = _open(path)
        if _try_lock(handle) and _still_the_file(handle, path):
            return handle
        os.close(handle)  # held by another, or removed by its holder since we opened it: look again
        if time.monotonic() >= deadline:
            raise FolderLocked(folder, _holder_text(path))
        time.sleep(_POLL_SECONDS)


def _open(path: Path) -> int:
    check_regular(path)
    try:
        handle = os.open(path, _OPEN_FLAGS, 0o666)
    except OSError as exc:
        raise UsageError(
            _("cannot lock the folder {folder}: {reason}").format(folder=path.parent, reason=exc.strerror or exc)
        ) from exc
    try:
        what = odd_kind(os.fstat(handle).st_mode)  # replaced between the look and the opening
        if what is not None:
            raise NotRegularFile(path, what)
    except BaseException:
        os.close(handle)
        raise
    return handle


def _still_the_file(handle: int, path: Path) -> bool:
    """A holder removes the file as it lets go: a lock won on the removed file guards nothing."""
    try:
        current = os.lstat(path)
    except FileNotFoundError:
        _unlock(handle)
        return False
    mine = os.fstat(handle)
    if (mine.st_dev, mine.st_ino) != (current.st_dev, current.st_ino):
        _unlock(handle)
        return False
    return True


def _write_holder(handle: int, command: str) -> None:
    holder = Holder(os.getpid(), socket.gethostname(), command, datetime.now().astimezone().isoformat(" ", "seconds"))
    text = json.dumps(holder.__dict__, ensure_ascii=False).encode("utf-8")
    os.ftruncate(handle, 0)
    os.lseek(handle, 0, os.SEEK_SET)
    os.write(handle, text)


def _holder_text(path: Path) -> str:
    try:
        data = json.loads((read_regular(path) or b"").decode("utf-8"))
        return Holder(int(data["pid"]), str(data["host"]), str(data["command"]), str(data["started"])).describe()
    except (OSError, UsageError, ValueError, KeyError, TypeError):
        return _("it has not said who it is yet")


def _release(path: Path, handle: int) -> None:
    try:
        with contextlib.suppress(OSError):  # a read-only folder, or Windows (an open file stays): harmless
            path.unlink(missing_ok=True)  # while still locked, so nobody reads a stale holder
    finally:
        _unlock(handle)
        os.close(handle)


if sys.platform == "win32":
    import msvcrt

    def _try_lock(handle: int) -> bool:
        os.lseek(handle, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: int) -> None:
        os.lseek(handle, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: int) -> bool:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(handle: int) -> None:
        fcntl.flock(handle, fcntl.LOCK_UN)

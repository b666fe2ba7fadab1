"""Writing files atomically: a reader sees the old file or the new one, never half of one. The temporary file
is `.emul-tmp.<name>.<8 random characters>.tmp` beside the target (a prefix no person or other program uses);
one left by a killed process is removed by the next run in that folder (remove_leftovers), which alone knows
the pattern."""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..errors import FileInUse

_TEMP_PREFIX = ".emul-tmp."
_TEMP_SUFFIX = ".tmp"
# tempfile.mkstemp's random part: 8 characters of [a-z0-9_] between our prefix and suffix.
_LEFTOVER = re.compile(r"\.emul-tmp\..+\.[a-z0-9_]{8}\.tmp")

# Test-only: EMUL_CRASH_AT=N kills the process (as kill -9 would) at the N-th crash point of a run.
_CRASH_AT = "EMUL_CRASH_AT"
_crash_points = 0


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f"{_TEMP_PREFIX}{path.name}.", suffix=_TEMP_SUFFIX, dir=path.parent)
    try:
        os.chmod(temp_name, 0o666 & ~current_umask())
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        crash_point()
        _replace(temp_name, path)
        crash_point()
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def _replace(temp_name: str, path: Path) -> None:
    try:
        os.replace(temp_name, path)
    except OSError as exc:
        if held_by_another_program(exc):
            raise FileInUse(str(path)) from exc
        raise


def held_by_another_program(exc: OSError) -> bool:
    """Windows refuses to replace a file another program has open (Word keeps its document open): a sharing or
    lock violation (winerror 32, 33), or access denied."""
    return getattr(exc, "winerror", None) in (32, 33) or (isinstance(exc, PermissionError) and os.name == "nt")


def write_text_atomic(path: Path, text: str) -> None:
    write_atomic(path, text.encode("utf-8"))


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def remove_leftovers(folder: Path) -> int:
    """Remove the temporary files a killed run left in the folder and its subfolders one level down (emul's
    pattern only, regular files only, no link followed); how many. Call it with the folder's lock held, so
    that no running write is touched."""
    entries = _entries(folder)
    subfolders = [Path(entry.path) for entry in entries if _is(entry, stat.S_ISDIR)]
    removed = 0
    for entry in entries + [entry for sub in subfolders for entry in _entries(sub)]:
        if _LEFTOVER.fullmatch(entry.name) and _is(entry, stat.S_ISREG):
            try:
                os.unlink(entry.path)
            except OSError:
                continue
            removed += 1
    return removed


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as found:
            return list(found)
    except OSError:
        return []


def _is(entry: os.DirEntry[str], kind: Callable[[int], bool]) -> bool:
    try:
        return kind(entry.stat(follow_symlinks=False).st_mode)
    except OSError:
        return False


def crash_point() -> None:
    """Where a test may kill the process, to prove that no moment of a write loses track of a file."""
    global _crash_points
    wanted = os.environ.get(_CRASH_AT)
    if not wanted:
        return
    _crash_points += 1
    if str(_crash_points) == wanted:
        import signal

        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))

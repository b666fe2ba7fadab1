"""LibreOffice's processes: where it is, its command line, its profiles in the user's cache (one LibreOffice per
profile, locked; one left behind by a run that was killed is ended by the next), starting one, and ending one
with everything it started."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from ..errors import UsageError
from ..writing.lock import FolderLock

MAX_PROFILES = 16  # profiles kept in the cache: beyond, a run converts with a throwaway one
_YIELDING_NICENESS = 10
_LEFT_BEHIND = "soffice.pid"  # beside a cached profile: the LibreOffice a run started on it, until it ends

# Where installers put LibreOffice when it is not on the PATH (macOS, Windows).
_USUAL_PLACES = (
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)


def find_office() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((place for place in _USUAL_PLACES if Path(place).is_file()), None)


def cache_folder() -> Path:
    """The user's cache folder for emul, as platformdirs puts it; never inside a cluster folder."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "emul" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "emul"
    base = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(base) if Path(base).is_absolute() else Path.home() / ".cache") / "emul"


def command(office: str, profile: Path, *arguments: str) -> list[str]:
    """LibreOffice headless on `profile`, without restoring documents of an earlier crash."""
    return [office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", *arguments]


@contextmanager
def profile(slot: Path) -> Iterator[Path]:
    """A profile of the cache that no other LibreOffice uses, locked until the block ends; a throwaway one in
    the scratch folder `slot` when the cache cannot hold one."""
    for number in range(MAX_PROFILES):
        place = cache_folder() / "libreoffice" / f"worker-{number}"
        try:
            place.mkdir(parents=True, exist_ok=True)
            lock = FolderLock(place, "emul report --pdf", wait=0)
        except (OSError, UsageError):  # held by another run, or a cache folder that cannot be written
            continue
        with lock:
            _end_left_behind(place)
            yield place / "profile"
        return
    yield slot / "profile"


def serve(office: str, profile: Path, log: Path, yielding: bool = False) -> subprocess.Popen[bytes] | None:
    """A LibreOffice waiting on `profile` for a conversion call (a second `soffice` on the same profile hands it
    its files, and it ends once it has converted them); None if it cannot be started (the call then starts its
    own, and says why it fails if it does). Its process id is kept beside a cached profile until it is stopped.
    `yielding`: at a lower priority, so that what is more urgent gets the cores first."""
    try:
        with log.open("wb") as output:
            process = popen(command(office, profile, "--invisible"), output, yielding)
    except OSError:
        return None
    with contextlib.suppress(OSError):
        (profile.parent / _LEFT_BEHIND).write_text(str(process.pid), encoding="ascii")
    return process


def stop(process: subprocess.Popen[bytes], force: bool = False) -> None:
    """End a LibreOffice with what it started, and forget its process id: asked to end (an idle one does at
    once), and killed if it has not after 10 s, or at once with `force`."""
    if process.poll() is None:
        kill(process, force)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            kill(process, force=True)
            process.wait()
    for place in _profile_places(process):
        with contextlib.suppress(OSError):
            (place / _LEFT_BEHIND).unlink()


def popen(arguments: list[str], output: int | IO[bytes], yielding: bool = False) -> subprocess.Popen[bytes]:
    """LibreOffice in a process group of its own (to be ended with the soffice.bin it starts: left running, it
    would hold the profile the next run is given), its messages to `output`, in UTC (it writes the local time
    into the PDF, which would make the bytes depend on the zone); `yielding`: at a lower priority."""
    environment = {**os.environ, "TZ": "UTC"}
    if sys.platform == "win32":
        priority = subprocess.BELOW_NORMAL_PRIORITY_CLASS if yielding else 0
        return subprocess.Popen(arguments, stdout=output, stderr=output, env=environment, creationflags=priority)
    process = subprocess.Popen(arguments, stdout=output, stderr=output, env=environment, start_new_session=True)
    if yielding:  # what it starts later inherits the priority
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PGRP, process.pid, _YIELDING_NICENESS)
    return process


def kill(process: subprocess.Popen[bytes], force: bool) -> None:
    """End a LibreOffice and what it started: its process group (SIGTERM, or SIGKILL when `force`), or on Windows
    its process tree (soffice.exe starts soffice.bin, which would go on holding the profile)."""
    if sys.platform == "win32":
        if process.poll() is None:
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True, check=False)
        process.kill()
        return
    how = signal.SIGKILL if force else signal.SIGTERM
    with contextlib.suppress(OSError):
        os.killpg(process.pid, how)
    with contextlib.suppress(OSError):
        process.send_signal(how)


def _profile_places(process: subprocess.Popen[bytes]) -> list[Path]:
    """The cached profile folders named on the command line of `process`."""
    arguments = process.args if isinstance(process.args, list) else []
    found = [str(a).split("=", 1)[1] for a in arguments if str(a).startswith("-env:UserInstallation=")]
    return [_path_of(uri).parent for uri in found]


def _path_of(uri: str) -> Path:
    from urllib.parse import unquote, urlparse
    from urllib.request import url2pathname

    return Path(url2pathname(unquote(urlparse(uri).path)))


def _end_left_behind(place: Path) -> None:
    """A LibreOffice that an earlier run started on this profile and could not stop (the run was killed): ended,
    so that this run's calls are not handed to it. Only a process whose command line names this profile."""
    try:
        pid = int((place / _LEFT_BEHIND).read_text(encoding="ascii"))
    except (OSError, ValueError):
        return
    if sys.platform != "win32" and (place / "profile").as_uri() in _command_line(pid):
        with contextlib.suppress(OSError):
            os.killpg(pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        (place / _LEFT_BEHIND).unlink()


def _command_line(pid: int) -> str:
    """The command line of a process, or "" (no such process, or no way to read it)."""
    proc = Path("/proc") / str(pid) / "cmdline"
    if proc.parent.is_dir():
        with contextlib.suppress(OSError):
            return proc.read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        return ""
    found = subprocess.run(["ps", "-o", "command=", "-p", str(pid)], capture_output=True, check=False, text=True)
    return found.stdout

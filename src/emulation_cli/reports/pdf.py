"""PDF copies through LibreOffice headless: one LibreOffice per worker converting its share of the batch in one
call, each with its own profile kept between runs in the user's cache folder (two instances cannot share one,
and a fresh profile costs seconds), and a time limit that grows with the files of the call."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..errors import UsageError
from ..writing.lock import FolderLock

TIMEOUT_SECONDS: float = 120  # per file of a call: one stuck document cannot hold up the batch for ever
MAX_PROFILES = 16  # profiles kept in the cache: beyond, a run converts with a throwaway one
SPREADSHEET_SUFFIXES = (".xlsx", ".xls", ".ods")  # converted by Calc; the rest by Writer
_EOF = b"%%EOF"


@dataclass(frozen=True)
class Converted:
    source: str  # name inside the output folder
    pdf: bytes | None
    error: str | None


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


def convert_all(office: str, folder: Path, names: list[str], workers: int | None = None) -> list[Converted]:
    if not names:
        return []
    chunks = shares(names, max(1, min(workers or os.cpu_count() or 1, 4, len(names))))
    count = len(chunks)
    with tempfile.TemporaryDirectory(prefix="emul-pdf-") as scratch:
        slots = [Path(scratch) / f"worker-{i}" for i in range(count)]
        with ThreadPoolExecutor(max_workers=count) as pool:
            done = pool.map(lambda pair: _convert_share(office, folder, *pair), zip(slots, chunks, strict=True))
            by_name = {c.source: c for batch in done for c in batch}
    return [by_name[n] for n in names]


def shares(names: list[str], count: int) -> list[list[str]]:
    """The names split among `count` LibreOffices. Workbooks and documents go to different ones: each then starts
    one application, not both, and the workbooks (slow to lay out: a page per unit's sheet) are converted beside
    the documents instead of after some of them."""
    sheets = [name for name in names if Path(name).suffix.lower() in SPREADSHEET_SUFFIXES]
    texts = [name for name in names if name not in sheets]
    if count < 2 or not sheets or not texts:
        return [share for share in (names[i::count] for i in range(count)) if share]
    writers = count - 1
    return [sheets, *(share for share in (texts[i::writers] for i in range(writers)) if share)]


def _convert_share(office: str, folder: Path, slot: Path, names: list[str]) -> list[Converted]:
    with _profile(slot) as profile:
        return [item for call in _calls(names) for item in _convert(office, folder, call, slot, profile)]


def _calls(names: list[str]) -> list[list[str]]:
    """The share in as few calls as the names allow: LibreOffice names each PDF after its file alone, so two
    files of the same name (in different subfolders) go to different calls."""
    calls: list[list[str]] = []
    for name in names:
        free = next((call for call in calls if all(Path(n).name != Path(name).name for n in call)), None)
        if free is None:
            calls.append([name])
        else:
            free.append(name)
    return calls


@contextmanager
def _profile(slot: Path) -> Iterator[Path]:
    """A profile of the cache that no other LibreOffice uses, locked until the share is converted; a throwaway
    one in the scratch folder when the cache cannot hold one."""
    for number in range(MAX_PROFILES):
        place = cache_folder() / "libreoffice" / f"worker-{number}"
        try:
            place.mkdir(parents=True, exist_ok=True)
            lock = FolderLock(place, "emul report --pdf", wait=0)
        except (OSError, UsageError):  # held by another run, or a cache folder that cannot be written
            continue
        with lock:
            yield place / "profile"
        return
    yield slot / "profile"


def _convert(office: str, folder: Path, call: list[str], slot: Path, profile: Path) -> list[Converted]:
    names = list(call)
    work, sources = slot / "out", slot / "in"
    for place in (work, sources):
        shutil.rmtree(place, ignore_errors=True)
        place.mkdir(parents=True)
    copies: list[Path] = []
    failed: list[Converted] = []
    for name in list(names):
        try:
            shutil.copyfile(folder / name, sources / Path(name).name)
        except OSError as exc:  # gone or unreadable since it was written: that document alone fails
            failed.append(Converted(name, None, str(exc.strerror or exc)))
            names.remove(name)
        else:
            copies.append(sources / Path(name).name)
    return failed + (_convert_copies(office, names, copies, work, profile) if names else [])


def _convert_copies(office: str, names: list[str], copies: list[Path], work: Path, profile: Path) -> list[Converted]:
    timeout = TIMEOUT_SECONDS * len(names)
    command = [office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]
    command += ["--convert-to", "pdf", "--outdir", str(work), *map(str, copies)]
    try:
        finished = _run(command, timeout)
    except subprocess.TimeoutExpired:
        reason = f"timeout after {timeout:g} s"
    except OSError as exc:
        return [Converted(name, None, str(exc)) for name in names]
    else:
        reason = _failure(finished)
    return [_made(name, work / (copy.stem + ".pdf"), reason) for name, copy in zip(names, copies, strict=True)]


def _run(command: list[str], timeout: float) -> subprocess.CompletedProcess[bytes]:
    """Run LibreOffice in a process group of its own, so that a hung one is killed with the soffice.bin it
    started (left running, it would hold the profile the next run is given)."""
    # UTC: LibreOffice writes the local time into the PDF, which would make the bytes depend on the zone.
    environment = {**os.environ, "TZ": "UTC"}
    own_group = sys.platform != "win32"
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment, start_new_session=own_group
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            if own_group:
                with contextlib.suppress(OSError):
                    os.killpg(process.pid, signal.SIGKILL)
            process.kill()
            process.communicate()
            raise
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def _made(name: str, target: Path, reason: str) -> Converted:
    """The PDF LibreOffice made of one file of the call; one cut short (a call killed midway) is no PDF."""
    data = target.read_bytes() if target.is_file() else b""
    if not data.rstrip().endswith(_EOF):
        return Converted(name, None, reason)
    return Converted(name, data, None)


def _failure(finished: subprocess.CompletedProcess[bytes]) -> str:
    """What LibreOffice said of a file it could not convert: its error lines, not the files it did convert."""
    said = (finished.stderr or b"").decode("utf-8", "replace").strip().splitlines()
    errors = [line for line in said if line.startswith("Error")]
    if errors:
        return errors[-1]
    return said[-1] if said else f"exit code {finished.returncode}"


_CREATION = re.compile(rb"/CreationDate\(D:(\d{14})([^)]*)\)")
_MOD = re.compile(rb"/ModDate\(D:(\d{14})([^)]*)\)")
_CHECKSUM = re.compile(rb"/DocChecksum /([0-9A-Fa-f]+)")
_FILE_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")


def reproducible(pdf: bytes, day: date) -> bytes:
    """LibreOffice stamps the clock and a random file id into each PDF: put the document's date and an id
    derived from the content in their place, byte for byte the same length so the cross-reference table
    stays valid."""
    stamp = day.strftime("%Y%m%d000000").encode()
    pdf = _CREATION.sub(lambda m: b"/CreationDate(D:" + stamp + _utc(len(m[2])) + b")", pdf)
    pdf = _MOD.sub(lambda m: b"/ModDate(D:" + stamp + _utc(len(m[2])) + b")", pdf)
    digest = hashlib.sha256(_CHECKSUM.sub(b"", _FILE_ID.sub(b"", pdf))).hexdigest().upper().encode()
    pdf = _CHECKSUM.sub(lambda m: b"/DocChecksum /" + digest[: len(m[1])], pdf)

    def file_id(match: re.Match[bytes]) -> bytes:
        first, second = digest[: len(match[1])], digest[: len(match[2])]
        return match[0].replace(match[1], first, 1).replace(match[2], second, 1)

    return _FILE_ID.sub(file_id, pdf)


def _utc(length: int) -> bytes:
    """The zone of a PDF date as UTC, in exactly `length` bytes ("Z", "Z'" or "+00'00'")."""
    for text in (b"Z", b"Z'", b"+00'00'", b"+00'00"):
        if len(text) == length:
            return text
    return b"Z" + b" " * (length - 1) if length else b""

"""PDF copies through LibreOffice headless: LibreOffices started ahead, one per worker, each converting its share
of the batch in one call, each with its own profile kept between runs in the user's cache folder (two instances
cannot share one, and a fresh profile costs seconds), and a time limit that grows with the files of the call."""

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
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO

from ..errors import UsageError
from ..i18n import _
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


def is_spreadsheet(name: str) -> bool:
    """Converted by Calc (the rest by Writer)."""
    return Path(name).suffix.lower() in SPREADSHEET_SUFFIXES


def find_office() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((place for place in _USUAL_PLACES if Path(place).is_file()), None)


def office_or_fail() -> str:
    office = find_office()
    if office is None:
        raise UsageError(
            _("--pdf needs LibreOffice, which is not installed (no 'soffice' on the PATH)"),
            hint=_(
                "install it (Debian/Ubuntu: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui) "
                "or run without --pdf"
            ),
        )
    return office


@contextmanager
def libreoffice_ahead(pdf: bool) -> Iterator[Offices | None]:
    """With `pdf`, the LibreOffices of the PDF copies, started at once: each takes about a second to start, spent
    while emul reads the folder and renders the documents. UsageError (exit 2) when LibreOffice is missing."""
    if not pdf:
        yield None
        return
    with Offices(office_or_fail()) as offices:
        offices.start()
        yield offices


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
    """The PDF of each named file of the folder, in the order of the names."""
    with Offices(office, workers) as offices:
        return offices.convert(folder, names)


@dataclass(frozen=True)
class _Waiting:
    """A LibreOffice started ahead on its own profile, its messages going to `log`."""

    slot: Path  # its scratch folder
    profile: Path
    process: subprocess.Popen[bytes] | None  # None: it could not be started, each call starts its own
    log: Path


class Offices:
    """The LibreOffices of a batch, started ahead (`start`) while emul still reads the folder and renders the
    documents, then each given its share of the conversion. A second `soffice` started on a profile that a
    running LibreOffice holds hands its files to that one and waits for them: the conversion then does not wait
    for LibreOffice to start, about a second of each call. A workbook, the slowest file to lay out, can be handed
    to its LibreOffice as soon as it is written (`convert_soon`), while the documents are still being rendered.
    Use in a `with` block: the LibreOffices still running at its end are stopped, their profiles released."""

    def __init__(self, office: str, workers: int | None = None) -> None:
        self.office = office
        self.most = max(1, min(workers or os.cpu_count() or 1, 4))
        self._stack = ExitStack()
        self._scratch = Path()
        self._waiting: list[_Waiting] = []
        self._soon: dict[str, tuple[bytes, Future[list[Converted]]]] = {}  # name: its bytes handed, its PDF
        self._early: ThreadPoolExecutor | None = None

    def __enter__(self) -> Offices:
        self._scratch = Path(self._stack.enter_context(tempfile.TemporaryDirectory(prefix="emul-pdf-")))
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stack.close()

    def start(self, files: int | None = None) -> None:
        """Start as many LibreOffices as `files` files to convert will use, or as the machine takes when they are
        not known yet (once: later calls do nothing)."""
        if self._waiting:
            return
        slots = [self._scratch / f"worker-{number}" for number in range(min(self.most, files or self.most))]
        profiles = [self._stack.enter_context(_profile(slot)) for slot in slots]
        # Entered after the profiles and before the LibreOffices: at the end these are stopped first, then the
        # early call (its LibreOffice gone) is waited for, then the profiles are released.
        self._early = self._stack.enter_context(ThreadPoolExecutor(max_workers=1))
        for slot, profile in zip(slots, profiles, strict=True):
            slot.mkdir(exist_ok=True)
            log = slot / "office.log"
            process = _serve(self.office, profile, log)
            if process is not None:
                self._stack.callback(_stop, process)
            self._waiting.append(_Waiting(slot, profile, process, log))

    def convert_soon(self, folder: Path, name: str) -> None:
        """Begin converting a workbook now, on a LibreOffice of its own, when there are several and none has
        one yet; `convert` then gives its PDF if the file is still what was handed."""
        if self._early is None or len(self._waiting) < 2 or self._soon:
            return
        if not is_spreadsheet(name):
            return
        try:
            content = (folder / name).read_bytes()
        except OSError:
            return  # `convert` says why, if it is asked for
        self._soon[name] = (content, self._early.submit(_convert_share, self.office, folder, self._waiting[0], [name]))

    def convert(self, folder: Path, names: list[str]) -> list[Converted]:
        """The PDF of each named file of the folder, in the order of the names."""
        if not names:
            return []
        self.start(len(names))
        rest = [name for name in names if name not in self._soon]
        free = self._waiting[1:] if self._soon else self._waiting  # the first took the early workbook
        by_name = self._converted(folder, rest, free)
        by_name |= self._converted_soon(folder, names)
        late = [name for name in names if name not in by_name]  # changed since it was handed: converted again
        by_name |= self._converted(folder, late, self._waiting[:1])
        return [by_name[n] for n in names]

    def _converted(self, folder: Path, names: list[str], offices: list[_Waiting]) -> dict[str, Converted]:
        if not names:
            return {}
        chunks = shares(names, min(len(offices), len(names)))
        with ThreadPoolExecutor(max_workers=len(chunks)) as pool:
            pairs = zip(offices, chunks, strict=False)  # fewer files than LibreOffices: some stay idle
            done = pool.map(lambda pair: _convert_share(self.office, folder, *pair), pairs)
            return {c.source: c for batch in done for c in batch}

    def _converted_soon(self, folder: Path, names: list[str]) -> dict[str, Converted]:
        """The early conversions still good: of a file asked for and unchanged since it was handed."""
        kept: dict[str, Converted] = {}
        for name, (content, future) in self._soon.items():
            converted = future.result()
            if name in names and _read_or_none(folder / name) == content:
                kept |= {c.source: c for c in converted}
        return kept


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def shares(names: list[str], count: int) -> list[list[str]]:
    """The names split among `count` LibreOffices. Workbooks and documents go to different ones: each then starts
    one application, not both, and the workbooks (slow to lay out: a page per unit's sheet) are converted beside
    the documents instead of after some of them."""
    sheets = [name for name in names if is_spreadsheet(name)]
    texts = [name for name in names if name not in sheets]
    if count < 2 or not sheets or not texts:
        return [share for share in (names[i::count] for i in range(count)) if share]
    writers = count - 1
    return [sheets, *(share for share in (texts[i::writers] for i in range(writers)) if share)]


def _convert_share(office: str, folder: Path, waiting: _Waiting, names: list[str]) -> list[Converted]:
    return [item for call in _calls(names) for item in _convert(office, folder, call, waiting)]


def _serve(office: str, profile: Path, log: Path) -> subprocess.Popen[bytes] | None:
    """A LibreOffice waiting on `profile` for the conversion call; None if it cannot be started (the call then
    starts its own and says why it fails, if it does)."""
    command = [office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--invisible"]
    try:
        with log.open("wb") as output:
            return _popen(command, output)
    except OSError:
        return None


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a LibreOffice started ahead, with what it started (it ends by itself once it has converted its
    share; one left idle waits for ever)."""
    if process.poll() is None:
        _kill(process, force=False)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            _kill(process, force=True)
            process.wait()


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


def _convert(office: str, folder: Path, call: list[str], waiting: _Waiting) -> list[Converted]:
    names = list(call)
    work, sources = waiting.slot / "out", waiting.slot / "in"
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
    return failed + (_convert_copies(office, names, copies, waiting) if names else [])


def _convert_copies(office: str, names: list[str], copies: list[Path], waiting: _Waiting) -> list[Converted]:
    work = waiting.slot / "out"
    timeout = TIMEOUT_SECONDS * len(names)
    command = [office, f"-env:UserInstallation={waiting.profile.as_uri()}", "--headless", "--norestore"]
    command += ["--convert-to", "pdf", "--outdir", str(work), *map(str, copies)]
    said_before = _size(waiting.log)
    try:
        finished = _run(command, timeout)
    except subprocess.TimeoutExpired:
        if waiting.process is not None:  # the one started ahead may be the one stuck on the files
            _stop(waiting.process)
        reason = f"timeout after {timeout:g} s"
    except OSError as exc:
        return [Converted(name, None, str(exc)) for name in names]
    else:
        if waiting.process is not None:  # it ends once it has converted the files: then all it said is written
            with contextlib.suppress(subprocess.TimeoutExpired):
                waiting.process.wait(timeout=5)
        reason = _failure(finished, _said_since(waiting.log, said_before))
    return [_made(name, work / (copy.stem + ".pdf"), reason) for name, copy in zip(names, copies, strict=True)]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _said_since(log: Path, offset: int) -> bytes:
    """What the LibreOffice started ahead wrote since `offset`: its messages on the files it was handed."""
    try:
        with log.open("rb") as said:
            said.seek(offset)
            return said.read()
    except OSError:
        return b""


def _run(command: list[str], timeout: float) -> subprocess.CompletedProcess[bytes]:
    with _popen(command, subprocess.PIPE) as process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(process, force=True)
            process.communicate()
            raise
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def _popen(command: list[str], output: int | IO[bytes]) -> subprocess.Popen[bytes]:
    """LibreOffice in a process group of its own (to be stopped with the soffice.bin it starts: left running, it
    would hold the profile the next run is given), its messages to `output`, in UTC (it writes the local time
    into the PDF, which would make the bytes depend on the zone)."""
    environment = {**os.environ, "TZ": "UTC"}
    return subprocess.Popen(
        command, stdout=output, stderr=output, env=environment, start_new_session=sys.platform != "win32"
    )


def _kill(process: subprocess.Popen[bytes], force: bool) -> None:
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


def _made(name: str, target: Path, reason: str) -> Converted:
    """The PDF LibreOffice made of one file of the call; one cut short (a call killed midway) is no PDF."""
    data = target.read_bytes() if target.is_file() else b""
    if not data.rstrip().endswith(_EOF):
        return Converted(name, None, reason)
    return Converted(name, data, None)


def _failure(finished: subprocess.CompletedProcess[bytes], ahead: bytes = b"") -> str:
    """What LibreOffice said of a file it could not convert: its error lines, not the files it did convert;
    `ahead` is what the LibreOffice started ahead said, when it took the call."""
    said = b"\n".join((ahead, finished.stderr or b"")).decode("utf-8", "replace").strip().splitlines()
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

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
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import FrameType

from ..errors import UsageError
from ..i18n import _
from . import soffice

TIMEOUT_SECONDS: float = 120  # per file of a call: one stuck document cannot hold up the batch for ever
SPREADSHEET_SUFFIXES = (".xlsx", ".xls", ".ods")  # converted by Calc; the rest by Writer
_EOF = b"%%EOF"


@dataclass(frozen=True)
class Converted:
    source: str  # name inside the output folder
    pdf: bytes | None
    error: str | None


def is_spreadsheet(name: str) -> bool:
    """Converted by Calc (the rest by Writer)."""
    return Path(name).suffix.lower() in SPREADSHEET_SUFFIXES


def office_or_fail() -> str:
    office = soffice.find_office()
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
def libreoffice_ahead(pdf: bool, sharing: int = 1) -> Iterator[Offices | None]:
    """With `pdf`, the LibreOffices of the PDF copies, started at once: each takes about a second to start, spent
    while emul reads the folder and renders the documents. `sharing`: how many clusters are converted on this
    machine at the same time, each with its part of the cores. UsageError (exit 2) when LibreOffice is missing.
    A SIGTERM or SIGHUP (a time limit, a closed terminal) ends the block as Ctrl-C does, so that they are stopped."""
    if not pdf:
        yield None
        return
    workers = max(1, (os.cpu_count() or 1) // max(1, sharing))
    with Offices(office_or_fail(), workers) as offices, _ended_like_ctrl_c():
        offices.start()
        yield offices


@contextmanager
def _ended_like_ctrl_c() -> Iterator[None]:
    """SIGTERM and SIGHUP raise KeyboardInterrupt in the block (in the main thread only: elsewhere Python lets no
    handler be set, and nothing changes)."""
    names = ("SIGTERM", "SIGHUP")
    wanted = [getattr(signal, name) for name in names if hasattr(signal, name) and sys.platform != "win32"]
    previous: dict[int, Callable[[int, FrameType | None], object] | int | None] = {}

    def interrupt(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    try:
        for number in wanted:
            with contextlib.suppress(ValueError):  # not the main thread
                previous[number] = signal.signal(number, interrupt)
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def convert_all(office: str, folder: Path, names: list[str], workers: int | None = None) -> list[Converted]:
    """The PDF of each named file of the folder, in the order of the names."""
    with Offices(office, workers) as offices:
        return offices.convert(folder, names)


@dataclass(frozen=True)
class _Waiting:
    """A LibreOffice started ahead on its own profile, its messages going to `log`, and the conversion calls
    running on that profile (to be killed if the batch is cut short)."""

    slot: Path  # its scratch folder
    profile: Path
    process: subprocess.Popen[bytes] | None  # None: it could not be started, each call starts its own
    log: Path
    calls: set[subprocess.Popen[bytes]] = field(default_factory=set)
    handed: list[str] = field(default_factory=list)  # the files given to calls on its profile


class Offices:
    """The LibreOffices of a batch, started ahead (`start`) while emul still reads the folder and renders the
    documents, then each given its share of the conversion. A second `soffice` started on a profile that a
    running LibreOffice holds hands its files to that one and waits for them: the conversion then does not wait
    for LibreOffice to start, about a second of each call. A workbook, the slowest file to lay out, can be handed
    to its LibreOffice as soon as it is written (`convert_soon`), while the documents are still being rendered.
    Use in a `with` block: at its end the LibreOffices still running are stopped (killed at once, with the calls
    running, when the block ends with an exception: Ctrl-C), then their profiles released."""

    def __init__(self, office: str, workers: int | None = None) -> None:
        self.office = office
        self.most = max(1, min(workers or os.cpu_count() or 1, 4))
        self._stack = ExitStack()
        self._scratch = Path()
        self._waiting: list[_Waiting] = []
        self._soon: dict[str, tuple[bytes, Future[list[Converted]]]] = {}  # name: its bytes handed, its PDF
        self._early: ThreadPoolExecutor | None = None

    def __enter__(self) -> Offices:
        # Windows: a LibreOffice just killed may still hold its log there for a moment; the folder is then left.
        scratch = tempfile.TemporaryDirectory(prefix="emul-pdf-", ignore_cleanup_errors=True)
        self._scratch = Path(self._stack.enter_context(scratch))
        return self

    def __exit__(self, kind: type[BaseException] | None, *_exc: object) -> None:
        if kind is not None:
            self._abort()
        self._stack.close()

    def start(self, files: int | None = None) -> None:
        """Start as many LibreOffices as `files` files to convert will use, or as the machine takes when they are
        not known yet (once: later calls do nothing)."""
        if self._waiting:
            return
        slots = [self._scratch / f"worker-{number}" for number in range(min(self.most, files or self.most))]
        profiles = [self._stack.enter_context(soffice.profile(slot)) for slot in slots]
        # Entered after the profiles and before the LibreOffices: at the end these are stopped first, then the
        # early call (its LibreOffice gone) is waited for, then the profiles are released.
        self._early = self._stack.enter_context(ThreadPoolExecutor(max_workers=1))
        for slot, profile in zip(slots, profiles, strict=True):
            slot.mkdir(exist_ok=True)
            log = slot / "office.log"
            # The first takes the workbook, the longest conversion: the others let it start first.
            process = soffice.serve(self.office, profile, log, yielding=bool(self._waiting))
            waiting = _Waiting(slot, profile, process, log)
            if process is not None:
                self._stack.callback(_stop, waiting)
            self._waiting.append(waiting)

    def convert_soon(self, folder: Path, name: str) -> None:
        """Begin converting a workbook now, on a LibreOffice of its own, when there are several and none has
        one yet; `convert` then gives its PDF if the file is still what was handed."""
        if self._early is None or len(self._waiting) < 2 or self._soon or not is_spreadsheet(name):
            return
        try:
            content = (folder / name).read_bytes()
        except OSError:
            return  # `convert` says why, if it is asked for
        handed = self._waiting[0].slot / "handed"  # exactly these bytes are converted, whatever happens to the file
        (handed / name).parent.mkdir(parents=True, exist_ok=True)
        (handed / name).write_bytes(content)
        self._soon[name] = (content, self._early.submit(_convert_share, self.office, handed, self._waiting[0], [name]))

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
            try:
                done = list(pool.map(lambda pair: _convert_share(self.office, folder, *pair), pairs))
            except BaseException:  # Ctrl-C: the pool would wait for every call to end by itself
                self._abort()
                raise
        return {c.source: c for batch in done for c in batch}

    def _converted_soon(self, folder: Path, names: list[str]) -> dict[str, Converted]:
        """The early conversions still good: of a file asked for and unchanged since it was handed."""
        kept: dict[str, Converted] = {}
        for name, (content, future) in self._soon.items():
            converted = future.result()
            if name in names and _read_or_none(folder / name) == content:
                kept |= {c.source: c for c in converted}
        return kept

    def _abort(self) -> None:
        """Kill every LibreOffice of the batch and every call running on one, at once."""
        for waiting in self._waiting:
            for process in [*list(waiting.calls), *([waiting.process] if waiting.process else [])]:
                soffice.kill(process, force=True)


def _stop(waiting: _Waiting) -> None:
    """One handed files ends by itself once it has converted them. One never handed any (a rerun with nothing
    to convert) may still be starting, when LibreOffice does not heed being asked to end (it would be waited for
    10 s): it holds no document, and is killed at once."""
    assert waiting.process is not None
    soffice.stop(waiting.process, force=not waiting.handed)


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
    arguments = soffice.command(office, waiting.profile, "--convert-to", "pdf", "--outdir", str(work))
    said_before = _size(waiting.log)
    waiting.handed.extend(names)
    try:
        finished = _run([*arguments, *map(str, copies)], timeout, waiting.calls)
    except subprocess.TimeoutExpired:
        if waiting.process is not None:  # the one started ahead may be the one stuck on the files
            soffice.stop(waiting.process, force=True)
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


def _run(
    arguments: list[str], timeout: float, running: set[subprocess.Popen[bytes]]
) -> subprocess.CompletedProcess[bytes]:
    """A conversion call, kept in `running` while it runs."""
    with soffice.popen(arguments, subprocess.PIPE) as process:
        running.add(process)
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            soffice.kill(process, force=True)
            process.communicate()
            raise
        finally:
            running.discard(process)
    return subprocess.CompletedProcess(arguments, process.returncode, stdout, stderr)


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

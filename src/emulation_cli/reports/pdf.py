"""PDF copies through LibreOffice headless: one profile per worker (two instances cannot share one) and a
time limit per file, so one stuck document cannot hold up the batch."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

TIMEOUT_SECONDS = 120


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


def convert_all(office: str, folder: Path, names: list[str], workers: int | None = None) -> list[Converted]:
    count = max(1, min(workers or os.cpu_count() or 1, 4, len(names) or 1))
    with tempfile.TemporaryDirectory(prefix="emul-pdf-") as scratch:
        slots = [Path(scratch) / f"worker-{i}" for i in range(count)]
        chunks = [names[i::count] for i in range(count)]
        with ThreadPoolExecutor(max_workers=count) as pool:
            done = pool.map(
                lambda pair: [_convert(office, folder, n, pair[0]) for n in pair[1]], zip(slots, chunks, strict=True)
            )
            by_name = {c.source: c for batch in done for c in batch}
    return [by_name[n] for n in names]


def _convert(office: str, folder: Path, name: str, slot: Path) -> Converted:
    work = slot / "out"
    work.mkdir(parents=True, exist_ok=True)
    source = slot / "in" / Path(name).name
    source.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(folder / name, source)
    command = [
        office,
        f"-env:UserInstallation={(slot / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(work),
        str(source),
    ]
    try:
        # UTC: LibreOffice writes the local time into the PDF, which would make the bytes depend on the zone.
        environment = {**os.environ, "TZ": "UTC"}
        finished = subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False, env=environment)
    except subprocess.TimeoutExpired:
        return Converted(name, None, f"timeout after {TIMEOUT_SECONDS} s")
    except OSError as exc:
        return Converted(name, None, str(exc))
    target = work / (source.stem + ".pdf")
    if not target.is_file():
        said = (finished.stderr or finished.stdout).decode("utf-8", "replace").strip().splitlines()
        return Converted(name, None, said[-1] if said else f"exit code {finished.returncode}")
    data = target.read_bytes()
    target.unlink()
    return Converted(name, data, None)


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

"""PDF copies through LibreOffice headless: one profile per worker (two instances cannot share one) and a
time limit per file, so one stuck document cannot hold up the batch."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

TIMEOUT_SECONDS = 120


@dataclass(frozen=True)
class Converted:
    source: str  # name inside the output folder
    pdf: bytes | None
    error: str | None


def find_office() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


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
        finished = subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
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

"""The manifest's journal (`.emul-journal`, JSON lines beside it): before a file replaces the old one, its name
and hash (and the facts it was built from) are appended and flushed to disk. A run that ends before saving the
manifest (killed, power cut) leaves the journal, and the next run knows each journaled file that still holds
that content as emul's. Saving the manifest takes the journal in and removes it."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from ..writing.atomic import crash_point
from ..writing.regular import check_regular, read_regular

JOURNAL_NAME = ".emul-journal"

_APPEND_FLAGS = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


@dataclass(frozen=True)
class Entry:
    name: str
    digest: str  # sha256 of the content written
    built_from: dict[str, str] | None  # part -> digest of its values, as in the manifest
    fact_sets: dict[str, str]  # digest -> the values, packed as in the manifest


def append_entry(folder: Path, entry: Entry) -> None:
    line = {"name": entry.name, "sha256": entry.digest, "built_from": entry.built_from, "facts": entry.fact_sets}
    path = folder / JOURNAL_NAME
    check_regular(path)
    # Each record starts on a line of its own: one cut short by a power cut or a full disk spoils only itself.
    data = ("\n" + json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    handle = os.open(path, _APPEND_FLAGS, 0o666)
    try:
        while data:
            data = data[os.write(handle, data) :]
        os.fsync(handle)
        crash_point()
    finally:
        os.close(handle)


def read_entries(folder: Path) -> list[Entry]:
    """The journaled files, in order; a line cut short by a kill, or not one of ours, is passed over."""
    raw = read_regular(folder / JOURNAL_NAME)
    if raw is None:
        return []
    entries = []
    for line in raw.decode("utf-8", errors="replace").splitlines():
        entry = _entry(line)
        if entry is not None:
            entries.append(entry)
    return entries


def remove_journal(folder: Path) -> None:
    (folder / JOURNAL_NAME).unlink(missing_ok=True)


def _entry(line: str) -> Entry | None:
    try:
        data = json.loads(line)
        name, digest, built_from, facts = data["name"], data["sha256"], data["built_from"], data["facts"]
    except (ValueError, KeyError, TypeError):
        return None
    if not (isinstance(name, str) and isinstance(digest, str) and isinstance(facts, dict)) or _outside(name):
        return None
    parts = {str(k): str(v) for k, v in built_from.items()} if isinstance(built_from, dict) else None
    return Entry(name, digest, parts, {str(k): str(v) for k, v in facts.items()})


def _outside(name: str) -> bool:
    """A name that does not stay in the folder, or that no file can have (never one emul journals)."""
    odd = any(ord(character) < 32 for character in name)
    return odd or name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/") or ":" in name

"""The output folder's manifest: the hash of every file emul wrote there, so a file a person has edited since
is recognised and not overwritten without --force; and the facts each file was built from, so that the new
version written beside an edited one can say what changed in the data since. The facts are kept compressed,
once for the files built from the same ones (a document and its PDF copy).

Every file is journaled before it replaces the old one (journal.py), and the journal is folded in when the
manifest is loaded or saved: however a run ends, a file emul wrote is known as emul's."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import zlib
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path

from ..writing.atomic import write_atomic, write_text_atomic
from ..writing.regular import NotRegularFile, odd_kind, read_regular
from .facts import Facts, Values
from .journal import Entry, append_entry, read_entries, remove_journal

MANIFEST_NAME = ".emul-manifest.json"
MANIFEST_SCHEMA = "emul.manifest/1"


class Guard(StrEnum):
    NEW = "new"  # nothing there yet
    OURS = "ours"  # as emul wrote it: safe to replace
    SAME = "same"  # already holds exactly the new content
    EDITED = "edited"  # emul wrote it, someone changed it since, and emul now has something new for it
    KEPT = "kept"  # edited since emul wrote it, but emul would write what it wrote then: the edit stays
    FOREIGN = "foreign"  # a file emul did not write
    UNKNOWN = "unknown"  # the manifest is damaged: emul cannot tell who wrote the file


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Manifest:
    folder: Path
    files: dict[str, str] = field(default_factory=dict)
    period: str | None = None  # the period whose documents the folder holds
    unreadable: bool = False  # the manifest was damaged: every existing file counts as foreign
    built_from: dict[str, dict[str, str]] = field(default_factory=dict)  # file -> part -> digest of its values
    fact_sets: dict[str, str] = field(default_factory=dict)  # digest -> the values of a part, compressed
    made_from: dict[str, str] = field(default_factory=dict)  # PDF copy -> what it was converted from (copy_key)
    rendered_from: dict[str, str] = field(default_factory=dict)  # document -> the inputs it was rendered from
    _packed: dict[str, str] = field(default_factory=dict, repr=False)  # values as JSON -> their digest, this run
    _journaled: set[str] = field(default_factory=set, repr=False)  # fact sets already in the journal

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        """What emul wrote in the folder; NotRegularFile (exit 2) when the manifest or the journal is a link, a
        folder, a device, a FIFO or absurdly large."""
        manifest = cls._read(folder)
        manifest.fold_journal()
        return manifest

    @classmethod
    def _read(cls, folder: Path) -> Manifest:
        try:
            raw = read_regular(folder / MANIFEST_NAME)
        except OSError:
            return cls(folder, unreadable=True)
        if raw is None:
            return cls(folder)
        try:
            data = json.loads(raw.decode("utf-8"))
            files = data["files"]
            if data.get("schema") != MANIFEST_SCHEMA or not isinstance(files, dict):
                raise ValueError(MANIFEST_NAME)
            period = data.get("period")
            manifest = cls(folder, {str(k): str(v) for k, v in files.items()}, str(period) if period else None)
        except (ValueError, KeyError, TypeError):
            return cls(folder, unreadable=True)
        stored = _strings(data.get("facts"))  # kept by the digest of their text: one that differs is damaged
        manifest.fact_sets = {digest: text for digest, text in stored.items() if _digest(text) == digest}
        built_from = data.get("built_from")
        if isinstance(built_from, dict):
            manifest.built_from = {str(k): _strings(v) for k, v in built_from.items()}
        manifest.made_from = _strings(data.get("made_from"))
        manifest.rendered_from = _strings(data.get("rendered_from"))
        return manifest

    def fold_journal(self) -> None:
        """Take in the files journaled by a run that ended before saving the manifest: each one that still holds
        what emul wrote is emul's, with the facts it was built from."""
        entries = read_entries(self.folder)
        for entry in entries:  # a fact set is journaled once, with the first file built from it
            self.fact_sets.update({d: text for d, text in entry.fact_sets.items() if _digest(text) == d})
        holds: dict[str, str | None] = {}
        for entry in entries:
            if entry.name not in holds:
                holds[entry.name] = _digest_or_none(self.folder / entry.name)
            if self.files.get(entry.name) != entry.digest and holds[entry.name] == entry.digest:
                self._record(entry.name, entry.digest, entry.built_from)

    def write(self, path: Path, name: str, content: bytes, facts: Facts | None = None) -> None:
        """Write a file of the folder: journaled before it takes the old one's place, recorded once it has."""
        digest = sha256(content)
        parts = None if facts is None else {part: self._keep(values) for part, values in facts.items()}
        new = {d: self.fact_sets[d] for d in (parts or {}).values() if d not in self._journaled}
        append_entry(self.folder, Entry(name, digest, parts, new))
        self._journaled.update(new)
        write_atomic(path, content)
        self._record(name, digest, parts)

    def guard(self, name: str, new_content: bytes) -> Guard:
        current = file_digest(self.folder / name)
        if current is None:
            return Guard.NEW
        if current == sha256(new_content):
            return Guard.SAME
        recorded = self.files.get(name)
        if recorded is None:
            return Guard.UNKNOWN if self.unreadable else Guard.FOREIGN
        if recorded == current:
            return Guard.OURS
        return Guard.KEPT if recorded == sha256(new_content) else Guard.EDITED

    def record(self, name: str, content: bytes, facts: Facts | None = None) -> None:
        parts = None if facts is None else {part: self._keep(values) for part, values in facts.items()}
        self._record(name, sha256(content), parts)

    def _record(self, name: str, digest: str, parts: dict[str, str] | None) -> None:
        self.files[name] = digest
        self.built_from.pop(name, None)
        self.made_from.pop(name, None)  # the caller that converted it says from what
        self.rendered_from.pop(name, None)  # the caller that rendered it says from what
        if parts is not None:
            self.built_from[name] = parts

    def _keep(self, values: Values) -> str:
        text = _text(values)
        digest = self._packed.get(text)  # the score sheets share most of their facts: compressed once
        if digest is None:
            packed = _compress(text)
            digest = self._packed[text] = _digest(packed)
            self.fact_sets[digest] = packed
        return digest

    def forget(self, name: str) -> None:
        self.files.pop(name, None)
        self.built_from.pop(name, None)
        self.made_from.pop(name, None)
        self.rendered_from.pop(name, None)

    def current(self, name: str, key: str | None) -> bool:
        """Whether the file was rendered from exactly these inputs and still holds what emul wrote then."""
        if key is None or self.rendered_from.get(name) != key:
            return False
        try:
            return self.files.get(name) == file_digest(self.folder / name)
        except NotRegularFile:  # rendered again, and the writing says what is wrong
            return False

    def facts(self, name: str) -> Facts | None:
        """The facts the file was built from when emul wrote it; None when not recorded (or unreadable)."""
        parts = self.built_from.get(name)
        if parts is None:
            return None
        facts: Facts = {}
        for part, digest in parts.items():
            values = _unpack(self.fact_sets.get(digest, ""))
            if values is None:
                return None
            facts[part] = values
        return facts

    def save(self) -> None:
        """Write the manifest (with whatever the journal holds that this run did not record), then drop the
        journal, which it now contains."""
        self.fold_journal()
        document: dict[str, object] = {
            "schema": MANIFEST_SCHEMA,
            "period": self.period,
            "files": dict(sorted(self.files.items())),
        }
        if self.built_from:
            document["built_from"] = dict(sorted(self.built_from.items()))
            used = sorted({digest for parts in self.built_from.values() for digest in parts.values()})
            document["facts"] = {digest: self.fact_sets[digest] for digest in used}
        made_from = {name: key for name, key in sorted(self.made_from.items()) if name in self.files}
        if made_from:
            document["made_from"] = made_from
        rendered_from = {name: key for name, key in sorted(self.rendered_from.items()) if name in self.files}
        if rendered_from:
            document["rendered_from"] = rendered_from
        write_text_atomic(self.folder / MANIFEST_NAME, json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        remove_journal(self.folder)
        self._journaled.clear()


def copy_key(document: bytes, day: date) -> str:
    """What a PDF copy is made from: its document, byte for byte, and the date stamped into it."""
    return f"{sha256(document)} {day.isoformat()}"


def file_digest(path: Path) -> str | None:
    """The hash of a file of the folder, None when there is none; NotRegularFile for a folder, a device or a
    FIFO under a document's name (reading a FIFO would wait forever)."""
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    what = odd_kind(status.st_mode)
    if what is not None:
        raise NotRegularFile(path, what)
    with path.open("rb") as stream:  # in chunks: a file of any size
        return hashlib.file_digest(stream, "sha256").hexdigest()


def _digest_or_none(path: Path) -> str | None:
    """The file's hash, None when it cannot be read as a regular file: a journaled file gone odd is not ours."""
    try:
        return file_digest(path)
    except (OSError, ValueError, NotRegularFile):  # ValueError: a name no file can have (a NUL in it)
        return None


def _digest(packed: str) -> str:
    return sha256(packed.encode())[:16]


def _strings(value: object) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {str(k): str(v) for k, v in value.items()}


def _text(values: Values) -> str:
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"))


def _compress(text: str) -> str:
    return base64.b64encode(zlib.compress(text.encode("utf-8"), 9)).decode("ascii")


def _unpack(packed: str) -> Values | None:
    """The values back, or None when what is stored is not values (a damaged or foreign entry)."""
    try:
        data = json.loads(zlib.decompress(base64.b64decode(packed, validate=True)).decode("utf-8"))
    except (binascii.Error, zlib.error, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    values: Values = {}
    for key, value in data.items():
        if isinstance(value, str):
            values[str(key)] = value
        elif isinstance(value, list):
            values[str(key)] = [str(item) for item in value]
    return values

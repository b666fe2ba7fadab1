"""The output folder's manifest: the hash of every file emul wrote there, so a file a person has edited since
is recognised and not overwritten without --force."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from ..writing.atomic import write_text_atomic

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

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        path = folder / MANIFEST_NAME
        if not path.exists():
            return cls(folder)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            files = data["files"]
            if data.get("schema") != MANIFEST_SCHEMA or not isinstance(files, dict):
                raise ValueError(path)
            period = data.get("period")
            return cls(folder, {str(k): str(v) for k, v in files.items()}, str(period) if period else None)
        except (OSError, ValueError, KeyError, TypeError):
            return cls(folder, unreadable=True)

    def guard(self, name: str, new_content: bytes) -> Guard:
        path = self.folder / name
        if not path.exists():
            return Guard.NEW
        current = sha256(path.read_bytes())
        if current == sha256(new_content):
            return Guard.SAME
        if self.unreadable:
            return Guard.UNKNOWN
        recorded = self.files.get(name)
        if recorded is None:
            return Guard.FOREIGN
        if recorded == current:
            return Guard.OURS
        return Guard.KEPT if recorded == sha256(new_content) else Guard.EDITED

    def record(self, name: str, content: bytes) -> None:
        self.files[name] = sha256(content)

    def save(self) -> None:
        document = {"schema": MANIFEST_SCHEMA, "period": self.period, "files": dict(sorted(self.files.items()))}
        write_text_atomic(self.folder / MANIFEST_NAME, json.dumps(document, ensure_ascii=False, indent=2) + "\n")

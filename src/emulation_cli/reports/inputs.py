"""What a document is rendered from, as one digest: when it has not changed since emul wrote the document, the
document is not rendered again (the manifest's `rendered_from`).

The key must change whenever any byte of the output could: the values the renderer gets, the template's bytes,
the stamps written into the file, and emul itself. "emul itself" is its code and shipped files (a fix without a
version bump must not leave stale documents) and the libraries that write the files."""

from __future__ import annotations

import hashlib
import json
import sys
from functools import cache
from importlib import metadata
from pathlib import Path

from .. import __version__
from ..resources import data_dir

_PACKAGE = Path(__file__).resolve().parents[1]
_RENDERING_LIBRARIES = ("docxtpl", "python-docx", "jinja2", "openpyxl", "lxml")
_CODE_SUFFIXES = (".py", ".mo")


def input_key(values: object, template: Path | None, *stamps: str) -> str | None:
    """The digest of a document's inputs: `values` as its renderer gets them (JSON-able), its template's bytes,
    the stamps written into it (date, title, author) and emul; None when the template cannot be read
    (rendering says why)."""
    digest = hashlib.sha256(emul_fingerprint().encode() + b"\0")
    for part in stamps:
        digest.update(part.encode() + b"\0")
    digest.update(canonical_json(values) + b"\0")
    if template is not None:
        try:
            digest.update(template.read_bytes())
        except OSError:
            return None
    return digest.hexdigest()


def canonical_json(values: object) -> bytes:
    return json.dumps(values, ensure_ascii=False, sort_keys=True, default=repr).encode()


def values_digest(values: object) -> str:
    """One digest standing for values many documents share, so each document's key hashes them once."""
    return hashlib.sha256(canonical_json(values)).hexdigest()


@cache
def emul_fingerprint() -> str:
    """emul's version, the bytes of its code and shipped templates, Python's version and the versions of the
    libraries that write the documents."""
    digest = hashlib.sha256(f"{__version__}\0{sys.version_info[:2]}\0".encode())
    for library in _RENDERING_LIBRARIES:
        try:
            digest.update(f"{library} {metadata.version(library)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library} -\0".encode())
    code = sorted(p for p in _PACKAGE.rglob("*") if p.suffix in _CODE_SUFFIXES and "__pycache__" not in p.parts)
    for folder, files in ((_PACKAGE, code), (data_dir("templates"), sorted(data_dir("templates").rglob("*")))):
        for path in files:
            if path.is_file():
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()

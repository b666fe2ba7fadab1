"""A form's seal: an HMAC-SHA256 of what the form says about itself, keyed by a secret that stays with the
secretariat (`.emul-secret` in the cluster folder, kept out of git). A unit can fill in the form it was sent; it
cannot make a form claim to be another unit's, or for another period or rubric, nor change its locked cells
(their hashes are sealed), without the key. Whoever holds the key file can seal anything."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ..errors import UsageError
from ..i18n import _
from ..writing.atomic import write_atomic

KEY_FILE = ".emul-secret"
KEY_BYTES = 32
GITIGNORE = ".gitignore"
# What the seal covers: the identity lines, with the hashes of the locked cells as written.
SEALED = (
    "schema",
    "cluster",
    "unit",
    "period",
    "rubric",
    "rubric_version",
    "rubric_hash",
    "criteria_rows",
    "commitment_rows",
)


def seal(key: bytes, identity: Mapping[str, str]) -> str:
    message = json.dumps([[name, identity.get(name, "")] for name in SEALED], ensure_ascii=False)
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()


def seal_matches(key: bytes, identity: Mapping[str, str]) -> bool:
    return hmac.compare_digest(seal(key, identity), identity.get("seal", ""))


def key_for_forms(folder: Path) -> bytes:
    """The cluster's key, made on the first `emul forms` (readable by its owner only, where the system allows),
    and the cluster's .gitignore names it so that a commit leaves it out."""
    path = folder / KEY_FILE
    try:
        if not path.exists():
            _create_key(path)
        _ignore_in_git(folder)
    except OSError as exc:
        raise UsageError(
            _("cannot write the form key {file}: {reason}").format(file=path, reason=exc.strerror or exc)
        ) from exc
    return _read_key(path)


def key_for_import(folder: Path) -> bytes:
    path = folder / KEY_FILE
    if not path.exists():
        raise UsageError(
            _(
                "there is no form key {file}: the forms are sealed with the key 'emul forms' made in the cluster folder"
            ).format(file=path),
            hint=_(
                "copy .emul-secret from the folder (or the computer) that wrote the forms into this cluster folder; "
                "if it is lost, run 'emul forms' again and send the units the new forms"
            ),
        )
    return _read_key(path)


def _read_key(path: Path) -> bytes:
    damaged = UsageError(
        _("the form key {file} is damaged (it must hold {size} hexadecimal digits on one line)").format(
            file=path, size=2 * KEY_BYTES
        ),
        hint=_("restore it from a copy; otherwise delete it, run 'emul forms' again and send the units the new forms"),
    )
    if not path.is_file():  # a folder, a device or a pipe in its place
        raise damaged
    try:
        with path.open("rb") as stream:
            text = stream.read(4 * KEY_BYTES).decode("ascii").strip()
        key = bytes.fromhex(text)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise damaged from exc
    if len(key) != KEY_BYTES:
        raise damaged
    return key


def _create_key(path: Path) -> None:
    """Written whole under a temporary name (mode 0600), then linked into place: a key is never half written,
    and a key another run made meanwhile is kept."""
    handle, temporary = tempfile.mkstemp(prefix=f"{KEY_FILE}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="ascii") as stream:
            stream.write(secrets.token_hex(KEY_BYTES) + "\n")
            stream.flush()
            os.fsync(stream.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links
            if not path.exists():
                os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)


def _ignore_in_git(folder: Path) -> None:
    """Add the key file to the cluster's .gitignore (created if need be), once; the rest of it as it was."""
    path = folder / GITIGNORE
    data = path.read_bytes() if path.is_file() else b""
    entry = KEY_FILE.encode("ascii")
    if any(line.strip() in (entry, b"/" + entry) for line in data.splitlines()):
        return
    separator = b"" if not data or data.endswith(b"\n") else b"\n"
    write_atomic(path, data + separator + entry + b"\n")

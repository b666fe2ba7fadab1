"""Getting a file's text: regular files only, a size cap, UTF-8 only, no invisible troublemakers."""

from __future__ import annotations

import re
import stat
from pathlib import Path

from ..i18n import N_, _
from .diagnostics import Pos
from .document import problem

MAX_FILE_BYTES = 5 * 1024 * 1024
UTF8_HINT = N_("save the file as UTF-8 (in Notepad: Save As, Encoding: UTF-8)")
_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
# Characters libyaml refuses or treats as line breaks although editors do not show a new line.
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029\ufffe\uffff]")


def read_source(path: Path, display: str) -> str:
    return decode_source(_read_bytes(path, display), display)


def _read_bytes(path: Path, display: str) -> bytes:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise problem(
                display,
                Pos(1, 1),
                "not-a-file",
                _("this is not a regular file"),
                _("replace it with the YAML file itself"),
            )
        if info.st_size > MAX_FILE_BYTES:
            raise _too_large(display, info.st_size)
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise problem(
            display,
            Pos(1, 1),
            "file-unreadable",
            _("cannot read the file: {reason}").format(reason=exc.strerror or exc),
        ) from exc
    if len(raw) > MAX_FILE_BYTES:
        raise _too_large(display, len(raw))
    return raw


def _too_large(display: str, size: int) -> Exception:
    return problem(
        display,
        Pos(1, 1),
        "file-too-large",
        _("the file is {size} bytes; at most {limit} bytes are accepted").format(size=size, limit=MAX_FILE_BYTES),
        _("split the data into smaller files"),
    )


def decode_source(raw: bytes, display: str) -> str:
    """Decode UTF-8 (with or without BOM); refuse other encodings and invisible characters, located."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            raise problem(
                display,
                Pos(1, 1),
                "encoding",
                _("the file is encoded as {encoding}; emul reads UTF-8 only").format(encoding=name),
                _(UTF8_HINT),
            )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise problem(
            display,
            _pos_of_offset(raw, nul),
            "nul-byte",
            _("the file contains a NUL byte; it is not a text file"),
            _("check that this is the YAML file you meant and save it again as UTF-8 text"),
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise problem(
            display,
            _pos_of_offset(raw, exc.start),
            "encoding",
            _("the file is not valid UTF-8 (byte 0x{byte:02X})").format(byte=raw[exc.start]),
            _(UTF8_HINT),
        ) from exc
    _refuse_invisible(text, display)
    return text


def _refuse_invisible(text: str, display: str) -> None:
    found = INVISIBLE.search(text)
    if found is None:
        return
    offset = found.start()
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    raise problem(
        display,
        Pos(line, column),
        "control-character",
        _("an invisible character U+{code:04X} is in the text (often pasted from Word or PDF)").format(
            code=ord(found.group())
        ),
        _("delete it: put the cursor just before column {column} and press Delete").format(column=column),
    )


def _pos_of_offset(raw: bytes, offset: int) -> Pos:
    before = raw[:offset]
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return Pos(before.count(b"\n") + 1, column)

"""The zip writer that copies deflated entries: the same bytes zipfile writes, and a stored stream copied only
when it inflates to exactly the entry's content, whatever a hostile archive's headers claim."""

from __future__ import annotations

import io
import os
import struct
import warnings
import zipfile
import zlib
from datetime import date

import pytest

from emulation_cli.reports.ooxml import normalize_zip, zip_time
from emulation_cli.reports.zipcopy import ZIPFILE_SYSTEM, Packed, ZipEntry, pack, stored_stream, write_zip

WHEN = (2024, 2, 5, 0, 0, 0)
CONTENTS = [
    ("[Content_Types].xml", b'<?xml version="1.0"?>\n<Types/>' * 40),
    ("word/document.xml", "<w:t>Cụm thi đua số 7</w:t>".encode() * 500),
    ("word/media/ảnh một.png", os.urandom(5000)),  # a name zipfile flags as UTF-8; data deflate cannot shrink
    ("empty.xml", b""),
    ("customXml/", b""),
    ("word/document.xml", b"<w:document/>"),  # a name twice: both kept, in order
]


def _zipfile_bytes(contents: list[tuple[str, bytes]], create_system: int = ZIPFILE_SYSTEM) -> bytes:
    """What the documents were written with before: zipfile deflating every entry."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for name, data in contents:
            info = zipfile.ZipInfo(name, date_time=WHEN)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            info.create_system = create_system
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the name written twice, on purpose
                out.writestr(info, data)
    return buffer.getvalue()


def _copied(archive: bytes) -> list[ZipEntry]:
    file = io.BytesIO(archive)
    with zipfile.ZipFile(file) as source:
        return [ZipEntry(i.filename, source.read(i), stored_stream(file, i, source.read(i))) for i in source.infolist()]


@pytest.mark.parametrize("create_system", [ZIPFILE_SYSTEM, 0])
def test_the_archive_is_byte_for_byte_what_zipfile_writes(create_system: int) -> None:
    entries = [ZipEntry(name, data) for name, data in CONTENTS]
    assert write_zip(entries, WHEN, create_system) == _zipfile_bytes(CONTENTS, create_system)


def test_entries_copied_deflated_give_the_same_archive_as_deflating_again() -> None:
    archive = _zipfile_bytes(CONTENTS)
    copied = _copied(archive)
    assert all(entry.packed is not None for entry in copied)
    assert [entry.packed for entry in copied] == [pack(data) for _name, data in CONTENTS]
    assert write_zip(copied, WHEN, ZIPFILE_SYSTEM) == archive


def test_a_copy_is_not_deflated_again(monkeypatch: pytest.MonkeyPatch) -> None:
    copied = _copied(_zipfile_bytes(CONTENTS))
    calls: list[bytes] = []
    real = zlib.compressobj
    monkeypatch.setattr(zlib, "compressobj", lambda *a: calls.append(b"") or real(*a))
    write_zip([*copied[:2], ZipEntry("new.xml", b"<new/>")], WHEN, ZIPFILE_SYSTEM)
    assert len(calls) == 1


def _one_entry(data: bytes, level: int = 6, compress_type: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        out.writestr(zipfile.ZipInfo("word/styles.xml", WHEN), data, compress_type, level)
    return buffer.getvalue()


def _patch(archive: bytes, signature: bytes, offset: int, fmt: str, value: int) -> bytes:
    """Overwrite one field of the first local header (PK\\3\\4) or central header (PK\\1\\2)."""
    at = archive.index(signature) + offset
    return archive[:at] + struct.pack(fmt, value) + archive[at + struct.calcsize(fmt) :]


STYLES = b"<w:styles>" + b"<w:style w:type='paragraph'/>" * 300 + b"</w:styles>"


def _stream(archive: bytes) -> tuple[Packed | None, zipfile.ZipInfo]:
    file = io.BytesIO(archive)
    info = zipfile.ZipFile(file).infolist()[0]
    return stored_stream(file, info, STYLES), info


def test_a_sound_stream_is_copied_whatever_its_crc_field_says() -> None:
    lying = _patch(_one_entry(STYLES), b"PK\x01\x02", 16, "<L", 0xDEADBEEF)
    packed, info = _stream(lying)
    assert info.CRC == 0xDEADBEEF
    assert packed is not None and packed.crc == zlib.crc32(STYLES)  # computed here, not taken from the header


@pytest.mark.parametrize(
    "hostile",
    [
        pytest.param(lambda a: _patch(a, b"PK\x01\x02", 20, "<L", len(a) - 100), id="compressed size past the stream"),
        pytest.param(lambda a: _patch(a, b"PK\x01\x02", 20, "<L", 20), id="compressed size short of the stream"),
        pytest.param(lambda a: _patch(a, b"PK\x01\x02", 8, "<H", 1), id="encrypted"),
        pytest.param(lambda a: _patch(a, b"PK\x03\x04", 0, "<L", 0x04034B51), id="local header missing"),
        pytest.param(lambda a: _patch(a, b"PK\x03\x04", 28, "<H", 3), id="local extra length lies"),
        pytest.param(lambda a: _one_entry(STYLES, compress_type=zipfile.ZIP_STORED), id="stored"),
        pytest.param(lambda a: _one_entry(STYLES, compress_type=zipfile.ZIP_BZIP2), id="bzip2"),
    ],
)
def test_a_stream_that_cannot_be_proven_sound_is_not_copied(hostile: object) -> None:
    assert callable(hostile)
    packed, _info = _stream(hostile(_one_entry(STYLES)))
    assert packed is None


def test_a_stream_with_trailing_bytes_is_not_copied() -> None:
    archive = _one_entry(STYLES)
    packed, info = _stream(archive)
    assert packed is not None
    start = info.header_offset + 30 + len(info.filename)
    padded = archive[: start + len(packed.deflated)] + b"\0\0\0" + archive[start + len(packed.deflated) :]
    padded = _patch(padded, b"PK\x01\x02", 20, "<L", len(packed.deflated) + 3)
    end = padded.rindex(b"PK\x05\x06")
    padded = padded[: end + 16] + struct.pack("<L", padded.index(b"PK\x01\x02")) + padded[end + 20 :]
    assert _stream(padded)[0] is None


def test_a_stream_deflated_otherwise_is_copied_as_it_is() -> None:
    """A template saved by another writer (here: zlib's level 9) keeps its own deflate stream."""
    packed, _info = _stream(_one_entry(STYLES, level=9))
    assert packed is not None and zlib.decompress(packed.deflated, -15) == STYLES


def test_an_entry_with_a_data_descriptor_or_zip64_fields_is_copied() -> None:
    class Unseekable(io.RawIOBase):
        def __init__(self) -> None:
            self.buffer = bytearray()

        def writable(self) -> bool:
            return True

        def write(self, data: bytes) -> int:  # type: ignore[override]
            self.buffer += data
            return len(data)

    target = Unseekable()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as out:
        out.writestr("descriptor.xml", STYLES)
        with out.open("zip64.xml", "w", force_zip64=True) as entry:
            entry.write(STYLES)
    archive = bytes(target.buffer)
    file = io.BytesIO(archive)
    with zipfile.ZipFile(file) as source:
        infos = source.infolist()
        assert infos[0].flag_bits & 0x8
        copies = [stored_stream(file, info, source.read(info)) for info in infos]
    assert copies == [pack(STYLES), pack(STYLES)]
    written = write_zip([ZipEntry(i.filename, STYLES, c) for i, c in zip(infos, copies, strict=True)], WHEN, 3)
    with zipfile.ZipFile(io.BytesIO(written)) as check:
        assert check.testzip() is None
        assert [check.read(name) for name in check.namelist()] == [STYLES, STYLES]
        assert all(info.flag_bits == 0 and not info.extra for info in check.infolist())


def test_normalize_zip_gives_what_deflating_every_entry_gives() -> None:
    day = date(2024, 2, 5)
    source = _zipfile_bytes(CONTENTS[:4])
    expected = _zipfile_bytes(CONTENTS[:4], create_system=0)
    assert zip_time(day) == WHEN
    assert normalize_zip(source, day) == expected


def test_an_archive_zipfile_would_write_with_zip64_fields_is_left_to_zipfile(monkeypatch: pytest.MonkeyPatch) -> None:
    from emulation_cli.reports import zipcopy

    monkeypatch.setattr(zipcopy, "_SIZE_LIMIT", 1000)
    monkeypatch.setattr(zipfile, "ZIP64_LIMIT", 1000)
    contents = CONTENTS[:3]
    written = write_zip([ZipEntry(name, data) for name, data in contents], WHEN, ZIPFILE_SYSTEM)
    assert written == _zipfile_bytes(contents)
    assert b"PK\x06\x06" in written  # the zip64 end record

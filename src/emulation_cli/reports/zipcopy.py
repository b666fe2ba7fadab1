"""Zip archives written with entries copied still compressed: a document made from a template keeps most of the
template's parts unchanged (styles, fonts, theme, pictures), and deflating them again for every document was
most of the time spent zipping. The headers written are those `zipfile` writes for the same entries (a ZipInfo
with a fixed time, mode 0o600, no extra fields) and a deflated entry is deflated at zlib's default level, so an
entry copied from an archive deflated that way (the shipped templates) gives the same file as deflating it
again. An entry copied from a template compressed otherwise (saved by Word, say) keeps that template's own
deflate stream: the same content, a valid and deterministic file, but not the bytes of deflating it again.

A stored stream is copied only once it has been inflated here to exactly the entry's content, whatever the
archive's headers claim (sizes, CRC, flags): anything else is deflated again."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO

_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_LOCAL_SIGNATURE = b"PK\x03\x04"
_VERSION = 20  # what a deflated entry needs: zipfile's DEFAULT_VERSION
_UTF8_NAME = 0x800
_ENCRYPTED = 0x1
_MODE = 0o600 << 16
_SIZE_LIMIT = zipfile.ZIP64_LIMIT
_COUNT_LIMIT = 0xFFFF
ZIPFILE_SYSTEM = zipfile.ZipInfo().create_system  # what zipfile records as the system that made an entry

DateTime = tuple[int, int, int, int, int, int]


@dataclass(frozen=True)
class Packed:
    """An entry's content as a zip stores it: the raw deflate stream, with the size and CRC of what it inflates to."""

    deflated: bytes
    size: int
    crc: int


@dataclass(frozen=True)
class ZipEntry:
    name: str
    data: bytes
    packed: Packed | None = None  # None: deflated when written


def pack(data: bytes) -> Packed:
    """`data` deflated as zipfile deflates an entry."""
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return Packed(compressor.compress(data) + compressor.flush(), len(data), zlib.crc32(data))


def stored_stream(file: BinaryIO, info: zipfile.ZipInfo, data: bytes) -> Packed | None:
    """The deflate stream `file` holds for the entry `info` whose content is `data`, if it inflates to exactly
    `data` and nothing else (else None: the entry is to be deflated again)."""
    if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & _ENCRYPTED:
        return None
    if info.compress_size > len(data) + len(data) // 1000 + 64:  # more than deflate ever needs
        return None
    file.seek(info.header_offset)
    header = file.read(_LOCAL.size)
    if len(header) != _LOCAL.size or header[:4] != _LOCAL_SIGNATURE:
        return None
    fields = _LOCAL.unpack(header)
    file.seek(info.header_offset + _LOCAL.size + fields[-2] + fields[-1])
    deflated = file.read(info.compress_size)
    inflater = zlib.decompressobj(-15)
    try:
        inflated = inflater.decompress(deflated, len(data) + 1)
    except zlib.error:
        return None
    if inflated != data or not inflater.eof or inflater.unused_data or inflater.unconsumed_tail:
        return None
    return Packed(deflated, len(data), zlib.crc32(data))


def write_zip(entries: Sequence[ZipEntry], date_time: DateTime, create_system: int) -> bytes:
    """The archive of `entries` in order, each deflated (copied when already packed), dated `date_time`."""
    packed = [entry.packed or pack(entry.data) for entry in entries]
    if _needs_zip64(packed):
        return _zipfile_archive(entries, date_time, create_system)
    dos_time = date_time[3] << 11 | date_time[4] << 5 | date_time[5] // 2
    dos_date = (date_time[0] - 1980) << 9 | date_time[1] << 5 | date_time[2]
    out = io.BytesIO()
    directory = []
    for entry, stream in zip(entries, packed, strict=True):
        name, flags = _encoded(entry.name)
        offset = out.tell()
        common = (flags, zipfile.ZIP_DEFLATED, dos_time, dos_date, stream.crc, len(stream.deflated), stream.size)
        out.write(_LOCAL.pack(_LOCAL_SIGNATURE, _VERSION, 0, *common, len(name), 0))
        out.write(name)
        out.write(stream.deflated)
        central = (b"PK\x01\x02", _VERSION, create_system, _VERSION, 0, *common, len(name), 0, 0, 0, 0, _MODE, offset)
        directory.append(_CENTRAL.pack(*central) + name)
    start = out.tell()
    size = sum(map(len, directory))
    if start > _SIZE_LIMIT or size > _SIZE_LIMIT:  # zipfile would write zip64 records
        return _zipfile_archive(entries, date_time, create_system)
    out.writelines(directory)
    out.write(_END.pack(b"PK\x05\x06", 0, 0, len(entries), len(entries), size, start, 0))
    return out.getvalue()


def _needs_zip64(packed: Sequence[Packed]) -> bool:
    """Whether zipfile would write zip64 fields: those archives are left to it."""
    if len(packed) > _COUNT_LIMIT:
        return True
    return any(stream.size * 1.05 > _SIZE_LIMIT or len(stream.deflated) > _SIZE_LIMIT for stream in packed)


def _encoded(name: str) -> tuple[bytes, int]:
    try:
        return name.encode("ascii"), 0
    except UnicodeEncodeError:
        return name.encode("utf-8"), _UTF8_NAME


def _zipfile_archive(entries: Sequence[ZipEntry], date_time: DateTime, create_system: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for entry in entries:
            info = zipfile.ZipInfo(entry.name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = _MODE
            info.create_system = create_system
            out.writestr(info, entry.data)
    return buffer.getvalue()

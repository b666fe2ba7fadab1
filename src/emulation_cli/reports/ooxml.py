"""Reproducible Office files: the same content gives the same bytes (fixed zip entry times, fixed order)."""

from __future__ import annotations

import io
import zipfile
from datetime import date

from .zipcopy import ZipEntry, stored_stream, write_zip


def zip_time(day: date) -> tuple[int, int, int, int, int, int]:
    """`day` at midnight, kept within the years a zip entry can hold (1980–2107)."""
    return (min(max(day.year, 1980), 2107), day.month, day.day, 0, 0, 0)


def normalize_zip(data: bytes, day: date) -> bytes:
    """Rewrite a .docx/.xlsx with every entry dated `day` at midnight, deflated, in its original order (the
    writer's deflated entries are copied as they are)."""
    file = io.BytesIO(data)
    entries = []
    with zipfile.ZipFile(file) as source:
        for info in source.infolist():
            content = source.read(info)
            entries.append(ZipEntry(info.filename, content, stored_stream(file, info, content)))
    return write_zip(entries, zip_time(day), create_system=0)

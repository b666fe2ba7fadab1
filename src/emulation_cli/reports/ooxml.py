"""Reproducible Office files: the same content gives the same bytes (fixed zip entry times, fixed order)."""

from __future__ import annotations

import io
import zipfile
from datetime import date


def zip_time(day: date) -> tuple[int, int, int, int, int, int]:
    """`day` at midnight, kept within the years a zip entry can hold (1980–2107)."""
    return (min(max(day.year, 1980), 2107), day.month, day.day, 0, 0, 0)


def normalize_zip(data: bytes, day: date) -> bytes:
    """Rewrite a .docx/.xlsx with every entry dated `day` at midnight, deflated, in its original order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=zip_time(day))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            info.create_system = 0
            out.writestr(info, source.read(entry.filename))
    return target.getvalue()

"""Vietnamese text helpers: NFC, ASCII slugs, collation, dates."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def ascii_slug(text: str) -> str:
    """'Cụm thi đua số 7' -> 'cum-thi-dua-so-7' (safe in ids and file names)."""
    return _NON_SLUG.sub("-", strip_diacritics(text).lower()).strip("-")[:64].strip("-")


def long_date(day: date, place: str | None = None) -> str:
    """'Hà Nội, ngày 08 tháng 9 năm 2023': leading zero for days 1–9 and months 1–2 only (Nghị định 30/2020)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    text = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{place}, {text}" if place else text

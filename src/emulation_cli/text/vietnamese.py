"""Vietnamese text helpers: NFC, ASCII slugs, collation, dates (numbers: text/numbers.py)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


_OPENING = re.compile(r'(^|[\s(\[“‘])"')
_SPACED_HYPHEN = re.compile(r"(?<=\s)-(?=\s)")
_SPACES = re.compile(r"[ \t]{2,}")


def typographic(text: str) -> str:
    """Text as a Vietnamese document prints it: “curly” quotes for straight ones, an en dash for a hyphen
    between spaces ('Thi đua - Khen thưởng'), single spaces, no spaces at either end."""
    quoted = _OPENING.sub(lambda m: m.group(1) + "“", text).replace('"', "”")
    return _SPACES.sub(" ", _SPACED_HYPHEN.sub("–", quoted)).strip()


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def ascii_slug(text: str) -> str:
    """'Cụm thi đua số 7' -> 'cum-thi-dua-so-7' (safe in ids and file names)."""
    return _NON_SLUG.sub("-", strip_diacritics(text).lower()).strip("-")[:64].strip("-")


def long_date(day: date, place: str | None = None) -> str:
    """'Hà Nội, ngày 08 tháng 9 năm 2023': leading zero for days 1–9 and months 1–2 only (Nghị định 30/2020)."""
    text = f"ngày {day.day:02d} tháng {_month(day)} năm {day.year}"
    return f"{place}, {text}" if place else text


def short_date(day: date) -> str:
    """'04/4/2023': the short form used inside sentences, with the same leading zeros as the long one."""
    return f"{day.day:02d}/{_month(day)}/{day.year}"


def _month(day: date) -> str:
    return f"{day.month:02d}" if day.month <= 2 else str(day.month)


_BASE_LETTERS = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_BASE_RANK = {letter: index for index, letter in enumerate(_BASE_LETTERS)}
# Dictionary order of the tones: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def collation_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """Vietnamese dictionary order: letters first (a ă â b c d đ e ê …, where code points put Đ after Z),
    then tones, case-insensitively; the text itself last so that the order is total."""
    bases: list[int] = []
    tones: list[int] = []
    for char in nfc(text).lower():
        parts = unicodedata.normalize("NFD", char)
        tones.append(next((_TONES[mark] for mark in parts if mark in _TONES), 0))
        base = unicodedata.normalize("NFC", "".join(mark for mark in parts if mark not in _TONES))
        bases.append(_BASE_RANK.get(base, 100 + ord(base[0]) if base else 0))
    return tuple(bases), tuple(tones), text

"""What a plain YAML scalar means (YAML 1.2 core schema plus dates), with numbers kept exact and bounded."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

MAX_DIGITS = 30  # no score, count or ratio needs more; larger numbers are refused before any arithmetic

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_TRUE = re.compile(r"^(?:true|True|TRUE)$")
_FALSE = re.compile(r"^(?:false|False|FALSE)$")
_INT = re.compile(r"^[-+]?[0-9]+$")
_INT_OCT = re.compile(r"^0o[0-7]+$")
_INT_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_SPECIAL_FLOAT = re.compile(r"^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$")
_DATETIME = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]*)?)?")


class BadDate:
    """A scalar shaped like a date that is not a real date (2023-02-30)."""


class TooLarge:
    """A number with more digits than any emulation figure needs."""


# Every pattern above starts with one of these (or matches the empty text, or a lone line break, which `$`
# lets through): any other text is text.
_FIRST_CHARACTERS = frozenset("~nNtTfF+-.0123456789\n")


def resolve_plain(text: str) -> Any:
    if text and text[0] not in _FIRST_CHARACTERS:
        return text
    # Numbers first, the most common: no text matches two of the patterns (an integer is tried as one first).
    if _INT.match(text) or _INT_OCT.match(text) or _INT_HEX.match(text):
        return _integer(text)
    if _FLOAT.match(text) or _SPECIAL_FLOAT.match(text):
        return _decimal(text)
    if _NULL.match(text):
        return None
    if _TRUE.match(text):
        return True
    if _FALSE.match(text):
        return False
    if _DATE.match(text):
        try:
            return date(*(int(part) for part in text.split("-")))
        except ValueError:
            return BadDate()
    if _DATETIME.match(text):
        try:
            return datetime.fromisoformat(text.replace("t", "T"))
        except ValueError:
            return text
    return text


def _integer(text: str) -> int | TooLarge:
    if len(text.lstrip("+-")) > MAX_DIGITS:
        return TooLarge()
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text)


def _decimal(text: str) -> Decimal | TooLarge | str:
    lowered = text.lower()
    if lowered.endswith(("inf", "nan")):
        return Decimal(lowered.replace(".", "").replace("inf", "Infinity").replace("nan", "NaN"))
    try:
        value = Decimal(text)
    except InvalidOperation:
        return text
    if len(text) <= MAX_DIGITS and "e" not in lowered:  # as written: at most that many digits, no exponent
        return value
    digits = len(value.as_tuple().digits)
    if digits > MAX_DIGITS or abs(value.adjusted()) > MAX_DIGITS:
        return TooLarge()
    return value

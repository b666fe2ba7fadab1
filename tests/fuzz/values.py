"""What the fuzzer puts in place of a value: boundary numbers, odd strings, edge dates, wrong periods."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from random import Random
from typing import Any

from ..test_mutations import NOISE


@dataclass(frozen=True)
class Plain:
    """A scalar written exactly as `text`, resolved by YAML as `tag` (a date that does not exist, 400 digits)."""

    text: str
    tag: str

    def __str__(self) -> str:
        return self.text


def _float(text: str) -> Plain:
    return Plain(text, "tag:yaml.org,2002:float")


def _int(text: str) -> Plain:
    return Plain(text, "tag:yaml.org,2002:int")


def _date(text: str) -> Plain:
    return Plain(text, "tag:yaml.org,2002:timestamp")


NUMBERS: tuple[Any, ...] = (
    0,
    -1,
    1,
    0.0,
    -0.0,
    1e308,
    1e-320,
    float("inf"),
    float("-inf"),
    float("nan"),
    2**63,
    10**30,
    _int("9" * 400),
    _float("0." + "1" * 60),
    _float("1e999"),
    _float("-1e-999"),
    _float("12345678901234567890.123456789012345678901"),
)
ODD_STRINGS: tuple[str, ...] = (
    "",
    " ",
    "\u200f",  # right-to-left mark
    "\u202eabc",  # right-to-left override
    "\x07",
    "\x1b[31m",
    "\ufeff",
    "x" * 20_000,
    "Đ" * 3_000,
    "[red]markup[/]",
    "{{ 1 + 1 }}",
    '=HYPERLINK("x")',
    *NOISE,
)
EDGE_DATES: tuple[Any, ...] = (
    date(1900, 1, 1),
    date(9999, 12, 31),
    date(1, 1, 1),
    date(2024, 2, 29),
    _date("2023-02-29"),
    _date("2025-02-29"),
    _date("2023-13-01"),
)
OTHER_TYPES: tuple[Any, ...] = ("x", "", 7, 2.5, True, False, None, [], {})


def number(rng: Random) -> Any:
    return rng.choice(NUMBERS)


def nearby_number(rng: Random, value: int | float) -> int | float:
    """A value the data could well hold: zero, a half, one more or less, double: mostly still valid."""
    if isinstance(value, int):
        return rng.choice((0, 1, value - 1, value + 1, value * 2, value // 2))
    return rng.choice((0.0, 0.5, value + 0.25, value - 0.5, value * 2, round(value / 3, 2)))


def string_like(rng: Random, value: str) -> str:
    """An odd version of `value`: decomposed (NFD), with a control or right-to-left mark, or replaced."""
    choice = rng.randrange(6)
    if choice == 0:
        return unicodedata.normalize("NFD", value) + ("" if value != unicodedata.normalize("NFD", value) else "̀")
    if choice == 1:
        at = rng.randrange(len(value) + 1)
        return value[:at] + rng.choice(("\x07", "\u200f", "\u202e", "\x00", "\u2028", "\t")) + value[at:]
    if choice == 2:
        return value * max(1, 20_000 // max(1, len(value)))
    if choice == 3:
        return f" {value} "
    return rng.choice(ODD_STRINGS)


def moved_date(rng: Random, value: date, periods: tuple[str, ...]) -> Any:
    """A date moved out of its period, a year away, or to an edge of the calendar."""
    years = sorted({int(p[:4]) for p in periods if p[:4].isdigit()})
    choice = rng.randrange(4)
    if choice == 0 and years:
        return date(years[0] - 1, 12, 31)
    if choice == 1 and years:
        return date(years[-1] + 1, 1, 1)
    if choice == 2:
        return value + timedelta(days=rng.choice((-366, -1, 1, 366)))
    return rng.choice(EDGE_DATES)


def wrong_period(rng: Random, periods: tuple[str, ...]) -> Any:
    year = int(periods[0][:4]) if periods else 2023
    return rng.choice(
        (f"{year - 1}", f"{year + 1}", f"{year}-H2", f"{year}-H3", f"{year}-h1", f"{year} ", year, f"{year}-H1", "")
    )


def other_type(rng: Random, value: Any) -> Any:
    """The same place holding another kind of value: str, int, float, bool, null, a list or a map."""
    if rng.random() < 0.2:
        return [value] if rng.random() < 0.5 else {"x": value}
    return rng.choice([v for v in OTHER_TYPES if type(v) is not type(value)])

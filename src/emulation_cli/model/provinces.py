"""The provinces and centrally-run cities `emul init --province` knows (templates/init/provinces.yaml), and how
a cluster folder names each one: the province line, the host body, the place in the date line, the awards."""

from __future__ import annotations

import difflib
import re
from functools import cache
from typing import Literal, NamedTuple

from ..resources import data_dir
from ..text.vietnamese import ascii_slug, collation_key, nfc, strip_diacritics
from .base import Model

PROVINCES_FILE = "provinces.yaml"
# The merged provinces' last full year: the new ones govern from 01/7/2025, so a 2025 tổng kết is theirs.
LAST_YEAR_OF_FORMER_NAMES = 2024
# Words a reader may put before the name: "tỉnh Nghệ An", "Thành phố Hồ Chí Minh", "TP HCM", "TP. Huế".
_PREFIX = re.compile(r"^(tinh|thanhpho|tp)(?=.)")


class Province(Model):
    name: str  # "Nghệ An", "Hồ Chí Minh"
    kind: Literal["tinh", "thanh_pho"]
    date_place: str  # "Nghệ An", "Thành phố Hồ Chí Minh"

    @property
    def full_name(self) -> str:
        """'thành phố Hà Nội', 'tỉnh Nghệ An': the cluster's `province`, as written inside a sentence (the
        documents say "Hội đồng Thi đua – Khen thưởng {province}"). The common noun is lower case (Nghị định
        30/2020, Phụ lục II: "thành phố Thái Nguyên, tỉnh Đắk Lắk"); in "Thành phố Hồ Chí Minh" it is part of
        the name."""
        if self.name == "Hồ Chí Minh":
            return "Thành phố Hồ Chí Minh"
        return f"thành phố {self.name}" if self.kind == "thanh_pho" else f"tỉnh {self.name}"

    @property
    def people_committee(self) -> str:
        """'UBND thành phố Hà Nội', 'UBND tỉnh Nghệ An': as the award names write the body."""
        return f"UBND {self.full_name}"

    @property
    def host_body(self) -> str:
        return self.people_committee.upper()

    @property
    def short(self) -> str:
        """'Thành phố', 'tỉnh': how the cluster's texts refer to the province without repeating its name."""
        return "Thành phố" if self.kind == "thanh_pho" else "tỉnh"

    @property
    def award_suffix(self) -> str:
        return "tp" if self.kind == "thanh_pho" else "tinh"

    @property
    def slug(self) -> str:
        return ascii_slug(self.name)


class FormerProvinceError(LookupError):
    def __init__(self, former: str, successor: Province) -> None:
        super().__init__(former)
        self.former, self.successor = former, successor


class UnknownProvinceError(LookupError):
    def __init__(self, query: str, close: list[Province]) -> None:
        super().__init__(query)
        self.query, self.close = query, close


class _Table(NamedTuple):
    current: dict[str, Province]  # by match_key
    aliases: dict[str, str]  # match_key -> match_key of the province
    former: dict[str, tuple[str, str]]  # match_key -> (the former name, match_key of its successor)


@cache
def _table() -> _Table:
    from ..loading.yamltree import read_yaml_file

    data = read_yaml_file(data_dir("templates") / "init" / PROVINCES_FILE, PROVINCES_FILE).data
    places = {nfc(str(k)): nfc(str(v)) for k, v in data["places"].items()}
    named = [("thanh_pho", nfc(str(n))) for n in data["cities"]] + [("tinh", nfc(str(n))) for n in data["provinces"]]
    return _Table(
        current={match_key(n): Province(name=n, kind=k, date_place=places.get(n, n)) for k, n in named},
        aliases={match_key(str(k)): match_key(str(v)) for k, v in data["aliases"].items()},
        former={match_key(str(k)): (nfc(str(k)), match_key(str(v))) for k, v in data["former"].items()},
    )


def all_provinces() -> list[Province]:
    """The 34, in Vietnamese alphabetical order."""
    return sorted(_table()[0].values(), key=lambda p: collation_key(p.name))


def match_key(text: str) -> str:
    """Accent-, case-, space- and prefix-insensitive: 'TP. Hồ Chí Minh', 'ho chi minh' -> 'hochiminh'."""
    letters = re.sub(r"[^a-z0-9]", "", strip_diacritics(nfc(text)).lower())
    return _PREFIX.sub("", letters)


# Huế became a centrally-run city on 01/01/2025; up to 2024 it was tỉnh Thừa Thiên Huế.
_CITY_SINCE_2025 = {"hue": "Thừa Thiên Huế"}


def same_province(first: str, second: str) -> bool:
    """Two ways of writing one province: accents, case, spaces, a tỉnh/thành phố/TP prefix and the known
    aliases (TP HCM) aside."""
    table = _table()
    keys = [table.aliases.get(match_key(name), match_key(name)) for name in (first, second)]
    return keys[0] == keys[1]


def find_province(query: str, year: int = LAST_YEAR_OF_FORMER_NAMES + 1) -> Province:
    """The province the officer means in the cluster year, or FormerProvinceError / UnknownProvinceError with
    what to write instead. Up to 2024 the provinces merged in 2025 still exist (each was a tỉnh)."""
    table = _table()
    key = match_key(query)
    key = table.aliases.get(key, key)
    if key in table.current:
        if year <= LAST_YEAR_OF_FORMER_NAMES and key in _CITY_SINCE_2025:
            name = _CITY_SINCE_2025[key]
            return Province(name=name, kind="tinh", date_place=name)
        return table.current[key]
    if key in table.former:
        name, successor = table.former[key]
        if year <= LAST_YEAR_OF_FORMER_NAMES:
            return Province(name=name, kind="tinh", date_place=name)
        raise FormerProvinceError(name, table.current[successor])
    keys = difflib.get_close_matches(key, [*table.current, *table.former], n=3, cutoff=0.6)
    close = {k if k in table.current else table.former[k][1] for k in keys}
    raise UnknownProvinceError(query, [p for p in all_provinces() if match_key(p.name) in close])

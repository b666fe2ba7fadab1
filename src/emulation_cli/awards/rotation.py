"""Next year's cụm trưởng and cụm phó under the declared rotation rule."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..ranking.rank import Ranked


@dataclass(frozen=True)
class Rotation:
    rule: str
    next_year: int
    next_truong: str | None
    next_pho: str | None
    declared_truong: str | None  # what cluster.yaml already declares for next year, if anything
    declared_pho: str | None

    @property
    def declared(self) -> bool:
        return self.declared_truong is not None or self.declared_pho is not None

    @property
    def chosen_truong(self) -> str | None:
        """What cluster.yaml declares for next year is the meeting's decision; the rule only proposes."""
        return self.declared_truong if self.declared else self.next_truong

    @property
    def chosen_pho(self) -> str | None:
        return self.declared_pho if self.declared else self.next_pho

    @property
    def declared_breaks_rule(self) -> bool:
        return self.next_truong is not None and self.declared_truong not in (None, self.next_truong)


def rotation(
    rule: str,
    next_year: int,
    this_year: Mapping[str, str],
    declared: Mapping[str, str] | None,
    ranked: list[Ranked],
    next_members: set[str] | None = None,
) -> Rotation:
    """This year's cụm phó leads next year (if still a member); the best-ranked other unit is proposed as
    cụm phó, unless another candidate shares its rank (then the meeting chooses)."""
    truong = this_year.get("cum_truong")
    pho = this_year.get("cum_pho")

    def staying(unit: str) -> bool:
        return next_members is None or unit in next_members

    next_truong = pho if rule == "pho_to_truong" and pho is not None and staying(pho) else None
    candidates = [r for r in ranked if r.unit.id not in {truong, next_truong} and staying(r.unit.id)]
    tied = len(candidates) > 1 and candidates[1].rank == candidates[0].rank
    next_pho = candidates[0].unit.id if rule == "pho_to_truong" and candidates and not tied else None
    chosen = declared or {}
    return Rotation(rule, next_year, next_truong, next_pho, chosen.get("cum_truong"), chosen.get("cum_pho"))

"""Classification (xếp loại) by total and per-criterion floors."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from ..model.rubric import ClassBand, FallbackBand, Rubric

if TYPE_CHECKING:
    from .sheet import CriterionScore


@dataclass(frozen=True)
class Classified:
    band: ClassBand | FallbackBand
    by_total: ClassBand | FallbackBand
    below_floor: tuple[tuple[str, Fraction], ...]  # (top-level criterion, share of its max) that missed the floor

    @property
    def floor(self) -> Fraction:
        """The share of its max each criterion needs for the band the total reaches (0 for the fallback)."""
        return Fraction(getattr(self.by_total, "min_criterion_share", 0))


def classify(rubric: Rubric, total: Fraction, scores: Iterable[CriterionScore]) -> Classified:
    shares = _top_level_shares(rubric, scores)
    bands = rubric.classification.bands
    fallback = rubric.classification.fallback
    by_total_index = next((i for i, b in enumerate(bands) if total >= Fraction(b.min_total)), len(bands))
    by_total = bands[by_total_index] if by_total_index < len(bands) else fallback
    if by_total_index == len(bands):
        return Classified(fallback, fallback, ())
    missed = _below(shares, Fraction(bands[by_total_index].min_criterion_share))
    if not missed:
        return Classified(by_total, by_total, ())
    if rubric.classification.floor_rule == "drop_one_band":
        index = by_total_index + 1
    else:
        index = next(
            (
                i
                for i in range(by_total_index + 1, len(bands))
                if not _below(shares, Fraction(bands[i].min_criterion_share))
            ),
            len(bands),
        )
    band = bands[index] if index < len(bands) else fallback
    return Classified(band, by_total, missed)


def _top_level_shares(rubric: Rubric, scores: Iterable[CriterionScore]) -> dict[str, Fraction]:
    points: dict[str, Fraction] = {}
    for score in scores:
        if score.part == "section":
            points[score.top] = points.get(score.top, Fraction(0)) + score.final
    maxima = {c.id: Fraction(c.max) for s in rubric.sections for c in s.criteria}
    return {cid: points.get(cid, Fraction(0)) / maximum for cid, maximum in maxima.items()}


def _below(shares: dict[str, Fraction], floor: Fraction) -> tuple[tuple[str, Fraction], ...]:
    return tuple((cid, share) for cid, share in shares.items() if share < floor)

"""What separates two neighbours in the ranking: the smallest gain that puts the lower one above, under
the rubric's declared rounding, and the criteria where that gain could still come from."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ..model.rubric import ClassBand, Rounding, Rubric, round_to
from ..scoring.classify import FloorMiss, NodeScores, misses
from ..scoring.criterion import CriterionScore
from ..scoring.sheet import UnitScore


@dataclass(frozen=True)
class Margin:
    """The lower unit ranks above the upper one with `gain` more points in its exact total (with more than
    `gain` when `strict`: under half-even rounding the boundary itself can round down to a tie)."""

    gain: Fraction
    strict: bool

    def suffices(self, gain: Fraction) -> bool:
        return gain > self.gain if self.strict else gain >= self.gain


def gain_to_pass(lower: UnitScore, upper: UnitScore, rounding: Rounding) -> Margin:
    """The smallest gain in the lower unit's exact total after which its rounded total exceeds the upper
    unit's. The rounded total is a step function; its steps lie at a target or half a unit below or a whole
    unit below it (truncating negative values), so the boundary is the first of those that reaches it."""
    unit = Fraction(1, 10**rounding.decimals)
    target = Fraction(upper.total) + unit

    def reaches(value: Fraction) -> bool:
        return Fraction(round_to(value, rounding.decimals, rounding.mode)) >= target

    for boundary in (target - unit, target - unit / 2, target):
        if reaches(boundary):
            return _margin(boundary - lower.total_exact, strict=False)
        if reaches(boundary + unit / 1000):
            return _margin(boundary - lower.total_exact, strict=True)
    return _margin(target - lower.total_exact, strict=False)  # unreachable: `target` itself always reaches


def _margin(gain: Fraction, strict: bool) -> Margin:
    """A gain of 0 stays strict when the lower unit sits on the boundary itself: any gain at all suffices."""
    return Margin(gain, strict) if gain > 0 or (gain == 0 and strict) else Margin(Fraction(0), False)


def headroom(score: UnitScore, margin: Margin, rubric: Rubric) -> list[tuple[CriterionScore, Fraction]]:
    """Criteria where the unit could still gain the margin: below their max (in the total: times the unit's
    rescale factor), bonus within its cap (a past award cannot change), penalty points that could be avoided
    (as far as the capped deduction falls)."""
    penalty_cap = rubric.penalty.limit if rubric.penalty else None
    bonus_cap = rubric.bonus.limit if rubric.bonus else Fraction(0)
    bonus_room = None if bonus_cap is None else bonus_cap - score.bonus
    deducted = sum((c.final for c in score.criteria if c.part == "penalty"), Fraction(0))
    rooms = []
    for criterion in score.criteria:
        if criterion.part == "penalty":
            without = deducted - criterion.final
            room = score.penalty - (min(without, penalty_cap) if penalty_cap is not None else without)
        elif criterion.part == "bonus":
            prior_award = criterion.criterion.method_kind == "prior_award"
            within = criterion.lost if bonus_room is None else min(criterion.lost, bonus_room)
            room = Fraction(0) if prior_award else within
        else:
            room = criterion.lost * score.scale_factor
        if room > 0 and margin.suffices(room):
            rooms.append((criterion, room))
    return rooms


@dataclass(frozen=True)
class BandGap:
    """What the unit lacks to reach the classification band just above the one its total reaches: the points of
    its total, and the floors of that band its points miss now (more points are not enough while any is missed)."""

    band: ClassBand
    gap: Fraction
    floors_missed: tuple[FloorMiss, ...] = ()

    @property
    def nodes_below_floor(self) -> tuple[str, ...]:
        """The nodes below a floor of the band, once each, in the order declared."""
        return tuple(dict.fromkeys(miss.node for miss in self.floors_missed))


def gap_to_next_band(score: UnitScore, rubric: Rubric) -> BandGap | None:
    """None for a rubric without classification, or a total that already reaches the highest band. The bands
    are compared with the rounded total, as the classification is."""
    if rubric.classification is None:
        return None
    total = Fraction(score.total)
    above = [band for band in rubric.classification.bands if Fraction(band.min_total) > total]
    if not above:
        return None
    band = above[-1]  # the bands are listed highest first: the last above is the next one up
    return BandGap(band, Fraction(band.min_total) - total, misses(rubric, band, NodeScores(rubric, score.criteria)))

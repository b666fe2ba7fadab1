"""Covenant commitments: which apply to a unit, and whether each was fulfilled."""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from typing import Literal

from ..membership.roster import Departure
from ..model.assessment import Assessment, CommitmentResult
from ..model.covenant import Commitment, Covenant


class Status(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NO_DATA = "no_data"


@dataclass(frozen=True)
class CommitmentOutcome:
    commitment: Commitment
    result: CommitmentResult | None
    status: Status
    target: Fraction | None  # the target it was judged against: pro rata to the period when it accumulates
    inherited_from: str | None = None  # the merged unit whose commitment passed to this one


@dataclass(frozen=True)
class ClosedCommitment:
    """A unit's own commitment that no member carries on: the unit left and no successor is a member."""

    commitment: Commitment
    departure: Departure


def target_by(commitment: Commitment, elapsed: Fraction) -> Fraction | None:
    """The target by the end of a period of which `elapsed` of the year has passed: a cumulative target is
    taken pro rata, any other as it is. A pro-rata count of whole things is whole too (whole_rounding)."""
    if commitment.target is None:
        return None
    if not commitment.cumulative:
        return Fraction(commitment.target)
    share = Fraction(commitment.target) * elapsed
    rounding = whole_rounding(commitment)
    if rounding is None:
        return share
    return Fraction(math.ceil(share) if rounding == "up" else math.floor(share))


def whole_rounding(commitment: Commitment) -> Literal["up", "down"] | None:
    """How a pro-rata share of a count of whole things is made whole, or None for a measure (a rate, an amount).

    A target is a count when it is a whole number in a unit other than a percentage (3 bài, 5 sáng kiến). Half
    of the year's 3 bài is 1,49 bài by the end of June; nobody sends 1,49 bài, and the officer writes the
    progress target as 2: an "at least" count is rounded up, an "at most" count down, so the target asked at
    mid-year is never easier than the year's pace. For whole-number results this judges exactly as the exact
    share would; the documents say so next to the target (phrase target.pro_rata)."""
    target = commitment.target
    if target is None or target != target.to_integral_value() or (commitment.unit_of_measure or "").strip() == "%":
        return None
    return "down" if commitment.comparison == "at_most" else "up"


def applicable(covenant: Covenant | None, unit: str, predecessors: Collection[str] = ()) -> list[Commitment]:
    """The common commitments, the unit's own and those of the units merged into it, in covenant order."""
    if covenant is None:
        return []
    return [c for c in covenant.commitments if c.unit is None or c.unit == unit or c.unit in predecessors]


def closed(covenant: Covenant | None, departures: Iterable[Departure]) -> list[ClosedCommitment]:
    """The own commitments of units that left with no successor in the cluster to carry them on."""
    if covenant is None:
        return []
    ended = {d.unit: d for d in departures if not any(s.member for s in d.successors)}
    return [ClosedCommitment(c, ended[c.unit]) for c in covenant.commitments if c.unit in ended]


def status_of(commitment: Commitment, result: CommitmentResult | None, elapsed: Fraction = Fraction(1)) -> Status:
    """Met or not. `elapsed` is the share of the year behind us: a cumulative target is compared pro rata."""
    if result is None or (result.actual is None and result.done is None):
        return Status.NO_DATA
    target = target_by(commitment, elapsed)
    if target is None or result.actual is None:
        return Status.MET if result.done else Status.NOT_MET
    actual = Fraction(result.actual)
    if commitment.comparison == "at_most":
        return Status.MET if actual <= target else Status.NOT_MET
    return Status.MET if actual >= target else Status.NOT_MET


def outcomes(
    covenant: Covenant | None,
    assessment: Assessment | None,
    unit: str,
    elapsed: Fraction = Fraction(1),
    predecessors: Collection[str] = (),
) -> list[CommitmentOutcome]:
    results = assessment.commitments if assessment is not None else {}
    return [
        CommitmentOutcome(
            c,
            results.get(c.id),
            status_of(c, results.get(c.id), elapsed),
            target_by(c, elapsed),
            c.unit if c.unit is not None and c.unit != unit else None,
        )
        for c in applicable(covenant, unit, predecessors)
    ]


def feeding(all_outcomes: list[CommitmentOutcome], criterion_id: str) -> list[CommitmentOutcome]:
    """The outcomes that count for a `commitments` criterion: those whose `criterion` names it."""
    return [o for o in all_outcomes if o.commitment.criterion == criterion_id]

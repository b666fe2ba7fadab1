"""The scoring methods of the domain: each turns a criterion's facts into points, exactly.

Besides the points, a computation keeps the inputs it used and the rubric's method it applied, as exact
data (`results.explanations` writes them in the reader's language)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..model.assessment import Facts
from ..model.rubric import (
    BandedMethod,
    CommitmentsMethod,
    Criterion,
    DeductionMethod,
    DoneMethod,
    ManualMethod,
    PerOccurrenceMethod,
    PriorAwardMethod,
    ProportionalMethod,
    StepMethod,
)
from .commitments import CommitmentOutcome, Status
from .exact import ZERO

# A number stays exact, yes/no a bool, an award id or the ids of commitments a str; None: not reported.
InputValue = Fraction | bool | str | None


@dataclass(frozen=True)
class Input:
    """One input of a method: `name` is the fact's key (actual, target, count, done, award, met,
    commitments, not_met)."""

    name: str
    value: InputValue


# The methods that compute points from facts (ManualMethod is entered by hand).
ComputedMethod = (
    DoneMethod
    | ProportionalMethod
    | BandedMethod
    | DeductionMethod
    | StepMethod
    | PerOccurrenceMethod
    | PriorAwardMethod
    | CommitmentsMethod
)


@dataclass(frozen=True)
class Computed:
    """Points computed from facts, with the rubric's method (its parameters as declared), the criterion's
    maximum and the inputs used: what `emul explain` and the score sheets put in words."""

    points: Fraction
    method: ComputedMethod
    maximum: Fraction
    inputs: tuple[Input, ...]

    def input(self, name: str) -> InputValue:
        return next((i.value for i in self.inputs if i.name == name), None)


def compute(criterion: Criterion, facts: Facts | None, commitments: list[CommitmentOutcome]) -> Computed | None:
    """Points of a computed criterion; None for a criterion entered by hand."""
    method = criterion.method
    if method is None or isinstance(method, ManualMethod):
        return None
    maximum = Fraction(criterion.max)
    points, inputs = _points(method, maximum, facts or Facts(), commitments)
    return Computed(points, method, maximum, inputs)


def _points(
    method: ComputedMethod, maximum: Fraction, facts: Facts, commitments: list[CommitmentOutcome]
) -> tuple[Fraction, tuple[Input, ...]]:
    actual = _exact(facts.actual)
    count = _exact(facts.count)
    match method:
        case DoneMethod():
            return (maximum if facts.done else ZERO), (Input("done", facts.done),)
        case ProportionalMethod():
            target = Fraction(method.target)
            share = min(max(actual or ZERO, ZERO) / target, Fraction(1))
            return maximum * share, (Input("actual", actual), Input("target", target))
        case BandedMethod():
            target = Fraction(method.target)
            ratio = (actual or ZERO) / target
            share = next((Fraction(b.share) for b in method.bands if ratio >= Fraction(b.min_ratio)), ZERO)
            return maximum * share, (Input("actual", actual), Input("target", target))
        case DeductionMethod():
            # No count reported: nothing is proven, so nothing is earned.
            points = ZERO if count is None else max(maximum - Fraction(method.per) * count, ZERO)
            return points, (Input("count", count),)
        case StepMethod():
            steps = max(math.floor(((actual or ZERO) - Fraction(method.base)) / Fraction(method.step)), 0)
            return min(Fraction(method.points) * steps, maximum), (Input("actual", actual),)
        case PerOccurrenceMethod():
            return min(Fraction(method.per) * (count or ZERO), maximum), (Input("count", count),)
        case PriorAwardMethod():
            value = Fraction(method.table[facts.award]) if facts.award in method.table else ZERO
            return min(value, maximum), (Input("award", facts.award),)
        case CommitmentsMethod():
            return _commitments(maximum, commitments)


def _commitments(maximum: Fraction, outcomes: list[CommitmentOutcome]) -> tuple[Fraction, tuple[Input, ...]]:
    met = sum(1 for o in outcomes if o.status is Status.MET)
    total = len(outcomes)
    points = maximum * Fraction(met, total) if total else ZERO
    # The ids are listed with ", " (never "," alone), so that a list cannot be mistaken for a decimal.
    not_met = ", ".join(o.commitment.id for o in outcomes if o.status is not Status.MET)
    return points, (Input("met", Fraction(met)), Input("commitments", Fraction(total)), Input("not_met", not_met))


def _exact(value: Decimal | int | None) -> Fraction | None:
    return None if value is None else Fraction(value)

"""The scoring methods of the domain: each turns a criterion's facts into points, exactly.

Besides the points, a computation keeps the inputs it used and the rubric's method it applied, as exact
data (`results.explanations` writes them in the reader's language)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, cast

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
    RelativeMethod,
    StepMethod,
)
from .commitments import CommitmentOutcome, Status
from .exact import ONE, ZERO, at_least, at_most, from_decimal, reaches
from .records import quick_init
from .relative import Reference

NO_FACTS = Facts()  # a criterion without facts reported (a frozen model: one serves every such criterion)

# A number stays exact, yes/no a bool, an award id or the ids of commitments a str; None: not reported.
InputValue = Fraction | bool | str | None


@quick_init
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
    | RelativeMethod
)


@quick_init
@dataclass(frozen=True)
class Computed:
    """Points computed from facts, with the rubric's method (its parameters as declared), the criterion's
    maximum and the inputs used: what `emul explain` and the score sheets put in words."""

    points: Fraction
    method: ComputedMethod
    maximum: Fraction
    inputs: tuple[Input, ...]
    # A method relative to the cluster: the best result above the target and the units that reached it,
    # when the points depend on it (None when no unit is above the target, or for any other method).
    reference: Reference | None = None

    def input(self, name: str) -> InputValue:
        return next((i.value for i in self.inputs if i.name == name), None)


def is_computed(method: object) -> bool:
    """A criterion's points come from its facts by a rule (not entered by hand: no method, or `manual`)."""
    return method is not None and type(method) is not ManualMethod


def compute(
    criterion: Criterion,
    facts: Facts | None,
    commitments: list[CommitmentOutcome],
    reference: Reference | None = None,
) -> Computed | None:
    """Points of a computed criterion; None for a criterion entered by hand. `reference` is the cluster's
    best result for a criterion scored relative to the others."""
    method = criterion.method
    if not is_computed(method):
        return None
    kind = type(method)
    maximum = from_decimal(criterion.max)
    if kind is RelativeMethod:
        return _relative(cast(RelativeMethod, method), maximum, facts or NO_FACTS, reference)
    points, inputs = _METHODS[kind](method, maximum, facts or NO_FACTS, commitments)
    return Computed(points, cast(ComputedMethod, method), maximum, inputs)


def _relative(method: RelativeMethod, maximum: Fraction, facts: Facts, reference: Reference | None) -> Computed:
    """At the target `at_target_share` of the max, the best result above the target the max, linear between;
    below the target a share of the points at the target in proportion to it, or nothing."""
    actual, target, share = _exact(facts.actual), from_decimal(method.target), Fraction(method.at_target_share)
    value = actual if actual is not None else ZERO
    # The unit is one of the cluster's: its own result counts towards the best (alone, it is the best).
    top = value if reference is None else max(reference.value, value)
    best = top if top > target else None
    if value >= target:
        above = ZERO if best is None else (value - target) / (best - target)
        points = maximum * (share + (1 - share) * above)
    elif method.below_target == "proportional":
        points = maximum * share * max(value, ZERO) / target
    else:
        points = ZERO
    used = (
        reference
        if best is not None and value >= target and reference is not None and reference.value == best
        else None
    )
    inputs = (Input("actual", actual), Input("target", target), Input("best", best))
    return Computed(points, method, maximum, inputs, used)


# Each method's points from the facts (a RelativeMethod needs the cluster's reference: `_relative`). Found by the
# method's own class: the rubric's methods are plain models, none a subclass of another, and a dictionary finds
# one at once where matching them one after the other costs a class check each.
Points = tuple[Fraction, tuple[Input, ...]]


def _done(method: DoneMethod, maximum: Fraction, facts: Facts, _commitments: list[CommitmentOutcome]) -> Points:
    return (maximum if facts.done else ZERO), (Input("done", facts.done),)


def _proportional(
    method: ProportionalMethod, maximum: Fraction, facts: Facts, _commitments: list[CommitmentOutcome]
) -> Points:
    actual, target = _exact(facts.actual), from_decimal(method.target)
    share = at_most(at_least(actual or ZERO, ZERO) / target, ONE)
    return maximum * share, (Input("actual", actual), Input("target", target))


def _banded(method: BandedMethod, maximum: Fraction, facts: Facts, _commitments: list[CommitmentOutcome]) -> Points:
    actual, target = _exact(facts.actual), from_decimal(method.target)
    ratio = (actual or ZERO) / target
    share = next((from_decimal(b.share) for b in method.bands if reaches(ratio, from_decimal(b.min_ratio))), ZERO)
    return maximum * share, (Input("actual", actual), Input("target", target))


def _deduction(
    method: DeductionMethod, maximum: Fraction, facts: Facts, _commitments: list[CommitmentOutcome]
) -> Points:
    # No count reported: nothing is proven, so nothing is earned.
    count = _exact(facts.count)
    points = ZERO if count is None else at_least(maximum - from_decimal(method.per) * count, ZERO)
    return points, (Input("count", count),)


def _step(method: StepMethod, maximum: Fraction, facts: Facts, _commitments: list[CommitmentOutcome]) -> Points:
    actual = _exact(facts.actual)
    steps = max(math.floor(((actual or ZERO) - from_decimal(method.base)) / from_decimal(method.step)), 0)
    return at_most(from_decimal(method.points) * steps, maximum), (Input("actual", actual),)


def _per_occurrence(
    method: PerOccurrenceMethod, maximum: Fraction, facts: Facts, _commitments: list[CommitmentOutcome]
) -> Points:
    count = _exact(facts.count)
    return at_most(from_decimal(method.per) * (count or ZERO), maximum), (Input("count", count),)


def _prior_award(
    method: PriorAwardMethod, maximum: Fraction, facts: Facts, _commitments: list[CommitmentOutcome]
) -> Points:
    return _prior_awards(method, maximum, facts.awards)


def _from_commitments(
    _method: CommitmentsMethod, maximum: Fraction, _facts: Facts, commitments: list[CommitmentOutcome]
) -> Points:
    return _commitments(maximum, commitments)


_METHODS: dict[type, Callable[[Any, Fraction, Facts, list[CommitmentOutcome]], Points]] = {
    DoneMethod: _done,
    ProportionalMethod: _proportional,
    BandedMethod: _banded,
    DeductionMethod: _deduction,
    StepMethod: _step,
    PerOccurrenceMethod: _per_occurrence,
    PriorAwardMethod: _prior_award,
    CommitmentsMethod: _from_commitments,
}


def _prior_awards(
    method: PriorAwardMethod, maximum: Fraction, awards: tuple[str, ...]
) -> tuple[Fraction, tuple[Input, ...]]:
    """One award's points from the table; several combined by the rubric's `combine` (their highest, or their
    sum), at most the max. An award not in the table gives nothing."""
    values = [from_decimal(method.table[a]) if a in method.table else ZERO for a in awards]
    combined = (sum(values, ZERO) if method.combine == "sum" else max(values)) if values else ZERO
    shown = ", ".join(awards) if awards else None
    return min(combined, maximum), (Input("award", shown),)


def _commitments(maximum: Fraction, outcomes: list[CommitmentOutcome]) -> tuple[Fraction, tuple[Input, ...]]:
    met = sum(1 for o in outcomes if o.status is Status.MET)
    total = len(outcomes)
    points = maximum * Fraction(met, total) if total else ZERO
    # The ids are listed with ", " (never "," alone), so that a list cannot be mistaken for a decimal.
    not_met = ", ".join(o.commitment.id for o in outcomes if o.status is not Status.MET)
    return points, (Input("met", Fraction(met)), Input("commitments", Fraction(total)), Input("not_met", not_met))


def _exact(value: Decimal | int | None) -> Fraction | None:
    return None if value is None else from_decimal(value)

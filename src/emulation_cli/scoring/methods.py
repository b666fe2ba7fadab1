"""The scoring methods of the domain: each turns a criterion's facts into points, exactly.

Besides the points, each method says which inputs it used and which rule it applied, as exact data
(`text.explanations` writes them in the reader's language)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..model.assessment import Facts
from ..model.rubric import (
    BandedMethod,
    Criterion,
    DeductionMethod,
    DoneMethod,
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


@dataclass(frozen=True)
class DoneRule:
    """maximum if done, else 0."""

    maximum: Fraction


@dataclass(frozen=True)
class ProportionalRule:
    """maximum × min(actual / target, 1)."""

    maximum: Fraction


@dataclass(frozen=True)
class ShareBand:
    min_ratio: Fraction
    share: Fraction


@dataclass(frozen=True)
class BandedRule:
    """maximum × the share of the first band whose min_ratio actual / target reaches (0 if none)."""

    maximum: Fraction
    bands: tuple[ShareBand, ...]


@dataclass(frozen=True)
class DeductionRule:
    """max(maximum − per × count, 0); 0 when no count was reported (`count_missing`)."""

    maximum: Fraction
    per: Fraction
    count_missing: bool


@dataclass(frozen=True)
class StepRule:
    """min(points × ⌊(actual − base) / step⌋, maximum), never below 0."""

    maximum: Fraction
    base: Fraction
    step: Fraction
    points: Fraction


@dataclass(frozen=True)
class PerOccurrenceRule:
    """min(per × count, maximum)."""

    maximum: Fraction
    per: Fraction


@dataclass(frozen=True)
class PriorAwardRule:
    """The award's points in `table` (0 for an award it does not list), at most maximum."""

    maximum: Fraction
    table: tuple[tuple[str, Fraction], ...]


@dataclass(frozen=True)
class CommitmentsRule:
    """maximum × met / commitments (0 without commitments)."""

    maximum: Fraction


Rule = (
    DoneRule
    | ProportionalRule
    | BandedRule
    | DeductionRule
    | StepRule
    | PerOccurrenceRule
    | PriorAwardRule
    | CommitmentsRule
)


@dataclass(frozen=True)
class Computed:
    """Points computed from facts, with the method's kind, the inputs it used and its rule with the exact
    parameters (`steps`), for `emul explain` and the score sheets."""

    points: Fraction
    method: str
    inputs: tuple[Input, ...]
    steps: Rule


def compute(criterion: Criterion, facts: Facts | None, commitments: list[CommitmentOutcome]) -> Computed | None:
    """Points of a computed criterion; None for a criterion entered by hand."""
    method = criterion.method
    maximum = Fraction(criterion.max)
    facts = facts or Facts()
    if isinstance(method, DoneMethod):
        return _done(maximum, facts)
    if isinstance(method, ProportionalMethod):
        return _proportional(maximum, facts, Fraction(method.target))
    if isinstance(method, BandedMethod):
        return _banded(maximum, facts, method)
    if isinstance(method, DeductionMethod):
        return _deduction(maximum, facts, Fraction(method.per))
    if isinstance(method, StepMethod):
        return _step(maximum, facts, method)
    if isinstance(method, PerOccurrenceMethod):
        return _per_occurrence(maximum, facts, Fraction(method.per))
    if isinstance(method, PriorAwardMethod):
        return _prior_award(maximum, facts, method)
    if method is not None and method.kind == "commitments":
        return _commitments(maximum, commitments)
    return None


def _done(maximum: Fraction, facts: Facts) -> Computed:
    points = maximum if facts.done else ZERO
    return Computed(points, "done", (Input("done", facts.done),), DoneRule(maximum))


def _proportional(maximum: Fraction, facts: Facts, target: Fraction) -> Computed:
    actual = _exact(facts.actual) or ZERO
    points = maximum * min(max(actual, ZERO) / target, Fraction(1))
    inputs = (Input("actual", _exact(facts.actual)), Input("target", target))
    return Computed(points, "proportional", inputs, ProportionalRule(maximum))


def _banded(maximum: Fraction, facts: Facts, method: BandedMethod) -> Computed:
    target = Fraction(method.target)
    ratio = (_exact(facts.actual) or ZERO) / target
    bands = tuple(ShareBand(Fraction(b.min_ratio), Fraction(b.share)) for b in method.bands)
    share = next((band.share for band in bands if ratio >= band.min_ratio), ZERO)
    inputs = (Input("actual", _exact(facts.actual)), Input("target", target))
    return Computed(maximum * share, "banded", inputs, BandedRule(maximum, bands))


def _deduction(maximum: Fraction, facts: Facts, per: Fraction) -> Computed:
    count = _exact(facts.count)
    # No count reported: nothing is proven, so nothing is earned.
    points = ZERO if count is None else max(maximum - per * count, ZERO)
    return Computed(points, "deduction", (Input("count", count),), DeductionRule(maximum, per, count is None))


def _step(maximum: Fraction, facts: Facts, method: StepMethod) -> Computed:
    rule = StepRule(maximum, Fraction(method.base), Fraction(method.step), Fraction(method.points))
    actual = _exact(facts.actual) or ZERO
    steps = max(math.floor((actual - rule.base) / rule.step), 0)
    points = min(rule.points * steps, maximum)
    return Computed(points, "step", (Input("actual", _exact(facts.actual)),), rule)


def _per_occurrence(maximum: Fraction, facts: Facts, per: Fraction) -> Computed:
    count = _exact(facts.count)
    points = min(per * (count or ZERO), maximum)
    return Computed(points, "per_occurrence", (Input("count", count),), PerOccurrenceRule(maximum, per))


def _prior_award(maximum: Fraction, facts: Facts, method: PriorAwardMethod) -> Computed:
    table = tuple((award, Fraction(value)) for award, value in method.table.items())
    value = dict(table).get(facts.award, ZERO) if facts.award is not None else ZERO
    return Computed(min(value, maximum), "prior_award", (Input("award", facts.award),), PriorAwardRule(maximum, table))


def _commitments(maximum: Fraction, outcomes: list[CommitmentOutcome]) -> Computed:
    met = sum(1 for o in outcomes if o.status is Status.MET)
    total = len(outcomes)
    points = maximum * Fraction(met, total) if total else ZERO
    # The ids are listed with ", " (never "," alone), so that a list cannot be mistaken for a decimal.
    not_met = ", ".join(o.commitment.id for o in outcomes if o.status is not Status.MET)
    inputs = (Input("met", Fraction(met)), Input("commitments", Fraction(total)), Input("not_met", not_met))
    return Computed(points, "commitments", inputs, CommitmentsRule(maximum))


def _exact(value: Decimal | int | None) -> Fraction | None:
    return None if value is None else Fraction(value)

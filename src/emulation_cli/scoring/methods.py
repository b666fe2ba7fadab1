"""The scoring methods of the domain: each turns a criterion's facts into points, exactly."""

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
from .exact import ZERO, round_to


@dataclass(frozen=True)
class Computed:
    """Points computed from facts, with the inputs used and the rule applied (for `emul explain`)."""

    points: Fraction
    inputs: tuple[tuple[str, str], ...]
    rule: str


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
    return Computed(points, (("done", _yes_no(facts.done)),), f"{_n(maximum)} if done else 0")


def _proportional(maximum: Fraction, facts: Facts, target: Fraction) -> Computed:
    actual = Fraction(facts.actual) if facts.actual is not None else ZERO
    points = maximum * min(max(actual, ZERO) / target, Fraction(1))
    return Computed(points, _inputs(actual=facts.actual, target=target), f"{_n(maximum)} × min(actual / target, 1)")


def _banded(maximum: Fraction, facts: Facts, method: BandedMethod) -> Computed:
    actual = Fraction(facts.actual) if facts.actual is not None else ZERO
    ratio = actual / Fraction(method.target)
    share = next((Fraction(b.share) for b in method.bands if ratio >= Fraction(b.min_ratio)), ZERO)
    bands = ", ".join(f"≥{_n(Fraction(b.min_ratio))}→{_n(Fraction(b.share))}" for b in method.bands)
    return Computed(
        maximum * share,
        _inputs(actual=facts.actual, target=Fraction(method.target)),
        f"{_n(maximum)} × share(actual / target; {bands})",
    )


def _deduction(maximum: Fraction, facts: Facts, per: Fraction) -> Computed:
    if facts.count is None:  # no count reported: nothing is proven, so nothing is earned
        return Computed(ZERO, _inputs(count=None), f"max({_n(maximum)} − {_n(per)} × count, 0); count missing → 0")
    count = facts.count
    return Computed(
        max(maximum - per * count, ZERO), _inputs(count=facts.count), f"max({_n(maximum)} − {_n(per)} × count, 0)"
    )


def _step(maximum: Fraction, facts: Facts, method: StepMethod) -> Computed:
    actual = Fraction(facts.actual) if facts.actual is not None else ZERO
    steps = max(math.floor((actual - Fraction(method.base)) / Fraction(method.step)), 0)
    points = min(Fraction(method.points) * steps, maximum)
    base, step, each = (_n(Fraction(v)) for v in (method.base, method.step, method.points))
    rule = f"min({each} × ⌊(actual − {base}) / {step}⌋, {_n(maximum)})"
    return Computed(points, _inputs(actual=facts.actual), rule)


def _per_occurrence(maximum: Fraction, facts: Facts, per: Fraction) -> Computed:
    count = facts.count or 0
    return Computed(min(per * count, maximum), _inputs(count=facts.count), f"min({_n(per)} × count, {_n(maximum)})")


def _prior_award(maximum: Fraction, facts: Facts, method: PriorAwardMethod) -> Computed:
    value = Fraction(method.table[facts.award]) if facts.award in method.table else ZERO
    return Computed(min(value, maximum), (("award", facts.award or "—"),), f"table[award], at most {_n(maximum)}")


def _commitments(maximum: Fraction, outcomes: list[CommitmentOutcome]) -> Computed:
    met = sum(1 for o in outcomes if o.status is Status.MET)
    total = len(outcomes)
    points = maximum * Fraction(met, total) if total else ZERO
    missed = ",".join(o.commitment.id for o in outcomes if o.status is not Status.MET) or "—"
    inputs = (("met", str(met)), ("commitments", str(total)), ("not met", missed))
    return Computed(points, inputs, f"{_n(maximum)} × met / commitments")


def _inputs(**values: Decimal | Fraction | int | None) -> tuple[tuple[str, str], ...]:
    return tuple((name, "—" if value is None else _n(Fraction(value))) for name, value in values.items())


def _yes_no(value: bool | None) -> str:
    return "—" if value is None else "yes" if value else "no"


def _n(value: Fraction) -> str:
    """A short exact rendering: 20, 0.5, 6/7."""
    if value.denominator == 1:
        return str(value.numerator)
    text = format(round_to(value, 10).normalize(), "f")
    return text if Fraction(text) == value else f"{value.numerator}/{value.denominator}"

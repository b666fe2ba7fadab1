"""A worked example for every scoring method, and the reconciliation of self, appraised and peers' scores."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from emulation_cli.model.assessment import Facts
from emulation_cli.model.cluster import ScoringPolicy
from emulation_cli.model.covenant import Commitment
from emulation_cli.model.rubric import Criterion, round_to
from emulation_cli.scoring.commitments import CommitmentOutcome, Status, status_of, target_by
from emulation_cli.scoring.methods import compute
from emulation_cli.scoring.reconcile import reconcile


def criterion(max_points: str, **method: Any) -> Criterion:
    return Criterion.model_validate({"id": "C.1", "title": "Tiêu chí", "max": Decimal(max_points), "method": method})


def points(crit: Criterion, **facts: Any) -> Fraction:
    computed = compute(crit, Facts.model_validate(facts), [])
    assert computed is not None
    return computed.points


def test_manual_is_not_computed() -> None:
    assert compute(criterion("10", kind="manual"), None, []) is None


@pytest.mark.parametrize(("done", "expected"), [(True, 5), (False, 0), (None, 0)])
def test_done_gives_full_or_zero(done: bool | None, expected: int) -> None:
    assert points(criterion("5", kind="done"), done=done) == expected


@pytest.mark.parametrize(
    ("actual", "expected"), [("98.6", "19.72"), ("100", "20"), ("130", "20"), ("0", "0"), ("-5", "0")]
)
def test_proportional_is_max_times_capped_ratio(actual: str, expected: str) -> None:
    assert points(criterion("20", kind="proportional", target=100), actual=Decimal(actual)) == Fraction(expected)


@pytest.mark.parametrize(
    ("actual", "expected"), [("100", "4"), ("95", "3.2"), ("90", "3.2"), ("89.99", "2.4"), ("79", "0")]
)
def test_banded_takes_the_first_band_reached(actual: str, expected: str) -> None:
    bands = [{"min_ratio": 1, "share": 1}, {"min_ratio": 0.9, "share": 0.8}, {"min_ratio": 0.8, "share": 0.6}]
    crit = criterion("4", kind="banded", target=100, bands=bands)
    assert points(crit, actual=Decimal(actual)) == Fraction(expected)


@pytest.mark.parametrize(("count", "expected"), [(0, "4"), (3, "2.5"), (8, "0"), (20, "0")])
def test_deduction_per_occurrence_is_floored_at_zero(count: int, expected: str) -> None:
    assert points(criterion("4", kind="deduction", per=0.5), count=count) == Fraction(expected)


@pytest.mark.parametrize(
    ("actual", "expected"),
    [("50", "0"), ("250", "0.5"), ("399", "1"), ("7100", "35"), ("7099", "34.5"), ("100000", "35")],
)
def test_step_increment_with_a_cap(actual: str, expected: str) -> None:
    crit = criterion("35", kind="step", base=100, step=100, points=0.5)
    assert points(crit, actual=Decimal(actual)) == Fraction(expected)


def test_per_occurrence_is_capped_at_max() -> None:
    crit = criterion("5", kind="per_occurrence", per=1)
    assert [points(crit, count=n) for n in (0, 3, 9)] == [0, 3, 5]


def test_prior_award_default_table_and_97_plus_10_is_107() -> None:
    crit = criterion("15", kind="prior_award")
    assert points(crit, award="co-thi-dua-tinh") == 10
    assert points(crit, award="co-thi-dua-chinh-phu") == 15
    assert points(crit) == 0
    assert Fraction(97) + points(crit, award="co-thi-dua-tinh") == 107


def _outcome(
    target: str | None, actual: str | None = None, done: bool | None = None, comparison: str = "at_least"
) -> CommitmentOutcome:
    from emulation_cli.model.assessment import CommitmentResult

    commitment = Commitment.model_validate(
        {"id": "g", "text": "t", "target": _dec(target), "comparison": comparison, "criterion": "C.1"}
    )
    result = (
        None
        if actual is None and done is None
        else CommitmentResult.model_validate({"actual": _dec(actual), "done": done})
    )
    return CommitmentOutcome(commitment, result, status_of(commitment, result), target_by(commitment, Fraction(1)))


def _dec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def test_commitment_status() -> None:
    assert _outcome("98", "99").status is Status.MET
    assert _outcome("98", "97.9").status is Status.NOT_MET
    assert _outcome("0", "2", comparison="at_most").status is Status.NOT_MET
    assert _outcome(None, done=True).status is Status.MET
    assert _outcome("98").status is Status.NO_DATA


def test_commitments_share_fulfilled() -> None:
    outcomes = [_outcome("98", "99"), _outcome("98", "90"), _outcome(None, done=True), _outcome("5")]
    computed = compute(criterion("6", kind="commitments"), None, outcomes)
    assert computed is not None and computed.points == Fraction(6 * 2, 4)
    assert compute(criterion("6", kind="commitments"), None, []).points == 0  # type: ignore[union-attr]


def test_exact_sixths_round_once_half_up() -> None:
    assert round_to(Fraction(36, 7), 2) == Decimal("5.14")
    assert round_to(Fraction(2345, 1000), 2) == Decimal("2.35")
    assert round_to(Fraction(2345, 1000), 2, "half_even") == Decimal("2.34")
    assert round_to(Fraction(2349, 1000), 2, "down") == Decimal("2.34")


F = Fraction


@pytest.mark.parametrize(
    ("policy", "self_points", "appraised", "peers", "expected"),
    [
        ("appraised_replaces_self", F(12), F(11), (), F(11)),
        ("appraised_replaces_self", F(12), None, (), F(12)),
        ("appraised_replaces_self", None, None, (), F(0)),
        ("mean_of_peers", F(12), F(11), (F(9), F(10), F(11)), F(10)),
        ("mean_of_peers", F(12), F(11), (), F(11)),
        ("trimmed_mean", None, None, (F(2), F(9), F(10), F(11), F(20)), F(10)),
        ("trimmed_mean", None, None, (F(2), F(10), F(12), F(20)), F(11)),
    ],
)
def test_reconciliation(
    policy: str,
    self_points: Fraction | None,
    appraised: Fraction | None,
    peers: tuple[Fraction, ...],
    expected: Fraction,
) -> None:
    assert reconcile(ScoringPolicy(reconciliation=policy), self_points, appraised, peers) == expected  # type: ignore[arg-type]


def test_a_deduction_without_a_count_earns_nothing() -> None:
    assert points(criterion("4", kind="deduction", per=Decimal("0.5"))) == 0


def test_trimming_needs_at_least_three_scorers() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        ScoringPolicy(trim_min_scorers=2)
    policy = ScoringPolicy(reconciliation="trimmed_mean", trim_min_scorers=3)
    assert reconcile(policy, None, None, (F(1), F(5), F(9))) == 5
    assert reconcile(policy, None, None, (F(1), F(9))) == 5


def test_cumulative_commitments_are_compared_pro_rata() -> None:
    commitment = Commitment.model_validate({"id": "g", "text": "t", "target": Decimal(12), "cumulative": True})
    from emulation_cli.model.assessment import CommitmentResult

    half = CommitmentResult.model_validate({"actual": Decimal(6)})
    assert status_of(commitment, half, Fraction(1, 2)) is Status.MET
    assert status_of(commitment, half) is Status.NOT_MET
    rate = Commitment.model_validate({"id": "r", "text": "t", "target": Decimal(98)})
    assert status_of(rate, CommitmentResult.model_validate({"actual": Decimal(97)}), Fraction(1, 2)) is Status.NOT_MET

"""A computed score's explanation: exact data in the core, words and numbers only in text.explanations."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from emulation_cli import i18n
from emulation_cli.model.assessment import CommitmentResult, Facts
from emulation_cli.model.covenant import Commitment
from emulation_cli.model.rubric import Criterion, ProportionalMethod
from emulation_cli.results.explanations import input_value, inputs_text, rule_text
from emulation_cli.scoring.commitments import CommitmentOutcome, status_of, target_by
from emulation_cli.scoring.methods import Computed, Input, compute

from .conftest import REPO, run_emul

# A decimal point between digits: never in Vietnamese text (criterion ids such as I.3.a have no digit before it).
DECIMAL_POINT = re.compile(r"\d\.\d")
BANDS = [{"min_ratio": 1, "share": 1}, {"min_ratio": Decimal("0.9"), "share": Decimal("0.8")}]


def computed(max_points: str, method: dict[str, Any], **facts: Any) -> Computed:
    crit = Criterion.model_validate({"id": "C.1", "title": "Tiêu chí", "max": Decimal(max_points), "method": method})
    result = compute(crit, Facts.model_validate(facts), [])
    assert result is not None
    return result


def outcome(commitment_id: str, target: str, actual: str) -> CommitmentOutcome:
    commitment = Commitment.model_validate({"id": commitment_id, "text": "t", "target": Decimal(target)})
    result = CommitmentResult.model_validate({"actual": Decimal(actual)})
    return CommitmentOutcome(commitment, result, status_of(commitment, result), target_by(commitment, Fraction(1)))


def commitments_computed() -> Computed:
    crit = Criterion.model_validate({"id": "C.1", "title": "t", "max": Decimal(6), "method": {"kind": "commitments"}})
    outcomes = [outcome("CHUNG.1", "98", "97.5"), outcome("CHUNG.2", "98", "99"), outcome("CHUNG.3", "5", "1")]
    result = compute(crit, None, outcomes)
    assert result is not None
    return result


# (method, facts) of every computed method, with decimals in both the facts and the parameters.
EXAMPLES: dict[str, tuple[str, dict[str, Any], dict[str, Any]]] = {
    "done": ("2.5", {"kind": "done"}, {"done": True}),
    "proportional": ("20", {"kind": "proportional", "target": Decimal("95")}, {"actual": Decimal("97.5")}),
    "banded": ("20", {"kind": "banded", "target": 100, "bands": BANDS}, {"actual": Decimal("92.5")}),
    "deduction": ("5", {"kind": "deduction", "per": Decimal("0.5")}, {"count": 3}),
    "step": ("3", {"kind": "step", "base": Decimal("0.5"), "step": 1, "points": Decimal("0.25")}, {"actual": 7}),
    "per_occurrence": ("5", {"kind": "per_occurrence", "per": Decimal("1.5")}, {"count": 2}),
    "prior_award": ("15", {"kind": "prior_award"}, {"award": "co-thi-dua-tinh"}),
}

EXPECTED = {
    "done": (
        "đã thực hiện: có",
        "2,5 nếu đã thực hiện, không thì 0",
        "done: yes",
        "2.5 if done else 0",
    ),
    "proportional": (
        "thực tế: 97,5; mục tiêu: 95",
        "20 × min(thực tế / mục tiêu, 1)",
        "actual: 97.5; target: 95",
        "20 × min(actual / target, 1)",
    ),
    "banded": (
        "thực tế: 92,5; mục tiêu: 100",
        "20 × tỉ lệ theo mức (thực tế / mục tiêu: ≥ 1 → 1; ≥ 0,9 → 0,8)",
        "actual: 92.5; target: 100",
        "20 × share(actual / target; ≥1→1, ≥0.9→0.8)",
    ),
    "deduction": (
        "số lần: 3",
        "max(5 − 0,5 × số lần, 0)",
        "count: 3",
        "max(5 − 0.5 × count, 0)",
    ),
    "step": (
        "thực tế: 7",
        "min(0,25 × ⌊(thực tế − 0,5) / 1⌋, 3)",
        "actual: 7",
        "min(0.25 × ⌊(actual − 0.5) / 1⌋, 3)",
    ),
    "per_occurrence": (
        "số lần: 2",
        "min(1,5 × số lần, 5)",
        "count: 2",
        "min(1.5 × count, 5)",
    ),
    "prior_award": (
        "khen thưởng đã nhận: co-thi-dua-tinh",
        "điểm của khen thưởng đã nhận theo bảng, tối đa 15",
        "prior award: co-thi-dua-tinh",
        "table[prior award], at most 15",
    ),
    "commitments": (
        "đạt: 1; số cam kết: 3; chưa đạt: CHUNG.1, CHUNG.3",
        "6 × đạt / số cam kết",
        "met: 1; commitments: 3; not met: CHUNG.1, CHUNG.3",
        "6 × met / commitments",
    ),
}


def example(method: str) -> Computed:
    if method == "commitments":
        return commitments_computed()
    max_points, spec, facts = EXAMPLES[method]
    return computed(max_points, spec, **facts)


# ----- the core: exact data, no text ------------------------------------------------------------------


def test_proportional_keeps_its_inputs_and_parameters_exact() -> None:
    result = computed("20", {"kind": "proportional", "target": 95}, actual=Decimal("97.5"))
    assert result.method == ProportionalMethod(kind="proportional", target=Decimal(95))
    assert result.inputs == (Input("actual", Fraction(195, 2)), Input("target", Fraction(95)))
    assert all(type(i.value) is Fraction for i in result.inputs)
    assert (result.maximum, type(result.maximum)) == (Fraction(20), Fraction)


def test_done_is_a_bool_and_a_missing_fact_is_none() -> None:
    assert computed("1", {"kind": "done"}, done=True).inputs == (Input("done", True),)
    assert computed("1", {"kind": "done"}).inputs == (Input("done", None),)
    assert computed("4", {"kind": "deduction", "per": 1}).inputs == (Input("count", None),)


def test_a_computation_keeps_the_rubrics_method_and_its_exact_parameters() -> None:
    """No second copy of a method's parameters: the rule is written from the rubric's own method, whose
    declared decimals are exact (0.9, not 0.8999…), with the deduction's missing count read from its input."""
    banded = example("banded")
    assert banded.method.kind == "banded" and banded.method.bands[1].min_ratio == Decimal("0.9")
    assert rule_text(banded, "en") == "20 × share(actual / target; ≥1→1, ≥0.9→0.8)"
    assert rule_text(example("step"), "en") == "min(0.25 × ⌊(actual − 0.5) / 1⌋, 3)"
    missing = computed("4", {"kind": "deduction", "per": Decimal("0.5")})
    assert missing.input("count") is None and missing.points == 0
    assert rule_text(missing, "en") == "max(4 − 0.5 × count, 0); count missing → 0"
    assert example("prior_award").inputs == (Input("award", "co-thi-dua-tinh"),)
    assert example("prior_award").points == Fraction(10)


def test_commitments_give_counts_and_the_ids_not_met() -> None:
    result = commitments_computed()
    assert result.points == 2
    assert result.inputs == (
        Input("met", Fraction(1)),
        Input("commitments", Fraction(3)),
        Input("not_met", "CHUNG.1, CHUNG.3"),
    )


def test_the_core_holds_numbers_and_yes_no_exactly() -> None:
    for method in ("done", "proportional", "banded", "deduction", "step", "per_occurrence"):
        result = example(method)
        assert result.method.kind == method
        assert all(isinstance(i.value, Fraction | bool) for i in result.inputs)


# ----- the renderer ------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", sorted(EXPECTED))
def test_every_method_in_vietnamese(method: str) -> None:
    result = example(method)
    inputs, rule, _en_inputs, _en_rule = EXPECTED[method]
    assert (inputs_text(result.inputs, "vi"), rule_text(result, "vi")) == (inputs, rule)


@pytest.mark.parametrize("method", sorted(EXPECTED))
def test_every_method_in_english(method: str) -> None:
    result = example(method)
    _vi_inputs, _vi_rule, inputs, rule = EXPECTED[method]
    assert (inputs_text(result.inputs, "en"), rule_text(result, "en")) == (inputs, rule)


@pytest.mark.parametrize("method", sorted(EXPECTED))
def test_no_decimal_point_in_vietnamese(method: str) -> None:
    result = example(method)
    assert not DECIMAL_POINT.search(inputs_text(result.inputs, "vi") + rule_text(result, "vi"))


def test_the_current_language_is_the_default() -> None:
    proportional = computed("2.5", {"kind": "proportional", "target": 100}, actual=50)
    i18n.set_language("vi")
    assert rule_text(proportional) == "2,5 × min(thực tế / mục tiêu, 1)"
    i18n.set_language("en")
    assert rule_text(proportional) == "2.5 × min(actual / target, 1)"
    assert inputs_text((Input("done", False),), "vi") == "đã thực hiện: không"


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        (Fraction(6, 7), "6/7", "6/7"),
        (Fraction(-1, 8), "-0,125", "-0.125"),
        (Fraction(100), "100", "100"),
        (None, "—", "—"),
        ("", "—", "—"),
        (False, "không", "no"),
    ],
)
def test_values(value: Fraction | bool | str | None, vi: str, en: str) -> None:
    assert (input_value(value, "vi"), input_value(value, "en")) == (vi, en)


def test_a_deduction_without_a_count_says_so() -> None:
    result = computed("4", {"kind": "deduction", "per": Decimal("0.5")})
    assert inputs_text(result.inputs, "vi") == "số lần: —"
    assert rule_text(result, "vi") == "max(4 − 0,5 × số lần, 0); không có số lần → 0"
    assert rule_text(result, "en") == "max(4 − 0.5 × count, 0); count missing → 0"


# ----- the outputs -------------------------------------------------------------------------------------


def test_explain_in_vietnamese_writes_vietnamese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    code, out, err = run_emul(["explain", "examples/cum-thi-dua-so-7-2023", "so-yte"], lang="vi")
    assert (code, err) == (0, "")
    flat = " ".join(re.sub(r"[│┃]", " ", out).split())  # the table folds long cells over several lines
    for expected in ("thực tế=98,2; mục tiêu=100", "đã thực hiện=có", "khen thưởng đã nhận=—", "tự chấm=11,50"):
        assert expected in flat
    for english in ("done=yes", "if done", "share(", "count", "actual"):
        assert english not in flat
    assert not DECIMAL_POINT.search(out)


def test_score_sheets_are_vietnamese_whatever_the_cli_language() -> None:
    from emulation_cli.reports.context import inputs_text as sheet_inputs
    from emulation_cli.scoring.sheet import score_period
    from emulation_cli.validation.periods import choose_period
    from emulation_cli.validation.project import load_project

    i18n.set_language("en")
    project = load_project(REPO / "examples" / "cum-thi-dua-so-7-2023")
    scores = score_period(project, choose_period(project, "2023"))
    score = next(s for s in scores.units if s.unit.id == "so-yte")
    shown = {c.criterion.id: sheet_inputs(c) for c in score.criteria}
    assert shown["III.1"] == "thực tế: 98,2; mục tiêu: 100"
    assert shown["IV.4"] == "đã thực hiện: có"
    assert shown["IV.1"] == "đạt: 7; số cam kết: 8; chưa đạt: CHUNG.5"
    assert shown["I.3.a"] == ""

"""Classification with floors, ranking with the tie-break cascade, and properties of both."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from emulation_cli.loading.document import YamlDocument
from emulation_cli.loading.files import Loaded
from emulation_cli.model.assessment import Assessment
from emulation_cli.model.ballot import BallotFile
from emulation_cli.model.cluster import ScoringPolicy
from emulation_cli.model.rubric import Rubric
from emulation_cli.model.units import Unit
from emulation_cli.ranking.rank import rank_units
from emulation_cli.scoring.sheet import UnitScore, score_unit

BANDS = {
    "bands": [
        {"id": "htxs", "label": "Hoàn thành xuất sắc nhiệm vụ", "min_total": 90, "min_criterion_share": 0.85},
        {"id": "htt", "label": "Hoàn thành tốt nhiệm vụ", "min_total": 80, "min_criterion_share": 0.8},
        {"id": "ht", "label": "Hoàn thành nhiệm vụ", "min_total": 70, "min_criterion_share": 0.7},
    ],
    "fallback": {"id": "khtnv", "label": "Không hoàn thành nhiệm vụ"},
}


def rubric(
    tie_breaks: list[dict[str, Any]] | None = None, method: str = "competition", floor_rule: str = "drop_one_band"
) -> Rubric:
    manual = {"kind": "manual", "evidence_required": False}
    return Rubric.model_validate(
        {
            "id": "r",
            "version": "1",
            "title": "R",
            "scale": 100,
            "sections": [
                {
                    "id": "I",
                    "title": "I",
                    "max": 60,
                    "criteria": [
                        {"id": "I.1", "title": "a", "max": 40, "method": manual},
                        {"id": "I.2", "title": "b", "max": 20, "method": manual},
                    ],
                },
                {
                    "id": "II",
                    "title": "II",
                    "max": 40,
                    "criteria": [{"id": "II.1", "title": "c", "max": 40, "method": manual}],
                },
            ],
            "bonus": {
                "id": "TH",
                "title": "Thưởng",
                "cap": 10,
                "criteria": [{"id": "TH.1", "title": "d", "max": 15, "method": {"kind": "prior_award"}}],
            },
            "penalty": {
                "id": "TR",
                "title": "Trừ",
                "cap": 5,
                "criteria": [{"id": "TR.1", "title": "e", "max": 5, "method": {"kind": "per_occurrence", "per": 1}}],
            },
            "classification": {**BANDS, "floor_rule": floor_rule},
            "ranking": {"method": method, "tie_breaks": tie_breaks or []},
        }
    )


def unit_score(
    unit_id: str, rub: Rubric, i1: str, i2: str, ii1: str, award: str | None = None, violations: int = 0
) -> UnitScore:
    entries: dict[str, Any] = {
        "I.1": {"appraised": Decimal(i1)},
        "I.2": {"appraised": Decimal(i2)},
        "II.1": {"appraised": Decimal(ii1)},
        "TH.1": {"facts": {"award": award}},
        "TR.1": {"facts": {"count": violations}},
    }
    assessment = Assessment.model_validate({"unit": unit_id, "period": "2024", "criteria": entries})
    unit = Unit.model_validate(
        {"id": unit_id, "name": unit_id.upper(), "short_name": unit_id, "membership": [{"start": date(2020, 1, 1)}]}
    )
    loaded = Loaded(assessment, YamlDocument(file=f"{unit_id}.yaml", data={}))
    return score_unit(unit, loaded, rub, ScoringPolicy(), [])


def test_97_plus_a_provincial_flag_is_107_above_the_scale() -> None:
    score = unit_score("a", rubric(), "38", "19", "40", award="co-thi-dua-tinh")
    assert score.total_exact == 107 and score.bonus == 10 and score.total == Decimal("107.00")


def test_bonus_and_penalty_are_capped() -> None:
    score = unit_score("a", rubric(), "30", "10", "30", award="co-thi-dua-chinh-phu", violations=9)
    assert (score.bonus, score.penalty, score.total_exact) == (10, 5, 75)


def test_92_points_with_one_criterion_at_84_percent_is_hoan_thanh_tot() -> None:
    score = unit_score("a", rubric(), "40", "16.8", "35.2")  # I.2 at 16.8 / 20 = 84 %
    assert score.total_exact == 92
    assert score.classification.by_total.id == "htxs"
    assert score.classification.band.id == "htt"
    assert score.classification.below_floor == (("I.2", Fraction(84, 100)),)


def test_floor_rules_differ_when_the_lower_band_floor_is_missed_too() -> None:
    dropped = unit_score("a", rubric(), "40", "15", "37").classification  # I.2 at 75 %, total 92
    assert dropped.band.id == "htt"
    highest_met = unit_score("a", rubric(floor_rule="highest_band_met"), "40", "15", "37").classification
    assert highest_met.band.id == "ht"


def test_classification_bands_by_total() -> None:
    rows = [("36", "18", "36"), ("32", "16", "32"), ("28", "14", "28"), ("27.6", "13.8", "27.6")]
    assert [unit_score("a", rubric(), *row).classification.band.id for row in rows] == ["htxs", "htt", "ht", "khtnv"]


def ranks(
    scores: list[UnitScore], rub: Rubric, ballot: BallotFile | None = None
) -> list[tuple[str, int, bool, int | None]]:
    return [
        (r.score.unit.id, r.rank, r.tied, r.separated_from_next.index if r.separated_from_next else None)
        for r in rank_units(tuple(scores), rub, ballot)
    ]


def test_competition_and_dense_ranking_of_equal_totals() -> None:
    for method, expected in (("competition", [1, 2, 2, 4]), ("dense", [1, 2, 2, 3])):
        rub = rubric(method=method)
        scores = [
            unit_score("a", rub, "40", "20", "30"),
            unit_score("b", rub, "40", "20", "20"),
            unit_score("c", rub, "40", "10", "30"),
            unit_score("d", rub, "30", "20", "20"),
        ]
        assert [rank for _u, rank, _t, _s in ranks(scores, rub)] == expected


def test_tie_cascade_resolves_at_each_step_and_reports_it() -> None:
    cascade = [{"kind": "section", "section": "I"}, {"kind": "fewer_penalty"}, {"kind": "more_bonus"}, {"kind": "vote"}]
    rub = rubric(cascade)
    scores = [
        unit_score("by-section", rub, "40", "20", "30"),  # 90: section I 60
        unit_score("by-penalty", rub, "40", "15", "36", violations=1),  # 90: I 55, penalty 1
        unit_score("by-bonus", rub, "40", "15", "30", award="co-thi-dua-tinh", violations=5),  # I 55, +10, -5
        unit_score("by-vote-1", rub, "40", "15", "40", violations=5),  # 90: I 55, penalty 5, no bonus
        unit_score("by-vote-2", rub, "40", "15", "40", violations=5),
    ]
    ballot = BallotFile.model_validate(
        {
            "period": "2024",
            "votes": [
                {"award": "x", "unit": "by-vote-1", "issued": 5, "returned": 5, "valid": 5, "in_favour": 4},
                {"award": "x", "unit": "by-vote-2", "issued": 5, "returned": 5, "valid": 5, "in_favour": 3},
            ],
        }
    )
    assert ranks(scores, rub, ballot) == [
        ("by-section", 1, False, 1),
        ("by-penalty", 2, False, 2),
        ("by-bonus", 3, False, 3),
        ("by-vote-1", 4, False, 4),
        ("by-vote-2", 5, False, None),
    ]


def test_a_tie_the_cascade_cannot_break_stays_a_tie_without_a_ballot() -> None:
    rub = rubric([{"kind": "section", "section": "I"}, {"kind": "vote"}])
    scores = [
        unit_score("zeta", rub, "40", "15", "35"),
        unit_score("alpha", rub, "40", "15", "35"),
        unit_score("top", rub, "40", "20", "35"),
    ]
    assert ranks(scores, rub) == [("top", 1, False, 0), ("alpha", 2, True, None), ("zeta", 2, True, None)]


manual_points = st.decimals(min_value=0, max_value=40, places=2)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(
            manual_points,
            st.decimals(min_value=0, max_value=20, places=2),
            manual_points,
            st.sampled_from([None, "co-thi-dua-tinh"]),
            st.integers(0, 7),
        ),
        min_size=2,
        max_size=8,
    ),
    st.randoms(use_true_random=False),
)
def test_ranking_is_independent_of_input_order(rows: list[tuple[Any, ...]], shuffle: random.Random) -> None:
    rub = rubric([{"kind": "section", "section": "I"}, {"kind": "fewer_penalty"}])
    scores = [unit_score(f"u{i}", rub, str(a), str(b), str(c), award, n) for i, (a, b, c, award, n) in enumerate(rows)]
    reference = ranks(scores, rub)
    shuffled = scores[:]
    shuffle.shuffle(shuffled)
    assert ranks(shuffled, rub) == reference
    for score in scores:
        assert all(0 <= c.final <= c.maximum for c in score.criteria)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(manual_points, manual_points), min_size=2, max_size=6), st.data())
def test_raising_an_appraised_score_never_lowers_total_or_rank(
    rows: list[tuple[Decimal, Decimal]], data: st.DataObject
) -> None:
    rub = rubric([{"kind": "section", "section": "I"}])
    scores = [unit_score(f"u{i}", rub, str(a), "10", str(c)) for i, (a, c) in enumerate(rows)]
    index = data.draw(st.integers(0, len(rows) - 1))
    raise_by = data.draw(st.decimals(min_value=0, max_value=40, places=2))
    a, c = rows[index]
    raised = min(a + raise_by, Decimal(40))
    new = scores[:]
    new[index] = unit_score(f"u{index}", rub, str(raised), "10", str(c))
    before = {u: rank for u, rank, _t, _s in ranks(scores, rub)}
    after = {u: rank for u, rank, _t, _s in ranks(new, rub)}
    assert new[index].total_exact >= scores[index].total_exact
    assert after[f"u{index}"] <= before[f"u{index}"]


def test_a_vote_tie_break_needs_a_vote_for_every_tied_unit() -> None:
    rub = rubric([{"kind": "vote"}])
    scores = [unit_score("voted", rub, "40", "15", "35"), unit_score("not-voted", rub, "40", "15", "35")]
    ballot = BallotFile.model_validate(
        {
            "period": "2024",
            "votes": [{"award": "x", "unit": "voted", "issued": 5, "returned": 5, "valid": 5, "in_favour": 0}],
        }
    )
    assert ranks(scores, rub, ballot) == [("not-voted", 1, True, None), ("voted", 1, True, None)]


def test_a_criterion_tie_break_on_a_penalty_item_prefers_fewer_points() -> None:
    rub = rubric([{"kind": "criterion", "criterion": "TR.1"}])
    scores = [
        unit_score("more-penalty", rub, "40", "16", "36", violations=2),
        unit_score("less-penalty", rub, "40", "15", "36", violations=1),
    ]
    ranked = rank_units(tuple(scores), rub, None)
    assert [r.score.unit.id for r in ranked] == ["less-penalty", "more-penalty"]
    step = ranked[0].separated_from_next
    assert step is not None and (step.above, step.below, step.lower_is_better) == (1, 2, True)


def test_gain_to_pass_follows_the_declared_rounding() -> None:
    from emulation_cli.model.rubric import Rounding
    from emulation_cli.ranking.margins import Margin, gain_to_pass

    rub = rubric()
    upper = unit_score("u", rub, "40", "14", "39.46")  # 93.46
    lower = unit_score("l", rub, "40", "14", "39.39")  # 93.39
    assert gain_to_pass(lower, upper, Rounding()) == Margin(Fraction("0.075"), strict=False)  # 93.465 → 93.47
    assert gain_to_pass(lower, upper, Rounding(mode="down")) == Margin(Fraction("0.08"), strict=False)
    # Half-even: 93.465 rounds to 93.46, a tie; only more than 0.075 puts it above (93.4650…1 → 93.47).
    assert gain_to_pass(lower, upper, Rounding(mode="half_even")) == Margin(Fraction("0.075"), strict=True)
    # Above 93.47 the boundary 93.475 rounds half-even up to 93.48 itself: that gain is enough.
    higher = unit_score("h", rub, "40", "14", "39.47")  # 93.47
    assert gain_to_pass(lower, higher, Rounding(mode="half_even")) == Margin(Fraction("0.085"), strict=False)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["half_up", "half_even", "down"]),
    st.integers(0, 3),
    st.fractions(min_value=-5, max_value=120, max_denominator=4000),
    st.fractions(min_value=-5, max_value=120, max_denominator=4000),
)
def test_the_gain_to_pass_is_the_boundary_of_passing(mode: str, decimals: int, a: Fraction, b: Fraction) -> None:
    """Adding the gain (or just over it, when strict) puts the lower unit's rounded total above the upper
    one's; anything less leaves it at most equal. Checked on the rounding itself, in every declared mode."""
    from dataclasses import replace

    from emulation_cli.model.rubric import Rounding, round_to
    from emulation_cli.ranking.margins import gain_to_pass

    rounding = Rounding(decimals=decimals, mode=mode)
    low_exact, high_exact = min(a, b), max(a, b)
    rub = rubric()
    base = unit_score("x", rub, "40", "14", "39")
    lower = replace(base, total_exact=low_exact, total=round_to(low_exact, decimals, mode))
    upper = replace(base, total_exact=high_exact, total=round_to(high_exact, decimals, mode))

    def above(gain: Fraction) -> bool:
        return round_to(low_exact + gain, decimals, mode) > upper.total

    margin = gain_to_pass(lower, upper, rounding)
    tiny = Fraction(1, 10 ** (decimals + 6))
    if margin.gain == 0:
        assert above(Fraction(0)) or above(tiny)
        return
    assert above(margin.gain + tiny)
    assert above(margin.gain) is not margin.strict
    assert not above(margin.gain - tiny)

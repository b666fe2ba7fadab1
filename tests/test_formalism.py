"""The formalism figures of `emul history`: each definition on small data computed by hand, the cases without
data, a few properties, and the JSON and text of the command on the bundled examples."""

from __future__ import annotations

import json
import unicodedata
from datetime import date
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from emulation_cli.model.cluster import Period
from emulation_cli.model.units import Unit
from emulation_cli.ranking.rank import Basis
from emulation_cli.rollup.formalism import (
    DEFINITIONS,
    SelfScore,
    TitleProposals,
    YearEnd,
    bunching,
    concentration,
    inflation,
    median,
    population_std_dev,
    spread,
    spread_change,
    turns,
)
from emulation_cli.rollup.history import History, PeriodColumn, Standing, UnitHistory

from .conftest import run_emul

CLUSTER_7 = ["examples/cum-thi-dua-so-7-2023", "examples/cum-thi-dua-so-7-2025"]


# ----- small histories made by hand ---------------------------------------------------------------------------
def _column(period_id: str, year: int, provisional: bool = False, basis: Basis = Basis.POINTS) -> PeriodColumn:
    period = Period(
        id=period_id,
        kind="so_ket" if provisional else "tong_ket",
        title=period_id,
        start=date(year, 1, 1),
        end=date(year, 6, 30) if provisional else date(year, 12, 31),
    )
    return PeriodColumn("folder", period, basis, None, None, 2)


def _standing(total: str | None, rank: int, has_assessment: bool = True) -> Standing:
    return Standing(None if total is None else Decimal(total), rank, False, "", "", has_assessment)


def _history(columns: list[PeriodColumn], rows: dict[str, list[Standing | None]]) -> History:
    units = tuple(
        UnitHistory(Unit(id=unit, name=unit.upper(), short_name=unit.upper()), tuple(standings))
        for unit, standings in rows.items()
    )
    return History("cum", "Cụm", tuple(columns), (), units, ())


def _by_rank(*units: str) -> dict[str, Standing]:
    """Units in rank order, each with a made-up total."""
    return {unit: _standing(str(90 - index), index + 1) for index, unit in enumerate(units)}


def _years(*ranks: dict[str, Standing]) -> History:
    """One tổng kết per year from 2021, each with the units' ranks (a unit missing from a year: not a member)."""
    columns = [_column(str(2021 + i), 2021 + i) for i in range(len(ranks))]
    units = sorted({unit for year in ranks for unit in year})
    return _history(columns, {unit: [year.get(unit) for year in ranks] for unit in units})


def _flag(period_id: str, *proposed: str, offered: tuple[str, ...] = ()) -> YearEnd:
    """A year whose Cờ thi đua (declared after a Bằng khen, to show the Cờ is found by its name) went to `proposed`."""
    titles = (
        TitleProposals("bk", "Bằng khen của Chủ tịch UBND tỉnh", (), ()),
        TitleProposals("co", "Cờ thi đua của UBND tỉnh", offered or proposed, proposed),
    )
    return YearEnd(period_id, None, titles)


def _self(unit: str, self_total: str, total: str, *criteria: tuple[str, str]) -> SelfScore:
    return SelfScore(unit, Fraction(self_total), Fraction(total), tuple((c, Fraction(d)) for c, d in criteria))


# ----- bunching -------------------------------------------------------------------------------------------------
def test_spread_of_three_totals_by_hand() -> None:
    """90, 89.5, 80: range 10; 90 and 89.5 are within 1 point of the leader (2 of 3); mean 86.5, squared
    deviations 12.25 + 9 + 42.25 = 63.5, variance 63.5/3 = 21.1667, and 4.6007² = 21.16644 ≤ it < 4.60075² =
    21.16690, so the standard deviation is 4.6007."""
    found = spread("2023", False, 2, {"a": Decimal("90"), "b": Decimal("89.5"), "c": Decimal("80")})
    assert found is not None
    assert found.range == Decimal(10)
    assert found.leader_total == Decimal(90)
    assert (found.within_one_point, found.counted) == (2, 3)
    assert found.share_within_one_point == Fraction(2, 3)
    assert found.std_dev == Decimal("4.6007")


def test_within_one_point_counts_exactly_one_point_behind() -> None:
    found = spread("2023", False, 2, {"a": Decimal("95.00"), "b": Decimal("94.00"), "c": Decimal("93.99")})
    assert found is not None and found.within_one_point == 2


def test_standard_deviation_is_rounded_half_up_at_four_decimals() -> None:
    """0 and 0.0001: the deviation is exactly 0.00005, half way; half up gives 0.0001 (half even would give 0).
    1 and 3: exactly 1."""
    assert population_std_dev([Decimal("0"), Decimal("0.0001")]) == Decimal("0.0001")
    assert population_std_dev([Decimal("1"), Decimal("3")]) == Decimal("1.0000")
    assert population_std_dev([Decimal("7.5")]) == Decimal("0.0000")


def test_the_change_of_each_figure_from_one_year_to_the_next() -> None:
    """2023: 90, 89.5, 80 (range 10, std 4.6007, 2/3 near); 2024: 90, 85 (range 5, std 2.5, 1/2 near)."""
    before = spread("2023", False, 2, {"a": Decimal("90"), "b": Decimal("89.5"), "c": Decimal("80")})
    after = spread("2024", False, 2, {"a": Decimal("90"), "b": Decimal("85")})
    assert before is not None and after is not None
    change = spread_change(before, after)
    assert (change.before, change.after) == ("2023", "2024")
    assert change.range == Decimal(-5)
    assert change.std_dev == Decimal("-2.1007")
    assert change.share_within_one_point == Fraction(1, 2) - Fraction(2, 3)


def test_bunching_compares_year_end_with_year_end_and_mid_year_with_mid_year() -> None:
    columns = [
        _column("2023-H1", 2023, True),
        _column("2023", 2023),
        _column("2024-H1", 2024, True),
        _column("2024", 2024),
    ]
    history = _history(
        columns,
        {
            "a": [_standing("30", 1), _standing("90", 1), _standing("31", 1), _standing("92", 1)],
            "b": [_standing("20", 2), _standing("80", 2), _standing("30", 2), _standing("91", 2)],
        },
    )
    found = bunching(history)
    assert [s.period_id for s in found.spreads] == ["2023-H1", "2023", "2024-H1", "2024"]
    assert [(c.before, c.after, c.range) for c in found.changes] == [
        ("2023", "2024", Decimal(1) - Decimal(10)),
        ("2023-H1", "2024-H1", Decimal(1) - Decimal(10)),
    ]


def test_a_member_without_an_assessment_is_left_out_and_said_so() -> None:
    history = _history(
        [_column("2023", 2023)],
        {"a": [_standing("90", 1)], "b": [_standing("88", 2)], "c": [_standing("0", 3, has_assessment=False)]},
    )
    (found,) = bunching(history).spreads
    assert found.counted == 2 and found.left_out == ("c",)
    assert found.range == Decimal(2)  # not 90: the missing assessment is not a total of 0


def test_a_period_ranked_by_vote_has_no_spread_and_is_named() -> None:
    vote = _column("2025", 2025, basis=Basis.VOTES)
    standing = Standing(None, 1, False, "", "", True, votes=5, valid=7)
    found = bunching(_history([vote], {"a": [standing]}))
    assert found.spreads == () and found.by_vote == ("2025",)


def test_a_period_where_no_one_has_a_total_is_named() -> None:
    history = _history([_column("2023", 2023)], {"a": [_standing("0", 1, has_assessment=False)]})
    found = bunching(history)
    assert found.spreads == () and found.no_totals == ("2023",)
    assert spread("2023", False, 2, {}) is None


# ----- rotation -------------------------------------------------------------------------------------------------
def test_rotation_of_the_lead_and_of_the_flag_by_hand() -> None:
    """2021: A leads, the flag to A (rank 1). 2022: A leads, the flag to C (rank 3, never had it): in turn.
    2023: B leads (1 change), the flag to C again (rank 2, had it): neither. 2024: B leads, no flag passed."""
    history = _years(_by_rank("a", "b", "c"), _by_rank("a", "b", "c"), _by_rank("b", "c", "a"), _by_rank("b", "a", "c"))
    ends = {"2021": _flag("2021", "a"), "2022": _flag("2022", "c"), "2023": _flag("2023", "c"), "2024": _flag("2024")}
    found = turns(history, ends)
    assert [y.leaders for y in found.years] == [("a",), ("a",), ("b",), ("b",)]
    assert found.leader_changes == 1
    assert [[(r.unit_id, r.rank) for r in y.recipients] for y in found.years] == [
        [("a", 1)],
        [("c", 3)],
        [("c", 2)],
        [],
    ]
    assert [(y.to_leader, y.in_turn) for y in found.years] == [
        (True, False),
        (False, True),
        (False, False),
        (False, False),
    ]
    assert (found.top_to_leader, found.top_in_turn) == (1, 1)
    assert found.without_top_award == ("2024",)
    assert found.years[0].top_title == "Cờ thi đua của UBND tỉnh"


def test_a_flag_awaiting_its_vote_is_not_a_recipient() -> None:
    history = _years(_by_rank("a", "b"))
    found = turns(history, {"2021": _flag("2021", offered=("a",))})
    assert found.years[0].recipients == () and found.without_top_award == ("2021",)


def test_tied_leaders_and_a_cluster_without_a_flag() -> None:
    tied = {"a": _standing("90", 1), "b": _standing("90", 1), "c": _standing("80", 3)}
    history = _years(tied, _by_rank("a", "b", "c"))
    no_flag = YearEnd("2021", None, (TitleProposals("bk", "Bằng khen", ("a",), ("a",)),))
    found = turns(history, {"2021": no_flag})  # 2022's proposals are not known
    assert found.years[0].leaders == ("a", "b") and found.years[0].top_title is None
    assert found.leader_changes == 1  # {a, b} then {a}
    assert found.without_top_award == ("2021", "2022")


# ----- self-score inflation ---------------------------------------------------------------------------------------
def test_inflation_and_the_units_consistently_above_the_median_by_hand() -> None:
    """2021: A +2, B 0, C +1 (median 1: A above). 2022: A +3, B +1, C 0, D +5 (median (1 + 3)/2 = 2: A and D
    above). A is above both years; D has no 2021 figure, so it is not considered."""
    history = _years(_by_rank("a", "b", "c"), _by_rank("d", "a", "b", "c"))
    ends = {
        "2021": YearEnd(
            "2021",
            (_self("a", "95", "93", ("I.1", "1.5"), ("I.2", "0.5")), _self("b", "90", "90"), _self("c", "88", "87")),
            (),
        ),
        "2022": YearEnd(
            "2022",
            (_self("a", "96", "93"), _self("b", "91", "90"), _self("c", "87", "87"), _self("d", "99", "94")),
            (),
        ),
    }
    found = inflation(history, ends)
    first, second = found.years
    assert first.median == 1 and second.median == 2
    assert {u.unit_id: u.inflation for u in first.units} == {"a": 2, "b": 0, "c": 1}
    assert [u.unit_id for u in first.units if u.above_median] == ["a"]
    assert [u.unit_id for u in second.units if u.above_median] == ["a", "d"]
    assert next(u for u in first.units if u.unit_id == "a").criteria == (
        ("I.1", Fraction(3, 2)),
        ("I.2", Fraction(1, 2)),
    )
    assert found.consistently_above == ("a",)
    assert found.not_every_year == ("d",)


def test_median_of_an_even_and_an_odd_count() -> None:
    assert median([Fraction(3), Fraction(1), Fraction(2)]) == 2
    assert median([Fraction(1, 4), Fraction(1), Fraction(3, 4), Fraction(0)]) == Fraction(1, 2)


def test_no_self_scores_and_no_assessment_are_not_counted() -> None:
    """2021 is ranked without self scores (by vote); 2022's B has no assessment; 2023's figures are not known."""
    history = _years(_by_rank("a", "b"), _by_rank("a", "b"), _by_rank("a", "b"))
    ends = {"2021": YearEnd("2021", None, ()), "2022": YearEnd("2022", (_self("a", "91", "90"),), ())}
    found = inflation(history, ends)
    assert found.not_counted == ("2021", "2023")
    (year,) = found.years
    assert year.left_out == ("b",) and [u.unit_id for u in year.units] == ["a"]
    assert year.units[0].above_median is False  # alone, it is the median
    assert found.consistently_above == ()


# ----- award concentration ----------------------------------------------------------------------------------------
def test_awards_offered_and_proposed_per_unit_and_year() -> None:
    """2021: A is proposed for the flag, B offered a Bằng khen still awaiting its vote. 2022: B proposed for the
    flag, A for the Bằng khen; C joined in 2022."""
    history = _years(_by_rank("a", "b"), _by_rank("b", "a", "c"))
    ends = {
        "2021": YearEnd(
            "2021",
            None,
            (TitleProposals("co", "Cờ thi đua", ("a",), ("a",)), TitleProposals("bk", "Bằng khen", ("b",), ())),
        ),
        "2022": YearEnd(
            "2022",
            None,
            (TitleProposals("co", "Cờ thi đua", ("b",), ("b",)), TitleProposals("bk", "Bằng khen", ("a",), ("a",))),
        ),
    }
    found = concentration(history, ends)
    assert found.titles == (("co", "Cờ thi đua"), ("bk", "Bằng khen"))
    by_unit = {unit.unit_id: unit for unit in found.units}
    a, b, c = by_unit["a"], by_unit["b"], by_unit["c"]
    assert [(y.offered, y.proposed) for y in a.years] == [(("co",), ("co",)), (("bk",), ("bk",))]
    assert [(y.offered, y.proposed) for y in b.years] == [(("bk",), ()), (("co",), ("co",))]
    assert (a.proposals, b.proposals, c.proposals) == (2, 1, 0)
    assert [y.member for y in c.years] == [False, True]
    assert found.without_proposals == ()


def test_a_year_whose_proposals_are_not_known_is_named() -> None:
    found = concentration(_years(_by_rank("a")), {})
    assert found.without_proposals == ("2021",)
    assert found.units[0].years[0].proposed == () and found.units[0].proposals == 0


# ----- properties ---------------------------------------------------------------------------------------------
_totals = st.lists(
    st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False), min_size=1, max_size=12
)


@given(_totals)
def test_spread_properties(totals: list[Decimal]) -> None:
    found = spread("p", False, 2, {f"u{i}": total for i, total in enumerate(totals)})
    assert found is not None
    assert found.range >= 0
    assert 0 < found.share_within_one_point <= 1
    assert 0 <= found.std_dev <= found.range + Decimal("0.00005")


@given(_totals)
def test_standard_deviation_is_the_root_rounded_once(totals: list[Decimal]) -> None:
    """Against a 60-digit Decimal square root: within half a unit of the last place."""
    with localcontext() as context:
        context.prec = 60
        mean = sum(totals, Decimal(0)) / len(totals)
        root = (sum(((x - mean) ** 2 for x in totals), Decimal(0)) / len(totals)).sqrt()
        assert abs(population_std_dev(totals) - root) <= Decimal("0.00005")


@given(st.lists(st.decimals(min_value=0, max_value=100, places=2), min_size=1, max_size=8))
def test_a_unit_whose_self_score_equals_the_appraisal_has_no_inflation(totals: list[Decimal]) -> None:
    units = [f"u{i}" for i in range(len(totals))]
    history = _years({unit: _standing(str(total), 1) for unit, total in zip(units, totals, strict=True)})
    own = tuple(
        SelfScore(unit, Fraction(total), Fraction(total), ()) for unit, total in zip(units, totals, strict=True)
    )
    (year,) = inflation(history, {"2021": YearEnd("2021", own, ())}).years
    assert year.median == 0 and all(u.inflation == 0 and not u.above_median for u in year.units)


def test_every_definition_is_one_vietnamese_sentence() -> None:
    for key, text in DEFINITIONS.items():
        assert text == unicodedata.normalize("NFC", text), key
        assert text.endswith(".") and text.count(". ") == 0, key


# ----- the command on the examples --------------------------------------------------------------------------------
def _formalism(args: list[str]) -> dict[str, Any]:
    code, out, _err = run_emul(["history", *args, "--format", "json"])
    assert code == 0
    document = json.loads(out)
    assert set(document["formalism"]["definitions"]) == set(DEFINITIONS)
    figures: dict[str, Any] = document["formalism"]
    return figures


def test_history_json_of_cluster_7_by_hand() -> None:
    """From the example files: 2023 totals 97.84, 94.27, 93.46, 93.39, 89.23, 87.75 (range 10.09, only the leader
    within 1 point; mean 92.6567, variance 11.078389, std 3.3284); 2025 totals 97.84, 93.89, 93.36, 88.75 (range
    9.09, variance 10.39085, std 3.2235). Sở GD&ĐT leads both years and is proposed for the Cờ both years.
    Self minus appraised, 2023: 1.25, 1, 1, 0.75, 3, 0.75 (median 1: Sở GD&ĐT and Sở TT&TT above); 2025:
    1.25, 0.75, 1, 0.75 (median 0.875: Sở GD&ĐT and Sở Y tế above)."""
    figures = _formalism(CLUSTER_7)
    spreads = {s["period"]: s for s in figures["bunching"]["periods"]}
    assert {k: spreads["2023"][k] for k in ("range", "std_dev", "within_one_point", "share_within_one_point")} == {
        "range": "10.09",
        "std_dev": "3.3284",
        "within_one_point": 1,
        "share_within_one_point": "1/6",
    }
    assert (spreads["2025"]["range"], spreads["2025"]["std_dev"], spreads["2025"]["share_within_one_point"]) == (
        "9.09",
        "3.2235",
        "0.25",
    )
    assert spreads["2023-H1"]["range"] == "4.37"  # 26.46 − 22.09
    changes = figures["bunching"]["changes"]
    assert {
        "from": "2023",
        "to": "2025",
        "range": "-1.00",
        "std_dev": "-0.1049",
        "share_within_one_point": "1/12",
    } in changes
    rotation = figures["rotation"]
    assert [y["leaders"] for y in rotation["years"]] == [["so-gddt"], ["so-gddt"]]
    assert [y["recipients"] for y in rotation["years"]] == [[{"unit": "so-gddt", "rank": 1}]] * 2
    assert (rotation["leader_changes"], rotation["top_award_to_leader"], rotation["top_award_in_turn"]) == (0, 2, 0)
    years = figures["inflation"]["years"]
    assert [y["median"] for y in years] == ["1", "0.875"]
    assert {u["unit"]: u["inflation"] for u in years[0]["units"]} == {
        "so-gddt": "1.25",
        "so-ldtbxh": "1",
        "so-yte": "1",
        "so-khcn": "0.75",
        "so-tttt": "3",
        "so-vhtt": "0.75",
    }
    assert [u["unit"] for u in years[1]["units"] if u["above_median"]] == ["so-gddt", "so-yte"]
    assert figures["inflation"]["consistently_above"] == ["so-gddt"]
    assert sorted(figures["inflation"]["not_every_year"]) == ["so-khcn", "so-ldtbxh", "so-tp", "so-tttt"]
    awards = {u["unit"]: u for u in figures["awards"]["units"]}
    assert [y["proposed"] for y in awards["so-gddt"]["years"]] == [["co-thi-dua-tp"], ["co-thi-dua-tp"]]
    assert [y["proposed"] for y in awards["so-yte"]["years"]] == [["bang-khen-tp"], []]
    assert [y["proposed"] for y in awards["so-tp"]["years"]] == [[], ["bang-khen-tp"]]
    assert awards["so-tp"]["years"][0]["member"] is False
    assert (awards["so-gddt"]["proposals"], awards["so-vhtt"]["proposals"]) == (2, 0)


def test_history_json_of_a_cluster_ranked_by_vote_says_what_is_not_counted() -> None:
    figures = _formalism(["examples/khoi-binh-xet-2025"])
    assert figures["bunching"] == {"periods": [], "changes": [], "not_counted": {"by_vote": ["2025"], "no_totals": []}}
    assert figures["inflation"]["not_counted"] == ["2025"]
    assert figures["rotation"]["years"][0]["leaders"] == ["ba-dinh"]


def test_history_text_ends_with_the_figures_in_vietnamese() -> None:
    code, out, _err = run_emul(["history", *CLUSTER_7], lang="vi")
    assert code == 0
    tail = out[out.index("Sở TT&TT → sáp nhập") :]
    assert "2023: khoảng cách 10,09, độ lệch chuẩn 3,3284, 1/6 đơn vị cách đơn vị dẫn đầu không quá 1 điểm" in tail
    assert "2023 → 2025: khoảng cách −1,00, độ lệch chuẩn −0,1049" in tail
    assert "  chênh lệch tự chấm so với thẩm định cao hơn trung vị của Cụm ở mọi năm: Sở GD&ĐT\n" in tail
    assert tail.endswith("  số đề nghị được thông qua của từng đơn vị: Sở GD&ĐT 2, Sở Tư pháp 1, Sở Y tế 1\n")


def test_one_unit_text_has_no_cluster_figures() -> None:
    code, out, _err = run_emul(["history", *CLUSTER_7, "--unit", "so-yte"])
    assert code == 0 and "Formalism" not in out


def test_history_csv_is_unchanged_by_the_figures() -> None:
    code, out, _err = run_emul(["history", *CLUSTER_7, "--format", "csv"])
    assert code == 0 and "formalism" not in out and out.startswith("unit_id,short_name,period")

"""The formalism figures of `emul history --format json`: exact numbers as strings (totals and their range at
the totals' decimals, the standard deviation at its declared decimals, other exact values as '0.875' or '2/3'),
with their definitions."""

from __future__ import annotations

from typing import Any

from ..rollup.formalism import (
    DEFINITIONS,
    STD_DEV_DECIMALS,
    Bunching,
    Concentration,
    Formalism,
    Inflation,
    Spread,
    SpreadChange,
    Turns,
    UnitInflation,
    YearInflation,
)
from ..text.numbers import decimal_text, exact_text


def formalism_document(figures: Formalism) -> dict[str, Any]:
    return {
        "definitions": dict(DEFINITIONS),
        "bunching": _bunching(figures.bunching),
        "rotation": _turns(figures.turns),
        "inflation": _inflation(figures.inflation),
        "awards": _concentration(figures.concentration),
    }


def _bunching(found: Bunching) -> dict[str, Any]:
    return {
        "periods": [_spread(s) for s in found.spreads],
        "changes": [_spread_change(c) for c in found.changes],
        "not_counted": {"by_vote": list(found.by_vote), "no_totals": list(found.no_totals)},
    }


def _spread(spread: Spread) -> dict[str, Any]:
    return {
        "period": spread.period_id,
        "provisional": spread.provisional,
        "counted": spread.counted,
        "left_out": list(spread.left_out),
        "leader_total": decimal_text(spread.leader_total, spread.decimals),
        "range": decimal_text(spread.range, spread.decimals),
        "std_dev": decimal_text(spread.std_dev, STD_DEV_DECIMALS),
        "within_one_point": spread.within_one_point,
        "share_within_one_point": exact_text(spread.share_within_one_point),
    }


def _spread_change(change: SpreadChange) -> dict[str, Any]:
    return {
        "from": change.before,
        "to": change.after,
        "range": decimal_text(change.range, change.decimals),
        "std_dev": decimal_text(change.std_dev, STD_DEV_DECIMALS),
        "share_within_one_point": exact_text(change.share_within_one_point),
    }


def _turns(found: Turns) -> dict[str, Any]:
    return {
        "years": [
            {
                "period": year.period_id,
                "year": year.year,
                "leaders": list(year.leaders),
                "top_award": year.top_title,
                "recipients": [{"unit": r.unit_id, "rank": r.rank} for r in year.recipients],
                "to_leader": year.to_leader,
                "in_turn": year.in_turn,
            }
            for year in found.years
        ],
        "leader_changes": found.leader_changes,
        "top_award_to_leader": found.top_to_leader,
        "top_award_in_turn": found.top_in_turn,
        "without_top_award": list(found.without_top_award),
    }


def _inflation(found: Inflation) -> dict[str, Any]:
    return {
        "years": [
            {
                "period": year.period_id,
                "median": exact_text(year.median),
                "units": [_unit_inflation(u, year) for u in year.units],
                "left_out": list(year.left_out),
            }
            for year in found.years
        ],
        "consistently_above": list(found.consistently_above),
        "not_every_year": list(found.not_every_year),
        "not_counted": list(found.not_counted),
    }


def _unit_inflation(unit: UnitInflation, year: YearInflation) -> dict[str, Any]:
    """The two totals as the rubric rounds them (as `emul score` shows them); the differences exact."""
    return {
        "unit": unit.unit_id,
        "self_total": decimal_text(unit.self_total, year.decimals, year.mode),
        "total": decimal_text(unit.total, year.decimals, year.mode),
        "inflation": exact_text(unit.inflation),
        "above_median": unit.above_median,
        "criteria": [{"criterion": c, "difference": exact_text(d)} for c, d in unit.criteria],
    }


def _concentration(found: Concentration) -> dict[str, Any]:
    return {
        "titles": [{"id": i, "name": n} for i, n in found.titles],
        "units": [
            {
                "unit": unit.unit_id,
                "years": [
                    {
                        "period": y.period_id,
                        "member": y.member,
                        "offered": list(y.offered),
                        "proposed": list(y.proposed),
                    }
                    for y in unit.years
                ],
                "proposals": unit.proposals,
            }
            for unit in found.units
        ],
        "without_proposals": list(found.without_proposals),
    }

"""`emul history --format json|csv`: every unit's totals, ranks and classifications across periods, and how
they moved, rendered from the typed history."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..membership.roster import Departure
from ..rollup.formalism import Formalism
from ..rollup.history import Change, ChangeKind, Comparison, History, PeriodColumn, Standing, UnitHistory
from ..text.numbers import decimal_text
from .csv_table import Cell, Figure, csv_text
from .formalism import formalism_document

HISTORY_SCHEMA = "emul.history/1"


def chosen_units(history: History, unit_id: str | None) -> list[UnitHistory]:
    """Every unit, or the one asked for (an unknown unit is refused)."""
    return [history.unit(unit_id)] if unit_id is not None else list(history.units)


def total_text(column: PeriodColumn, standing: Standing) -> str | None:
    """A period's total as its rubric rounded it: '97.84' (the total is already rounded at those decimals);
    None in a period ranked by vote."""
    return None if standing.total is None else decimal_text(standing.total, column.decimals)


def change_decimals(history: History, comparison: Comparison) -> int:
    """A difference of two totals rounded at d1 and d2 decimals is exact at the larger of the two."""
    return max(history.periods[comparison.before].decimals, history.periods[comparison.after].decimals)


def change_text(history: History, comparison: Comparison, change: Change) -> str | None:
    """The change of the total, exact: '1.00', '-1.50'; None beside a period ranked by vote."""
    return None if change.total is None else decimal_text(change.total, change_decimals(history, comparison))


def comparisons_into(history: History, index: int) -> list[Comparison]:
    """The comparisons ending at period number `index`: since the sơ kết, since last year."""
    return [c for c in history.comparisons if c.after == index]


# ----- JSON ---------------------------------------------------------------------------------------------------
def history_document(history: History, units: Sequence[UnitHistory], figures: Formalism) -> dict[str, Any]:
    ids = [column.period.id for column in history.periods]
    return {
        "schema": HISTORY_SCHEMA,
        "cluster": {"id": history.cluster_id, "name": history.cluster_name},
        "periods": [_period(column) for column in history.periods],
        "not_scored": [{"id": c.period.id, "folder": c.folder} for c in history.not_scored],
        "comparisons": [{"kind": c.kind, "from": ids[c.before], "to": ids[c.after]} for c in history.comparisons],
        "units": [_unit(history, item) for item in units],
        "formalism": formalism_document(figures),
    }


def _unit(history: History, item: UnitHistory) -> dict[str, Any]:
    unit = item.unit
    return {
        "unit": {"id": unit.id, "name": unit.name, "short_name": unit.short_name},
        "periods": [_standing(column, s) for column, s in zip(history.periods, item.standings, strict=True)],
        "changes": [_change(history, c, item.change(c)) for c in history.comparisons],
        "ended": _ended(item.ended),
    }


def _ended(departure: Departure | None) -> dict[str, Any] | None:
    """The unit ended (merged, split, dissolved): from when, and the bodies that carry on."""
    if departure is None:
        return None
    return {
        "how": departure.how,
        "from": departure.day.isoformat(),
        "successors": [{"id": s.id, "name": s.name, "member": s.member} for s in departure.successors],
    }


def _period(column: PeriodColumn) -> dict[str, Any]:
    period = column.period
    return {
        "id": period.id,
        "kind": period.kind,
        "title": period.title,
        "year": column.year,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "provisional": column.provisional,
        "folder": column.folder,
        "basis": column.basis.value,
        "rubric": None if column.rubric_id is None else {"id": column.rubric_id, "version": column.rubric_version},
    }


def _standing(column: PeriodColumn, standing: Standing | None) -> dict[str, Any]:
    if standing is None:
        return {
            "period": column.period.id,
            "member": False,
            "total": None,
            "rank": None,
            "tied": None,
            "classification": None,
            "has_assessment": None,
            "votes": None,
            "valid": None,
        }
    return {
        "period": column.period.id,
        "member": True,
        "total": total_text(column, standing),
        "rank": standing.rank,
        "tied": standing.tied,
        "classification": (
            {"id": standing.classification_id, "label": standing.classification_label}
            if standing.classification_id
            else None
        ),
        "has_assessment": None if standing.by_vote else standing.has_assessment,
        "votes": standing.votes,
        "valid": standing.valid,
    }


def _change(history: History, comparison: Comparison, change: Change | None) -> dict[str, Any]:
    return {
        "kind": comparison.kind,
        "from": history.periods[comparison.before].period.id,
        "to": history.periods[comparison.after].period.id,
        "total": None if change is None else change_text(history, comparison, change),
        "rank_from": None if change is None else change.before.rank,
        "rank_to": None if change is None else change.after.rank,
        "places": None if change is None else change.places,
    }


# ----- CSV ----------------------------------------------------------------------------------------------------
CSV_COLUMNS = [
    "unit_id",
    "short_name",
    "period",
    "kind",
    "provisional",
    "total",
    "rank",
    "tied",
    "classification",
    "has_assessment",
    "total_change_since_mid_year",
    "places_since_mid_year",
    "total_change_since_last_year",
    "places_since_last_year",
    "votes",
    "valid",
]


def history_csv(history: History, units: Sequence[UnitHistory]) -> str:
    """One row per unit and period it was a member in; the changes on the tổng kết rows."""
    rows: list[list[Cell]] = [list(CSV_COLUMNS)]
    for item in units:
        for index, standing in enumerate(item.standings):
            if standing is not None:
                rows.append(_csv_row(history, item, index, standing))
    return csv_text(rows)


def _csv_row(history: History, item: UnitHistory, index: int, standing: Standing) -> list[Cell]:
    column = history.periods[index]
    return [
        item.unit.id,
        item.unit.short_name,
        column.period.id,
        column.period.kind,
        _flag(column.provisional),
        _figure(total_text(column, standing)),
        standing.rank,
        _flag(standing.tied),
        standing.classification_id,
        "" if standing.by_vote else _flag(standing.has_assessment),
        *_csv_change(history, item, index, "since_mid_year"),
        *_csv_change(history, item, index, "since_last_year"),
        "" if standing.votes is None else standing.votes,
        "" if standing.valid is None else standing.valid,
    ]


def _csv_change(history: History, item: UnitHistory, index: int, kind: ChangeKind) -> tuple[Cell, Cell]:
    """The change of the total and the places gained, or two empty cells when there is none."""
    for comparison in comparisons_into(history, index):
        change = item.change(comparison)
        if comparison.kind == kind and change is not None:
            return _figure(change_text(history, comparison, change)), change.places
    return "", ""


def _figure(text: str | None) -> Cell:
    return "" if text is None else Figure(text)


def _flag(value: bool) -> str:
    return "true" if value else "false"

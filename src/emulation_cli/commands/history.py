"""emul history: every unit's total, rank and classification at each sơ kết and tổng kết of one or more
folders of one cluster (one folder per year), and how it moved since the sơ kết and since last year."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text

from ..i18n import _, current_language
from ..ranking.rank import rank_text
from ..rollup.history import Change, History, PeriodColumn, Standing, build_history, check_distinct_folders
from ..text.vietnamese import number
from ..validation.project import load_project
from .console import make_table
from .score import safe_cell

HISTORY_SCHEMA = "emul.history/1"
MISSING = "—"


def run(folders: list[Path], unit_id: str | None, output_format: str, console: Console) -> int:
    folders = folders or [Path(".")]
    check_distinct_folders(folders)
    history = build_history([(str(folder), load_project(folder)) for folder in folders])
    document = history_document(history, unit_id)  # an unknown unit is refused here, before any output
    if output_format == "json":
        console.out(json.dumps(document, ensure_ascii=False, indent=2), highlight=False)
    elif output_format == "csv":
        console.out(to_csv(document), highlight=False, end="")
    elif unit_id is not None:
        print_unit(document, console)
    else:
        print_history(document, console)
    return 0


# ----- the document: one shape behind the table, the JSON and the CSV --------------------------------------
def history_document(history: History, unit_id: str | None = None) -> dict[str, Any]:
    units = [history.unit(unit_id)] if unit_id is not None else list(history.units)
    ids = [column.period.id for column in history.periods]
    return {
        "schema": HISTORY_SCHEMA,
        "cluster": {"id": history.cluster_id, "name": history.cluster_name},
        "periods": [_period(column) for column in history.periods],
        "not_scored": [{"id": c.period.id, "folder": c.folder} for c in history.not_scored],
        "comparisons": [{"kind": c.kind, "from": ids[c.before], "to": ids[c.after]} for c in history.comparisons],
        "units": [
            {
                "unit": {"id": item.unit.id, "name": item.unit.name, "short_name": item.unit.short_name},
                "periods": [_standing(period_id, s) for period_id, s in zip(ids, item.standings, strict=True)],
                "changes": [_change(c.kind, ids[c.before], ids[c.after], item.change(c)) for c in history.comparisons],
            }
            for item in units
        ],
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
        "rubric": {"id": column.rubric_id, "version": column.rubric_version},
    }


def _standing(period_id: str, standing: Standing | None) -> dict[str, Any]:
    if standing is None:
        return {
            "period": period_id,
            "member": False,
            "total": None,
            "rank": None,
            "tied": None,
            "classification": None,
            "has_assessment": None,
        }
    return {
        "period": period_id,
        "member": True,
        "total": format(standing.total, "f"),
        "rank": standing.rank,
        "tied": standing.tied,
        "classification": (
            {"id": standing.classification_id, "label": standing.classification_label}
            if standing.classification_id
            else None
        ),
        "has_assessment": standing.has_assessment,
    }


def _change(kind: str, before: str, after: str, change: Change | None) -> dict[str, Any]:
    return {
        "kind": kind,
        "from": before,
        "to": after,
        "total": None if change is None else format(change.total, "f"),
        "rank_from": None if change is None else change.before.rank,
        "rank_to": None if change is None else change.after.rank,
        "places": None if change is None else change.places,
    }


# ----- text ---------------------------------------------------------------------------------------------
def print_history(document: dict[str, Any], console: Console) -> None:
    """One row per unit; per period its total (rank) over its classification; then the changes."""
    comma = current_language() == "vi"
    periods = document["periods"]
    columns = [(_("Unit"), "left")]
    for period in periods:
        columns.append((period["id"] + "\n" + _kind_label(period), "left"))
        columns += [(_change_header(c), "right") for c in _comparisons_into(document, period["id"])]
    table = make_table(_title(document, None), columns)
    for row in document["units"]:
        cells: list[str | Text] = [Text(row["unit"]["short_name"])]
        for period, standing in zip(periods, row["periods"], strict=True):
            cells.append(_standing_cell(standing, comma))
            cells += [_change_cell(_change_of(row, c), comma) for c in _comparisons_into(document, period["id"])]
        table.add_row(*cells)
    console.print(table)
    _print_notes(document, console)


def print_unit(document: dict[str, Any], console: Console) -> None:
    """One unit, one row per period, with the changes on the tổng kết rows."""
    comma = current_language() == "vi"
    row = document["units"][0]
    table = make_table(
        _title(document, row["unit"]["name"]),
        [
            (_("Period"), "left"),
            (_("Review"), "left"),
            (_("Total"), "right"),
            (_("Rank"), "right"),
            (_("Classification"), "left"),
            (_("Δ since mid-year"), "right"),
            (_("Δ since last year"), "right"),
        ],
    )
    for period, standing in zip(document["periods"], row["periods"], strict=True):
        changes = {c["kind"]: _change_of(row, c) for c in _comparisons_into(document, period["id"])}
        table.add_row(
            Text(period["id"]),
            Text(_kind_label(period)),
            *_standing_cells(standing, comma),
            _change_cell(changes["since_mid_year"], comma) if "since_mid_year" in changes else "",
            _change_cell(changes["since_last_year"], comma) if "since_last_year" in changes else "",
        )
    console.print(table)
    _print_notes(document, console)


def _title(document: dict[str, Any], unit_name: str | None) -> str:
    periods = document["periods"]
    span = f"{periods[0]['id']} – {periods[-1]['id']}" if periods else MISSING
    if unit_name is None:
        return _("{cluster}: totals, ranks and classifications, {span}").format(
            cluster=document["cluster"]["name"], span=span
        )
    return _("{cluster} — {unit}: totals, ranks and classifications, {span}").format(
        cluster=document["cluster"]["name"], unit=unit_name, span=span
    )


def _kind_label(period: dict[str, Any]) -> str:
    return _("mid-year (provisional)") if period["provisional"] else _("year-end")


def _change_header(comparison: dict[str, Any]) -> str:
    return f"Δ {comparison['from']} → {comparison['to']}"


def _comparisons_into(document: dict[str, Any], period_id: str) -> list[dict[str, Any]]:
    return [c for c in document["comparisons"] if c["to"] == period_id]


def _change_of(row: dict[str, Any], comparison: dict[str, Any]) -> dict[str, Any]:
    return next(c for c in row["changes"] if (c["kind"], c["to"]) == (comparison["kind"], comparison["to"]))


def _rank(standing: dict[str, Any]) -> str:
    return rank_text(standing["rank"], standing["tied"])


def _total(text: str, comma: bool) -> str:
    return number(Decimal(text), 0, comma)  # a Decimal is shown with the decimals it has


def _classification(standing: dict[str, Any]) -> str:
    if not standing["has_assessment"]:
        return _("no assessment")
    classification = standing["classification"]
    return str(classification["label"]) if classification else _("not classified at sơ kết")


def _standing_cell(standing: dict[str, Any], comma: bool) -> Text:
    if not standing["member"]:
        return Text(MISSING)
    return Text(f"{_total(standing['total'], comma)} ({_rank(standing)})\n{_classification(standing)}")


def _standing_cells(standing: dict[str, Any], comma: bool) -> list[str | Text]:
    if not standing["member"]:
        return [MISSING, MISSING, Text(_("not a member"))]
    return [_total(standing["total"], comma), _rank(standing), Text(_classification(standing))]


def _change_cell(change: dict[str, Any], comma: bool) -> str:
    if change["total"] is None:
        return MISSING
    total = Decimal(change["total"])
    places = int(change["places"])
    moved = f"↑{places}" if places > 0 else f"↓{-places}" if places < 0 else "="
    return f"{'+' if total > 0 else ''}{_total(change['total'], comma)} ({moved})"


def _print_notes(document: dict[str, Any], console: Console) -> None:
    notes = []
    if any(period["provisional"] for period in document["periods"]):
        notes.append(_("Mid-year totals are provisional: scored on what the units had reported by then."))
    if document["comparisons"]:
        notes.append(_("Δ: change of the total; ↑ places gained in the ranking, ↓ places lost."))
    if any(not standing["member"] for row in document["units"] for standing in row["periods"]):
        notes.append(_("—: not a member of the cluster in that period."))
    for note in notes:
        console.print(Text(note))
    if document["not_scored"]:
        periods = ", ".join(item["id"] for item in document["not_scored"])
        console.print(Text(_("Not scored yet (no assessment): {periods}").format(periods=periods), style="yellow"))


# ----- CSV ----------------------------------------------------------------------------------------------
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
]


def to_csv(document: dict[str, Any]) -> str:
    """One row per unit and period it was a member in; the changes on the tổng kết rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in document["units"]:
        for period, standing in zip(document["periods"], row["periods"], strict=True):
            if standing["member"]:
                writer.writerow(_csv_row(document, row, period, standing))
    return buffer.getvalue()


def _csv_row(
    document: dict[str, Any], row: dict[str, Any], period: dict[str, Any], standing: dict[str, Any]
) -> list[Any]:
    changes = {c["kind"]: _change_of(row, c) for c in _comparisons_into(document, period["id"])}

    def change(kind: str, field: str) -> Any:
        value = changes[kind][field] if kind in changes else None
        return "" if value is None else value

    return [
        row["unit"]["id"],
        safe_cell(row["unit"]["short_name"]),
        period["id"],
        period["kind"],
        str(period["provisional"]).lower(),
        standing["total"],
        standing["rank"],
        str(standing["tied"]).lower(),
        (standing["classification"] or {"id": ""})["id"],
        str(standing["has_assessment"]).lower(),
        change("since_mid_year", "total"),
        change("since_mid_year", "places"),
        change("since_last_year", "total"),
        change("since_last_year", "places"),
    ]

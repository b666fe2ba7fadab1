"""emul history: every unit's total, rank and classification at each sơ kết and tổng kết of one or more
folders of one cluster (one folder per year), and how it moved since the sơ kết and since last year."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from rich.console import Console
from rich.text import Text

from ..i18n import _, current_language
from ..model.rubric import Rounding
from ..ranking.rank import Basis, rank_text
from ..results.history import change_decimals, chosen_units, comparisons_into, history_csv, history_document
from ..rollup.formalism import formalism, year_end_facts
from ..rollup.history import (
    Change,
    Comparison,
    History,
    PeriodColumn,
    Standing,
    UnitHistory,
    build_history,
    check_distinct_folders,
)
from ..text.numbers import Numbers
from ..text.terms import departure_words
from ..validation.project import load_project
from .formalism import print_formalism
from .tables import Cell, Column, Kind, print_table

MISSING = "—"


def run_grouped(
    folders: list[Path], unit_id: str | None, output_format: str, console: Console, jobs: int | None = None
) -> int:
    """The folders of one cluster: its history, as `run`. Folders of several clusters (or folders of them): one
    history per cluster, each cluster's folders grouped by the id in its cluster.yaml (commands/many.py)."""
    from ..loading.discovery import clusters_under, find_clusters, group_by_cluster, is_cluster_folder
    from . import many

    if any(not is_cluster_folder(folder) and clusters_under(folder) for folder in folders):
        folders = list(find_clusters(folders, once=False))
    groups = group_by_cluster(folders) if len(folders) > 1 else [folders]
    if len(groups) == 1:
        return run(groups[0], unit_id, output_format, console)
    options = {"unit": unit_id, "format": output_format}
    tasks = [many.Task("history", tuple(group), options) for group in groups]
    return many.run(tasks, output_format, many.jobs_for(jobs, len(tasks)))


def run(folders: list[Path], unit_id: str | None, output_format: str, console: Console) -> int:
    folders = folders or [Path(".")]
    check_distinct_folders(folders)
    projects = [(str(folder), load_project(folder)) for folder in folders]
    if output_format == "csv":
        history = build_history(projects)
        console.out(history_csv(history, chosen_units(history, unit_id)), highlight=False, end="")
        return 0
    known, facts = year_end_facts(projects)
    history = build_history(projects, known)
    units = chosen_units(history, unit_id)  # an unknown unit is refused here, before any output
    figures = formalism(history, facts)
    if output_format == "json":
        document = history_document(history, units, figures)
        console.out(json.dumps(document, ensure_ascii=False, indent=2), highlight=False)
        return 0
    roundings = {label: project.rubric.model.rounding for label, project in projects if project.rubric is not None}
    shown = Shown.of(history, roundings)
    if unit_id is not None:
        print_unit(shown, units[0], console)
    else:
        print_history(shown, console)
        print_formalism(shown, figures, console)
    return 0


@dataclass(frozen=True)
class Shown:
    """The history's numbers as people read them: each period's totals rounded the way its rubric declares,
    with the reader's decimal mark."""

    history: History
    numbers: tuple[Numbers, ...]  # one per period of the history

    @classmethod
    def of(cls, history: History, roundings: Mapping[str, Rounding]) -> Shown:
        """`roundings`: each cluster folder's rubric rounding, by the folder as the officer gave it."""
        comma = current_language() == "vi"
        numbers = (
            Numbers.of(roundings[column.folder], comma) if column.folder in roundings else Numbers(comma=comma)
            for column in history.periods
        )
        return cls(history, tuple(numbers))

    def total(self, index: int, standing: Standing) -> str:
        """The total as its rubric rounds it; in a period ranked by vote, the unit's votes in the ballot."""
        if standing.total is None:
            return _("{votes}/{valid} votes").format(votes=standing.votes, valid=standing.valid)
        return self.numbers[index].points(standing.total)

    def change(self, comparison: Comparison, change: Change | None) -> str:
        """'+1,25 (↑2)', '−0,50 (↓1)', '0,00 (=)'; '↑2' alone beside a period ranked by vote; a dash when
        there is nothing to compare."""
        if change is None:
            return MISSING
        if change.total is None:
            return _moved(change.places)
        exact = replace(self.numbers[comparison.after], decimals=change_decimals(self.history, comparison))
        return f"{exact.signed(change.total)} ({_moved(change.places)})"


# ----- text ---------------------------------------------------------------------------------------------------
def print_history(shown: Shown, console: Console) -> None:
    """One row per unit; per period its total (rank) over its classification; then the changes."""
    history = shown.history
    columns = [Column(_("Unit"), Kind.NAME)]
    for index, column in enumerate(history.periods):
        columns.append(Column(column.period.id + "\n" + _kind_label(column), Kind.TEXT))
        # a change is told with its period: when the width runs out, the columns go below the table from the
        # right, so a change column is never left beside another period than the one it compares
        columns += [Column(_change_header(history, c), Kind.TEXT, right=True) for c in comparisons_into(history, index)]
    rows = []
    for item in history.units:
        cells: list[Cell] = [Text(item.unit.short_name)]
        for index, standing in enumerate(item.standings):
            cells.append(_standing_cell(shown, index, standing))
            cells += [shown.change(c, item.change(c)) for c in comparisons_into(history, index)]
        rows.append(cells)
    print_table(console, _title(history, None), columns, rows)
    _print_notes(history, history.units, console)


def print_unit(shown: Shown, item: UnitHistory, console: Console) -> None:
    """One unit, one row per period, with the changes on the tổng kết rows. A history ranked by vote only
    has no total, classification or mid-year columns."""
    history = shown.history
    points = _any_points(history)
    columns = [Column(_("Period"), Kind.NAME), Column(_("Review"), Kind.NAME)]
    columns.append(Column(_result_header(history), Kind.NUMBER))
    columns.append(Column(_("Rank"), Kind.NUMBER))
    if points:
        columns += [Column(_("Classification"), Kind.TEXT), Column(_("Δ since mid-year"), Kind.NUMBER)]
    columns.append(Column(_("Δ since last year"), Kind.NUMBER))
    rows: list[list[Cell]] = []
    for index, (column, standing) in enumerate(zip(history.periods, item.standings, strict=True)):
        changes = {c.kind: shown.change(c, item.change(c)) for c in comparisons_into(history, index)}
        cells = _standing_cells(shown, index, standing)
        if points:
            cells.append(changes.get("since_mid_year", ""))
        else:
            cells = cells[:2]  # no classification
        rows.append([Text(column.period.id), Text(_kind_label(column)), *cells, changes.get("since_last_year", "")])
    print_table(console, _title(history, item.unit.name), columns, rows)
    _print_notes(history, [item], console)


def _result_header(history: History) -> str:
    """'Total' in a history by points, 'Votes' in one by vote, 'Result' where the two mix."""
    if not _any_points(history):
        return _("Votes")
    return _("Result") if _any_votes(history) else _("Total")


def _any_points(history: History) -> bool:
    return any(column.basis is Basis.POINTS for column in history.periods)


def _any_votes(history: History) -> bool:
    return any(column.basis is Basis.VOTES for column in history.periods)


def _title(history: History, unit_name: str | None) -> str:
    periods = history.periods
    span = f"{periods[0].period.id} – {periods[-1].period.id}" if periods else MISSING
    if periods and not _any_points(history):
        if unit_name is None:
            return _("{cluster}: ranks by the ranking ballot, {span}").format(cluster=history.cluster_name, span=span)
        return _("{cluster} — {unit}: ranks by the ranking ballot, {span}").format(
            cluster=history.cluster_name, unit=unit_name, span=span
        )
    if unit_name is None:
        return _("{cluster}: totals, ranks and classifications, {span}").format(cluster=history.cluster_name, span=span)
    return _("{cluster} — {unit}: totals, ranks and classifications, {span}").format(
        cluster=history.cluster_name, unit=unit_name, span=span
    )


def _kind_label(column: PeriodColumn) -> str:
    return _("mid-year (provisional)") if column.provisional else _("year-end")


def _change_header(history: History, comparison: Comparison) -> str:
    before, after = history.periods[comparison.before], history.periods[comparison.after]
    return f"Δ {before.period.id} → {after.period.id}"


def _classification(standing: Standing) -> str:
    if not standing.has_assessment:
        return _("no assessment")
    return standing.classification_label if standing.classification_id else _("not classified at sơ kết")


def _standing_cell(shown: Shown, index: int, standing: Standing | None) -> Text:
    if standing is None:
        return Text(MISSING)
    rank = rank_text(standing.rank, standing.tied)
    if standing.by_vote:  # no classification: the votes and the rank say it all
        return Text(f"{shown.total(index, standing)} ({rank})")
    return Text(f"{shown.total(index, standing)} ({rank})\n{_classification(standing)}")


def _standing_cells(shown: Shown, index: int, standing: Standing | None) -> list[str | Text]:
    if standing is None:
        return [MISSING, MISSING, Text(_("not a member"))]
    rank = rank_text(standing.rank, standing.tied)
    classification = MISSING if standing.by_vote else _classification(standing)  # a vote classifies no one
    return [shown.total(index, standing), rank, Text(classification)]


def _moved(places: int) -> str:
    return f"↑{places}" if places > 0 else f"↓{-places}" if places < 0 else "="


def _print_notes(history: History, units: Sequence[UnitHistory], console: Console) -> None:
    notes = []
    if any(column.provisional for column in history.periods):
        notes.append(_("Mid-year totals are provisional: scored on what the units had reported by then."))
    if history.comparisons and _any_points(history):
        notes.append(_("Δ: change of the total; ↑ places gained in the ranking, ↓ places lost."))
    elif history.comparisons:
        notes.append(_("Δ: ↑ places gained in the ranking, ↓ places lost."))
    if any(standing is None for item in units for standing in item.standings):
        notes.append(_("—: not a member of the cluster in that period."))
    for note in notes:
        console.print(Text(note))
    for item in units:
        if item.ended is not None:
            words = departure_words(item.ended)
            console.print(Text(f"{item.unit.short_name} → {words}"))
    not_scored = [c.period.id for c in history.not_scored if c.basis is Basis.POINTS]
    not_voted = [c.period.id for c in history.not_scored if c.basis is Basis.VOTES]
    if not_scored:
        message = _("Not scored yet (no assessment): {periods}").format(periods=", ".join(not_scored))
        console.print(Text(message, style="yellow"))
    if not_voted:
        message = _("Not ranked yet (no counted ranking ballot): {periods}").format(periods=", ".join(not_voted))
        console.print(Text(message, style="yellow"))

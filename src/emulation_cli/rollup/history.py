"""A cluster's history across periods and years: every unit's total, rank and classification at each sơ kết
and tổng kết of one or more cluster folders (one folder per year), and how it moved since the sơ kết and
since the previous year. Plain data only: the command and the workbook lay it out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Literal

from ..errors import UsageError
from ..i18n import _
from ..membership.roster import Departure
from ..model.cluster import Period
from ..model.units import Unit
from ..ranking.rank import Basis, Ranked
from ..ranking.standings import Standings, standings
from ..text.vietnamese import collation_key
from ..validation.project import Project
from ..writing.paths import resolve_argument

ChangeKind = Literal["since_mid_year", "since_last_year"]


@dataclass(frozen=True)
class PeriodColumn:
    """One period of one cluster folder, as a column of the history."""

    folder: str  # the folder as the officer gave it
    period: Period
    basis: Basis  # what the period's ranking rests on: points, or the ranking ballot
    rubric_id: str | None  # None in a cluster ranked by vote
    rubric_version: str | None
    decimals: int  # of the totals (points only)

    @property
    def provisional(self) -> bool:
        """At sơ kết the scores are provisional: only what was reported by mid-year."""
        return self.period.kind == "so_ket"

    @property
    def year(self) -> int:
        return self.period.end.year


@dataclass(frozen=True)
class Standing:
    """A unit's place in one period: by its total (and classification), or by its votes in the ranking ballot."""

    total: Decimal | None  # None when the period ranks by vote
    rank: int
    tied: bool
    classification_id: str
    classification_label: str
    has_assessment: bool  # a period ranked by vote: its ranking ballot was counted
    votes: int | None = None  # the ranking ballot: the valid ballots that named the unit, of `valid`
    valid: int | None = None

    @property
    def by_vote(self) -> bool:
        return self.votes is not None


@dataclass(frozen=True)
class Comparison:
    """Two periods compared: `before` and `after` are indices into the history's periods."""

    kind: ChangeKind
    before: int
    after: int


@dataclass(frozen=True)
class Change:
    before: Standing
    after: Standing

    @property
    def total(self) -> Decimal | None:
        """The change of the total; None when either period ranks by vote (votes of two ballots do not compare)."""
        if self.before.total is None or self.after.total is None:
            return None
        return self.after.total - self.before.total

    @property
    def places(self) -> int:
        """Places gained in the ranking (negative: places lost)."""
        return self.before.rank - self.after.rank


@dataclass(frozen=True)
class UnitHistory:
    unit: Unit
    standings: tuple[Standing | None, ...]  # one per period of the history; None: not a member then
    ended: Departure | None = None  # merged, split or dissolved: who carries on, and from when

    def change(self, comparison: Comparison) -> Change | None:
        before, after = self.standings[comparison.before], self.standings[comparison.after]
        if before is None or after is None or not (before.has_assessment and after.has_assessment):
            return None  # a change from or to a missing assessment would only measure the missing file
        return Change(before, after)


@dataclass(frozen=True)
class History:
    cluster_id: str
    cluster_name: str
    periods: tuple[PeriodColumn, ...]  # in time order; only periods with at least one assessment
    comparisons: tuple[Comparison, ...]
    units: tuple[UnitHistory, ...]
    not_scored: tuple[PeriodColumn, ...]  # declared periods without any assessment yet

    def unit(self, unit_id: str) -> UnitHistory:
        for item in self.units:
            if item.unit.id == unit_id:
                return item
        raise UsageError(
            _("there is no unit '{unit}' in these periods").format(unit=unit_id),
            hint=_("units: {ids}").format(ids=", ".join(sorted(u.unit.id for u in self.units))),
        )


def check_distinct_folders(folders: Sequence[Path]) -> None:
    """The same cluster folder given twice (under any spelling) would count its periods twice."""
    seen: set[Path] = set()
    for folder in folders:
        key = resolve_argument(folder)
        if key in seen:
            raise UsageError(
                _("the folder {folder} is given twice").format(folder=folder), hint=_("give each cluster folder once")
            )
        seen.add(key)


def build_history(projects: Sequence[tuple[str, Project]], known: Mapping[str, Standings] | None = None) -> History:
    """The history of the cluster folders `projects` (each as the officer named it, and its project).
    `known` gives standings already computed, by period id (period ids are unique across the folders). The
    sơ kết of a cluster ranked by vote is left out: it holds no ranking ballot, so it has no ranking."""
    _check_one_cluster(projects)
    _check_period_ids(projects)
    entries = sorted(
        ((label, project, period) for label, project in projects for period in project.cluster.model.periods),
        key=lambda entry: _time_key(entry[2]),
    )
    columns: list[PeriodColumn] = []
    not_scored: list[PeriodColumn] = []
    places: list[dict[str, Standing]] = []
    units: dict[str, Unit] = {}
    ended: dict[str, Departure] = {}
    for label, project, period in entries:
        for departure in project.departed(period):  # a unit that ended is followed to its successors
            if departure.how is not None:
                ended[departure.unit] = departure
                units.setdefault(departure.unit, project.unit(departure.unit))
        if project.ranks_by_vote and period.kind == "so_ket":
            continue
        column = _column(label, project, period)
        found = (known or {}).get(period.id)
        found = standings(project, period) if found is None else found
        if not found.has_results:
            not_scored.append(column)
            continue
        columns.append(column)
        places.append({item.unit.id: _standing(item, period) for item in found.ranked})
        units.update({item.unit.id: item.unit for item in found.ranked})  # the latest folder's names win
    latest = max(
        (project for _label, project in projects), key=lambda p: max(_time_key(q) for q in p.cluster.model.periods)
    )
    return History(
        cluster_id=latest.cluster.model.id,
        cluster_name=latest.cluster.model.name,
        periods=tuple(columns),
        comparisons=_comparisons(columns),
        units=_unit_histories(units, places, ended),
        not_scored=tuple(not_scored),
    )


def _check_one_cluster(projects: Sequence[tuple[str, Project]]) -> None:
    if not projects:
        raise UsageError(_("give at least one cluster folder"))
    first_label, first = projects[0]
    for label, project in projects[1:]:
        if project.cluster.model.id != first.cluster.model.id:
            raise UsageError(
                _("{folder} is cluster '{cluster}', but {first} is cluster '{first_cluster}'").format(
                    folder=label,
                    cluster=project.cluster.model.id,
                    first=first_label,
                    first_cluster=first.cluster.model.id,
                ),
                hint=_("give the folders of one cluster, one folder per year"),
            )


def _check_period_ids(projects: Sequence[tuple[str, Project]]) -> None:
    declared: dict[str, str] = {}
    for label, project in projects:
        for period in project.cluster.model.periods:
            if period.id in declared:
                raise UsageError(
                    _("period '{period}' is declared both in {first} and in {second}").format(
                        period=period.id, first=declared[period.id], second=label
                    ),
                    hint=_("each period belongs to one cluster folder: give one folder per year"),
                )
            declared[period.id] = label


def _time_key(period: Period) -> tuple[object, ...]:
    """Time order: by the period's end; on the same day the sơ kết before the tổng kết."""
    return period.end, period.kind == "tong_ket", period.start, period.id


def _column(label: str, project: Project, period: Period) -> PeriodColumn:
    if project.rubric is None:
        return PeriodColumn(label, period, Basis.VOTES, None, None, 0)
    rubric = project.rubric.model
    return PeriodColumn(label, period, Basis.POINTS, rubric.id, rubric.version, rubric.rounding.decimals)


def _standing(item: Ranked, period: Period) -> Standing:
    """A sơ kết total is provisional, so it is not classified: the bands are for the year's whole score."""
    if item.basis is Basis.VOTES:
        tally = item.tally
        return Standing(None, item.rank, item.tied, "", "", True, tally.votes, tally.valid)
    classified = item.score.classification
    shown = period.kind == "tong_ket" and classified is not None
    return Standing(
        item.score.total,
        item.rank,
        item.tied,
        classified.band.id if shown and classified else "",
        classified.band.label if shown and classified else "",
        item.score.has_assessment,
    )


def _comparisons(columns: Sequence[PeriodColumn]) -> tuple[Comparison, ...]:
    """For each tổng kết: the latest sơ kết of the same year, and the tổng kết of the year before."""
    found: list[Comparison] = []
    for index, column in enumerate(columns):
        if column.provisional:
            continue
        mid_year = _latest(columns[:index], provisional=True, year=column.year)
        last_year = _latest(columns[:index], provisional=False, year=column.year - 1)
        if mid_year is not None:
            found.append(Comparison("since_mid_year", mid_year, index))
        if last_year is not None:
            found.append(Comparison("since_last_year", last_year, index))
    return tuple(found)


def _latest(columns: Sequence[PeriodColumn], provisional: bool, year: int) -> int | None:
    """The index of the last column of that kind and year."""
    matches = [i for i, column in enumerate(columns) if column.provisional is provisional and column.year == year]
    return matches[-1] if matches else None


def _unit_histories(
    units: Mapping[str, Unit], places: Sequence[Mapping[str, Standing]], ended: Mapping[str, Departure]
) -> tuple[UnitHistory, ...]:
    """Every unit seen in any period, by its rank in the latest period, then in the one before, and so on;
    units tied throughout in Vietnamese dictionary order of their names (the id only settles equal names)."""

    def order(unit_id: str) -> tuple[object, ...]:
        ranks = tuple((0, p[unit_id].rank) if unit_id in p else (1, 0) for p in reversed(places))
        return (*ranks, collation_key(units[unit_id].name), unit_id)

    return tuple(
        UnitHistory(units[unit_id], tuple(p.get(unit_id) for p in places), ended.get(unit_id))
        for unit_id in sorted(units, key=order)
    )

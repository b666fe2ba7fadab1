"""Everything a period's documents need, computed once: scores, ranking, awards and covenant progress."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

from ..awards.period import AwardsResult, award_proposals
from ..membership.roster import Departure
from ..model.cluster import Period
from ..ranking.rank import Ranked
from ..rollup.history import History, build_history
from ..rubrics.versions import RubricIdentity, identify_loaded
from ..scoring.progress import UnitProgress, period_progress
from ..scoring.sheet import PeriodScores, UnitScore, score_period
from ..validation.fingerprint import inputs_hash
from ..validation.project import Project


@dataclass(frozen=True)
class WorkbookFacts:
    """What the workbook shows beyond the period's results: its audit sheet's fingerprints and the rubric's
    commit (git), and the course of the year (the standings at every period up to this one)."""

    rubric_identity: RubricIdentity
    inputs_hash: str
    history: History | None  # None at sơ kết: the course of the year is drawn at its end


@dataclass(frozen=True)
class PeriodData:
    project: Project
    period: Period
    scores: PeriodScores
    ranked: tuple[Ranked, ...] | None  # None at sơ kết: no ranking before the year's end
    awards: AwardsResult | None
    progress: tuple[UnitProgress, ...]
    workbook: WorkbookFacts | None = None  # gathered only when the workbook is written
    departed: tuple[Departure, ...] = ()  # units that left during the period: not ranked, reported apart

    @property
    def is_year(self) -> bool:
        return self.period.kind == "tong_ket"

    def ordered_scores(self) -> tuple[UnitScore, ...]:
        """In rank order at the year's end, in the declared member order at sơ kết."""
        if self.ranked is not None:
            return tuple(item.score for item in self.ranked)
        return self.scores.units

    def ranked_of(self, unit_id: str) -> Ranked | None:
        return self._by_unit.get(unit_id)

    @cached_property
    def _by_unit(self) -> dict[str, Ranked]:
        return {r.score.unit.id: r for r in self.ranked or ()}


def gather(project: Project, period: Period, workbook: bool = True) -> PeriodData:
    """Everything computed once, before any document is rendered (renderers never compute or call git)."""
    progress = period_progress(project, period)
    if period.kind == "so_ket":
        data = PeriodData(project, period, score_period(project, period), None, None, progress)
    else:
        scores, ranked, awards = award_proposals(project, period)
        data = PeriodData(project, period, scores, tuple(ranked), awards, progress)
    data = replace(data, departed=project.departed(period))
    return replace(data, workbook=_workbook_facts(data)) if workbook else data


def _workbook_facts(data: PeriodData) -> WorkbookFacts:
    project, period = data.project, data.period
    history = build_history([(str(project.root), project)], {period.id: data.ranked or ()}) if data.is_year else None
    return WorkbookFacts(identify_loaded(project.rubric, with_commit=True), inputs_hash(project), history)

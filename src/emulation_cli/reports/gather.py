"""Everything a period's documents need, computed once: scores, ranking, awards and covenant progress."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

from ..awards.period import AwardsResult, award_proposals
from ..errors import InternalError
from ..membership.roster import Departure
from ..model.cluster import Period
from ..model.rubric import Rubric
from ..model.units import Unit
from ..ranking.rank import Ranked
from ..ranking.standings import Standings
from ..rollup.formalism import Formalism, formalism, year_end_facts
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

    rubric_identity: RubricIdentity | None  # None in a cluster ranked by vote
    inputs_hash: str
    history: History | None  # None at sơ kết (the course of the year is drawn at its end), and by vote


@dataclass(frozen=True)
class PeriodData:
    project: Project
    period: Period
    scores: PeriodScores | None  # every unit's points (provisional at sơ kết); None in a cluster ranked by vote
    ranking: Standings | None  # None at sơ kết: no ranking before the year's end
    awards: AwardsResult | None
    progress: tuple[UnitProgress, ...]
    workbook: WorkbookFacts | None = None  # gathered only when the workbook is written
    departed: tuple[Departure, ...] = ()  # units that left during the period: not ranked, reported apart
    # Over the folder's periods and the earlier years' given: only when the overview page is written.
    formalism: Formalism | None = None
    years: History | None = None

    @property
    def is_year(self) -> bool:
        return self.period.kind == "tong_ket"

    @property
    def by_vote(self) -> bool:
        """The cluster ranks by the ranking ballot: the documents show votes, never points."""
        return self.project.ranks_by_vote

    @property
    def ranked(self) -> tuple[Ranked, ...] | None:
        return self.ranking.ranked if self.ranking is not None else None

    @property
    def rubric(self) -> Rubric | None:
        return self.scores.rubric if self.scores is not None else None

    def ordered_units(self) -> tuple[Unit, ...]:
        """In rank order at the year's end, in the declared member order at sơ kết."""
        if self.ranked is not None:
            return tuple(item.unit for item in self.ranked)
        return tuple(self.project.unit(unit_id) for unit_id in self.project.members(self.period))

    def ordered_scores(self) -> tuple[UnitScore, ...]:
        """The points, in the order of `ordered_units` (a cluster ranked by points)."""
        if self.scores is None:
            raise InternalError("a cluster ranked by vote has no points")
        by_unit = {score.unit.id: score for score in self.scores.units}
        return tuple(by_unit[unit.id] for unit in self.ordered_units())

    def score_of(self, unit_id: str) -> UnitScore | None:
        """The unit's points; None in a cluster ranked by vote."""
        return next((s for s in self.scores.units if s.unit.id == unit_id), None) if self.scores else None

    def ranked_of(self, unit_id: str) -> Ranked | None:
        return self._by_unit.get(unit_id)

    @cached_property
    def _by_unit(self) -> dict[str, Ranked]:
        return {r.unit.id: r for r in self.ranked or ()}


def gather(
    project: Project,
    period: Period,
    workbook: bool = True,
    overview: bool = False,
    earlier: tuple[tuple[str, Project], ...] = (),
) -> PeriodData:
    """Everything computed once, before any document is rendered (renderers never compute or call git)."""
    progress = period_progress(project, period)
    if period.kind == "so_ket":
        scores = None if project.ranks_by_vote else score_period(project, period)
        data = PeriodData(project, period, scores, None, None, progress)
    else:
        ranking, awards = award_proposals(project, period)
        data = PeriodData(project, period, ranking.scores, ranking, awards, progress)
    data = replace(data, departed=project.departed(period))
    if overview and data.is_year:
        history, figures = _over_the_years((*earlier, (str(project.root), project)))
        data = replace(data, formalism=figures, years=history)
    return replace(data, workbook=_workbook_facts(data)) if workbook else data


def _over_the_years(projects: tuple[tuple[str, Project], ...]) -> tuple[History, Formalism]:
    """The history and the formalism figures over the folders, as `emul history FOLDER...` gives them."""
    known, facts = year_end_facts(projects)
    history = build_history(list(projects), known)
    return history, formalism(history, facts)


def _workbook_facts(data: PeriodData) -> WorkbookFacts:
    project, period = data.project, data.period
    if project.rubric is None:  # by vote: no rubric to identify, no course of totals through the year
        return WorkbookFacts(None, inputs_hash(project), None)
    known = {period.id: data.ranking} if data.ranking is not None else {}
    history = build_history([(str(project.root), project)], known) if data.is_year else None
    return WorkbookFacts(identify_loaded(project.rubric, with_commit=True), inputs_hash(project), history)

"""Everything a period's documents need, computed once: scores, ranking, awards and covenant progress."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..awards.period import AwardsResult, award_proposals
from ..model.cluster import Period
from ..ranking.rank import Ranked
from ..rollup.history import History, build_history
from ..rubrics.versions import RubricIdentity, identify_loaded
from ..scoring.progress import UnitProgress, period_progress
from ..scoring.sheet import PeriodScores, UnitScore, score_period
from ..validation.fingerprint import inputs_hash
from ..validation.project import Project


@dataclass(frozen=True)
class PeriodData:
    project: Project
    period: Period
    scores: PeriodScores
    ranked: tuple[Ranked, ...] | None  # None at sơ kết: no ranking before the year's end
    awards: AwardsResult | None
    progress: tuple[UnitProgress, ...]

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
    def rubric_identity(self) -> RubricIdentity:
        """The rubric's id, version, content hash and git commit (asked once, when a document shows it)."""
        return identify_loaded(self.project.rubric, with_commit=True)

    @cached_property
    def inputs_hash(self) -> str:
        """SHA-256 over every input file (asked once, when a document shows it)."""
        return inputs_hash(self.project)

    @cached_property
    def history(self) -> History:
        """Every unit's standing at each period of the folder up to this one (the workbook's course of the
        year), with this period's ranking as computed here."""
        return build_history([(str(self.project.root), self.project)], {self.period.id: self.ranked or ()})

    @cached_property
    def _by_unit(self) -> dict[str, Ranked]:
        return {r.score.unit.id: r for r in self.ranked or ()}


def gather(project: Project, period: Period) -> PeriodData:
    progress = period_progress(project, period)
    if period.kind == "so_ket":
        return PeriodData(project, period, score_period(project, period), None, None, progress)
    scores, ranked, awards = award_proposals(project, period)
    return PeriodData(project, period, scores, tuple(ranked), awards, progress)

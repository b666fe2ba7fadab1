"""The period's standings: every unit scored, then ranked; or, in a cluster without a rubric, ranked by the
ranking ballot of its bình xét meeting. Every output reads the basis from here, never from missing data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import InternalError
from ..model.cluster import Period
from ..scoring.sheet import PeriodScores, score_period
from ..validation.project import Project
from .rank import Basis, Ranked, rank_by_votes, rank_units

if TYPE_CHECKING:  # a ranking by points, the common case, does without the ballot's code
    from .tally import RankingBallotResult


@dataclass(frozen=True)
class Standings:
    period: Period
    basis: Basis
    ranked: tuple[Ranked, ...]
    scores: PeriodScores | None  # every unit's points; None in a cluster ranked by vote
    ballot: RankingBallotResult | None  # the ranking ballot; None in a cluster ranked by points

    @property
    def by_vote(self) -> bool:
        return self.basis is Basis.VOTES

    @property
    def points(self) -> PeriodScores:
        """Every unit's points, in a ranking by points."""
        if self.scores is None:
            raise InternalError("a ranking by vote has no points")
        return self.scores

    @property
    def ranking_ballot(self) -> RankingBallotResult:
        """The ranking ballot, in a ranking by vote."""
        if self.ballot is None:
            raise InternalError("a ranking by points has no ranking ballot")
        return self.ballot

    def of(self, unit_id: str) -> Ranked | None:
        return next((item for item in self.ranked if item.unit.id == unit_id), None)

    @property
    def has_results(self) -> bool:
        """Something was recorded to rank on: an assessment, or a counted ranking ballot."""
        if self.ballot is not None:
            return self.ballot.counted
        return any(score.has_assessment for score in self.points.units)


def standings(project: Project, period: Period) -> Standings:
    if project.ranks_by_vote:
        return _by_vote(project, period)
    scores = score_period(project, period)
    ballot = project.ballot(period.id)
    titles = [title.id for title in project.cluster.model.awards.titles]
    rubric = scores.rubric
    if project.cluster.model.ranking is not None:  # the cluster's Quy chế overrides the rubric's ranking
        rubric = rubric.model_copy(update={"ranking": project.cluster.model.ranking})
    ranked = rank_units(scores.units, rubric, ballot, titles)
    return Standings(period, Basis.POINTS, tuple(ranked), scores, None)


def ranking_ballot(project: Project, period: Period) -> RankingBallotResult:
    """The period's ranking ballot, read against the meeting's quorum."""
    from ..awards.attendance import meeting_attendance
    from .tally import read_ranking_ballot

    cluster = project.cluster.model
    ballot = project.ballot(period.id)
    present = meeting_attendance(project, period)
    rule = cluster.ranking_ballot
    counts = ballot.ranking if ballot is not None else None
    return read_ranking_ballot(
        counts, cluster.awards.vote, present, rule.choices if rule else None, rule.legal_basis if rule else None
    )


def _by_vote(project: Project, period: Period) -> Standings:
    result = ranking_ballot(project, period)
    tallies = [result.tally(project.unit(unit_id)) for unit_id in project.members(period)]
    method = project.cluster.model.ranking.method if project.cluster.model.ranking else "competition"
    return Standings(period, Basis.VOTES, tuple(rank_by_votes(tallies, method)), None, result)

"""The period's standings: every unit scored, then ranked."""

from __future__ import annotations

from ..model.cluster import Period
from ..scoring.sheet import PeriodScores, score_period
from ..validation.project import Project
from .rank import Ranked, rank_units


def standings(project: Project, period: Period) -> tuple[PeriodScores, list[Ranked]]:
    scores = score_period(project, period)
    ballot = project.ballot(period.id)
    titles = [title.id for title in project.cluster.model.awards.titles]
    rubric = scores.rubric
    if project.cluster.model.ranking is not None:  # the cluster's Quy chế overrides the rubric's ranking
        rubric = rubric.model_copy(update={"ranking": project.cluster.model.ranking})
    return scores, rank_units(scores.units, rubric, ballot, titles)

"""The period's standings: every unit scored, then ranked with the period's ballot for vote tie-breaks."""

from __future__ import annotations

from .model.cluster import Period
from .project import Project
from .ranking import Ranked, rank_units
from .scoring.sheet import PeriodScores, score_period


def standings(project: Project, period: Period) -> tuple[PeriodScores, list[Ranked]]:
    scores = score_period(project, period)
    ballot = next((b.model for b in project.ballots if b.model.period == period.id), None)
    titles = [title.id for title in project.cluster.model.awards.titles]
    return scores, rank_units(scores.units, scores.rubric, ballot, titles)

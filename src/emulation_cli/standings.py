"""The period's standings (every unit scored, then ranked) and the award proposals that follow from them."""

from __future__ import annotations

from .awards import AwardsResult, Meeting, Rotation, propose, rotation
from .model.cluster import Period
from .project import Project
from .ranking import Ranked, rank_units
from .scoring.sheet import PeriodScores, score_period


def standings(project: Project, period: Period) -> tuple[PeriodScores, list[Ranked]]:
    scores = score_period(project, period)
    ballot = next((b.model for b in project.ballots if b.model.period == period.id), None)
    titles = [title.id for title in project.cluster.model.awards.titles]
    return scores, rank_units(scores.units, scores.rubric, ballot, titles)


def award_proposals(project: Project, period: Period) -> tuple[PeriodScores, list[Ranked], AwardsResult]:
    """The standings, then the proposals for every award title and next year's roles."""
    scores, ranked = standings(project, period)
    ballot = next((b.model for b in project.ballots if b.model.period == period.id), None)
    policy = project.cluster.model.awards
    present = ballot.meeting.present if ballot and ballot.meeting else []
    meeting = Meeting(members=len(project.members(period)), present=len(present) if present else None)
    assessments = {unit: loaded.model for unit, loaded in project.assessments_for(period.id).items()}
    titles = propose(policy, scores.rubric, ranked, assessments, ballot, meeting)
    flag = next((t.proposed[0] for t in titles if t.title.government_flag_candidate and t.proposed), None)
    return scores, ranked, AwardsResult(titles, flag, _rotation(project, period, ranked))


def _rotation(project: Project, period: Period, ranked: list[Ranked]) -> Rotation:
    roles: dict[int, dict[str, str]] = {
        entry.year: {str(m.role): m.unit for m in entry.members} for entry in project.cluster.model.members
    }
    year = period.end.year
    return rotation(project.cluster.model.awards.rotation, roles.get(year, {}), roles.get(year + 1), ranked)

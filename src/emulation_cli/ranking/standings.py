"""The period's standings (every unit scored, then ranked) and the award proposals that follow from them."""

from __future__ import annotations

from ..awards.propose import AwardsResult, Meeting, Rotation, propose, rotation
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


def award_proposals(project: Project, period: Period) -> tuple[PeriodScores, list[Ranked], AwardsResult]:
    """The standings, then the proposals for every award title and next year's roles."""
    scores, ranked = standings(project, period)
    ballot = project.ballot(period.id)
    policy = project.cluster.model.awards
    meeting = Meeting(members=len(project.members(period)), present=_present_count(project, period))
    assessments = {unit: loaded.model for unit, loaded in project.assessments_for(period.id).items()}
    titles = propose(policy, scores.rubric, ranked, assessments, ballot, meeting)
    flag = next((t.proposed[0] for t in titles if t.title.government_flag_candidate and t.proposed), None)
    return scores, ranked, AwardsResult(titles, flag, _rotation(project, period, ranked), meeting)


def _present_count(project: Project, period: Period) -> int | None:
    """Members present at the meeting: from the ballot file, else from the period's meeting in cluster.yaml;
    None when neither says (each vote's returned ballots stand in)."""
    ballot = project.ballot(period.id)
    for meeting in (ballot.meeting if ballot else None, period.meeting):
        if meeting is not None and meeting.present:
            return len(set(meeting.present))
    return None


def _rotation(project: Project, period: Period, ranked: list[Ranked]) -> Rotation:
    by_year = {entry.year: entry.members for entry in project.cluster.model.members}
    year = period.end.year
    roles = {y: {str(m.role): m.unit for m in members} for y, members in by_year.items()}
    next_members = {m.unit for m in by_year[year + 1]} if year + 1 in by_year else None
    return rotation(
        project.cluster.model.awards.rotation, roles.get(year, {}), roles.get(year + 1), ranked, next_members
    )

"""The period's award proposals: the standings, the meeting's attendance, every title, and next year's roles."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.cluster import Period
from ..ranking.rank import Ranked
from ..ranking.standings import standings
from ..scoring.sheet import PeriodScores
from ..validation.project import Project
from .attendance import Attendance, attendance
from .propose import Outcome, TitleResult, propose
from .rotation import Rotation, rotation


@dataclass(frozen=True)
class AwardsResult:
    titles: tuple[TitleResult, ...]
    government_flag_candidate: str | None
    rotation: Rotation
    attendance: Attendance
    ballot_recorded: bool  # the ballot file exists
    unused_votes: tuple[tuple[str, str], ...]  # (award, unit) voted on but never offered: probably a mistake

    @property
    def votes_settled(self) -> bool:
        """Every proposal is settled: a ballot is recorded and no proposal still awaits a valid vote (none
        held, or held without the quorum)."""
        return self.ballot_recorded and not any(d.outcome is Outcome.TO_VOTE for t in self.titles for d in t.decisions)

    @property
    def government_flag_pending(self) -> bool:
        """The flag's candidate still awaits a valid vote."""
        flag = self.government_flag_candidate
        return any(d.unit == flag and d.outcome is Outcome.TO_VOTE for t in self.titles for d in t.decisions)


def meeting_attendance(project: Project, period: Period) -> Attendance:
    return attendance(project.members(period), project.meeting(period), project.ballot(period.id))


def award_proposals(project: Project, period: Period) -> tuple[PeriodScores, list[Ranked], AwardsResult]:
    """The standings, then the proposals for every award title and next year's roles."""
    scores, ranked = standings(project, period)
    ballot = project.ballot(period.id)
    present = meeting_attendance(project, period)
    assessments = {unit: loaded.model for unit, loaded in project.assessments_for(period.id).items()}
    titles = propose(project.cluster.model.awards, scores.rubric, ranked, assessments, ballot, present)
    flag = next((t.proposed[0] for t in titles if t.title.government_flag_candidate and t.proposed), None)
    offered = {(t.title.id, d.unit) for t in titles for d in t.decisions if d.vote is not None}
    unused = tuple((v.award, v.unit) for v in (ballot.votes if ballot else []) if (v.award, v.unit) not in offered)
    result = AwardsResult(titles, flag, _rotation(project, period, ranked), present, ballot is not None, unused)
    return scores, ranked, result


def _rotation(project: Project, period: Period, ranked: list[Ranked]) -> Rotation:
    by_year = {entry.year: entry.members for entry in project.cluster.model.members}
    year = period.end.year
    roles = {y: {str(m.role): m.unit for m in members} for y, members in by_year.items()}
    next_members = {m.unit for m in by_year[year + 1]} if year + 1 in by_year else None
    rule = project.cluster.model.awards.rotation
    return rotation(rule, year + 1, roles.get(year, {}), roles.get(year + 1), ranked, next_members)

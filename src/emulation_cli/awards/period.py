"""The period's award proposals: the standings, the meeting's attendance, every title, and next year's roles."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.cluster import Gate, Period
from ..ranking.rank import Ranked
from ..ranking.standings import Standings, standings
from ..validation.project import Project
from .attendance import Attendance, meeting_attendance
from .gates import rules_in_force
from .propose import Outcome, TitleResult, propose
from .rotation import Rotation, rotation


@dataclass(frozen=True)
class AwardsResult:
    titles: tuple[TitleResult, ...]  # the titles in force on the decision date, in the declared order
    gates: tuple[Gate, ...]  # the eligibility gates in force on the decision date
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


def award_proposals(project: Project, period: Period) -> tuple[Standings, AwardsResult]:
    """The standings, then the proposals for every award title and next year's roles."""
    ranking = standings(project, period)
    ranked = list(ranking.ranked)
    rubric = ranking.scores.rubric if ranking.scores is not None else None
    ballot = project.ballot(period.id)
    present = meeting_attendance(project, period)
    assessments = {unit: loaded.model for unit, loaded in project.assessments_for(period.id).items()}
    cluster = project.cluster.model
    policy = rules_in_force(cluster.awards, cluster.legal_bases, project.decision_date(period))
    titles = propose(policy, rubric, ranked, assessments, ballot, present, period_start=period.start)
    flag = next((t.proposed[0] for t in titles if t.title.government_flag_candidate and t.proposed), None)
    offered = {(t.title.id, d.unit) for t in titles for d in t.decisions if d.vote is not None}
    unused = tuple((v.award, v.unit) for v in (ballot.votes if ballot else []) if (v.award, v.unit) not in offered)
    rotation = _rotation(project, period, ranked)
    result = AwardsResult(titles, tuple(policy.gates), flag, rotation, present, ballot is not None, unused)
    return ranking, result


def _rotation(project: Project, period: Period, ranked: list[Ranked]) -> Rotation:
    roster = project.roster
    year = period.end.year
    this_year = {str(role): unit for unit, role in roster.roles_on(period.end).items()}
    declared = roster.declared_roles(year + 1)
    next_year = {str(role): unit for unit, role in declared.items()} if declared is not None else None
    next_members = set(roster.next_year_members(period))
    return rotation(project.cluster.model.awards.rotation, year + 1, this_year, next_year, ranked, next_members)

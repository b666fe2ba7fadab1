"""The ranking ballot of a cluster without a rubric (bình xét): each valid ballot names the units its member
proposes to lead the cluster; a unit's votes are the valid ballots that name it. Held without the quorum,
the ballot decides nothing: the units stay unranked (one shared rank) until it is held again."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from ..awards.attendance import Attendance
from ..awards.votes import quorum_met
from ..model.ballot import RankingBallot
from ..model.cluster import VoteRule
from ..model.units import Unit


class BallotState(StrEnum):
    COUNTED = "counted"
    INQUORATE = "inquorate"  # held without the quorum: it decides nothing, it is to be held again
    NOT_HELD = "not_held"  # no result recorded (yet)


@dataclass(frozen=True)
class VoteTally:
    """A unit's votes in the ranking ballot: the valid ballots that name it (0 before a valid ballot)."""

    unit: Unit
    votes: int
    valid: int  # the valid ballots of the ranking ballot; 0 when it decided nothing

    @property
    def share(self) -> Fraction | None:
        """Its votes over the valid ballots; None when there are none."""
        return Fraction(self.votes, self.valid) if self.valid else None


@dataclass(frozen=True)
class RankingBallotResult:
    counts: RankingBallot | None  # as recorded in ballots/<period>.yaml; None before the ballot
    state: BallotState
    choices: int | None  # how many units a ballot may name at most (cluster.yaml); None: no limit
    legal_basis: str | None

    @property
    def counted(self) -> bool:
        return self.state is BallotState.COUNTED

    def tally(self, unit: Unit) -> VoteTally:
        if self.counts is None or not self.counted:
            return VoteTally(unit, 0, 0)
        return VoteTally(unit, self.counts.votes.get(unit.id, 0), self.counts.valid)


def read_ranking_ballot(
    counts: RankingBallot | None,
    rule: VoteRule,
    attendance: Attendance,
    choices: int | None,
    legal_basis: str | None,
) -> RankingBallotResult:
    """The ballot as recorded, counted only when the meeting had its quorum (the rule of every vote)."""
    if counts is None:
        state = BallotState.NOT_HELD
    else:
        state = BallotState.COUNTED if quorum_met(rule, attendance) else BallotState.INQUORATE
    return RankingBallotResult(counts, state, choices, legal_basis)

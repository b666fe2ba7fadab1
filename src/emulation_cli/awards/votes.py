"""A secret ballot's outcome, computed once with exact fractions: quorum, the share over the declared
denominator, and the votes needed. Every output shows this one summary."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from ..model.ballot import Vote
from ..model.cluster import VoteRule
from .attendance import Attendance


class VoteStatus(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    INQUORATE = "inquorate"  # held without the quorum: it decides nothing, the vote is to be held again
    NOT_HELD = "not_held"  # no result recorded yet


@dataclass(frozen=True)
class VoteSummary:
    counts: Vote | None  # issued, returned, valid, in favour, against; None before the ballot
    basis: str  # what the share is measured against: "members", "present" or "cast" (valid ballots)
    denominator: int
    needed: int  # the smallest number of votes in favour that passes
    quorum_met: bool | None
    passed: bool | None  # None before the ballot, or when the meeting had no quorum

    @property
    def status(self) -> VoteStatus:
        if self.counts is None:
            return VoteStatus.NOT_HELD
        if not self.quorum_met:
            return VoteStatus.INQUORATE
        return VoteStatus.PASSED if self.passed else VoteStatus.FAILED

    @property
    def in_favour(self) -> int | None:
        return None if self.counts is None else self.counts.in_favour

    @property
    def valid(self) -> int | None:
        return None if self.counts is None else self.counts.valid

    @property
    def share(self) -> Fraction | None:
        """In favour over the declared denominator."""
        if self.counts is None or not self.denominator:
            return None
        return Fraction(self.counts.in_favour, self.denominator)


def share_basis(rule: VoteRule, attendance: Attendance, vote: Vote | None) -> tuple[str, int | None]:
    """What a vote's share is measured against, and that count: all members, those present, or the vote's
    valid ballots, as declared. Unknown before the meeting (none listed present, no ballot counted yet), what
    is needed is counted over all members, and said so. Without a vote, valid ballots have no count."""
    basis = rule.denominator
    if basis == "present" and attendance.present_count is None:
        basis = "members"
    counts = {"members": attendance.member_count, "present": attendance.present_count}
    return basis, vote.valid if basis == "cast" and vote is not None else counts.get(basis)


def evaluate_vote(vote: Vote | None, rule: VoteRule, attendance: Attendance) -> VoteSummary:
    """Quorum first (an inquorate meeting cannot vote: the proposal waits for a valid ballot), then in
    favour over the declared denominator, compared the declared way."""
    members = attendance.member_count
    basis, counted = share_basis(rule, attendance, vote)
    if counted is None:  # valid ballots before the ballot: needed over all members
        basis, counted = "members", members
    needed = votes_needed(rule, counted)
    if vote is None:
        return VoteSummary(None, basis, counted, needed, None, None)
    if not quorum_met(rule, attendance):
        return VoteSummary(vote, basis, counted, needed, False, None)
    share = Fraction(vote.in_favour, counted) if counted else Fraction(0)
    over = share > rule.threshold if rule.comparator == "gt" else share >= rule.threshold
    return VoteSummary(vote, basis, counted, needed, True, over)


def quorum_met(rule: VoteRule, attendance: Attendance) -> bool:
    """The meeting can vote: at least the declared share of the members is present (a count that is known)."""
    members, present = attendance.member_count, attendance.present_count
    return present is not None and members > 0 and present >= quorum_needed(rule, members)


def quorum_needed(rule: VoteRule, members: int) -> int:
    """The fewest members present that make the quorum: the declared share of the members, rounded up."""
    return math.ceil(rule.quorum * members)


def votes_needed(rule: VoteRule, denominator: int) -> int:
    bound = rule.threshold * denominator
    return math.floor(bound) + 1 if rule.comparator == "gt" else math.ceil(bound)

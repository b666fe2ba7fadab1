"""Award proposals: quotas, eligibility gates, classification, one award per unit, secret ballots.

Titles are filled in the order the cluster declares them (the provincial flag first). A unit goes down the
ranking until a title's quota is filled; a unit that is ineligible, already proposed for another title,
or that failed its vote is passed over, and the next one is offered, with the reason recorded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from fractions import Fraction

from ..model.assessment import Assessment
from ..model.ballot import BallotFile
from ..model.cluster import AwardPolicy, AwardTitle, Quota
from ..model.rubric import Rubric
from ..ranking.rank import Basis, Ranked
from .attendance import Attendance
from .gates import GateCheck, GateStatus, check_gates
from .votes import VoteSummary, evaluate_vote


class Outcome(StrEnum):
    PROPOSED = "proposed"  # proposed, and its vote (if any) passed
    TO_VOTE = "to_vote"  # proposed, the ballot is still to be held
    VOTE_FAILED = "vote_failed"
    INELIGIBLE = "ineligible"
    ALREADY_PROPOSED = "already_proposed"  # proposed for an earlier title of the same period
    TIED_EARLIER = "tied_earlier"  # tied at an earlier title's quota line: the meeting's choice there decides
    QUOTA_REACHED = "quota_reached"
    TIE_AT_QUOTA = "tie_at_quota"  # tied across the quota line: the meeting decides


OFFERED = (Outcome.PROPOSED, Outcome.TO_VOTE)
DROPPED = (Outcome.INELIGIBLE, Outcome.VOTE_FAILED)


@dataclass(frozen=True)
class Replacement:
    unit: str  # the unit whose place is taken
    reason: Outcome  # why it dropped out: VOTE_FAILED or INELIGIBLE


@dataclass(frozen=True)
class Decision:
    unit: str
    outcome: Outcome
    gates_not_met: tuple[GateCheck, ...] = ()  # failed or without a result, in the declared order
    classification_too_low: str | None = None  # the unit's band when below the title's minimum
    vote: VoteSummary | None = None
    gap_to_last_proposed: Fraction | None = None  # points behind the last unit within the quota (or tied)
    replaces: Replacement | None = None  # entered the list because this unit dropped out
    rank: int = 0  # the unit's rank in the period's ranking

    @property
    def offered(self) -> bool:
        return self.outcome in OFFERED

    @property
    def failed_gates(self) -> tuple[str, ...]:
        return tuple(c.gate for c in self.gates_not_met if c.status is GateStatus.FAILED)

    @property
    def missing_gates(self) -> tuple[str, ...]:
        return tuple(c.gate for c in self.gates_not_met if c.status is GateStatus.MISSING)


@dataclass(frozen=True)
class TitleResult:
    title: AwardTitle
    quota: int
    decisions: tuple[Decision, ...]
    # Units tied at an earlier title's quota line: until the meeting chooses among them there, this list is
    # provisional (the one not chosen there may be offered here).
    awaits: tuple[str, ...] = ()
    # The units below the quota line that would be offered next, in rank order, should an offered unit drop out
    # (its vote fails): those the engine would reach going on down the ranking (`_blocked` says none stops them).
    reserves: tuple[str, ...] = ()

    @property
    def proposed(self) -> tuple[str, ...]:
        return tuple(d.unit for d in self.decisions if d.offered)

    @property
    def put_to_vote(self) -> tuple[Decision, ...]:
        """The units offered for the secret ballot, in the order they are offered: those awaiting it, and those it
        passed or failed. The ballot papers list them."""
        voted = (Outcome.PROPOSED, Outcome.TO_VOTE, Outcome.VOTE_FAILED)
        return tuple(d for d in self.decisions if d.vote is not None and d.outcome in voted)

    @property
    def tie_at_quota_line(self) -> tuple[str, ...]:
        """Units sharing a rank across the quota line: the meeting decides among them."""
        return tuple(d.unit for d in self.decisions if d.outcome is Outcome.TIE_AT_QUOTA)

    @property
    def passed_over(self) -> tuple[Decision, ...]:
        """Units ranked above the last one offered, or sharing its rank, that were not offered (ineligible, or
        their vote failed): what the minutes must record."""
        offered = [d.rank for d in self.decisions if d.offered]
        last = max(offered) if offered else None
        return tuple(d for d in self.decisions if d.outcome in DROPPED and (last is None or d.rank <= last))


def quota_size(quota: Quota, members: int) -> int:
    if quota.count is not None:
        return quota.count
    ratio = quota.ratio if quota.ratio is not None else Fraction(0)  # the model requires one of the two
    return round_count(ratio * members, quota.rounding)


def round_count(exact: Fraction, rounding: str) -> int:
    """A number of awards from an exact ratio: rounded down (default), half up or up, as declared."""
    if rounding == "up":
        return math.ceil(exact)
    if rounding == "half_up":
        return math.floor(exact + Fraction(1, 2))
    return math.floor(exact)


@dataclass(frozen=True)
class _Context:
    policy: AwardPolicy
    rubric: Rubric | None  # None: the cluster ranks by vote, and classifies no one
    ranked: list[Ranked]
    assessments: dict[str, Assessment]
    ballot: BallotFile | None
    attendance: Attendance
    period_start: date


def propose(
    policy: AwardPolicy,
    rubric: Rubric | None,
    ranked: list[Ranked],
    assessments: dict[str, Assessment],
    ballot: BallotFile | None,
    attendance: Attendance,
    *,
    period_start: date,
) -> tuple[TitleResult, ...]:
    """The policy's titles and gates are those in force on the decision date (gates.rules_in_force); the
    period's first day is what a discipline's end is compared with."""
    context = _Context(policy, rubric, ranked, assessments, ballot, attendance, period_start)
    proposed: set[str] = set()
    tied: tuple[str, ...] = ()
    results = []
    for title in policy.titles:
        result = _fill(title, context, proposed, tied)
        proposed.update(result.proposed)
        tied += result.tie_at_quota_line
        results.append(result)
    return tuple(results)


def _fill(title: AwardTitle, context: _Context, earlier: set[str], tied: tuple[str, ...]) -> TitleResult:
    """Go down the ranking one rank at a time. When a rank holds more eligible units than there are places
    left, no name or file order chooses among them: they are all left to the meeting. Units tied for an
    earlier title are not offered here: which of them that title goes to is the meeting's choice."""
    quota = quota_size(title.quota, context.attendance.member_count)
    decisions: list[Decision] = []
    within: list[Ranked] = []
    reserves: list[str] = []
    tie = False
    for group in _rank_groups(context.ranked):
        offered: list[tuple[Ranked, Decision]] = []
        for item in group:
            unit = item.unit.id
            if len(within) >= quota or tie:
                decisions.append(Decision(unit, Outcome.QUOTA_REACHED, gap_to_last_proposed=_gap(within, item)))
                if _blocked(title, context, item, earlier, tied) is None:
                    reserves.append(unit)
            elif (blocked := _blocked(title, context, item, earlier, tied)) is not None:
                decisions.append(blocked)
            else:
                decision = _voted(title, unit, context)
                if decision.outcome is Outcome.VOTE_FAILED:
                    decisions.append(decision)
                else:
                    offered.append((item, decision))
        if len(offered) <= quota - len(within):
            within += [item for item, _decision in offered]
            decisions += [decision for _item, decision in offered]
        elif offered:
            tie = True
            decisions += [
                Decision(d.unit, Outcome.TIE_AT_QUOTA, vote=d.vote, gap_to_last_proposed=_gap(within, item))
                for item, d in offered
            ]
    ordered = _in_rank_order(decisions, context.ranked)
    return TitleResult(title, quota, tuple(_replacements(ordered, quota, context.ranked)), tied, tuple(reserves))


def _blocked(
    title: AwardTitle, context: _Context, item: Ranked, earlier: set[str], tied: tuple[str, ...]
) -> Decision | None:
    """Why the unit cannot be offered the title whatever the quota: proposed for an earlier title, tied at an
    earlier title's quota line, or not eligible. None: it is offered when the ranking reaches it."""
    unit = item.unit.id
    if unit in earlier:
        return Decision(unit, Outcome.ALREADY_PROPOSED)
    if unit in tied:
        return Decision(unit, Outcome.TIED_EARLIER)
    return _eligibility(title, context, item)


def _gap(within: list[Ranked], item: Ranked) -> Fraction | None:
    """Points behind the last unit within the quota; none without such a unit (a quota of 0, a tie at the top)
    or in a ranking by vote (no points)."""
    if not within or item.basis is Basis.VOTES:
        return None
    return Fraction(within[-1].score.total) - Fraction(item.score.total)


def _replacements(decisions: list[Decision], quota: int, ranked: list[Ranked]) -> list[Decision]:
    """By rank alone, the units not already proposed for an earlier title would fill the quota rank by rank,
    as long as a whole rank fits (a rank that straddles the line is the meeting's to decide). Those of them
    that dropped out (ineligible, vote failed) are replaced, in rank order, by the units that entered from
    below. A unit inside the list by rank replaces nobody; nor do units that entered sharing a rank, since
    no order among them says whose place each took."""
    by_unit = {d.unit: d for d in decisions}
    inside = _inside_by_rank(by_unit, quota, ranked)
    dropped = [d for d in inside if d.outcome in DROPPED]
    lowest = max((item.rank for item in ranked if item.unit.id in {d.unit for d in inside}), default=0)
    replacing: dict[str, Replacement] = {}
    for group in _rank_groups([item for item in ranked if item.rank > lowest]):
        entered = [by_unit[item.unit.id] for item in group if by_unit[item.unit.id].offered]
        places, dropped = dropped[: len(entered)], dropped[len(entered) :]
        if len(entered) == 1 and places:
            replacing[entered[0].unit] = Replacement(places[0].unit, places[0].outcome)
    return [replace(d, replaces=replacing[d.unit]) if d.unit in replacing else d for d in decisions]


def _inside_by_rank(by_unit: dict[str, Decision], quota: int, ranked: list[Ranked]) -> list[Decision]:
    inside: list[Decision] = []
    for group in _rank_groups(ranked):
        candidates = [by_unit[i.unit.id] for i in group]
        candidates = [d for d in candidates if d.outcome not in (Outcome.ALREADY_PROPOSED, Outcome.TIED_EARLIER)]
        if len(inside) + len(candidates) > quota:
            break
        inside += candidates
    return inside


def _rank_groups(ranked: list[Ranked]) -> list[list[Ranked]]:
    groups: list[list[Ranked]] = []
    for item in ranked:
        if groups and groups[-1][0].rank == item.rank:
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


def _in_rank_order(decisions: list[Decision], ranked: list[Ranked]) -> list[Decision]:
    order = {item.unit.id: index for index, item in enumerate(ranked)}
    ranks = {item.unit.id: item.rank for item in ranked}
    return [replace(d, rank=ranks[d.unit]) for d in sorted(decisions, key=lambda d: order[d.unit])]


def _eligibility(title: AwardTitle, context: _Context, item: Ranked) -> Decision | None:
    assessment = context.assessments.get(item.unit.id)
    checks = check_gates(context.policy.gates, assessment, context.period_start)
    not_met = tuple(c for c in checks if c.status is not GateStatus.PASSED)
    too_low = None
    if context.rubric is not None and title.min_classification is not None:  # validation: no minimum without one
        classified = item.score.classification
        reaches = classified is None or _band_reaches(context.rubric, classified.band.id, title.min_classification)
        too_low = classified.band.id if classified is not None and not reaches else None
    if not_met or too_low:
        return Decision(item.unit.id, Outcome.INELIGIBLE, not_met, too_low)
    return None


def _band_reaches(rubric: Rubric, band: str, minimum: str | None) -> bool:
    classification = rubric.classification
    if minimum is None or classification is None:  # a rubric without classification: validation says so
        return True
    order = [b.id for b in classification.bands] + [classification.fallback.id]
    return order.index(band) <= order.index(minimum)


def _voted(title: AwardTitle, unit: str, context: _Context) -> Decision:
    if not title.requires_vote:
        return Decision(unit, Outcome.PROPOSED)
    votes = context.ballot.votes if context.ballot else []
    vote = next((v for v in votes if v.award == title.id and v.unit == unit), None)
    summary = evaluate_vote(vote, context.policy.vote, context.attendance)
    if summary.passed is None:
        return Decision(unit, Outcome.TO_VOTE, vote=summary)
    return Decision(unit, Outcome.PROPOSED if summary.passed else Outcome.VOTE_FAILED, vote=summary)

"""Award proposals: quotas, eligibility gates, classification, one award per unit, secret ballots.

Titles are filled in the order the cluster declares them (the provincial flag first). A unit goes down the
ranking until a title's quota is filled; a unit that is ineligible, already proposed for another title,
or that failed its vote is passed over, and the next one is offered, with the reason recorded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from enum import StrEnum
from fractions import Fraction

from ..model.assessment import Assessment
from ..model.ballot import BallotFile, Vote
from ..model.cluster import AwardPolicy, AwardTitle, Quota, VoteRule
from ..model.rubric import Rubric
from ..ranking.rank import Ranked


class Outcome(StrEnum):
    PROPOSED = "proposed"  # proposed, and its vote (if any) passed
    TO_VOTE = "to_vote"  # proposed, the ballot is still to be held
    VOTE_FAILED = "vote_failed"
    INELIGIBLE = "ineligible"
    ALREADY_PROPOSED = "already_proposed"  # proposed for an earlier title of the same period
    QUOTA_REACHED = "quota_reached"
    TIE_AT_QUOTA = "tie_at_quota"  # tied across the quota line: the meeting decides


@dataclass(frozen=True)
class VoteResult:
    vote: Vote | None
    denominator: int
    needed: int  # the smallest number of votes in favour that passes
    quorum_met: bool | None
    passed: bool | None  # None before the ballot

    @property
    def share(self) -> Fraction | None:
        if self.vote is None or not self.denominator:
            return None
        return Fraction(self.vote.in_favour, self.denominator)


@dataclass(frozen=True)
class Decision:
    unit: str
    outcome: Outcome
    failed_gates: tuple[str, ...] = ()
    missing_gates: tuple[str, ...] = ()
    classification_too_low: str | None = None  # the unit's band when below the title's minimum
    vote: VoteResult | None = None
    gap_to_last_proposed: Fraction | None = None  # points behind the last unit within the quota
    replaces: str | None = None  # offered in place of this unit, whose vote failed


@dataclass(frozen=True)
class TitleResult:
    title: AwardTitle
    quota: int
    decisions: tuple[Decision, ...]

    @property
    def proposed(self) -> tuple[str, ...]:
        return tuple(d.unit for d in self.decisions if d.outcome in (Outcome.PROPOSED, Outcome.TO_VOTE))

    @property
    def tie_at_quota_line(self) -> tuple[str, ...]:
        """Units sharing a rank across the quota line: the meeting decides among them."""
        return tuple(d.unit for d in self.decisions if d.outcome is Outcome.TIE_AT_QUOTA)


@dataclass(frozen=True)
class Rotation:
    rule: str
    next_truong: str | None
    next_pho: str | None
    declared_truong: str | None  # what cluster.yaml already declares for next year, if anything
    declared_pho: str | None


@dataclass(frozen=True)
class AwardsResult:
    titles: tuple[TitleResult, ...]
    government_flag_candidate: str | None
    rotation: Rotation
    meeting: Meeting


@dataclass(frozen=True)
class Meeting:
    members: int
    present: int | None


def quota_size(quota: Quota, members: int) -> int:
    if quota.count is not None:
        return quota.count
    assert quota.ratio is not None
    return round_count(quota.ratio * members, quota.rounding)


def round_count(exact: Fraction, rounding: str) -> int:
    """A number of awards from an exact ratio: rounded down (default), half up or up, as declared."""
    if rounding == "up":
        return math.ceil(exact)
    if rounding == "half_up":
        return math.floor(exact + Fraction(1, 2))
    return math.floor(exact)


def evaluate_vote(vote: Vote | None, rule: VoteRule, meeting: Meeting) -> VoteResult:
    """The vote's outcome with exact fractions: quorum, then in favour over the declared denominator."""
    present = meeting.present if meeting.present is not None else (vote.returned if vote else None)
    if rule.denominator == "members":
        denominator = meeting.members
    elif rule.denominator == "present":
        denominator = present if present is not None else meeting.members
    else:
        denominator = vote.valid if vote else meeting.members
    needed = votes_needed(rule, denominator)
    if vote is None:
        return VoteResult(None, denominator, needed, None, None)
    quorum_met = present is not None and Fraction(present, meeting.members) >= rule.quorum
    if not quorum_met:  # an inquorate meeting cannot vote: the proposal waits for a valid ballot
        return VoteResult(vote, denominator, needed, False, None)
    share = Fraction(vote.in_favour, denominator) if denominator else Fraction(0)
    over = share > rule.threshold if rule.comparator == "gt" else share >= rule.threshold
    return VoteResult(vote, denominator, needed, True, over)


def votes_needed(rule: VoteRule, denominator: int) -> int:
    bound = rule.threshold * denominator
    return math.floor(bound) + 1 if rule.comparator == "gt" else math.ceil(bound)


@dataclass(frozen=True)
class _Context:
    policy: AwardPolicy
    rubric: Rubric
    ranked: list[Ranked]
    assessments: dict[str, Assessment]
    ballot: BallotFile | None
    meeting: Meeting


def propose(
    policy: AwardPolicy,
    rubric: Rubric,
    ranked: list[Ranked],
    assessments: dict[str, Assessment],
    ballot: BallotFile | None,
    meeting: Meeting,
) -> tuple[TitleResult, ...]:
    context = _Context(policy, rubric, ranked, assessments, ballot, meeting)
    proposed: set[str] = set()
    results = []
    for title in policy.titles:
        result = _fill(title, context, proposed)
        proposed.update(result.proposed)
        results.append(result)
    return tuple(results)


def _fill(title: AwardTitle, context: _Context, earlier: set[str]) -> TitleResult:
    """Go down the ranking one rank at a time. When a rank holds more eligible units than there are places
    left, no name or file order chooses among them: they are all left to the meeting."""
    policy, rubric, ranked, meeting = context.policy, context.rubric, context.ranked, context.meeting
    assessments, ballot = context.assessments, context.ballot
    quota = quota_size(title.quota, meeting.members)
    decisions: list[Decision] = []
    within: list[Ranked] = []
    tie: tuple[str, ...] = ()
    failed: list[str] = []
    for group in _rank_groups(ranked):
        offered: list[tuple[Ranked, Decision]] = []
        for item in group:
            unit = item.score.unit.id
            if len(within) >= quota or tie:
                last = within[-1].score.total if within else item.score.total
                gap = Fraction(last) - Fraction(item.score.total)
                decisions.append(Decision(unit, Outcome.QUOTA_REACHED, gap_to_last_proposed=gap))
            elif unit in earlier:
                decisions.append(Decision(unit, Outcome.ALREADY_PROPOSED))
            elif (ineligible := _eligibility(title, policy, rubric, item, assessments.get(unit))) is not None:
                decisions.append(ineligible)
            else:
                decision = _voted(title, unit, policy.vote, ballot, meeting)
                if decision.outcome is Outcome.VOTE_FAILED:
                    decisions.append(decision)
                    failed.append(unit)
                else:
                    offered.append((item, decision))
        if len(offered) <= quota - len(within):
            within += [item for item, _decision in offered]
            decisions += [decision for _item, decision in offered]
        else:
            tie = tuple(item.score.unit.id for item, _decision in offered)
            decisions += [Decision(d.unit, Outcome.TIE_AT_QUOTA, vote=d.vote) for _item, d in offered]
    return TitleResult(title, quota, tuple(_in_rank_order(_replacements(decisions, failed), ranked)))


def _replacements(decisions: list[Decision], failed: list[str]) -> list[Decision]:
    """Without the failed votes, the last units within the quota would not be in: they take those places."""
    entered = (
        [d for d in decisions if d.outcome in (Outcome.PROPOSED, Outcome.TO_VOTE)][-len(failed) :] if failed else []
    )
    replacing = {d.unit: unit for d, unit in zip(entered, failed, strict=False)}
    return [replace(d, replaces=replacing[d.unit]) if d.unit in replacing else d for d in decisions]


def _rank_groups(ranked: list[Ranked]) -> list[list[Ranked]]:
    groups: list[list[Ranked]] = []
    for item in ranked:
        if groups and groups[-1][0].rank == item.rank:
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


def _in_rank_order(decisions: list[Decision], ranked: list[Ranked]) -> list[Decision]:
    order = {item.score.unit.id: index for index, item in enumerate(ranked)}
    return sorted(decisions, key=lambda d: order[d.unit])


def _eligibility(
    title: AwardTitle, policy: AwardPolicy, rubric: Rubric, item: Ranked, assessment: Assessment | None
) -> Decision | None:
    gates = assessment.gates if assessment else {}
    failed = tuple(g.id for g in policy.gates if g.id in gates and not gates[g.id].passed)
    missing = tuple(g.id for g in policy.gates if g.id not in gates)
    band = item.score.classification.band
    too_low = band.id if not _band_reaches(rubric, band.id, title.min_classification) else None
    if failed or missing or too_low:
        return Decision(item.score.unit.id, Outcome.INELIGIBLE, failed, missing, too_low)
    return None


def _band_reaches(rubric: Rubric, band: str, minimum: str | None) -> bool:
    if minimum is None:
        return True
    order = [b.id for b in rubric.classification.bands] + [rubric.classification.fallback.id]
    return order.index(band) <= order.index(minimum)


def _voted(title: AwardTitle, unit: str, rule: VoteRule, ballot: BallotFile | None, meeting: Meeting) -> Decision:
    if not title.requires_vote:
        return Decision(unit, Outcome.PROPOSED)
    vote = next((v for v in (ballot.votes if ballot else []) if v.award == title.id and v.unit == unit), None)
    result = evaluate_vote(vote, rule, meeting)
    if result.passed is None:
        return Decision(unit, Outcome.TO_VOTE, vote=result)
    return Decision(unit, Outcome.PROPOSED if result.passed else Outcome.VOTE_FAILED, vote=result)


def rotation(
    rule: str,
    this_year: dict[str, str],
    next_year: dict[str, str] | None,
    ranked: list[Ranked],
    next_members: set[str] | None = None,
) -> Rotation:
    """Next year's cụm trưởng and cụm phó under the rule: this year's cụm phó leads (if still a member); the
    best-ranked other unit is proposed as cụm phó, unless equals share that rank (then the meeting chooses)."""
    truong = this_year.get("cum_truong")
    pho = this_year.get("cum_pho")

    def staying(unit: str) -> bool:
        return next_members is None or unit in next_members

    next_truong = pho if rule == "pho_to_truong" and pho is not None and staying(pho) else None
    candidates = [r for r in ranked if r.score.unit.id not in {truong, next_truong} and staying(r.score.unit.id)]
    next_pho = None
    if rule == "pho_to_truong" and candidates and not candidates[0].tied:
        next_pho = candidates[0].score.unit.id
    declared = next_year or {}
    return Rotation(rule, next_truong, next_pho, declared.get("cum_truong"), declared.get("cum_pho"))

"""Rank the units of a period: by total, then by the declared tie-break cascade; ties that survive stay ties."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import TYPE_CHECKING

from ..errors import InternalError
from ..model.ballot import BallotFile
from ..model.rubric import Criterion, CriterionTieBreak, Rubric, SectionTieBreak, TieBreak
from ..model.units import Unit
from ..scoring.sheet import UnitScore

if TYPE_CHECKING:  # a ranking by points, the common case, does without the ballot's code
    from .tally import VoteTally

Value = Fraction | Decimal


@dataclass(frozen=True)
class Step:
    """What separated a unit from the next one below: the total (index 0) or tie-break number `index`."""

    index: int
    rule: TieBreak | None
    above: Value  # the two units' values for that step, as they are (penalties as points, not negated)
    below: Value
    lower_is_better: bool = False


def rank_text(rank: int, tied: bool) -> str:
    """'2', or '2=' for a rank shared with another unit that the cascade did not separate."""
    return f"{rank}=" if tied else str(rank)


class Basis(StrEnum):
    """What a period's ranking rests on: the rubric's points, or the ranking ballot of a cluster without one."""

    POINTS = "points"
    VOTES = "votes"


@dataclass(frozen=True)
class Ranked:
    """A unit's place: its rank, and what it rests on (its points, or its votes in the ranking ballot)."""

    standing: UnitScore | VoteTally
    rank: int
    tied: bool  # shares its rank: the cascade (or the ballot) did not separate it from another unit
    separated_from_next: Step | None

    @property
    def unit(self) -> Unit:
        return self.standing.unit

    @property
    def basis(self) -> Basis:
        return Basis.POINTS if isinstance(self.standing, UnitScore) else Basis.VOTES

    @property
    def score(self) -> UnitScore:
        """The unit's points, in a ranking by points."""
        if not isinstance(self.standing, UnitScore):
            raise InternalError(f"{self.unit.id} is ranked by vote: it has no points")
        return self.standing

    @property
    def tally(self) -> VoteTally:
        """The unit's votes, in a ranking by the ranking ballot."""
        if isinstance(self.standing, UnitScore):
            raise InternalError(f"{self.unit.id} is ranked by points: it has no ranking votes")
        return self.standing

    @property
    def tie_unresolved(self) -> bool:
        """Sharing its rank with another unit, for the meeting to decide; not so while a ranking ballot has
        decided nothing yet (every unit shares the one rank then)."""
        if isinstance(self.standing, UnitScore):
            return self.tied
        return self.tied and self.standing.valid > 0

    @property
    def flags(self) -> tuple[str, ...]:
        """Stable codes of what the meeting should look at."""
        found = []
        if self.tie_unresolved:
            found.append("tie-unresolved")
        if not isinstance(self.standing, UnitScore):
            return tuple(found)
        if self.standing.flagged_differences:
            found.append("large-difference")
        if self.standing.classification is not None and self.standing.classification.missed:
            found.append("below-floor")
        if not self.standing.has_assessment:
            found.append("no-assessment")
        if self.score.not_assigned:
            found.append("not-assigned")
        return tuple(found)


def rank_units(
    scores: tuple[UnitScore, ...], rubric: Rubric, ballot: BallotFile | None, titles: Sequence[str] = ()
) -> list[Ranked]:
    """Order by total; split equal totals rule by rule. A rule that cannot be applied to every unit of a
    tied group (no ballot yet for one of them) separates no one there: the tie is left to the meeting."""
    rules = rubric.ranking.tie_breaks
    keys: dict[str, list[Value | None]] = {s.unit.id: [s.total] for s in scores}
    groups = _split(sorted(scores, key=lambda s: s.unit.id), {s.unit.id: s.total for s in scores})
    for rule in rules:
        refined: list[list[UnitScore]] = []
        for group in groups:
            values = _rule_values(group, rule, rubric, ballot, titles) if len(group) > 1 else None
            for score in group:
                keys[score.unit.id].append(values[score.unit.id] if values else None)
            refined += _split(group, values) if values else [group]
        groups = refined
    return _ranked(groups, keys, rules, rubric.ranking.method)


def _split(group: list[UnitScore], values: dict[str, Value]) -> list[list[UnitScore]]:
    """Equal values together, highest first; inside a part, the order of `group` (by id) is kept."""
    parts: dict[Value, list[UnitScore]] = {}
    for score in group:
        parts.setdefault(values[score.unit.id], []).append(score)
    return [parts[value] for value in sorted(parts, reverse=True)]


def _ranked(
    groups: list[list[UnitScore]], keys: dict[str, list[Value | None]], rules: Sequence[TieBreak], method: str
) -> list[Ranked]:
    ranked: list[Ranked] = []
    before = 0
    for position, group in enumerate(groups):
        rank = position + 1 if method == "dense" else before + 1
        following = groups[position + 1][0] if position + 1 < len(groups) else None
        for index, score in enumerate(group):
            last = index == len(group) - 1
            step = _separation(keys[score.unit.id], keys[following.unit.id], rules) if last and following else None
            ranked.append(Ranked(score, rank, len(group) > 1, step))
        before += len(group)
    return ranked


def _rule_values(
    group: list[UnitScore], rule: TieBreak, rubric: Rubric, ballot: BallotFile | None, titles: Sequence[str]
) -> dict[str, Value] | None:
    if rule.kind == "vote":
        return _vote_shares(group, ballot, titles)
    return {score.unit.id: _tie_value(score, rule, rubric) for score in group}


def _tie_value(score: UnitScore, rule: TieBreak, rubric: Rubric) -> Fraction:
    if isinstance(rule, SectionTieBreak):
        return score.section(rule.section)
    if isinstance(rule, CriterionTieBreak):
        criterion = _criterion(rubric, rule.criterion)
        points = score.points_of(criterion)
        penalty = rubric.penalty is not None and criterion in list(_all(rubric.penalty.criteria))
        return -points if penalty else points  # fewer points of a penalty item is better
    if rule.kind == "fewer_penalty":
        return -score.penalty
    return score.bonus


def _vote_shares(group: list[UnitScore], ballot: BallotFile | None, titles: Sequence[str]) -> dict[str, Value] | None:
    """Share of valid ballots in favour, on the first award title every unit of the group was voted on."""
    votes = [v for v in (ballot.votes if ballot else []) if v.valid]
    for title in [*titles, *sorted({v.award for v in votes} - set(titles))]:
        shares = {v.unit: Fraction(v.in_favour, v.valid) for v in votes if v.award == title}
        if all(score.unit.id in shares for score in group):
            return {score.unit.id: shares[score.unit.id] for score in group}
    return None


def _criterion(rubric: Rubric, criterion_id: str) -> Criterion:
    return next(c for section in rubric.all_sections() for c in _all(section.criteria) if c.id == criterion_id)


def _all(criteria: Sequence[Criterion]) -> Iterator[Criterion]:
    for criterion in criteria:
        yield criterion
        yield from _all(criterion.criteria)


def _separation(above: list[Value | None], below: list[Value | None], rules: Sequence[TieBreak]) -> Step | None:
    for index, (a, b) in enumerate(zip(above, below, strict=True)):
        if a is not None and b is not None and a != b:
            rule = rules[index - 1] if index else None
            if rule is not None and _negated(rule, a, b):
                return Step(index, rule, -a, -b, lower_is_better=True)
            return Step(index, rule, a, b)
    return None


def _negated(rule: TieBreak, a: Value, b: Value) -> bool:
    """Fewer penalty points rank higher: their values were negated for sorting."""
    return rule.kind == "fewer_penalty" or (rule.kind == "criterion" and a <= 0 and b <= 0 and (a < 0 or b < 0))


def rank_by_votes(tallies: Sequence[VoteTally], method: str) -> list[Ranked]:
    """Order by votes in the ranking ballot, most first; equal votes share a rank (the meeting decides
    between them: no name or file order separates them). Inside a shared rank, the order is by id."""
    groups: dict[int, list[VoteTally]] = {}
    for tally in sorted(tallies, key=lambda t: t.unit.id):
        groups.setdefault(tally.votes, []).append(tally)
    ranked: list[Ranked] = []
    before = 0
    for position, votes in enumerate(sorted(groups, reverse=True)):
        group = groups[votes]
        rank = position + 1 if method == "dense" else before + 1
        ranked += [Ranked(tally, rank, len(group) > 1, None) for tally in group]
        before += len(group)
    return ranked

"""Rank the units of a period: by total, then by the declared tie-break cascade; ties that survive stay ties."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .model.ballot import BallotFile
from .model.rubric import Criterion, CriterionTieBreak, Rubric, SectionTieBreak, TieBreak
from .scoring.sheet import UnitScore

# A tie-break value that is not known (no ballot yet): equal for everyone, so it separates no one.
UNKNOWN = Fraction(-1)


@dataclass(frozen=True)
class Step:
    """What separated a unit from the next one below: the total (index 0) or tie-break number `index`."""

    index: int
    rule: TieBreak | None
    above: Fraction | Decimal
    below: Fraction | Decimal


@dataclass(frozen=True)
class Ranked:
    score: UnitScore
    rank: int
    tied: bool  # shares its rank: the cascade did not separate it from another unit
    separated_from_next: Step | None


def rank_units(scores: tuple[UnitScore, ...], rubric: Rubric, ballot: BallotFile | None) -> list[Ranked]:
    rules = rubric.ranking.tie_breaks
    keys = {s.unit.id: _key(s, rules, rubric, ballot) for s in scores}
    ordered = sorted(scores, key=lambda s: (_descending(keys[s.unit.id]), s.unit.id))
    distinct = sorted({keys[s.unit.id] for s in scores}, reverse=True)
    ranked = []
    for index, score in enumerate(ordered):
        key = keys[score.unit.id]
        if rubric.ranking.method == "dense":
            rank = distinct.index(key) + 1
        else:
            rank = 1 + sum(1 for other in scores if keys[other.unit.id] > key)
        tied = sum(1 for other in scores if keys[other.unit.id] == key) > 1
        following = ordered[index + 1] if index + 1 < len(ordered) else None
        step = _separation(key, keys[following.unit.id], rules) if following else None
        ranked.append(Ranked(score, rank, tied, step))
    return ranked


def _key(
    score: UnitScore, rules: list[TieBreak], rubric: Rubric, ballot: BallotFile | None
) -> tuple[Fraction | Decimal, ...]:
    return (score.total, *(_tie_value(score, rule, rubric, ballot) for rule in rules))


def _descending(key: tuple[Fraction | Decimal, ...]) -> tuple[Fraction | Decimal, ...]:
    return tuple(-value for value in key)


def _tie_value(score: UnitScore, rule: TieBreak, rubric: Rubric, ballot: BallotFile | None) -> Fraction:
    if isinstance(rule, SectionTieBreak):
        return score.section(rule.section)
    if isinstance(rule, CriterionTieBreak):
        criterion = next(
            c for s in rubric.all_sections() for top in s.criteria for c in _walk(top) if c.id == rule.criterion
        )
        return score.points_of(criterion)
    if rule.kind == "fewer_penalty":
        return -score.penalty
    if rule.kind == "more_bonus":
        return score.bonus
    return vote_share(score.unit.id, ballot)


def vote_share(unit: str, ballot: BallotFile | None) -> Fraction:
    """Share of valid ballots in favour of the unit, over all its votes; UNKNOWN before the ballot."""
    votes = [v for v in (ballot.votes if ballot else []) if v.unit == unit and v.valid]
    if not votes:
        return UNKNOWN
    return Fraction(sum(v.in_favour for v in votes), sum(v.valid for v in votes))


def _walk(criterion: Criterion) -> Iterator[Criterion]:
    yield criterion
    for child in criterion.criteria:
        yield from _walk(child)


def _separation(
    above: tuple[Fraction | Decimal, ...], below: tuple[Fraction | Decimal, ...], rules: list[TieBreak]
) -> Step | None:
    for index, (a, b) in enumerate(zip(above, below, strict=True)):
        if a != b:
            return Step(index, rules[index - 1] if index else None, a, b)
    return None

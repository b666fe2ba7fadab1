"""emul explain: why a unit has its points, what separates it from its neighbours, and how it compares."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

from rich.console import Console
from rich.text import Text

from ..errors import UsageError
from ..i18n import _, current_language
from ..ranking.rank import Basis, Ranked, rank_text
from ..ranking.standings import Standings, standings
from ..results.ballot_text import ballot_warnings
from ..results.explain import Explanation, explain_by_vote, explain_points, vote_gap, vote_place
from ..scoring.sheet import UnitScore
from ..text.numbers import Numbers
from ..text.terms import departure_words
from ..validation.periods import choose_period
from ..validation.project import load_project
from .tables import Cell, Column, Kind, print_table


def run(folder: Path, unit_id: str, period_id: str | None, versus: str | None, console: Console) -> int:
    project = load_project(folder)
    period = choose_period(project, period_id)
    if period.kind == "so_ket":
        raise UsageError(
            _("period {period} is a sơ kết: there are no scores to explain yet").format(period=period.id),
            hint=_("use 'emul score --period {period}' to see the progress").format(period=period.id),
        )
    departed = next((d for d in project.departed(period) if d.unit == unit_id), None)
    if departed is not None:
        words = departure_words(departed)
        name = project.unit(unit_id).short_name
        console.print(Text(_("{unit} is not ranked in {period}: {why}").format(unit=name, period=period.id, why=words)))
        return 0
    ranking = standings(project, period)
    subject = _find(ranking.ranked, unit_id)
    other = None if versus is None else _find(ranking.ranked, versus)
    if versus == unit_id:
        raise UsageError(_("--vs needs another unit than '{unit}'").format(unit=unit_id))
    if ranking.by_vote:
        if other is None:
            print_explanation(console, explain_by_vote(ranking, subject))
        else:
            _compare_by_vote(console, ranking, subject, other)
        return 0
    rubric = ranking.points.rubric
    if other is not None:
        numbers = Numbers.of(rubric.rounding, comma=current_language() == "vi")
        _compare(console, numbers, subject, other)
        return 0
    names = {u.id: u.short_name for u in project.units.model.units}
    print_explanation(console, explain_points(rubric, ranking.ranked, subject, period.title, project.root, names))
    return 0


def print_explanation(console: Console, explanation: Explanation) -> None:
    for line in explanation.warnings:
        console.print(Text(line, style="yellow"))
    console.print(Text(explanation.heading, style="bold"))
    if explanation.criteria:
        _criteria_table(console, explanation)
    for note in explanation.notes:
        console.print(Text(("  " if note.detail else "") + note.text))


def _criteria_table(console: Console, explanation: Explanation) -> None:
    """One row per criterion; the scoring body only when the rubric has several, the self − appraised difference
    only when units score themselves."""
    h, scorers, own = explanation.headers, explanation.by_scorer, explanation.self_scored
    columns = [Column(h.criterion, Kind.NAME), *([Column(h.scorer, Kind.TEXT)] if scorers else [])]
    columns += [Column(h.method, Kind.TEXT), Column(h.inputs, Kind.TEXT)]
    columns += [Column(h.points, Kind.NUMBER), Column(h.maximum, Kind.NUMBER), Column(h.lost, Kind.NUMBER)]
    columns += [*([Column(h.difference, Kind.NUMBER)] if own else []), Column(h.source, Kind.TEXT)]
    rows: list[list[Cell]] = []
    for line in explanation.criteria:
        rows.append(
            [
                line.criterion,
                *([Text(line.scorer)] if scorers else []),
                line.method,
                Text(line.inputs),
                line.points,
                line.maximum,
                line.lost,
                *([line.difference] if own else []),
                Text(line.source),
            ]
        )
    print_table(console, None, columns, rows)


def _find(ranked: Sequence[Ranked], unit_id: str) -> Ranked:
    for item in ranked:
        if item.unit.id == unit_id:
            return item
    by_vote = any(item.basis is Basis.VOTES for item in ranked)
    message = (
        _("unit '{unit}' is not ranked in this period") if by_vote else _("unit '{unit}' is not scored in this period")
    )
    raise UsageError(
        message.format(unit=unit_id),
        hint=_("units: {ids}").format(ids=", ".join(sorted(i.unit.id for i in ranked))),
    )


def _compare_by_vote(console: Console, ranking: Standings, subject: Ranked, other: Ranked) -> None:
    numbers = Numbers(comma=current_language() == "vi")
    for line in ballot_warnings(ranking.ranking_ballot, ranking.period):
        console.print(Text(line, style="yellow"))
    for item in (subject, other):
        place = _("{unit}: {place}").format(unit=item.unit.short_name, place=vote_place(item, numbers))
        console.print(Text(place, style="bold"))
    if ranking.ranking_ballot.counted:
        console.print(Text(vote_gap(*sorted((subject, other), key=lambda i: -i.tally.votes))))


def _subtotals(a: UnitScore, b: UnitScore) -> list[tuple[str, Fraction, Fraction]]:
    rows = [(_("section {id}").format(id=sid), value, b.section(sid)) for sid, value in a.sections]
    rows += [
        (_("Bonus"), a.bonus, b.bonus),
        (_("Penalty"), a.penalty, b.penalty),
        (_("Total"), Fraction(a.total), Fraction(b.total)),
    ]
    return rows


def _compare(console: Console, numbers: Numbers, first: Ranked, second: Ranked) -> None:
    """Two units side by side, criterion by criterion, with the advantage of the first."""
    n = numbers.points_or_dash
    a, b = first.score, second.score
    heading = _("{first} ({first_total}, rank {first_rank}) — {second} ({second_total}, rank {second_rank})")
    console.print(
        Text(
            heading.format(
                first=a.unit.short_name,
                first_total=n(Fraction(a.total)),
                first_rank=rank_text(first.rank, first.tied),
                second=b.unit.short_name,
                second_total=n(Fraction(b.total)),
                second_rank=rank_text(second.rank, second.tied),
            ),
            style="bold",
        )
    )
    columns = [Column(_("Criterion"), Kind.NAME)]
    columns += [Column(header, Kind.NUMBER) for header in (a.unit.short_name, b.unit.short_name, _("Advantage"))]
    rows: list[list[Cell]] = []
    wins: dict[str, list[str]] = {a.unit.id: [], b.unit.id: []}
    for left, right in zip(a.criteria, b.criteria, strict=True):
        # The advantage of the first unit: more points, or for a penalty item fewer points.
        advantage = (right.final - left.final) if left.part == "penalty" else (left.final - right.final)
        if advantage:
            wins[a.unit.id if advantage > 0 else b.unit.id].append(left.criterion.id)
        rows.append(
            [
                left.criterion.id,
                n(left.final if left.assigned else None),  # '—': not assigned to that unit
                n(right.final if right.assigned else None),
                n(advantage),
            ]
        )
    for label, left_value, right_value in _subtotals(a, b):
        rows.append(
            [
                Text(label, style="bold"),
                n(left_value),
                n(right_value),
                n(left_value - right_value if label != _("Penalty") else right_value - left_value),
            ]
        )
    print_table(console, None, columns, rows)
    for unit in (a, b):
        criteria = ", ".join(wins[unit.unit.id]) or _("none")
        console.print(Text(_("{unit} is ahead on: {criteria}").format(unit=unit.unit.short_name, criteria=criteria)))

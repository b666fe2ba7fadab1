"""emul explain: why a unit has its points, what separates it from its neighbours, and how it compares."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

from rich.console import Console
from rich.text import Text

from ..errors import UsageError
from ..i18n import _, current_language
from ..model.rubric import Rubric
from ..ranking.margins import gain_to_pass, headroom
from ..ranking.rank import Basis, Ranked, rank_text
from ..ranking.standings import Standings, standings
from ..results.explanations import criterion_inputs_text, floor_miss_text, input_value, source_text
from ..scoring.criterion import CriterionScore
from ..scoring.sheet import UnitScore
from ..text.methods import method_name
from ..text.numbers import Numbers, shown_at_least
from ..text.terms import departure_words
from ..validation.periods import choose_period
from ..validation.project import load_project
from .ballot_text import ballot_lines, ballot_warnings
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
    if ranking.by_vote:
        _explain_by_vote(console, ranking, unit_id, versus)
        return 0
    scores, ranked = ranking.points, list(ranking.ranked)
    explainer = _Explainer(console, scores.rubric, folder, {u.id: u.short_name for u in project.units.model.units})
    subject = _find(ranked, unit_id)
    if versus is not None:
        if versus == unit_id:
            raise UsageError(_("--vs needs another unit than '{unit}'").format(unit=unit_id))
        explainer.compare(subject, _find(ranked, versus))
    else:
        explainer.explain(subject, period.title)
        explainer.neighbours(ranked, subject)
    return 0


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


# ----- a cluster without a rubric: a unit's place by the ranking ballot ------------------------------------
def _explain_by_vote(console: Console, ranking: Standings, unit_id: str, versus: str | None) -> None:
    subject = _find(ranking.ranked, unit_id)
    ballot = ranking.ranking_ballot
    numbers = Numbers(comma=current_language() == "vi")
    for line in ballot_warnings(ballot, ranking.period):
        console.print(Text(line, style="yellow"))
    if versus is not None:
        if versus == unit_id:
            raise UsageError(_("--vs needs another unit than '{unit}'").format(unit=unit_id))
        other = _find(ranking.ranked, versus)
        for item in (subject, other):
            place = _("{unit}: {place}").format(unit=item.unit.short_name, place=_vote_place(item, numbers))
            console.print(Text(place, style="bold"))
        if ballot.counted:
            console.print(Text(_vote_gap(*sorted((subject, other), key=lambda i: -i.tally.votes))))
        return
    heading = _("{unit} — {period}: {place}").format(
        unit=subject.unit.name, period=ranking.period.title, place=_vote_place(subject, numbers)
    )
    console.print(Text(heading, style="bold"))
    for line in ballot_lines(ballot):
        console.print(Text(line))
    if not ballot.counted:
        return
    index = list(ranking.ranked).index(subject)
    if index > 0:
        console.print(Text(_vote_gap(ranking.ranked[index - 1], subject)))
    if index + 1 < len(ranking.ranked):
        console.print(Text(_vote_gap(subject, ranking.ranked[index + 1])))


def _vote_place(item: Ranked, numbers: Numbers) -> str:
    tally = item.tally
    if tally.share is None:
        return _("not ranked yet")
    return _("rank {rank}, named on {votes} of {valid} valid ballots ({share})").format(
        rank=rank_text(item.rank, item.tied),
        votes=tally.votes,
        valid=tally.valid,
        share=numbers.percent(tally.share),
    )


def _vote_gap(upper: Ranked, lower: Ranked) -> str:
    """How many votes separate two units, and how many more would put the lower one above."""
    a, b = upper.tally, lower.tally
    names = {
        "upper": a.unit.short_name,
        "lower": b.unit.short_name,
        "upper_rank": rank_text(upper.rank, upper.tied),
        "lower_rank": rank_text(lower.rank, lower.tied),
    }
    if a.votes == b.votes:
        return _(
            "{upper} and {lower} are tied at rank {upper_rank}, named on as many valid ballots ({votes}): the "
            "meeting decides."
        ).format(votes=a.votes, **names)
    gap = a.votes - b.votes
    line = _("{upper} (rank {upper_rank}) is ahead of {lower} (rank {lower_rank}): votes {above} to {below}.").format(
        above=a.votes, below=b.votes, **names
    )
    if a.votes >= a.valid:
        return (
            line + " " + _("{upper} is named on every valid ballot: {lower} could at most tie with it.").format(**names)
        )
    return (
        line
        + " "
        + _("{lower} would rank above {upper} with {needed} more votes ({gap} more would tie them).").format(
            needed=gap + 1, gap=gap, **names
        )
    )


class _Explainer:
    def __init__(self, console: Console, rubric: Rubric, root: Path, names: dict[str, str]) -> None:
        self.console = console
        self.rubric = rubric
        self.root = root
        self.names = names  # short names of the units by id
        self.numbers = Numbers.of(rubric.rounding, comma=current_language() == "vi")

    def n(self, value: Fraction | None) -> str:
        return self.numbers.points_or_dash(value)

    def explain(self, item: Ranked, period_title: str) -> None:
        score = item.score
        values = {
            "unit": score.unit.name,
            "period": period_title,
            "total": self.numbers.points(score.total),
            "rank": rank_text(item.rank, item.tied),
        }
        if score.classification is not None:
            heading = _("{unit} — {period}: {total} points, rank {rank} ({band})")
            values["band"] = score.classification.band.label
        else:
            heading = _("{unit} — {period}: {total} points, rank {rank}")
        self.console.print(Text(heading.format(**values), style="bold"))
        self._table(score)
        self._relative(score)
        self._totals(score)

    def _table(self, score: UnitScore) -> None:
        """One row per criterion; the scoring body only when the rubric has several, the self − appraised
        difference only when units score themselves."""
        scorers, own = bool(self.rubric.scorers), self.rubric.self_scored
        numeric = (_("Points"), _("Max"), _("Lost"), *([_("Self − appraised")] if own else []))
        texts = (*([_("Scored by")] if scorers else []), _("Method"), _("Inputs"))
        columns = [Column(_("Criterion"), Kind.NAME), *(Column(header, Kind.TEXT) for header in texts)]
        columns += [*(Column(header, Kind.NUMBER) for header in numeric), Column(_("Source"), Kind.TEXT)]
        rows: list[list[Cell]] = []
        flagged = {c.criterion.id for c in score.flagged_differences}
        for criterion in score.criteria:
            assigned = criterion.assigned
            difference = self.n(criterion.difference) + (" !" if criterion.criterion.id in flagged else "")
            rows.append(
                [
                    criterion.criterion.id,
                    *([Text(criterion.scorer.name if criterion.scorer else "")] if scorers else []),
                    method_name(criterion.criterion.method_kind) if assigned else _("Not assigned"),
                    Text(self._inputs(criterion) if assigned else ""),
                    self.n(criterion.final if assigned else None),
                    self.n(criterion.maximum if assigned else None),
                    self.n(criterion.lost if assigned else None),
                    *([difference] if own else []),
                    Text(source_text(criterion, self.root)),
                ]
            )
        print_table(self.console, None, columns, rows)

    def _relative(self, score: UnitScore) -> None:
        """A criterion scored relative to the cluster: its points depend on the others' results."""
        for criterion in score.criteria:
            computed = criterion.computed
            if computed is None or computed.method.kind != "relative":
                continue
            reference = computed.reference
            if reference is None:
                message = _("{id} is scored relative to the cluster; no other unit's result changes it now.")
                self._say(message.format(id=criterion.criterion.id))
                continue
            units = ", ".join(self.names.get(u, u) for u in reference.units)
            message = _(
                "{id} is scored relative to the cluster: its points depend on the other units' results; the "
                "best result, {best}, set by {units}, earns the full {max}."
            )
            self._say(
                message.format(
                    id=criterion.criterion.id,
                    best=input_value(reference.value),
                    units=units,
                    max=self.numbers.plain(computed.maximum),
                )
            )

    def _inputs(self, score: CriterionScore) -> str:
        return criterion_inputs_text(score, self.rubric.self_scored, self.numbers)

    def _totals(self, score: UnitScore) -> None:
        sections = "; ".join(f"{sid} {self.n(value)}" for sid, value in score.sections)
        self.console.print(
            Text(
                _("Sections: {sections}; bonus {bonus}; penalty {penalty}; total {total} (exact {exact})").format(
                    sections=sections,
                    bonus=self.n(score.bonus),
                    penalty=self.n(score.penalty),
                    total=self.numbers.points(score.total),
                    exact=self.numbers.plain(score.total_exact),
                )
            )
        )
        self._not_assigned(score)
        self._scorers(score)
        self._classification(score)

    def _not_assigned(self, score: UnitScore) -> None:
        if not score.not_assigned:
            return
        values = {
            "ids": ", ".join(score.not_assigned),
            "assigned": self.numbers.plain(score.assigned_max),
            "scale": self.numbers.plain(Fraction(self.rubric.scale)),
        }
        if score.rescaled:
            sections = sum((value for _sid, value in score.sections), Fraction(0))
            message = _(
                "Not assigned: {ids}. The sections' {points} of {assigned} assigned points count as {rescaled} on "
                "the scale of {scale} (× {scale}/{assigned})."
            )
            self._say(message.format(points=self.n(sections), rescaled=self.n(sections * score.scale_factor), **values))
        else:
            message = _("Not assigned: {ids}. The unit's sections are scored out of {assigned} instead of {scale}.")
            self._say(message.format(**values))

    def _scorers(self, score: UnitScore) -> None:
        parts = []
        for scorer, points, bonus in score.by_scorer():
            part = f"{scorer.name} {self.n(points)}"
            if bonus:
                part += " " + _("(bonus {bonus})").format(bonus=self.n(bonus))
            parts.append(part)
        if parts:
            self._say(_("By scoring body: {parts}").format(parts="; ".join(parts)))

    def _classification(self, score: UnitScore) -> None:
        """Which floors decided the band: those of each band passed over, from the one the total reaches."""
        classified = score.classification
        if classified is None or not classified.missed:
            return
        self._say(
            _("Classification: {band}; the total reaches {by_total}, but floors decided:").format(
                band=classified.band.label, by_total=classified.by_total.label
            )
        )
        for miss in classified.missed:
            self._say("  " + _("not {band}: {miss}").format(band=miss.band.label, miss=floor_miss_text(miss)))

    def neighbours(self, ranked: list[Ranked], item: Ranked) -> None:
        index = ranked.index(item)
        if index > 0:
            self._gap(ranked[index - 1], item)
        if index + 1 < len(ranked):
            self._gap(item, ranked[index + 1])

    def _gap(self, upper: Ranked, lower: Ranked) -> None:
        """How far apart two neighbours are, and the smallest gain that would put the lower one above."""
        names = {
            "upper": upper.score.unit.short_name,
            "lower": lower.score.unit.short_name,
            "upper_rank": rank_text(upper.rank, upper.tied),
            "lower_rank": rank_text(lower.rank, lower.tied),
        }
        if upper.rank == lower.rank:
            self._say(_("{upper} and {lower} are tied at rank {upper_rank}: the meeting decides.").format(**names))
            return
        gap = Fraction(upper.score.total) - Fraction(lower.score.total)
        if gap == 0:
            self._say(
                _(
                    "{upper} (rank {upper_rank}) and {lower} (rank {lower_rank}) have equal totals; the "
                    "tie-breaks put {upper} first."
                ).format(**names)
            )
        else:
            self._say(
                _("{upper} (rank {upper_rank}) is {gap} points above {lower} (rank {lower_rank}).").format(
                    gap=self.n(gap), **names
                )
            )
        margin = gain_to_pass(lower.score, upper.score, self.rubric.rounding)
        rooms = headroom(lower.score, margin, self.rubric)
        listed = ", ".join(f"{c.criterion.id} ({self.n(room)})" for c, room in rooms) or _("none")
        shown = shown_at_least(margin.gain, self.numbers.decimals)
        # "More than" only when the number shown is the boundary itself: a gain rounded up is already enough.
        strict = margin.strict and Fraction(shown) == margin.gain
        message = _margin_message(strict).format(gain=self.numbers.mark(format(shown, "f")), criteria=listed, **names)
        self._say(message)

    def _say(self, text: str) -> None:
        self.console.print(Text(text))

    def _subtotals(self, a: UnitScore, b: UnitScore) -> list[tuple[str, Fraction, Fraction]]:
        rows = [(_("section {id}").format(id=sid), value, b.section(sid)) for sid, value in a.sections]
        rows += [
            (_("Bonus"), a.bonus, b.bonus),
            (_("Penalty"), a.penalty, b.penalty),
            (_("Total"), Fraction(a.total), Fraction(b.total)),
        ]
        return rows

    def compare(self, first: Ranked, second: Ranked) -> None:
        a, b = first.score, second.score
        heading = _("{first} ({first_total}, rank {first_rank}) — {second} ({second_total}, rank {second_rank})")
        self.console.print(
            Text(
                heading.format(
                    first=a.unit.short_name,
                    first_total=self.n(Fraction(a.total)),
                    first_rank=rank_text(first.rank, first.tied),
                    second=b.unit.short_name,
                    second_total=self.n(Fraction(b.total)),
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
                    self.n(left.final if left.assigned else None),  # '—': not assigned to that unit
                    self.n(right.final if right.assigned else None),
                    self.n(advantage),
                ]
            )
        for label, left_value, right_value in self._subtotals(a, b):
            rows.append(
                [
                    Text(label, style="bold"),
                    self.n(left_value),
                    self.n(right_value),
                    self.n(left_value - right_value if label != _("Penalty") else right_value - left_value),
                ]
            )
        print_table(self.console, None, columns, rows)
        for unit in (a, b):
            self.console.print(
                Text(
                    _("{unit} is ahead on: {criteria}").format(
                        unit=unit.unit.short_name, criteria=", ".join(wins[unit.unit.id]) or _("none")
                    )
                )
            )


def _margin_message(strict: bool) -> str:
    if strict:
        return _(
            "{lower} would rank above {upper} with more than {gain} more points in its exact total ({gain} "
            "exactly gives at most equal totals, which the tie-breaks decide); criteria where it can still "
            "gain that much: {criteria}"
        )
    return _(
        "{lower} would rank above {upper} with {gain} more points in its exact total (less gives at "
        "most equal totals, which the tie-breaks decide); criteria where it can still gain that much: "
        "{criteria}"
    )

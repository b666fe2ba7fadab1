"""A unit's explanation in the current language: why it has its points (or its place by the ranking ballot), and
what separates it from its neighbours. The one home of what `emul explain` prints and of what the overview page
opens when a unit is clicked; `speaking("vi")` gives the page's Vietnamese whatever --lang says."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from ..i18n import _, current_language
from ..model.rubric import Rubric
from ..ranking.margins import gain_to_pass, headroom
from ..ranking.rank import Ranked, rank_text
from ..ranking.standings import Standings
from ..scoring.criterion import CriterionScore
from ..scoring.sheet import UnitScore
from ..text.methods import method_name
from ..text.numbers import Numbers, shown_at_least
from .ballot_text import ballot_lines, ballot_warnings
from .explanations import criterion_inputs_text, floor_miss_text, input_value, source_text


@dataclass(frozen=True)
class CriterionLine:
    """One criterion of the unit ('—' for a figure of a criterion not assigned to it), or the table's headers."""

    criterion: str
    scorer: str
    method: str
    inputs: str
    points: str
    maximum: str
    lost: str
    difference: str  # self − appraised, ' !' when flagged
    source: str  # file:line relative to the cluster folder


@dataclass(frozen=True)
class Note:
    text: str
    detail: bool = False  # belongs to the note before it (a floor behind a classification)
    shared: bool = False  # the same for every unit (the ranking ballot's counts and rule)


@dataclass(frozen=True)
class Explanation:
    unit_id: str
    warnings: tuple[str, ...]  # why a ranking by vote decides nothing yet
    heading: str
    by_scorer: bool  # the criteria table names the scoring body
    self_scored: bool  # the criteria table shows self − appraised
    headers: CriterionLine  # the column headers
    criteria: tuple[CriterionLine, ...]  # empty for a ranking by vote
    notes: tuple[Note, ...]


def headers() -> CriterionLine:
    return CriterionLine(
        criterion=_("Criterion"),
        scorer=_("Scored by"),
        method=_("Method"),
        inputs=_("Inputs"),
        points=_("Points"),
        maximum=_("Max"),
        lost=_("Lost"),
        difference=_("Self − appraised"),
        source=_("Source"),
    )


def explain_points(
    rubric: Rubric, ranked: Sequence[Ranked], item: Ranked, period_title: str, root: Path, names: Mapping[str, str]
) -> Explanation:
    """The unit's points criterion by criterion, its totals, the floors that decided its band, and the gaps to
    the units ranked just above and below it. `names`: the units' short names by id."""
    numbers = Numbers.of(rubric.rounding, comma=current_language() == "vi")
    writer = _PointsWriter(rubric, numbers, root, names)
    score = item.score
    values = {
        "unit": score.unit.name,
        "period": period_title,
        "total": numbers.points(score.total),
        "rank": rank_text(item.rank, item.tied),
    }
    if score.classification is not None:
        heading = _("{unit} — {period}: {total} points, rank {rank} ({band})")
        values["band"] = score.classification.band.label
    else:
        heading = _("{unit} — {period}: {total} points, rank {rank}")
    notes = [*writer.relative(score), *writer.totals(score), *writer.neighbours(ranked, item)]
    flagged = {c.criterion.id for c in score.flagged_differences}
    return Explanation(
        unit_id=score.unit.id,
        warnings=(),
        heading=heading.format(**values),
        by_scorer=bool(rubric.scorers),
        self_scored=rubric.self_scored,
        headers=headers(),
        criteria=tuple(writer.line(criterion, flagged) for criterion in score.criteria),
        notes=tuple(notes),
    )


def explain_by_vote(ranking: Standings, item: Ranked) -> Explanation:
    """A cluster without a rubric: the unit's place by the ranking ballot, the ballot's counts and rule, and the
    votes that separate it from its neighbours."""
    ballot = ranking.ranking_ballot
    numbers = Numbers(comma=current_language() == "vi")
    heading = _("{unit} — {period}: {place}").format(
        unit=item.unit.name, period=ranking.period.title, place=vote_place(item, numbers)
    )
    notes = [Note(line, shared=True) for line in ballot_lines(ballot)]
    if ballot.counted:
        ranked = list(ranking.ranked)
        index = ranked.index(item)
        if index > 0:
            notes.append(Note(vote_gap(ranked[index - 1], item)))
        if index + 1 < len(ranked):
            notes.append(Note(vote_gap(item, ranked[index + 1])))
    return Explanation(
        unit_id=item.unit.id,
        warnings=tuple(ballot_warnings(ballot, ranking.period)),
        heading=heading,
        by_scorer=False,
        self_scored=False,
        headers=headers(),
        criteria=(),
        notes=tuple(notes),
    )


def vote_place(item: Ranked, numbers: Numbers) -> str:
    tally = item.tally
    if tally.share is None:
        return _("not ranked yet")
    return _("rank {rank}, named on {votes} of {valid} valid ballots ({share})").format(
        rank=rank_text(item.rank, item.tied),
        votes=tally.votes,
        valid=tally.valid,
        share=numbers.percent(tally.share),
    )


def vote_gap(upper: Ranked, lower: Ranked) -> str:
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


class _PointsWriter:
    def __init__(self, rubric: Rubric, numbers: Numbers, root: Path, names: Mapping[str, str]) -> None:
        self.rubric = rubric
        self.numbers = numbers
        self.root = root
        self.names = names

    def n(self, value: Fraction | None) -> str:
        return self.numbers.points_or_dash(value)

    def line(self, criterion: CriterionScore, flagged: set[str]) -> CriterionLine:
        assigned = criterion.assigned
        return CriterionLine(
            criterion=criterion.criterion.id,
            scorer=criterion.scorer.name if criterion.scorer else "",
            method=method_name(criterion.criterion.method_kind) if assigned else _("Not assigned"),
            inputs=criterion_inputs_text(criterion, self.rubric.self_scored, self.numbers) if assigned else "",
            points=self.n(criterion.final if assigned else None),
            maximum=self.n(criterion.maximum if assigned else None),
            lost=self.n(criterion.lost if assigned else None),
            difference=self.n(criterion.difference) + (" !" if criterion.criterion.id in flagged else ""),
            source=source_text(criterion, self.root),
        )

    def relative(self, score: UnitScore) -> list[Note]:
        """A criterion scored relative to the cluster: its points depend on the others' results."""
        notes = []
        for criterion in score.criteria:
            computed = criterion.computed
            if computed is None or computed.method.kind != "relative":
                continue
            reference = computed.reference
            if reference is None:
                message = _("{id} is scored relative to the cluster; no other unit's result changes it now.")
                notes.append(Note(message.format(id=criterion.criterion.id)))
                continue
            message = _(
                "{id} is scored relative to the cluster: its points depend on the other units' results; the "
                "best result, {best}, set by {units}, earns the full {max}."
            )
            text = message.format(
                id=criterion.criterion.id,
                best=input_value(reference.value),
                units=", ".join(self.names.get(u, u) for u in reference.units),
                max=self.numbers.plain(computed.maximum),
            )
            notes.append(Note(text))
        return notes

    def totals(self, score: UnitScore) -> list[Note]:
        sections = "; ".join(f"{sid} {self.n(value)}" for sid, value in score.sections)
        line = _("Sections: {sections}; bonus {bonus}; penalty {penalty}; total {total} (exact {exact})").format(
            sections=sections,
            bonus=self.n(score.bonus),
            penalty=self.n(score.penalty),
            total=self.numbers.points(score.total),
            exact=self.numbers.plain(score.total_exact),
        )
        return [Note(line), *self._not_assigned(score), *self._scorers(score), *self._classification(score)]

    def _not_assigned(self, score: UnitScore) -> list[Note]:
        if not score.not_assigned:
            return []
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
            text = message.format(points=self.n(sections), rescaled=self.n(sections * score.scale_factor), **values)
            return [Note(text)]
        message = _("Not assigned: {ids}. The unit's sections are scored out of {assigned} instead of {scale}.")
        return [Note(message.format(**values))]

    def _scorers(self, score: UnitScore) -> list[Note]:
        parts = []
        for scorer, points, bonus in score.by_scorer():
            part = f"{scorer.name} {self.n(points)}"
            if bonus:
                part += " " + _("(bonus {bonus})").format(bonus=self.n(bonus))
            parts.append(part)
        return [Note(_("By scoring body: {parts}").format(parts="; ".join(parts)))] if parts else []

    def _classification(self, score: UnitScore) -> list[Note]:
        """Which floors decided the band: those of each band passed over, from the one the total reaches."""
        classified = score.classification
        if classified is None or not classified.missed:
            return []
        notes = [
            Note(
                _("Classification: {band}; the total reaches {by_total}, but floors decided:").format(
                    band=classified.band.label, by_total=classified.by_total.label
                )
            )
        ]
        for miss in classified.missed:
            text = _("not {band}: {miss}").format(band=miss.band.label, miss=floor_miss_text(miss))
            notes.append(Note(text, detail=True))
        return notes

    def neighbours(self, ranked: Sequence[Ranked], item: Ranked) -> list[Note]:
        index = list(ranked).index(item)
        notes = []
        if index > 0:
            notes += self._gap(ranked[index - 1], item)
        if index + 1 < len(ranked):
            notes += self._gap(item, ranked[index + 1])
        return notes

    def _gap(self, upper: Ranked, lower: Ranked) -> list[Note]:
        """How far apart two neighbours are, and the smallest gain that would put the lower one above."""
        names = {
            "upper": upper.score.unit.short_name,
            "lower": lower.score.unit.short_name,
            "upper_rank": rank_text(upper.rank, upper.tied),
            "lower_rank": rank_text(lower.rank, lower.tied),
        }
        if upper.rank == lower.rank:
            return [Note(_("{upper} and {lower} are tied at rank {upper_rank}: the meeting decides.").format(**names))]
        gap = Fraction(upper.score.total) - Fraction(lower.score.total)
        if gap == 0:
            apart = _(
                "{upper} (rank {upper_rank}) and {lower} (rank {lower_rank}) have equal totals; the "
                "tie-breaks put {upper} first."
            ).format(**names)
        else:
            apart = _("{upper} (rank {upper_rank}) is {gap} points above {lower} (rank {lower_rank}).").format(
                gap=self.n(gap), **names
            )
        margin = gain_to_pass(lower.score, upper.score, self.rubric.rounding)
        rooms = headroom(lower.score, margin, self.rubric)
        listed = ", ".join(f"{c.criterion.id} ({self.n(room)})" for c, room in rooms) or _("none")
        shown = shown_at_least(margin.gain, self.numbers.decimals)
        # "More than" only when the number shown is the boundary itself: a gain rounded up is already enough.
        strict = margin.strict and Fraction(shown) == margin.gain
        gain = self.numbers.mark(format(shown, "f"))
        return [Note(apart), Note(_margin_message(strict).format(gain=gain, criteria=listed, **names))]


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

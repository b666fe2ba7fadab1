"""emul explain: why a unit has its points, what separates it from its neighbours, and how it compares."""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..errors import UsageError
from ..i18n import _, current_language
from ..locale_vi import number
from ..periods import choose_period
from ..project import load_project
from ..ranking import Ranked, rank_units
from ..scoring.sheet import CriterionScore, UnitScore, score_period


def run(folder: Path, unit_id: str, period_id: str | None, versus: str | None, console: Console) -> int:
    project = load_project(folder)
    period = choose_period(project, period_id)
    if period.kind == "so_ket":
        raise UsageError(
            _("period {period} is a sơ kết: there are no scores to explain yet").format(period=period.id),
            hint=_("use 'emul score --period {period}' to see the progress").format(period=period.id),
        )
    scores = score_period(project, period)
    ballot = next((b.model for b in project.ballots if b.model.period == period.id), None)
    ranked = rank_units(scores.units, scores.rubric, ballot)
    decimals = scores.rubric.rounding.decimals
    explainer = _Explainer(console, decimals, folder)
    subject = _find(ranked, unit_id)
    if versus is not None:
        explainer.compare(subject, _find(ranked, versus))
    else:
        explainer.explain(subject, period.title)
        explainer.neighbours(ranked, subject)
    return 0


def _find(ranked: list[Ranked], unit_id: str) -> Ranked:
    for item in ranked:
        if item.score.unit.id == unit_id:
            return item
    raise UsageError(
        _("unit '{unit}' is not scored in this period").format(unit=unit_id),
        hint=_("units: {ids}").format(ids=", ".join(sorted(i.score.unit.id for i in ranked))),
    )


class _Explainer:
    def __init__(self, console: Console, decimals: int, root: Path) -> None:
        self.console = console
        self.root = root
        self.decimals = decimals
        self.comma = current_language() == "vi"

    def n(self, value: Fraction | None) -> str:
        return "—" if value is None else number(value, self.decimals, self.comma)

    def explain(self, item: Ranked, period_title: str) -> None:
        score = item.score
        self.console.print(
            Text(
                _("{unit} — {period}: {total} points, rank {rank} ({band})").format(
                    unit=score.unit.name,
                    period=period_title,
                    total=number(score.total, self.decimals, self.comma),
                    rank=item.rank,
                    band=score.classification.band.label,
                ),
                style="bold",
            )
        )
        table = Table(show_lines=False)
        numeric = (_("Points"), _("Max"), _("Lost"), _("Self − appraised"))
        for header in (_("Criterion"), _("Method"), _("Inputs"), *numeric, _("Source")):
            table.add_column(header, justify="right" if header in numeric else "left")
        flagged = {c.criterion.id for c in score.flagged_differences}
        for criterion in score.criteria:
            table.add_row(
                criterion.criterion.id,
                criterion.criterion.method.kind if criterion.criterion.method else "",
                Text(self._inputs(criterion)),
                self.n(criterion.final),
                self.n(criterion.maximum),
                self.n(criterion.lost),
                self.n(criterion.difference) + (" !" if criterion.criterion.id in flagged else ""),
                Text(_source(criterion, self.root)),
            )
        self.console.print(table)
        self._totals(score)

    def _inputs(self, score: CriterionScore) -> str:
        parts = [f"{name}={value}" for name, value in score.computed.inputs] if score.computed else []
        if score.computed is None or score.self_points != score.computed.points:
            parts.append(_("self={points}").format(points=self.n(score.self_points)))
        if score.computed is None or score.appraised_points != score.computed.points:
            parts.append(_("appraised={points}").format(points=self.n(score.appraised_points)))
        if score.peers:
            parts.append(_("peers={points}").format(points="/".join(self.n(p) for p in score.peers)))
        if score.computed is not None:
            parts.append(score.computed.rule)
        return ", ".join(parts)

    def _totals(self, score: UnitScore) -> None:
        sections = "; ".join(f"{sid} {self.n(value)}" for sid, value in score.sections)
        self.console.print(
            Text(
                _("Sections: {sections}; bonus {bonus}; penalty {penalty}; total {total} (exact {exact})").format(
                    sections=sections,
                    bonus=self.n(score.bonus),
                    penalty=self.n(score.penalty),
                    total=number(score.total, self.decimals, self.comma),
                    exact=_exact(score.total_exact),
                )
            )
        )
        below = score.classification.below_floor
        if below:
            self.console.print(
                Text(
                    _("Classification: {band} by total, lowered because of {ids}").format(
                        band=score.classification.by_total.label, ids=", ".join(cid for cid, _share in below)
                    )
                )
            )

    def neighbours(self, ranked: list[Ranked], item: Ranked) -> None:
        index = ranked.index(item)
        if index > 0:
            self._gap(ranked[index - 1], item, climbing=item)
        if index + 1 < len(ranked):
            self._gap(item, ranked[index + 1], climbing=ranked[index + 1])

    def _gap(self, upper: Ranked, lower: Ranked, climbing: Ranked) -> None:
        gap = Fraction(upper.score.total) - Fraction(lower.score.total)
        headroom = [c for c in climbing.score.criteria if c.part != "penalty" and c.lost >= gap and c.lost > 0]
        self.console.print(
            Text(
                _("{upper} (rank {upper_rank}) is {gap} points above {lower} (rank {lower_rank}).").format(
                    upper=upper.score.unit.short_name,
                    upper_rank=upper.rank,
                    gap=self.n(gap),
                    lower=lower.score.unit.short_name,
                    lower_rank=lower.rank,
                )
            )
        )
        if gap == 0:
            self.console.print(Text(_("Equal totals: the tie-break cascade decides.")))
            return
        listed = ", ".join(f"{c.criterion.id} ({self.n(c.lost)})" for c in headroom) or _("none")
        self.console.print(
            Text(
                _(
                    "To swap them, {unit} needs {gap} more points (ties go to the tie-breaks); "
                    "criteria where it still has that much below the max: {criteria}"
                ).format(unit=climbing.score.unit.short_name, gap=self.n(gap), criteria=listed)
            )
        )

    def compare(self, first: Ranked, second: Ranked) -> None:
        a, b = first.score, second.score
        heading = _("{first} ({first_total}, rank {first_rank}) — {second} ({second_total}, rank {second_rank})")
        self.console.print(
            Text(
                heading.format(
                    first=a.unit.short_name,
                    first_total=self.n(Fraction(a.total)),
                    first_rank=first.rank,
                    second=b.unit.short_name,
                    second_total=self.n(Fraction(b.total)),
                    second_rank=second.rank,
                ),
                style="bold",
            )
        )
        table = Table()
        for header in (_("Criterion"), a.unit.short_name, b.unit.short_name, _("Difference")):
            table.add_column(header, justify="left" if header == _("Criterion") else "right")
        wins: dict[str, list[str]] = {a.unit.id: [], b.unit.id: []}
        for left, right in zip(a.criteria, b.criteria, strict=True):
            difference = left.final - right.final
            sign = -1 if left.part == "penalty" else 1
            if difference:
                wins[a.unit.id if difference * sign > 0 else b.unit.id].append(left.criterion.id)
            table.add_row(left.criterion.id, self.n(left.final), self.n(right.final), self.n(difference))
        self.console.print(table)
        for unit in (a, b):
            self.console.print(
                Text(
                    _("{unit} is ahead on: {criteria}").format(
                        unit=unit.unit.short_name, criteria=", ".join(wins[unit.unit.id]) or _("none")
                    )
                )
            )


def _source(score: CriterionScore, root: Path) -> str:
    """file:line of the entry, relative to the cluster folder to keep the column short."""
    if score.source is None:
        return _("(no entry)")
    return f"{Path(os.path.relpath(score.source.file, root)).as_posix()}:{score.source.line}"


def _exact(value: Fraction) -> str:
    from ..scoring.results import exact_text

    return exact_text(value)

"""The few lines of formalism figures after `emul history`'s table; the figures and their definitions are the
core's (rollup/formalism.py), the JSON carries them all."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from ..i18n import _
from ..ranking.rank import Basis
from ..rollup.formalism import STD_DEV_DECIMALS, Bunching, Concentration, Formalism, Inflation, Turns
from ..rollup.history import History
from ..text.numbers import Numbers

if TYPE_CHECKING:
    from .history import Shown


def print_formalism(shown: Shown, figures: Formalism, console: Console) -> None:
    lines = [_("Formalism figures (data, not verdicts; definitions in --format json):")]
    lines += _bunching_lines(shown, figures.bunching)
    lines += _turns_lines(shown.history, figures.turns)
    lines += _inflation_lines(shown.history, figures.inflation)
    lines += _concentration_lines(shown.history, figures.concentration)
    for line in lines:
        console.print(Text(line))


def _names(history: History, unit_ids: Iterable[str]) -> str:
    return ", ".join(history.unit(unit).unit.short_name for unit in unit_ids) or _("none")


def _deviation(numbers: Numbers) -> Numbers:
    """The standard deviation is already rounded at its own decimals: shown as it is."""
    return replace(numbers, decimals=STD_DEV_DECIMALS, mode="half_up")


def _bunching_lines(shown: Shown, found: Bunching) -> list[str]:
    """The year-end figures only: the sơ kết's are in the JSON."""
    history = shown.history
    index = {column.period.id: i for i, column in enumerate(history.periods)}
    lines = []
    for spread in (s for s in found.spreads if not s.provisional):
        numbers = shown.numbers[index[spread.period_id]]
        line = _("{period}: range {range}, std. deviation {std_dev}, {near} of {counted} within 1 point of the leader")
        lines.append(
            line.format(
                period=spread.period_id,
                range=numbers.points(spread.range),
                std_dev=_deviation(numbers).points(spread.std_dev),
                near=spread.within_one_point,
                counted=spread.counted,
            )
        )
        if spread.left_out:
            lines.append(_("not counted (no assessment): {units}").format(units=_names(history, spread.left_out)))
    for change in found.changes:
        if history.periods[index[change.after]].provisional:
            continue
        numbers = replace(shown.numbers[index[change.after]], decimals=change.decimals)
        line = _("{before} → {after}: range {range}, std. deviation {std_dev}")
        range_change, std_dev_change = numbers.signed(change.range), _deviation(numbers).signed(change.std_dev)
        lines.append(line.format(before=change.before, after=change.after, range=range_change, std_dev=std_dev_change))
    if found.by_vote and found.spreads:  # a history ranked by vote only has no totals to speak of
        lines.append(_("no totals, ranked by vote: {periods}").format(periods=", ".join(found.by_vote)))
    return ["  " + line for line in lines]


def _turns_lines(history: History, found: Turns) -> list[str]:
    if not found.years:
        return []
    leaders = ", ".join(f"{year.year} {_names(history, year.leaders)}" for year in found.years)
    lines = [_("rank 1: {leaders}; changed {count} times").format(leaders=leaders, count=found.leader_changes)]
    given = [year for year in found.years if year.recipients]
    if given:
        recipients = ", ".join(
            f"{year.year} "
            + ", ".join(
                _("{unit} (rank {rank})").format(unit=_names(history, [r.unit_id]), rank=r.rank)
                for r in year.recipients
            )
            for year in given
        )
        line = _("{title}: {recipients}; {to_leader} of {years} years to the rank-1 unit, {in_turn} passed in turn")
        title = given[-1].top_title or ""
        years = len(found.years)
        to_leader, in_turn = found.top_to_leader, found.top_in_turn
        lines.append(line.format(title=title, recipients=recipients, to_leader=to_leader, years=years, in_turn=in_turn))
        if found.without_top_award:
            periods = ", ".join(found.without_top_award)
            lines.append(_("no Cờ thi đua proposal passed (yet): {periods}").format(periods=periods))
    else:
        lines.append(_("no Cờ thi đua proposal passed in these years"))
    return ["  " + line for line in lines]


def _inflation_lines(history: History, found: Inflation) -> list[str]:
    lines = []
    if found.years:
        units = _names(history, found.consistently_above)
        lines.append(_("self-score minus appraisal above the cluster's median every year: {units}").format(units=units))
    by_points = {column.period.id for column in history.periods if column.basis is Basis.POINTS}
    without = [period for period in found.not_counted if period in by_points]  # by vote: no points at all
    if without:
        lines.append(_("no self scores to compare: {periods}").format(periods=", ".join(without)))
    return ["  " + line for line in lines]


def _concentration_lines(history: History, found: Concentration) -> list[str]:
    if not any(unit.years for unit in found.units):
        return []
    counted = sorted((unit for unit in found.units if unit.proposals), key=lambda unit: -unit.proposals)
    listed = ", ".join(f"{history.unit(unit.unit_id).unit.short_name} {unit.proposals}" for unit in counted)
    return ["  " + _("proposals passed, per unit: {units}").format(units=listed or _("none"))]

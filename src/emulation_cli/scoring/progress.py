"""Sơ kết: how each unit stands on its covenant commitments (no ranking before the year's end)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from ..model.cluster import Period
from ..model.units import Unit
from ..validation.project import Project
from .commitments import CommitmentOutcome, Status, outcomes


@dataclass(frozen=True)
class UnitProgress:
    unit: Unit
    outcomes: tuple[CommitmentOutcome, ...]

    def count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status is status)

    @property
    def behind(self) -> tuple[CommitmentOutcome, ...]:
        return tuple(o for o in self.outcomes if o.status is not Status.MET)


def elapsed_share(period: Period) -> Fraction:
    """The share of the calendar year that has passed at the end of the period (1/2 at the end of June)."""
    year_start = date(period.end.year, 1, 1)
    days_in_year = (date(period.end.year + 1, 1, 1) - year_start).days
    return Fraction((period.end - year_start).days + 1, days_in_year)


def period_progress(project: Project, period: Period) -> tuple[UnitProgress, ...]:
    covenant = project.covenant.model if project.covenant else None
    assessments = project.assessments_for(period.id)
    elapsed = elapsed_share(period)
    return tuple(
        UnitProgress(
            project.unit(unit),
            tuple(
                outcomes(
                    covenant,
                    assessments[unit].model if unit in assessments else None,
                    unit,
                    elapsed,
                    project.roster.predecessors(unit, period),
                )
            ),
        )
        for unit in project.members(period)
    )

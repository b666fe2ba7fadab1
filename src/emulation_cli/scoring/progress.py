"""Sơ kết: how each unit stands on its covenant commitments (no ranking before the year's end)."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.cluster import Period
from ..model.units import Unit
from ..project import Project
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


def period_progress(project: Project, period: Period) -> tuple[UnitProgress, ...]:
    covenant = project.covenant.model if project.covenant else None
    assessments = project.assessments_for(period.id)
    return tuple(
        UnitProgress(
            project.unit(unit),
            tuple(outcomes(covenant, assessments[unit].model if unit in assessments else None, unit)),
        )
        for unit in project.members(period)
    )

"""Choosing the period a command works on."""

from __future__ import annotations

from ..errors import UsageError
from ..i18n import _
from ..model.cluster import Period
from .project import Project


def choose_period(project: Project, period_id: str | None) -> Period:
    """The named period, or the latest one (the year's tổng kết rather than its sơ kết)."""
    periods = project.cluster.model.periods
    if period_id is None:
        return max(periods, key=lambda p: (p.end, p.kind == "tong_ket", p.id))
    for period in periods:
        if period.id == period_id:
            return period
    raise UsageError(
        _("there is no period '{period}'").format(period=period_id),
        hint=_("periods: {ids}").format(ids=", ".join(p.id for p in periods)),
    )

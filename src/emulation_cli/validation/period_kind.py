"""A period whose dates say the opposite of its `kind`: a whole year declared a sơ kết, half a year a tổng kết."""

from __future__ import annotations

from ..i18n import _
from ..loading.files import Loaded
from ..model.cluster import Cluster, Period
from .reporter import Reporter

WHOLE_YEAR_DAYS = 330  # a year-end review often counts from 1 or 15 December of the year before to 30 November
HALF_YEAR_END_MONTH = 6  # a tổng kết never ends by June: it reviews the year


def check_period_kinds(reporter: Reporter, source: Loaded[Cluster], cluster: Cluster) -> None:
    for index, period in enumerate(cluster.periods):
        if period.end < period.start:
            continue  # reported as inverted dates
        path = ("periods", index, "kind")
        if period.kind == "so_ket" and _is_year_end(period, cluster.year):
            reporter.warning(
                source,
                path,
                "year-end-as-so-ket",
                _(
                    "period '{id}' ({start} – {end}) covers the year but is declared `kind: so_ket` (a mid-year review)"
                ).format(id=period.id, start=period.start.isoformat(), end=period.end.isoformat()),
                _("write `kind: tong_ket` for the year-end review (tổng kết)"),
            )
        elif period.kind == "tong_ket" and period.end.month <= HALF_YEAR_END_MONTH and period.id != str(cluster.year):
            reporter.warning(
                source,
                path,
                "mid-year-as-tong-ket",
                _(
                    "period '{id}' ends on {end}, mid-year, but is declared `kind: tong_ket` (the year-end review)"
                ).format(id=period.id, end=period.end.isoformat()),
                _("write `kind: so_ket` for a review during the year (sơ kết)"),
            )


def _is_year_end(period: Period, year: int) -> bool:
    return period.id == str(year) or (period.end - period.start).days >= WHOLE_YEAR_DAYS

"""Checks of units.yaml: unique ids, dated membership, merges."""

from __future__ import annotations

from itertools import pairwise

from ..i18n import _
from ..loading.files import Loaded, LoadResult
from ..model.units import Unit, UnitsFile
from .reporter import Reporter, report_duplicate_ids, report_unknown


def check(result: LoadResult, reporter: Reporter) -> None:
    if result.units is None:
        return
    source = result.units
    units = source.model.units
    report_duplicate_ids(reporter, source, ("units",), [u.id for u in units], "unit")
    known = {u.id for u in units}
    for index, unit in enumerate(units):
        _check_spans(reporter, source, index, unit)
        _check_merge(reporter, source, index, unit, known)


def _check_spans(reporter: Reporter, source: Loaded[UnitsFile], index: int, unit: Unit) -> None:
    spans = unit.membership
    for j, span in enumerate(spans):
        if span.end is not None and span.end < span.start:
            reporter.error(
                source,
                ("units", index, "membership", j, "end"),
                "date-inverted",
                _("membership ends ({end}) before it starts ({start})").format(
                    end=span.end.isoformat(), start=span.start.isoformat()
                ),
                _("swap the two dates or correct the year"),
            )
    ordered = sorted(range(len(spans)), key=lambda j: spans[j].start)
    for a, b in pairwise(ordered):
        earlier, later = spans[a], spans[b]
        if earlier.end is None or earlier.end >= later.start:
            reporter.error(
                source,
                ("units", index, "membership", b, "start"),
                "date-overlap",
                _("this membership period overlaps the one starting {start}").format(start=earlier.start.isoformat()),
                _("membership periods of one unit must not overlap; end the earlier one first"),
            )


def _check_merge(reporter: Reporter, source: Loaded[UnitsFile], index: int, unit: Unit, known: set[str]) -> None:
    merge = unit.merged
    if merge is None:
        return
    if merge.into == unit.id:
        reporter.error(
            source, ("units", index, "merged", "into"), "merge-self", _("a unit cannot be merged into itself")
        )
    elif merge.into not in known:
        report_unknown(reporter, source, ("units", index, "merged", "into"), "unit", merge.into, known)
    last_end = max((s.end for s in unit.membership if s.end is not None), default=None)
    if any(s.end is None for s in unit.membership) or (last_end is not None and last_end > merge.date):
        reporter.warning(
            source,
            ("units", index, "merged", "date"),
            "merge-membership",
            _("the unit was merged on {date} but its membership does not end by then").format(
                date=merge.date.isoformat()
            ),
            _("set the `end` of its last membership period to the merge date"),
        )

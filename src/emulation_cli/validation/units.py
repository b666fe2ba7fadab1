"""Checks of units.yaml: unique ids, dated membership, merges."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

from ..i18n import _
from ..loading.document import YamlPath
from ..loading.files import Loaded, LoadResult
from ..model.units import Unit, UnitsFile
from .file_names import report_unusable_names
from .reporter import Reporter, report_duplicate_ids


def check(result: LoadResult, reporter: Reporter) -> None:
    if result.units is None:
        return
    source = result.units
    units = source.model.units
    report_duplicate_ids(reporter, source, ("units",), [u.id for u in units], "unit")
    report_unusable_names(reporter, source, ("units",), [u.id for u in units], "unit")
    known = {u.id for u in units}
    for index, unit in enumerate(units):
        _check_spans(reporter, source, index, unit)
        _check_end(reporter, source, index, unit, known)
        _check_heads(reporter, source, index, unit)


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


def _check_end(reporter: Reporter, source: Loaded[UnitsFile], index: int, unit: Unit, known: set[str]) -> None:
    """A body ends once at most (merged, split or dissolved), into bodies that are named, and its membership
    does not outlast it."""
    ends = [name for name in ("merged", "split", "dissolved") if getattr(unit, name) is not None]
    if len(ends) > 1:
        reporter.error(
            source,
            ("units", index, ends[1]),
            "ended-twice",
            _("a body ends only once, but this unit is declared both {first} and {second}").format(
                first=ends[0], second=ends[1]
            ),
            _("keep the one that happened first"),
        )
    if unit.merged is not None:
        _check_successor(reporter, source, ("units", index, "merged"), unit, unit.merged.into, unit.merged.name, known)
    if unit.split is not None:
        for j, part in enumerate(unit.split.into):
            _check_successor(reporter, source, ("units", index, "split", "into", j), unit, part.unit, part.name, known)
    ceased = unit.ceased
    late = [(j, "start") for j, s in enumerate(unit.membership) if ceased is not None and s.start >= ceased]
    late += [(j, "end") for j, s in enumerate(unit.membership) if ceased is not None and s.end and s.end >= ceased]
    if ceased is not None and late:
        reporter.error(
            source,
            ("units", index, "membership", *late[0]),
            "member-after-end",
            _("the unit no longer exists from {date}, but this membership period runs on to or past that day").format(
                date=ceased.isoformat()
            ),
            _("end the membership on the day before ({date}), or leave `end` out").format(
                date=(ceased - timedelta(days=1)).isoformat()
            ),
        )


def _check_successor(
    reporter: Reporter,
    source: Loaded[UnitsFile],
    path: YamlPath,
    unit: Unit,
    successor: str,
    name: str | None,
    known: set[str],
) -> None:
    key = "into" if path[-1] == "merged" else "unit"
    if successor == unit.id:
        reporter.error(source, (*path, key), "merge-self", _("a unit cannot be merged into itself"))
    elif successor not in known and name is None:
        reporter.error(
            source,
            (*path, key),
            "successor-unnamed",
            _("'{unit}' is not in units.yaml and no name is given for it").format(unit=successor),
            _(
                "add `name:` with the receiving body's full name, or list the body in units.yaml (without "
                "`membership` when it is not a member)"
            ),
        )


def _check_heads(reporter: Reporter, source: Loaded[UnitsFile], index: int, unit: Unit) -> None:
    if unit.head is not None and unit.heads:
        reporter.error(
            source,
            ("units", index, "heads"),
            "head-and-heads",
            _("give either `head` or the dated list `heads`, not both"),
            _("move the head into `heads` with its `start` and `end`"),
        )
    for j, head in enumerate(unit.heads):
        if head.start is not None and head.end is not None and head.end < head.start:
            reporter.error(
                source,
                ("units", index, "heads", j, "end"),
                "date-inverted",
                _("the head's term ends ({end}) before it starts ({start})").format(
                    end=head.end.isoformat(), start=head.start.isoformat()
                ),
                _("swap the two dates or correct the year"),
            )
    ordered = sorted(range(len(unit.heads)), key=lambda j: unit.heads[j].start or date.min)
    for a, b in pairwise(ordered):
        earlier, later = unit.heads[a], unit.heads[b]
        if earlier.end is None or later.start is None or earlier.end >= later.start:
            reporter.error(
                source,
                ("units", index, "heads", b),
                "head-overlap",
                _("two heads of the unit hold office on the same day"),
                _("end the earlier head's term (`end`) the day before the next one starts (`start`)"),
            )

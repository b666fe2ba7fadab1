"""Checks of the people who sign the documents: every member's head has a name, and the unit that appraises the
cụm trưởng's own score sheet is one that may (one person never signs both sides of a sheet)."""

from __future__ import annotations

from ..i18n import _
from ..loading.files import Loaded, LoadResult
from ..model.cluster import Cluster
from ..model.units import Unit, UnitsFile
from .reporter import Reporter, report_unknown


def check(result: LoadResult, reporter: Reporter) -> None:
    if result.cluster is None or result.units is None:
        return
    listed = {m.unit for year in result.cluster.model.members for m in year.members}
    for index, unit in enumerate(result.units.model.units):
        if unit.id in listed:
            _warn_unnamed_head(reporter, result.units, index, unit)
    _check_leader_appraiser(reporter, result.cluster, {u.id for u in result.units.model.units})


def _warn_unnamed_head(reporter: Reporter, source: Loaded[UnitsFile], index: int, unit: Unit) -> None:
    """A member's head signs the giao ước and the unit's score sheet (and the cluster's documents in the years
    the unit leads it): without a name, the documents print "……" where the name goes."""
    message = _("the head of '{unit}' has no name: the documents print '……' under the signature").format(unit=unit.id)
    if unit.head is None and not unit.heads:
        reporter.warning(
            source,
            ("units", index),
            "head-unnamed",
            _("no head is declared for '{unit}': the documents print '……' under the signature").format(unit=unit.id),
            _("add `head:` with the head's `title:` and `name:` (the person who signs)"),
        )
    elif unit.head is not None and unit.head.name is None:
        hint = _("add `name:` under `head` (the person who signs)")
        reporter.warning(source, ("units", index, "head"), "head-unnamed", message, hint)
    for j, head in enumerate(unit.heads):
        if head.name is None:
            hint = _("add `name:` to this entry of `heads` (the person who signs)")
            reporter.warning(source, ("units", index, "heads", j), "head-unnamed", message, hint)


def _check_leader_appraiser(reporter: Reporter, source: Loaded[Cluster], known: set[str]) -> None:
    """`scoring.leader_appraised_by` names a member of the cluster's year other than its cụm trưởng."""
    cluster = source.model
    appraiser = cluster.scoring.leader_appraised_by
    if appraiser is None:
        return
    path = ("scoring", "leader_appraised_by")
    if appraiser not in known:
        report_unknown(reporter, source, path, "unit", appraiser, known)
        return
    year = next((entry for entry in cluster.members if entry.year == cluster.year), None)
    roles = {m.unit: m.role for m in year.members} if year else {}
    if appraiser not in roles:
        reporter.error(
            source,
            path,
            "appraiser-not-member",
            _("'{unit}' is not a member in {year}: it cannot appraise the cụm trưởng's score sheet").format(
                unit=appraiser, year=cluster.year
            ),
            _("name a member of {year}, or leave the key out (the cụm phó appraises)").format(year=cluster.year),
        )
    elif roles[appraiser] == "cum_truong":
        reporter.error(
            source,
            path,
            "appraiser-is-leader",
            _("'{unit}' is the cụm trưởng in {year}: it cannot appraise its own score sheet").format(
                unit=appraiser, year=cluster.year
            ),
            _("name another member, or leave the key out (the cụm phó appraises)"),
        )

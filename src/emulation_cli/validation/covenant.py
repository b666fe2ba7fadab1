"""Checks of covenant.yaml: year, ids, who commits, which criterion and movement each commitment feeds."""

from __future__ import annotations

from ..i18n import _
from ..loading.document import YamlPath
from ..loading.files import Loaded, LoadResult
from ..model.covenant import Covenant
from .membership import not_a_member
from .reporter import Reporter, report_duplicate_ids, report_unknown
from .rubric import walk_criteria


def check(result: LoadResult, reporter: Reporter) -> None:
    _warn_commitment_method_without_covenant(result, reporter)
    if result.covenant is None:
        return
    source = result.covenant
    covenant = source.model
    if result.cluster is not None and covenant.year != result.cluster.model.year:
        reporter.error(
            source,
            ("year",),
            "year-mismatch",
            _("the covenant is for {year} but the cluster year is {cluster_year}").format(
                year=covenant.year, cluster_year=result.cluster.model.year
            ),
        )
    report_duplicate_ids(reporter, source, ("movements",), [m.id for m in covenant.movements], "movement")
    report_duplicate_ids(reporter, source, ("commitments",), [c.id for c in covenant.commitments], "commitment")
    _check_references(result, reporter, source)


def _check_references(result: LoadResult, reporter: Reporter, source: Loaded[Covenant]) -> None:
    movements = {m.id for m in source.model.movements}
    units = result.unit_ids()
    criteria = {c.id for _p, c in walk_criteria(result.rubric.model)} if result.rubric else None
    for index, item in enumerate(source.model.commitments):
        base = ("commitments", index)
        if item.unit is not None and units is not None and item.unit not in units:
            report_unknown(reporter, source, (*base, "unit"), "unit", item.unit, units)
        elif item.unit is not None:
            _warn_not_a_party(result, reporter, source, (*base, "unit"), item.unit)
        if item.movement is not None and item.movement not in movements:
            report_unknown(reporter, source, (*base, "movement"), "movement", item.movement, movements)
        if result.ranks_by_vote:
            if item.criterion is not None:
                reporter.error(
                    source,
                    (*base, "criterion"),
                    "criterion-without-rubric",
                    _("cluster.yaml declares no rubric (the cluster ranks by vote): there is no criterion to feed"),
                    _("remove `criterion`"),
                    on_key=True,
                )
        elif item.criterion is None:
            reporter.warning(
                source,
                base,
                "commitment-without-criterion",
                _("commitment '{id}' feeds no criterion").format(id=item.id),
                _("add `criterion:` with the id of the rubric criterion it counts towards"),
            )
        elif criteria is not None and item.criterion not in criteria:
            report_unknown(reporter, source, (*base, "criterion"), "criterion", item.criterion, criteria)


def _warn_commitment_method_without_covenant(result: LoadResult, reporter: Reporter) -> None:
    if result.rubric is None or (result.covenant_present and result.covenant is None):
        return
    if result.covenant is not None and result.covenant.model.commitments:
        return
    if result.covenant is None and result.cluster is None:
        return
    for path, criterion in walk_criteria(result.rubric.model):
        if criterion.from_commitments:
            reporter.warning(
                result.rubric,
                (*path, "method"),
                "no-commitments",
                _("criterion '{id}' scores covenant commitments, but the cluster has none").format(id=criterion.id),
                _("declare the commitments in covenant.yaml"),
            )


def _warn_not_a_party(
    result: LoadResult, reporter: Reporter, source: Loaded[Covenant], path: YamlPath, unit: str
) -> None:
    """The parties to a covenant are the members on its signing date."""
    roster, signing = result.roster(), source.model.signing
    if roster is None or signing is None:
        return
    day = roster.parties_day(signing.date, source.model.year)
    if roster.is_member(unit, day):
        return
    reporter.warning(
        source,
        path,
        "commitment-not-a-party",
        not_a_member(roster, unit, day),
        _("the parties to the covenant are the members on its signing date; check the unit or the date"),
    )

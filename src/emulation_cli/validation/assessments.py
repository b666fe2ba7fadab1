"""Checks of assessments/<period>/<unit>.yaml against the cluster, the rubric and the covenant."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path, PurePosixPath

from ..i18n import _
from ..loading.diagnostics import dates_of_period
from ..loading.files import Loaded, LoadResult
from ..model.assessment import Assessment, CriterionEntry
from ..model.cluster import Period
from ..model.rubric import METHOD_FACTS, Criterion, ManualMethod, PriorAwardMethod, Rubric
from ..text.numbers import said_exact
from .assessment_fit import check_awards, check_rubric_fit, optional_items
from .membership import not_a_member
from .reporter import Reporter, report_unknown
from .rubric import walk_criteria


def check(result: LoadResult, reporter: Reporter) -> None:
    periods = {p.id: p for p in result.cluster.model.periods} if result.cluster else None
    units = result.unit_ids()
    # Every criterion and the leaves by id, once for all the assessment files.
    rubric = result.rubric.model if result.rubric else None
    criteria = ({c.id: c for _p, c in walk_criteria(rubric)}, rubric.leaves()) if rubric else ({}, {})
    optional = frozenset(optional_items(rubric)) if rubric else frozenset()
    for source in result.assessments:
        _check_place(reporter, source)
        unknown_unit = units is not None and source.model.unit not in units
        if unknown_unit:
            report_unknown(reporter, source, ("unit",), "unit", source.model.unit, units or ())
        period = _check_period(reporter, source, periods)
        if period is not None and result.cluster is not None and not unknown_unit:
            with reporter.relying_on(dates_of_period(period.id)):
                _check_membership(result, reporter, source, period)
        if rubric is not None:
            _check_criteria(reporter, source, rubric, criteria, optional, units, period)
            check_rubric_fit(reporter, source, rubric)
        elif result.ranks_by_vote and source.model.criteria:
            reporter.error(
                source,
                ("criteria",),
                "criteria-without-rubric",
                _("cluster.yaml declares no rubric (the cluster ranks by vote): there are no criteria to score"),
                _("remove `criteria`, or declare the rubric in cluster.yaml"),
                on_key=True,
            )
        inherited = _inherited(result, source, period)
        _check_commitments(result, reporter, source, inherited)
        if period is not None and period.kind == "tong_ket":
            _warn_missing_commitment_results(result, reporter, source, inherited)
        _check_gates(result, reporter, source)
    _warn_missing_assessments(result, reporter)


def _check_place(reporter: Reporter, source: Loaded[Assessment]) -> None:
    path = source.doc.path or Path(source.file)
    if path.stem != source.model.unit:
        reporter.error(
            source,
            ("unit",),
            "file-name-mismatch",
            _("the file is named after unit '{name}' but declares unit '{unit}'").format(
                name=path.stem, unit=source.model.unit
            ),
            _("name the file assessments/<period>/<unit>.yaml"),
        )
    if path.parent.name != source.model.period:
        reporter.error(
            source,
            ("period",),
            "file-name-mismatch",
            _("the file is in the folder of period '{name}' but declares period '{period}'").format(
                name=path.parent.name, period=source.model.period
            ),
            _("name the file assessments/<period>/<unit>.yaml"),
        )


def _check_period(reporter: Reporter, source: Loaded[Assessment], periods: dict[str, Period] | None) -> Period | None:
    if periods is None:
        return None
    period = periods.get(source.model.period)
    if period is None:
        report_unknown(reporter, source, ("period",), "period", source.model.period, periods)
    return period


def _check_membership(result: LoadResult, reporter: Reporter, source: Loaded[Assessment], period: Period) -> None:
    """An assessment for a unit that was never a member during the period is an error; for one that left
    during it (and so is not ranked in it), a warning: its scores are kept but not ranked."""
    roster, unit = result.roster(), source.model.unit
    if roster is None or unit not in (result.unit_ids() or ()):
        return
    if unit not in roster.members_between(period.start, period.end):
        reporter.error(
            source,
            ("unit",),
            "not-a-member",
            _("unit '{unit}' is not a member of the cluster at any time in period {period} ({start} – {end})").format(
                unit=unit, period=period.id, start=period.start.isoformat(), end=period.end.isoformat()
            ),
            _("add it under `members` in cluster.yaml (and its `membership` in units.yaml) or remove this file"),
        )
    elif unit not in roster.ranked(period):
        reporter.warning(
            source,
            ("unit",),
            "not-ranked",
            _("{reason}; this assessment is kept but the unit is not ranked in period {period}").format(
                reason=not_a_member(roster, unit, period.end), period=period.id
            ),
            _("the period ranks the units named by `membership.ranked` in cluster.yaml"),
        )


def _check_criteria(
    reporter: Reporter,
    source: Loaded[Assessment],
    rubric: Rubric,
    criteria: tuple[dict[str, Criterion], dict[str, Criterion]],
    optional: frozenset[str],
    units: set[str] | None,
    period: Period | None,
) -> None:
    every, leaves = criteria
    for criterion_id, entry in source.model.criteria.items():
        path = ("criteria", criterion_id)
        if criterion_id not in every:
            report_unknown(reporter, source, path, "criterion", criterion_id, leaves, on_key=True)
        elif criterion_id not in leaves:
            reporter.error(
                source,
                path,
                "not-a-leaf",
                _("criterion '{id}' has sub-criteria; score those instead").format(id=criterion_id),
                _("sub-criteria: {ids}").format(ids=", ".join(c.id for c in every[criterion_id].leaves())),
                on_key=True,
            )
        else:
            _check_entry(reporter, source, path, leaves[criterion_id], entry, units)
    if period is not None and period.kind == "tong_ket":
        # Bonus and penalty items are optional (not entered: 0); criteria not assigned have nothing to enter.
        skipped = optional | rubric.leaves_under(source.model.not_assigned)
        missing = [
            cid
            for cid, leaf in leaves.items()
            if cid not in source.model.criteria and not leaf.from_commitments and cid not in skipped
        ]
        if missing:
            reporter.warning(
                source,
                ("criteria",),
                "criteria-missing",
                _("criteria without an entry, scored 0 ({count}): {ids}").format(
                    count=len(missing), ids=", ".join(missing[:10]) + (", …" if len(missing) > 10 else "")
                ),
                on_key=True,
            )


def _check_entry(
    reporter: Reporter,
    source: Loaded[Assessment],
    path: tuple[str, str],
    criterion: Criterion,
    entry: CriterionEntry,
    units: set[str] | None,
) -> None:
    for key, value in (("self", entry.self_score), ("appraised", entry.appraised)):
        if value is not None and value > criterion.max:
            _above_max(reporter, source, (*path, key), value, criterion)
    for scorer, value in entry.peers.items():
        if units is not None and scorer not in units:
            report_unknown(reporter, source, (*path, "peers", scorer), "unit", scorer, units, on_key=True)
        if scorer == source.model.unit:
            reporter.error(
                source,
                (*path, "peers", scorer),
                "self-peer",
                _("a unit cannot cross-score itself"),
                _("put its own score under `self`"),
                on_key=True,
            )
        if value > criterion.max:
            _above_max(reporter, source, (*path, "peers", scorer), value, criterion)
    _check_facts(reporter, source, path, criterion, entry)
    method = criterion.method
    if (
        isinstance(method, ManualMethod)
        and method.evidence_required
        and not entry.evidence
        and (entry.self_score or entry.appraised)
    ):
        reporter.warning(
            source,
            path,
            "evidence-missing",
            _("criterion '{id}' requires evidence, and none is given").format(id=criterion.id),
            _("list the supporting documents under `evidence`"),
            on_key=True,
        )


def _above_max(
    reporter: Reporter, source: Loaded[Assessment], path: tuple[str, ...], value: Decimal, criterion: Criterion
) -> None:
    reporter.error(
        source,
        path,
        "above-max",
        _("{value} points is more than the maximum {max} of criterion '{id}'").format(
            value=said_exact(value), max=said_exact(criterion.max), id=criterion.id
        ),
    )


def _check_facts(
    reporter: Reporter,
    source: Loaded[Assessment],
    path: tuple[str, str],
    criterion: Criterion,
    entry: CriterionEntry,
) -> None:
    if criterion.method is None:
        return  # the rubric's own error ("neither a method nor sub-criteria") says it all
    kind = criterion.method.kind
    expected = METHOD_FACTS[kind]
    given = {k for k, v in (entry.facts.model_dump() if entry.facts else {}).items() if v is not None}
    for fact in sorted(given - set(expected)):
        reporter.error(
            source,
            (*path, "facts", fact),
            "fact-not-used",
            _("the method '{method}' of criterion '{id}' does not use the fact '{fact}'").format(
                method=kind, id=criterion.id, fact=fact
            ),
            _("facts it uses: {facts}").format(facts=", ".join(expected))
            if expected
            else _("this criterion is scored by hand: give `self` and `appraised`, not facts"),
            on_key=True,
        )
    missing = [fact for fact in expected if fact not in given]
    if missing and kind != "prior_award" and entry.appraised is None:
        reporter.warning(
            source,
            path,
            "facts-missing",
            _("criterion '{id}' is computed from {facts}, which is not given; it will score 0").format(
                id=criterion.id, facts=", ".join(missing)
            ),
            _("add `facts: {{{fact}: …}}`").format(fact=missing[0]),
            on_key=True,
        )
    method = criterion.method
    if isinstance(method, PriorAwardMethod) and entry.facts is not None:
        check_awards(reporter, source, (*path, "facts", "award"), method, entry.facts.awards)


def _inherited(result: LoadResult, source: Loaded[Assessment], period: Period | None) -> tuple[str, ...]:
    """The units whose commitments passed to this one (merged into it during the period's year)."""
    roster = result.roster()
    return roster.predecessors(source.model.unit, period) if roster is not None and period is not None else ()


def _warn_missing_commitment_results(
    result: LoadResult, reporter: Reporter, source: Loaded[Assessment], inherited: tuple[str, ...]
) -> None:
    """At the year's end every commitment of the unit (its own and those passed to it) needs a result: a
    missing one counts as not met."""
    if result.covenant is None:
        return
    unit = source.model.unit
    missing = [
        c.id
        for c in result.covenant.model.commitments
        if (c.unit is None or c.unit == unit or c.unit in inherited) and c.id not in source.model.commitments
    ]
    if missing:
        reporter.warning(
            source,
            ("commitments",) if source.model.commitments else ("unit",),
            "commitment-results-missing",
            _("commitments without a result, counted as not met: {ids}").format(ids=", ".join(missing)),
            _("add them under `commitments:` with `actual` or `done`"),
            on_key=True,
        )


def _check_commitments(
    result: LoadResult, reporter: Reporter, source: Loaded[Assessment], inherited: tuple[str, ...]
) -> None:
    if not source.model.commitments or result.covenant is None:
        if source.model.commitments and result.cluster is not None and not result.covenant_present:
            reporter.error(
                source,
                ("commitments",),
                "no-covenant",
                _("commitment results are given, but the cluster has no covenant.yaml"),
                on_key=True,
            )
        return
    commitments = {c.id: c for c in result.covenant.model.commitments}
    for commitment_id, outcome in source.model.commitments.items():
        path = ("commitments", commitment_id)
        item = commitments.get(commitment_id)
        if item is None:
            report_unknown(reporter, source, path, "commitment", commitment_id, commitments, on_key=True)
            continue
        foreign = item.unit is not None and item.unit != source.model.unit and item.unit not in inherited
        if foreign and source.model.unit in (result.unit_ids() or ()):
            reporter.error(
                source,
                path,
                "foreign-commitment",
                _("commitment '{id}' belongs to unit '{owner}'").format(id=commitment_id, owner=item.unit),
                on_key=True,
            )
        if item.target is not None and outcome.actual is None:
            reporter.warning(
                source,
                path,
                "commitment-result-missing",
                _("commitment '{id}' has a target of {target}: give the `actual` result, `done` is not enough").format(
                    id=commitment_id, target=said_exact(item.target)
                ),
                on_key=True,
            )


def _check_gates(result: LoadResult, reporter: Reporter, source: Loaded[Assessment]) -> None:
    if result.cluster is None:
        return
    gates = {g.id for g in result.cluster.model.awards.gates}
    for gate_id in source.model.gates:
        if gate_id not in gates:
            report_unknown(reporter, source, ("gates", gate_id), "gate", gate_id, gates, on_key=True)


def _warn_missing_assessments(result: LoadResult, reporter: Reporter) -> None:
    if result.cluster is None:
        return
    cluster = result.cluster
    present = {(a.model.period, a.model.unit) for a in result.assessments}
    if any(PurePosixPath(a).parent.parent.name == "assessments" for a in result.failed):
        return
    for index, period in enumerate(cluster.model.periods):
        roster, known = result.roster(), result.unit_ids() or set()
        members = [unit for unit in roster.ranked(period) if unit in known] if roster else []
        missing = [unit for unit in members if (period.id, unit) not in present]
        if period.kind == "tong_ket" and missing and len(missing) < len(members):
            reporter.warning(
                cluster,
                ("periods", index),
                "assessments-missing",
                _("period {period}: no assessment for {units}").format(period=period.id, units=", ".join(missing)),
                _("add assessments/{period}/<unit>.yaml for each").format(period=period.id),
            )

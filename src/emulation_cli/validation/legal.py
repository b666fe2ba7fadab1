"""Checks of the legal texts by date (cluster.yaml `legal_bases`) and of the award rules that cite them.

Errors: a text that stops before it starts, a replacement that is not declared, replacements that go round in
a circle, a declared end the replacement contradicts; a title or gate that cites an unknown text, or that is
dated after the text it cites stopped (a replaced law cited by a newer rule). A warning for a dated rule that
applies at none of the cluster's tổng kết meetings. A document dated when no text is in force is not an error:
it simply cites none.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from ..i18n import _
from ..loading.document import YamlPath
from ..loading.files import Loaded, LoadResult
from ..model.ballot import decision_date
from ..model.cluster import AwardTitle, Cluster, Gate, LegalBasis
from ..model.legal import applies, by_id, ends
from .reporter import Reporter, report_unknown


def check(result: LoadResult, reporter: Reporter) -> None:
    if result.cluster is None:
        return
    source = result.cluster
    known = by_id(source.model.legal_bases)
    for index, basis in enumerate(source.model.legal_bases):
        _check_basis(reporter, source, ("legal_bases", index), basis, known)
    rules: list[tuple[YamlPath, AwardTitle | Gate]] = [
        *((("awards", "titles", i), t) for i, t in enumerate(source.model.awards.titles)),
        *((("awards", "gates", i), g) for i, g in enumerate(source.model.awards.gates)),
    ]
    days = _decision_days(result, source.model)
    for path, rule in rules:
        found = len(reporter.diagnostics)
        _check_rule(reporter, source, path, rule, known)
        if len(reporter.diagnostics) == found:  # a rule already reported wrong is not also warned about
            _warn_never_applies(reporter, source, path, rule, known, days)
    _check_gate_results(result, reporter)


# ----- legal bases ------------------------------------------------------------------------------------------
def _check_basis(
    reporter: Reporter, source: Loaded[Cluster], path: YamlPath, basis: LegalBasis, known: Mapping[str, LegalBasis]
) -> None:
    if basis.expires is not None and basis.expires <= basis.starts:
        reporter.error(
            source,
            (*path, "expires"),
            "legal-basis-stops-before-it-starts",
            _("legal basis '{id}' stops on {expires}, but it takes effect only on {start}").format(
                id=basis.id, expires=basis.expires.isoformat(), start=basis.starts.isoformat()
            ),
            _(
                "`expires` is the first day the text no longer applies (hết hiệu lực kể từ ngày …): a day after "
                "`effective`, or after `date` when `effective` is left out"
            ),
        )
    if basis.replaced_by is None:
        return
    replacement = known.get(basis.replaced_by)
    if replacement is None:
        report_unknown(reporter, source, (*path, "replaced_by"), "legal basis", basis.replaced_by, known)
    elif _replaces_itself(basis, known):
        reporter.error(
            source,
            (*path, "replaced_by"),
            "legal-basis-replacement-circle",
            _("the replacements of legal basis '{id}' lead back to it").format(id=basis.id),
            _("`replaced_by` names the newer text that takes the place of this one"),
        )
    else:
        _check_replacement_dates(reporter, source, path, basis, replacement)


def _replaces_itself(basis: LegalBasis, known: Mapping[str, LegalBasis]) -> bool:
    seen = {basis.id}
    current = known.get(basis.replaced_by) if basis.replaced_by else None
    while current is not None:
        if current.id in seen:
            return current.id == basis.id
        seen.add(current.id)
        current = known.get(current.replaced_by) if current.replaced_by else None
    return False


def _check_replacement_dates(
    reporter: Reporter, source: Loaded[Cluster], path: YamlPath, basis: LegalBasis, replacement: LegalBasis
) -> None:
    if replacement.starts <= basis.starts:
        reporter.error(
            source,
            (*path, "replaced_by"),
            "legal-basis-replaced-before-it-starts",
            _(
                "legal basis '{id}' takes effect on {start}, but '{new}', which replaces it, already applies from "
                "{new_start}"
            ).format(
                id=basis.id,
                start=basis.starts.isoformat(),
                new=replacement.id,
                new_start=replacement.starts.isoformat(),
            ),
            _("check `effective` of both texts, and which one replaces the other"),
        )
    elif basis.expires is not None and replacement.starts < basis.expires:
        reporter.error(
            source,
            (*path, "expires"),
            "legal-basis-overlaps-its-replacement",
            _("legal basis '{id}' is said to apply until {expires}, but '{new}' replaces it from {new_start}").format(
                id=basis.id,
                expires=basis.expires.isoformat(),
                new=replacement.id,
                new_start=replacement.starts.isoformat(),
            ),
            _(
                "a replaced text stops on the day its replacement takes effect: write `expires: {day}`, or leave "
                "`expires` out"
            ).format(day=replacement.starts.isoformat()),
        )


# ----- titles and gates ---------------------------------------------------------------------------------------
def _check_rule(
    reporter: Reporter,
    source: Loaded[Cluster],
    path: YamlPath,
    rule: AwardTitle | Gate,
    known: Mapping[str, LegalBasis],
) -> None:
    if rule.article is not None and rule.basis is None:
        reporter.error(
            source,
            (*path, "article"),
            "article-without-basis",
            _("`article` names a provision of the `basis`, and '{id}' has no `basis`").format(id=rule.id),
            _("add `basis: <id of a legal basis>`, or write the whole citation in `legal_basis`"),
        )
    if rule.basis is not None and rule.legal_basis is not None:
        reporter.error(
            source,
            (*path, "legal_basis"),
            "two-legal-bases",
            _("'{id}' gives both `basis` and `legal_basis`: the printed citation would be ambiguous").format(
                id=rule.id
            ),
            _("keep `basis` (with `article` for the provision), or keep the free text `legal_basis`"),
        )
    if rule.effective is not None and rule.expires is not None and rule.expires <= rule.effective:
        reporter.error(
            source,
            (*path, "expires"),
            "rule-stops-before-it-starts",
            _("'{id}' stops applying on {expires}, before it starts on {effective}").format(
                id=rule.id, expires=rule.expires.isoformat(), effective=rule.effective.isoformat()
            ),
            _("`expires` is the first day the rule no longer applies: a day after `effective`"),
        )
    if rule.basis is not None:
        basis = known.get(rule.basis)
        if basis is None:
            report_unknown(reporter, source, (*path, "basis"), "legal basis", rule.basis, known)
        else:
            _check_rule_dates(reporter, source, path, rule, basis, known)


def _check_rule_dates(
    reporter: Reporter,
    source: Loaded[Cluster],
    path: YamlPath,
    rule: AwardTitle | Gate,
    basis: LegalBasis,
    known: Mapping[str, LegalBasis],
) -> None:
    end = ends(basis, known)
    if rule.effective is not None and end is not None and rule.effective >= end:
        if basis.replaced_by is not None and basis.replaced_by in known:
            hint = _("cite the text in force then: `basis: {new}`").format(new=basis.replaced_by)
        else:
            hint = _("cite a text in force on {day}, or correct the dates").format(day=rule.effective.isoformat())
        reporter.error(
            source,
            (*path, "effective"),
            "rule-after-its-basis-ended",
            _(
                "'{id}' applies from {effective}, but the text it cites, '{basis}', is no longer in force from {end}"
            ).format(id=rule.id, effective=rule.effective.isoformat(), basis=basis.id, end=end.isoformat()),
            hint,
        )
    if rule.expires is not None and rule.expires <= basis.starts:
        reporter.error(
            source,
            (*path, "expires"),
            "rule-before-its-basis-started",
            _(
                "'{id}' stops applying on {expires}, before the text it cites, '{basis}', takes effect on {start}"
            ).format(id=rule.id, expires=rule.expires.isoformat(), basis=basis.id, start=basis.starts.isoformat()),
            _("cite the text in force while the rule applies, or correct the dates"),
        )


def _decision_days(result: LoadResult, cluster: Cluster) -> dict[str, date]:
    """The decision date of each tổng kết period: the day its award rules are taken as they stand."""
    ballots = {b.model.period: b.model for b in result.ballots}
    return {p.id: decision_date(p, ballots.get(p.id)) for p in cluster.periods if p.kind == "tong_ket"}


def _warn_never_applies(
    reporter: Reporter,
    source: Loaded[Cluster],
    path: YamlPath,
    rule: AwardTitle | Gate,
    known: Mapping[str, LegalBasis],
    days: Mapping[str, date],
) -> None:
    if not days or (rule.basis is not None and rule.basis not in known):
        return
    if any(applies(rule, known, day) for day in days.values()):
        return
    if rule.basis is None and rule.effective is None and rule.expires is None:
        return
    shown = ", ".join(f"{period} ({day.isoformat()})" for period, day in days.items())
    reporter.warning(
        source,
        path,
        "rule-never-applies",
        _("'{id}' applies at none of the tổng kết meetings: {days}").format(id=rule.id, days=shown),
        _(
            "its `effective`/`expires` dates, or the days its `basis` is in force, leave them all out; cite the text "
            "in force at the meeting"
        ),
    )


# ----- the assessments' gate results -------------------------------------------------------------------------
def _check_gate_results(result: LoadResult, reporter: Reporter) -> None:
    if result.cluster is None:
        return
    gates = {g.id: g for g in result.cluster.model.awards.gates}
    for source in result.assessments:
        for gate_id, gate_result in source.model.gates.items():
            gate = gates.get(gate_id)
            if gate is None or gate.check == "discipline_end" or gate_result.discipline_ended is None:
                continue
            reporter.error(
                source,
                ("gates", gate_id, "discipline_ended"),
                "gate-reads-no-date",
                _(
                    "gate '{id}' is met or not by `passed`; only a gate declared with `check: discipline_end` reads "
                    "`discipline_ended`"
                ).format(id=gate_id),
                _("write `passed: true` or `passed: false`, or declare the gate with `check: discipline_end`"),
                on_key=True,
            )

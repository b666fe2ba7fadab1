"""Checks of an assessment against what its rubric declares about scoring: no self scores where units do not
score themselves, criteria not assigned that exist and a rule to bring the total back to the scale, scoring
bodies that exist, and several prior awards only where the rubric says how to combine them."""

from __future__ import annotations

from ..i18n import _
from ..loading.document import YamlPath
from ..loading.files import Loaded
from ..model.assessment import Assessment
from ..model.rubric import PriorAwardMethod, Rubric
from ..text.methods import method_name
from ..text.numbers import said_exact
from .reporter import Reporter, report_unknown


def optional_items(rubric: Rubric) -> set[str]:
    """The bonus and penalty items: a unit that has none to report enters nothing, and they count 0."""
    return {leaf.id for s in (rubric.bonus, rubric.penalty) if s is not None for c in s.criteria for leaf in c.leaves()}


def check_rubric_fit(reporter: Reporter, source: Loaded[Assessment], rubric: Rubric) -> None:
    if not rubric.self_scored:
        _check_no_self_scores(reporter, source)
    else:
        _warn_self_on_computed(reporter, source, rubric)
    _check_not_assigned(reporter, source, rubric)
    scorers = {s.id for s in rubric.scorers}
    for scorer in source.model.appraisals:
        if scorer not in scorers:
            report_unknown(reporter, source, ("appraisals", scorer), "scorer", scorer, scorers, on_key=True)


def _check_no_self_scores(reporter: Reporter, source: Loaded[Assessment]) -> None:
    if source.model.self_scored is not None:
        reporter.error(
            source,
            ("self_scored",),
            "not-self-scored",
            _("the rubric is not self-scored (self_scored: false): units do not score themselves"),
            _("remove `self_scored`; who scored goes under `appraised` or `appraisals`"),
            on_key=True,
        )
    for criterion_id, entry in source.model.criteria.items():
        if entry.self_score is not None:
            reporter.error(
                source,
                ("criteria", criterion_id, "self"),
                "not-self-scored",
                _("the rubric is not self-scored (self_scored: false): criterion '{id}' takes no self score").format(
                    id=criterion_id
                ),
                _("put the points under `appraised`, or remove `self`"),
                on_key=True,
            )


def _warn_self_on_computed(reporter: Reporter, source: Loaded[Assessment], rubric: Rubric) -> None:
    leaves = rubric.leaves()
    for criterion_id, entry in source.model.criteria.items():
        criterion = leaves.get(criterion_id)
        if entry.self_score is None or criterion is None or not criterion.computed:
            continue
        reporter.warning(
            source,
            ("criteria", criterion_id, "self"),
            "self-on-computed",
            _(
                "criterion '{id}' is computed by emul (method: {method}): the self score {value} is ignored, "
                "it counts neither in the self total nor as a difference"
            ).format(id=criterion_id, method=method_name(criterion.method_kind), value=said_exact(entry.self_score)),
            _("remove `self`; the appraisers correct a computed score under `appraised`"),
            on_key=True,
        )


def _check_not_assigned(reporter: Reporter, source: Loaded[Assessment], rubric: Rubric) -> None:
    declared = source.model.not_assigned
    if not declared:
        return
    if rubric.not_assigned_rule is None:
        reporter.error(
            source,
            ("not_assigned",),
            "no-not-assigned-rule",
            _("criteria are declared not assigned, but the rubric has no rule for the total"),
            _("add `not_assigned_rule: rescale` (or `none`) to the rubric"),
            on_key=True,
        )
    scored = {node.id for s in rubric.sections for c in s.criteria for node in c.nodes()}
    every = rubric.nodes()
    for index, criterion_id in enumerate(declared):
        path: YamlPath = ("not_assigned", index)
        if criterion_id not in every:
            report_unknown(reporter, source, path, "criterion", criterion_id, scored)
        elif criterion_id not in scored:
            reporter.error(
                source,
                path,
                "not-assigned-outside-scale",
                _("'{id}' is a bonus or penalty item: those are optional already").format(id=criterion_id),
                _("remove it from `not_assigned` and leave the item out of `criteria`"),
            )
    unassigned = rubric.leaves_under(c for c in declared if c in scored)
    for criterion_id in source.model.criteria:
        if criterion_id in unassigned:
            reporter.error(
                source,
                ("criteria", criterion_id),
                "entry-not-assigned",
                _("criterion '{id}' is declared not assigned, yet it has an entry").format(id=criterion_id),
                _("remove the entry, or remove the criterion from `not_assigned`"),
                on_key=True,
            )
    if all(leaf.id in unassigned for s in rubric.sections for c in s.criteria for leaf in c.leaves()):
        reporter.error(
            source,
            ("not_assigned",),
            "nothing-assigned",
            _("every criterion is declared not assigned: the unit would have nothing to be scored on"),
            on_key=True,
        )


def check_awards(
    reporter: Reporter, source: Loaded[Assessment], path: YamlPath, method: PriorAwardMethod, awards: tuple[str, ...]
) -> None:
    """Every prior award is in the rubric's table; several only when the rubric declares how they combine."""
    several = len(awards) > 1
    for index, award in enumerate(awards):
        if award not in method.table:
            report_unknown(reporter, source, (*path, index) if several else path, "award", award, method.table)
    if several and method.combine is None:
        reporter.error(
            source,
            path,
            "awards-not-combined",
            _("{count} prior awards are given, but the rubric does not say how to combine them").format(
                count=len(awards)
            ),
            _("add `combine: max` (the highest counts) or `combine: sum` to the criterion's method"),
        )

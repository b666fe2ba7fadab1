"""The period scored under another rubric version: what the assessments hold that it ignores or reads
differently, whether the cluster's own tie-breaks still apply, and how each unit's rank and total move."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from ..errors import DataError, UsageError
from ..i18n import _
from ..model.assessment import CriterionEntry
from ..model.cluster import Period
from ..model.rubric import (
    METHOD_FACTS,
    Criterion,
    CriterionTieBreak,
    PriorAwardMethod,
    Rubric,
    SectionTieBreak,
    TieBreak,
)
from ..ranking.rank import Ranked
from ..ranking.standings import standings
from ..text.terms import tie_break_label
from ..validation.project import Project
from .versions import RubricVersion, read_rubric


@dataclass(frozen=True)
class UnfitEntry:
    """An entry the other rubric reads differently, so that it scores nothing there."""

    criterion: str
    reason: str  # "manual": scored by hand there, only a figure entered; "fact": its figure is missing;
    # "award": the award is not in the other rubric's table
    name: str = ""  # the missing figure, or the unknown award


@dataclass(frozen=True)
class UnitMove:
    before: Ranked  # under the cluster's rubric
    after: Ranked  # under the other rubric
    ignored: tuple[str, ...]  # criteria the assessment scores that the other rubric does not
    unfit: tuple[UnfitEntry, ...]

    @property
    def rank_change(self) -> int:
        """Places gained (negative: places lost)."""
        return self.before.rank - self.after.rank

    @property
    def total_change(self) -> Decimal:
        return self.after.score.total - self.before.score.total


@dataclass(frozen=True)
class RubricComparison:
    other: RubricVersion
    moves: tuple[UnitMove, ...]  # in the order of the ranking under the other rubric


def compare_rubrics(project: Project, period: Period, spec: str) -> RubricComparison:
    """Score the period under the rubric at `spec` (a file or REV:path) beside the cluster's own."""
    if period.kind == "so_ket":
        raise UsageError(
            _("period {period} is a sơ kết: it has no ranking to compare").format(period=period.id),
            hint=_("give a tổng kết period with --period"),
        )
    if project.ranks_by_vote:
        raise UsageError(
            _(
                "the cluster declares no rubric: it ranks its members by the ranking ballot, so there is no ranking "
                "by points to compare"
            ),
            hint=_("declare `rubric:` in cluster.yaml if the cluster adopts one"),
        )
    other = read_rubric(spec)
    check_cluster_tie_breaks(project, other.loaded.model, spec)
    current = standings(project, period).ranked
    changed = standings(replace(project, rubric=other.loaded), period).ranked
    before = {item.score.unit.id: item for item in current}
    ignored = ignored_entries(project, period.id, other.loaded.model)
    unfit = unfit_entries(project, period.id, other.loaded.model)
    moves = tuple(
        UnitMove(
            before[item.score.unit.id], item, ignored.get(item.score.unit.id, ()), unfit.get(item.score.unit.id, ())
        )
        for item in changed
    )
    return RubricComparison(other, moves)


def check_cluster_tie_breaks(project: Project, rubric: Rubric, spec: str) -> None:
    """The cluster's own tie-breaks (cluster.yaml `ranking:`) replace the rubric's: they must name what
    the other rubric has."""
    ranking = project.cluster.model.ranking
    missing = unresolved_tie_breaks(ranking.tie_breaks, rubric) if ranking is not None else []
    if missing:
        raise DataError(
            _("the tie-breaks of {file} name what the rubric '{rubric}' does not have: {rules}").format(
                file=project.cluster.file, rubric=spec, rules=", ".join(tie_break_label(r) for r in missing)
            ),
            hint=_("the cluster's `ranking:` replaces the rubric's; adapt it to the new rubric"),
        )


def ignored_entries(project: Project, period_id: str, rubric: Rubric) -> dict[str, tuple[str, ...]]:
    """Per unit, the criteria its assessment scores that the rubric does not score (not a leaf of it)."""
    scored = rubric.leaves()
    return {
        unit: tuple(cid for cid in loaded.model.criteria if cid not in scored)
        for unit, loaded in project.assessments_for(period_id).items()
    }


def unfit_entries(project: Project, period_id: str, rubric: Rubric) -> dict[str, tuple[UnfitEntry, ...]]:
    """Per unit, the entries the other rubric reads differently: a criterion it scores by hand where only a
    figure was entered, a computed one without its figure, an award its table does not know. Each such
    criterion scores nothing under the other rubric, which the officer must know before trusting a move."""
    leaves = rubric.leaves()
    found: dict[str, tuple[UnfitEntry, ...]] = {}
    for unit, loaded in project.assessments_for(period_id).items():
        entries = tuple(
            unfit
            for cid, entry in loaded.model.criteria.items()
            if cid in leaves and (unfit := _unfit(cid, leaves[cid], entry)) is not None
        )
        if entries:
            found[unit] = entries
    return found


def _unfit(criterion_id: str, criterion: Criterion, entry: CriterionEntry) -> UnfitEntry | None:
    method = criterion.method
    kind = criterion.method_kind
    scored = entry.self_score is not None or entry.appraised is not None or bool(entry.peers)
    if kind == "manual":
        return None if scored else UnfitEntry(criterion_id, "manual")
    if kind == "commitments" or scored:
        return None
    needed = METHOD_FACTS[kind][0]
    value = getattr(entry.facts, needed, None) if entry.facts is not None else None
    if value is None or entry.facts is None:
        return UnfitEntry(criterion_id, "fact", needed)
    unknown = [a for a in entry.facts.awards if a not in method.table] if isinstance(method, PriorAwardMethod) else []
    if unknown:
        return UnfitEntry(criterion_id, "award", ", ".join(unknown))
    return None


def unresolved_tie_breaks(tie_breaks: list[TieBreak], rubric: Rubric) -> list[TieBreak]:
    """The tie-breaks that name a section or criterion the rubric does not have."""
    from ..validation.rubric import walk_criteria

    sections = {s.id for s in rubric.sections}
    criteria = {c.id for _path, c in walk_criteria(rubric)}
    return [
        rule
        for rule in tie_breaks
        if (isinstance(rule, SectionTieBreak) and rule.section not in sections)
        or (isinstance(rule, CriterionTieBreak) and rule.criterion not in criteria)
    ]

"""The period scored under another rubric version: what the assessments hold that it ignores, whether the
cluster's own tie-breaks still apply, and how each unit's rank and total would move."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..model.assessment import CriterionEntry
from ..model.rubric import (
    METHOD_FACTS,
    Criterion,
    CriterionTieBreak,
    PriorAwardMethod,
    Rubric,
    SectionTieBreak,
    TieBreak,
)
from ..validation.project import Project

COMPARE_SCHEMA = "emul.score-compare/1"


def ignored_entries(project: Project, period_id: str, rubric: Rubric) -> dict[str, tuple[str, ...]]:
    """Per unit, the criteria its assessment scores that the rubric does not score (not a leaf of it)."""
    scored = rubric.leaves()
    return {
        unit: tuple(cid for cid in loaded.model.criteria if cid not in scored)
        for unit, loaded in project.assessments_for(period_id).items()
    }


def unfit_entries(project: Project, period_id: str, rubric: Rubric) -> dict[str, tuple[str, ...]]:
    """Per unit, the entries the other rubric reads differently: a criterion it scores by hand where only a
    figure was entered, a computed one without its figure, an award its table does not know. Each such
    criterion scores nothing under the other rubric, which the officer must know before trusting a move."""
    leaves = rubric.leaves()
    found: dict[str, tuple[str, ...]] = {}
    for unit, loaded in project.assessments_for(period_id).items():
        reasons = [
            f"{cid}: {reason}"
            for cid, entry in loaded.model.criteria.items()
            if cid in leaves and (reason := _unfit(leaves[cid], entry)) is not None
        ]
        if reasons:
            found[unit] = tuple(reasons)
    return found


def _unfit(criterion: Criterion, entry: CriterionEntry) -> str | None:
    method = criterion.method
    kind = criterion.method_kind
    scored = entry.self_score is not None or entry.appraised is not None or bool(entry.peers)
    if kind == "manual":
        return None if scored else "manual"
    if kind == "commitments" or scored:
        return None
    needed = METHOD_FACTS[kind][0]
    value = getattr(entry.facts, needed, None) if entry.facts is not None else None
    if value is None:
        return f"fact:{needed}"
    if isinstance(method, PriorAwardMethod) and value not in method.table:
        return f"award:{value}"
    return None


def unresolved_tie_breaks(tie_breaks: list[TieBreak], rubric: Rubric) -> list[TieBreak]:
    """The tie-breaks that name a section or criterion the rubric does not have."""
    sections = {s.id for s in rubric.sections}
    from ..validation.rubric import walk_criteria

    criteria = {c.id for _path, c in walk_criteria(rubric)}
    return [
        rule
        for rule in tie_breaks
        if (isinstance(rule, SectionTieBreak) and rule.section not in sections)
        or (isinstance(rule, CriterionTieBreak) and rule.criterion not in criteria)
    ]


def compare_documents(
    current: dict[str, Any],
    other: dict[str, Any],
    ignored: dict[str, tuple[str, ...]],
    unfit: dict[str, tuple[str, ...]] | None = None,
) -> list[dict[str, Any]]:
    """One row per unit, in the order of the ranking under the other rubric: both ranks and totals (as
    `emul score --format json` gives them), the rank change (positive: up) and the change of total."""
    before = {row["unit"]["id"]: row for row in current["units"]}
    rows = [_row(before[row["unit"]["id"]], row, ignored.get(row["unit"]["id"], ())) for row in other["units"]]
    for row in rows:
        row["unfit_entries"] = list((unfit or {}).get(row["unit"]["id"], ()))
    return rows


def _row(before: dict[str, Any], after: dict[str, Any], ignored: tuple[str, ...]) -> dict[str, Any]:
    return {
        "unit": after["unit"],
        "cluster_rubric": _standing(before),
        "other_rubric": _standing(after),
        "rank_change": before["rank"] - after["rank"],
        "total_change": format(Decimal(after["total"]) - Decimal(before["total"]), "f"),
        "ignored_entries": list(ignored),
    }


def _standing(row: dict[str, Any]) -> dict[str, Any]:
    classification = row["classification"]
    return {
        "rank": row["rank"],
        "tied": row["tied"],
        "total": row["total"],
        "classification": {"id": classification["id"], "label": classification["label"]},
    }

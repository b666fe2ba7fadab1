"""The period scored under another rubric version: what the assessments hold that it ignores, whether the
cluster's own tie-breaks still apply, and how each unit's rank and total would move."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..model.rubric import Criterion, CriterionTieBreak, Rubric, SectionTieBreak, TieBreak
from ..project import Project

COMPARE_SCHEMA = "emul.score-compare/1"


def ignored_entries(project: Project, period_id: str, rubric: Rubric) -> dict[str, tuple[str, ...]]:
    """Per unit, the criteria its assessment scores that the rubric does not score (not a leaf of it)."""
    scored = rubric.leaves()
    return {
        unit: tuple(cid for cid in loaded.model.criteria if cid not in scored)
        for unit, loaded in project.assessments_for(period_id).items()
    }


def unresolved_tie_breaks(tie_breaks: list[TieBreak], rubric: Rubric) -> list[TieBreak]:
    """The tie-breaks that name a section or criterion the rubric does not have."""
    sections = {s.id for s in rubric.sections}
    criteria = {c.id for s in rubric.all_sections() for top in s.criteria for c in _with_children(top)}
    return [
        rule
        for rule in tie_breaks
        if (isinstance(rule, SectionTieBreak) and rule.section not in sections)
        or (isinstance(rule, CriterionTieBreak) and rule.criterion not in criteria)
    ]


def _with_children(criterion: Criterion) -> list[Criterion]:
    return [criterion, *(c for child in criterion.criteria for c in _with_children(child))]


def compare_documents(
    current: dict[str, Any], other: dict[str, Any], ignored: dict[str, tuple[str, ...]]
) -> list[dict[str, Any]]:
    """One row per unit, in the order of the ranking under the other rubric: both ranks and totals (as
    `emul score --format json` gives them), the rank change (positive: up) and the change of total."""
    before = {row["unit"]["id"]: row for row in current["units"]}
    return [_row(before[row["unit"]["id"]], row, ignored.get(row["unit"]["id"], ())) for row in other["units"]]


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

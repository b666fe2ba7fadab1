"""`emul score --rubric … --format json`: the ranking under another rubric, rendered from the comparison."""

from __future__ import annotations

from typing import Any

from ..model.cluster import Period
from ..ranking.rank import Ranked
from ..rubrics.rescore import RubricComparison, UnfitEntry, UnitMove
from ..rubrics.versions import RubricIdentity, identify
from ..validation.project import Project
from .score import identity_json

COMPARE_SCHEMA = "emul.score-compare/1"


def comparison_document(
    project: Project, period: Period, comparison: RubricComparison, identity: RubricIdentity
) -> dict[str, Any]:
    other = comparison.other
    return {
        "schema": COMPARE_SCHEMA,
        "cluster": {"id": project.cluster.model.id, "name": project.cluster.model.name},
        "period": {"id": period.id, "kind": period.kind, "title": period.title},
        "rubric": identity_json(identity),
        "other_rubric": {"source": other.source, **identity_json(identify(other.loaded.model, other.commit))},
        "units": [_row(move) for move in comparison.moves],
    }


def _row(move: UnitMove) -> dict[str, Any]:
    unit = move.after.score.unit
    return {
        "unit": {"id": unit.id, "name": unit.name, "short_name": unit.short_name},
        "cluster_rubric": _standing(move.before),
        "other_rubric": _standing(move.after),
        "rank_change": move.rank_change,
        "total_change": format(move.total_change, "f"),
        "ignored_entries": list(move.ignored),
        "unfit_entries": [_unfit(entry) for entry in move.unfit],
    }


def _standing(item: Ranked) -> dict[str, Any]:
    classified = item.score.classification
    return {
        "rank": item.rank,
        "tied": item.tied,
        "total": format(item.score.total, "f"),
        "classification": None if classified is None else {"id": classified.band.id, "label": classified.band.label},
    }


def _unfit(entry: UnfitEntry) -> str:
    """'I.2: manual', 'TH.1: award:co-thi-dua-tinh' (the shape of schema emul.score-compare/1)."""
    return f"{entry.criterion}: {entry.reason}" + (f":{entry.name}" if entry.name else "")

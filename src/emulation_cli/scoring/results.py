"""The period's results as plain data: the one shape behind the table, the JSON and the CSV of `emul score`."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..model.cluster import Period
from ..project import Project
from ..ranking import Ranked, Step
from .commitments import Status
from .exact import round_to
from .progress import UnitProgress
from .sheet import PeriodScores

SCORE_SCHEMA = "emul.score/1"


def decimal_text(value: Fraction, decimals: int) -> str:
    return format(round_to(value, decimals), "f")


def exact_text(value: Fraction) -> str:
    """An exact value: a terminating decimal as such, otherwise numerator/denominator."""
    denominator = value.denominator
    while denominator % 2 == 0:
        denominator //= 2
    while denominator % 5 == 0:
        denominator //= 5
    if denominator != 1:
        return f"{value.numerator}/{value.denominator}"
    return format(round_to(value, 40).normalize(), "f")


def ranking_document(project: Project, scores: PeriodScores, ranked: list[Ranked]) -> dict[str, Any]:
    decimals = scores.rubric.rounding.decimals
    return {
        "schema": SCORE_SCHEMA,
        **_header(project, scores.period),
        "kind": "ranking",
        "rounding": scores.rubric.rounding.model_dump(),
        "sections": [{"id": s.id, "title": s.title, "max": format(s.max, "f")} for s in scores.rubric.sections],
        "units": [_unit_row(item, decimals) for item in ranked],
    }


def _header(project: Project, period: Period) -> dict[str, Any]:
    rubric = project.rubric.model
    return {
        "cluster": {"id": project.cluster.model.id, "name": project.cluster.model.name},
        "period": {"id": period.id, "kind": period.kind, "title": period.title},
        "rubric": {"id": rubric.id, "version": rubric.version},
    }


def _unit_row(item: Ranked, decimals: int) -> dict[str, Any]:
    score = item.score
    classified = score.classification
    return {
        "rank": item.rank,
        "tied": item.tied,
        "unit": {"id": score.unit.id, "name": score.unit.name, "short_name": score.unit.short_name},
        "sections": {sid: decimal_text(value, decimals) for sid, value in score.sections},
        "bonus": decimal_text(score.bonus, decimals),
        "penalty": decimal_text(score.penalty, decimals),
        "total": format(score.total, "f"),
        "total_exact": exact_text(score.total_exact),
        "self_total": decimal_text(score.self_total_exact, decimals),
        "self_minus_total": decimal_text(score.self_total_exact - score.total_exact, decimals),
        "classification": {
            "id": classified.band.id,
            "label": classified.band.label,
            "by_total": classified.by_total.id,
            "by_total_label": classified.by_total.label,
            "floor": decimal_text(Fraction(getattr(classified.by_total, "min_criterion_share", 0)) * 100, 2),
            "below_floor": [
                {"criterion": cid, "share": decimal_text(share, 4)} for cid, share in classified.below_floor
            ],
        },
        "differences": [
            {
                "criterion": c.criterion.id,
                "self": decimal_text(c.self_points or Fraction(0), decimals),
                "appraised": decimal_text(c.appraised_points or Fraction(0), decimals),
                "difference": decimal_text(c.difference or Fraction(0), decimals),
            }
            for c in score.flagged_differences
        ],
        "flags": flags(item),
        "separated_from_next": _step(item.separated_from_next, decimals),
    }


def flags(item: Ranked) -> list[str]:
    """Stable codes of what the meeting should look at."""
    found = []
    if item.tied:
        found.append("tie-unresolved")
    if item.score.flagged_differences:
        found.append("large-difference")
    if item.score.classification.below_floor:
        found.append("below-floor")
    if not item.score.has_assessment:
        found.append("no-assessment")
    return found


def _step(step: Step | None, decimals: int) -> dict[str, Any] | None:
    if step is None:
        return None
    rule = None if step.rule is None else step.rule.model_dump()
    return {
        "step": step.index,
        "rule": rule,
        "above": _value(step.above, decimals),
        "below": _value(step.below, decimals),
    }


def _value(value: object, decimals: int) -> str:
    return decimal_text(Fraction(value), max(decimals, 4)) if isinstance(value, Fraction) else format(value, "f")


def progress_document(project: Project, period: Period, progress: tuple[UnitProgress, ...]) -> dict[str, Any]:
    return {
        "schema": SCORE_SCHEMA,
        **_header(project, period),
        "kind": "progress",
        "units": [
            {
                "unit": {"id": p.unit.id, "name": p.unit.name, "short_name": p.unit.short_name},
                "commitments": len(p.outcomes),
                "met": p.count(Status.MET),
                "not_met": p.count(Status.NOT_MET),
                "no_data": p.count(Status.NO_DATA),
                "behind": [
                    {
                        "commitment": o.commitment.id,
                        "status": o.status.value,
                        "actual": None if o.result is None or o.result.actual is None else format(o.result.actual, "f"),
                        "target": None if o.commitment.target is None else format(o.commitment.target, "f"),
                    }
                    for o in p.behind
                ],
            }
            for p in progress
        ],
    }

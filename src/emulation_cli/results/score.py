"""The period's results as plain data: the one shape behind the table, the JSON and the CSV of `emul score`."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..model.cluster import Period
from ..model.rubric import Rounding
from ..ranking.rank import Ranked, Step
from ..scoring.commitments import Status
from ..scoring.exact import round_to
from ..scoring.progress import UnitProgress, elapsed_share
from ..scoring.sheet import PeriodScores
from ..validation.project import Project

SCORE_SCHEMA = "emul.score/1"


def decimal_text(value: Fraction, decimals: int, mode: str = "half_up") -> str:
    return format(round_to(value, decimals, mode), "f")


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


def ranking_document(
    project: Project, scores: PeriodScores, ranked: list[Ranked], provenance: bool = True
) -> dict[str, Any]:
    """`provenance`: ask git for the rubric's commit (two git calls), for the outputs that show it."""
    return {
        "schema": SCORE_SCHEMA,
        **_header(project, scores.period, provenance),
        "kind": "ranking",
        "rounding": scores.rubric.rounding.model_dump(),
        "sections": [{"id": s.id, "title": s.title, "max": format(s.max, "f")} for s in scores.rubric.sections],
        "units": [_unit_row(item, scores.rubric.rounding) for item in ranked],
    }


def _header(project: Project, period: Period, provenance: bool = True) -> dict[str, Any]:
    from ..rubrics.versions import loaded_commit, rubric_identity

    commit = loaded_commit(project.rubric) if provenance else None
    return {
        "cluster": {"id": project.cluster.model.id, "name": project.cluster.model.name},
        "period": {"id": period.id, "kind": period.kind, "title": period.title},
        "rubric": rubric_identity(project.rubric.model, commit),
    }


def _unit_row(item: Ranked, rounding: Rounding) -> dict[str, Any]:
    """Parts are shown rounded the declared way; the total is the one declared rounding of the exact sum."""
    score = item.score
    classified = score.classification
    decimals = rounding.decimals

    def shown(value: Fraction) -> str:
        return decimal_text(value, decimals, rounding.mode)

    return {
        "rank": item.rank,
        "tied": item.tied,
        "unit": {"id": score.unit.id, "name": score.unit.name, "short_name": score.unit.short_name},
        "sections": {sid: shown(value) for sid, value in score.sections},
        "sections_exact": {sid: exact_text(value) for sid, value in score.sections},
        "bonus": shown(score.bonus),
        "penalty": shown(score.penalty),
        "total": format(score.total, "f"),
        "total_exact": exact_text(score.total_exact),
        "self_total": shown(score.self_total_exact),
        "self_minus_total": shown(score.self_total_exact - score.total_exact),
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
                "self": shown(c.self_points or Fraction(0)),
                "retained": shown(c.final),
                "difference": shown(c.difference or Fraction(0)),
            }
            for c in score.flagged_differences
        ],
        "flags": flags(item),
        "separated_from_next": _step(item.separated_from_next),
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


def _step(step: Step | None) -> dict[str, Any] | None:
    if step is None:
        return None
    rule = None if step.rule is None else step.rule.model_dump()
    return {
        "step": step.index,
        "rule": rule,
        "above": exact_text(Fraction(step.above)),
        "below": exact_text(Fraction(step.below)),
        "lower_is_better": step.lower_is_better,
    }


def progress_document(
    project: Project, period: Period, progress: tuple[UnitProgress, ...], provenance: bool = True
) -> dict[str, Any]:
    """Sơ kết: per unit, the commitments on track and behind; a cumulative target is taken pro rata."""
    elapsed = elapsed_share(period)
    return {
        "schema": SCORE_SCHEMA,
        **_header(project, period, provenance),
        "kind": "progress",
        "elapsed_share_of_year": exact_text(elapsed),
        "has_cumulative": any(o.commitment.cumulative for p in progress for o in p.outcomes),
        "units": [
            {
                "unit": {"id": p.unit.id, "name": p.unit.name, "short_name": p.unit.short_name},
                "commitments": len(p.outcomes),
                "on_track": p.count(Status.MET),
                "behind": p.count(Status.NOT_MET),
                "no_data": p.count(Status.NO_DATA),
                "to_watch": [
                    {
                        "commitment": o.commitment.id,
                        "status": "behind" if o.status is Status.NOT_MET else o.status.value,
                        "actual": None if o.result is None or o.result.actual is None else format(o.result.actual, "f"),
                        "target_so_far": None
                        if o.commitment.target is None
                        else decimal_text(
                            Fraction(o.commitment.target) * (elapsed if o.commitment.cumulative else 1), 2
                        ),
                    }
                    for o in p.behind
                ],
            }
            for p in progress
        ],
    }

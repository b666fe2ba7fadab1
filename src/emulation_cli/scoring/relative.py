"""Criteria scored relative to the cluster: the best result among the units, which sets every unit's points.

A unit's points then depend on the others' facts, so the references are found from every assessment of the
period before any unit is scored (`scoring.sheet.score_period`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..model.assessment import Assessment
from ..model.rubric import RelativeMethod, Rubric


@dataclass(frozen=True)
class Reference:
    """The best result of a criterion in the cluster, and the units that reached it (by id)."""

    value: Fraction
    units: tuple[str, ...]


def references(rubric: Rubric, assessments: Mapping[str, Assessment]) -> dict[str, Reference]:
    """For each criterion scored relative to the cluster, the best `actual` among the units that report one
    and to which the criterion is assigned; a criterion no unit reports has no reference."""
    found: dict[str, Reference] = {}
    for leaf in rubric.leaves().values():
        if not isinstance(leaf.method, RelativeMethod):
            continue
        results = {
            unit: Fraction(actual)
            for unit, assessment in assessments.items()
            if (actual := _actual(assessment, leaf.id)) is not None
            and leaf.id not in rubric.leaves_under(assessment.not_assigned)
        }
        if results:
            best = max(results.values())
            found[leaf.id] = Reference(best, tuple(sorted(u for u, v in results.items() if v == best)))
    return found


def _actual(assessment: Assessment, criterion_id: str) -> Decimal | None:
    entry = assessment.criteria.get(criterion_id)
    return entry.facts.actual if entry is not None and entry.facts is not None else None

"""Eligibility gates: which apply on the decision date, and whether a unit meets each of them.

A gate is declared in cluster.yaml (`awards.gates`); nothing is checked unless the cluster declares it. Each
unit's assessment records the result: `passed: true|false`, or for a gate with `check: discipline_end` the day a
discipline ended (Nghị định 152/2025/NĐ-CP, Điều 4: achievement counts again from the end of a discipline, so a
discipline that ended after the period began leaves the period's achievement incomplete).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ..model.assessment import Assessment, GateResult
from ..model.cluster import AwardPolicy, Gate, LegalBasis
from ..model.legal import applies, by_id


class GateStatus(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    MISSING = "missing"  # no result in the assessment: not proven


@dataclass(frozen=True)
class GateCheck:
    gate: str
    status: GateStatus
    discipline_ended: date | None = None  # read for a `discipline_end` gate, when the unit gave the date


def rules_in_force(policy: AwardPolicy, bases: Sequence[LegalBasis], on: date) -> AwardPolicy:
    """The award policy as it stands on the decision date: the titles and gates that apply that day."""
    known = by_id(bases)
    titles = [t for t in policy.titles if applies(t, known, on)]
    gates = [g for g in policy.gates if applies(g, known, on)]
    return policy.model_copy(update={"titles": titles, "gates": gates})


def check_gates(gates: Sequence[Gate], assessment: Assessment | None, period_start: date) -> tuple[GateCheck, ...]:
    """Every declared gate, checked against the unit's assessment."""
    results = assessment.gates if assessment else {}
    return tuple(_check(gate, results.get(gate.id), period_start) for gate in gates)


def _check(gate: Gate, result: GateResult | None, period_start: date) -> GateCheck:
    if result is None:
        return GateCheck(gate.id, GateStatus.MISSING)
    if gate.check == "discipline_end" and result.discipline_ended is not None:
        ended = result.discipline_ended
        return GateCheck(gate.id, GateStatus.PASSED if ended <= period_start else GateStatus.FAILED, ended)
    if result.passed is None:  # a date given for a plain gate: validation reports it; never counted as met
        return GateCheck(gate.id, GateStatus.MISSING)
    return GateCheck(gate.id, GateStatus.PASSED if result.passed else GateStatus.FAILED)

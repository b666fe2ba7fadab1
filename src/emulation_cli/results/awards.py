"""`emul awards --format json`: the award proposals rendered from the typed result."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..awards.attendance import Attendance
from ..awards.period import AwardsResult
from ..awards.propose import Decision, Replacement, TitleResult
from ..awards.votes import VoteSummary
from ..model.cluster import LegalBasis
from ..ranking.rank import Basis, Ranked
from ..ranking.standings import Standings
from ..text.citations import rule_citation
from ..text.numbers import decimal_text, exact_text
from ..validation.project import Project
from .score import departure_json

# 2: `kind` of each title; `attendance` (members, present and where that count comes from) replaces the
# top-level `members`/`present`; a vote shows `in_favour` and `valid` beside the denominator and what it is
# measured against (`basis`); `replaces` is an object {unit, reason} set only for a unit that entered the
# list because another dropped out.
AWARDS_SCHEMA = "emul.awards/2"


def awards_document(project: Project, ranking: Standings, result: AwardsResult) -> dict[str, Any]:
    by_unit = {item.unit.id: item for item in ranking.ranked}
    bases = project.cluster.model.legal_bases
    rotation = result.rotation
    period = ranking.period
    decimals = project.rubric.model.rounding.decimals if project.rubric is not None else 2
    return {
        "schema": AWARDS_SCHEMA,
        "cluster": {"id": project.cluster.model.id, "name": project.cluster.model.name},
        "period": {"id": period.id, "kind": period.kind, "title": period.title},
        "basis": ranking.basis.value,
        "units": {item.unit.id: item.unit.short_name for item in ranking.ranked},
        "departed": [departure_json(project, d) for d in project.departed(period)],
        "attendance": _attendance(result.attendance),
        "ballot_recorded": result.ballot_recorded,
        "titles": [_title(t, by_unit, decimals, bases) for t in result.titles],
        "gates": {g.id: g.label for g in result.gates},
        "gate_legal_bases": {g.id: citation for g in result.gates if (citation := rule_citation(g, bases))},
        "unused_votes": [{"award": award, "unit": unit} for award, unit in result.unused_votes],
        "government_flag_candidate": result.government_flag_candidate,
        "rotation": {
            "rule": rotation.rule,
            "next_year": rotation.next_year,
            "proposed": {"cum_truong": rotation.next_truong, "cum_pho": rotation.next_pho},
            "declared": {"cum_truong": rotation.declared_truong, "cum_pho": rotation.declared_pho},
            "declared_breaks_rule": rotation.declared_breaks_rule,
        },
    }


def _attendance(attendance: Attendance) -> dict[str, Any]:
    return {
        "members": attendance.member_count,
        "present": attendance.present_count,
        "present_from": attendance.present_from.value,
        "absent": list(attendance.absent),
    }


def _title(
    result: TitleResult, by_unit: dict[str, Ranked], decimals: int, bases: Sequence[LegalBasis]
) -> dict[str, Any]:
    quota = result.title.quota
    return {
        "id": result.title.id,
        "name": result.title.name,
        "kind": result.title.kind,
        "legal_basis": rule_citation(result.title, bases),
        "quota": result.quota,
        "quota_rule": {
            "count": quota.count,
            "ratio": exact_text(quota.ratio) if quota.ratio is not None else None,
            "rounding": quota.rounding,
        },
        "proposed": list(result.proposed),
        "tie_at_quota_line": list(result.tie_at_quota_line),
        "awaits_earlier_tie": list(result.awaits),
        "decisions": [_decision(d, by_unit[d.unit], decimals) for d in result.decisions],
    }


def _decision(decision: Decision, item: Ranked, decimals: int) -> dict[str, Any]:
    return {
        "unit": {"id": item.unit.id, "short_name": item.unit.short_name},
        "rank": item.rank,
        "tied": item.tied,
        **_standing(item),
        "outcome": decision.outcome.value,
        "failed_gates": list(decision.failed_gates),
        "missing_gates": list(decision.missing_gates),
        "discipline_ended": {
            c.gate: c.discipline_ended.isoformat() for c in decision.gates_not_met if c.discipline_ended is not None
        },
        "classification_too_low": decision.classification_too_low,
        "vote": _vote(decision.vote),
        "replaces": _replacement(decision.replaces),
        "gap_to_last_proposed": None
        if decision.gap_to_last_proposed is None
        else decimal_text(decision.gap_to_last_proposed, decimals),
    }


def _standing(item: Ranked) -> dict[str, Any]:
    """What the rank rests on: the total and classification, or the votes in the ranking ballot."""
    if item.basis is Basis.VOTES:
        return {"total": None, "classification": None, "classification_label": None, "ranking_votes": item.tally.votes}
    band = item.score.classification.band if item.score.classification else None
    total = format(item.score.total, "f")
    label = band.label if band else None
    return {
        "total": total,
        "classification": band.id if band else None,
        "classification_label": label,
        "ranking_votes": None,
    }


def _replacement(replacement: Replacement | None) -> dict[str, str] | None:
    return None if replacement is None else {"unit": replacement.unit, "reason": replacement.reason.value}


def _vote(summary: VoteSummary | None) -> dict[str, Any] | None:
    if summary is None:
        return None
    vote = summary.counts
    counts = (
        None
        if vote is None
        else {key: getattr(vote, key) for key in ("issued", "returned", "valid", "in_favour", "against")}
    )
    share = summary.share
    return {
        "in_favour": summary.in_favour,
        "valid": summary.valid,
        "denominator": summary.denominator,
        "basis": summary.basis,
        "share": None if share is None else exact_text(share),
        "needed": summary.needed,
        "counts": counts,
        "quorum_met": summary.quorum_met,
        "passed": summary.passed,
    }

"""The award proposals as plain data: the one shape behind the table and the JSON of `emul awards`."""

from __future__ import annotations

from typing import Any

from ..awards.propose import AwardsResult, Decision, TitleResult, VoteResult
from ..model.cluster import Period
from ..ranking.rank import Ranked
from ..validation.project import Project
from .score import decimal_text, exact_text

AWARDS_SCHEMA = "emul.awards/1"


def awards_document(project: Project, period: Period, ranked: list[Ranked], result: AwardsResult) -> dict[str, Any]:
    by_unit = {item.score.unit.id: item for item in ranked}
    return {
        "schema": AWARDS_SCHEMA,
        "cluster": {"id": project.cluster.model.id, "name": project.cluster.model.name},
        "period": {"id": period.id, "kind": period.kind, "title": period.title},
        "members": result.meeting.members,
        "units": {item.score.unit.id: item.score.unit.short_name for item in ranked},
        "present": result.meeting.present,
        "titles": [_title(t, by_unit) for t in result.titles],
        "gates": {g.id: g.label for g in project.cluster.model.awards.gates},
        "unused_votes": _unused_votes(project, period, result),
        "government_flag_candidate": result.government_flag_candidate,
        "rotation": {
            "rule": result.rotation.rule,
            "next_year": period.end.year + 1,
            "proposed": {"cum_truong": result.rotation.next_truong, "cum_pho": result.rotation.next_pho},
            "declared": {"cum_truong": result.rotation.declared_truong, "cum_pho": result.rotation.declared_pho},
            "declared_breaks_rule": result.rotation.next_truong is not None
            and result.rotation.declared_truong not in (None, result.rotation.next_truong),
        },
    }


def _title(result: TitleResult, by_unit: dict[str, Ranked]) -> dict[str, Any]:
    quota = result.title.quota
    return {
        "id": result.title.id,
        "name": result.title.name,
        "legal_basis": result.title.legal_basis,
        "quota": result.quota,
        "quota_rule": {
            "count": quota.count,
            "ratio": exact_text(quota.ratio) if quota.ratio is not None else None,
            "rounding": quota.rounding,
        },
        "proposed": list(result.proposed),
        "tie_at_quota_line": list(result.tie_at_quota_line),
        "decisions": [_decision(d, by_unit[d.unit]) for d in result.decisions],
    }


def _decision(decision: Decision, item: Ranked) -> dict[str, Any]:
    return {
        "unit": {"id": item.score.unit.id, "short_name": item.score.unit.short_name},
        "rank": item.rank,
        "tied": item.tied,
        "total": format(item.score.total, "f"),
        "classification": item.score.classification.band.id,
        "classification_label": item.score.classification.band.label,
        "outcome": decision.outcome.value,
        "failed_gates": list(decision.failed_gates),
        "missing_gates": list(decision.missing_gates),
        "classification_too_low": decision.classification_too_low,
        "vote": _vote(decision.vote),
        "replaces": decision.replaces,
        "gap_to_last_proposed": None
        if decision.gap_to_last_proposed is None
        else decimal_text(decision.gap_to_last_proposed, 2),
    }


def _unused_votes(project: Project, period: Period, result: AwardsResult) -> list[dict[str, str]]:
    """Votes in the ballot file on a unit that was never offered that title: probably a mistake."""
    offered = {(t.title.id, d.unit) for t in result.titles for d in t.decisions if d.vote is not None}
    ballot = project.ballot(period.id)
    return [
        {"award": v.award, "unit": v.unit} for v in (ballot.votes if ballot else []) if (v.award, v.unit) not in offered
    ]


def _vote(result: VoteResult | None) -> dict[str, Any] | None:
    if result is None:
        return None
    vote = result.vote
    counts = (
        None
        if vote is None
        else {key: getattr(vote, key) for key in ("issued", "returned", "valid", "in_favour", "against")}
    )
    share = result.share
    return {
        "counts": counts,
        "denominator": result.denominator,
        "needed": result.needed,
        "share": None if share is None else exact_text(share),
        "quorum_met": result.quorum_met,
        "passed": result.passed,
    }

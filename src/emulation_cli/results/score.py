"""`emul score --format json|csv` and `--excel`: the period's results rendered from the typed standings (a
ranking at the year's end, the covenant's progress at sơ kết)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..membership.roster import Departure
from ..model.cluster import Period
from ..model.rubric import Rubric
from ..ranking.rank import Ranked, Step
from ..ranking.standings import Standings
from ..rubrics.versions import RubricIdentity
from ..scoring.classify import Classified
from ..scoring.commitments import CommitmentOutcome, Status
from ..scoring.progress import UnitProgress, elapsed_share
from ..scoring.sheet import PeriodScores
from ..text.numbers import PERCENT_DECIMALS, decimal_text, exact_text
from ..text.phrases import Phrases
from ..validation.project import Project
from .csv_table import PLAIN, Cell, Dialect, Figure, Label, csv_text

SCORE_SCHEMA = "emul.score/1"


def identity_json(identity: RubricIdentity) -> dict[str, Any]:
    """The rubric's id, version, content hash and commit, as every JSON output records them."""
    return {
        "id": identity.id,
        "version": identity.version,
        "content_hash": identity.content_hash,
        "commit": identity.commit,
    }


def vote_ranking_document(project: Project, ranking: Standings) -> dict[str, Any]:
    """A cluster without a rubric: the ranking by the ranking ballot (no points, no rubric)."""
    ballot = ranking.ranking_ballot
    counts = ballot.counts
    return {
        "schema": SCORE_SCHEMA,
        "cluster": {"id": project.cluster.model.id, "name": project.cluster.model.name},
        "period": {"id": ranking.period.id, "kind": ranking.period.kind, "title": ranking.period.title},
        "rubric": None,
        "kind": "ranking_by_vote",
        "ballot": {
            "state": ballot.state.value,
            "issued": counts.issued if counts else None,
            "returned": counts.returned if counts else None,
            "valid": counts.valid if counts else None,
            "choices": ballot.choices,
            "legal_basis": ballot.legal_basis,
        },
        "units": [_vote_row(item) for item in ranking.ranked],
        "departed": [departure_json(project, d) for d in project.departed(ranking.period)],
    }


def _vote_row(item: Ranked) -> dict[str, Any]:
    tally = item.tally
    return {
        "rank": item.rank,
        "tied": item.tied,
        "unit": {"id": tally.unit.id, "name": tally.unit.name, "short_name": tally.unit.short_name},
        "votes": tally.votes,
        "valid": tally.valid,
        "share": None if tally.share is None else exact_text(tally.share),
        "flags": list(item.flags),
    }


def ranking_document(
    project: Project, scores: PeriodScores, ranked: list[Ranked], identity: RubricIdentity
) -> dict[str, Any]:
    return {
        "schema": SCORE_SCHEMA,
        **_header(project, scores.period, identity),
        "kind": "ranking",
        "rounding": scores.rubric.rounding.model_dump(),
        "self_scored": scores.rubric.self_scored,
        "scorers": [{"id": s.id, "name": s.name} for s in scores.rubric.scorers],
        "sections": [{"id": s.id, "title": s.title, "max": format(s.max, "f")} for s in scores.rubric.sections],
        "units": [_unit_row(item, scores.rubric) for item in ranked],
    }


def _header(project: Project, period: Period, identity: RubricIdentity | None) -> dict[str, Any]:
    return {
        "cluster": {"id": project.cluster.model.id, "name": project.cluster.model.name},
        "period": {"id": period.id, "kind": period.kind, "title": period.title},
        "rubric": None if identity is None else identity_json(identity),
        "departed": [departure_json(project, d) for d in project.departed(period)],
    }


def departure_json(project: Project, departure: Departure) -> dict[str, Any]:
    """A unit not ranked in the period because it left: when, how, and who carries on."""
    unit = project.unit(departure.unit)
    return {
        "unit": {"id": unit.id, "name": unit.name, "short_name": unit.short_name},
        "last_day": departure.last_day.isoformat(),
        "how": departure.how or "left",
        "successors": [{"id": s.id, "name": s.name, "member": s.member} for s in departure.successors],
    }


def _unit_row(item: Ranked, rubric: Rubric) -> dict[str, Any]:
    """Parts are shown rounded the declared way; the total is the one declared rounding of the exact sum.
    The self totals are there only for a self-scored rubric, the subtotals by scoring body only for a rubric
    that declares scorers."""
    score = item.score
    rounding = rubric.rounding

    def shown(value: Fraction) -> str:
        return decimal_text(value, rounding.decimals, rounding.mode)

    own = (
        {
            "self_total": shown(score.self_total_exact),
            "self_minus_total": shown(score.self_total_exact - score.total_exact),
        }
        if score.self_scored
        else {}
    )
    scorers = (
        {
            "by_scorer": [
                {"scorer": scorer.id, "points": shown(points), "bonus": shown(bonus)}
                for scorer, points, bonus in score.by_scorer()
            ]
        }
        if rubric.scorers
        else {}
    )
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
        **own,
        "not_assigned": list(score.not_assigned),
        "scale_factor": exact_text(score.scale_factor),
        **scorers,
        "classification": _classification(score.classification),
        "differences": [
            {
                "criterion": c.criterion.id,
                "self": shown(c.self_points or Fraction(0)),
                "retained": shown(c.final),
                "difference": shown(c.difference or Fraction(0)),
            }
            for c in score.flagged_differences
        ],
        "flags": list(item.flags),
        "separated_from_next": _step(item.separated_from_next),
    }


def _classification(classified: Classified | None) -> dict[str, Any] | None:
    if classified is None:
        return None
    return {
        "id": classified.band.id,
        "label": classified.band.label,
        "by_total": classified.by_total.id,
        "by_total_label": classified.by_total.label,
        "floor": decimal_text(classified.floor * 100, 2),
        "below_floor": [{"criterion": cid, "share": decimal_text(share, 4)} for cid, share in classified.below_floor],
        "floors_missed": [
            {
                "band": miss.band.id,
                "node": miss.node,
                "points": exact_text(miss.points),
                "max": exact_text(miss.maximum),
                "min_points" if miss.floor.min_points is not None else "min_share": exact_text(miss.required),
            }
            for miss in classified.missed
        ],
    }


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
    project: Project, period: Period, progress: tuple[UnitProgress, ...], identity: RubricIdentity | None
) -> dict[str, Any]:
    """Sơ kết: per unit, the commitments on track and behind; a cumulative target is taken pro rata."""
    return {
        "schema": SCORE_SCHEMA,
        **_header(project, period, identity),
        "kind": "progress",
        "elapsed_share_of_year": exact_text(elapsed_share(period)),
        "has_cumulative": any(o.commitment.cumulative for p in progress for o in p.outcomes),
        "units": [
            {
                "unit": {"id": p.unit.id, "name": p.unit.name, "short_name": p.unit.short_name},
                "commitments": len(p.outcomes),
                "on_track": p.count(Status.MET),
                "behind": p.count(Status.NOT_MET),
                "no_data": p.count(Status.NO_DATA),
                "to_watch": [_to_watch(o) for o in p.behind],
            }
            for p in progress
        ],
    }


def _to_watch(outcome: CommitmentOutcome) -> dict[str, Any]:
    result = outcome.result
    return {
        "commitment": outcome.commitment.id,
        "status": "behind" if outcome.status is Status.NOT_MET else outcome.status.value,
        "actual": None if result is None or result.actual is None else format(result.actual, "f"),
        "target_so_far": None if outcome.target is None else decimal_text(outcome.target, 2),
    }


# ----- CSV: machine-friendly (decimal point, ids, stable flag codes), or for Excel (EXCEL_VI: Vietnamese) ------
RANK, TIED = Label("rank", "Hạng"), Label("tied", "Đồng hạng")
UNIT_ID, SHORT_NAME = Label("unit_id", "Mã đơn vị"), Label("short_name", "Đơn vị")
FLAGS = Label("flags", "Ghi chú")


def ranking_csv(scores: PeriodScores, ranked: list[Ranked], phrases: Phrases, dialect: Dialect = PLAIN) -> str:
    """One row per unit; the self total only for a self-scored rubric, the classification only for a rubric
    that classifies."""
    rubric = scores.rubric
    rounding = rubric.rounding
    sections = [s.id for s in rubric.sections]
    own, classified = rubric.self_scored, rubric.classification is not None

    def shown(value: Fraction) -> Figure:
        return Figure(decimal_text(value, rounding.decimals, rounding.mode))

    header: list[Cell] = [RANK, TIED, UNIT_ID, SHORT_NAME, *(Label(s, f"Mục {s}") for s in sections)]
    header += [Label("bonus", "Điểm thưởng"), Label("penalty", "Điểm trừ"), Label("total", "Tổng điểm")]
    header += [Label("self_total", "Tổng tự chấm")] * own + [Label("classification", "Xếp loại")] * classified
    rows: list[list[Cell]] = [[*header, FLAGS]]
    for item in ranked:
        score = item.score
        band = score.classification.band if score.classification else None
        rows.append(
            [
                item.rank,
                _tied(item.tied),
                score.unit.id,
                score.unit.short_name,
                *(shown(score.section(s)) for s in sections),
                shown(score.bonus),
                shown(score.penalty),
                Figure(format(score.total, "f")),
                *([shown(score.self_total_exact)] if own else []),
                *([Label(band.id, band.label) if band else ""] if classified else []),
                _flags(item, phrases),
            ]
        )
    return csv_text(rows, dialect)


def vote_ranking_csv(ranking: Standings, phrases: Phrases, dialect: Dialect = PLAIN) -> str:
    votes, valid = Label("votes", "Số phiếu bầu"), Label("valid", "Số phiếu hợp lệ")
    share_header = Label("share_percent", "Tỉ lệ trên số phiếu hợp lệ (%)")
    rows: list[list[Cell]] = [[RANK, TIED, UNIT_ID, SHORT_NAME, votes, valid, share_header, FLAGS]]
    for item in ranking.ranked:
        tally = item.tally
        share: Cell = "" if tally.share is None else Figure(decimal_text(tally.share * 100, PERCENT_DECIMALS))
        rows.append(
            [
                item.rank,
                _tied(item.tied),
                tally.unit.id,
                tally.unit.short_name,
                tally.votes,
                tally.valid,
                share,
                _flags(item, phrases),
            ]
        )
    return csv_text(rows, dialect)


def _tied(tied: bool) -> Label:
    return Label("true", "có") if tied else Label("false", "không")


def _flags(item: Ranked, phrases: Phrases) -> Label:
    """The stable codes, or the documents' own wording of each note."""
    words = [phrases.say("note." + code.replace("-", "_")) for code in item.flags]
    return Label(" ".join(item.flags), "; ".join(words))


def progress_csv(progress: tuple[UnitProgress, ...], dialect: Dialect = PLAIN) -> str:
    header = [UNIT_ID, SHORT_NAME, Label("commitments", "Số cam kết"), Label("on_track", "Đúng tiến độ")]
    header += [Label("behind", "Chưa đạt"), Label("no_data", "Chưa có số liệu"), Label("to_watch", "Cần chú ý")]
    rows: list[list[Cell]] = [list(header)]
    for p in progress:
        ids = [o.commitment.id for o in p.behind]
        rows.append(
            [
                p.unit.id,
                p.unit.short_name,
                len(p.outcomes),
                p.count(Status.MET),
                p.count(Status.NOT_MET),
                p.count(Status.NO_DATA),
                Label(" ".join(ids), ", ".join(ids)),
            ]
        )
    return csv_text(rows, dialect)

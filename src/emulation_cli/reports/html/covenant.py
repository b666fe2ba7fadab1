"""The covenant as a heat map: one cell per unit × commitment, met / behind (sơ kết) or not met (tổng kết) / no
data yet; and the awards: per proposal put to the vote, the votes in favour against the number needed."""

from __future__ import annotations

from ...awards.period import AwardsResult
from ...model.units import Unit
from ...scoring.commitments import Status
from ...scoring.progress import UnitProgress
from ...text.terms import outcome_words, replacement_reason
from .model import Chart, DataTable
from .svg import Element, child, column_headings, markup, svg_root

LABEL = 120
CELL = 26
TOP = 64
LEGEND_WIDTH = 440  # the three statuses' keys under the cells
COLOURS = {"met": "#3f8f4f", "behind": "#d4a017", "not_met": "#b22222", "no_data": "#d9d9d9"}
WORDS = {"met": "đạt", "behind": "chậm tiến độ", "not_met": "không đạt", "no_data": "chưa có số liệu"}


def covenant_status(status: Status, year_end: bool) -> str:
    """At sơ kết a commitment not met yet is behind; at the year's end it is not met."""
    if status is Status.NOT_MET:
        return "not_met" if year_end else "behind"
    return status.value


def covenant_chart(progress: tuple[UnitProgress, ...], year_end: bool) -> Chart | None:
    commitments = list(dict.fromkeys(o.commitment.id for p in progress for o in p.outcomes))
    if not commitments:
        return None
    width = max(LABEL + CELL * len(commitments) + 8, LEGEND_WIDTH)
    root = svg_root(
        "ban-do-cam-ket",
        "Bản đồ cam kết giao ước: đạt, chậm, không đạt theo đơn vị",
        width,
        TOP + CELL * len(progress) + 28,
    )
    column_headings(root, list(commitments), LABEL, CELL, TOP)
    rows = []
    for row, unit_progress in enumerate(progress):
        y = TOP + CELL * row
        unit = unit_progress.unit
        child(root, "text", {"x": LABEL - 6, "y": y + 17, "text-anchor": "end"}, unit.short_name)
        by_id = {o.commitment.id: o for o in unit_progress.outcomes}
        for column, commitment in enumerate(commitments):
            outcome = by_id.get(commitment)
            if outcome is None:
                continue
            status = covenant_status(outcome.status, year_end)
            cell = child(
                root,
                "rect",
                {
                    "class": "cell",
                    "data-unit": unit.id,
                    "data-commitment": commitment,
                    "data-status": status,
                    "x": LABEL + CELL * column,
                    "y": y,
                    "width": CELL - 2,
                    "height": CELL - 2,
                    "fill": COLOURS[status],
                },
            )
            child(cell, "title", text=f"{unit.short_name}, {commitment}: {WORDS[status]}")
            rows.append([unit.short_name, commitment, WORDS[status]])
    _legend(root, TOP + CELL * len(progress) + 18, year_end)
    return Chart(svg=markup(root), table=DataTable(headers=["Đơn vị", "Cam kết", "Kết quả"], rows=rows))


def _legend(root: Element, y: int, year_end: bool) -> None:
    statuses = ("met", "not_met", "no_data") if year_end else ("met", "behind", "no_data")
    for index, status in enumerate(statuses):
        x = 8 + index * 150
        child(root, "rect", {"x": x, "y": y - 10, "width": 10, "height": 10, "fill": COLOURS[status]})
        child(root, "text", {"x": x + 14, "y": y}, WORDS[status])


# ----- awards -----------------------------------------------------------------------------------------------
AWARD_LABEL = 330
AWARD_ROW = 24
AWARD_WIDTH = 800


def awards_chart(awards: AwardsResult | None, units: dict[str, Unit], ranks: dict[str, str]) -> Chart | None:
    """One bar per proposal put to the vote: votes in favour out of the denominator, a mark at the number
    needed; and in the table every decision with its outcome, replacements with the unit replaced and why.
    `ranks`: each ranked unit's rank as the ranking shows it ('2=' when tied)."""
    if awards is None:
        return None
    voted = [(t, d) for t in awards.titles for d in t.put_to_vote if d.vote is not None]
    table = _awards_table(awards, units, ranks)
    if not voted and not table.rows:
        return None
    height = 12 + AWARD_ROW * max(len(voted), 1) + 8
    root = svg_root(
        "bieu-do-khen-thuong", "Khen thưởng: số phiếu đồng ý so với số phiếu cần đạt, theo đề nghị", AWARD_WIDTH, height
    )
    span = AWARD_WIDTH - AWARD_LABEL - 90
    if not voted:
        child(root, "text", {"x": 8, "y": 24}, "Chưa có đề nghị nào được đưa ra bỏ phiếu.")
    for row, (title, decision) in enumerate(voted):
        vote = decision.vote
        assert vote is not None
        y = 12 + AWARD_ROW * row
        name = units[decision.unit].short_name if decision.unit in units else decision.unit
        group = child(root, "g", {"class": "proposal", "data-unit": decision.unit, "data-award": title.title.id})
        favour = vote.in_favour
        denominator = max(vote.denominator, 1)
        said = "chưa bỏ phiếu" if favour is None else f"{favour}/{vote.denominator} phiếu đồng ý"
        child(group, "title", text=f"{name} — {title.title.name}: {said}, cần {vote.needed}")
        child(group, "text", {"x": AWARD_LABEL - 6, "y": y + 14, "text-anchor": "end"}, f"{name} — {title.title.name}")
        child(group, "rect", {"x": AWARD_LABEL, "y": y + 3, "width": span, "height": 14, "fill": "#f0f0f0"})
        if favour is not None:
            colour = "#3f8f4f" if vote.passed else "#b22222"
            child(
                group,
                "rect",
                {
                    "class": "votes",
                    "x": AWARD_LABEL,
                    "y": y + 3,
                    "width": span * favour / denominator,
                    "height": 14,
                    "fill": colour,
                },
            )
        mark = AWARD_LABEL + span * vote.needed / denominator
        child(
            group,
            "line",
            {"class": "needed", "x1": mark, "y1": y, "x2": mark, "y2": y + 20, "stroke": "#000", "stroke-width": 2},
        )
        child(
            group,
            "text",
            {"x": AWARD_LABEL + span + 6, "y": y + 14},
            said if favour is None else f"{favour}/{vote.denominator} (cần {vote.needed})",
        )
    return Chart(svg=markup(root), table=table)


def _awards_table(awards: AwardsResult, units: dict[str, Unit], ranks: dict[str, str]) -> DataTable:
    rows = []
    for title in awards.titles:
        for decision in title.decisions:
            name = units[decision.unit].short_name if decision.unit in units else decision.unit
            votes = (
                ""
                if decision.vote is None or decision.vote.in_favour is None
                else f"{decision.vote.in_favour}/{decision.vote.denominator} (cần {decision.vote.needed})"
            )
            replaced = ""
            if decision.replaces is not None:
                other = (
                    units[decision.replaces.unit].short_name
                    if decision.replaces.unit in units
                    else decision.replaces.unit
                )
                replaced = f"thay {other} ({replacement_reason(decision.replaces.reason, vietnamese=True)})"
            rows.append(
                [
                    title.title.name,
                    ranks.get(decision.unit, str(decision.rank)),
                    name,
                    outcome_words(decision.outcome, vietnamese=True),
                    votes,
                    replaced,
                ]
            )
    return DataTable(headers=["Danh hiệu", "Hạng", "Đơn vị", "Kết quả", "Phiếu", "Thay thế"], rows=rows)

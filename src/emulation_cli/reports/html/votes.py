"""A cluster ranked by the ranking ballot: one bar per unit, the valid ballots that name it out of all valid
ballots; each award's quota line under the last unit offered it, as in the ranking by points."""

from __future__ import annotations

from fractions import Fraction

from ...awards.period import AwardsResult
from ...ranking.rank import Ranked, rank_text
from ...results.ballot_text import share_text
from ...text.numbers import Numbers
from .model import Chart, DataTable
from .ranking import LABEL_WIDTH, QUOTA_LABEL, ROW, WIDTH, quota, quota_lines
from .svg import PALETTE, child, markup, svg_root

TOP = 24  # room for the axis' label
BAR = 16
TEXT_WIDTH = 150  # '6/7 phiếu (85,71%)' right of the bars


def votes_chart(ranked: tuple[Ranked, ...], awards: AwardsResult | None, numbers: Numbers) -> Chart | None:
    """None while the ranking ballot has decided nothing (no valid ballot): every unit shares one rank then."""
    valid = ranked[0].tally.valid if ranked else 0
    if not valid:
        return None
    quotas = quota_lines(ranked, awards)
    bottom = TOP + ROW * len(ranked)
    height = bottom + 8 + QUOTA_LABEL * len(quotas) + 4
    root = svg_root("bieu-do-phieu-bau", "Số phiếu bầu của từng đơn vị trên số phiếu hợp lệ", WIDTH, height)
    span = WIDTH - LABEL_WIDTH - TEXT_WIDTH
    child(root, "text", {"x": LABEL_WIDTH, "y": 14}, f"Số phiếu bầu trên {valid} phiếu hợp lệ")
    for index, item in enumerate(ranked):
        tally = item.tally
        y = TOP + ROW * index + (ROW - BAR) / 2
        bar = child(root, "g", {"class": "bar", "data-unit": item.unit.id, "tabindex": "0"})
        said = _votes_text(item, numbers)
        child(bar, "title", text=f"{item.unit.name}: hạng {rank_text(item.rank, item.tied)}, {said}")
        label: dict[str, str | int | Fraction | float] = {"class": "label", "x": LABEL_WIDTH - 6, "y": y + BAR - 4}
        child(bar, "text", {**label, "text-anchor": "end"}, item.unit.short_name)
        child(bar, "rect", {"x": LABEL_WIDTH, "y": y, "width": span, "height": BAR, "fill": "#f0f0f0"})
        width = span * Fraction(tally.votes, valid)
        child(
            bar, "rect", {"class": "votes", "x": LABEL_WIDTH, "y": y, "width": width, "height": BAR, "fill": PALETTE[0]}
        )
        child(bar, "text", {"class": "total", "x": LABEL_WIDTH + span + 6, "y": y + BAR - 4}, said)
    for order, (title_id, name, after) in enumerate(quotas):
        below = rank_text(ranked[after].rank, ranked[after].tied)
        quota(root, title_id, name, TOP + ROW * (after + 1), below, bottom + 8 + QUOTA_LABEL * (order + 1))
    rows = [
        [rank_text(item.rank, item.tied), item.unit.short_name, str(item.tally.votes), share_text(item.tally, numbers)]
        for item in ranked
    ]
    return Chart(svg=markup(root), table=DataTable(headers=["Hạng", "Đơn vị", "Số phiếu bầu", "Tỉ lệ"], rows=rows))


def _votes_text(item: Ranked, numbers: Numbers) -> str:
    return f"{item.tally.votes}/{item.tally.valid} phiếu ({share_text(item.tally, numbers)})"

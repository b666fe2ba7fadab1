"""Totals and ranks over the years given (`emul report FOLDER --previous OLDER`): one line per unit through the
tổng kết of each year (its rank, top down, in a cluster ranked by vote); a unit that merged or split ends with a
dashed link to the units that carry on."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import TypeGuard

from ...membership.roster import Departure
from ...ranking.rank import rank_text
from ...rollup.history import History, Standing
from ...text.numbers import Numbers
from .model import Chart, DataTable
from .svg import PALETTE, child, markup, svg_root

WIDTH = 800
LEFT, RIGHT, TOP, BOTTOM = 50, 170, 20, 30
HEIGHT = 320


def years_chart(history: History | None, departure_words: Callable[[Departure], str]) -> Chart | None:
    """None unless the history holds the tổng kết of at least two years. `departure_words`: why a unit left, as
    the documents say it."""
    if history is None:
        return None
    columns = [index for index, column in enumerate(history.periods) if not column.provisional]
    if len(columns) < 2:
        return None
    by_rank = all(s.by_vote for u in history.units for i in columns if (s := u.standings[i]) is not None)
    plotted = _Plotted(by_rank)
    values = [
        plotted.value(s)
        for u in history.units
        for i in columns
        if (s := u.standings[i]) is not None and plotted.drawn(s)
    ]
    if not values:
        return None
    low, high = min(values), max(values)
    low, high = (low - 1, high + 1) if low == high else (low, high)
    span_x = WIDTH - LEFT - RIGHT
    span_y = HEIGHT - TOP - BOTTOM

    def x(position: int) -> Fraction:
        return LEFT + Fraction(span_x * position, len(columns) - 1)

    def y(standing: Standing) -> Fraction:
        return TOP + span_y * (high - plotted.value(standing)) / (high - low)

    shown_as = "Thứ hạng" if by_rank else "Tổng điểm và thứ hạng"
    root = svg_root("bieu-do-qua-cac-nam", f"{shown_as} của từng đơn vị qua các năm", WIDTH, HEIGHT)
    for position, index in enumerate(columns):
        child(
            root, "text", {"x": x(position), "y": HEIGHT - 8, "text-anchor": "middle"}, str(history.periods[index].year)
        )
    points: dict[str, dict[int, tuple[Fraction, Fraction]]] = {}  # each unit's points by position
    last: dict[str, tuple[Fraction, Fraction, int]] = {}
    rows = []
    for order, unit_history in enumerate(history.units):
        unit = unit_history.unit
        colour = PALETTE[order % len(PALETTE)]
        group = child(root, "g", {"class": "unit-line", "data-unit": unit.id})
        drawn = [
            (position, standing)
            for position, index in enumerate(columns)
            if plotted.drawn(standing := unit_history.standings[index])
        ]
        if len(drawn) > 1:
            path = " ".join(f"{float(x(p)):.2f},{float(y(s)):.2f}" for p, s in drawn)
            child(group, "polyline", {"points": path, "fill": "none", "stroke": colour, "stroke-width": 2})
        for position, standing in drawn:
            dot = child(group, "circle", {"cx": x(position), "cy": y(standing), "r": 4, "fill": colour})
            column = history.periods[columns[position]]
            shown = plotted.figure(standing, column.decimals)
            child(dot, "title", text=f"{unit.short_name}, {column.year}: {plotted.said(shown)}hạng {_rank(standing)}")
            rows.append([unit.short_name, str(column.year), shown, _rank(standing)])
        if drawn:
            points[unit.id] = {p: (x(p), y(s)) for p, s in drawn}
            final_position, final = drawn[-1]
            last[unit.id] = (x(final_position), y(final), final_position)
            child(group, "text", {"x": x(final_position) + 8, "y": y(final) + 4}, unit.short_name)
    for unit_history in history.units:
        ended = unit_history.ended
        if ended is None or unit_history.unit.id not in last:
            continue
        x1, y1, position = last[unit_history.unit.id]
        how = departure_words(ended)  # 'sáp nhập vào Sở Nội vụ (cơ quan ngoài cụm) từ ngày …'
        for number, successor in enumerate(ended.successors):
            later = sorted(p for p in points.get(successor.id, {}) if p > position)
            words = f"{unit_history.unit.short_name}: {how}"
            if later:  # the link arrives at the successor's next point after the merger
                x2, y2 = points[successor.id][later[0]]
                attributes: dict[str, str | int | Fraction | float] = {"class": "merger"}
                attributes.update({"data-unit": unit_history.unit.id, "data-successor": successor.id})
                attributes.update({"x1": x1, "y1": y1, "x2": x2, "y2": y2, "stroke": "#555", "stroke-dasharray": "4 3"})
                child(child(root, "line", attributes), "title", text=words)
            else:  # the successor is not drawn (not a member, or no totals yet): said at the line's end
                label = {"class": "merger", "data-unit": unit_history.unit.id, "data-successor": successor.id}
                place = {"x": x1 + 8, "y": y1 + 16 + 12 * number}
                said = how if number == 0 else successor.name  # the sentence names every successor already
                child(root, "text", {**label, **place}, f"→ {said}")
        rows.append([unit_history.unit.short_name, "", "", how])
    figure = "Số phiếu bầu" if by_rank else "Tổng điểm"
    return Chart(svg=markup(root), table=DataTable(headers=["Đơn vị", "Năm", figure, "Hạng"], rows=rows))


class _Plotted:
    """What a point stands for: the total, higher drawn higher; or in a cluster ranked by vote the rank, the
    first at the top (the votes of different years are out of different numbers of ballots)."""

    def __init__(self, by_rank: bool) -> None:
        self.by_rank = by_rank

    def drawn(self, standing: Standing | None) -> TypeGuard[Standing]:
        if standing is None:
            return False
        return standing.has_assessment if self.by_rank else standing.total is not None

    def value(self, standing: Standing) -> Fraction:
        if self.by_rank:
            return Fraction(-standing.rank)
        assert standing.total is not None
        return Fraction(standing.total)

    def figure(self, standing: Standing, decimals: int) -> str:
        if self.by_rank:
            return f"{standing.votes}/{standing.valid}"
        assert standing.total is not None
        return Numbers(decimals=decimals).points(standing.total)

    def said(self, figure: str) -> str:
        return f"{figure} phiếu, " if self.by_rank else f"{figure} điểm, "


def _rank(standing: Standing) -> str:
    return rank_text(standing.rank, standing.tied)

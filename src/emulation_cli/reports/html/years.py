"""Totals and ranks over the years given (`emul report FOLDER --previous OLDER`): one line per unit through the
tổng kết of each year; a unit that merged or split ends with a dashed link to the units that carry on."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from ...ranking.rank import rank_text
from ...rollup.history import History, Standing
from ...text.numbers import Numbers
from ...text.terms import departure_words
from .model import Chart, DataTable
from .svg import PALETTE, child, markup, svg_root

WIDTH = 800
LEFT, RIGHT, TOP, BOTTOM = 50, 170, 20, 30
HEIGHT = 320


def years_chart(history: History | None) -> Chart | None:
    """None unless the history holds the tổng kết of at least two years."""
    if history is None:
        return None
    columns = [index for index, column in enumerate(history.periods) if not column.provisional]
    if len(columns) < 2:
        return None
    totals = [
        s.total for u in history.units for i in columns if (s := u.standings[i]) is not None and s.total is not None
    ]
    if not totals:
        return None
    low, high = Fraction(min(totals)), Fraction(max(totals))
    low, high = (low - 1, high + 1) if low == high else (low, high)
    span_x = WIDTH - LEFT - RIGHT
    span_y = HEIGHT - TOP - BOTTOM

    def x(position: int) -> Fraction:
        return LEFT + Fraction(span_x * position, len(columns) - 1)

    def y(total: Decimal) -> Fraction:
        return TOP + span_y * (high - Fraction(total)) / (high - low)

    root = svg_root("bieu-do-qua-cac-nam", "Tổng điểm và thứ hạng của từng đơn vị qua các năm", WIDTH, HEIGHT)
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
            if (standing := unit_history.standings[index]) is not None and standing.total is not None
        ]
        if len(drawn) > 1:
            path = " ".join(f"{float(x(p)):.2f},{float(y(_total(s))):.2f}" for p, s in drawn)
            child(group, "polyline", {"points": path, "fill": "none", "stroke": colour, "stroke-width": 2})
        for position, standing in drawn:
            total = _total(standing)
            dot = child(group, "circle", {"cx": x(position), "cy": y(total), "r": 4, "fill": colour})
            column = history.periods[columns[position]]
            year, shown = column.year, Numbers(decimals=column.decimals).points(total)
            child(dot, "title", text=f"{unit.short_name}, {year}: {shown} điểm, hạng {_rank(standing)}")
            rows.append([unit.short_name, str(year), shown, _rank(standing)])
        if drawn:
            points[unit.id] = {p: (x(p), y(_total(s))) for p, s in drawn}
            final_position, final = drawn[-1]
            last[unit.id] = (x(final_position), y(_total(final)), final_position)
            child(group, "text", {"x": x(final_position) + 8, "y": y(_total(final)) + 4}, unit.short_name)
    for unit_history in history.units:
        ended = unit_history.ended
        if ended is None or unit_history.unit.id not in last:
            continue
        x1, y1, position = last[unit_history.unit.id]
        how = departure_words(ended, vietnamese=True)  # 'sáp nhập vào Sở Nội vụ (cơ quan ngoài cụm) từ ngày …'
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
    return Chart(svg=markup(root), table=DataTable(headers=["Đơn vị", "Năm", "Tổng điểm", "Hạng"], rows=rows))


def _total(standing: Standing) -> Decimal:
    assert standing.total is not None
    return standing.total


def _rank(standing: Standing) -> str:
    return rank_text(standing.rank, standing.tied)

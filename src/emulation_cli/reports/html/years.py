"""Totals and ranks over the years given (`emul report FOLDER --previous OLDER`): one line per unit through the
tổng kết of each year (its rank, top down, in a cluster ranked by vote); a unit that merged or split ends with a
dashed link to the units that carry on."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import TypeGuard

from ...membership.roster import Departure
from ...ranking.rank import rank_text
from ...rollup.history import History, Standing
from ...text.numbers import Numbers
from .model import Chart, DataTable
from .svg import PALETTE, Element, child, markup, svg_root

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

    def level(value: Fraction) -> Fraction:
        return TOP + span_y * (high - value) / (high - low)

    def y(standing: Standing) -> Fraction:
        return level(plotted.value(standing))

    shown_as = "Thứ hạng" if by_rank else "Tổng điểm và thứ hạng"
    root = svg_root("bieu-do-qua-cac-nam", f"{shown_as} của từng đơn vị qua các năm", WIDTH, HEIGHT)
    for value, text in plotted.ticks(low, high):
        grid: dict[str, str | int | Fraction | float] = {"x1": LEFT, "y1": level(value), "x2": WIDTH - RIGHT}
        child(root, "line", {"class": "grid", **grid, "y2": level(value), "stroke": "#e5e5e5"})
        child(root, "text", {"class": "tick", "x": LEFT - 6, "y": level(value) + 4, "text-anchor": "end"}, text)
    for position, index in enumerate(columns):
        child(
            root, "text", {"x": x(position), "y": HEIGHT - 8, "text-anchor": "middle"}, str(history.periods[index].year)
        )
    points: dict[str, dict[int, tuple[Fraction, Fraction]]] = {}  # each unit's points by position
    last: dict[str, tuple[Fraction, Fraction, int]] = {}
    # The names at each line's last point (units on one point together), and where a merged unit went, with why.
    ends: dict[tuple[Fraction, Fraction], list[_Label]] = {}
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
            ends.setdefault((x(final_position), y(final)), []).append(_Label(f"{unit.short_name} ({_rank(final)})"))
    for unit_history in history.units:
        ended = unit_history.ended
        if ended is None or unit_history.unit.id not in last:
            continue
        x1, y1, position = last[unit_history.unit.id]
        how = departure_words(ended)  # 'sáp nhập vào Sở Nội vụ (cơ quan ngoài cụm) từ ngày …'
        for successor in ended.successors:
            later = sorted(p for p in points.get(successor.id, {}) if p > position)
            words = f"{unit_history.unit.short_name}: {how}"
            if later:  # the link arrives at the successor's next point after the merger
                x2, y2 = points[successor.id][later[0]]
                attributes: dict[str, str | int | Fraction | float] = {"class": "merger"}
                attributes.update({"data-unit": unit_history.unit.id, "data-successor": successor.id})
                attributes.update({"x1": x1, "y1": y1, "x2": x2, "y2": y2, "stroke": "#555", "stroke-dasharray": "4 3"})
                child(child(root, "line", attributes), "title", text=words)
            else:  # the successor is not drawn (not a member, or no totals yet): named under the line's end
                merger = _Label(f"→ {successor.name}", words, unit_history.unit.id, successor.id)
                ends.setdefault((x1, y1), []).append(merger)
        rows.append([unit_history.unit.short_name, "", "", how])
    _end_labels(root, ends)
    figure = "Số phiếu bầu" if by_rank else "Tổng điểm"
    return Chart(svg=markup(root), table=DataTable(headers=["Đơn vị", "Năm", figure, "Hạng"], rows=rows))


LABEL_GAP = 12  # one line of the labels at the lines' ends


@dataclass(frozen=True)
class _Label:
    text: str
    sentence: str = ""  # a merger into a body not drawn: why, on hover
    unit: str = ""
    successor: str = ""


def _end_labels(root: Element, ends: dict[tuple[Fraction, Fraction], list[_Label]]) -> None:
    """The labels at the lines' last points, each pushed below the one above it so that none overprints another."""
    by_x: dict[Fraction, list[tuple[Fraction, list[_Label]]]] = {}
    for (x, y), labels in ends.items():
        by_x.setdefault(x, []).append((y, labels))
    for x, column in by_x.items():
        floor = Fraction(-LABEL_GAP)
        for y, labels in sorted(column, key=lambda end: end[0]):
            for label in labels:
                place = max(y + 4, floor + LABEL_GAP)
                attributes: dict[str, str | int | Fraction | float] = {"x": x + 8, "y": place}
                # A white outline keeps a label readable where a line runs under it.
                attributes.update({"stroke": "#fff", "stroke-width": 3, "paint-order": "stroke"})
                if label.sentence:
                    attributes.update({"class": "merger", "data-unit": label.unit, "data-successor": label.successor})
                    child(child(root, "text", attributes, label.text), "title", text=label.sentence)
                else:
                    child(root, "text", {"class": "end-label", **attributes}, label.text)
                floor = place


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

    def ticks(self, low: Fraction, high: Fraction) -> list[tuple[Fraction, str]]:
        """The value axis: every rank, or round totals a step apart that gives at most six."""
        if self.by_rank:
            return [(Fraction(-rank), f"hạng {rank}") for rank in range(int(-high), int(-low) + 1)]
        step = next(
            (Fraction(s) for s in ("0.5", "1", "2", "5", "10", "20") if (high - low) / Fraction(s) <= 5), Fraction(50)
        )
        first = math.ceil(low / step) * step
        count = int((high - first) / step) + 1
        return [(first + step * n, Numbers().plain(first + step * n)) for n in range(count)]


def _rank(standing: Standing) -> str:
    return rank_text(standing.rank, standing.tied)

"""The ranking chart: one horizontal bar per ranked unit, stacked by section, then the bonus, the penalty taken
back from its end; the classification thresholds as vertical lines, each award's quota line under the last unit
offered it."""

from __future__ import annotations

import math
from fractions import Fraction

from ...awards.period import AwardsResult
from ...model.rubric import Rubric
from ...ranking.rank import Ranked, rank_text
from ...text.numbers import Numbers
from .model import Chart, DataTable
from .svg import BONUS_COLOUR, PALETTE, PENALTY_COLOUR, Element, child, markup, svg_root

WIDTH = 800
LABEL_WIDTH = 150  # the units' short names, left of the bars
TOTAL_WIDTH = 70  # the totals, right of the bars
LEGEND = 22  # a row of the colours of the sections, bonus and penalty, above everything
KEY_WIDTH = 90  # one colour and its label in the legend
LINE = 12  # one line of small text
ROW = 26
BAR = 16
QUOTA_LABEL = 16  # room under the bars for each quota line's label


def ranking_chart(
    ranked: tuple[Ranked, ...], rubric: Rubric, awards: AwardsResult | None, numbers: Numbers, no_assessment: str
) -> Chart:
    """`no_assessment`: what a unit without an assessment file is said to be (its bar is empty)."""
    quotas = quota_lines(ranked, awards)
    bands = len(rubric.classification.bands) if rubric.classification else 0
    keys = _legend_keys(rubric)
    legend = LEGEND * -(-len(keys) // _KEYS_PER_ROW)
    top = legend + LINE * bands + 8
    bottom = top + ROW * len(ranked)
    height = bottom + LINE + 8 + QUOTA_LABEL * len(quotas) + 4
    root = svg_root("bieu-do-xep-hang", "Biểu đồ xếp hạng: tổng điểm của từng đơn vị, theo mục", WIDTH, height)
    scale = _Scale(_largest(ranked, rubric))
    _legend(root, keys)
    _axis(root, scale, top, bottom, numbers)
    for index, item in enumerate(ranked):
        _bar(root, item, top + ROW * index, rubric, scale, numbers, no_assessment)
    _thresholds(root, rubric, scale, legend, top, bottom, numbers)
    for order, (title_id, name, after) in enumerate(quotas):
        below = rank_text(ranked[after].rank, ranked[after].tied)  # the rank of the unit above the line, ties shown
        quota(root, title_id, name, top + ROW * (after + 1), below, bottom + LINE + 8 + QUOTA_LABEL * (order + 1))
    return Chart(svg=markup(root), table=_table(ranked, rubric, numbers))


_KEYS_PER_ROW = (WIDTH - LABEL_WIDTH) // KEY_WIDTH


def _legend_keys(rubric: Rubric) -> list[tuple[str, str]]:
    keys = [(f"Mục {s.id}", colour) for s, colour in zip(rubric.sections, _cycle(len(rubric.sections)), strict=True)]
    return [*keys, ("Điểm thưởng", BONUS_COLOUR), ("Điểm trừ", PENALTY_COLOUR)]


def _legend(root: Element, keys: list[tuple[str, str]]) -> None:
    """The keys in rows as wide as the bars: a rubric of many sections wraps instead of running off the chart."""
    legend = child(root, "g", {"class": "legend"})
    for index, (label, colour) in enumerate(keys):
        row, column = divmod(index, _KEYS_PER_ROW)
        x, y = LABEL_WIDTH + column * KEY_WIDTH, LEGEND * row
        child(legend, "rect", {"x": x, "y": y + 4, "width": 10, "height": 10, "fill": colour})
        child(legend, "text", {"x": x + 14, "y": y + 13}, label)


class _Scale:
    """Points to x: from 0 to a round figure at or above the largest value drawn."""

    def __init__(self, largest: Fraction) -> None:
        self.top = max(10, math.ceil(largest / 10) * 10)
        self.width = WIDTH - LABEL_WIDTH - TOTAL_WIDTH

    def x(self, points: Fraction) -> Fraction:
        return LABEL_WIDTH + Fraction(points) * self.width / self.top


def _largest(ranked: tuple[Ranked, ...], rubric: Rubric) -> Fraction:
    bars = [item.score.total_exact + item.score.penalty for item in ranked]
    bands = [Fraction(band.min_total) for band in rubric.classification.bands] if rubric.classification else []
    return max([*bars, *bands, Fraction(0)])


def _axis(root: Element, scale: _Scale, top: int, bottom: int, numbers: Numbers) -> None:
    axis = child(root, "g", {"class": "axis"})
    for tick in range(0, scale.top + 1, 10 if scale.top <= 200 else scale.top // 10):
        x = scale.x(Fraction(tick))
        child(axis, "line", {"x1": x, "y1": top - 4, "x2": x, "y2": bottom})
        child(axis, "text", {"x": x, "y": bottom + 12, "text-anchor": "middle"}, numbers.plain(tick))


def _bar(
    root: Element, item: Ranked, row_top: int, rubric: Rubric, scale: _Scale, numbers: Numbers, no_assessment: str
) -> None:
    score = item.score
    y = row_top + (ROW - BAR) / 2
    bar = child(root, "g", {"class": "bar", "data-unit": score.unit.id, "tabindex": "0"})
    unscored = "" if score.has_assessment else f" ({no_assessment})"
    child(bar, "title", text=bar_title(item, numbers) + unscored)
    child(
        bar,
        "text",
        {"class": "label", "x": LABEL_WIDTH - 6, "y": y + BAR - 4, "text-anchor": "end"},
        score.unit.short_name,
    )
    start = Fraction(0)
    colours = dict(zip((s.id for s in rubric.sections), _cycle(len(rubric.sections)), strict=True))
    for section_id, points in score.sections:
        drawn = points * score.scale_factor
        if drawn > 0:
            _segment(bar, section_id, colours[section_id], scale.x(start), scale.x(start + drawn), y)
            start += drawn
    if score.bonus > 0:
        _segment(bar, "bonus", BONUS_COLOUR, scale.x(start), scale.x(start + score.bonus), y)
        start += score.bonus
    if score.penalty > 0:  # taken back from the end: the bar's solid part ends at the total
        _segment(bar, "penalty", PENALTY_COLOUR, scale.x(start - score.penalty), scale.x(start), y)
    total = numbers.points(score.total) + unscored
    child(bar, "text", {"class": "total", "x": scale.x(start) + 4, "y": y + BAR - 4}, total)


def _segment(bar: Element, section: str, colour: str, left: Fraction, right: Fraction, y: float) -> None:
    child(
        bar,
        "rect",
        {
            "class": "segment",
            "data-section": section,
            "x": left,
            "y": y,
            "width": right - left,
            "height": BAR,
            "fill": colour,
        },
    )


def _cycle(count: int) -> list[str]:
    return [PALETTE[index % len(PALETTE)] for index in range(count)]


def bar_title(item: Ranked, numbers: Numbers) -> str:
    """What hovering a bar shows: name, total, rank, then each part."""
    score = item.score
    parts = [f"Mục {sid}: {numbers.points(value)}" for sid, value in score.sections]
    parts += [f"Điểm thưởng: {numbers.points(score.bonus)}", f"Điểm trừ: {numbers.points(score.penalty)}"]
    head = f"{score.unit.name}: {numbers.points(score.total)} điểm, hạng {rank_text(item.rank, item.tied)}"
    return head + "\n" + "\n".join(parts)


def _thresholds(
    root: Element, rubric: Rubric, scale: _Scale, legend: int, top: int, bottom: int, numbers: Numbers
) -> None:
    if rubric.classification is None:
        return
    for order, band in enumerate(rubric.classification.bands):
        x = scale.x(Fraction(band.min_total))
        line = child(
            root,
            "line",
            {"class": "threshold", "data-classification": band.id, "x1": x, "y1": top - 6, "x2": x, "y2": bottom},
        )
        child(line, "title", text=f"{band.label}: từ {numbers.plain(band.min_total)} điểm")
        label = f"{band.label} ≥ {numbers.plain(band.min_total)}"
        child(
            root,
            "text",
            {"class": "threshold-label", "x": x, "y": legend + LINE * (order + 1), "text-anchor": "end"},
            label,
        )


def quota_lines(ranked: tuple[Ranked, ...], awards: AwardsResult | None) -> list[tuple[str, str, int]]:
    """Each award title with units offered it: (id, the line's label, the row index the line is drawn under:
    the last unit offered)."""
    if awards is None:
        return []
    rows = {item.unit.id: index for index, item in enumerate(ranked)}
    lines = []
    for title in awards.titles:
        offered = [rows[unit] for unit in title.proposed if unit in rows]
        if offered:
            label = f"{title.title.name}: {len(offered)}/{title.quota} đơn vị"
            lines.append((title.title.id, label, max(offered)))
    return lines


def quota(root: Element, title_id: str, label: str, y: int, below: str, label_y: int) -> None:
    line = child(root, "line", {"class": "quota", "data-award": title_id, "x1": 4, "y1": y, "x2": WIDTH - 4, "y2": y})
    child(line, "title", text=label)
    child(root, "text", {"class": "quota-label", "x": 4, "y": label_y}, f"— — {label} (vạch dưới hạng {below})")


def _table(ranked: tuple[Ranked, ...], rubric: Rubric, numbers: Numbers) -> DataTable:
    headers = ["Hạng", "Đơn vị", *(f"Mục {s.id}" for s in rubric.sections), "Điểm thưởng", "Điểm trừ", "Tổng điểm"]
    rows = [
        [
            rank_text(item.rank, item.tied),
            item.score.unit.short_name,
            *(numbers.points(value) for _sid, value in item.score.sections),
            numbers.points(item.score.bonus),
            numbers.points(item.score.penalty),
            numbers.points(item.score.total),
        ]
        for item in ranked
    ]
    return DataTable(headers=headers, rows=rows)

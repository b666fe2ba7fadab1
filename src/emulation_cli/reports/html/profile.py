"""Per unit: its profile by section against the cluster's median and best (small multiples), and its self score
minus the points retained, per criterion (a grid of units × criteria)."""

from __future__ import annotations

from fractions import Fraction

from ...model.rubric import Rubric
from ...ranking.profile import SectionFigures, section_figures
from ...ranking.rank import Ranked
from ...text.numbers import Numbers
from .model import Chart, DataTable
from .svg import PALETTE, Element, child, column_headings, markup, svg_root

WIDTH = 800
COLUMNS = 3
PANEL_WIDTH = WIDTH // COLUMNS
BAR_LEFT = 40
BAR_WIDTH = PANEL_WIDTH - BAR_LEFT - 16
LINE = 16
MEDIAN_COLOUR, BEST_COLOUR = "#555555", "#000000"


def profile_chart(ranked: tuple[Ranked, ...], rubric: Rubric, numbers: Numbers) -> Chart:
    maxima = {s.id: Fraction(s.max) for s in rubric.sections}
    figures = section_figures(tuple(item.score for item in ranked), maxima)
    panel_height = 22 + LINE * len(figures) + 6
    rows = -(-len(ranked) // COLUMNS)
    root = svg_root(
        "bieu-do-ho-so",
        "Hồ sơ điểm từng đơn vị theo mục, so với trung vị và cao nhất của Cụm",
        WIDTH,
        24 + rows * panel_height,
    )
    key = child(root, "g", {"class": "legend"})
    child(
        key,
        "line",
        {"x1": 8, "y1": 6, "x2": 8, "y2": 18, "stroke": MEDIAN_COLOUR, "stroke-width": 2, "stroke-dasharray": "2 2"},
    )
    child(key, "text", {"x": 14, "y": 16}, "trung vị của Cụm")
    child(key, "line", {"x1": 128, "y1": 6, "x2": 128, "y2": 18, "stroke": BEST_COLOUR, "stroke-width": 2})
    child(key, "text", {"x": 134, "y": 16}, "cao nhất của Cụm; thanh: tỉ lệ điểm đạt trên điểm tối đa của mục")
    for index, item in enumerate(ranked):
        x = (index % COLUMNS) * PANEL_WIDTH
        y = 24 + (index // COLUMNS) * panel_height
        _panel(root, item, figures, x, y, numbers)
    return Chart(svg=markup(root), table=_profile_table(ranked, figures, numbers))


def _panel(root: Element, item: Ranked, figures: tuple[SectionFigures, ...], x: int, y: int, numbers: Numbers) -> None:
    score = item.score
    panel = child(root, "g", {"class": "profile", "data-unit": score.unit.id, "tabindex": "0"})
    lines = [
        f"Mục {f.section}: {numbers.points(score.section(f.section))} / {numbers.plain(f.maximum)}" for f in figures
    ]
    child(panel, "title", text=score.unit.name + "\n" + "\n".join(lines))
    child(panel, "text", {"class": "panel-title", "x": x + 4, "y": y + 14}, score.unit.short_name)
    for row, figure in enumerate(figures):
        top = y + 22 + LINE * row
        left = x + BAR_LEFT
        child(panel, "text", {"x": x + 4, "y": top + 11}, figure.section)
        child(
            panel,
            "rect",
            {"class": "frame", "x": left, "y": top + 2, "width": BAR_WIDTH, "height": LINE - 5, "fill": "#f0f0f0"},
        )
        share = score.section(figure.section) / figure.maximum
        colour = PALETTE[row % len(PALETTE)]
        child(
            panel,
            "rect",
            {"class": "share", "x": left, "y": top + 2, "width": BAR_WIDTH * share, "height": LINE - 5, "fill": colour},
        )
        for value, colour, dashes in ((figure.median, MEDIAN_COLOUR, "2 2"), (figure.best, BEST_COLOUR, "")):
            mark = left + BAR_WIDTH * value / figure.maximum
            attributes: dict[str, str | int | Fraction | float] = {
                "x1": mark,
                "y1": top,
                "x2": mark,
                "y2": top + LINE - 1,
            }
            attributes.update({"stroke": colour, "stroke-width": 2})
            if dashes:
                attributes["stroke-dasharray"] = dashes
            child(panel, "line", attributes)


def _profile_table(ranked: tuple[Ranked, ...], figures: tuple[SectionFigures, ...], numbers: Numbers) -> DataTable:
    headers = ["Đơn vị", *(f"Mục {f.section} (tối đa {numbers.plain(f.maximum)})" for f in figures)]
    rows = [
        [item.score.unit.short_name, *(numbers.points(item.score.section(f.section)) for f in figures)]
        for item in ranked
    ]
    rows.append(["Trung vị của Cụm", *(numbers.points(f.median) for f in figures)])
    rows.append(["Cao nhất của Cụm", *(numbers.points(f.best) for f in figures)])
    return DataTable(headers=headers, rows=rows)


# ----- self score minus the points retained ---------------------------------------------------------------
CELL = 22
SELF_LABEL = 110
SELF_TOP = 50


def self_chart(ranked: tuple[Ranked, ...], numbers: Numbers) -> Chart:
    """One cell per unit × criterion the units score themselves on: blue where the self score is above the
    points retained, red where it is below, white where they agree; the value on hover and in the table."""
    criteria = [c.criterion.id for c in ranked[0].score.criteria if c.part != "penalty"]
    width = SELF_LABEL + CELL * len(criteria) + 8
    root = svg_root(
        "bieu-do-tu-cham",
        "Tự chấm trừ điểm được công nhận, theo tiêu chí và đơn vị",
        width,
        SELF_TOP + CELL * len(ranked) + 8,
    )
    column_headings(root, criteria, SELF_LABEL, CELL, SELF_TOP)
    largest = max(
        (abs(c.difference or Fraction(0)) for item in ranked for c in item.score.criteria), default=Fraction(0)
    ) or Fraction(1)
    for row, item in enumerate(ranked):
        y = SELF_TOP + CELL * row
        unit = child(root, "g", {"class": "self-row", "data-unit": item.score.unit.id})
        child(unit, "text", {"x": SELF_LABEL - 6, "y": y + 15, "text-anchor": "end"}, item.score.unit.short_name)
        by_id = {c.criterion.id: c for c in item.score.criteria}
        for column, criterion in enumerate(criteria):
            difference = by_id[criterion].difference
            cell = child(
                unit,
                "rect",
                {
                    "class": "difference",
                    "data-criterion": criterion,
                    "x": SELF_LABEL + CELL * column,
                    "y": y,
                    "width": CELL - 2,
                    "height": CELL - 2,
                    "fill": _shade(difference, largest),
                },
            )
            shown = "—" if difference is None else numbers.signed(difference)
            child(cell, "title", text=f"{item.score.unit.short_name}, {criterion}: tự chấm − được công nhận {shown}")
    return Chart(svg=markup(root), table=_self_table(ranked, criteria, numbers))


def _shade(difference: Fraction | None, largest: Fraction) -> str:
    if not difference:
        return "#ffffff"
    strength = int(40 + 200 * min(abs(difference) / largest, Fraction(1)))
    fade = 255 - strength
    return f"#{fade:02x}{fade:02x}ff" if difference > 0 else f"#ff{fade:02x}{fade:02x}"


def _self_table(ranked: tuple[Ranked, ...], criteria: list[str], numbers: Numbers) -> DataTable:
    rows = []
    for item in ranked:
        for c in item.score.criteria:
            if c.criterion.id in criteria and c.difference:
                rows.append(
                    [
                        item.score.unit.short_name,
                        c.criterion.id,
                        numbers.points_or_dash(c.self_points),
                        numbers.points(c.final),
                        numbers.signed(c.difference),
                    ]
                )
    return DataTable(headers=["Đơn vị", "Tiêu chí", "Tự chấm", "Được công nhận", "Chênh lệch"], rows=rows)

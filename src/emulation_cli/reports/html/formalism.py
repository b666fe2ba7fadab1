"""The formalism figures of the page (rollup/formalism.py): each with its definition and the data it came from,
as tables; data, never a verdict."""

from __future__ import annotations

from collections.abc import Callable

from ...rollup.formalism import DEFINITIONS, STD_DEV_DECIMALS, Formalism
from ...text.numbers import Numbers
from .model import DataTable, FormalismFigure

Names = Callable[[str], str]


def formalism_figures(figures: Formalism, names: Names, by_vote: bool) -> list[FormalismFigure]:
    """`by_vote`: the cluster ranks by the ranking ballot: no totals to bunch, no self-scores to inflate."""
    if by_vote:
        return [_rotation(figures, names), _concentration(figures, names)]
    return [
        _bunching(figures, names, "Không có kỳ nào có tổng điểm."),
        _rotation(figures, names),
        _inflation(figures, names, "Không có số liệu: các đơn vị không tự chấm điểm."),
        _concentration(figures, names),
    ]


def _definitions(*keys: str) -> list[str]:
    return [DEFINITIONS[key] for key in keys]


def _bunching(figures: Formalism, names: Names, empty: str) -> FormalismFigure:
    rows = []
    for spread in figures.bunching.spreads:
        numbers = Numbers(decimals=spread.decimals)
        deviation = Numbers(decimals=STD_DEV_DECIMALS)
        rows.append(
            [
                spread.period_id + (" (sơ kết)" if spread.provisional else ""),
                str(spread.counted),
                numbers.points(spread.leader_total),
                numbers.points(spread.range),
                deviation.points(spread.std_dev),
                f"{spread.within_one_point}/{spread.counted} ({numbers.percent(spread.share_within_one_point)})",
                ", ".join(names(unit) for unit in spread.left_out),
            ]
        )
    for change in figures.bunching.changes:  # the trend: each figure's change from the period before of its kind
        numbers = Numbers(decimals=change.decimals)
        percent_points = Numbers(decimals=2)
        rows.append(
            [
                f"{change.before} → {change.after} (thay đổi)",
                "",
                "",
                numbers.signed(change.range),
                Numbers(decimals=STD_DEV_DECIMALS).signed(change.std_dev),
                percent_points.signed(change.share_within_one_point * 100) + " điểm %",
                "",
            ]
        )
    headers = ["Kỳ", "Số đơn vị", "Cao nhất", "Khoảng cách", "Độ lệch chuẩn", "Sát đơn vị dẫn đầu", "Không tính"]
    return FormalismFigure(
        key="bunching",
        name="Mức độ sát nhau của tổng điểm (cào bằng)",
        definitions=_definitions("range", "std_dev", "within_one_point", "changes", "not_counted"),
        table=DataTable(headers=headers, rows=rows),
        empty=empty,
    )


def _rotation(figures: Formalism, names: Names) -> FormalismFigure:
    turns = figures.turns
    rows = [
        [
            str(year.year),
            ", ".join(names(unit) for unit in year.leaders),
            year.top_title or "—",
            ", ".join(
                f"{names(r.unit_id)} (hạng {r.rank})" if r.rank is not None else names(r.unit_id)
                for r in year.recipients
            )
            or "—",
            "có" if year.to_leader else "không",
            "có" if year.in_turn else "không",
        ]
        for year in turns.years
    ]
    rows.append(["Cộng", f"{turns.leader_changes} lần đổi", "", "", str(turns.top_to_leader), str(turns.top_in_turn)])
    headers = ["Năm", "Xếp hạng 1", "Cờ thi đua", "Đơn vị được đề nghị", "Cho đơn vị hạng 1", "Trao lần lượt"]
    return FormalismFigure(
        key="rotation",
        name="Luân phiên dẫn đầu và Cờ thi đua",
        definitions=_definitions("leaders", "top_award", "top_award_to_leader", "top_award_in_turn"),
        table=DataTable(headers=headers, rows=rows),
    )


def _inflation(figures: Formalism, names: Names, empty: str) -> FormalismFigure:
    rows = []
    for year in figures.inflation.years:
        numbers = Numbers(decimals=year.decimals, mode=year.mode)
        for unit in year.units:
            rows.append(
                [
                    year.period_id,
                    names(unit.unit_id),
                    numbers.points(unit.self_total),
                    numbers.points(unit.total),
                    numbers.signed(unit.self_total - unit.total),
                    numbers.signed(year.median),
                    "có" if unit.above_median else "không",
                ]
            )
    consistently = ", ".join(names(unit) for unit in figures.inflation.consistently_above) or "không có"
    headers = ["Kỳ", "Đơn vị", "Tự chấm", "Sau thẩm định", "Chênh lệch", "Trung vị của Cụm", "Trên trung vị"]
    return FormalismFigure(
        key="inflation",
        name="Chênh lệch tự chấm",
        definitions=[
            *_definitions("inflation", "criteria", "median", "consistently_above"),
            f"Cao hơn trung vị ở mọi năm được đưa vào: {consistently}.",
        ],
        table=DataTable(headers=headers, rows=rows),
        empty=empty,
    )


def _concentration(figures: Formalism, names: Names) -> FormalismFigure:
    found = figures.concentration
    titles = dict(found.titles)
    rows = []
    for unit in found.units:
        for year in unit.years:
            if year.proposed or year.offered:
                proposed = ", ".join(titles.get(t, t) for t in year.proposed) or "—"
                offered = ", ".join(titles.get(t, t) for t in year.offered) or "—"
                rows.append([names(unit.unit_id), year.period_id, offered, proposed, str(unit.proposals)])
    headers = ["Đơn vị", "Kỳ", "Có tên trong đề nghị", "Được đề nghị", "Số lần được đề nghị (các năm)"]
    return FormalismFigure(
        key="awards",
        name="Khen thưởng tập trung ở đơn vị nào",
        definitions=_definitions("offered", "proposed", "proposals"),
        table=DataTable(headers=headers, rows=rows),
        empty="Chưa có đơn vị nào có tên trong danh sách đề nghị khen thưởng.",
    )

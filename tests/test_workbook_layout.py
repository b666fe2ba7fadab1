"""The Bảng tổng hợp on paper: borders round the tables, titles and headers wrapped into rows tall enough,
A4 at a readable size, the chart on one page, and the date and signer as in the Word documents."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from emulation_cli.reports.xlsx import HEADER_ROW, build_workbook
from emulation_cli.reports.xlsx_layout import (
    LINE_POINTS,
    MIN_PRINTED_POINTS,
    NAME_PLACEHOLDER,
    lines_needed,
    orientation,
    page_height_points,
    print_scale,
)

from .conftest import copy_example, load_period

DAY = date(2023, 12, 15)
CASES = [
    ("cum-thi-dua-so-7-2023", "2023"),
    ("cum-thi-dua-so-7-2023", "2023-H1"),
    ("khoi-thi-dua-so-5-2023", "2023"),
    ("cum-thi-dua-so-7-2025", "2025"),
    ("khoi-binh-xet-2025", "2025"),
]


def _workbook(tmp_path: Path, example: str, period: str) -> tuple[Path, object]:
    folder = copy_example(example, tmp_path / "cum")
    builder = load_period(folder, period)
    path = tmp_path / "bang.xlsx"
    path.write_bytes(build_workbook(builder, DAY))
    return path, builder


def _visible_widths(sheet: Worksheet) -> list[float]:
    from openpyxl.utils import get_column_letter

    widths = []
    for column in range(1, sheet.max_column + 1):
        dimension = sheet.column_dimensions[get_column_letter(column)]
        if not dimension.hidden and sheet.cell(HEADER_ROW, column).value is not None:
            widths.append(dimension.width)
    return widths


def _table_rows(sheet: Worksheet) -> range:
    last = HEADER_ROW
    while sheet.cell(last + 1, 1).value is not None or sheet.cell(last + 1, 2).value is not None:
        last += 1
    return range(HEADER_ROW, last + 1)


@pytest.mark.parametrize(("example", "period"), CASES)
def test_every_table_is_bordered_wrapped_and_printed_readably(tmp_path: Path, example: str, period: str) -> None:
    path, _builder = _workbook(tmp_path, example, period)
    for sheet in load_workbook(path).worksheets:
        if sheet.title == "Kiểm tra" or sheet.sheet_state != "visible":
            continue
        widths = _visible_widths(sheet)
        rows = _table_rows(sheet)
        for row in rows:
            for column in range(1, len(widths) + 1):
                border = sheet.cell(row, column).border
                assert border.left.style == border.right.style == border.top.style == border.bottom.style == "thin"
            # No text is cut off and no header runs over the row below: each row is as tall as its text.
            for column, width in enumerate(widths, start=1):
                value = sheet.cell(row, column).value
                if isinstance(value, str) and not value.startswith("="):
                    assert sheet.row_dimensions[row].height >= LINE_POINTS * lines_needed(value, width), (row, value)
                    if row > HEADER_ROW:
                        assert sheet.cell(row, column).alignment.wrap_text
        # The title wraps across the table.
        assert any(str(r).startswith("A1:") for r in sheet.merged_cells.ranges)
        assert sheet["A1"].alignment.wrap_text
        setup = sheet.page_setup
        assert (setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (9, 1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert setup.orientation == orientation(widths)
        assert sheet.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
        smallest = min(c.font.sz for row in sheet.iter_rows() for c in row if c.value is not None)
        assert smallest * print_scale(widths) >= MIN_PRINTED_POINTS, sheet.title
        fonts = {c.font.name for row in sheet.iter_rows() for c in row if c.value is not None}
        assert fonts == {"Times New Roman"}


def test_a_criterion_title_is_not_cut_off_on_the_units_sheet(tmp_path: Path) -> None:
    path, _builder = _workbook(tmp_path, "cum-thi-dua-so-7-2023", "2023")
    sheet = load_workbook(path)["so-yte"]
    row = next(r for r in range(6, sheet.max_row) if sheet.cell(r, 1).value == "I.1")
    title = sheet.cell(row, 2)
    assert len(title.value) > sheet.column_dimensions["B"].width  # it needs two lines
    assert title.alignment.wrap_text
    assert sheet.row_dimensions[row].height >= 2 * LINE_POINTS


@pytest.mark.parametrize(("example", "period"), CASES)
def test_the_summary_is_dated_and_signed_as_the_bao_cao(tmp_path: Path, example: str, period: str) -> None:
    path, builder = _workbook(tmp_path, example, period)
    report = builder.base()  # type: ignore[attr-defined]
    sheet = load_workbook(path)["Tổng hợp"]
    values = [c.value for row in sheet.iter_rows(min_row=HEADER_ROW + 1) for c in row if isinstance(c.value, str)]
    place_date = report.document.place_date
    assert place_date.endswith(f"ngày {DAY.day:02d} tháng {DAY.month} năm {DAY.year}") or "ngày" in place_date
    name = report.signer.name or NAME_PLACEHOLDER  # a missing name shows, highlighted, never an empty line
    expected = [place_date, report.signer.on_behalf, report.signer.role, name]
    at = [values.index(text) for text in expected if text]
    assert at == sorted(at) and len(at) == len([t for t in expected if t])
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == name)
    assert cell.font.b
    if not report.signer.name:
        assert cell.fill.fgColor.rgb.endswith("FFFF00")
    assert next(c for row in sheet.iter_rows() for c in row if c.value == place_date).font.i


def test_the_chart_of_the_year_fits_on_one_page(tmp_path: Path) -> None:
    from emulation_cli.reports.xlsx import CHART_HEIGHT_CM

    path, _builder = _workbook(tmp_path, "khoi-thi-dua-so-5-2023", "2023")
    sheet = load_workbook(path)["Diễn biến"]
    (chart,) = sheet._charts
    anchor = chart.anchor._from.row + 1
    widths = _visible_widths(sheet)
    page = page_height_points(widths)
    chart_points = CHART_HEIGHT_CM / 2.54 * 72
    assert chart_points < page
    breaks = [b.id for b in sheet.row_breaks.brk]
    start = max([0, *[b for b in breaks if b < anchor]])
    above = sum(sheet.row_dimensions[r].height or LINE_POINTS for r in range(start + 1, anchor))
    assert above + chart_points <= page  # the chart starts and ends on the same page

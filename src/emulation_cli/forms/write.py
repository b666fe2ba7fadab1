"""One self-assessment workbook per unit: inputs unlocked and validated, everything else protected, and a
hidden sheet that says which unit, period and rubric the form belongs to."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from .. import __version__
from ..model.assessment import Assessment
from ..model.covenant import Commitment
from ..model.rubric import PriorAwardMethod
from ..reports.context import clean, target_text
from ..reports.xlsx import FONT, first_sheet, print_setup, put_text, save_workbook
from ..results.explanations import method_name
from ..rubrics.versions import rubric_hash
from ..text.numbers import Numbers
from ..validation.project import Project
from .layout import (
    COMMITMENT_EVIDENCE_COLUMN,
    COMMITMENT_HEADERS,
    COMMITMENT_WIDTHS,
    COMMITMENTS_SHEET,
    CRITERIA_HEADERS,
    CRITERIA_SHEET,
    CRITERIA_WIDTHS,
    EVIDENCE_COLUMN,
    FACT_COLUMN,
    FIGURE_RANGE,
    FIRST_ROW,
    FORM_SCHEMA,
    ID_SHEET,
    MAX_COUNT,
    MAX_EVIDENCE_CHARS,
    NO,
    RESULT_COLUMN,
    SELF_COLUMN,
    YES,
    CriterionRow,
    cell_ref,
    commitment_needs_value,
    criterion_rows,
    fingerprint,
    unit_commitments,
)

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

# A number cell accepts what the reader accepts (exclusive bounds there; Excel's are inclusive: one less).
_FIGURE_BOUNDS = (str(-FIGURE_RANGE + 1), str(FIGURE_RANGE - 1))
INPUT_FILL = "FFF2CC"  # pale yellow: where the unit types
CLOSED_FILL = "EDEDED"  # grey: not for this row

INSTRUCTIONS = (
    "Nhập vào các ô màu vàng: điểm tự chấm (tiêu chí chấm trực tiếp), số liệu (tiêu chí tính tự động) và minh chứng.",
    "Các ô khác được khóa: không thêm, xóa hoặc sửa dòng. Điểm của tiêu chí tính tự động do Cụm tính từ số liệu.",
    "Mỗi tài liệu minh chứng một dòng trong ô (Alt+Enter để xuống dòng). Gửi lại tệp này, không đổi tên trang tính.",
)


def build_form(project: Project, period_id: str, unit_id: str, current: Assessment | None, day: date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.workbook.protection import WorkbookProtection

    workbook = Workbook()
    sheet = first_sheet(workbook)
    sheet.title = CRITERIA_SHEET
    rows = criterion_rows(project.points_rubric.model)
    criteria_print = _criteria_sheet(sheet, project, period_id, unit_id, rows, current)
    commitments = unit_commitments(project, unit_id, period_id)
    commitments_print = _commitments_sheet(workbook.create_sheet(COMMITMENTS_SHEET), commitments, current)
    _identity_sheet(workbook.create_sheet(ID_SHEET), project, period_id, unit_id, criteria_print, commitments_print)
    workbook.security = WorkbookProtection(lockStructure=True)
    return save_workbook(workbook, "Phiếu tự chấm điểm thi đua", project.unit(unit_id).name, day)


def criteria_fixed_cells(rows: list[CriterionRow]) -> list[tuple[object, ...]]:
    """What columns A-E of the criteria rows say: written once, compared on import."""
    return [
        (
            row.criterion.id,
            clean(row.criterion.title),
            _number(row.criterion.max),
            method_name(row.kind, "vi"),
            row.fact[1] if row.fact else "",
        )
        for row in rows
    ]


def commitment_fixed_cells(commitments: list[Commitment]) -> list[tuple[object, ...]]:
    return [(c.id, clean(c.text), target_text(c), _needs(c)) for c in commitments]


# ----- the criteria sheet ---------------------------------------------------------------------------------
def _criteria_sheet(
    sheet: Worksheet,
    project: Project,
    period_id: str,
    unit_id: str,
    rows: list[CriterionRow],
    current: Assessment | None,
) -> list[tuple[object, ...]]:
    period = project.period(period_id)
    rubric = project.points_rubric.model
    _heading(
        sheet,
        "PHIẾU TỰ CHẤM ĐIỂM THI ĐUA" if rubric.self_scored else "PHIẾU BÁO CÁO SỐ LIỆU CHẤM ĐIỂM THI ĐUA",
        f"{clean(project.unit(unit_id).name)} — {clean(period.title)}",
        f"Bộ tiêu chí: {clean(rubric.title)} (phiên bản {clean(rubric.version)})",
    )
    _headers(sheet, CRITERIA_HEADERS, CRITERIA_WIDTHS)
    fixed = criteria_fixed_cells(rows)
    for offset, (row, cells) in enumerate(zip(rows, fixed, strict=True)):
        number = FIRST_ROW + offset
        for column, value in enumerate(cells, start=1):
            _fixed(sheet, number, column, value)
        entry = current.criteria.get(row.criterion.id) if current else None
        _self_cell(sheet, number, row, entry.self_score if entry else None)
        _fact_cell(
            sheet, number, row, getattr(entry.facts, row.fact[0], None) if entry and entry.facts and row.fact else None
        )
        _input(sheet, number, EVIDENCE_COLUMN, "\n".join(entry.evidence) if entry else None)
        _validate_text(sheet, number, EVIDENCE_COLUMN)
    last = FIRST_ROW + len(rows) - 1
    _row_heights(sheet, FIRST_ROW, last, CRITERIA_WIDTHS)
    total = last + 2
    if rubric.self_scored:  # otherwise nobody enters a self score
        put_text(sheet, total, 2, "Tổng điểm tự chấm của các tiêu chí chấm trực tiếp (chỉ để tham khảo)", bold=True)
        sheet.cell(
            row=total, column=SELF_COLUMN
        ).value = f"=SUM({cell_ref(SELF_COLUMN, FIRST_ROW)}:{cell_ref(SELF_COLUMN, last)})"
    _protect(sheet)
    return fixed


def _self_cell(sheet: Worksheet, row: int, criterion: CriterionRow, value: Decimal | None) -> None:
    if not criterion.self_scored:
        _closed(sheet, row, SELF_COLUMN)
        return
    _input(sheet, row, SELF_COLUMN, value)
    maximum = format(criterion.criterion.max, "f")
    _validation(
        sheet,
        row,
        SELF_COLUMN,
        "decimal",
        ("0", maximum),
        f"Điểm tự chấm là một số từ 0 đến {Numbers().as_written(criterion.criterion.max)}.",
    )


def _fact_cell(sheet: Worksheet, row: int, criterion: CriterionRow, value: object) -> None:
    if criterion.fact is None:
        _closed(sheet, row, FACT_COLUMN)
        return
    name = criterion.fact[0]
    if name == "done":
        shown: object = None if value is None else (YES if value else NO)
        _input(sheet, row, FACT_COLUMN, shown)
        _validation(sheet, row, FACT_COLUMN, "list", (f'"{YES},{NO}"',), f"Chọn {YES} hoặc {NO}.")
    elif name == "award":
        method = criterion.criterion.method
        keys = list(method.table) if isinstance(method, PriorAwardMethod) else []
        if isinstance(method, PriorAwardMethod) and method.combine is not None:
            # Several awards of one unit combine: their codes, separated by commas (checked on import).
            _input(sheet, row, FACT_COLUMN, ", ".join(value) if isinstance(value, list) else value)
            _validate_text(sheet, row, FACT_COLUMN)
        else:
            _input(sheet, row, FACT_COLUMN, value)
            _validation(
                sheet, row, FACT_COLUMN, "list", ('"' + ",".join(keys) + '"',), "Chọn một khen thưởng trong danh sách."
            )
    elif name == "count":
        _input(sheet, row, FACT_COLUMN, value)
        _validation(sheet, row, FACT_COLUMN, "whole", ("0", str(MAX_COUNT)), "Số lần là một số nguyên không âm.")
    else:
        _input(sheet, row, FACT_COLUMN, value)
        _validation(sheet, row, FACT_COLUMN, "decimal", _FIGURE_BOUNDS, "Nhập một số.")


# ----- the commitments sheet ------------------------------------------------------------------------------
def _commitments_sheet(
    sheet: Worksheet, commitments: list[Commitment], current: Assessment | None
) -> list[tuple[object, ...]]:
    _heading(sheet, "KẾT QUẢ THỰC HIỆN CAM KẾT GIAO ƯỚC", "Nhập kết quả và minh chứng vào các ô màu vàng.", "")
    _headers(sheet, COMMITMENT_HEADERS, COMMITMENT_WIDTHS)
    fixed = commitment_fixed_cells(commitments)
    for offset, (commitment, cells) in enumerate(zip(commitments, fixed, strict=True)):
        number = FIRST_ROW + offset
        for column, value in enumerate(cells, start=1):
            _fixed(sheet, number, column, value)
        result = current.commitments.get(commitment.id) if current else None
        if commitment_needs_value(commitment):
            _input(sheet, number, RESULT_COLUMN, result.actual if result else None)
            _validation(sheet, number, RESULT_COLUMN, "decimal", _FIGURE_BOUNDS, "Nhập một số.")
        else:
            done = None if result is None or result.done is None else (YES if result.done else NO)
            _input(sheet, number, RESULT_COLUMN, done)
            _validation(sheet, number, RESULT_COLUMN, "list", (f'"{YES},{NO}"',), f"Chọn {YES} hoặc {NO}.")
        _input(sheet, number, COMMITMENT_EVIDENCE_COLUMN, "\n".join(result.evidence) if result else None)
        _validate_text(sheet, number, COMMITMENT_EVIDENCE_COLUMN)
    _row_heights(sheet, FIRST_ROW, FIRST_ROW + len(commitments) - 1, COMMITMENT_WIDTHS)
    _protect(sheet)
    return fixed


def _needs(commitment: Commitment) -> str:
    return "Giá trị đạt được" if commitment_needs_value(commitment) else f"Đã thực hiện: {YES} / {NO}"


# ----- identity -------------------------------------------------------------------------------------------
def _identity_sheet(
    sheet: Worksheet,
    project: Project,
    period_id: str,
    unit_id: str,
    criteria: list[tuple[object, ...]],
    commitments: list[tuple[object, ...]],
) -> None:
    rubric = project.points_rubric.model
    values = identity(project, period_id, unit_id, fingerprint(criteria), fingerprint(commitments))
    values["rubric_title"] = clean(rubric.title)
    values["tool"] = f"emul {__version__}"
    for row, (key, value) in enumerate(values.items(), start=1):
        sheet.cell(row=row, column=1).value = key
        put_text(sheet, row, 2, str(value))
    sheet.sheet_state = "veryHidden"
    _protect(sheet)


def identity(project: Project, period_id: str, unit_id: str, criteria: str, commitments: str) -> dict[str, str]:
    """What a form must say about itself to be imported into this cluster."""
    rubric = project.points_rubric.model
    return {
        "schema": FORM_SCHEMA,
        "cluster": project.cluster.model.id,
        "unit": unit_id,
        "period": period_id,
        "rubric": rubric.id,
        "rubric_version": rubric.version,
        "rubric_hash": rubric_hash(rubric),
        "criteria_rows": criteria,
        "commitment_rows": commitments,
    }


# ----- cells ----------------------------------------------------------------------------------------------
def _heading(sheet: Worksheet, title: str, subtitle: str, rubric: str) -> None:
    from openpyxl.styles import Font

    for row, text in enumerate((title, subtitle, rubric, *INSTRUCTIONS), start=1):
        put_text(sheet, row, 1, text, bold=row == 1)
    sheet.cell(row=1, column=1).font = Font(name=FONT, size=14, bold=True)


def _headers(sheet: Worksheet, headers: tuple[str, ...], widths: tuple[int, ...]) -> None:
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    for column, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        put_text(sheet, FIRST_ROW - 1, column, text, bold=True)
        sheet.cell(row=FIRST_ROW - 1, column=column).alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = f"C{FIRST_ROW}"


def _fixed(sheet: Worksheet, row: int, column: int, value: object) -> None:
    from openpyxl.styles import Alignment

    if isinstance(value, (int, float)):
        sheet.cell(row=row, column=column).value = value
    else:
        put_text(sheet, row, column, str(value))
    sheet.cell(row=row, column=column).alignment = Alignment(wrap_text=True, vertical="top")


def _input(sheet: Worksheet, row: int, column: int, value: object) -> None:
    from openpyxl.styles import Alignment, PatternFill, Protection

    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        put_text(sheet, row, column, value)
    elif isinstance(value, Decimal):
        cell.value = _number(value)
    else:
        cell.value = value  # type: ignore[assignment]
    cell.protection = Protection(locked=False)
    cell.fill = PatternFill("solid", fgColor=INPUT_FILL)
    cell.alignment = Alignment(wrap_text=True, vertical="top")


def _closed(sheet: Worksheet, row: int, column: int) -> None:
    from openpyxl.styles import PatternFill

    sheet.cell(row=row, column=column).fill = PatternFill("solid", fgColor=CLOSED_FILL)


ValidationKind = Literal["whole", "decimal", "list"]


def _validation(
    sheet: Worksheet, row: int, column: int, kind: ValidationKind, bounds: tuple[str, ...], message: str
) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    check = DataValidation(
        type=kind,
        operator=None if kind == "list" else "between",
        formula1=bounds[0],
        formula2=bounds[1] if len(bounds) > 1 else None,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Giá trị không hợp lệ",
        error=message,
    )
    sheet.add_data_validation(check)
    check.add(cell_ref(column, row))


def _validate_text(sheet: Worksheet, row: int, column: int) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    check = DataValidation(
        type="textLength",
        operator="lessThanOrEqual",
        formula1=str(MAX_EVIDENCE_CHARS),
        allow_blank=True,
        showErrorMessage=True,
        error=f"Tối đa {MAX_EVIDENCE_CHARS} ký tự.",
    )
    sheet.add_data_validation(check)
    check.add(cell_ref(column, row))


def _row_heights(sheet: Worksheet, first: int, last: int, widths: tuple[int, ...]) -> None:
    """Spreadsheets do not grow a row to fit wrapped text they did not lay out: give each row the height
    its longest cell needs (about one character per unit of column width, 15 points a line)."""
    for row in range(first, last + 1):
        lines = 1
        for column, width in enumerate(widths, start=1):
            text = sheet.cell(row=row, column=column).value
            if isinstance(text, str):
                lines = max(lines, sum(-(-max(len(part), 1) // max(width - 2, 1)) for part in text.split("\n")))
        sheet.row_dimensions[row].height = 15 * lines + 3


def _protect(sheet: Worksheet) -> None:
    print_setup(sheet, landscape=True)
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # widening a column is harmless
    sheet.protection.formatRows = False


def _number(value: Decimal | Fraction | int) -> int | float:
    exact = Fraction(value)
    return exact.numerator if exact.denominator == 1 else float(exact)

"""One self-assessment workbook per unit: inputs unlocked and validated, everything else protected, and a
hidden sheet that says which unit, period and rubric the form belongs to."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from .. import __version__
from ..errors import DataError
from ..i18n import _
from ..model.assessment import Assessment
from ..model.covenant import Commitment
from ..reports.context import safe_text as clean
from ..reports.context import target_text
from ..reports.xlsx import first_sheet, new_workbook, put_text, save_workbook
from ..reports.xlsx_layout import FONT, borders, fit_rows, print_setup
from ..rubrics.versions import rubric_hash
from ..text.methods import method_name
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
    MAX_NAME_CHARS,
    MAX_SHEET_ROWS,
    NO,
    PREPARED_COLUMN,
    PREPARED_LABELS,
    RESULT_COLUMN,
    SELF_COLUMN,
    YES,
    CriterionRow,
    cell_ref,
    commitment_needs_value,
    commitment_prompt,
    criterion_rows,
    fingerprint,
    prepared_first_row,
    sheet_rows,
    unit_commitments,
)
from .seal import seal

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
    "Cuối trang: ghi họ tên, chức vụ người lập phiếu và ngày lập.",
)
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)  # what the date of a form may be


class Choices:
    """The lists a choice cell offers, written on the hidden sheet (an inline list cannot hold a name with a
    comma): each list's range, for the cell's validation."""

    def __init__(self) -> None:
        self.values: list[str] = []

    def add(self, items: list[str]) -> str:
        first = len(self.values) + 1
        self.values += items
        return f"{ID_SHEET}!$D${first}:$D${len(self.values)}"


def refuse_too_large(project: Project, period_id: str, unit_id: str) -> None:
    """A form longer than `emul import` reads would be refused when it comes back: refuse to write it."""
    rubric = project.points_rubric.model
    needed = sheet_rows(criterion_rows(rubric), len(unit_commitments(project, unit_id, period_id)))
    for sheet, last in needed.items():
        if last > MAX_SHEET_ROWS:
            raise DataError(
                _(
                    "the form of rubric {rubric} {version} would need {rows} rows on its sheet '{sheet}'; "
                    "a form has at most {limit} rows, so no form was written"
                ).format(rubric=rubric.id, version=rubric.version, rows=last, sheet=sheet, limit=MAX_SHEET_ROWS),
                hint=_("split the rubric's criteria into fewer rows, or score this cluster in the YAML files"),
            )


def build_form(
    project: Project, period_id: str, unit_id: str, current: Assessment | None, day: date, key: bytes
) -> bytes:
    from openpyxl.workbook.protection import WorkbookProtection

    workbook = new_workbook()  # Times New Roman in every cell
    sheet = first_sheet(workbook)
    sheet.title = CRITERIA_SHEET
    rows = criterion_rows(project.points_rubric.model)
    choices = Choices()
    criteria_print = _criteria_sheet(sheet, project, period_id, unit_id, rows, current, choices)
    commitments = unit_commitments(project, unit_id, period_id)
    commitments_print = _commitments_sheet(workbook.create_sheet(COMMITMENTS_SHEET), commitments, current)
    identity_sheet = workbook.create_sheet(ID_SHEET)
    _identity_sheet(identity_sheet, project, period_id, unit_id, (criteria_print, commitments_print), key)
    for row, value in enumerate(choices.values, start=1):
        put_text(identity_sheet, row, 4, value)
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
            row.fact_label,
        )
        for row in rows
    ]


def commitment_fixed_cells(commitments: list[Commitment]) -> list[tuple[object, ...]]:
    return [(c.id, clean(c.text), target_text(c), commitment_prompt(c, target_text(c))) for c in commitments]


# ----- the criteria sheet ---------------------------------------------------------------------------------
def _criteria_sheet(
    sheet: Worksheet,
    project: Project,
    period_id: str,
    unit_id: str,
    rows: list[CriterionRow],
    current: Assessment | None,
    choices: Choices,
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
            sheet,
            number,
            row,
            getattr(entry.facts, row.fact[0], None) if entry and entry.facts and row.fact else None,
            choices,
        )
        _input(sheet, number, EVIDENCE_COLUMN, "\n".join(entry.evidence) if entry else None)
        _validate_text(sheet, number, EVIDENCE_COLUMN)
    last = FIRST_ROW + len(rows) - 1
    fit_rows(sheet, FIRST_ROW - 1, last, CRITERIA_WIDTHS)
    borders(sheet, FIRST_ROW - 1, last, len(CRITERIA_WIDTHS))
    total = last + 2
    if rubric.self_scored:  # otherwise nobody enters a self score
        put_text(sheet, total, 2, "Tổng điểm tự chấm của các tiêu chí chấm trực tiếp (chỉ để tham khảo)", bold=True)
        sheet.cell(
            row=total, column=SELF_COLUMN
        ).value = f"=SUM({cell_ref(SELF_COLUMN, FIRST_ROW)}:{cell_ref(SELF_COLUMN, last)})"
    _prepared_lines(sheet, prepared_first_row(len(rows)), current)
    _protect(sheet, CRITERIA_WIDTHS)
    return fixed


def _prepared_lines(sheet: Worksheet, first: int, current: Assessment | None) -> None:
    """Who filled the form in and when: name, title, date, under the criteria."""
    from openpyxl.worksheet.datavalidation import DataValidation

    prepared = current.prepared if current else None
    values: dict[str, object] = {}
    if prepared is not None:
        values = {"by": prepared.by, "title": prepared.title, "date": prepared.date}
    for row, (key, label) in enumerate(PREPARED_LABELS, start=first):
        put_text(sheet, row, 2, label, bold=True)
        _input(sheet, row, PREPARED_COLUMN, values.get(key))
        if key != "date":
            _validate_text(sheet, row, PREPARED_COLUMN, MAX_NAME_CHARS)
            continue
        sheet.cell(row=row, column=PREPARED_COLUMN).number_format = "dd/mm/yyyy"
        check = DataValidation(
            type="date",
            operator="between",
            formula1=str(_serial(FIRST_DAY)),
            formula2=str(_serial(LAST_DAY)),
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Giá trị không hợp lệ",
            error="Nhập một ngày, ví dụ 05/12/2023.",
        )
        sheet.add_data_validation(check)
        check.add(cell_ref(PREPARED_COLUMN, row))
    borders(sheet, first, first + len(PREPARED_LABELS) - 1, PREPARED_COLUMN)


def _serial(day: date) -> int:
    """A date as the spreadsheet's day number (1900 date system)."""
    return (day - date(1899, 12, 30)).days


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


def _fact_cell(sheet: Worksheet, row: int, criterion: CriterionRow, value: object, choices: Choices) -> None:
    if criterion.fact is None:
        _closed(sheet, row, FACT_COLUMN)
        return
    name = criterion.fact[0]
    if name == "done":
        shown: object = None if value is None else (YES if value else NO)
        _input(sheet, row, FACT_COLUMN, shown)
        _validation(sheet, row, FACT_COLUMN, "list", (f'"{YES},{NO}"',), f"Chọn {YES} hoặc {NO}.")
    elif name == "award":
        shown_as = {code: shown for shown, code in criterion.award_choices().items()}
        codes = value if isinstance(value, list) else [value] if isinstance(value, str) else []
        if criterion.lists_awards:
            _input(sheet, row, FACT_COLUMN, shown_as.get(codes[0], codes[0]) if codes else None)
            listed = choices.add(list(shown_as.values()))
            _validation(sheet, row, FACT_COLUMN, "list", (listed,), "Chọn một khen thưởng trong danh sách.")
        else:
            # Several awards of one unit combine: their names, one a line (checked on import).
            _input(sheet, row, FACT_COLUMN, "\n".join(shown_as.get(c, c) for c in codes) or None)
            _validate_text(sheet, row, FACT_COLUMN)
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
    last = FIRST_ROW + len(commitments) - 1
    fit_rows(sheet, FIRST_ROW - 1, last, COMMITMENT_WIDTHS)
    borders(sheet, FIRST_ROW - 1, last, len(COMMITMENT_WIDTHS))
    _protect(sheet, COMMITMENT_WIDTHS)
    return fixed


# ----- identity -------------------------------------------------------------------------------------------
def _identity_sheet(
    sheet: Worksheet,
    project: Project,
    period_id: str,
    unit_id: str,
    locked: tuple[list[tuple[object, ...]], list[tuple[object, ...]]],
    key: bytes,
) -> None:
    """The identity lines, sealed with the cluster's key; then, unsealed, what only helps a person reading them."""
    rubric = project.points_rubric.model
    criteria, commitments = locked
    values = identity(project, period_id, unit_id, fingerprint(criteria), fingerprint(commitments))
    values["seal"] = seal(key, values)
    values["rubric_title"] = clean(rubric.title)
    values["tool"] = f"emul {__version__}"
    for row, (name, value) in enumerate(values.items(), start=1):
        sheet.cell(row=row, column=1).value = name
        put_text(sheet, row, 2, str(value))
    sheet.sheet_state = "veryHidden"
    _protect(sheet, (40, 80))


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
        sheet.cell(row=FIRST_ROW - 1, column=column).alignment = Alignment(
            wrap_text=True, vertical="center", horizontal="center"
        )
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


def _validate_text(sheet: Worksheet, row: int, column: int, limit: int = MAX_EVIDENCE_CHARS) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    check = DataValidation(
        type="textLength",
        operator="lessThanOrEqual",
        formula1=str(limit),
        allow_blank=True,
        showErrorMessage=True,
        error=f"Tối đa {limit} ký tự.",
    )
    sheet.add_data_validation(check)
    check.add(cell_ref(column, row))


def _protect(sheet: Worksheet, widths: tuple[int, ...]) -> None:
    print_setup(sheet, widths, f"{FIRST_ROW - 1}:{FIRST_ROW - 1}")
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # widening a column is harmless
    sheet.protection.formatRows = False


def _number(value: Decimal | Fraction | int) -> int | float:
    exact = Fraction(value)
    return exact.numerator if exact.denominator == 1 else float(exact)

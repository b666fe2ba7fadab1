"""The Bảng tổng hợp điểm (.xlsx): a summary whose totals are live formulas over a sheet per unit, and an audit
sheet. At sơ kết (no scoring yet) the workbook tracks the covenant instead."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..errors import InternalError
from ..model.rubric import Classification, Rubric, Section
from ..scoring.commitments import Status
from ..scoring.criterion import CriterionScore
from ..scoring.sheet import UnitScore
from ..text.formula import looks_like_formula
from ..text.methods import method_name
from ..text.vietnamese import long_date, short_date
from . import labels
from .context import Builder, clean, inputs_text, safe_text
from .gather import WorkbookFacts
from .ooxml import normalize_zip
from .xlsx_layout import (
    FONT,
    LINE_POINTS,
    borders,
    fit_rows,
    keep_chart_on_one_page,
    lines_needed,
    print_setup,
    signature,
    title_rows,
    wrap,
)
from .xlsx_rank import (
    UnitCells,
    classification_formula,
    floor_check,
    formula_rules,
    key_formula,
    key_title,
    rank_formula,
    ranks_as_formulas,
)

if TYPE_CHECKING:
    from openpyxl.chart import BarChart
    from openpyxl.chart.text import RichText
    from openpyxl.chart.title import Title
    from openpyxl.drawing.text import CharacterProperties
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from ..rollup.history import Comparison, PeriodColumn, UnitHistory

HEADER_ROW = 5  # rows 1-3 carry the title block, row 4 a note when there is one
NOTE_ROW = 4
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\']")


def build_workbook(builder: Builder, day: date) -> bytes:
    workbook = new_workbook()
    summary = first_sheet(workbook)
    if builder.data.is_year and builder.data.by_vote:
        _vote_workbook(summary, builder)
    elif builder.data.is_year:
        _score_workbook(workbook, summary, builder)
    else:
        _progress_workbook(workbook, summary, builder)
    _audit_sheet(workbook.create_sheet("Kiểm tra"), builder)
    what = "kết quả xếp hạng" if builder.data.by_vote else "điểm"
    title = f"Bảng tổng hợp {what} {clean(builder.data.period.title)}"
    return save_workbook(workbook, title, builder.cluster.name, day)


# ----- cells ----------------------------------------------------------------------------------------------
def new_workbook() -> Workbook:
    """A workbook whose default font is Times New Roman 12: setting a font on every cell costs more than
    the rest of the workbook (openpyxl hashes each style it is given)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils.indexed_list import IndexedList

    workbook = Workbook()
    workbook._fonts = IndexedList([Font(name=FONT, size=12)])  # type: ignore[attr-defined]  # font 0 is what unstyled cells use
    return workbook


def first_sheet(workbook: Workbook) -> Worksheet:
    """The worksheet a new workbook comes with."""
    from openpyxl.worksheet.worksheet import Worksheet

    sheet = workbook.active
    if not isinstance(sheet, Worksheet):
        raise InternalError(f"a new workbook starts with one worksheet, not {type(sheet).__name__}")
    return sheet


def _bold(cell: Any) -> None:
    from openpyxl.styles import Font

    cell.font = Font(name=FONT, size=12, bold=True)


def put_text(sheet: Worksheet, row: int, column: int, value: str | None, bold: bool = False) -> None:
    """User text is always text: a name starting with '=' must never become a formula."""
    cell = sheet.cell(row=row, column=column)
    cell.value = safe_text(value)  # as written: a form read back compares its locked cells with the data
    cell.data_type = "s"
    if cell.value and looks_like_formula(cell.value):
        cell.quotePrefix = True
    if bold:
        _bold(cell)


def put_number(sheet: Worksheet, row: int, column: int, value: Fraction | int | None, decimals: int) -> None:
    cell = sheet.cell(row=row, column=column)
    cell.value = None if value is None else (value if isinstance(value, int) else float(value))
    cell.number_format = _number_format(decimals)


def put_formula(sheet: Worksheet, row: int, column: int, formula: str, decimals: int, bold: bool = False) -> None:
    cell = sheet.cell(row=row, column=column)
    cell.value = formula
    cell.number_format = _number_format(decimals)
    if bold:
        _bold(cell)


def _number_format(decimals: int) -> str:
    return "0" if decimals == 0 else "0." + "0" * decimals


def _title_block(sheet: Worksheet, builder: Builder, title: str) -> None:
    from openpyxl.styles import Font

    lines = [title, f"{clean(builder.cluster.name)} — {clean(builder.data.period.title)}"]
    rubric = builder.rubric
    if rubric is not None:
        lines.append(f"Bộ tiêu chí: {clean(rubric.title)} (phiên bản {clean(rubric.version)})")
    else:
        lines.append(f"{builder.group} không chấm điểm: xếp hạng theo kết quả bỏ phiếu xếp hạng (bình xét)")
    for index, line in enumerate(lines, start=1):
        put_text(sheet, index, 1, line, bold=index == 1)
    sheet.cell(row=1, column=1).font = Font(name=FONT, size=14, bold=True)


def _header(sheet: Worksheet, headers: list[str], widths: list[int]) -> None:
    from openpyxl.styles import Alignment, PatternFill
    from openpyxl.utils import get_column_letter

    for column, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        put_text(sheet, HEADER_ROW, column, text, bold=True)
        cell = sheet.cell(row=HEADER_ROW, column=column)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = f"C{HEADER_ROW + 1}"


def finish_table(sheet: Worksheet, widths: list[int], last_row: int, text_until: int | None = None) -> None:
    """Borders round the table (header to `last_row`), its text wrapped and its rows as tall as their text
    (down to `text_until`, for the lines under the table), the title across it, and the page set up."""
    columns = len(widths)
    end = max(last_row, text_until or 0)
    borders(sheet, HEADER_ROW, max(last_row, HEADER_ROW), columns)
    wrap(sheet, HEADER_ROW + 1, end, columns)
    fit_rows(sheet, HEADER_ROW, end, widths)
    title_rows(sheet, NOTE_ROW, widths)
    print_setup(sheet, widths, f"{HEADER_ROW}:{HEADER_ROW}")


def values_note(sheet: Worksheet, text: str) -> None:
    """A visible note above the table, in red: these cells are emul's values, not formulas."""
    from openpyxl.styles import Font

    put_text(sheet, NOTE_ROW, 1, text)
    sheet.cell(row=NOTE_ROW, column=1).font = Font(name=FONT, size=12, italic=True, color="C00000")


def lock(sheet: Worksheet) -> None:
    """Protected without a password: a reader can still select, copy and print, and lift it in a click."""
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def signature_lines(sheet: Worksheet, builder: Builder, row: int, columns: int) -> int:
    """The place and date and the signer, under the table on its right half: the same as the báo cáo's."""
    report = builder.base()
    first = max(columns // 2 + 1, 1) if columns > 2 else 1
    return signature(sheet, row, (first, columns), report.document.place_date, report.signer)


def sheet_names(unit_ids: list[str]) -> dict[str, str]:
    """A unique, valid sheet name per unit id (at most 31 characters, none of []:*?/\\')."""
    names: dict[str, str] = {}
    taken: set[str] = {"tổng hợp", "kiểm tra", "diễn biến", "phân định"}
    for unit_id in unit_ids:
        base = _SHEET_UNSAFE.sub("-", unit_id)[:31] or "don-vi"
        name, counter = base, 2
        while name.lower() in taken:
            suffix = f"~{counter}"
            name, counter = base[: 31 - len(suffix)] + suffix, counter + 1
        taken.add(name.lower())
        names[unit_id] = name
    return names


def _ref(sheet: str, column: str, first: int, last: int) -> str:
    return f"'{sheet}'!{column}{first}:{column}{last}"


# ----- the scored year ------------------------------------------------------------------------------------
UNIT_COLUMNS = ["Mã", "Tiêu chí", "Tối đa", "Cách chấm", "Số liệu", "Tự chấm", "Điểm đạt", "Minh chứng"]
UNIT_WIDTHS = [8, 40, 7, 14, 20, 8, 8, 26]  # fits A4 landscape at 10 pt or more, with the scorer column too
SCORER_COLUMN, SCORER_WIDTH = "Cơ quan chấm", 14
MAX_COLUMN = "C"  # the criterion's max on a unit's sheet

KEYS_SHEET = "Phân định"
VALUES_NOTE = (
    "Thứ hạng là giá trị do emul tính, không phải công thức: có đơn vị bằng điểm được phân định bằng kết quả bỏ "
    "phiếu, điều công thức không tính được. Các trang tính được khóa (không đặt mật khẩu): muốn sửa điểm, sửa hồ "
    "sơ chấm điểm và chạy lại emul report."
)


@dataclass(frozen=True)
class UnitColumns:
    """The columns of a unit's sheet: the self score only for a self-scored rubric, the scoring body only
    for a rubric that declares scorers (right after the method)."""

    headers: tuple[str, ...]
    widths: tuple[int, ...]

    @classmethod
    def of(cls, rubric: Rubric) -> UnitColumns:
        pairs = list(zip(UNIT_COLUMNS, UNIT_WIDTHS, strict=True))
        if rubric.scorers:
            pairs.insert(4, (SCORER_COLUMN, SCORER_WIDTH))
        if not rubric.self_scored:
            pairs = [p for p in pairs if p[0] != "Tự chấm"]
        return cls(tuple(h for h, _w in pairs), tuple(w for _h, w in pairs))

    def at(self, header: str) -> int:
        """The column number (from 1) of a header; 0 for one the sheet does not have."""
        return self.headers.index(header) + 1 if header in self.headers else 0

    def letter(self, header: str) -> str:
        from openpyxl.utils import get_column_letter

        return get_column_letter(self.at(header))


def _score_workbook(workbook: Workbook, summary: Worksheet, builder: Builder) -> None:
    scores = builder.data.ordered_scores()
    names = sheet_names([s.unit.id for s in scores])
    summary.title = "Tổng hợp"
    cells = {s.unit.id: _unit_sheet(workbook.create_sheet(names[s.unit.id]), builder, s) for s in scores}
    formulas = ranks_as_formulas(builder.points_rubric, builder.data.ranked or ())
    _summary_sheet(workbook, summary, builder, scores, cells, formulas)
    columns = UnitColumns.of(builder.points_rubric)
    for score in scores:
        sheet = workbook[names[score.unit.id]]
        _prepared_line(sheet, builder, score)
        finish_table(sheet, list(columns.widths), cells[score.unit.id].last, sheet.max_row)
        if not formulas:  # an edited score would leave emul's ranks stale
            values_note(sheet, VALUES_NOTE)
            lock(sheet)
    _history_sheet(workbook.create_sheet(HISTORY_SHEET, 1), builder, scores)


def _unit_sheet(sheet: Worksheet, builder: Builder, score: UnitScore) -> UnitCells:
    """One row per criterion; returns where the points of each part (section id, bonus, penalty) and each
    criterion are, for the summary's formulas."""
    decimals = builder.numbers.decimals
    columns = UnitColumns.of(builder.points_rubric)
    _title_block(sheet, builder, f"Phiếu chấm điểm: {clean(score.unit.name)}")
    _header(sheet, list(columns.headers), list(columns.widths))
    row = HEADER_ROW + 1
    ranges: dict[str, tuple[int, int]] = {}
    leaves: dict[str, int] = {}
    for section in builder.points_rubric.all_sections():
        group = section.id
        put_text(sheet, row, 1, group, bold=True)
        put_text(sheet, row, 2, section.title, bold=True)
        if isinstance(section, Section):
            assigned = sum((c.maximum for c in score.criteria if c.group == group), Fraction(0))
            put_number(sheet, row, 3, assigned, decimals)
        elif section.limit is not None:
            put_number(sheet, row, 3, section.limit, decimals)
        row += 1
        first = row
        for item in (c for c in score.criteria if c.group == group):
            _criterion_row(sheet, row, item, decimals, columns)
            leaves[item.criterion.id] = row
            row += 1
        ranges[group] = (first, row - 1)
    return UnitCells(sheet.title, columns.letter("Điểm đạt"), ranges, leaves, row - 1)


def _criterion_row(sheet: Worksheet, row: int, item: CriterionScore, decimals: int, columns: UnitColumns) -> None:
    """A criterion's row; one not assigned to the unit says so and has no max and no points (empty cells,
    which the sums skip)."""
    put_text(sheet, row, 1, item.criterion.id)
    put_text(sheet, row, 2, item.criterion.title)
    if columns.at(SCORER_COLUMN):
        put_text(sheet, row, columns.at(SCORER_COLUMN), item.scorer.name if item.scorer else "")
    if not item.assigned:
        put_text(sheet, row, 4, labels.NOT_ASSIGNED)
        return
    put_number(sheet, row, 3, item.maximum, decimals)
    put_text(sheet, row, 4, method_name(item.criterion.method_kind, "vi"))
    put_text(sheet, row, columns.at("Số liệu"), inputs_text(item))
    if columns.at("Tự chấm"):
        put_number(sheet, row, columns.at("Tự chấm"), item.self_counted, decimals)
    put_number(sheet, row, columns.at("Điểm đạt"), item.final, decimals)
    put_text(sheet, row, columns.at("Minh chứng"), "; ".join(item.evidence))


def _summary_sheet(
    workbook: Workbook,
    sheet: Worksheet,
    builder: Builder,
    scores: tuple[UnitScore, ...],
    cells: dict[str, UnitCells],
    formulas: bool,
) -> None:
    from openpyxl.utils import get_column_letter

    rubric = builder.points_rubric
    decimals = builder.numbers.decimals

    def shown(expression: str) -> str:
        """A part or the total as every document shows it: rounded the rubric's way (a cell's number format
        would round halves up whatever the rubric declares)."""
        return rounding_formula(expression, rubric.rounding.mode, decimals)

    own_column, classified = rubric.self_scored, rubric.classification is not None
    per_section = 2 if own_column else 1
    headers = ["Hạng", "Đơn vị"]
    for section in rubric.sections:
        headers += [f"{section.id} tự chấm"] * own_column + [f"{section.id} điểm đạt"]
    headers += ["Điểm thưởng", "Điểm trừ", "Tổng điểm", *(["Xếp loại"] * classified), "Ghi chú"]
    widths = [6, 18, *([7] * (per_section * len(rubric.sections))), 8, 8, 9, *([16] * classified), 16]
    _title_block(sheet, builder, "BẢNG TỔNG HỢP ĐIỂM THI ĐUA")
    _header(sheet, headers, widths)
    columns = UnitColumns.of(rubric)
    own_letter = columns.letter("Tự chấm") if own_column else ""
    total_column = len(headers) - 1 - classified
    total_letter = get_column_letter(total_column)
    keys = _key_columns(workbook, builder, scores, cells) if formulas else []
    first_row, last_row = HEADER_ROW + 1, HEADER_ROW + len(scores)
    for offset, score in enumerate(scores):
        row = HEADER_ROW + 1 + offset
        result = builder.result(score.unit.id)
        unit = cells[score.unit.id]
        if formulas:
            ranking = rank_formula(row, [total_letter, *keys], first_row, last_row, rubric.ranking.method)
            put_formula(sheet, row, 1, ranking, 0)
        else:
            _rank_cell(sheet, row, builder, score)
        put_text(sheet, row, 2, score.unit.short_name)
        section_parts: list[str] = []
        column = 3
        for section in rubric.sections:
            first, last = unit.parts[section.id]
            if own_column:
                own = f"SUM({_ref(unit.sheet, own_letter, first, last)})"
                put_formula(sheet, row, column, "=" + shown(own), decimals)
                column += 1
            retained = unit.part(section.id)
            put_formula(sheet, row, column, "=" + shown(retained), decimals)
            section_parts.append(retained)
            column += 1
        exact_parts = [_rescaled("+".join(section_parts), score)]
        for sign, capped in (("+", rubric.bonus), ("-", rubric.penalty)):
            if capped is None:
                put_number(sheet, row, column, 0, decimals)
            else:
                points = unit.part(capped.id)
                if capped.limit is not None:
                    points = f"MIN({points},{float(capped.limit):g})"
                put_formula(sheet, row, column, "=" + shown(points), decimals)
                exact_parts.append(sign + points)
            column += 1
        # The total is the one declared rounding of the exact sum, not a sum of the rounded cells shown.
        exact = "+".join(exact_parts).replace("+-", "-").replace("++", "+")
        put_formula(sheet, row, column, "=" + shown(exact), decimals, True)
        unit_sheet = workbook[unit.sheet]
        _total_row(unit_sheet, f"'{sheet.title}'!{total_letter}{row}", decimals, columns)
        if rubric.classification is not None:
            column += 1
            floors = _floor_rows(unit_sheet, rubric, unit)
            band = classification_formula(rubric.classification, f"{total_letter}{row}", floors)
            put_formula(sheet, row, column, band, 0)
        notes = [*result.notes, *([result.scale_note] if result.scale_note else [])]
        if notes:  # an empty text cell shows as ### in LibreOffice's print
            put_text(sheet, row, column + 1, "; ".join(notes))
    if not formulas:
        values_note(sheet, VALUES_NOTE)
        lock(sheet)
    finish_table(sheet, widths, last_row)
    if rubric.classification is not None:  # a formula's text: room for the longest band it can give
        _room_for(sheet, first_row, last_row, _band_labels(rubric.classification), widths[-2])
    signature_lines(sheet, builder, last_row + 2, len(widths))


def _band_labels(classification: Classification) -> list[str]:
    return [clean(b.label) for b in classification.bands] + [clean(classification.fallback.label)]


def _room_for(sheet: Worksheet, first: int, last: int, texts: list[str], width: int) -> None:
    """Rows tall enough for the longest of `texts` in a column `width` wide."""
    height = LINE_POINTS * max(lines_needed(t, width) for t in texts) + 4
    for row in range(first, last + 1):
        sheet.row_dimensions[row].height = max(sheet.row_dimensions[row].height or 0, height)


def _key_columns(
    workbook: Workbook, builder: Builder, scores: tuple[UnitScore, ...], cells: dict[str, UnitCells]
) -> list[str]:
    """On a hidden sheet (hidden columns of the summary would print as ###), a column per tie-break a formula
    applies, a unit per row as on the summary: the value emul's cascade compares (exact, more is better).
    Returns each column as the summary's formulas name it."""
    from openpyxl.utils import get_column_letter

    rubric = builder.points_rubric
    rules = formula_rules(rubric)
    if not rules:
        return []
    sheet = workbook.create_sheet(KEYS_SHEET)
    sheet.sheet_state = "hidden"
    put_text(sheet, 1, 1, "Giá trị phân định khi bằng điểm (emul tính bằng công thức; không sửa trang này)")
    put_text(sheet, HEADER_ROW, 1, "Đơn vị")
    columns = []
    for column, rule in enumerate(rules, start=2):
        put_text(sheet, HEADER_ROW, column, key_title(rule))
        for offset, score in enumerate(scores):
            put_text(sheet, HEADER_ROW + 1 + offset, 1, score.unit.short_name)
            key = key_formula(rule, rubric, cells[score.unit.id])
            sheet.cell(row=HEADER_ROW + 1 + offset, column=column).value = key
        columns.append(f"'{KEYS_SHEET}'!{get_column_letter(column)}")
    return columns


def _prepared_line(sheet: Worksheet, builder: Builder, score: UnitScore) -> None:
    """Who filled in the unit's self-assessment form and when, as the form recorded it."""
    loaded = builder.project.assessments_for(builder.data.period.id).get(score.unit.id)
    prepared = loaded.model.prepared if loaded is not None else None
    if prepared is None:
        return
    who = ", ".join(clean(part) for part in (prepared.by, prepared.title) if part)
    put_text(sheet, sheet.max_row + 2, 2, f"Người lập phiếu tự đánh giá: {who}; {long_date(prepared.date)}")


def _floor_rows(unit_sheet: Worksheet, rubric: Rubric, cells: UnitCells) -> list[str | None]:
    """Under the unit's total, one line per band with floors: whether the unit meets them all (a formula over
    its criteria). Returns, per band, the cell the summary's classification reads (None: no floors)."""
    classification = rubric.classification
    if classification is None:
        return []
    found: list[str | None] = []
    row = unit_sheet.max_row
    for band in classification.bands:
        check = floor_check(band, rubric, cells, MAX_COLUMN)
        if check is None:
            found.append(None)
            continue
        row += 1
        put_text(unit_sheet, row, 2, f"Đạt các ngưỡng của mức «{clean(band.label)}»")
        unit_sheet.cell(row=row, column=_column_number(cells.points)).value = check
        found.append(f"'{cells.sheet}'!{cells.points}{row}")
    return found


def _column_number(letter: str) -> int:
    from openpyxl.utils import column_index_from_string

    return column_index_from_string(letter)


def _merge_lines(sheet: Worksheet, first: int, last: int, column: int, widths: list[int]) -> None:
    """Lines of text under a table span it (from `column`) and wrap inside it, their rows as tall as that."""
    for row in range(first, last + 1):
        value = sheet.cell(row=row, column=column).value
        if isinstance(value, str):
            sheet.merge_cells(start_row=row, start_column=column, end_row=row, end_column=len(widths))
            sheet.row_dimensions[row].height = LINE_POINTS * lines_needed(value, sum(widths[column - 1 :])) + 4


def _rescaled(sections: str, score: UnitScore) -> str:
    """The sections' sum, brought back to the scale for a unit with criteria not assigned (exact: the factor
    is a ratio of two declared numbers)."""
    if not score.rescaled:
        return sections
    factor = score.scale_factor
    return f"({sections})*{factor.numerator}/{factor.denominator}"


def _rank_cell(sheet: Worksheet, row: int, builder: Builder, score: UnitScore) -> None:
    """A rank as a number; a shared rank ("2=": the meeting decides) or none (sơ kết) as its text."""
    ranked = builder.data.ranked_of(score.unit.id)
    if ranked is not None and not ranked.tied:
        put_number(sheet, row, 1, ranked.rank, 0)
    else:
        put_text(sheet, row, 1, builder.result(score.unit.id).rank)


def _total_row(unit_sheet: Worksheet, total_cell: str, decimals: int, columns: UnitColumns) -> None:
    """The unit's total under its criteria, the same cell as the summary's (so the two cannot differ)."""
    row = unit_sheet.max_row + 2
    put_text(unit_sheet, row, 2, "Tổng điểm (sau giới hạn điểm thưởng, điểm trừ và làm tròn)", bold=True)
    put_formula(unit_sheet, row, columns.at("Điểm đạt"), f"={total_cell}", decimals, bold=True)


def rounding_formula(expression: str, mode: str, decimals: int) -> str:
    """The rubric's one declared rounding as a spreadsheet formula (ROUND rounds halves away from zero)."""
    if mode == "down":
        return f"ROUNDDOWN({expression},{decimals})"
    if mode == "half_even":  # on the magnitude, so that MOD sees no negative number; the sign put back
        magnitude = f"ABS({expression})"
        scaled = f"ROUND({magnitude}*10^{decimals},6)"
        rounded = f"IF(MOD({scaled},2)=0.5,ROUNDDOWN({magnitude},{decimals}),ROUND({magnitude},{decimals}))"
        return f"SIGN({expression})*{rounded}"
    return f"ROUND({expression},{decimals})"


# ----- a cluster ranked by vote: the ranking ballot -------------------------------------------------------
VOTE_COLUMNS = ["Hạng", "Đơn vị", "Số phiếu bầu", "Tỉ lệ trên số phiếu hợp lệ", "Ghi chú"]
VOTE_WIDTHS = [6, 32, 10, 12, 20]
# The ranks rest on the ranking ballot's counts and its rule (whether the ballot counts at all: quorum, valid
# papers), facts of ballots/*.yaml that no cell here holds: values, and the sheet locked.
VOTE_NOTE = (
    "Thứ hạng và số phiếu là giá trị do emul tính từ phiếu xếp hạng (ballots), không phải công thức. Trang tính "
    "được khóa (không đặt mật khẩu): muốn sửa, sửa tệp phiếu và chạy lại emul report."
)


def _vote_workbook(sheet: Worksheet, builder: Builder) -> None:
    """One sheet: the ranking by the ranking ballot (no score sheets: the cluster scores nothing), with the
    ballot's counts and rule below the table."""
    sheet.title = "Tổng hợp"
    _title_block(sheet, builder, "BẢNG TỔNG HỢP KẾT QUẢ BỎ PHIẾU XẾP HẠNG")
    _header(sheet, VOTE_COLUMNS, VOTE_WIDTHS)
    ranking = builder.base().ranking
    ballot = ranking.ballot
    row = HEADER_ROW
    for row, result in enumerate(builder.base().results, start=HEADER_ROW + 1):
        ranked = builder.data.ranked_of(result.unit.id)
        if ranked is not None and not ranked.tied:
            put_number(sheet, row, 1, ranked.rank, 0)
        else:
            put_text(sheet, row, 1, result.rank)
        put_text(sheet, row, 2, result.unit.short_name)
        tally = ranked.tally if ranked is not None else None
        counted = tally is not None and tally.share is not None
        put_number(sheet, row, 3, tally.votes if tally is not None and counted else None, 0)
        share = sheet.cell(row=row, column=4)
        share.value = float(tally.share) if tally is not None and tally.share is not None else None
        share.number_format = "0.00%"
        put_text(sheet, row, 5, "; ".join(result.notes))
    if ballot is not None:
        counts = f"phát ra {ballot.issued}, thu về {ballot.returned}, hợp lệ {ballot.valid}" if ballot.counted else ""
        put_text(sheet, row + 2, 2, f"Phiếu xếp hạng: {ballot.status.lower()}" + (f" ({counts})." if counts else "."))
        put_text(sheet, row + 3, 2, ranking.rule)
    last = row
    values_note(sheet, VOTE_NOTE)
    lock(sheet)
    finish_table(sheet, VOTE_WIDTHS, last, sheet.max_row)
    _merge_lines(sheet, last + 1, sheet.max_row, 2, VOTE_WIDTHS)
    signature_lines(sheet, builder, sheet.max_row + 2, len(VOTE_WIDTHS))


# ----- the year's course: totals at each period of the folder, and a chart ---------------------------------
HISTORY_SHEET = "Diễn biến"
CHART_WIDTH_CM, CHART_HEIGHT_CM = 16, 9.5  # from column B, inside a portrait A4 page's printable width


def _history_sheet(sheet: Worksheet, builder: Builder, scores: tuple[UnitScore, ...]) -> None:
    """Per unit (in rank order) its total at the sơ kết and at the tổng kết of the year, the change, a chart."""
    period = builder.data.period
    history = _facts(builder).history
    if history is None:
        raise InternalError("the course of the year is drawn at its end, and gathered then")
    columns = [i for i, c in enumerate(history.periods) if c.year == period.end.year and c.period.end <= period.end]
    changes = [c for c in history.comparisons if c.kind == "since_mid_year" and c.after in columns]
    headers = ["Hạng", "Đơn vị", *(_history_header(history.periods[i]) for i in columns)]
    headers += [f"Tăng (+), giảm (−) so với sơ kết {history.periods[c.before].period.id}" for c in changes]
    widths = [6, 20, *([14] * (len(headers) - 2))]
    _title_block(sheet, builder, "DIỄN BIẾN TỔNG ĐIỂM THI ĐUA TRONG NĂM")
    _header(sheet, headers, widths)
    units = {item.unit.id: item for item in history.units}
    row = HEADER_ROW
    for row, score in enumerate(scores, start=HEADER_ROW + 1):
        _history_row(sheet, row, builder, score, units.get(score.unit.id), columns, changes)
    last = row
    if any(history.periods[i].provisional for i in columns):
        put_text(sheet, row + 2, 2, "Điểm sơ kết là điểm tạm tính, chấm trên số liệu các đơn vị báo cáo đến kỳ sơ kết.")
    finish_table(sheet, widths, last, sheet.max_row)
    _merge_lines(sheet, last + 1, sheet.max_row, 2, widths)
    if columns and scores:
        anchor = row + 4
        sheet.add_chart(_history_chart(sheet, len(columns), row), f"B{anchor}")
        keep_chart_on_one_page(sheet, anchor, CHART_HEIGHT_CM, widths)


def _history_row(
    sheet: Worksheet,
    row: int,
    builder: Builder,
    score: UnitScore,
    item: UnitHistory | None,
    columns: list[int],
    changes: list[Comparison],
) -> None:
    """Rank (the summary's cell) and name, the totals at the chosen periods, then the changes: values of
    past periods, not formulas."""
    put_formula(sheet, row, 1, f"='Tổng hợp'!A{row}", 0)
    put_text(sheet, row, 2, score.unit.short_name)
    standings = [item.standings[i] if item else None for i in columns]
    deltas = [item.change(c) if item else None for c in changes]
    values = [s.total if s else None for s in standings] + [d.total if d else None for d in deltas]
    for column, value in enumerate(values, start=3):
        put_number(sheet, row, column, None if value is None else Fraction(value), builder.numbers.decimals)


def _history_header(column: PeriodColumn) -> str:
    if column.provisional:
        return f"Tổng điểm sơ kết {column.period.id} (tạm tính)"
    return f"Tổng điểm tổng kết {column.period.id}"


def _history_chart(sheet: Worksheet, periods: int, last_row: int) -> BarChart:
    """A clustered column chart: one group of bars per unit, one bar per period."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.data_source import NumFmt

    chart = BarChart()
    chart.type = "col"
    chart.grouping = "clustered"
    chart.title = _chart_title("Tổng điểm của các đơn vị qua các kỳ", 12)
    data = Reference(sheet, min_col=3, max_col=2 + periods, min_row=HEADER_ROW, max_row=last_row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=2, min_row=HEADER_ROW + 1, max_row=last_row))
    for axis, title in ((chart.x_axis, "Đơn vị"), (chart.y_axis, "Tổng điểm")):
        axis.title = _chart_title(title, 10)
        axis.txPr = _chart_text(10)
        axis.delete = False  # openpyxl 3.1 would otherwise hide the axes in Excel
    chart.y_axis.scaling.min = 0
    chart.y_axis.numFmt = NumFmt(formatCode="0", sourceLinked=False)
    chart.y_axis.majorGridlines = None
    chart.legend.position = "b"
    chart.legend.txPr = _chart_text(10)
    chart.width, chart.height = CHART_WIDTH_CM, CHART_HEIGHT_CM
    return chart


def _chart_font(size: int, bold: bool = False) -> CharacterProperties:
    from openpyxl.drawing.text import CharacterProperties, Font

    return CharacterProperties(latin=Font(typeface=FONT), cs=Font(typeface=FONT), sz=size * 100, b=bold)


def _chart_text(size: int) -> RichText:
    """Chart text in Times New Roman, like the cells (charts otherwise fall back to the theme's font)."""
    from openpyxl.chart.text import RichText
    from openpyxl.drawing.text import Paragraph, ParagraphProperties

    font = _chart_font(size)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=font), endParaRPr=font)])


def _chart_title(text: str, size: int) -> Title:
    from openpyxl.chart.text import RichText, Text
    from openpyxl.chart.title import Title
    from openpyxl.drawing.text import Paragraph, ParagraphProperties, RegularTextRun

    font = _chart_font(size, bold=True)
    paragraph = Paragraph(pPr=ParagraphProperties(defRPr=font), r=[RegularTextRun(rPr=font, t=text)])
    return Title(tx=Text(rich=RichText(p=[paragraph])), overlay=False)


# ----- sơ kết: the covenant's progress --------------------------------------------------------------------
PROGRESS_COLUMNS = ["Mã", "Cam kết", "Mục tiêu đến cuối kỳ", "Kết quả", "Đánh giá", "Minh chứng"]
PROGRESS_WIDTHS = [9, 50, 12, 10, 14, 36]
PROGRESS_SUMMARY_WIDTHS = [6, 28, 11, 11, 11, 12]


def _progress_workbook(workbook: Workbook, summary: Worksheet, builder: Builder) -> None:
    summary.title = "Tổng hợp"
    progress = builder.data.progress
    names = sheet_names([p.unit.id for p in progress])
    _title_block(summary, builder, "BẢNG THEO DÕI TIẾN ĐỘ GIAO ƯỚC THI ĐUA")
    _header(
        summary,
        ["STT", "Đơn vị", "Số cam kết", "Đúng tiến độ", "Chậm tiến độ", "Chưa có số liệu"],
        PROGRESS_SUMMARY_WIDTHS,
    )
    row = HEADER_ROW
    for offset, unit_progress in enumerate(progress):
        row = HEADER_ROW + 1 + offset
        sheet = workbook.create_sheet(names[unit_progress.unit.id])
        last = _commitment_sheet(sheet, builder, unit_progress)
        put_number(summary, row, 1, offset + 1, 0)
        put_text(summary, row, 2, unit_progress.unit.short_name)
        column_range = _ref(names[unit_progress.unit.id], "E", HEADER_ROW + 1, max(last, HEADER_ROW + 1))
        put_formula(summary, row, 3, f"=COUNTA({column_range})", 0)
        for column, status in ((4, Status.MET), (5, Status.NOT_MET), (6, Status.NO_DATA)):
            label = builder.status_word(status).replace('"', '""')
            put_formula(summary, row, column, f'=COUNTIF({column_range},"{label}")', 0)
    finish_table(summary, PROGRESS_SUMMARY_WIDTHS, row)
    signature_lines(summary, builder, row + 2, len(PROGRESS_SUMMARY_WIDTHS))


def _commitment_sheet(sheet: Worksheet, builder: Builder, unit_progress: Any) -> int:
    _title_block(sheet, builder, f"Tiến độ giao ước: {clean(unit_progress.unit.name)}")
    _header(sheet, PROGRESS_COLUMNS, PROGRESS_WIDTHS)
    row = HEADER_ROW
    for row, outcome in enumerate(unit_progress.outcomes, start=HEADER_ROW + 1):
        commitment = outcome.commitment
        actual = outcome.result.actual if outcome.result is not None else None
        put_text(sheet, row, 1, commitment.id)
        put_text(sheet, row, 2, commitment.text)
        put_number(sheet, row, 3, outcome.target, 2)
        put_number(sheet, row, 4, None if actual is None else Fraction(actual), 2)
        put_text(sheet, row, 5, builder.status_word(outcome.status))
        put_text(sheet, row, 6, "; ".join(outcome.result.evidence) if outcome.result else "")
    finish_table(sheet, PROGRESS_WIDTHS, row)
    return row


# ----- audit and saving -----------------------------------------------------------------------------------
def _audit_sheet(sheet: Worksheet, builder: Builder) -> None:
    rows = [
        (f"{builder.group} thi đua", builder.cluster.name),
        ("Kỳ", f"{builder.data.period.id} — {builder.data.period.title}"),
        ("Từ ngày", short_date(builder.data.period.start)),
        ("Đến ngày", short_date(builder.data.period.end)),
        *_rubric_rows(builder),
        ("Công cụ", f"emul {__version__}"),
    ]
    put_text(sheet, 1, 1, "THÔNG TIN KIỂM TRA", bold=True)
    for row, (label, value) in enumerate(rows, start=3):
        put_text(sheet, row, 1, label, bold=True)
        put_text(sheet, row, 2, value)
    widths = [28, 56]  # portrait
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = widths
    wrap(sheet, 3, sheet.max_row, 2)
    fit_rows(sheet, 3, sheet.max_row, widths)
    print_setup(sheet, widths)


def _rubric_rows(builder: Builder) -> list[tuple[str, str]]:
    """What the results were computed with: the rubric (its hash, commit and rounding) and the inputs; in a
    cluster ranked by vote, the way it ranks instead of a rubric."""
    facts = _facts(builder)
    identity, rubric = facts.rubric_identity, builder.rubric
    inputs = ("Mã băm các tệp đầu vào (SHA-256)", facts.inputs_hash)
    if rubric is None or identity is None:
        return [("Cách xếp hạng", "Bỏ phiếu xếp hạng (bình xét)"), inputs]
    return [
        ("Bộ tiêu chí", rubric.id),
        ("Phiên bản bộ tiêu chí", rubric.version),
        ("Mã băm nội dung bộ tiêu chí (SHA-256)", identity.content_hash),
        inputs,
        ("Commit của bộ tiêu chí (git)", _rubric_commit_text(identity.commit)),
        (
            "Làm tròn",
            f"{rubric.rounding.decimals} chữ số thập phân, {labels.ROUNDING_MODES[rubric.rounding.mode]}, "
            f"áp dụng cho {labels.ROUNDING_SCOPE[rubric.rounding.apply_to]}",
        ),
    ]


def _facts(builder: Builder) -> WorkbookFacts:
    facts = builder.data.workbook
    if facts is None:
        raise InternalError("the workbook's facts are gathered with the period's data when it is written")
    return facts


def _rubric_commit_text(commit: str | None) -> str:
    return commit or "không có (tệp không nằm trong kho git hoặc đã sửa chưa commit)"


def save_workbook(workbook: Workbook, title: str, author: str, day: date) -> bytes:
    """The workbook's bytes, the same for the same content: properties dated `day`, zip entries too."""
    from zipfile import ZIP_DEFLATED, ZipFile

    from openpyxl.writer.excel import ExcelWriter

    moment = datetime(day.year, day.month, day.day)
    properties = workbook.properties
    properties.creator = properties.lastModifiedBy = clean(author)
    properties.title = title
    properties.created = properties.modified = moment
    buffer = io.BytesIO()
    # openpyxl's save_workbook stamps the clock into the properties: drive its writer directly instead.
    with ZipFile(buffer, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).save()
    return normalize_zip(buffer.getvalue(), day)

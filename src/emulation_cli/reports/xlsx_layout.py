"""How a workbook's sheets look on screen and on paper: table borders, rows tall enough for their wrapped
text, a title that wraps across the table, A4 print set-up at a readable size, and the signature block."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal, cast

from .model import SignerCtx

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

FONT = "Times New Roman"
FONT_SIZE = 12
MIN_PRINTED_POINTS = 10  # the smallest a font may print after the sheet is scaled to the page width
LINE_POINTS = 16  # the height of one line of 12 pt text
# A column width unit is the width of a digit of the workbook's font (Times New Roman 12: 8 px, about 2.1 mm)
# plus a few pixels of padding per column; A4 less 12.7 mm margins on each side.
MM_PER_UNIT, MM_PER_COLUMN = 2.15, 1.4
NAME_PLACEHOLDER = "……"  # the gap every document leaves for what the officer writes in (reports/placeholders.py)
PRINTABLE_MM = {"portrait": 210 - 2 * 12.7, "landscape": 297 - 2 * 12.7}


def table_width_mm(widths: Sequence[float]) -> float:
    return sum(widths) * MM_PER_UNIT + len(widths) * MM_PER_COLUMN


def orientation(widths: Sequence[float]) -> Literal["portrait", "landscape"]:
    """Portrait when the table fits its width at full size, else landscape."""
    return "portrait" if table_width_mm(widths) <= PRINTABLE_MM["portrait"] else "landscape"


def print_scale(widths: Sequence[float]) -> float:
    """The scale fitting the table to the page width in its orientation (1 when it fits unscaled)."""
    return min(1.0, PRINTABLE_MM[orientation(widths)] / table_width_mm(widths))


def print_setup(sheet: Worksheet, widths: Sequence[float], header_rows: str | None = None) -> None:
    """A4, fitted to the page width (as many pages down as needed), the orientation chosen by the table's
    width, the header rows repeated on every page."""
    from openpyxl.worksheet.properties import PageSetupProperties

    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = orientation(widths)
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    if header_rows:
        sheet.print_title_rows = header_rows


def page_height_points(widths: Sequence[float], margins_inches: float = 0.6) -> float:
    """The printable height of a page, in the sheet's own points (larger when the sheet is scaled down)."""
    height_mm = (210 if orientation(widths) == "landscape" else 297) - 2 * margins_inches * 25.4
    return height_mm / 25.4 * 72 / print_scale(widths)


def keep_chart_on_one_page(sheet: Worksheet, anchor_row: int, chart_cm: float, widths: Sequence[float]) -> None:
    """A page break before the chart's row when the chart would not fit under the rows above it on their
    page: the chart then starts a page, which it fits (it is smaller than one)."""
    from openpyxl.worksheet.pagebreak import Break

    page = page_height_points(widths)
    used = 0.0
    for row in range(1, anchor_row):
        height = sheet.row_dimensions[row].height or LINE_POINTS
        used = height if used + height > page else used + height
    if used + chart_cm / 2.54 * 72 > page:
        sheet.row_breaks.append(Break(id=anchor_row - 1))


# `cell.border = style` looks the style up in the workbook's list by its hash, which openpyxl computes anew over
# every attribute each time: most of a large workbook's time. The functions below that style every cell of a
# table register each style once and give the cells its index, as openpyxl's own sheet copy does (`_style`).


def _workbook(sheet: Worksheet) -> Any:
    return sheet.parent


def _style_ids(sheet: Worksheet, row: int, column: int) -> Any:
    """The cell's style as indexes into the workbook's lists of fonts, borders, alignments…"""
    from openpyxl.styles.cell_style import StyleArray

    cell = cast(Any, sheet.cell(row=row, column=column))
    if not cell._style:  # a cell never styled has none yet
        cell._style = StyleArray()
    return cell._style


def borders(sheet: Worksheet, first_row: int, last_row: int, columns: int) -> None:
    """Thin lines around every cell of a table."""
    from openpyxl.styles import Border, Side

    thin = Side(style="thin", color="000000")
    line = _workbook(sheet)._borders.add(Border(left=thin, right=thin, top=thin, bottom=thin))
    for row in range(first_row, last_row + 1):
        for column in range(1, columns + 1):
            _style_ids(sheet, row, column).borderId = line


def wrap(sheet: Worksheet, first_row: int, last_row: int, columns: int) -> None:
    """Long text wraps inside its column, at the top of the row (numbers too: the alignment is the row's)."""
    from openpyxl.styles import Alignment

    alignments = _workbook(sheet)._alignments
    wrapped: dict[int, int] = {}  # a cell's alignment -> the same, wrapped at the top
    for row in range(first_row, last_row + 1):
        for column in range(1, columns + 1):
            style = _style_ids(sheet, row, column)
            if style.alignmentId not in wrapped:
                horizontal = alignments[style.alignmentId].horizontal
                wrapped[style.alignmentId] = alignments.add(
                    Alignment(wrap_text=True, vertical="top", horizontal=horizontal)
                )
            style.alignmentId = wrapped[style.alignmentId]


def lines_needed(text: str, width: float) -> int:
    """How many lines `text` takes in a column `width` units wide (about one character a unit, less padding;
    a bold or capital character is wider, so the estimate leaves room)."""
    per_line = max(int(width) - 2, 1)
    return sum(-(-max(len(part), 1) // per_line) for part in text.split("\n"))


def fit_rows(sheet: Worksheet, first: int, last: int, widths: Sequence[float]) -> None:
    """Spreadsheets do not grow a row to fit wrapped text they did not lay out: give each row the height its
    longest cell needs, so no text is cut off and no header runs over the row below."""
    for row in range(first, last + 1):
        lines = 1
        for column, width in enumerate(widths, start=1):
            value = sheet.cell(row=row, column=column).value
            if isinstance(value, str) and not value.startswith("="):
                lines = max(lines, lines_needed(value, width))
        sheet.row_dimensions[row].height = LINE_POINTS * lines + 4


def title_rows(sheet: Worksheet, rows: int, widths: Sequence[float]) -> None:
    """The title block's lines span the table and wrap inside it, centred."""
    from openpyxl.styles import Alignment

    span = len(widths)
    for row in range(1, rows + 1):
        cell = sheet.cell(row=row, column=1)
        if cell.value is None:
            continue
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=span)
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        size = cell.font.sz or FONT_SIZE
        lines = lines_needed(str(cell.value), sum(widths) * FONT_SIZE / size)
        sheet.row_dimensions[row].height = (LINE_POINTS * size / FONT_SIZE) * lines + 4


def signature(sheet: Worksheet, row: int, columns: tuple[int, int], place_date: str, signer: SignerCtx) -> int:
    """The place and date (italic), then the signer as the Word documents show them: on behalf of, role,
    position, room to sign, the name in bold; each line centred across `columns`. Returns the last row."""
    from openpyxl.styles import Alignment, Font, PatternFill

    lines: list[tuple[str, bool, bool]] = [(place_date, False, True), (signer.on_behalf, True, False)]
    lines.append((signer.role, True, False))
    if signer.position:
        lines.append((signer.position, True, False))
    lines += [("", False, False)] * 3 + [(signer.name or NAME_PLACEHOLDER, True, False)]
    first, last = columns
    for offset, (text, bold, italic) in enumerate(lines):
        cell = sheet.cell(row=row + offset, column=first)
        if text:
            cell.value = text
            cell.data_type = "s"
            cell.quotePrefix = text[0] in "=+-@"
        cell.font = Font(name=FONT, size=FONT_SIZE, bold=bold, italic=italic)
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
        if text == NAME_PLACEHOLDER:  # a name still to be written in: it must not be missed before signing
            cell.fill = PatternFill("solid", fgColor="FFFF00")
        if last > first:
            sheet.merge_cells(start_row=row + offset, start_column=first, end_row=row + offset, end_column=last)
    return row + len(lines) - 1

"""A returned form's file looked at before openpyxl loads it: its size, what it unpacks to, where its workbook
is, and the ranges and cells its sheets hold. openpyxl makes a cell object for every cell of a merged range or a
hyperlink's range and for every `<c>` element, so a few bytes declaring A1:XFD1048576, or a few kilobytes of
`<c/>` repeated, would take gigabytes: a range or cell outside what a form can hold is refused unread. The
sheets checked are every part openpyxl could load as one: the workbook must be where Excel and `emul forms` put
it, and each sheet it lists and each part typed as a worksheet is read.

The XML is read with defusedxml (no entities, no DTD), streamed, from parts whose unpacked size is bounded."""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import FormRefused
from ..i18n import _
from .layout import MAX_SHEET_COLUMNS, MAX_SHEET_ROWS

MAX_FORM_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # a small zip can unpack to gigabytes: look before loading
MAX_PART_BYTES = 20 * 1024 * 1024  # one part (a sheet, the shared strings) of a form
MAX_FORM_CELLS = MAX_SHEET_ROWS * MAX_SHEET_COLUMNS  # all sheets together; a form uses a fraction of it
CONTENT_TYPES = "[Content_Types].xml"
ROOT_RELS = "_rels/.rels"
WORKBOOK = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
# The elements of a sheet whose range openpyxl expands into one object per cell (and the declared size).
RANGES = {"dimension": "ref", "mergeCell": "ref", "hyperlink": "ref"}


def check_package(path: Path) -> None:
    """Refuse a file that is not a form-sized Excel package, before anything loads it."""
    size = path.stat().st_size
    if size > MAX_FORM_BYTES:
        raise FormRefused(
            _("the file is {size} bytes; a form is at most {limit}").format(size=size, limit=MAX_FORM_BYTES)
        )
    if not zipfile.is_zipfile(path):
        raise FormRefused(_("not an Excel (.xlsx) file"))
    try:
        with zipfile.ZipFile(path) as archive:
            _check_sizes(archive)
            worksheets = _check_workbook_place(archive)
            cells = _CellCount()
            for part, sheet in _sheet_parts(archive, worksheets).items():
                _check_sheet(archive, part, sheet, cells)
    except FormRefused:
        raise
    except Exception as exc:  # a damaged zip or XML: the same refusal openpyxl's failure gets
        raise FormRefused(_("the Excel file cannot be read ({reason})").format(reason=type(exc).__name__)) from exc


def _check_sizes(archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNPACKED_BYTES:
        raise FormRefused(
            _("the file unpacks to {size} bytes; a form is at most {limit}").format(
                size=unpacked, limit=MAX_UNPACKED_BYTES
            )
        )
    for info in infos:
        if info.file_size > MAX_PART_BYTES:
            raise FormRefused(
                _("its part {part} unpacks to {size} bytes; a part of a form is at most {limit}").format(
                    part=info.filename, size=info.file_size, limit=MAX_PART_BYTES
                )
            )
    if WORKBOOK not in archive.namelist():
        raise FormRefused(_("not an Excel (.xlsx) file: save it as an Excel workbook (.xlsx) and send it again"))


def _check_workbook_place(archive: zipfile.ZipFile) -> set[str]:
    """Refuse a package whose workbook is declared anywhere but xl/workbook.xml: openpyxl takes the workbook
    from the content types, Excel from the package's relationships, and either could then load sheets this
    check never saw. Returns the parts the content types call worksheets."""
    from openpyxl.xml.constants import WORKSHEET_TYPE, XLSM, XLSX, XLTM, XLTX

    if CONTENT_TYPES not in archive.namelist():
        raise FormRefused(_("not an Excel (.xlsx) file: save it as an Excel workbook (.xlsx) and send it again"))
    declared: list[str] = []
    worksheets: set[str] = set()
    for element in _elements(archive, CONTENT_TYPES):
        if _local(element.tag) != "Override":
            continue
        content_type, part = element.get("ContentType"), str(element.get("PartName") or "")
        if content_type in (XLTM, XLTX, XLSM, XLSX):
            declared.append(part.lstrip("/"))
        elif content_type == WORKSHEET_TYPE:
            worksheets.add(part.lstrip("/"))
    if ROOT_RELS in archive.namelist():
        for element in _elements(archive, ROOT_RELS):
            if _local(element.tag) == "Relationship" and element.get("Type") == OFFICE_DOCUMENT:
                declared.append(posixpath.normpath(str(element.get("Target") or "").lstrip("/")))
    misplaced = next((part for part in declared if part != WORKBOOK), None)
    if misplaced is not None:
        raise FormRefused(
            _(
                "its workbook is declared as {part}, not {expected} where Excel and 'emul forms' put it "
                "(the file was not loaded)"
            ).format(part=misplaced[:80], expected=WORKBOOK)
        )
    return worksheets


def _sheet_parts(archive: zipfile.ZipFile, worksheets: set[str]) -> dict[str, str]:
    """Each sheet's part, to the sheet's name (the name is the part's own for a sheet the workbook does not list:
    it is checked all the same)."""
    names = set(archive.namelist())
    parts = {name: name for name in names if name.startswith("xl/worksheets/") and name.endswith(".xml")}
    parts |= {name: name for name in worksheets & names}
    if WORKBOOK_RELS not in names:
        return parts
    targets: dict[str, str] = {}
    for element in _elements(archive, WORKBOOK_RELS):
        if _local(element.tag) == "Relationship" and element.get("Id") and element.get("Target"):
            targets[str(element.get("Id"))] = _part_name(str(element.get("Target")))
    for element in _elements(archive, WORKBOOK):
        if _local(element.tag) != "sheet":
            continue
        for key, relation in element.attrib.items():  # every `id`, whatever its namespace: r:id is openpyxl's
            part = targets.get(relation) if _local(key) == "id" else None
            if part in names:
                parts[str(part)] = str(element.get("name") or part)
    return parts


def _part_name(target: str) -> str:
    """A relationship's target as the zip names it: relative to xl/, or absolute from the package's root."""
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


class _CellCount:
    """The cells of all the sheets of a file, so far."""

    def __init__(self) -> None:
        self.count = 0


def _check_sheet(archive: zipfile.ZipFile, part: str, sheet: str, cells: _CellCount) -> None:
    """Every declared range, and every row and cell where openpyxl would place it: a `<row>` or `<c>` without
    its number follows the one before, as openpyxl reads it."""
    from openpyxl.utils.cell import coordinate_to_tuple

    row = column = 0
    for element in _elements(archive, part):
        tag = _local(element.tag)
        if tag == "row":
            row, column = _row_number(element.get("r"), row), 0
            if row > MAX_SHEET_ROWS:
                raise FormRefused(
                    _(
                        "sheet '{sheet}' has a row {row}; a form has at most {rows} rows (the file was not loaded)"
                    ).format(sheet=sheet, row=row, rows=MAX_SHEET_ROWS)
                )
            continue
        if tag == "c":
            cells.count += 1
            if cells.count > MAX_FORM_CELLS:
                raise FormRefused(
                    _(
                        "sheet '{sheet}' takes the file past {count} cells; a form holds fewer "
                        "(the file was not loaded)"
                    ).format(sheet=sheet, count=MAX_FORM_CELLS)
                )
            reference = element.get("r")
            cell_row, column = coordinate_to_tuple(reference) if reference else (row, column + 1)
            if cell_row > MAX_SHEET_ROWS or column > MAX_SHEET_COLUMNS:
                raise FormRefused(
                    _(
                        "sheet '{sheet}' has a cell in row {row}, column {column}; a form has at most {rows} rows "
                        "and {columns} columns (the file was not loaded)"
                    ).format(sheet=sheet, row=cell_row, column=column, rows=MAX_SHEET_ROWS, columns=MAX_SHEET_COLUMNS)
                )
            continue
        attribute = RANGES.get(tag)
        reference = element.get(attribute) if attribute else None
        if reference is not None and not _fits(reference):
            raise FormRefused(
                _(
                    "sheet '{sheet}' declares the range {range}; a form has at most {rows} rows and {columns} "
                    "columns (the file was not loaded)"
                ).format(sheet=sheet, range=reference[:40], rows=MAX_SHEET_ROWS, columns=MAX_SHEET_COLUMNS)
            )


def _row_number(declared: str | None, previous: int) -> int:
    """A row's number as openpyxl reads it: the one declared (a whole number, maybe written as 5.0), or the
    next."""
    if declared is None:
        return previous + 1
    try:
        return int(declared)
    except ValueError:
        number = float(declared)
        if not number.is_integer():
            raise
        return int(number)


def _fits(reference: str) -> bool:
    from openpyxl.utils.cell import range_boundaries

    try:
        _first_column, _first_row, last_column, last_row = range_boundaries(reference)
    except (ValueError, TypeError):
        return False
    return (
        last_column is not None
        and last_row is not None
        and last_column <= MAX_SHEET_COLUMNS
        and last_row <= MAX_SHEET_ROWS
    )


def _elements(archive: zipfile.ZipFile, part: str) -> Iterator[Any]:
    """The part's elements as they start, streamed: each is dropped from its parent once it ends, so memory
    stays flat however many cells the part holds."""
    from defusedxml.ElementTree import iterparse

    with archive.open(part) as stream:  # zipfile stops at the part's declared size, which _check_sizes bounded
        open_elements: list[Any] = []
        for event, element in iterparse(stream, events=("start", "end")):
            if event == "start":
                open_elements.append(element)
                yield element
                continue
            open_elements.pop()
            if open_elements:
                open_elements[-1].remove(element)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]

"""A returned form's file looked at before openpyxl loads it: its size, what it unpacks to, and the ranges its
sheets declare. openpyxl makes a cell object for every cell of a merged range or a hyperlink's range, so a few
bytes declaring A1:XFD1048576 would take gigabytes: a range larger than a form can hold is refused unread.

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
WORKBOOK = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
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
            for part, sheet in _sheet_parts(archive).items():
                _check_ranges(archive, part, sheet)
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


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet's part, to the sheet's name (the name is the part's own for a sheet the workbook does not list:
    it is checked all the same)."""
    names = set(archive.namelist())
    parts = {name: name for name in names if name.startswith("xl/worksheets/") and name.endswith(".xml")}
    if WORKBOOK_RELS not in names:
        return parts
    targets: dict[str, str] = {}
    for element in _elements(archive, WORKBOOK_RELS):
        if _local(element.tag) == "Relationship" and element.get("Id") and element.get("Target"):
            targets[str(element.get("Id"))] = _part_name(str(element.get("Target")))
    for element in _elements(archive, WORKBOOK):
        if _local(element.tag) != "sheet":
            continue
        relation = next((value for key, value in element.attrib.items() if _local(key) == "id"), None)
        part = targets.get(str(relation))
        if part in names:
            parts[part] = str(element.get("name") or part)
    return parts


def _part_name(target: str) -> str:
    """A relationship's target as the zip names it: relative to xl/, or absolute from the package's root."""
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


def _check_ranges(archive: zipfile.ZipFile, part: str, sheet: str) -> None:
    for element in _elements(archive, part):
        attribute = RANGES.get(_local(element.tag))
        reference = element.get(attribute) if attribute else None
        if reference is not None and not _fits(reference):
            raise FormRefused(
                _(
                    "sheet '{sheet}' declares the range {range}; a form has at most {rows} rows and {columns} "
                    "columns (the file was not loaded)"
                ).format(sheet=sheet, range=reference[:40], rows=MAX_SHEET_ROWS, columns=MAX_SHEET_COLUMNS)
            )


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

"""A form's size: one row limit shared by `emul forms` and `emul import`, and a returned file whose sheets
declare more than a form can hold is refused before it is loaded."""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from emulation_cli.forms.layout import MAX_SHEET_ROWS, sheet_rows

from .conftest import DATA, copy_example, run_emul


def _large_cluster(tmp_path: Path, criteria: int) -> Path:
    """tests/data/base with criterion I.1 split into `criteria` hand-scored sub-criteria, and no assessments."""
    folder = tmp_path / f"large-{criteria}"
    shutil.copytree(DATA / "base", folder)
    shutil.rmtree(folder / "assessments")
    rubric = folder / "criteria" / "rubric.yaml"
    children = "".join(
        f"          - {{id: I.1.{n}, title: Việc {n}, max: 1, method: {{kind: manual}}}}\n"
        for n in range(1, criteria + 1)
    )
    text = rubric.read_text(encoding="utf-8")
    text = text.replace(
        "        max: 40\n        method: {kind: manual}\n", f"        max: {criteria}\n        criteria:\n" + children
    )
    text = text.replace("    max: 70\n", f"    max: {criteria + 30}\n", 1).replace(
        "scale: 100", f"scale: {criteria + 60}"
    )
    rubric.write_text(text, encoding="utf-8")
    return folder


def _criteria_rows(folder: Path) -> int:
    from emulation_cli.forms.layout import criterion_rows
    from emulation_cli.validation.project import load_project

    rows = criterion_rows(load_project(folder).points_rubric.model)
    return sheet_rows(rows, 0)["Tự chấm"]


def test_a_rubric_too_large_for_a_form_is_refused_before_any_form_is_written(tmp_path: Path) -> None:
    folder = _large_cluster(tmp_path, MAX_SHEET_ROWS)
    assert _criteria_rows(folder) > MAX_SHEET_ROWS
    code, stdout, stderr = run_emul(["forms", str(folder)])
    assert (code, stdout) == (1, "")
    assert f"the form of rubric rubric-thu-nghiem 1.0 would need {_criteria_rows(folder)} rows" in stderr
    assert f"a form has at most {MAX_SHEET_ROWS} rows, so no form was written" in stderr
    assert not (folder / "bieu-mau").exists()


def test_the_largest_form_emul_writes_is_imported_untouched(tmp_path: Path) -> None:
    """The limit is the writer's and the reader's: a form with its last row at the limit comes back whole."""
    from emulation_cli.forms.read import read_form
    from emulation_cli.forms.write import build_form
    from emulation_cli.validation.project import load_project

    criteria = MAX_SHEET_ROWS - _criteria_rows(_large_cluster(tmp_path, 1)) + 1
    folder = _large_cluster(tmp_path, criteria)
    assert _criteria_rows(folder) == MAX_SHEET_ROWS
    project = load_project(folder)
    period = project.period("2024")
    form = tmp_path / "so-a.xlsx"
    key = bytes(32)
    form.write_bytes(build_form(project, "2024", "so-a", None, period.end, key))
    data, problems = read_form(form, project, key)
    assert [(p.cell, p.warning) for p in problems] == [("F8", True)]  # only that nothing was entered
    assert data is not None and len(data.criteria) == criteria + 4


def _rewritten(form: Path, part: str, change: Callable[[bytes], bytes]) -> None:
    """The form's zip written again with one part changed, as a tool other than Excel could."""
    with zipfile.ZipFile(form) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts[part] = change(parts[part])
    with zipfile.ZipFile(form, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def _loads_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl was asked to load the file")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


HUGE_RANGES = [
    ("merged", b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'),
    ("dimension", b'<dimension ref="A1:[A-Z]+[0-9]+"', b'<dimension ref="A1:XFD1048576"'),
    ("whole-columns", b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A:H"/></mergeCells>'),
    ("hyperlink", b"</sheetData>", b'</sheetData><hyperlinks><hyperlink ref="A1:Z1000000" display="x"/></hyperlinks>'),
]


@pytest.mark.parametrize(("name", "old", "new"), HUGE_RANGES, ids=[h[0] for h in HUGE_RANGES])
def test_a_form_declaring_a_huge_range_is_refused_unloaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, old: bytes, new: bytes
) -> None:
    """A 13 KB file whose merged range covers the whole sheet took openpyxl past 13 GB: refused unread."""
    cluster = copy_example("cum-thi-dua-so-7-2023", tmp_path / "c7")
    code, _out, stderr = run_emul(["forms", str(cluster), "--period", "2023"])
    assert (code, stderr) == (0, "")
    form = cluster / "bieu-mau" / "2023" / "so-yte.xlsx"
    _rewritten(form, "xl/worksheets/sheet1.xml", lambda xml: re.sub(old, new, xml, count=1))
    assert form.stat().st_size < 40_000
    _loads_nothing(monkeypatch)
    code, stdout, stderr = run_emul(["import", str(cluster), str(form)])
    assert (code, stdout) == (1, "")
    declared = re.search(rb'ref="([^"]+)"', new)
    assert declared is not None
    assert stderr == (
        f"{form}: error: sheet 'Tự chấm' declares the range {declared[1].decode()}; a form has at most "
        f"{MAX_SHEET_ROWS} rows and 26 columns (the file was not loaded)\n1 of 1 form(s) not imported.\n"
    )


def test_a_part_that_unpacks_too_large_is_refused_unloaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from emulation_cli.forms import package

    cluster = copy_example("cum-thi-dua-so-7-2023", tmp_path / "c7")
    run_emul(["forms", str(cluster), "--period", "2023"])
    form = cluster / "bieu-mau" / "2023" / "so-yte.xlsx"
    monkeypatch.setattr(package, "MAX_PART_BYTES", 5_000)
    _loads_nothing(monkeypatch)
    code, _out, stderr = run_emul(["import", str(cluster), str(form)])
    assert code == 1
    assert re.fullmatch(
        rf"{re.escape(str(form))}: error: its part \S+ unpacks to \d+ bytes; a part of a form is at most 5000\n"
        r"1 of 1 form\(s\) not imported\.\n",
        stderr,
    )


def _form(tmp_path: Path) -> tuple[Path, Path]:
    cluster = copy_example("cum-thi-dua-so-7-2023", tmp_path / "c7")
    code, _out, stderr = run_emul(["forms", str(cluster), "--period", "2023"])
    assert (code, stderr) == (0, "")
    return cluster, cluster / "bieu-mau" / "2023" / "so-yte.xlsx"


def _refused_unloaded(cluster: Path, form: Path, monkeypatch: pytest.MonkeyPatch, message: str) -> None:
    _loads_nothing(monkeypatch)
    code, stdout, stderr = run_emul(["import", "--check", str(cluster), str(form)])
    assert (code, stdout) == (1, "")
    assert stderr == f"{form}: error: {message} (the file was not loaded)\n1 of 1 form(s) not imported.\n"


LIMITS = f"a form has at most {MAX_SHEET_ROWS} rows and 26 columns"
FLOODS = [  # what is put before </sheetData> of the criteria sheet (its rows end at 34) -> the message
    # 1,000 cells a row without their place: the 27th is past column Z (3,900 such rows took 4.3 GB)
    ("wide-rows", b"<row>" + b"<c/>" * 1000 + b"</row>", f"has a cell in row 35, column 27; {LIMITS}"),
    ("placed-cell", b'<row r="40"><c r="XFD40"/></row>', f"has a cell in row 40, column 16384; {LIMITS}"),
    ("placed-row", b'<row r="1048576"/>', f"has a row 1048576; a form has at most {MAX_SHEET_ROWS} rows"),
    ("row-as-float", b'<row r="6000.0"/>', f"has a row 6000; a form has at most {MAX_SHEET_ROWS} rows"),
    ("rows-without-place", b"<row/>" * MAX_SHEET_ROWS, f"has a row {MAX_SHEET_ROWS + 1}; a form has at most 5000 rows"),
    ("cell-past-the-rows", b'<row r="40"><c r="A9999"/></row>', f"has a cell in row 9999, column 1; {LIMITS}"),
    (
        "one-cell-repeated",
        b'<row r="40">' + b'<c r="A40"/>' * 130_001 + b"</row>",
        "takes the file past 130000 cells; a form holds fewer",
    ),
]


@pytest.mark.parametrize(("name", "flood", "message"), FLOODS, ids=[f[0] for f in FLOODS])
def test_a_form_whose_cells_lie_outside_a_form_is_refused_unloaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, flood: bytes, message: str
) -> None:
    """openpyxl makes an object for every <c>, wherever it lies: a 113 KB file of bare <c/> took 4.3 GB."""
    cluster, form = _form(tmp_path)
    _rewritten(form, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b"</sheetData>", flood + b"</sheetData>"))
    assert form.stat().st_size < 60_000
    _refused_unloaded(cluster, form, monkeypatch, f"sheet 'Tự chấm' {message}")


def _moved_workbook(form: Path, sheets: str) -> None:
    """The reviewer's bypass: the real workbook declared as xl/wb.xml with its sheets elsewhere, a dummy left at
    xl/workbook.xml; its first sheet merges nearly the whole grid."""
    with zipfile.ZipFile(form) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts["xl/wb.xml"] = parts["xl/workbook.xml"]
    parts["xl/_rels/wb.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(b"/xl/worksheets/", sheets.encode())
    parts["xl/_rels/workbook.xml.rels"] = (
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'
    )
    for n in (1, 2, 3):
        parts[f"{sheets.strip('/')}/sheet{n}.xml"] = parts.pop(f"xl/worksheets/sheet{n}.xml")
    huge = b'</sheetData><mergeCells count="1"><mergeCell ref="B2:XFD1048576"/></mergeCells>'
    parts[f"{sheets.strip('/')}/sheet1.xml"] = parts[f"{sheets.strip('/')}/sheet1.xml"].replace(b"</sheetData>", huge)
    parts["[Content_Types].xml"] = (
        parts["[Content_Types].xml"]
        .replace(b'"/xl/workbook.xml"', b'"/xl/wb.xml"')
        .replace(b'"/xl/worksheets/', f'"{sheets}'.encode())
    )
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(b'"xl/workbook.xml"', b'"xl/wb.xml"')
    with zipfile.ZipFile(form, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_a_form_whose_workbook_is_elsewhere_is_refused_unloaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """openpyxl takes the workbook the content types name, whatever xl/workbook.xml holds: its sheets, never looked
    at, merged B2:XFD1048576 until MemoryError."""
    cluster, form = _form(tmp_path)
    _moved_workbook(form, "/xl/big/")
    message = "its workbook is declared as xl/wb.xml, not xl/workbook.xml where Excel and 'emul forms' put it"
    _refused_unloaded(cluster, form, monkeypatch, message)


@pytest.mark.parametrize("declared_by", ["content types", "package relationships"])
def test_the_workbook_declared_in_one_place_only_is_refused_as_well(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, declared_by: str
) -> None:
    cluster, form = _form(tmp_path)
    if declared_by == "content types":
        _rewritten(form, "[Content_Types].xml", lambda xml: xml.replace(b'"/xl/workbook.xml"', b'"/xl/wb.xml"'))
    else:
        _rewritten(form, "_rels/.rels", lambda xml: xml.replace(b'"xl/workbook.xml"', b'"/xl/../xl/wb.xml"'))
    message = "its workbook is declared as xl/wb.xml, not xl/workbook.xml where Excel and 'emul forms' put it"
    _refused_unloaded(cluster, form, monkeypatch, message)


def test_every_part_typed_as_a_worksheet_is_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A sheet part outside xl/worksheets/ that the workbook does not list is checked all the same."""
    cluster, form = _form(tmp_path)
    with zipfile.ZipFile(form, "a") as archive:
        archive.writestr(
            "xl/big/s9.xml", b'<worksheet><mergeCells><mergeCell ref="B2:XFD1048576"/></mergeCells></worksheet>'
        )
    worksheet = b"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    override = b'<Override PartName="/xl/big/s9.xml" ContentType="' + worksheet + b'"/></Types>'
    _rewritten(form, "[Content_Types].xml", lambda xml: xml.replace(b"</Types>", override))
    message = f"sheet 'xl/big/s9.xml' declares the range B2:XFD1048576; {LIMITS}"
    _refused_unloaded(cluster, form, monkeypatch, message)


def test_a_sheet_listed_with_a_decoy_id_is_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """openpyxl follows the sheet's r:id: a plain `id` put before it must not send the check to another part."""
    cluster, form = _form(tmp_path)
    with zipfile.ZipFile(form) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    huge = b'</sheetData><mergeCells count="1"><mergeCell ref="B2:XFD1048576"/></mergeCells>'
    parts["xl/big/s1.xml"] = parts.pop("xl/worksheets/sheet1.xml").replace(b"</sheetData>", huge)
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"/xl/worksheets/sheet1.xml", b"/xl/big/s1.xml"
    )
    parts["[Content_Types].xml"] = re.sub(
        rb'<Override PartName="/xl/worksheets/sheet1.xml"[^>]*/>', b"", parts["[Content_Types].xml"]
    )
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b'sheetId="1"', b'id="rId2" sheetId="1"', 1)
    with zipfile.ZipFile(form, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    _refused_unloaded(cluster, form, monkeypatch, f"sheet 'Tự chấm' declares the range B2:XFD1048576; {LIMITS}")

"""The Bảng tổng hợp điểm: live formulas that give emul's totals, text that stays text, print set-up, audit."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from emulation_cli.reports.xlsx import build_workbook, rounding_formula, sheet_names
from emulation_cli.rubrics.versions import rubric_hash

from .conftest import copy_example, load_period
from .office import convert, needs_office

DAY = date(2023, 12, 15)


def _write(tmp_path: Path, folder: Path, period: str = "2023") -> tuple[Path, object]:
    builder = load_period(folder, period)
    path = tmp_path / f"bang-{period}.xlsx"
    path.write_bytes(build_workbook(builder, DAY))
    return path, builder


@pytest.fixture
def example7(tmp_path: Path) -> Path:
    return copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum7")


def test_summary_totals_are_formulas_over_the_unit_sheets(tmp_path: Path, example7: Path) -> None:
    path, _builder = _write(tmp_path, example7)
    sheet = load_workbook(path)["Tổng hợp"]
    assert [sheet.cell(5, c).value for c in (1, 2, 13, 14)] == ["Hạng", "Đơn vị", "Tổng điểm", "Xếp loại"]
    assert sheet["B6"].value == "Sở GD&ĐT"
    # Each part is shown rounded the rubric's way; the total is one rounding of the exact sum of the parts.
    assert sheet["C6"].value == "=ROUND(SUM('so-gddt'!F7:F12),2)"
    assert sheet["D6"].value == "=ROUND(SUM('so-gddt'!G7:G12),2)"
    assert sheet["K6"].value == "=ROUND(MIN(SUM('so-gddt'!G29:G30),15),2)"
    sections = "+".join(f"SUM('so-gddt'!G{a}:G{b})" for a, b in ((7, 12), (14, 16), (18, 21), (23, 27)))
    assert sheet["M6"].value == f"=ROUND({sections}+MIN(SUM('so-gddt'!G29:G30),15)-MIN(SUM('so-gddt'!G32:G33),10),2)"
    assert sheet.freeze_panes == "C6"
    assert sheet.page_setup.paperSize == 9  # A4
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.print_title_rows == "$5:$5"
    assert (sheet["B6"].font.name, sheet["B6"].font.sz, sheet["M6"].font.b) == ("Times New Roman", 12, True)


def test_rank_and_classification_are_formulas_over_the_totals(tmp_path: Path, example7: Path) -> None:
    path, _builder = _write(tmp_path, example7)
    sheet = load_workbook(path)["Tổng hợp"]
    # The total (M), then the tie-breaks the rubric declares before the vote: section I, fewer penalty points,
    # more bonus points, in key columns of a hidden sheet, a unit per row as on the summary.
    keys_sheet = load_workbook(path)["Phân định"]
    assert keys_sheet.sheet_state == "hidden"
    keys = [keys_sheet.cell(5, c).value for c in (2, 3, 4)]
    assert keys == ["Phân định: điểm phần I", "Phân định: ít điểm trừ hơn", "Phân định: nhiều điểm thưởng hơn"]
    assert keys_sheet["A7"].value == "Sở LĐTB&XH"
    assert keys_sheet["B7"].value == "=ROUND(SUM('so-ldtbxh'!G7:G12),9)"
    assert keys_sheet["C7"].value == "=-ROUND(MIN(SUM('so-ldtbxh'!G32:G33),10),9)"
    assert keys_sheet["D7"].value == "=ROUND(MIN(SUM('so-ldtbxh'!G29:G30),15),9)"
    rank = sheet["A7"].value
    key = "'Phân định'!"
    assert rank.startswith(
        f"=IF(SUMPRODUCT(($M$6:$M$11=$M7)*({key}$B$6:$B$11={key}$B7)*({key}$C$6:$C$11={key}$C7)"
        f"*({key}$D$6:$D$11={key}$D7))>1,"
    )
    assert f"($M$6:$M$11>$M7)+($M$6:$M$11=$M7)*({key}$B$6:$B$11>{key}$B7)" in rank
    assert not sheet.protection.sheet  # nothing in it is a value that an edit could leave stale
    # The band from the total M7 and, per band, the check of its floors on the unit's own sheet.
    band = sheet["N7"].value
    assert band.startswith('=IF(M7>=90,IF(\'so-ldtbxh\'!G36="Đạt","Hoàn thành xuất sắc nhiệm vụ",')
    unit = load_workbook(path)["so-ldtbxh"]
    assert unit["B36"].value == "Đạt các ngưỡng của mức «Hoàn thành xuất sắc nhiệm vụ»"
    assert unit["G36"].value.startswith("=IF(AND(OR(SUM(C7)=0,ROUND(SUM(G7)*20,9)>=17*SUM(C7)),")


def test_a_rank_the_vote_decided_is_a_value_on_a_locked_sheet(tmp_path: Path, example7: Path) -> None:
    """Two units with equal totals, section I points, penalty and bonus: only the vote separates them, which no
    formula computes: the ranks are emul's values, the sheets locked, and a note says so."""
    from emulation_cli.reports.xlsx import VALUES_NOTE

    builder = load_period(example7, "2023")
    ranked = list(builder.data.ranked)  # type: ignore[attr-defined]
    first = ranked[0]
    step = type(first.separated_from_next)(4, None, 1, 0)
    ranked[0] = type(first)(first.standing, first.rank, False, step)
    object.__setattr__(builder.data.ranking, "ranked", tuple(ranked))  # type: ignore[attr-defined]
    path = tmp_path / "vote.xlsx"
    path.write_bytes(build_workbook(builder, DAY))
    workbook = load_workbook(path)
    sheet = workbook["Tổng hợp"]
    assert sheet["A6"].value == 1 and sheet["A4"].value == VALUES_NOTE
    assert sheet.protection.sheet and sheet.protection.password is None
    assert workbook["so-gddt"].protection.sheet and workbook["so-gddt"]["A4"].value == VALUES_NOTE


def test_unit_sheet_lists_every_criterion_with_inputs_and_evidence(tmp_path: Path, example7: Path) -> None:
    path, _builder = _write(tmp_path, example7)
    sheet = load_workbook(path)["so-yte"]
    rows = {sheet.cell(r, 1).value: r for r in range(6, sheet.max_row + 1)}
    row = rows["I.2"]
    assert sheet.cell(row, 3).value == 10
    assert sheet.cell(row, 4).value == "Tỉ lệ so với mục tiêu"
    assert sheet.cell(row, 5).value.startswith("thực tế: ")
    assert sheet.cell(row, 8).value  # evidence


def test_audit_sheet_records_rubric_inputs_and_tool(tmp_path: Path, example7: Path) -> None:
    from emulation_cli import __version__

    path, builder = _write(tmp_path, example7)
    values = {r[0]: r[1] for r in load_workbook(path)["Kiểm tra"].iter_rows(min_row=3, values_only=True)}
    assert values["Bộ tiêu chí"] == "khoi-so-nganh-ha-noi"
    assert values["Phiên bản bộ tiêu chí"] == "2023.1"
    assert values["Mã băm nội dung bộ tiêu chí (SHA-256)"] == rubric_hash(builder.rubric)  # type: ignore[attr-defined]
    assert len(values["Mã băm các tệp đầu vào (SHA-256)"]) == 64
    assert values["Công cụ"] == f"emul {__version__}"


def test_the_same_inputs_give_the_same_bytes(tmp_path: Path, example7: Path) -> None:
    builder = load_period(example7, "2023")
    assert build_workbook(builder, DAY) == build_workbook(load_period(example7, "2023"), DAY)


def test_inputs_hash_follows_the_files(tmp_path: Path, example7: Path) -> None:
    path, _ = _write(tmp_path, example7)
    before = load_workbook(path)["Kiểm tra"]["B10"].value
    assessment = example7 / "assessments" / "2023" / "so-yte.yaml"
    assessment.write_text(assessment.read_text(encoding="utf-8") + "\n# một dòng chú thích\n", encoding="utf-8")
    path, _ = _write(tmp_path, example7)
    assert load_workbook(path)["Kiểm tra"]["B10"].value != before


def _rename_unit(folder: Path, unit: str, name: str) -> None:
    units = folder / "units.yaml"
    text = units.read_text(encoding="utf-8")
    marker = f"- id: {unit}\n"
    start = text.index(marker)
    line_start = text.index("short_name:", start)
    line_end = text.index("\n", line_start)
    units.write_text(text[:line_start] + f"short_name: '{name}'" + text[line_end:], encoding="utf-8")


def test_a_name_starting_with_equals_stays_text(tmp_path: Path, example7: Path) -> None:
    _rename_unit(example7, "so-yte", '=HYPERLINK("http://x","y")')
    path, _ = _write(tmp_path, example7)
    sheet = load_workbook(path)["Tổng hợp"]
    cell = next(c for c in sheet["B"] if c.value and str(c.value).startswith("=HYP"))
    assert cell.data_type == "s"
    assert cell.quotePrefix is True


def test_sheet_names_are_valid_and_unique() -> None:
    long = "a" * 40
    names = sheet_names([long, long + "b", "x"])
    assert names == {long: "a" * 31, long + "b": "a" * 29 + "~2", "x": "x"}


@pytest.mark.parametrize(
    ("mode", "formula"),
    [
        ("half_up", "ROUND(A1,2)"),
        ("down", "ROUNDDOWN(A1,2)"),
        (
            "half_even",
            "SIGN(A1)*IF(MOD(ROUND(ABS(A1)*10^2,6),2)=0.5,ROUNDDOWN(ABS(A1),2),ROUND(ABS(A1),2))",
        ),
    ],
)
def test_rounding_formula_follows_the_rubric(mode: str, formula: str) -> None:
    assert rounding_formula("A1", mode, 2) == formula


def _recalculated(tmp_path: Path, workbook: Path, column: str = "Tổng điểm") -> dict[str, str]:
    """LibreOffice opens the workbook (whose formulas carry no cached values), computes, and saves the summary."""
    converted = convert(workbook, "csv:Text - txt - csv (StarCalc):44,34,76,1", tmp_path / "lo")
    rows = list(csv.reader(converted.read_text(encoding="utf-8").splitlines()))
    header = rows[4]
    found = header.index(column)
    return {row[1]: row[found] for row in rows[5:] if row and row[1] and row[0]}


def _recalculated_totals(tmp_path: Path, workbook: Path) -> dict[str, str]:
    return _recalculated(tmp_path, workbook)


@needs_office
@pytest.mark.parametrize(
    ("example", "period"),
    [("cum-thi-dua-so-7-2023", "2023"), ("khoi-thi-dua-so-5-2023", "2023"), ("cum-thi-dua-so-7-2025", "2025")],
)
def test_libreoffice_computes_emuls_ranks_and_bands_and_an_edit_moves_them(
    tmp_path: Path, example: str, period: str
) -> None:
    folder = copy_example(example, tmp_path / "cum")
    path, builder = _write(tmp_path, folder, period)
    results = {builder.result(s.unit.id).unit.short_name: builder.result(s.unit.id) for s in builder.data.scores.units}  # type: ignore[attr-defined]
    assert _recalculated(tmp_path / "a", path, "Hạng") == {name: r.rank for name, r in results.items()}
    assert _recalculated(tmp_path / "b", path, "Xếp loại") == {name: r.classification for name, r in results.items()}
    # An edited score cannot leave a stale rank: the last unit's total typed over with 100 puts it first.
    workbook = load_workbook(path)
    sheet = workbook["Tổng hợp"]
    last = sheet.max_row
    last = max(r for r in range(6, sheet.max_row + 1) if str(sheet.cell(r, 1).value or "").startswith("=IF"))
    total = next(c for c in range(1, sheet.max_column + 1) if sheet.cell(5, c).value == "Tổng điểm")
    sheet.cell(last, total).value = 100
    edited = tmp_path / "edited.xlsx"
    workbook.save(edited)
    ranks = _recalculated(tmp_path / "c", edited, "Hạng")
    assert ranks[sheet.cell(last, 2).value] == "1"
    assert sorted(ranks.values(), key=int) == [str(n) for n in range(1, len(ranks) + 1)]


@needs_office
@pytest.mark.parametrize("example", ["cum-thi-dua-so-7-2023", "khoi-thi-dua-so-5-2023"])
@pytest.mark.parametrize("mode", ["half_up", "down", "half_even"])
def test_libreoffice_recalculates_emuls_totals(tmp_path: Path, example: str, mode: str) -> None:
    folder = copy_example(example, tmp_path / "cum")
    rubric = next((folder / "criteria").glob("*.yaml"))
    text = rubric.read_text(encoding="utf-8")
    rubric.write_text(text.replace("mode: half_up", f"mode: {mode}"), encoding="utf-8")
    path, builder = _write(tmp_path, folder)
    expected = {s.unit.short_name: format(s.total, "f") for s in builder.data.scores.units}  # type: ignore[attr-defined]
    assert _recalculated_totals(tmp_path, path) == expected

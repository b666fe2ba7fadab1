"""`emul forms` and `emul import`: the round trip equals writing the YAML by hand, and a gallery of tampered
forms, each refused with its exact messages."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from .conftest import copy_example, run_emul

UNIT = "so-yte"


@pytest.fixture
def cluster(tmp_path: Path) -> Path:
    return copy_example("cum-thi-dua-so-7-2023", tmp_path / "c7")


def _forms(cluster: Path, period: str = "2023") -> Path:
    code, _, stderr = run_emul(["forms", str(cluster), "--period", period])
    assert (code, stderr) == (0, "")
    return cluster / "bieu-mau" / period


def _row(sheet: Any, code: str) -> int:
    return next(r for r in range(8, sheet.max_row + 1) if sheet.cell(r, 1).value == code)


def test_a_form_protects_all_but_its_inputs_and_validates_every_input(cluster: Path) -> None:
    workbook = load_workbook(_forms(cluster) / f"{UNIT}.xlsx")
    assert workbook.sheetnames == ["Tự chấm", "Cam kết", "emul"]
    assert workbook.security.lockStructure
    identity = {row[0]: row[1] for row in workbook["emul"].iter_rows(values_only=True)}
    assert workbook["emul"].sheet_state == "veryHidden"
    assert (identity["unit"], identity["period"], identity["rubric"], identity["rubric_version"]) == (
        UNIT,
        "2023",
        "khoi-so-nganh-ha-noi",
        "2023.1",
    )
    assert len(identity["rubric_hash"]) == 64
    for sheet in (workbook["Tự chấm"], workbook["Cam kết"]):
        assert sheet.protection.sheet
        unlocked = {c.coordinate for row in sheet.iter_rows() for c in row if c.protection.locked is False}
        validated = {str(cell) for dv in sheet.data_validations.dataValidation for cell in dv.sqref.ranges}
        assert unlocked and unlocked == validated
    sheet = workbook["Tự chấm"]
    manual, computed = _row(sheet, "I.3.a"), _row(sheet, "I.2")
    assert {f"F{manual}", f"H{manual}", f"G{computed}", f"H{computed}"} <= unlocked_cells(sheet)
    assert f"G{manual}" not in unlocked_cells(sheet) and f"F{computed}" not in unlocked_cells(sheet)
    assert sheet.cell(manual, 6).value == 11.5  # prefilled from the current assessment


def test_the_written_validations_are_the_limits_the_reader_enforces(cluster: Path) -> None:
    from emulation_cli.forms.layout import FIGURE_RANGE, MAX_COUNT, MAX_EVIDENCE_CHARS

    sheet = load_workbook(_forms(cluster) / f"{UNIT}.xlsx")["Tự chấm"]
    bounds = {(dv.type, dv.formula1, dv.formula2) for dv in sheet.data_validations.dataValidation}
    assert ("whole", "0", str(MAX_COUNT)) in bounds
    assert ("decimal", str(1 - FIGURE_RANGE), str(FIGURE_RANGE - 1)) in bounds
    assert ("textLength", str(MAX_EVIDENCE_CHARS), None) in bounds


def unlocked_cells(sheet: Any) -> set[str]:
    return {c.coordinate for row in sheet.iter_rows() for c in row if c.protection.locked is False}


def test_importing_the_forms_unchanged_leaves_every_file_as_it_was(cluster: Path) -> None:
    folder = _forms(cluster)
    before = {p.name: p.read_bytes() for p in (cluster / "assessments" / "2023").iterdir()}
    code, stdout, stderr = run_emul(["import", str(cluster), *map(str, sorted(folder.glob("*.xlsx")))])
    assert (code, stderr) == (0, "")
    assert "Sở Y tế, period 2023: total 93.46, self-scored total 94.46\n" in stdout
    assert {p.name: p.read_bytes() for p in (cluster / "assessments" / "2023").iterdir()} == before


def _fill(path: Path) -> dict[str, Any]:
    """Fill a blank form as a unit would; return the same figures as YAML entries."""
    workbook = load_workbook(path)
    sheet = workbook["Tự chấm"]
    entries: dict[str, Any] = {}
    for row in range(8, sheet.max_row + 1):
        code, maximum, needs = sheet.cell(row, 1).value, sheet.cell(row, 3).value, sheet.cell(row, 5).value
        if code is None or maximum is None:
            continue
        if not needs:
            sheet.cell(row, 6).value = round(maximum * 0.8, 2)
            entries[code] = {"self": round(maximum * 0.8, 2), "evidence": [f"Minh chứng {code}"]}
        elif needs.startswith("Đã thực hiện"):
            sheet.cell(row, 7).value = "Có"
            entries[code] = {"facts": {"done": True}, "evidence": [f"Minh chứng {code}"]}
        elif needs.startswith("Số lần"):
            sheet.cell(row, 7).value = 1
            entries[code] = {"facts": {"count": 1}, "evidence": [f"Minh chứng {code}"]}
        elif needs.startswith("Khen thưởng"):  # the award's name, which import maps back to its code
            sheet.cell(row, 7).value = "Cờ thi đua cấp bộ, ngành, tỉnh, thành phố"
            entries[code] = {"facts": {"award": "co-thi-dua-tinh"}, "evidence": [f"Minh chứng {code}"]}
        else:
            sheet.cell(row, 7).value = 96.5
            entries[code] = {"facts": {"actual": 96.5}, "evidence": [f"Minh chứng {code}"]}
        sheet.cell(row, 8).value = f"Minh chứng {code}"
    commitments = workbook["Cam kết"]
    results: dict[str, Any] = {}
    for row in range(8, commitments.max_row + 1):
        code = commitments.cell(row, 1).value
        if code is None:
            continue
        if commitments.cell(row, 4).value.startswith("Nhập "):
            commitments.cell(row, 5).value = 3
            results[code] = {"actual": 3}
        else:
            commitments.cell(row, 5).value = "Không"
            results[code] = {"done": False}
    workbook.save(path)
    return {"criteria": entries, "commitments": results}


def test_round_trip_equals_scoring_the_same_figures_written_in_yaml(cluster: Path, tmp_path: Path) -> None:
    (cluster / "assessments" / "2023" / f"{UNIT}.yaml").unlink()
    by_hand = copy_example("cum-thi-dua-so-7-2023", tmp_path / "by-hand")
    form = _forms(cluster) / f"{UNIT}.xlsx"
    figures = _fill(form)
    assert run_emul(["import", str(cluster), str(form)])[0] == 0
    written = {"unit": UNIT, "period": "2023", **figures}
    (by_hand / "assessments" / "2023" / f"{UNIT}.yaml").write_text(json.dumps(written, ensure_ascii=False))
    scored = [json.loads(run_emul(["score", str(c), "--format", "json"])[1]) for c in (cluster, by_hand)]
    assert scored[0]["units"] == scored[1]["units"]
    yte = next(u for u in scored[0]["units"] if u["unit"]["id"] == UNIT)
    assert yte["total"] != "93.46"  # the figures changed the score: the comparison is not vacuous


def test_check_reports_without_writing(cluster: Path) -> None:
    form = _forms(cluster) / f"{UNIT}.xlsx"
    workbook = load_workbook(form)
    workbook["Tự chấm"].cell(_row(workbook["Tự chấm"], "I.3.a"), 6).value = 12
    workbook.save(form)
    target = cluster / "assessments" / "2023" / f"{UNIT}.yaml"
    before = target.read_bytes()
    code, stdout, _ = run_emul(["import", str(cluster), str(form), "--check"])
    assert code == 0
    assert stdout == f"{form}: would update assessments/2023/{UNIT}.yaml\n"
    assert target.read_bytes() == before


Tamper = Callable[[Any], str]


def _cell(name: str, code: str, column: int, value: object) -> Tamper:
    def tamper(workbook: Any) -> str:
        sheet = workbook["Tự chấm"]
        row = _row(sheet, code)
        sheet.cell(row, column).value = value
        return str(row)

    tamper.__name__ = name
    return tamper


def _identity(key: str, value: str) -> Tamper:
    def tamper(workbook: Any) -> str:
        sheet = workbook["emul"]
        row = next(r for r in range(1, 20) if sheet.cell(r, 1).value == key)
        sheet.cell(row, 2).value = value
        return ""

    return tamper


def _remove_row(code: str) -> Tamper:
    def tamper(workbook: Any) -> str:
        sheet = workbook["Tự chấm"]
        sheet.delete_rows(_row(sheet, code))
        return ""

    return tamper


def _add_row(workbook: Any) -> str:
    sheet = workbook["Tự chấm"]
    row = _row(sheet, "I.4") + 1
    sheet.insert_rows(row)
    sheet.cell(row, 1).value = "I.9"
    sheet.cell(row, 2).value = "Tiêu chí tự thêm"
    sheet.cell(row, 6).value = 5
    return str(row)


def _no_evidence(workbook: Any) -> str:
    sheet = workbook["Tự chấm"]
    row = _row(sheet, "I.3.a")
    sheet.cell(row, 8).value = None
    return str(row)


GALLERY: list[tuple[str, Tamper, list[str]]] = [
    (
        "text-in-number",
        _cell("text", "I.3.a", 6, "mười một"),
        ["Tự chấm!F{r}: error: text in a number cell: 'mười một'"],
    ),
    ("above-max", _cell("above", "I.3.a", 6, 13), ["Tự chấm!F{r}: error: 13 is outside 0 to 12"]),
    ("below-zero", _cell("below", "I.4", 6, -1), ["Tự chấm!F{r}: error: -1 is outside 0 to 7"]),
    (
        "formula",
        _cell("formula", "I.4", 6, "=7*1"),
        ["Tự chấm!F{r}: error: a formula is not accepted here; type the number"],
    ),
    (
        "count-not-whole",
        _cell("count", "IV.2", 7, 1.5),
        ["Tự chấm!G{r}: error: a count is a whole number, 0 or more: 1.5"],
    ),
    ("done-not-yes-no", _cell("done", "IV.4", 7, "Rồi"), ["Tự chấm!G{r}: error: choose Có or Không, found: Rồi"]),
    (
        "award-unknown",
        _cell("award", "TH.1", 7, "huan-chuong"),
        [
            "Tự chấm!G{r}: error: 'huan-chuong' is not one of: "
            "Cờ thi đua cấp bộ, ngành, tỉnh, thành phố; Cờ thi đua của Chính phủ"
        ],
    ),
    (
        "self-on-computed",
        _cell("self", "I.2", 6, 10),
        ["Tự chấm!F{r}: error: this criterion is computed from its figure (column G); leave the self score empty"],
    ),
    ("missing-evidence", _no_evidence, ["Tự chấm!H{r}: error: evidence is required for 'I.3.a'"]),
    (
        "protected-changed",
        _cell("title", "I.4", 3, 70),
        ["Tự chấm!C{r}: error: a protected cell was changed: '70' instead of '7'"],
    ),
    ("row-removed", _remove_row("I.4"), ["Tự chấm!A8: error: the row of 'I.4' was removed"]),
    ("row-added", _add_row, ["Tự chấm!A{r}: error: a row was added ('I.9'); rows must not be added"]),
    ("not-a-number", _cell("nan", "I.1", 7, "NaN"), ["Tự chấm!G{r}: error: text in a number cell: 'NaN'"]),
    (
        "exponent",
        _cell("exp", "I.1", 7, "1e3000000000"),
        ["Tự chấm!G{r}: error: text in a number cell: '1e3000000000'"],
    ),
    (
        "grouped-digits",
        _cell("grouped", "I.1", 7, "1.500.000"),
        ["Tự chấm!G{r}: error: text in a number cell: '1.500.000'"],
    ),
    ("huge", _cell("huge", "I.1", 7, 1e15), ["Tự chấm!G{r}: error: 1000000000000000 is out of range"]),
    # The bound the form's own validation declares (a pasted value bypasses it): the reader refuses it too.
    ("at-the-bound", _cell("bound", "I.1", 7, 10**9), ["Tự chấm!G{r}: error: 1000000000 is out of range"]),
    (
        "count-too-large",
        _cell("many", "IV.2", 7, 2_000_000),
        ["Tự chấm!G{r}: error: a count is a whole number, 0 or more: 2000000"],
    ),
    (
        "evidence-too-long",
        _cell("long", "I.4", 8, "x" * 4001),
        [
            "Tự chấm!H{r}: error: at most 4000 characters of evidence",
            "Tự chấm!H{r}: error: evidence is required for 'I.4'",
        ],
    ),
]

REFUSED: list[tuple[str, Tamper, str]] = [
    (
        "other-cluster",
        _identity("cluster", "cum-thi-dua-so-9"),
        "the form belongs to cluster 'cum-thi-dua-so-9', not 'cum-thi-dua-so-7'",
    ),
]


def _tampered(cluster: Path, tamper: Tamper) -> tuple[Path, str]:
    form = _forms(cluster) / f"{UNIT}.xlsx"
    workbook = load_workbook(form)
    row = tamper(workbook)
    workbook.save(form)
    return form, row


@pytest.mark.parametrize(("name", "tamper", "expected"), GALLERY, ids=[g[0] for g in GALLERY])
def test_a_tampered_form_is_refused_with_its_cells(
    cluster: Path, name: str, tamper: Tamper, expected: list[str]
) -> None:
    form, row = _tampered(cluster, tamper)
    target = cluster / "assessments" / "2023" / f"{UNIT}.yaml"
    before = target.read_bytes()
    code, stdout, stderr = run_emul(["import", str(cluster), str(form)])
    assert (code, stdout) == (1, "")
    lines = [f"{form}: " + line.format(r=row) for line in expected]
    assert stderr == "\n".join(lines) + "\n1 of 1 form(s) not imported.\n"
    assert target.read_bytes() == before


@pytest.mark.parametrize(("name", "tamper", "message"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_form_for_something_else_is_refused(cluster: Path, name: str, tamper: Tamper, message: str) -> None:
    form, _ = _tampered(cluster, tamper)
    code, stdout, stderr = run_emul(["import", str(cluster), str(form)])
    assert (code, stdout) == (1, "")
    assert stderr == f"{form}: error: {message}\n1 of 1 form(s) not imported.\n"


def test_files_that_are_not_forms(cluster: Path, tmp_path: Path) -> None:
    _forms(cluster)  # the folder has its key
    text = tmp_path / "notes.xlsx"
    text.write_text("không phải Excel", encoding="utf-8")
    other = tmp_path / "other.xlsx"
    from openpyxl import Workbook

    Workbook().save(other)
    code, _, stderr = run_emul(["import", str(cluster), str(text), str(other)])
    assert code == 1
    assert stderr == (
        f"{text}: error: not an Excel (.xlsx) file\n"
        f"{other}: error: not a form written by 'emul forms' (its identification sheet is missing)\n"
        "2 of 2 form(s) not imported.\n"
    )


def test_two_forms_for_the_same_unit_in_one_run(cluster: Path, tmp_path: Path) -> None:
    form = _forms(cluster) / f"{UNIT}.xlsx"
    copy = tmp_path / "copy.xlsx"
    copy.write_bytes(form.read_bytes())
    code, _, stderr = run_emul(["import", str(cluster), str(form), str(copy)])
    assert code == 1
    assert stderr == (
        f"{copy}: error: a second form for {UNIT}, period 2023 (the first is {form})\n1 of 2 form(s) not imported.\n"
    )


def test_a_new_assessment_file_is_created_with_a_header(cluster: Path) -> None:
    target = cluster / "assessments" / "2023" / f"{UNIT}.yaml"
    target.unlink()
    form = _forms(cluster) / f"{UNIT}.xlsx"
    workbook = load_workbook(form)
    sheet = workbook["Tự chấm"]
    sheet.cell(_row(sheet, "I.3.a"), 6).value = 10.5
    sheet.cell(_row(sheet, "I.3.a"), 8).value = "Báo cáo 1\nBáo cáo 2"
    workbook.save(form)
    assert run_emul(["import", str(cluster), str(form)])[0] == 0
    assert target.read_text(encoding="utf-8") == (
        "# Tự chấm điểm của so-yte, kỳ 2023: nhập từ phiếu Excel bằng emul import.\n"
        "unit: so-yte\n"
        'period: "2023"\n'
        "criteria:\n"
        "  I.3.a:\n"
        "    self: 10.5\n"
        "    evidence:\n"
        "      - Báo cáo 1\n"
        "      - Báo cáo 2\n"
    )
    assert run_emul(["validate", str(cluster)])[0] == 0


def test_a_changed_value_changes_only_its_line(cluster: Path) -> None:
    target = cluster / "assessments" / "2023" / f"{UNIT}.yaml"
    before = target.read_text(encoding="utf-8").splitlines()
    form = _forms(cluster) / f"{UNIT}.xlsx"
    workbook = load_workbook(form)
    sheet = workbook["Tự chấm"]
    sheet.cell(_row(sheet, "I.3.a"), 6).value = 12
    workbook.save(form)
    assert run_emul(["import", str(cluster), str(form)])[0] == 0
    after = target.read_text(encoding="utf-8").splitlines()
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    assert changed == [("    self: 11.5", "    self: 12")]


def test_a_file_too_large_for_a_form_is_refused(cluster: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from emulation_cli.forms import package

    form = _forms(cluster) / f"{UNIT}.xlsx"
    monkeypatch.setattr(package, "MAX_FORM_BYTES", 1000)
    code, _, stderr = run_emul(["import", str(cluster), str(form)])
    size = form.stat().st_size
    assert code == 1
    assert stderr == f"{form}: error: the file is {size} bytes; a form is at most 1000\n1 of 1 form(s) not imported.\n"


def test_macros_and_external_links_are_not_loaded(cluster: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl

    from emulation_cli.forms import read

    seen: dict[str, object] = {}
    original = openpyxl.load_workbook

    def spy(*args: object, **kwargs: object) -> object:
        seen.update(kwargs)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(openpyxl, "load_workbook", spy)
    form = _forms(cluster) / f"{UNIT}.xlsx"
    from emulation_cli.forms.seal import key_for_import
    from emulation_cli.validation.project import load_project

    read.read_form(form, load_project(cluster), key_for_import(cluster))
    assert (seen["keep_vba"], seen["keep_links"], seen["data_only"]) == (False, False, False)
    assert openpyxl.DEFUSEDXML is True


def test_a_file_that_unpacks_too_large_is_refused(cluster: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from emulation_cli.forms import package

    form = _forms(cluster) / f"{UNIT}.xlsx"
    monkeypatch.setattr(package, "MAX_UNPACKED_BYTES", 10_000)
    code, _, stderr = run_emul(["import", str(cluster), str(form)])
    assert code == 1
    assert stderr.startswith(f"{form}: error: the file unpacks to ")
    assert stderr.endswith(" bytes; a form is at most 10000\n1 of 1 form(s) not imported.\n")


def test_a_form_made_before_the_covenant_changed_is_refused_as_such(cluster: Path) -> None:
    form = _forms(cluster) / f"{UNIT}.xlsx"
    covenant = cluster / "covenant.yaml"
    text = covenant.read_text(encoding="utf-8")
    covenant.write_text(text.replace("target: 3\n", "target: 4\n", 1), encoding="utf-8")
    assert text != covenant.read_text(encoding="utf-8")
    code, _, stderr = run_emul(["import", str(cluster), str(form)])
    assert code == 1
    assert stderr == (
        f"{form}: error: the covenant changed since this form was made; send the unit a new form ('emul forms')\n"
        "1 of 1 form(s) not imported.\n"
    )


def test_what_the_form_does_not_ask_for_is_kept(cluster: Path) -> None:
    """A commitment with a target asks for its result; a `done: true` the officer recorded stays."""
    target = cluster / "assessments" / "2023" / f"{UNIT}.yaml"
    text = target.read_text(encoding="utf-8")
    text = text.replace("  CHUNG.1:\n", "  CHUNG.1:\n    done: true\n", 1)
    target.write_text(text, encoding="utf-8")
    form = _forms(cluster) / f"{UNIT}.xlsx"
    code, stdout, _ = run_emul(["import", str(cluster), str(form)])
    assert code == 0
    assert stdout.splitlines()[0] == f"{form}: no change to assessments/2023/{UNIT}.yaml"
    assert target.read_text(encoding="utf-8") == text


def test_a_folder_of_forms_stands_for_its_files(cluster: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _forms(cluster)
    monkeypatch.chdir(cluster)
    code, stdout, stderr = run_emul(["import", "bieu-mau/2023", "--check"])
    assert (code, stderr) == (0, "")
    assert len(stdout.splitlines()) == 6
    assert stdout.splitlines()[0] == "bieu-mau/2023/so-gddt.xlsx: no change to assessments/2023/so-gddt.yaml"
    assert folder.is_dir()


# ----- names, prompts, fonts, borders and who filled the form in -------------------------------------------
def test_award_choices_show_names_and_commitments_say_what_to_enter(cluster: Path) -> None:
    workbook = load_workbook(_forms(cluster) / f"{UNIT}.xlsx")
    sheet = workbook["Tự chấm"]
    row = _row(sheet, "TH.1")
    assert sheet.cell(row, 5).value == "Khen thưởng đã nhận (chọn trong danh sách)"
    (check,) = [dv for dv in sheet.data_validations.dataValidation if f"G{row}" in str(dv.sqref)]
    assert check.type == "list" and check.formula1.startswith("emul!$D$")
    first, last = (int(part.split("$")[-1]) for part in check.formula1.split(":"))
    listed = [workbook["emul"].cell(r, 4).value for r in range(first, last + 1)]
    assert listed == ["Cờ thi đua cấp bộ, ngành, tỉnh, thành phố", "Cờ thi đua của Chính phủ"]
    prompts = [c.value for c in workbook["Cam kết"]["D"][7:] if c.value]
    assert "Nhập số bài dự thi gửi Thành phố (chỉ tiêu ≥ 3 bài)" in prompts
    assert "Nhập tỷ lệ chỉ tiêu, nhiệm vụ được giao đã hoàn thành (chỉ tiêu ≥ 100 %)" in prompts


def test_an_unknown_award_name_is_refused_at_its_cell(cluster: Path) -> None:
    form = _forms(cluster) / f"{UNIT}.xlsx"
    workbook = load_workbook(form)
    sheet = workbook["Tự chấm"]
    row = _row(sheet, "TH.1")
    sheet.cell(row, 7).value = "Cờ thi đua của Bộ"
    workbook.save(form)
    code, _out, stderr = run_emul(["import", str(cluster), str(form)])
    assert code == 1
    assert f"Tự chấm!G{row}: error: 'Cờ thi đua của Bộ' is not one of: Cờ thi đua cấp bộ" in stderr


def test_a_form_is_times_new_roman_with_bordered_tables(cluster: Path) -> None:
    workbook = load_workbook(_forms(cluster) / f"{UNIT}.xlsx")
    for sheet in (workbook["Tự chấm"], workbook["Cam kết"]):
        fonts = {c.font.name for row in sheet.iter_rows() for c in row if c.value is not None}
        assert fonts == {"Times New Roman"}
        assert min(c.font.sz for row in sheet.iter_rows() for c in row if c.value is not None) >= 12
        last = max(r for r in range(8, sheet.max_row + 1) if sheet.cell(r, 1).value)
        for row in range(7, last + 1):
            for column in range(1, 7):
                assert sheet.cell(row, column).border.left.style == "thin", (sheet.title, row, column)


def _fill_prepared(form: Path, name: object, title: object, day: object) -> int:
    workbook = load_workbook(form)
    sheet = workbook["Tự chấm"]
    row = next(r for r in range(8, sheet.max_row + 1) if sheet.cell(r, 2).value == "Người lập phiếu (họ và tên):")
    for offset, value in enumerate((name, title, day)):
        sheet.cell(row + offset, 4).value = value
    workbook.save(form)
    return row


def test_who_filled_the_form_in_is_imported_into_the_assessment(cluster: Path) -> None:
    from datetime import datetime

    from emulation_cli.validation.project import load_project

    form = _forms(cluster) / f"{UNIT}.xlsx"
    _fill(form)
    _fill_prepared(form, "Nguyễn Thị Lan", "Chánh Văn phòng Sở", datetime(2023, 12, 5))
    assert run_emul(["import", str(cluster), str(form)])[0] == 0
    prepared = load_project(cluster).assessments_for("2023")[UNIT].model.prepared
    assert prepared is not None
    assert (prepared.by, prepared.title, prepared.date.isoformat()) == (
        "Nguyễn Thị Lan",
        "Chánh Văn phòng Sở",
        "2023-12-05",
    )
    # The next form is prefilled with it, and the score sheet shows it.
    form.unlink()
    again = load_workbook(_forms(cluster) / f"{UNIT}.xlsx")["Tự chấm"]
    row = next(r for r in range(8, again.max_row + 1) if again.cell(r, 2).value == "Người lập phiếu (họ và tên):")
    assert again.cell(row, 4).value == "Nguyễn Thị Lan"
    code, _out, _err = run_emul(["report", str(cluster), "--period", "2023", "--out", str(cluster / "out")])
    assert code == 0
    sheet = load_workbook(cluster / "out" / "bang-tong-hop-diem.xlsx")[UNIT]
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Người lập phiếu tự đánh giá: Nguyễn Thị Lan, Chánh Văn phòng Sở; ngày 05 tháng 12 năm 2023" in texts


@pytest.mark.parametrize(
    ("name", "day", "message"),
    [
        (None, "05/12/2023", "D{r}: error: who filled the form in: give the name as well"),
        ("Nguyễn Thị Lan", None, "D{d}: error: who filled the form in: give the date as well"),
        ("Nguyễn Thị Lan", "5 tháng 12", "D{d}: error: not a date (day/month/year): '5 tháng 12'"),
    ],
)
def test_a_half_filled_signature_line_is_refused_at_its_cell(
    cluster: Path, name: object, day: object, message: str
) -> None:
    form = _forms(cluster) / f"{UNIT}.xlsx"
    row = _fill_prepared(form, name, "Chánh Văn phòng", day)
    code, _out, stderr = run_emul(["import", str(cluster), str(form)])
    assert code == 1
    assert "Tự chấm!" + message.format(r=row, d=row + 2) in stderr


@pytest.mark.parametrize("schema", ["emul.form/1", "emul.form/2"])
def test_a_form_made_before_forms_were_sealed_is_refused(cluster: Path, schema: str) -> None:
    """Forms of the versions before had no seal: whoever rewrote them could not be told apart, so they are
    refused, and the unit is sent a new form."""
    form = _forms(cluster) / f"{UNIT}.xlsx"
    workbook = load_workbook(form)
    identity = workbook["emul"]
    for r in range(1, identity.max_row + 1):
        if identity.cell(r, 1).value == "schema":
            identity.cell(r, 2).value = schema
        if identity.cell(r, 1).value == "seal":
            identity.cell(r, 1).value = identity.cell(r, 2).value = None
    workbook.save(form)
    code, _out, stderr = run_emul(["import", str(cluster), str(form)])
    assert code == 1
    assert stderr == (
        f"{form}: error: the form was made by an earlier emul, before forms were sealed against forgery; "
        "send the unit a new form ('emul forms')\n1 of 1 form(s) not imported.\n"
    )

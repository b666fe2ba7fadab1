"""Warnings that lead to a likely mistake: a form sent back blank, a period whose dates contradict its kind,
a rubric changed without a new version."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from .conftest import copy_example, run_emul

UNIT = "so-yte"


def _blank_out(form: Path) -> None:
    """Empty every input cell of a form, as `emul forms` writes them for a unit that has entered nothing."""
    workbook = load_workbook(form)
    for sheet in (workbook["Tự chấm"], workbook["Cam kết"]):
        for row in sheet.iter_rows():
            for cell in row:
                if cell.protection.locked is False:
                    cell.value = None
    workbook.save(form)


def test_importing_a_blank_form_warns_that_nothing_was_entered(tmp_path: Path) -> None:
    cluster = copy_example("cum-thi-dua-so-7-2023", tmp_path / "c7")
    assert run_emul(["forms", str(cluster), "--period", "2023"])[0] == 0
    form = cluster / "bieu-mau" / "2023" / f"{UNIT}.xlsx"
    _blank_out(form)
    code, _out, err = run_emul(["import", str(cluster), str(form)])
    assert code == 0
    assert f"{form}: Tự chấm!F8: warning: the form is blank" in err
    assert "sent back the form it received" in err


def test_a_filled_form_is_not_called_blank(tmp_path: Path) -> None:
    cluster = copy_example("cum-thi-dua-so-7-2023", tmp_path / "c7")
    assert run_emul(["forms", str(cluster), "--period", "2023"])[0] == 0
    form = cluster / "bieu-mau" / "2023" / f"{UNIT}.xlsx"
    code, _out, err = run_emul(["import", str(cluster), str(form)])
    assert (code, err) == (0, "")

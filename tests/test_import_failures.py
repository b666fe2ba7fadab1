"""`emul import` on a disk that is full or read-only: exit 2 like `emul report`, every assessment as it was."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook

from .conftest import copy_example, run_emul

UNITS = ("so-gddt", "so-yte")


@pytest.fixture
def cluster(tmp_path: Path) -> Path:
    return copy_example("cum-thi-dua-so-7-2023", tmp_path / "c7")


def _changed_forms(cluster: Path) -> list[Path]:
    """Two returned forms, each changing its unit's evidence for I.4 (so each import writes its file)."""
    code, _out, stderr = run_emul(["forms", str(cluster), "--period", "2023"])
    assert (code, stderr) == (0, "")
    forms = [cluster / "bieu-mau" / "2023" / f"{unit}.xlsx" for unit in UNITS]
    for form in forms:
        workbook = load_workbook(form)
        sheet = workbook["Tự chấm"]
        row = next(r for r in range(8, sheet.max_row + 1) if sheet.cell(r, 1).value == "I.4")
        sheet.cell(row, 8).value = "Báo cáo bổ sung số 99/BC"
        workbook.save(form)
    return forms


def _assessments(cluster: Path) -> dict[str, bytes]:
    folder = cluster / "assessments" / "2023"
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def _fail_at(monkeypatch: pytest.MonkeyPatch, where: str, code: int) -> None:
    """The atomic writer meets the error where the system would raise it: writing the data (a full disk) or
    creating the temporary file (a read-only one)."""
    from emulation_cli.writing import atomic

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    if where == "fsync":
        monkeypatch.setattr(atomic.os, "fsync", fail)
    else:
        monkeypatch.setattr(atomic.tempfile, "mkstemp", fail)


@pytest.mark.parametrize(("code", "where"), [(errno.ENOSPC, "fsync"), (errno.EROFS, "mkstemp")])
def test_a_full_or_read_only_disk_exits_2_and_leaves_every_assessment_as_it_was(
    cluster: Path, monkeypatch: pytest.MonkeyPatch, code: int, where: str
) -> None:
    forms = _changed_forms(cluster)
    before = _assessments(cluster)
    _fail_at(monkeypatch, where, code)
    status, stdout, stderr = run_emul(["import", str(cluster), *map(str, forms)])
    assert (status, stdout) == (2, "")
    folder = cluster / "assessments" / "2023"
    reason = f"{os.strerror(code)}; the file was left as it was"
    lines = [
        f"{form}: error: cannot write {folder / unit}.yaml: {reason}\n" for form, unit in zip(forms, UNITS, strict=True)
    ]
    assert stderr == "".join(lines) + "2 of 2 form(s) not imported.\n"
    assert _assessments(cluster) == before  # nothing half written, no temporary file left behind


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_read_only_assessments_folder_exits_2_and_is_left_as_it_was(cluster: Path) -> None:
    forms = _changed_forms(cluster)
    before = _assessments(cluster)
    folder = cluster / "assessments" / "2023"
    folder.chmod(0o555)
    try:
        status, stdout, stderr = run_emul(["import", str(cluster), *map(str, forms)])
    finally:
        folder.chmod(0o755)
    assert (status, stdout) == (2, "")
    assert f"cannot write {folder / 'so-yte.yaml'}: Permission denied; the file was left as it was\n" in stderr
    assert _assessments(cluster) == before

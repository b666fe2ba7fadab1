"""Forms sealed with the cluster's key: a unit cannot pass its file off as another unit's (or another period's,
or change a locked cell and its hash) without the key that stays in the cluster folder, out of git."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from .conftest import copy_example, run_emul

FORGER, VICTIM = "so-gddt", "so-yte"


@pytest.fixture
def cluster(tmp_path: Path) -> Path:
    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "c7")
    code, _out, stderr = run_emul(["forms", str(folder), "--period", "2023"])
    assert (code, stderr) == (0, "")
    return folder


def _form(cluster: Path, unit: str) -> Path:
    return cluster / "bieu-mau" / "2023" / f"{unit}.xlsx"


def _identity_rows(sheet: object) -> dict[str, int]:
    return {sheet.cell(r, 1).value: r for r in range(1, 30) if sheet.cell(r, 1).value}  # type: ignore[attr-defined]


def _rewrite_identity(form: Path, values: dict[str, str]) -> None:
    workbook = load_workbook(form)
    sheet = workbook["emul"]
    rows = _identity_rows(sheet)
    for name, value in values.items():
        sheet.cell(rows[name], 2).value = value
    workbook.save(form)


def _unkeyed_fingerprints(cluster: Path, unit: str) -> dict[str, str]:
    """What anyone can compute from the rubric and the covenant: the hashes the forms carried before the seal."""
    from emulation_cli.forms.layout import criterion_rows, fingerprint, unit_commitments
    from emulation_cli.forms.write import commitment_fixed_cells, criteria_fixed_cells
    from emulation_cli.validation.project import load_project

    project = load_project(cluster)
    return {
        "criteria_rows": fingerprint(criteria_fixed_cells(criterion_rows(project.points_rubric.model))),
        "commitment_rows": fingerprint(commitment_fixed_cells(unit_commitments(project, unit, "2023"))),
    }


def _import(cluster: Path, form: Path) -> tuple[int, str, str]:
    return run_emul(["import", str(cluster), str(form)])


def _refused_as(form: Path, unit: str) -> str:
    return (
        f"{form}: error: the form claims to be from '{unit}' but its seal does not match: it was changed outside "
        "its input cells, or it was not sealed with this folder's key (.emul-secret); import only the form the "
        "unit was sent\n1 of 1 form(s) not imported.\n"
    )


def test_a_genuine_form_is_imported(cluster: Path) -> None:
    form = _form(cluster, VICTIM)
    workbook = load_workbook(form)
    sheet = workbook["Tự chấm"]
    row = next(r for r in range(8, sheet.max_row + 1) if sheet.cell(r, 1).value == "I.3.a")
    sheet.cell(row, 6).value = 12
    workbook.save(form)
    code, stdout, stderr = _import(cluster, form)
    assert (code, stderr) == (0, "")
    assert f"imported into assessments/2023/{VICTIM}.yaml" in stdout


def test_a_form_rewritten_to_claim_another_unit_is_refused_naming_that_unit(cluster: Path) -> None:
    """The forgery the red team made: one unit's form, its identity sheet rewritten for another unit with the
    unkeyed fingerprints recomputed. It would have overwritten the other unit's self scores."""
    victim_file = cluster / "assessments" / "2023" / f"{VICTIM}.yaml"
    before = victim_file.read_bytes()
    form = _form(cluster, FORGER)
    _rewrite_identity(form, {"unit": VICTIM, **_unkeyed_fingerprints(cluster, VICTIM)})
    code, stdout, stderr = _import(cluster, form)
    assert (code, stdout) == (1, "")
    assert stderr == _refused_as(form, VICTIM)
    assert victim_file.read_bytes() == before


@pytest.mark.parametrize(
    "values",
    [
        {"period": "2023-H1"},
        {"rubric_version": "2022.1"},
        {"rubric_hash": "0" * 64},
        {"criteria_rows": "0" * 64},
        {"seal": "0" * 64},
    ],
    ids=["period", "rubric-version", "rubric-hash", "locked-cells-hash", "seal"],
)
def test_any_sealed_line_changed_is_refused(cluster: Path, values: dict[str, str]) -> None:
    form = _form(cluster, VICTIM)
    _rewrite_identity(form, values)
    code, _out, stderr = _import(cluster, form)
    assert code == 1
    assert stderr == _refused_as(form, VICTIM)


def test_a_locked_cell_changed_with_its_hash_recomputed_is_refused(cluster: Path) -> None:
    from emulation_cli.forms.layout import criterion_rows, fingerprint
    from emulation_cli.forms.write import criteria_fixed_cells
    from emulation_cli.validation.project import load_project

    form = _form(cluster, VICTIM)
    cells = criteria_fixed_cells(criterion_rows(load_project(cluster).points_rubric.model))
    changed = [(cells[0][0], cells[0][1], 100, *cells[0][3:]), *cells[1:]]  # a larger maximum for the first row
    _rewrite_identity(form, {"criteria_rows": fingerprint(changed)})
    code, _out, stderr = _import(cluster, form)
    assert code == 1
    assert stderr == _refused_as(form, VICTIM)


def test_a_form_sealed_with_another_key_is_refused(cluster: Path) -> None:
    (cluster / ".emul-secret").write_text("ab" * 32 + "\n", encoding="ascii")
    form = _form(cluster, VICTIM)
    code, _out, stderr = _import(cluster, form)
    assert code == 1
    assert stderr == _refused_as(form, VICTIM)


def test_without_the_key_import_says_how_to_proceed(cluster: Path) -> None:
    (cluster / ".emul-secret").unlink()
    code, stdout, stderr = _import(cluster, _form(cluster, VICTIM))
    assert (code, stdout) == (2, "")
    assert f"there is no form key {cluster / '.emul-secret'}" in stderr
    assert "copy .emul-secret from the folder (or the computer) that wrote the forms" in stderr
    assert "if it is lost, run 'emul forms' again and send the units the new forms" in stderr


@pytest.mark.parametrize("content", ["", "not hex at all\n", "ab" * 16 + "\n"], ids=["empty", "not-hex", "short"])
def test_a_damaged_key_is_refused_with_exit_2(cluster: Path, content: str) -> None:
    (cluster / ".emul-secret").write_text(content, encoding="ascii")
    for command in (["forms", str(cluster)], ["import", str(cluster), str(_form(cluster, VICTIM))]):
        code, _out, stderr = run_emul(command)
        assert code == 2
        assert f"the form key {cluster / '.emul-secret'} is damaged" in stderr


def test_the_key_is_made_once_private_and_ignored_by_git(cluster: Path) -> None:
    key = cluster / ".emul-secret"
    text = key.read_text(encoding="ascii")
    assert len(text.strip()) == 64 and int(text, 16) >= 0
    if sys.platform != "win32":
        assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert (cluster / ".gitignore").read_text(encoding="utf-8") == ".emul-secret\n"
    forms = sorted(p.read_bytes() for p in (cluster / "bieu-mau" / "2023").glob("*.xlsx"))
    code, stdout, _err = run_emul(["forms", str(cluster), "--period", "2023"])
    assert code == 0 and "0 file(s) written, 6 unchanged" in stdout  # the same key: the same forms
    assert key.read_text(encoding="ascii") == text
    assert sorted(p.read_bytes() for p in (cluster / "bieu-mau" / "2023").glob("*.xlsx")) == forms
    assert (cluster / ".gitignore").read_text(encoding="utf-8") == ".emul-secret\n"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("*.pdf", "*.pdf\n.emul-secret\n"),
        ("*.pdf\n", "*.pdf\n.emul-secret\n"),
        ("/.emul-secret\n", "/.emul-secret\n"),
        ("*.pdf\n.emul-secret\nbaocao/\n", "*.pdf\n.emul-secret\nbaocao/\n"),
    ],
)
def test_the_gitignore_gets_the_key_once(tmp_path: Path, before: str, after: str) -> None:
    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "c7")
    (folder / ".gitignore").write_text(before, encoding="utf-8")
    for _ in range(2):
        assert run_emul(["forms", str(folder), "--period", "2023"])[0] == 0
    assert (folder / ".gitignore").read_text(encoding="utf-8") == after


def test_a_genuine_form_for_a_rubric_changed_since_is_refused_as_such(cluster: Path) -> None:
    """The seal is checked first; a genuine form that no longer fits the cluster still says why."""
    rubric = cluster / "criteria" / "khoi-so-nganh-ha-noi-2023.yaml"
    text = rubric.read_text(encoding="utf-8")
    rubric.write_text(text.replace("Hà Nội năm 2023 (minh họa)\n", "Hà Nội năm 2023 (sửa)\n", 1), encoding="utf-8")
    form = _form(cluster, VICTIM)
    code, _out, stderr = _import(cluster, form)
    assert code == 1
    assert stderr == (
        f"{form}: error: the form was made for another text of rubric khoi-so-nganh-ha-noi 2023.1 "
        "(its content changed)\n1 of 1 form(s) not imported.\n"
    )

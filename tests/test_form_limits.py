"""A form's size: one row limit shared by `emul forms` and `emul import`, and a returned file whose sheets
declare more than a form can hold is refused before it is loaded."""

from __future__ import annotations

import shutil
from pathlib import Path

from emulation_cli.forms.layout import MAX_SHEET_ROWS, sheet_rows

from .conftest import DATA, run_emul


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
    form.write_bytes(build_form(project, "2024", "so-a", None, period.end))
    data, problems = read_form(form, project)
    assert problems == []
    assert data is not None and len(data.criteria) == criteria + 4

"""Warnings that lead to a likely mistake: a form sent back blank, a period whose dates contradict its kind,
a rubric changed without a new version."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from .conftest import copy_example, git, run_emul

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


RUBRIC = "criteria/rubric.yaml"
TITLE = "title: Kết quả nhiệm vụ trọng tâm"


def _committed(cluster: Path) -> Path:
    git(cluster, "init", "-q")
    git(cluster, "add", ".")
    git(cluster, "commit", "-q", "-m", "Bộ tiêu chí 1.0")
    return cluster / RUBRIC


def _edit(rubric: Path, old: str, new: str) -> None:
    text = rubric.read_text(encoding="utf-8")
    assert old in text
    rubric.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "the rubric changed since its last commit but is still version '1.0'"),
        ("vi", "bộ tiêu chí đã thay đổi so với lần commit gần nhất nhưng vẫn là phiên bản '1.0'"),
    ],
)
def test_a_rubric_changed_without_a_new_version_is_warned_at_its_version(
    base_cluster: Path, lang: str, words: str
) -> None:
    rubric = _committed(base_cluster)
    _edit(rubric, TITLE, "title: Kết quả nhiệm vụ trọng tâm năm")
    code, out, _err = run_emul(["validate", str(base_cluster)], lang=lang)
    assert code == 0
    assert out.startswith(f"{rubric.as_posix()}:2:10: ")
    assert words in out


def test_report_warns_of_a_rubric_changed_without_a_new_version(base_cluster: Path, tmp_path: Path) -> None:
    rubric = _committed(base_cluster)
    out_folder = ["--period", "2024", "--out", str(tmp_path / "out")]
    assert run_emul(["report", str(base_cluster), *out_folder])[2] == ""
    _edit(rubric, TITLE, "title: Kết quả nhiệm vụ trọng tâm năm")
    code, _out, err = run_emul(["report", str(base_cluster), *out_folder])
    assert (code, err) == (0, "warning: the rubric changed since its last commit but is still version '1.0'\n")


def test_a_change_of_comments_or_layout_only_is_no_new_rubric(base_cluster: Path) -> None:
    rubric = _committed(base_cluster)
    _edit(rubric, TITLE, "title:   'Kết quả nhiệm vụ trọng tâm'  # không đổi nội dung")
    code, out, _err = run_emul(["validate", str(base_cluster)])
    assert (code, out) == (0, "OK: 8 files checked, no problems found.\n")


def test_a_raised_version_is_quiet(base_cluster: Path) -> None:
    rubric = _committed(base_cluster)
    _edit(rubric, TITLE, "title: Kết quả nhiệm vụ trọng tâm năm")
    _edit(rubric, 'version: "1.0"', 'version: "1.1"')
    _edit(base_cluster / "cluster.yaml", 'version: "1.0"', 'version: "1.1"')
    code, out, _err = run_emul(["validate", str(base_cluster)])
    assert (code, out) == (0, "OK: 8 files checked, no problems found.\n")


def test_a_rubric_outside_git_is_quiet(base_cluster: Path) -> None:
    _edit(base_cluster / RUBRIC, TITLE, "title: Kết quả nhiệm vụ trọng tâm năm")
    code, out, _err = run_emul(["validate", str(base_cluster)])
    assert (code, out) == (0, "OK: 8 files checked, no problems found.\n")


def test_report_warns_that_the_rubric_names_another_province(base_cluster: Path, tmp_path: Path) -> None:
    _edit(base_cluster / RUBRIC, "scale: 100\n", "scale: 100\nprovince: Tỉnh Bắc Ninh\n")
    code, _out, err = run_emul(["report", str(base_cluster), "--period", "2024", "--out", str(tmp_path / "out")])
    assert code == 0
    assert "warning: the rubric is Tỉnh Bắc Ninh's, but the cluster is in Thành phố Hà Nội" in err


def test_a_rubric_of_the_same_province_differently_written_is_quiet(base_cluster: Path) -> None:
    _edit(base_cluster / RUBRIC, "scale: 100\n", "scale: 100\nprovince: TP Hà Nội\nyear: 2024\n")
    code, out, _err = run_emul(["validate", str(base_cluster)])
    assert (code, out) == (0, "OK: 8 files checked, no problems found.\n")


def test_an_exact_value_in_a_message_takes_the_readers_decimal_mark() -> None:
    from decimal import Decimal
    from fractions import Fraction

    from emulation_cli.i18n import current_language, set_language
    from emulation_cli.text.numbers import said_exact

    before = current_language()
    try:
        set_language("vi")
        assert [said_exact(Decimal("47.5")), said_exact(40), said_exact(Fraction(1, 3))] == ["47,5", "40", "1/3"]
        set_language("en")
        assert said_exact(Decimal("47.5")) == "47.5"
    finally:
        set_language(before)


def test_validate_json_counts_the_problems_hidden_under_a_root_cause(tmp_path: Path) -> None:
    import json

    from .conftest import DATA
    from .test_bad_inputs import build_case

    folder = build_case(DATA / "bad" / "195-duplicate-criterion-id-first", tmp_path / "cum")
    printed = run_emul(["validate", str(folder)])[1]
    code, out, _err = run_emul(["validate", str(folder), "--format", "json"])
    assert code == 1
    counted = {d["code"]: d["follow_ons"] for d in json.loads(out)["diagnostics"]}
    assert counted["duplicate-id"] > 0
    assert f"{counted['duplicate-id']} more problem(s) follow from this one" in printed

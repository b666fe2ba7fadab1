"""`emul validate` through Typer's CliRunner: exact output, JSON shape, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import run_emul


def test_valid_folder_prints_ok_and_exits_0(base_cluster: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(base_cluster)
    assert run_emul(["validate"]) == (0, "OK: 8 files checked, no problems found.\n", "")


def test_vietnamese_is_the_default_language(base_cluster: Path) -> None:
    code, out, _err = run_emul(["validate", str(base_cluster)], lang="vi")
    assert (code, out) == (0, "Hợp lệ: đã kiểm tra 8 tệp, không có vấn đề nào.\n")


def _break_unit_reference(folder: Path) -> None:
    cluster = folder / "cluster.yaml"
    cluster.write_text(cluster.read_text(encoding="utf-8").replace("unit: so-c", "unit: so-x"), encoding="utf-8")


def test_errors_are_located_and_exit_1(base_cluster: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _break_unit_reference(base_cluster)
    monkeypatch.chdir(base_cluster)
    code, out, _err = run_emul(["validate", "."])
    assert code == 1
    assert out == (
        "assessments/2024/so-c.yaml:1:7: error: unit: unit 'so-c' is not a member of the cluster at any time in "
        "period 2024 (2024-01-01 – 2024-12-31)\n"
        "  hint: add it under `members` in cluster.yaml (and its `membership` in units.yaml) or remove this file\n"
        "ballots/2024.yaml:5:25: error: meeting.present[2]: unit 'so-c' is not a member of the cluster on 2024-12-20\n"
        "  hint: a meeting lists only the members on its date\n"
        "cluster.yaml:19:7: warning: members[0].members: by units.yaml, so-c belong to the cluster for all of 2024, "
        "but they are not listed here\n"
        "  hint: add them under `members`, or end their membership in units.yaml\n"
        "cluster.yaml:23:15: error: members[0].members[2].unit: unknown unit 'so-x'\n"
        "  hint: did you mean 'so-c'? (known ids: so-a, so-b, so-c)\n"
        "3 error(s), 1 warning(s) in 8 files checked.\n"
    )


def test_json_output_has_the_documented_shape(base_cluster: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _break_unit_reference(base_cluster)
    monkeypatch.chdir(base_cluster)
    code, out, _err = run_emul(["validate", ".", "--format", "json"])
    report = json.loads(out)
    assert code == 1
    assert set(report) == {"schema", "folder", "ok", "strict", "files", "errors", "warnings", "diagnostics"}
    assert (report["schema"], report["ok"], report["errors"], report["warnings"]) == (
        "emul.validate/1",
        False,
        3,
        1,
    )
    assert report["diagnostics"][3] == {
        "file": "cluster.yaml",
        "line": 23,
        "column": 15,
        "severity": "error",
        "code": "unknown-unit",
        "path": "members[0].members[2].unit",
        "message": "unknown unit 'so-x'",
        "hint": "did you mean 'so-c'? (known ids: so-a, so-b, so-c)",
        "follow_ons": 0,
    }


def test_warnings_exit_0_unless_strict(base_cluster: Path) -> None:
    covenant = base_cluster / "covenant.yaml"
    covenant.write_text(
        covenant.read_text(encoding="utf-8").replace("    criterion: II.1\n    movement", "    movement"),
        encoding="utf-8",
    )
    assert run_emul(["validate", str(base_cluster)])[0] == 0
    code, out, _err = run_emul(["validate", str(base_cluster), "--strict"])
    assert code == 1
    assert "warning: commitments[1]: commitment 'gc-a-01' feeds no criterion" in out


def test_a_folder_without_cluster_yaml_is_a_usage_error(tmp_path: Path) -> None:
    code, out, err = run_emul(["validate", str(tmp_path)])
    assert (code, out) == (2, "")
    assert err == (
        f"error: '{tmp_path.as_posix()}' is not a cluster folder: it has no cluster.yaml\n"
        "  hint: run 'emul init FOLDER' to create one, or give the path of an existing cluster folder\n"
    )


def test_unknown_format_is_a_usage_error(base_cluster: Path) -> None:
    assert run_emul(["validate", str(base_cluster), "--format", "xml"])[0] == 2


def test_version_option() -> None:
    from emulation_cli import __version__

    assert run_emul(["--version"])[:2] == (0, f"emul {__version__}\n")


def test_validate_from_inside_the_folder_or_on_cluster_yaml(
    base_cluster: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(base_cluster / "assessments" / "2024")
    assert run_emul(["validate", str(base_cluster / "cluster.yaml")])[:2] == (
        0,
        "OK: 8 files checked, no problems found.\n",
    )
    code, _out, err = run_emul(["validate"])
    assert code == 2
    assert err == (
        "error: '.' is not a cluster folder: it has no cluster.yaml\n"
        f"  hint: the cluster folder seems to be '{base_cluster.as_posix()}'\n"
    )

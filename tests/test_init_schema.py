"""`emul init` scaffolds a folder that validates at once; `emul schema` describes every file kind."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from emulation_cli.model.schemas import FILE_KINDS

from .conftest import REPO, run_emul


def test_init_writes_a_folder_that_validates_without_findings(tmp_path: Path) -> None:
    folder = tmp_path / "cum-3"
    code, out, _err = run_emul(["init", str(folder), "--name", "Cụm thi đua số 3", "--code", "CTĐ3", "--year", "2026"])
    assert code == 0
    assert out.splitlines()[0] == f"{folder.as_posix()}/cluster.yaml"
    assert out.splitlines()[-1] == f"Created a cluster folder. Next: edit the files, then run: emul validate {folder}"
    code, out, err = run_emul(["validate", str(folder)])
    # The only findings: the heads' names, which only the officer can write (the documents print "……" till then).
    findings = [line for line in out.splitlines() if ": warning: " in line]
    assert (code, err, len(findings)) == (0, "", 5)
    assert all("has no name" in line for line in findings)
    assert out.splitlines()[-1] == "0 error(s), 5 warning(s) in 4 files checked."
    cluster = (folder / "cluster.yaml").read_text(encoding="utf-8")
    assert 'name: "Cụm thi đua số 3"' in cluster and "id: cum-thi-dua-so-3" in cluster
    assert '  - id: "2026-H1"' in cluster and "# Thành viên và vai trò theo từng năm" in cluster


def test_init_sets_up_editor_completion(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    run_emul(["init", str(folder)])
    settings = json.loads((folder / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"]["./.schemas/assessment.schema.json"] == ["assessments/*/*.yaml"]
    assert sorted(p.name for p in (folder / ".schemas").iterdir()) == sorted(f"{k}.schema.json" for k in FILE_KINDS)


def test_init_accepts_an_existing_empty_folder(tmp_path: Path) -> None:
    assert run_emul(["init", str(tmp_path)])[0] == 0
    assert (tmp_path / "units.yaml").is_file()


def test_init_refuses_a_non_empty_folder_and_changes_nothing(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("giữ nguyên", encoding="utf-8")
    code, out, err = run_emul(["init", str(tmp_path)])
    assert (code, out) == (2, "")
    assert err.startswith(f"error: '{tmp_path.as_posix()}' is not empty; emul init writes only into a new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_init_leaves_nothing_behind_when_it_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from emulation_cli.commands import init

    def broken(*_args: object) -> list[Path]:
        raise OSError("disk full")

    monkeypatch.setattr(init, "_write_editor_support", broken)
    code, _out, err = run_emul(["init", str(tmp_path / "new")])
    assert (code, err) == (2, f"error: cannot write '{(tmp_path / 'new').as_posix()}': disk full\n")
    assert list(tmp_path.iterdir()) == []


def test_schema_prints_every_file_kind() -> None:
    code, out, _err = run_emul(["schema"])
    schemas = json.loads(out)
    assert code == 0 and sorted(schemas) == sorted(FILE_KINDS)
    cluster = schemas["cluster"]
    assert cluster["additionalProperties"] is False
    assert {"id", "name", "code", "members", "periods"} <= set(cluster["required"])
    assert "rubric" not in cluster["required"]  # a cluster without a rubric ranks by its ranking ballot


def test_schema_out_writes_one_file_per_kind(tmp_path: Path) -> None:
    code, out, _err = run_emul(["schema", "--out", str(tmp_path / "s")])
    assert code == 0
    assert out.splitlines() == [f"{(tmp_path / 's' / kind).as_posix()}.schema.json" for kind in FILE_KINDS]
    assessment = json.loads((tmp_path / "s" / "assessment.schema.json").read_text(encoding="utf-8"))
    entry = assessment["$defs"]["CriterionEntry"]["properties"]
    assert "self" in entry and "self_score" not in entry


def test_schema_accepts_what_the_example_holds() -> None:
    import jsonschema

    from emulation_cli.loading.yamltree import read_yaml_file
    from emulation_cli.model.schemas import schema_for

    example = REPO / "examples" / "cum-thi-dua-so-7-2023"
    files = {
        "cluster": "cluster.yaml",
        "units": "units.yaml",
        "covenant": "covenant.yaml",
        "assessment": "assessments/2023/so-gddt.yaml",
        "ballots": "ballots/2023.yaml",
    }
    for kind, name in files.items():
        data = json.loads(json.dumps(read_yaml_file(example / name, name).data, default=_as_json))
        jsonschema.validate(data, schema_for(kind))


def _as_json(value: object) -> object:
    """What the editor sees: YAML numbers as numbers, dates as ISO text."""
    return float(value) if isinstance(value, Decimal) else value.isoformat()  # type: ignore[attr-defined]


def test_init_example_copies_a_self_contained_example(tmp_path: Path) -> None:
    folder = tmp_path / "cum7"
    code, out, _err = run_emul(["init", str(folder), "--example", "cum-thi-dua-so-7-2023"])
    assert code == 0
    assert f"{folder.as_posix()}/criteria/khoi-so-nganh-ha-noi-2023.yaml" in out.splitlines()
    assert f"{folder.as_posix()}/.vscode/settings.json" in out.splitlines()
    assert "  path: criteria/khoi-so-nganh-ha-noi-2023.yaml\n" in (folder / "cluster.yaml").read_text(encoding="utf-8")
    assert run_emul(["validate", str(folder), "--strict"]) == (0, "OK: 17 files checked, no problems found.\n", "")


def test_init_unknown_example_is_a_usage_error(tmp_path: Path) -> None:
    code, _out, err = run_emul(["init", str(tmp_path / "x"), "--example", "nope"])
    assert code == 2
    assert err == (
        "error: there is no bundled example 'nope'\n"
        "  hint: bundled examples: cum-thi-dua-so-7-2023, cum-thi-dua-so-7-2025, khoi-binh-xet-2025, "
        "khoi-thi-dua-so-5-2023\n"
    )
    assert not (tmp_path / "x").exists()


def test_init_into_the_current_empty_folder_keeps_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    code, out, _err = run_emul(["init", ".", "--name", "Khối thi đua số 12"])
    assert code == 0 and out.splitlines()[-1].endswith("emul validate .")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".git",
        ".schemas",
        ".vscode",
        "cluster.yaml",
        "covenant.yaml",
        "criteria",
        "units.yaml",
    ]
    assert 'code: "KTĐ12"' in (tmp_path / "cluster.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--code", "a\x01b"], "error: --code must be a non-empty line of text\n"),
        (["--name", "  "], "error: --name must be a non-empty line of text\n"),
        (["--year", "1800"], "error: the year 1800 is not plausible\n"),
    ],
)
def test_init_refuses_options_that_would_not_validate(tmp_path: Path, args: list[str], message: str) -> None:
    assert run_emul(["init", str(tmp_path / "c"), *args]) == (2, "", message)
    assert not (tmp_path / "c").exists()


def test_schema_out_that_cannot_be_written_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    code, _out, err = run_emul(["schema", "--out", str(tmp_path / "afile" / "s")])
    assert code == 2 and err.startswith("error: cannot write ")


def test_an_example_is_copied_without_what_emul_wrote_into_it(tmp_path: Path) -> None:
    import shutil

    from emulation_cli.commands.init import _copy_example

    source = tmp_path / "examples" / "c7"
    shutil.copytree(REPO / "examples" / "cum-thi-dua-so-7-2023", source)
    shutil.copytree(REPO / "criteria", tmp_path / "criteria")
    for generated in ("van-ban/2023/tom-tat.md", "bieu-mau/2023/so-yte.xlsx"):
        (source / generated).parent.mkdir(parents=True)
        (source / generated).write_text("x", encoding="utf-8")
    written = _copy_example(source, tmp_path / "copy")
    assert not any(p.parts[0] in ("van-ban", "bieu-mau") for p in written)
    assert not (tmp_path / "copy" / "van-ban").exists() and not (tmp_path / "copy" / "bieu-mau").exists()
    assert (tmp_path / "copy" / "cluster.yaml").is_file()

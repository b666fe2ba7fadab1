"""Text a spreadsheet could run as a formula: flagged in a returned form's evidence (and stored as text),
neutralised in every CSV emul writes, also after leading spaces."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from emulation_cli.errors import InternalError
from emulation_cli.results.csv_table import Figure, csv_text
from emulation_cli.text.formula import looks_like_formula

from .conftest import REPO, copy_example, run_emul

UNIT = "so-yte"


@pytest.mark.parametrize(
    ("text", "formula"),
    [
        ("=1+1", True),
        ("  =1+1", True),
        ("\t=1+1", True),
        ("\r\n@SUM(A1)", True),
        ("+84 24 3825 1234", True),
        ("-1.5", True),
        ("Báo cáo số 12/BC", False),
        ("Sở GD&ĐT", False),
        ("", False),
        ("   ", False),
    ],
)
def test_what_looks_like_a_formula(text: str, formula: bool) -> None:
    assert looks_like_formula(text) is formula


def test_a_csv_neutralises_text_and_keeps_emuls_own_figures() -> None:
    rows = [
        ["name", "total", "change", "rank"],
        ["  =1+1", Figure("97.84"), Figure("-1.50"), 3],
        ["-1.5", "@x", "", -2],
    ]
    parsed = list(csv.reader(io.StringIO(csv_text(rows))))
    assert parsed == [
        ["name", "total", "change", "rank"],
        ["'  =1+1", "97.84", "-1.50", "3"],
        ["'-1.5", "'@x", "", "-2"],
    ]


def test_a_figure_is_only_ever_a_plain_number() -> None:
    with pytest.raises(InternalError):
        Figure("=1+1")
    with pytest.raises(InternalError):
        Figure(" -1.5")


def test_every_csv_emul_writes_goes_through_the_one_writer() -> None:
    sources = sorted((REPO / "src" / "emulation_cli").rglob("*.py"))
    writers = [p.relative_to(REPO).as_posix() for p in sources if "csv.writer(" in p.read_text(encoding="utf-8")]
    assert writers == ["src/emulation_cli/results/csv_table.py"]


@pytest.fixture
def cluster(tmp_path: Path) -> Path:
    return copy_example("cum-thi-dua-so-7-2023", tmp_path / "c7")


def _rename(cluster: Path, short_name: str) -> None:
    units = cluster / "units.yaml"
    text = units.read_text(encoding="utf-8")
    units.write_text(
        text.replace("    short_name: Sở Y tế\n", f'    short_name: "{short_name}"\n', 1), encoding="utf-8"
    )


CSV_COMMANDS = [
    ["score", "{folder}", "--format", "csv"],
    ["score", "{folder}", "--period", "2023-H1", "--format", "csv"],
    ["history", "{folder}", "--format", "csv"],
]


@pytest.mark.parametrize("command", CSV_COMMANDS, ids=["ranking", "progress", "history"])
def test_a_unit_named_like_a_formula_is_text_in_every_csv(cluster: Path, command: list[str]) -> None:
    _rename(cluster, "  =1+1")
    code, stdout, stderr = run_emul([arg.format(folder=cluster) for arg in command])
    assert (code, stderr) == (0, "")
    rows = list(csv.DictReader(io.StringIO(stdout)))
    assert {row["short_name"] for row in rows if row["unit_id"] == UNIT} == {"'  =1+1"}
    totals = [row["total"] for row in rows if row.get("total")]
    assert all(total[0].isdigit() for total in totals)  # emul's own figures stay numbers


def _with_evidence(cluster: Path, values: dict[str, str]) -> Path:
    code, _out, stderr = run_emul(["forms", str(cluster), "--period", "2023"])
    assert (code, stderr) == (0, "")
    form = cluster / "bieu-mau" / "2023" / f"{UNIT}.xlsx"
    workbook = load_workbook(form)
    sheet = workbook["Tự chấm"]
    for code_, text in values.items():
        row = next(r for r in range(8, sheet.max_row + 1) if sheet.cell(r, 1).value == code_)
        sheet.cell(row, 8).value = text
    workbook.save(form)
    return form


def test_formula_like_evidence_is_imported_as_text_with_a_warning_at_each_cell(cluster: Path) -> None:
    form = _with_evidence(
        cluster,
        {"I.1": '=HYPERLINK("http://example.org","Báo cáo")', "I.4": "  =1+1", "I.3.a": "Kế hoạch số 5\n@SUM(A1)"},
    )
    workbook = load_workbook(form)
    rows = {
        c: next(r for r in range(8, 200) if workbook["Tự chấm"].cell(r, 1).value == c) for c in ("I.1", "I.3.a", "I.4")
    }
    code, stdout, stderr = run_emul(["import", str(cluster), str(form)])
    assert code == 0
    assert stderr == "".join(
        f"{form}: Tự chấm!H{rows[c]}: warning: looks like a formula, stored as text\n" for c in ("I.1", "I.3.a", "I.4")
    )
    assert f"imported into assessments/2023/{UNIT}.yaml" in stdout
    from emulation_cli.validation.project import load_project

    criteria = load_project(cluster).assessments_for("2023")[UNIT].model.criteria
    assert criteria["I.1"].evidence == ['=HYPERLINK("http://example.org","Báo cáo")']
    assert criteria["I.4"].evidence == ["=1+1"]
    assert criteria["I.3.a"].evidence == ["Kế hoạch số 5", "@SUM(A1)"]


def test_the_warning_is_in_vietnamese_too(cluster: Path) -> None:
    form = _with_evidence(cluster, {"I.4": "=1+1"})
    code, _out, stderr = run_emul(["import", str(cluster), str(form)], lang="vi")
    assert code == 0
    assert stderr.startswith(f"{form}: Tự chấm!H")
    assert stderr.endswith(": cảnh báo: trông như một công thức, được lưu dưới dạng văn bản\n")

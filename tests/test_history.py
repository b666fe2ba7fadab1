"""`emul history`: totals, ranks and classifications across periods and years, and the Diễn biến sheet of the
workbook. Exact outputs on the bundled example, and on a second year made from a copy of it."""

# ruff: noqa: E501  (the exact tables are as wide as emul prints them)

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from emulation_cli.reports.xlsx import build_workbook
from emulation_cli.rollup.history import Change, Standing, build_history
from emulation_cli.validation.project import load_project

from .conftest import REPO, copy_example, load_period, run_emul
from .office import convert, needs_office, needs_pdftotext, pdf_text

EXAMPLE = "examples/cum-thi-dua-so-7-2023"
UNITS = ("so-gddt", "so-yte", "so-vhtt", "so-ldtbxh", "so-khcn", "so-tttt")


# ----- a second year: the example copied and moved on by one year ---------------------------------------------
def _shift_year(text: str) -> str:
    """2024 becomes 2025, then 2023 becomes 2024; the rubric's path and version stay as they are."""
    lines = []
    for line in text.splitlines(keepends=True):
        if not line.lstrip().startswith(("path:", "version:")):
            line = re.sub(r"\b2023\b", "2024", re.sub(r"\b2024\b", "2025", line))
        lines.append(line)
    return "".join(lines)


def next_year(folder: Path) -> Path:
    """The example as the cluster's 2024 folder: the same units, periods 2024-H1 and 2024, the same scores."""
    files = [folder / "cluster.yaml", folder / "covenant.yaml", *folder.glob("ballots/*.yaml")]
    for path in [*files, *folder.glob("assessments/*/*.yaml")]:
        path.write_text(_shift_year(path.read_text(encoding="utf-8")), encoding="utf-8")
    (folder / "ballots" / "2023.yaml").rename(folder / "ballots" / "2024.yaml")
    (folder / "assessments" / "2023").rename(folder / "assessments" / "2024")
    (folder / "assessments" / "2023-H1").rename(folder / "assessments" / "2024-H1")
    return folder


def set_appraised(folder: Path, period: str, unit: str, criterion: str, value: str) -> None:
    """Change the appraised score of a manual criterion (entered as `self:` then `appraised:`)."""
    path = folder / "assessments" / period / f"{unit}.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  {criterion}:\n")
    line = text.index("    appraised: ", start)
    end = text.index("\n", line)
    path.write_text(text[:line] + f"    appraised: {value}" + text[end:], encoding="utf-8")


def leave(folder: Path, unit: str) -> None:
    """The unit leaves the cluster at the end of 2023: out of the 2024 folder's members, meetings, assessments."""
    cluster = folder / "cluster.yaml"
    text = cluster.read_text(encoding="utf-8").replace(f"      - unit: {unit}\n", "").replace(f", {unit}", "")
    cluster.write_text(text, encoding="utf-8")
    units = folder / "units.yaml"
    text = units.read_text(encoding="utf-8")
    start = text.index("- start: 2023-01-01", text.index(f"- id: {unit}\n")) + len("- start: 2023-01-01")
    units.write_text(text[:start] + "\n        end: 2023-12-31" + text[start:], encoding="utf-8")
    for path in folder.glob(f"assessments/*/{unit}.yaml"):
        path.unlink()
    (folder / "ballots" / "2024.yaml").unlink()  # its counts were for six members
    covenant = folder / "covenant.yaml"  # a unit that is not a party signs no commitment
    text = covenant.read_text(encoding="utf-8")
    own = re.compile(rf"  - id: [^\n]+\n    unit: {unit}\n(?:    [^\n]*\n|      [^\n]*\n)*")
    covenant.write_text(own.sub("", text), encoding="utf-8")


@pytest.fixture
def two_years(tmp_path: Path) -> tuple[Path, Path]:
    """2023 as in the example; in 2024 Sở Y tế gains a point (I.3.a appraised 12) and Sở VH&TT has left."""
    first = copy_example("cum-thi-dua-so-7-2023", tmp_path / "2023")
    second = next_year(copy_example("cum-thi-dua-so-7-2023", tmp_path / "2024"))
    set_appraised(second, "2024", "so-yte", "I.3.a", "12")
    leave(second, "so-vhtt")
    return first, second


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


# ----- one year: the bundled example ---------------------------------------------------------------------------
EXAMPLE_TEXT = """\
Cụm thi đua số 7: totals, ranks and classifications, 2023-H1 – 2023
┏━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━┓
┃            ┃ 2023-H1                  ┃ 2023                         ┃                  ┃
┃ Unit       ┃ mid-year (provisional)   ┃ year-end                     ┃ Δ 2023-H1 → 2023 ┃
┡━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━┩
│ Sở GD&ĐT   │ 26.46 (1)                │ 97.84 (1)                    │       +71.38 (=) │
│            │ not classified at sơ kết │ Hoàn thành xuất sắc nhiệm vụ │                  │
│ Sở LĐTB&XH │ 22.25 (5)                │ 94.27 (2)                    │      +72.02 (↑3) │
│            │ not classified at sơ kết │ Hoàn thành tốt nhiệm vụ      │                  │
│ Sở Y tế    │ 24.33 (2)                │ 93.46 (3)                    │      +69.13 (↓1) │
│            │ not classified at sơ kết │ Hoàn thành xuất sắc nhiệm vụ │                  │
│ Sở KH&CN   │ 23.91 (3)                │ 93.39 (4)                    │      +69.48 (↓1) │
│            │ not classified at sơ kết │ Hoàn thành xuất sắc nhiệm vụ │                  │
│ Sở TT&TT   │ 22.55 (4)                │ 89.23 (5)                    │      +66.68 (↓1) │
│            │ not classified at sơ kết │ Hoàn thành tốt nhiệm vụ      │                  │
│ Sở VH&TT   │ 22.09 (6)                │ 87.75 (6)                    │       +65.66 (=) │
│            │ not classified at sơ kết │ Hoàn thành tốt nhiệm vụ      │                  │
└────────────┴──────────────────────────┴──────────────────────────────┴──────────────────┘
Mid-year totals are provisional: scored on what the units had reported by then.
Δ: change of the total; ↑ places gained in the ranking, ↓ places lost.
Formalism figures (data, not verdicts; definitions in --format json):
  2023: range 10.09, std. deviation 3.3284, 1 of 6 within 1 point of the leader
  rank 1: 2023 Sở GD&ĐT; changed 0 times
  Cờ thi đua của UBND Thành phố: 2023 Sở GD&ĐT (rank 1); 1 of 1 years to the rank-1 unit, 0 passed in turn
  self-score minus appraisal above the cluster's median every year: Sở GD&ĐT, Sở TT&TT
  proposals passed, per unit: Sở GD&ĐT 1, Sở Y tế 1
"""

HTXS = ("htxs", "Hoàn thành xuất sắc nhiệm vụ")
HTT = ("htt", "Hoàn thành tốt nhiệm vụ")
KHTNV = ("khtnv", "Không hoàn thành nhiệm vụ")
NAMES = {
    "so-gddt": ("Sở Giáo dục và Đào tạo", "Sở GD&ĐT"),
    "so-ldtbxh": ("Sở Lao động – Thương binh và Xã hội", "Sở LĐTB&XH"),
    "so-yte": ("Sở Y tế", "Sở Y tế"),
    "so-khcn": ("Sở Khoa học và Công nghệ", "Sở KH&CN"),
    "so-tttt": ("Sở Thông tin và Truyền thông", "Sở TT&TT"),
    "so-vhtt": ("Sở Văn hóa và Thể thao", "Sở VH&TT"),
}
# unit: (2023-H1 total, rank), (2023 total, rank, classification), change since the sơ kết (total, places)
EXAMPLE_ROWS = [
    ("so-gddt", ("26.46", 1), ("97.84", 1, HTXS), ("71.38", 0)),
    ("so-ldtbxh", ("22.25", 5), ("94.27", 2, HTT), ("72.02", 3)),
    ("so-yte", ("24.33", 2), ("93.46", 3, HTXS), ("69.13", -1)),
    ("so-khcn", ("23.91", 3), ("93.39", 4, HTXS), ("69.48", -1)),
    ("so-tttt", ("22.55", 4), ("89.23", 5, HTT), ("66.68", -1)),
    ("so-vhtt", ("22.09", 6), ("87.75", 6, HTT), ("65.66", 0)),
]


def _period_json(period: str, total: str, rank: int, band: tuple[str, str] | None) -> dict[str, Any]:
    return {
        "period": period,
        "member": True,
        "total": total,
        "rank": rank,
        "tied": False,
        "classification": None if band is None else {"id": band[0], "label": band[1]},
        "has_assessment": True,
        "votes": None,
        "valid": None,
    }


def _unit_json(row: tuple[Any, ...]) -> dict[str, Any]:
    unit, (h1_total, h1_rank), (total, rank, band), (change, places) = row
    return {
        "unit": {"id": unit, "name": NAMES[unit][0], "short_name": NAMES[unit][1]},
        "periods": [_period_json("2023-H1", h1_total, h1_rank, None), _period_json("2023", total, rank, band)],
        "changes": [
            {
                "kind": "since_mid_year",
                "from": "2023-H1",
                "to": "2023",
                "total": change,
                "rank_from": h1_rank,
                "rank_to": rank,
                "places": places,
            }
        ],
        "ended": None,
    }


def _periods_json(folder: str) -> list[dict[str, Any]]:
    rubric = {"id": "khoi-so-nganh-ha-noi", "version": "2023.1"}
    return [
        {
            "id": "2023-H1",
            "kind": "so_ket",
            "title": "Sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2023",
            "year": 2023,
            "start": "2023-01-01",
            "end": "2023-06-30",
            "provisional": True,
            "folder": folder,
            "basis": "points",
            "rubric": rubric,
        },
        {
            "id": "2023",
            "kind": "tong_ket",
            "title": "Tổng kết công tác thi đua, khen thưởng năm 2023",
            "year": 2023,
            "start": "2023-01-01",
            "end": "2023-12-31",
            "provisional": False,
            "folder": folder,
            "basis": "points",
            "rubric": rubric,
        },
    ]


def test_example_text(in_repo: None) -> None:
    assert run_emul(["history", EXAMPLE]) == (0, EXAMPLE_TEXT, "")


def test_example_json(in_repo: None) -> None:
    code, out, err = run_emul(["history", EXAMPLE, "--format", "json"])
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert set(document.pop("formalism")) == {"definitions", "bunching", "rotation", "inflation", "awards"}
    assert document == {
        "schema": "emul.history/1",
        "cluster": {"id": "cum-thi-dua-so-7", "name": "Cụm thi đua số 7"},
        "periods": _periods_json(EXAMPLE),
        "not_scored": [],
        "comparisons": [{"kind": "since_mid_year", "from": "2023-H1", "to": "2023"}],
        "units": [_unit_json(row) for row in EXAMPLE_ROWS],
    }


def test_example_one_unit_json(in_repo: None) -> None:
    code, out, err = run_emul(["history", EXAMPLE, "--unit", "so-yte", "--format", "json"])
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert document["units"] == [_unit_json(EXAMPLE_ROWS[2])]
    assert document["periods"] == _periods_json(EXAMPLE)


def test_example_csv(in_repo: None) -> None:
    code, out, err = run_emul(["history", EXAMPLE, "--format", "csv"])
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == (
        "unit_id,short_name,period,kind,provisional,total,rank,tied,classification,has_assessment,"
        "total_change_since_mid_year,places_since_mid_year,total_change_since_last_year,places_since_last_year,"
        "votes,valid"
    )
    assert lines[5:7] == [
        "so-yte,Sở Y tế,2023-H1,so_ket,true,24.33,2,false,,true,,,,,,",
        "so-yte,Sở Y tế,2023,tong_ket,false,93.46,3,false,htxs,true,69.13,-1,,,,",
    ]
    assert len(lines) == 1 + 2 * 6


def test_vietnamese_by_default_with_decimal_comma(in_repo: None) -> None:
    code, out, err = run_emul(["history", EXAMPLE], lang="vi")
    assert (code, err) == (0, "")
    assert "97,84 (1)" in out
    assert "+69,13 (↓1)" in out


def test_the_current_folder_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum"))
    code, out, err = run_emul(["history"])
    assert (code, err) == (0, "")
    assert out == EXAMPLE_TEXT


def test_a_period_without_any_assessment_is_listed_as_not_scored(tmp_path: Path) -> None:
    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum")
    shutil.rmtree(folder / "assessments" / "2023-H1")
    code, out, err = run_emul(["history", str(folder), "--unit", "so-yte"])
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "Not scored yet (no assessment): 2023-H1"
    assert "2023-H1" not in out.splitlines()[0]
    document = json.loads(run_emul(["history", str(folder), "--format", "json"])[1])
    assert [p["id"] for p in document["periods"]] == ["2023"]
    assert document["not_scored"] == [{"id": "2023-H1", "folder": str(folder)}]
    assert document["comparisons"] == []


# ----- two years ---------------------------------------------------------------------------------------------
TWO_YEARS_TEXT = """\
Cụm thi đua số 7: totals, ranks and classifications, 2023-H1 – 2024
┏━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃            ┃ 2023-H1                  ┃ 2023                         ┃                  ┃ 2024-H1                  ┃ 2024                         ┃                  ┃               ┃
┃ Unit       ┃ mid-year (provisional)   ┃ year-end                     ┃ Δ 2023-H1 → 2023 ┃ mid-year (provisional)   ┃ year-end                     ┃ Δ 2024-H1 → 2024 ┃ Δ 2023 → 2024 ┃
┡━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
│ Sở GD&ĐT   │ 26.46 (1)                │ 97.84 (1)                    │       +71.38 (=) │ 26.46 (1)                │ 97.84 (1)                    │       +71.38 (=) │      0.00 (=) │
│            │ not classified at sơ kết │ Hoàn thành xuất sắc nhiệm vụ │                  │ not classified at sơ kết │ Hoàn thành xuất sắc nhiệm vụ │                  │               │
│ Sở Y tế    │ 24.33 (2)                │ 93.46 (3)                    │      +69.13 (↓1) │ 24.33 (2)                │ 94.46 (2)                    │       +70.13 (=) │    +1.00 (↑1) │
│            │ not classified at sơ kết │ Hoàn thành xuất sắc nhiệm vụ │                  │ not classified at sơ kết │ Hoàn thành xuất sắc nhiệm vụ │                  │               │
│ Sở LĐTB&XH │ 22.25 (5)                │ 94.27 (2)                    │      +72.02 (↑3) │ 22.25 (5)                │ 94.27 (3)                    │      +72.02 (↑2) │     0.00 (↓1) │
│            │ not classified at sơ kết │ Hoàn thành tốt nhiệm vụ      │                  │ not classified at sơ kết │ Hoàn thành tốt nhiệm vụ      │                  │               │
│ Sở KH&CN   │ 23.91 (3)                │ 93.39 (4)                    │      +69.48 (↓1) │ 23.91 (3)                │ 93.39 (4)                    │      +69.48 (↓1) │      0.00 (=) │
│            │ not classified at sơ kết │ Hoàn thành xuất sắc nhiệm vụ │                  │ not classified at sơ kết │ Hoàn thành xuất sắc nhiệm vụ │                  │               │
│ Sở TT&TT   │ 22.55 (4)                │ 89.23 (5)                    │      +66.68 (↓1) │ 22.55 (4)                │ 89.23 (5)                    │      +66.68 (↓1) │      0.00 (=) │
│            │ not classified at sơ kết │ Hoàn thành tốt nhiệm vụ      │                  │ not classified at sơ kết │ Hoàn thành tốt nhiệm vụ      │                  │               │
│ Sở VH&TT   │ 22.09 (6)                │ 87.75 (6)                    │       +65.66 (=) │ —                        │ —                            │                — │             — │
│            │ not classified at sơ kết │ Hoàn thành tốt nhiệm vụ      │                  │                          │                              │                  │               │
└────────────┴──────────────────────────┴──────────────────────────────┴──────────────────┴──────────────────────────┴──────────────────────────────┴──────────────────┴───────────────┘
Mid-year totals are provisional: scored on what the units had reported by then.
Δ: change of the total; ↑ places gained in the ranking, ↓ places lost.
—: not a member of the cluster in that period.
Formalism figures (data, not verdicts; definitions in --format json):
  2023: range 10.09, std. deviation 3.3284, 1 of 6 within 1 point of the leader
  2024: range 8.61, std. deviation 2.7577, 1 of 5 within 1 point of the leader
  2023 → 2024: range −1.48, std. deviation −0.5707
  rank 1: 2023 Sở GD&ĐT, 2024 Sở GD&ĐT; changed 0 times
  Cờ thi đua của UBND Thành phố: 2023 Sở GD&ĐT (rank 1); 1 of 2 years to the rank-1 unit, 0 passed in turn
  no Cờ thi đua proposal passed (yet): 2024
  self-score minus appraisal above the cluster's median every year: Sở GD&ĐT, Sở TT&TT
  proposals passed, per unit: Sở GD&ĐT 1, Sở Y tế 1
"""

SO_YTE_TEXT = """\
Cụm thi đua số 7 — Sở Y tế: totals, ranks and classifications, 2023-H1 – 2024
┏━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━┳━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┓
┃ Period  ┃ Review                 ┃ Total ┃ Rank ┃ Classification               ┃ Δ since mid-year ┃ Δ since last year ┃
┡━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━╇━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━┩
│ 2023-H1 │ mid-year (provisional) │ 24.33 │    2 │ not classified at sơ kết     │                  │                   │
│ 2023    │ year-end               │ 93.46 │    3 │ Hoàn thành xuất sắc nhiệm vụ │      +69.13 (↓1) │                   │
│ 2024-H1 │ mid-year (provisional) │ 24.33 │    2 │ not classified at sơ kết     │                  │                   │
│ 2024    │ year-end               │ 94.46 │    2 │ Hoàn thành xuất sắc nhiệm vụ │       +70.13 (=) │        +1.00 (↑1) │
└─────────┴────────────────────────┴───────┴──────┴──────────────────────────────┴──────────────────┴───────────────────┘
Mid-year totals are provisional: scored on what the units had reported by then.
Δ: change of the total; ↑ places gained in the ranking, ↓ places lost.
"""


def test_two_years_text(two_years: tuple[Path, Path]) -> None:
    first, second = two_years
    assert run_emul(["history", str(first), str(second)]) == (0, TWO_YEARS_TEXT, "")


def test_the_order_of_the_folders_does_not_matter(two_years: tuple[Path, Path]) -> None:
    first, second = two_years
    assert run_emul(["history", str(second), str(first), "--format", "json"]) == run_emul(
        ["history", str(first), str(second), "--format", "json"]
    )


def test_one_unit_over_two_years(two_years: tuple[Path, Path]) -> None:
    first, second = two_years
    assert run_emul(["history", str(first), str(second), "--unit", "so-yte"]) == (0, SO_YTE_TEXT, "")


def test_a_unit_that_left_shows_dashes(two_years: tuple[Path, Path]) -> None:
    first, second = two_years
    code, out, _err = run_emul(["history", str(first), str(second), "--unit", "so-vhtt"])
    assert code == 0
    rows = [line for line in out.splitlines() if line.startswith("│ 2024")]
    assert rows == [
        "│ 2024-H1 │ mid-year (provisional) │     — │    — │ not a member             │                  │                   │",
        "│ 2024    │ year-end               │     — │    — │ not a member             │                — │                 — │",
    ]
    assert out.splitlines()[-1] == "—: not a member of the cluster in that period."


def test_two_years_json(two_years: tuple[Path, Path]) -> None:
    first, second = two_years
    code, out, err = run_emul(["history", str(first), str(second), "--format", "json"])
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert [(p["id"], p["folder"], p["provisional"]) for p in document["periods"]] == [
        ("2023-H1", str(first), True),
        ("2023", str(first), False),
        ("2024-H1", str(second), True),
        ("2024", str(second), False),
    ]
    assert document["comparisons"] == [
        {"kind": "since_mid_year", "from": "2023-H1", "to": "2023"},
        {"kind": "since_mid_year", "from": "2024-H1", "to": "2024"},
        {"kind": "since_last_year", "from": "2023", "to": "2024"},
    ]
    units = {row["unit"]["id"]: row for row in document["units"]}
    assert [row["unit"]["id"] for row in document["units"]] == [
        "so-gddt",
        "so-yte",
        "so-ldtbxh",
        "so-khcn",
        "so-tttt",
        "so-vhtt",
    ]
    assert units["so-yte"]["changes"][2] == {
        "kind": "since_last_year",
        "from": "2023",
        "to": "2024",
        "total": "1.00",
        "rank_from": 3,
        "rank_to": 2,
        "places": 1,
    }
    assert units["so-ldtbxh"]["changes"][2]["total"] == "0.00"
    assert units["so-ldtbxh"]["changes"][2]["places"] == -1
    assert units["so-vhtt"]["periods"][3] == {
        "period": "2024",
        "member": False,
        "total": None,
        "rank": None,
        "tied": None,
        "classification": None,
        "has_assessment": None,
        "votes": None,
        "valid": None,
    }
    assert units["so-vhtt"]["changes"][2] == {
        "kind": "since_last_year",
        "from": "2023",
        "to": "2024",
        "total": None,
        "rank_from": None,
        "rank_to": None,
        "places": None,
    }


def test_two_years_csv(two_years: tuple[Path, Path]) -> None:
    first, second = two_years
    code, out, _err = run_emul(["history", str(first), str(second), "--unit", "so-yte", "--format", "csv"])
    assert code == 0
    assert out.splitlines()[1:] == [
        "so-yte,Sở Y tế,2023-H1,so_ket,true,24.33,2,false,,true,,,,,,",
        "so-yte,Sở Y tế,2023,tong_ket,false,93.46,3,false,htxs,true,69.13,-1,,,,",
        "so-yte,Sở Y tế,2024-H1,so_ket,true,24.33,2,false,,true,,,,,,",
        "so-yte,Sở Y tế,2024,tong_ket,false,94.46,2,false,htxs,true,70.13,0,1.00,1,,",
    ]


# ----- refusals --------------------------------------------------------------------------------------------
def test_folders_of_different_clusters_give_one_history_each(in_repo: None) -> None:
    code, out, err = run_emul(["history", EXAMPLE, "examples/khoi-thi-dua-so-5-2023", "-j", "1"])
    assert (code, err) == (0, "")
    headings = [line for line in out.splitlines() if line.startswith("==> ")]
    assert headings == ["==> examples/cum-thi-dua-so-7-2023 <==", "==> examples/khoi-thi-dua-so-5-2023 <=="]
    assert out.endswith("\n2 cluster(s): 2 OK, 0 with warnings, 0 with errors, 0 failed.\n")


def test_the_same_folder_twice_is_refused(in_repo: None) -> None:
    assert run_emul(["history", EXAMPLE, "./examples/cum-thi-dua-so-7-2023/"]) == (
        2,
        "",
        "error: the folder examples/cum-thi-dua-so-7-2023 is given twice\n  hint: give each cluster folder once\n",
    )


def test_two_folders_declaring_the_same_period_are_refused(tmp_path: Path) -> None:
    first = copy_example("cum-thi-dua-so-7-2023", tmp_path / "a")
    second = copy_example("cum-thi-dua-so-7-2023", tmp_path / "b")
    assert run_emul(["history", str(first), str(second)]) == (
        2,
        "",
        f"error: period '2023-H1' is declared both in {first} and in {second}\n"
        "  hint: each period belongs to one cluster folder: give one folder per year\n",
    )


def test_an_unknown_unit_is_refused(in_repo: None) -> None:
    assert run_emul(["history", EXAMPLE, "--unit", "so-xyz"]) == (
        2,
        "",
        "error: there is no unit 'so-xyz' in these periods\n"
        "  hint: units: so-gddt, so-khcn, so-ldtbxh, so-tttt, so-vhtt, so-yte\n",
    )


def test_an_unknown_format_is_refused(in_repo: None) -> None:
    code, _out, err = run_emul(["history", EXAMPLE, "--format", "xml"])
    assert code == 2
    assert "'xml' is not one of: text, json, csv" in err


def test_a_folder_with_errors_shows_its_diagnostics(two_years: tuple[Path, Path]) -> None:
    first, second = two_years
    set_appraised(second, "2024", "so-yte", "I.3.a", "13")
    code, out, err = run_emul(["history", str(first), str(second)])
    assert (code, out) == (1, "")
    assert err == (
        f'{second}/assessments/2024/so-yte.yaml:30:16: error: criteria["I.3.a"].appraised: 13 points is more '
        "than the maximum 12 of criterion 'I.3.a'\n"
        "error: the cluster folder has 1 error(s); nothing was computed\n"
        "  hint: correct them (see above, or run 'emul validate') and run the command again\n"
    )


# ----- the changes are the differences of the totals ---------------------------------------------------------
@pytest.mark.parametrize(
    ("before", "after", "total", "places"),
    [
        (("24.33", 2), ("93.46", 3), "69.13", -1),
        (("93.46", 3), ("94.46", 2), "1.00", 1),
        (("94.27", 2), ("94.27", 3), "0.00", -1),
        (("90.5", 1), ("88.25", 4), "-2.25", -3),
    ],
)
def test_a_change_is_the_difference(before: tuple[str, int], after: tuple[str, int], total: str, places: int) -> None:
    def standing(values: tuple[str, int]) -> Standing:
        return Standing(Decimal(values[0]), values[1], False, "htt", "Hoàn thành tốt nhiệm vụ", True)

    change = Change(standing(before), standing(after))
    assert (format(change.total, "f"), change.places) == (total, places)


@pytest.fixture(scope="module")
def years_base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("years")
    return copy_example("cum-thi-dua-so-7-2023", root / "2023"), next_year(
        copy_example("cum-thi-dua-so-7-2023", root / "2024")
    )


@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.decimals(min_value=0, max_value=12, places=1), min_size=len(UNITS), max_size=len(UNITS)))
def test_every_change_is_the_difference_of_the_totals(years_base: tuple[Path, Path], scores: list[Decimal]) -> None:
    first, second = years_base
    for unit, score in zip(UNITS, scores, strict=True):
        set_appraised(second, "2024", unit, "I.3.a", str(score))
    projects = [(str(first), load_project(first)), (str(second), load_project(second))]
    history = build_history(projects)
    assert [c.period.id for c in history.periods] == ["2023-H1", "2023", "2024-H1", "2024"]
    assert len(history.comparisons) == 3
    for item in history.units:
        for comparison in history.comparisons:
            before, after = item.standings[comparison.before], item.standings[comparison.after]
            change = item.change(comparison)
            assert before is not None and after is not None and change is not None
            assert change.total == after.total - before.total
            assert change.places == before.rank - after.rank
    document = json.loads(run_emul(["history", str(first), str(second), "--format", "json"])[1])
    for row in document["units"]:
        totals = {p["period"]: Decimal(p["total"]) for p in row["periods"]}
        for change_row in row["changes"]:
            assert Decimal(change_row["total"]) == totals[change_row["to"]] - totals[change_row["from"]]
    year = json.loads(run_emul(["score", str(second), "--format", "json"])[1])
    assert {u["unit"]["id"]: (u["total"], u["rank"]) for u in year["units"]} == {
        row["unit"]["id"]: (row["periods"][3]["total"], row["periods"][3]["rank"]) for row in document["units"]
    }


# ----- the Diễn biến sheet of the workbook ---------------------------------------------------------------------
DAY = date(2023, 12, 15)


def test_the_workbook_has_a_dien_bien_sheet_with_a_chart(tmp_path: Path) -> None:
    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum")
    path = tmp_path / "bang.xlsx"
    path.write_bytes(build_workbook(load_period(folder, "2023"), DAY))
    workbook = load_workbook(path)
    assert workbook.sheetnames[:2] == ["Tổng hợp", "Diễn biến"]
    sheet = workbook["Diễn biến"]
    assert sheet["A1"].value == "DIỄN BIẾN TỔNG ĐIỂM THI ĐUA TRONG NĂM"
    assert [c.value for c in sheet[5]] == [
        "Hạng",
        "Đơn vị",
        "Tổng điểm sơ kết 2023-H1 (tạm tính)",
        "Tổng điểm tổng kết 2023",
        "Tăng (+), giảm (−) so với sơ kết 2023-H1",
    ]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=6, max_row=11)]
    # The rank is the summary's own cell (a formula there), so the two sheets cannot disagree.
    assert rows == [
        ["='Tổng hợp'!A6", "Sở GD&ĐT", 26.46, 97.84, 71.38],
        ["='Tổng hợp'!A7", "Sở LĐTB&XH", 22.25, 94.27, 72.02],
        ["='Tổng hợp'!A8", "Sở Y tế", 24.33, 93.46, 69.13],
        ["='Tổng hợp'!A9", "Sở KH&CN", 23.91, 93.39, 69.48],
        ["='Tổng hợp'!A10", "Sở TT&TT", 22.55, 89.23, 66.68],
        ["='Tổng hợp'!A11", "Sở VH&TT", 22.09, 87.75, 65.66],
    ]
    assert sheet["B13"].value.startswith("Điểm sơ kết là điểm tạm tính")
    assert sheet["C6"].number_format == "0.00"
    assert sheet["B6"].font.name == "Times New Roman"
    (chart,) = sheet._charts
    assert chart.tagname == "barChart"
    assert [s.tx.strRef.f for s in chart.series] == ["'Diễn biến'!C5", "'Diễn biến'!D5"]
    assert [s.val.numRef.f for s in chart.series] == ["'Diễn biến'!$C$6:$C$11", "'Diễn biến'!$D$6:$D$11"]
    assert chart.series[0].cat.numRef.f == "'Diễn biến'!$B$6:$B$11"
    assert chart.title.tx.rich.p[0].r[0].t == "Tổng điểm của các đơn vị qua các kỳ"


def test_the_sheet_is_the_same_bytes_for_the_same_inputs(tmp_path: Path) -> None:
    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum")
    assert build_workbook(load_period(folder, "2023"), DAY) == build_workbook(load_period(folder, "2023"), DAY)


def test_the_sketch_workbook_has_no_dien_bien_sheet(tmp_path: Path) -> None:
    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum")
    path = tmp_path / "bang.xlsx"
    path.write_bytes(build_workbook(load_period(folder, "2023-H1"), DAY))
    assert "Diễn biến" not in load_workbook(path).sheetnames


@needs_office
@needs_pdftotext
def test_libreoffice_prints_the_sheet_and_its_chart(tmp_path: Path) -> None:
    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum")
    path = tmp_path / "bang.xlsx"
    path.write_bytes(build_workbook(load_period(folder, "2023"), DAY))
    text = " ".join(pdf_text(convert(path, "pdf", tmp_path / "pdf")).split())
    for phrase in ("DIỄN BIẾN TỔNG ĐIỂM THI ĐUA TRONG NĂM", "Tổng điểm của các đơn vị qua các kỳ", "71.38"):
        assert phrase in text, phrase


def test_no_change_is_measured_from_or_to_a_missing_assessment(tmp_path: Path) -> None:
    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum")
    (folder / "assessments" / "2023" / "so-vhtt.yaml").unlink()
    code, out, _err = run_emul(["history", str(folder), "--unit", "so-vhtt"])
    assert code == 0
    assert "│ 2023    │ year-end               │  0.00 │    6 │ no assessment            │                — │" in out
    document = json.loads(run_emul(["history", str(folder), "--format", "json"])[1])
    vhtt = next(u for u in document["units"] if u["unit"]["id"] == "so-vhtt")
    assert vhtt["changes"][0]["total"] is None


def test_units_tied_throughout_are_in_vietnamese_dictionary_order() -> None:
    """Code-point order would put Đ after Z; the dictionary puts it after D."""
    from emulation_cli.model.units import Unit
    from emulation_cli.rollup.history import _unit_histories

    def unit(unit_id: str, name: str) -> Unit:
        return Unit(id=unit_id, name=name, short_name=name, membership=[{"start": date(2020, 1, 1)}])

    units = {"so-z": unit("so-z", "Sở Z"), "so-dd": unit("so-dd", "Sở Đ"), "so-d": unit("so-d", "Sở D")}
    tied = Standing(Decimal(90), 1, True, "htt", "Hoàn thành tốt nhiệm vụ", True)
    order = [h.unit.id for h in _unit_histories(units, [{u: tied for u in units}], {})]
    assert order == ["so-d", "so-dd", "so-z"]


# ----- numbers as people read them: from the exact totals, the way each year's rubric rounds them ---------------
def set_rounding(folder: Path, decimals: int, mode: str) -> None:
    """The copied rubric declares other decimals and another rounding mode than the example's 2, half up."""
    (rubric,) = folder.glob("criteria/*.yaml")
    text = rubric.read_text(encoding="utf-8")
    declared = "rounding:\n  decimals: 2\n  mode: half_up\n"
    assert declared in text
    rubric.write_text(
        text.replace(declared, f"rounding:\n  decimals: {decimals}\n  mode: {mode}\n", 1), encoding="utf-8"
    )


@pytest.fixture
def a_fall(tmp_path: Path) -> tuple[Path, Path]:
    """2023 as in the example; in 2024 Sở Y tế loses a point and a half (I.3.a appraised 9.5 instead of 11)."""
    first = copy_example("cum-thi-dua-so-7-2023", tmp_path / "2023")
    second = next_year(copy_example("cum-thi-dua-so-7-2023", tmp_path / "2024"))
    set_appraised(second, "2024", "so-yte", "I.3.a", "9.5")
    return first, second


def _rows(out: str, *periods: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith(tuple(f"│ {p} " for p in periods))]


def test_a_fall_is_shown_with_a_minus_sign_and_the_readers_decimal_mark(a_fall: tuple[Path, Path]) -> None:
    """The text shows the exact change the typographic way ('−1,50'); the JSON and the CSV keep the machine
    form ('-1.50'). A table read back from the JSON would show '-1,50' or '-1.50'."""
    first, second = a_fall
    args = ["history", str(first), str(second), "--unit", "so-yte"]
    assert _rows(run_emul(args, lang="vi")[1], "2024") == [
        "│ 2024    │ tổng kết          │ 91,96 │    4 │ Hoàn thành tốt nhiệm vụ      │     +67,63 (↓2) │         −1,50 (↓1) │"
    ]
    assert _rows(run_emul(args)[1], "2024") == [
        "│ 2024    │ year-end               │ 91.96 │    4 │ Hoàn thành tốt nhiệm vụ      │      +67.63 (↓2) │        −1.50 (↓1) │"
    ]
    document = json.loads(run_emul([*args, "--format", "json"])[1])
    assert [c["total"] for c in document["units"][0]["changes"]] == ["69.13", "67.63", "-1.50"]
    assert run_emul([*args, "--format", "csv"])[1].splitlines()[-1].endswith(",67.63,-2,-1.50,-1,,")


@pytest.mark.parametrize(
    ("decimals", "mode", "rows"),
    [
        (
            3,
            "half_even",
            [
                "│ 2023-H1 │ sơ kết (tạm tính) │  24,33 │    2 │ không xếp loại ở kỳ sơ kết   │                 │                    │",
                "│ 2023    │ tổng kết          │  93,46 │    3 │ Hoàn thành xuất sắc nhiệm vụ │     +69,13 (↓1) │                    │",
                "│ 2024-H1 │ sơ kết (tạm tính) │ 24,325 │    2 │ không xếp loại ở kỳ sơ kết   │                 │                    │",
                "│ 2024    │ tổng kết          │ 91,960 │    4 │ Hoàn thành tốt nhiệm vụ      │    +67,635 (↓2) │        −1,500 (↓1) │",
            ],
        ),
        (
            0,
            "down",
            [
                "│ 2023-H1 │ sơ kết (tạm tính) │ 24,33 │    2 │ không xếp loại ở kỳ sơ kết   │                 │                    │",
                "│ 2023    │ tổng kết          │ 93,46 │    3 │ Hoàn thành xuất sắc nhiệm vụ │     +69,13 (↓1) │                    │",
                "│ 2024-H1 │ sơ kết (tạm tính) │    24 │    2 │ không xếp loại ở kỳ sơ kết   │                 │                    │",
                "│ 2024    │ tổng kết          │    91 │    4 │ Hoàn thành tốt nhiệm vụ      │        +67 (↓2) │         −2,46 (↓1) │",
            ],
        ),
    ],
)
def test_each_year_is_shown_with_its_own_rubrics_decimals(
    a_fall: tuple[Path, Path], decimals: int, mode: str, rows: list[str]
) -> None:
    """2024's rubric declares other decimals: its totals are shown with them (never padded to 2 decimals nor
    rounded again), and a change between two years with the larger of the two, at which it is exact."""
    first, second = a_fall
    set_rounding(second, decimals, mode)
    args = ["history", str(first), str(second), "--unit", "so-yte"]
    code, out, err = run_emul(args, lang="vi")
    assert (code, err) == (0, "")
    assert _rows(out, "2023-H1", "2023", "2024-H1", "2024") == rows

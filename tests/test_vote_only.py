"""A cluster without a rubric ranks its members by the ranking ballot of its bình xét meeting: every command
works on the bundled example `khoi-binh-xet-2025`, says so in its own words, and never shows a point total."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from emulation_cli.model.units import Unit
from emulation_cli.ranking.rank import rank_by_votes
from emulation_cli.ranking.tally import VoteTally

from .conftest import DATA, REPO, copy_example, run_emul
from .dump import dump

EXAMPLE = "examples/khoi-binh-xet-2025"
GOLDEN = DATA / "golden" / "vote"
CASES = {
    "score.vi.txt": (["score", EXAMPLE], "vi"),
    "score.en.txt": (["score", EXAMPLE], "en"),
    "score.json": (["score", EXAMPLE, "--format", "json"], "en"),
    "score.csv": (["score", EXAMPLE, "--format", "csv"], "en"),
    "explain-cua-nam.vi.txt": (["explain", EXAMPLE, "cua-nam"], "vi"),
    "explain-ba-dinh.en.txt": (["explain", EXAMPLE, "ba-dinh"], "en"),
    "explain-bach-mai-vs-ngoc-ha.en.txt": (["explain", EXAMPLE, "bach-mai", "--vs", "ngoc-ha"], "en"),
    "awards.vi.txt": (["awards", EXAMPLE], "vi"),
    "awards.en.txt": (["awards", EXAMPLE], "en"),
    "awards.json": (["awards", EXAMPLE, "--format", "json"], "en"),
    "history.vi.txt": (["history", EXAMPLE], "vi"),
    "history-ba-dinh.en.txt": (["history", EXAMPLE, "--unit", "ba-dinh"], "en"),
    "history.json": (["history", EXAMPLE, "--format", "json"], "en"),
    "history.csv": (["history", EXAMPLE, "--format", "csv"], "en"),
    "validate.vi.txt": (["validate", EXAMPLE], "vi"),
}
# What shows points: a number followed by "điểm", a total, a self score, a bonus or penalty, a rubric, a band.
POINT_WORDS = re.compile(
    r"\d[\d,.]*\s*điểm|tổng điểm|điểm đạt|điểm tự chấm|điểm cộng|điểm trừ|điểm thưởng|thang điểm|tổng hợp điểm"
    r"|bộ tiêu chí|xếp loại|\bpoints?\b|\btotals?\b|\bbonus\b|\bpenalty\b|\bclassification\b|\brubric\b",
    re.IGNORECASE,
)


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_command_on_the_example_matches_its_golden_output(name: str) -> None:
    args, lang = CASES[name]
    code, out, err = run_emul(args, lang=lang)
    if os.environ.get("EMUL_UPDATE_GOLDEN"):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        (GOLDEN / name).write_text(out, encoding="utf-8")
    assert (code, err) == (0, "")
    assert out == (GOLDEN / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(n for n in CASES if n.endswith(".txt")))
def test_no_text_output_shows_points(name: str) -> None:
    args, lang = CASES[name]
    out = run_emul(args, lang=lang)[1]
    assert POINT_WORDS.findall(out) == []


def test_the_machine_outputs_carry_votes_and_no_points() -> None:
    score = json.loads(run_emul(["score", EXAMPLE, "--format", "json"])[1])
    assert (score["kind"], score["rubric"]) == ("ranking_by_vote", None)
    assert not {"sections", "total", "bonus", "classification"} & {key for row in score["units"] for key in row}
    awards = json.loads(run_emul(["awards", EXAMPLE, "--format", "json"])[1])
    decisions = [d for title in awards["titles"] for d in title["decisions"]]
    assert awards["basis"] == "votes"
    assert {(d["total"], d["classification"], d["gap_to_last_proposed"]) for d in decisions} == {(None, None, None)}
    assert all(isinstance(d["ranking_votes"], int) for d in decisions)
    history = json.loads(run_emul(["history", EXAMPLE, "--format", "json"])[1])
    assert [(p["basis"], p["rubric"]) for p in history["periods"]] == [("votes", None)]
    standings = [p for unit in history["units"] for p in unit["periods"]]
    assert {(p["total"], p["classification"]) for p in standings} == {(None, None)}
    for args in (["score"], ["history"]):
        rows = list(csv.DictReader(io.StringIO(run_emul([*args, EXAMPLE, "--format", "csv"])[1])))
        assert all(not row.get("total") and not row.get("classification") for row in rows)


def test_the_example_is_ranked_by_its_ballot_with_shared_ranks() -> None:
    score = json.loads(run_emul(["score", EXAMPLE, "--format", "json"])[1])
    assert [(u["rank"], u["tied"], u["unit"]["id"], u["votes"]) for u in score["units"]] == [
        (1, False, "ba-dinh", 6),
        (2, False, "hoan-kiem", 5),
        (3, True, "cua-nam", 3),
        (3, True, "giang-vo", 3),
        (5, False, "ngoc-ha", 2),
        (6, True, "hai-ba-trung", 1),
        (6, True, "vinh-tuy", 1),
        (8, False, "bach-mai", 0),
    ]
    assert score["ballot"] == {
        "state": "counted",
        "issued": 8,
        "returned": 8,
        "valid": 7,
        "choices": 3,
        "legal_basis": score["ballot"]["legal_basis"],
    }


def test_the_report_reads_naturally_and_the_minutes_report_the_ranking_ballot(tmp_path: Path) -> None:
    folder = copy_example("khoi-binh-xet-2025", tmp_path / "khoi")
    code, _out, err = run_emul(["report", str(folder), "--out", str(tmp_path / "out")])
    assert (code, err) == (0, "")
    files = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.*"))
    assert files == [
        ".emul-manifest.json",
        "bang-tong-hop-xep-hang.xlsx",
        "bao-cao-tong-ket.docx",
        "bien-ban-binh-xet.docx",
        "bien-ban-kiem-phieu.docx",
        "ghi-nho-chu-tri.docx",
        "giao-uoc-thi-dua.docx",
        "phieu-bau-bang-khen-tp.docx",
        "phieu-bau-co-thi-dua-tp.docx",
        "phieu-bau-xep-hang.docx",
        "to-trinh-khen-thuong.docx",
        "tom-tat.md",
        "tong-quan.html",
    ]
    dumps = {name: dump(tmp_path / "out" / name) for name in files if not name.startswith(".")}
    for name, text in dumps.items():
        assert POINT_WORDS.findall(text) == [], name
    minutes = dumps["bien-ban-binh-xet.docx"]
    assert "1. Kết quả bỏ phiếu xếp hạng" in minutes
    assert "Kết quả kiểm phiếu: phát ra 8 phiếu, thu về 8 phiếu, hợp lệ 7 phiếu" in minutes
    assert "| 3= | Phường Cửa Nam | 3 | 42,86% |" in minutes
    assert "Phường Cửa Nam, Phường Giảng Võ cùng 3 phiếu, đồng hạng 3; hội nghị xem xét, quyết định." in minutes
    # The unit sharing the last proposed unit's rank that was not proposed is recorded, with why.
    assert "Phường Giảng Võ (đồng hạng 3) không được đề nghị: không đạt điều kiện" in minutes
    workbook = dumps["bang-tong-hop-xep-hang.xlsx"]
    assert [line for line in workbook.splitlines() if line.startswith("== ")] == [
        "== Tổng hợp (freeze C6, paper 9, portrait, fit width 1)",
        "== Kiểm tra (freeze None, paper 9, portrait, fit width 1)",
    ]


def test_score_sheets_are_refused_for_a_cluster_without_a_rubric(tmp_path: Path) -> None:
    folder = copy_example("khoi-binh-xet-2025", tmp_path / "khoi")
    code, _out, err = run_emul(["report", str(folder), "--only", "phieu-cham", "--out", str(tmp_path / "out")])
    assert code == 2
    assert err.startswith(
        "error: 'phieu-cham' is written from the rubric's scores, and the cluster declares no rubric\n"
    )


@pytest.mark.parametrize("command", [["forms"], ["import", "nothing.xlsx"]])
def test_forms_and_import_say_there_is_nothing_to_fill_in(command: list[str]) -> None:
    code, out, err = run_emul([command[0], EXAMPLE, *command[1:]])
    assert (code, out) == (2, "")
    assert err == (
        "error: the cluster declares no rubric: it ranks its members by the ranking ballot, so there are no "
        "self-assessment forms\n"
        "  hint: record the ranking ballot in ballots/<period>.yaml (`ranking`), then run 'emul score'\n"
    )


def test_no_other_rubric_to_compare_with() -> None:
    code, _out, err = run_emul(["score", EXAMPLE, "--rubric", "criteria/khoi-so-nganh-ha-noi-2023.yaml"])
    assert code == 2
    assert err.startswith("error: the cluster declares no rubric: it ranks its members by the ranking ballot")


def test_an_unknown_unit_is_not_ranked() -> None:
    code, _out, err = run_emul(["explain", EXAMPLE, "phuong-x"])
    assert code == 2 and err.startswith("error: unit 'phuong-x' is not ranked in this period\n")


def test_the_province_orders_its_leader_by_vote_share_and_refuses_totals(tmp_path: Path) -> None:
    code, out, err = run_emul(["province", EXAMPLE, "--format", "json"])
    assert (code, err) == (0, "")
    (leader,) = json.loads(out)["leaders"]
    assert (leader["unit"]["id"], leader["total"], leader["vote_share"]) == ("ba-dinh", None, "0.875")
    folder = copy_example("khoi-binh-xet-2025", tmp_path / "khoi")
    cluster = folder / "cluster.yaml"
    cluster.write_text(cluster.read_text(encoding="utf-8").replace("rank_by: vote_share", "rank_by: total"))
    code, _out, err = run_emul(["province", str(folder)])
    assert code == 1
    assert err.startswith(
        "error: Khối thi đua các phường số 1 ranks its members by vote and has no totals, but the leaders are "
        "ordered by total\n"
    )


# ----- before the ballot, and without the quorum -------------------------------------------------------------
def _ballot(folder: Path) -> Path:
    return folder / "ballots" / "2025.yaml"


def _without_ranking(folder: Path) -> None:
    text = _ballot(folder).read_text(encoding="utf-8")
    start, end = text.index("ranking:"), text.index("votes:\n  - award")
    _ballot(folder).write_text(text[:start] + text[end:], encoding="utf-8")


def test_before_the_ranking_ballot_every_unit_shares_one_rank(tmp_path: Path) -> None:
    folder = copy_example("khoi-binh-xet-2025", tmp_path / "khoi")
    _without_ranking(folder)
    code, out, err = run_emul(["score", str(folder)])
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == (
        "No ranking ballot is recorded for period 2025 (`ranking` in ballots/2025.yaml): every unit shares one "
        "rank until it is held."
    )
    document = json.loads(run_emul(["score", str(folder), "--format", "json"])[1])
    assert document["ballot"]["state"] == "not_held"
    assert {(u["rank"], u["tied"], u["votes"], u["share"]) for u in document["units"]} == {(1, True, 0, None)}
    awards = json.loads(run_emul(["awards", str(folder), "--format", "json"])[1])
    # All share rank 1: the flag's quota line cuts through them, the meeting decides (the ineligible aside).
    eligible = ["ba-dinh", "cua-nam", "hai-ba-trung", "hoan-kiem", "ngoc-ha"]
    assert sorted(awards["titles"][0]["tie_at_quota_line"]) == eligible
    history = json.loads(run_emul(["history", str(folder), "--format", "json"])[1])
    assert (history["periods"], history["not_scored"]) == ([], [{"id": "2025", "folder": str(folder)}])
    code, out, err = run_emul(["report", str(folder), "--out", str(tmp_path / "out")])
    assert code == 0
    assert "the ranking ballot of period 2025 is not counted" in err
    minutes = dump(tmp_path / "out" / "bien-ban-binh-xet.docx")
    assert "Chưa có kết quả bỏ phiếu xếp hạng hợp lệ (chưa bỏ phiếu): các đơn vị chưa được xếp hạng." in minutes


def test_a_ranking_ballot_held_without_the_quorum_decides_nothing(tmp_path: Path) -> None:
    folder = copy_example("khoi-binh-xet-2025", tmp_path / "khoi")
    _without_ranking(folder)
    text = _ballot(folder).read_text(encoding="utf-8")
    text = text.replace(
        "present: [hoan-kiem, cua-nam, ba-dinh, ngoc-ha, giang-vo, hai-ba-trung, vinh-tuy, bach-mai]",
        "present: [hoan-kiem, cua-nam, ba-dinh, ngoc-ha, giang-vo]",
    )
    text = text.replace("issued: 8\n    returned: 8\n    valid: 8", "issued: 5\n    returned: 5\n    valid: 5")
    for in_favour in ("in_favour: 7\n    against: 1", "in_favour: 6\n    against: 2", "in_favour: 5\n    against: 3"):
        text = text.replace(in_favour, "in_favour: 5\n    against: 0")
    ranking = "ranking: {issued: 5, returned: 5, valid: 5, votes: {ba-dinh: 5, hoan-kiem: 4, cua-nam: 3}}\n"
    _ballot(folder).write_text(text.replace("votes:\n  - award", ranking + "votes:\n  - award"), encoding="utf-8")
    assert run_emul(["validate", str(folder)])[0] == 0
    document = json.loads(run_emul(["score", str(folder), "--format", "json"])[1])
    assert document["ballot"]["state"] == "inquorate"  # 5 of 8 present, below 2/3
    assert {(u["rank"], u["votes"]) for u in document["units"]} == {(1, 0)}
    out = run_emul(["score", str(folder)])[1]
    assert out.startswith("The ranking ballot of period 2025 was held without the quorum: it decides nothing")


def test_a_so_ket_of_a_cluster_ranked_by_vote_shows_the_covenant_and_is_left_out_of_the_history(
    tmp_path: Path,
) -> None:
    folder = copy_example("khoi-binh-xet-2025", tmp_path / "khoi")
    cluster = folder / "cluster.yaml"
    text = cluster.read_text(encoding="utf-8").replace(
        "periods:\n",
        'periods:\n  - id: "2025-Q3"\n    kind: so_ket\n    title: Sơ kết quý III năm 2025\n'
        "    start: 2025-07-01\n    end: 2025-09-30\n",
    )
    cluster.write_text(text, encoding="utf-8")
    assert run_emul(["validate", str(folder)]) == (0, "OK: 12 files checked, no problems found.\n", "")
    code, out, err = run_emul(["score", str(folder), "--period", "2025-Q3"])
    assert (code, err) == (0, "") and "progress on the covenant commitments" in out
    code, _out, err = run_emul(["report", str(folder), "--period", "2025-Q3", "--out", str(tmp_path / "out")])
    assert (code, err) == (0, "")
    report = dump(tmp_path / "out" / "bao-cao-so-ket.docx")
    assert "Khối không chấm điểm thi đua" in report and POINT_WORDS.findall(report) == []
    history = json.loads(run_emul(["history", str(folder), "--format", "json"])[1])
    assert [p["id"] for p in history["periods"]] == ["2025"]


# ----- the rule of the ranking ballot ------------------------------------------------------------------------
def _tallies(votes: list[int]) -> list[VoteTally]:
    valid = max(votes, default=0)
    return [VoteTally(Unit(id=f"u{i}", name=f"U {i}", short_name=f"U{i}"), v, valid) for i, v in enumerate(votes)]


def _ranks(votes: list[int], method: str = "competition") -> dict[str, tuple[int, bool]]:
    return {item.unit.id: (item.rank, item.tied) for item in rank_by_votes(_tallies(votes), method)}


VOTES = st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=12)


@given(VOTES)
def test_more_votes_rank_higher_and_equal_votes_share_a_rank(votes: list[int]) -> None:
    ranks = _ranks(votes)
    for i, a in enumerate(votes):
        rank, tied = ranks[f"u{i}"]
        assert rank == 1 + sum(1 for b in votes if b > a)  # competition: 1, 2, 2, 4
        assert tied == (votes.count(a) > 1)
    dense = _ranks(votes, "dense")
    for i, a in enumerate(votes):
        assert dense[f"u{i}"][0] == 1 + len({b for b in votes if b > a})  # dense: 1, 2, 2, 3


@given(VOTES, st.data())
def test_a_vote_more_never_lowers_a_units_rank(votes: list[int], data: st.DataObject) -> None:
    unit = data.draw(st.integers(min_value=0, max_value=len(votes) - 1))
    more = [v + 1 if i == unit else v for i, v in enumerate(votes)]
    assert _ranks(more)[f"u{unit}"][0] <= _ranks(votes)[f"u{unit}"][0]


@given(VOTES, st.randoms())
def test_the_ranking_does_not_depend_on_the_order_of_the_units(votes: list[int], random: Any) -> None:
    tallies = _tallies(votes)
    shuffled = tallies[:]
    random.shuffle(shuffled)
    ranked = [(i.unit.id, i.rank, i.tied) for i in rank_by_votes(tallies, "competition")]
    assert [(i.unit.id, i.rank, i.tied) for i in rank_by_votes(shuffled, "competition")] == ranked


def test_the_old_examples_still_rank_by_points() -> None:
    for example in ("examples/cum-thi-dua-so-7-2023", "examples/khoi-thi-dua-so-5-2023"):
        document = json.loads(run_emul(["score", example, "--format", "json"])[1])
        assert document["kind"] == "ranking" and document["rubric"] is not None


def _next_year(first: Path, target: Path) -> Path:
    """The example's khối a year on: 2026, with the 2026 members, and a ranking ballot that moves Ngọc Hà up
    (from 5th to a shared 2nd) and Ba Đình down (from 1st to the same shared 2nd)."""
    shutil.copytree(first, target)
    cluster = (target / "cluster.yaml").read_text(encoding="utf-8")
    head, rest = cluster.split("members:\n  - year: 2025", 1)
    _old_year, next_year = rest.split("  - year: 2026", 1)
    cluster = head.replace("year: 2025", "year: 2026") + "members:\n  - year: 2026" + next_year
    cluster = cluster.replace('id: "2025"', 'id: "2026"').replace("năm 2025", "năm 2026")
    cluster = cluster.replace("start: 2025-07-01\n    end: 2025-12-31", "start: 2026-01-01\n    end: 2026-12-31")
    (target / "cluster.yaml").write_text(cluster.replace("date: 2025-12-18", "date: 2026-12-17"), encoding="utf-8")
    covenant = (target / "covenant.yaml").read_text(encoding="utf-8").replace("year: 2025", "year: 2026")
    (target / "covenant.yaml").write_text(covenant.replace("date: 2025-08-20", "date: 2026-02-20"), encoding="utf-8")
    (target / "assessments" / "2025").rename(target / "assessments" / "2026")
    for path in (target / "assessments" / "2026").iterdir():
        path.write_text(path.read_text(encoding="utf-8").replace('"2025"', '"2026"'), encoding="utf-8")
    ballot = (target / "ballots" / "2025.yaml").read_text(encoding="utf-8").replace('period: "2025"', 'period: "2026"')
    ballot = (
        ballot.replace("date: 2025-12-18", "date: 2026-12-17")
        .replace("ngoc-ha: 2", "ngoc-ha: 4")
        .replace("ba-dinh: 6", "ba-dinh: 4")
    )
    (target / "ballots" / "2025.yaml").unlink()
    (target / "ballots" / "2026.yaml").write_text(ballot, encoding="utf-8")
    return target


def test_two_years_ranked_by_vote_show_the_places_moved(tmp_path: Path) -> None:
    first = copy_example("khoi-binh-xet-2025", tmp_path / "2025")
    second = _next_year(first, tmp_path / "2026")
    assert run_emul(["validate", str(second)])[0] == 0
    code, out, err = run_emul(["history", str(first), str(second), "--unit", "ngoc-ha"])
    assert (code, err) == (0, "")
    assert [line for line in out.splitlines() if line.startswith("│ 2026")] == [
        "│ 2026   │ year-end │ 4/7 votes │   2= │                ↑3 │"
    ]
    assert POINT_WORDS.findall(out) == []
    document = json.loads(run_emul(["history", str(first), str(second), "--format", "json"])[1])
    (ngoc_ha,) = [u for u in document["units"] if u["unit"]["id"] == "ngoc-ha"]
    assert ngoc_ha["changes"] == [
        {
            "kind": "since_last_year",
            "from": "2025",
            "to": "2026",
            "total": None,
            "rank_from": 5,
            "rank_to": 2,
            "places": 3,
        }
    ]


def test_a_ward_that_merges_away_is_not_ranked_and_is_listed_apart(tmp_path: Path) -> None:
    folder = copy_example("khoi-binh-xet-2025", tmp_path / "khoi")
    units = (folder / "units.yaml").read_text(encoding="utf-8")
    head, tail = units.split("  - id: bach-mai\n")
    merged = "    merged:\n      into: phuong-moi\n      name: Phường Mới\n      date: 2025-11-01\n"
    units = head + "  - id: bach-mai\n" + tail.rstrip("\n") + "\n" + merged
    (folder / "units.yaml").write_text(units, encoding="utf-8")
    cluster = (folder / "cluster.yaml").read_text(encoding="utf-8")
    this_year, next_year = cluster.split("  - year: 2026\n")  # a body merged in 2025 is no member in 2026
    next_year = next_year.replace("      - unit: bach-mai\n", "")
    (folder / "cluster.yaml").write_text(this_year + "  - year: 2026\n" + next_year, encoding="utf-8")
    ballot = _ballot(folder).read_text(encoding="utf-8")
    ballot = ballot.replace(", vinh-tuy, bach-mai]", ", vinh-tuy]").replace(
        "issued: 8\n  returned: 8", "issued: 7\n  returned: 7"
    )
    ballot = ballot.replace("issued: 8\n    returned: 8\n    valid: 8", "issued: 7\n    returned: 7\n    valid: 7")
    for against in ("against: 1", "against: 2", "against: 3"):
        ballot = ballot.replace(against, "against: 0")
    _ballot(folder).write_text(ballot, encoding="utf-8")
    code, out, _err = run_emul(["validate", str(folder)])
    assert code == 0, out
    document = json.loads(run_emul(["score", str(folder), "--format", "json"])[1])
    assert "bach-mai" not in [u["unit"]["id"] for u in document["units"]]
    assert [d["unit"]["id"] for d in document["departed"]] == ["bach-mai"]
    out = run_emul(["score", str(folder)])[1]
    assert out.splitlines()[-1].startswith("  - P. Bạch Mai: merged into Phường Mới")

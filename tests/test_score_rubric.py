"""`emul score --rubric`: the period re-scored under another rubric version, and how the ranking would move;
the rubric's git commit in the outputs (`rubric_commit`)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from emulation_cli.rubrics.versions import rubric_commit

from .conftest import REPO, copy_example, git, load_period, run_emul

RUBRIC = REPO / "criteria" / "khoi-so-nganh-ha-noi-2023.yaml"
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
I_3_A = "            max: 12\n            method:\n              kind: manual"
I_3_B = "            max: 8\n            method:\n              kind: manual"


def other_rubric(path: Path, *edits: tuple[str, str]) -> Path:
    text = RUBRIC.read_text(encoding="utf-8").replace('version: "2023.1"', 'version: "2024.1"')
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def cluster(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example of Cụm thi đua số 7 copied outside git; the current folder is its parent."""
    monkeypatch.chdir(tmp_path)
    return copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum")


def swap_rubric(tmp_path: Path) -> Path:
    """I.3.a is worth 10 instead of 12 (I.3.b 10 instead of 8, so that I.3 still adds up to 20): Sở Y tế,
    appraised 11 on I.3.a, loses 1 point, Sở KH&CN (10.5) only 0.5, and they swap places."""
    return other_rubric(tmp_path / "v2024.yaml", (I_3_A, I_3_A.replace("12", "10")), (I_3_B, I_3_B.replace("8", "10")))


def test_a_lower_max_swaps_two_units(cluster: Path, tmp_path: Path) -> None:
    swap_rubric(tmp_path)
    code, out, err = run_emul(["score", "cum", "--rubric", "v2024.yaml"])
    assert (code, err) == (0, "")
    assert out == (
        "Cụm thi đua số 7 — Tổng kết công tác thi đua, khen thưởng năm 2023: the ranking now (rubric "
        "khoi-so-nganh-ha-noi 2023.1) and under v2024.yaml (khoi-so-nganh-ha-noi 2024.1)\n"
        "┏━━━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━━━━━━┳━━━━━━┳━━━━━━━━━━┳━━━━━━━┓\n"
        "┃ Unit       ┃ Rank now ┃ Total now ┃ New rank ┃ New total ┃ Move ┃ Δ points ┃ Notes ┃\n"
        "┡━━━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━━━━━━╇━━━━━━╇━━━━━━━━━━╇━━━━━━━┩\n"
        "│ Sở GD&ĐT   │        1 │     97.84 │        1 │     96.34 │    – │    −1.50 │       │\n"
        "│ Sở LĐTB&XH │        2 │     94.27 │        2 │     94.27 │    – │     0.00 │       │\n"
        "│ Sở KH&CN   │        4 │     93.39 │        3 │     92.89 │  ▲ 1 │    −0.50 │       │\n"
        "│ Sở Y tế    │        3 │     93.46 │        4 │     92.46 │  ▼ 1 │    −1.00 │       │\n"
        "│ Sở TT&TT   │        5 │     89.23 │        5 │     89.23 │    – │     0.00 │       │\n"
        "│ Sở VH&TT   │        6 │     87.75 │        6 │     87.75 │    – │     0.00 │       │\n"
        "└────────────┴──────────┴───────────┴──────────┴───────────┴──────┴──────────┴───────┘\n"
    )


def test_in_vietnamese_numbers_have_a_decimal_comma(cluster: Path, tmp_path: Path) -> None:
    swap_rubric(tmp_path)
    code, out, _err = run_emul(["score", "cum", "--rubric", "v2024.yaml"], lang="vi")
    assert code == 0
    assert "│ Sở Y tế    │             3 │              93,46 │        4 │         92,46 │      ▼ 1 │  −1,00 │" in out


def test_entries_the_other_rubric_lacks_are_ignored_and_its_new_criteria_score_as_missing(
    cluster: Path, tmp_path: Path
) -> None:
    """III.4 (max 2) is replaced by a new III.5 that no assessment has yet: every unit loses its III.4
    points, and the note says which entry of each unit was ignored."""
    start = "      - id: III.4\n        title: Thực hành tiết kiệm, chống lãng phí; phòng, chống tham nhũng, tiêu cực\n"
    replaced = start.replace("III.4", "III.5").replace(
        "Thực hành tiết kiệm", "Tiết kiệm năng lượng, thực hành tiết kiệm"
    )
    other_rubric(tmp_path / "v2024.yaml", (start, replaced))
    code, out, err = run_emul(["score", "cum", "--rubric", "v2024.yaml", "--format", "json"])
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert document["schema"] == "emul.score-compare/1"
    assert document["rubric"]["commit"] is None  # the copy is outside git
    assert (document["other_rubric"]["source"], document["other_rubric"]["version"]) == ("v2024.yaml", "2024.1")
    assert len(document["other_rubric"]["content_hash"]) == 64
    rows = [
        (
            u["unit"]["id"],
            u["cluster_rubric"]["rank"],
            u["cluster_rubric"]["total"],
            u["other_rubric"]["rank"],
            u["other_rubric"]["total"],
            u["rank_change"],
            u["total_change"],
            u["ignored_entries"],
        )
        for u in document["units"]
    ]
    assert rows == [
        ("so-gddt", 1, "97.84", 1, "96.09", 0, "-1.75", ["III.4"]),
        ("so-ldtbxh", 2, "94.27", 2, "92.52", 0, "-1.75", ["III.4"]),
        ("so-yte", 3, "93.46", 3, "91.71", 0, "-1.75", ["III.4"]),
        ("so-khcn", 4, "93.39", 4, "91.64", 0, "-1.75", ["III.4"]),
        ("so-tttt", 5, "89.23", 5, "87.48", 0, "-1.75", ["III.4"]),
        ("so-vhtt", 6, "87.75", 6, "86.00", 0, "-1.75", ["III.4"]),
    ]
    code, out, err = run_emul(["score", "cum", "--rubric", "v2024.yaml"])
    assert out.endswith(
        "Assessment entries ignored, for criteria the other rubric does not score:\n"
        "  Sở GD&ĐT: 1 (III.4)\n  Sở LĐTB&XH: 1 (III.4)\n  Sở Y tế: 1 (III.4)\n"
        "  Sở KH&CN: 1 (III.4)\n  Sở TT&TT: 1 (III.4)\n  Sở VH&TT: 1 (III.4)\n"
    )


def test_a_sketch_period_has_no_ranking_to_compare(cluster: Path, tmp_path: Path) -> None:
    swap_rubric(tmp_path)
    assert run_emul(["score", "cum", "--period", "2023-H1", "--rubric", "v2024.yaml"]) == (
        2,
        "",
        "error: period 2023-H1 is a sơ kết: it has no ranking to compare\n"
        "  hint: give a tổng kết period with --period\n",
    )


def test_csv_is_not_offered_for_a_comparison(cluster: Path, tmp_path: Path) -> None:
    swap_rubric(tmp_path)
    code, out, err = run_emul(["score", "cum", "--rubric", "v2024.yaml", "--format", "csv"])
    assert (code, out) == (2, "")
    assert "'csv' is not one of: text, json" in err


def test_the_clusters_own_tie_breaks_must_exist_in_the_other_rubric(cluster: Path, tmp_path: Path) -> None:
    config = cluster / "cluster.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "\nranking:\n  tie_breaks:\n    - {kind: criterion, criterion: III.4}\n",
        encoding="utf-8",
    )
    start = "      - id: III.4\n"
    other_rubric(tmp_path / "v2024.yaml", (start, start.replace("III.4", "III.5")))
    assert run_emul(["score", "cum", "--rubric", "v2024.yaml"]) == (
        1,
        "",
        "error: the tie-breaks of cum/cluster.yaml name what the rubric 'v2024.yaml' does not have: criterion III.4\n"
        "  hint: the cluster's `ranking:` replaces the rubric's; adapt it to the new rubric\n",
    )


def test_an_invalid_other_rubric_is_refused_with_its_errors(cluster: Path, tmp_path: Path) -> None:
    other_rubric(tmp_path / "v2024.yaml", (I_3_A, I_3_A.replace("12", "10")))
    assert run_emul(["score", "cum", "--rubric", "v2024.yaml"]) == (
        1,
        "",
        "v2024.yaml:70:14: error: sections[0].criteria[2].max: the sub-criteria of I.3 add up to 18, but its max "
        "is 20\n"
        "  hint: correct a sub-criterion's `max` or this `max`\n"
        "error: the rubric 'v2024.yaml' has 1 error(s); nothing was compared\n"
        "  hint: correct them (see above) and run the command again\n",
    )


def test_a_missing_other_rubric_is_a_usage_error(cluster: Path) -> None:
    code, out, err = run_emul(["score", "cum", "--rubric", "nope.yaml"])
    assert (code, out) == (2, "")
    assert err.startswith("error: the rubric file 'nope.yaml' does not exist\n")


# ----- the rubric's commit ----------------------------------------------------------------------------------
@needs_git
def test_rubric_commit_is_the_last_commit_of_a_clean_tracked_file(tmp_path: Path, isolated_git: None) -> None:
    repo = tmp_path / "repo"
    (repo / "criteria").mkdir(parents=True)
    rubric = repo / "criteria" / "x.yaml"
    rubric.write_text(RUBRIC.read_text(encoding="utf-8"), encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "rubric")
    first = git(repo, "rev-parse", "HEAD")
    assert rubric_commit(rubric) == first
    (repo / "notes.txt").write_text("another file\n", encoding="utf-8")
    git(repo, "add", "notes.txt")
    git(repo, "commit", "-q", "-m", "notes")
    assert rubric_commit(rubric) == first  # the last commit that touched the rubric, not HEAD
    assert rubric_commit(repo / "criteria" / ".." / "criteria" / "x.yaml") == first
    rubric.write_text(rubric.read_text(encoding="utf-8") + "# sửa chưa commit\n", encoding="utf-8")
    assert rubric_commit(rubric) is None  # modified since
    untracked = repo / "criteria" / "y.yaml"
    untracked.write_text("id: y\n", encoding="utf-8")
    assert rubric_commit(untracked) is None


def test_rubric_commit_is_none_outside_git_or_without_git(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_git: None
) -> None:
    outside = tmp_path / "x.yaml"
    outside.write_text("id: x\n", encoding="utf-8")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert rubric_commit(outside) is None
    assert rubric_commit(tmp_path / "missing.yaml") is None
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    assert rubric_commit(RUBRIC) is None  # git is not installed


@needs_git
def test_score_json_and_workbook_record_the_commit(tmp_path: Path, isolated_git: None) -> None:
    from openpyxl import load_workbook

    from emulation_cli.reports.xlsx import build_workbook

    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum")
    git(folder, "init", "-q")
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", "Cụm thi đua số 7")
    head = git(folder, "rev-parse", "HEAD")
    document = json.loads(run_emul(["score", str(folder), "--format", "json"])[1])
    assert document["rubric"]["commit"] == head
    assert len(document["rubric"]["content_hash"]) == 64
    workbook = tmp_path / "bang.xlsx"
    workbook.write_bytes(build_workbook(load_period(folder, "2023"), date(2023, 12, 15)))
    rows = {r[0]: r[1] for r in load_workbook(workbook)["Kiểm tra"].iter_rows(min_row=3, values_only=True)}
    assert rows["Commit của bộ tiêu chí (git)"] == head


PROPORTIONAL_I_2 = """        method:
          kind: proportional
          target: 100
          unit_of_measure: "%"
        guidance: >-
          Tỷ lệ (%) nhiệm vụ UBND"""


def test_entries_the_other_rubric_reads_differently_are_named(cluster: Path, tmp_path: Path) -> None:
    """I.2 becomes a criterion scored by hand (the units only entered its figure) and the award table is
    renamed (Sở LĐTB&XH's prior award is no longer in it): both score nothing there, and the output says so."""
    manual = PROPORTIONAL_I_2.replace(
        'kind: proportional\n          target: 100\n          unit_of_measure: "%"', "kind: manual"
    )
    other_rubric(tmp_path / "v2024.yaml", (PROPORTIONAL_I_2, manual), ("co-thi-dua-tinh:", "co-thi-dua-tp:"))
    code, out, _err = run_emul(["score", "cum", "--rubric", "v2024.yaml"])
    assert code == 0
    lines = out.splitlines()
    start = lines.index("Entries the other rubric reads differently (they score nothing there):")
    assert lines[start + 1 : start + 3] == [
        "  Sở GD&ĐT I.2: scored by hand there, but only a figure was entered",
        "  Sở KH&CN I.2: scored by hand there, but only a figure was entered",
    ]
    assert "  Sở LĐTB&XH TH.1: the award 'co-thi-dua-tinh' is not in its table" in lines
    document = json.loads(run_emul(["score", "cum", "--rubric", "v2024.yaml", "--format", "json"])[1])
    ldtbxh = next(row for row in document["units"] if row["unit"]["id"] == "so-ldtbxh")
    assert ldtbxh["unfit_entries"] == ["I.2: manual", "TH.1: award:co-thi-dua-tinh"]

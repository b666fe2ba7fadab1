"""Many clusters in one run: `emul validate|score|awards|report|history|province FOLDER...` with folders of
clusters, --jobs, the outputs in the order of the folders, one summary and the worst exit code."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import time
from pathlib import Path

import pytest

from emulation_cli.commands import many
from emulation_cli.loading.discovery import find_clusters

from .conftest import DATA, copy_example, run_emul
from .test_province import base_copy, second_cluster


def cluster(parent: Path, name: str, source: Path = DATA / "base") -> Path:
    """A copy of the base cluster (or `source`) under `parent`, with its own cluster id and name."""
    folder = parent / name
    shutil.copytree(source, folder)
    path = folder / "cluster.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^id: .*$", f"id: cum-{name}", text, count=1)
    text = re.sub(r"(?m)^name: .*$", f"name: Cụm {name}", text, count=1)
    path.write_text(text, encoding="utf-8")
    return folder


def breaks(folder: Path) -> None:
    """A located error in the folder: an assessment that is no YAML mapping."""
    next((folder / "assessments").rglob("*.yaml")).write_text("- not a mapping\n", encoding="utf-8")


def sections(out: str) -> dict[str, str]:
    """The text of each cluster, by the folder its heading names."""
    parts = re.split(r"(?m)^(?:\n)?==> (.*) <==\n", out)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


# ----- which folders ------------------------------------------------------------------------------------------
def test_a_folder_of_clusters_in_vietnamese_order_skipping_hidden_linked_and_nested(tmp_path: Path) -> None:
    parent = tmp_path / "tinh"
    for name in ("Em", "Đông", "Dương"):
        cluster(parent, name)
    cluster(parent / "vung", "An")  # deeper down
    cluster(parent / ".an", "x")  # hidden
    cluster(parent / "Em" / "luu-tru", "y")  # inside a cluster folder
    (parent / "lien-ket").symlink_to(parent / "vung", target_is_directory=True)
    found = [path.relative_to(parent).as_posix() for path in find_clusters([parent])]
    # Code point order would put Đông after Em: the dictionary puts Đ right after D.
    assert found == ["Dương", "Đông", "Em", "vung/An"]


def test_the_same_cluster_twice_counts_once_and_a_folder_without_clusters_is_a_usage_error(tmp_path: Path) -> None:
    first, second = cluster(tmp_path, "a"), cluster(tmp_path, "b")
    assert find_clusters([first, second, tmp_path / "b" / ".." / "a", tmp_path]) == (first, second)
    (tmp_path / "rong").mkdir()
    code, out, err = run_emul(["validate", str(first), str(tmp_path / "rong")])
    assert (code, out) == (2, "")
    assert f"'{(tmp_path / 'rong').as_posix()}' is neither a cluster folder nor a folder of cluster folders" in err


# ----- validate -------------------------------------------------------------------------------------------
def test_validate_prints_each_cluster_in_order_then_a_summary_with_the_worst_exit_code(tmp_path: Path) -> None:
    parent = tmp_path / "tinh"
    good, bad, other = cluster(parent, "a"), cluster(parent, "b"), cluster(parent, "c")
    breaks(bad)
    code, out, err = run_emul(["validate", str(parent), "--jobs", "1"])
    assert (code, err) == (1, "")
    shown = sections(out)
    assert list(shown) == [good.as_posix(), bad.as_posix(), other.as_posix()]
    assert shown[good.as_posix()] == run_emul(["validate", str(good)])[1]
    assert shown[bad.as_posix()].startswith(run_emul(["validate", str(bad)])[1])
    summary = shown[bad.as_posix()].split("\n\n")[0] + "\n" + out.rsplit("\n\n", 1)[1]
    assert "3 cluster(s): 2 OK, 0 with warnings, 1 with errors, 0 failed." in summary
    assert re.search(rf"(?m)^  {re.escape(bad.as_posix())}: .*\.yaml:1:1: ", out)


def test_validate_json_is_one_document_of_each_clusters_own_json(tmp_path: Path) -> None:
    good, bad = cluster(tmp_path, "a"), cluster(tmp_path, "b")
    breaks(bad)
    code, out, err = run_emul(["validate", str(good), str(bad), "--format", "json", "-j", "1"])
    assert code == 1
    document = json.loads(out)
    assert out == json.dumps(document, ensure_ascii=False, indent=2) + "\n"  # laid out as json.dumps would
    assert [item["folder"] for item in document] == [good.as_posix(), bad.as_posix()]
    assert [item["exit_code"] for item in document] == [0, 1]
    assert document[0]["result"] == json.loads(run_emul(["validate", str(good), "--format", "json"])[1])
    assert document[1]["result"]["ok"] is False and document[1]["errors"] == []
    assert err.startswith("2 cluster(s): 1 OK, 0 with warnings, 1 with errors, 0 failed.\n")


def test_a_crash_in_one_cluster_is_that_clusters_exit_3_and_the_others_still_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = cluster(tmp_path, "a"), cluster(tmp_path, "b")
    from emulation_cli.commands import validate

    real = validate.validate_folder

    def failing(folder: Path):  # type: ignore[no-untyped-def]
        if folder == first:
            raise ZeroDivisionError
        return real(folder)

    monkeypatch.setattr(validate, "validate_folder", failing)
    code, out, err = run_emul(["validate", str(first), str(second), "--format", "json", "-j", "1"])
    assert code == 3
    document = json.loads(out)
    assert [item["exit_code"] for item in document] == [3, 0]
    assert document[0]["result"] is None
    assert document[0]["errors"] == ["internal error (a bug in emul): ZeroDivisionError"]
    assert "internal error (a bug in emul): ZeroDivisionError. The details are in " in err
    assert "0 with errors, 1 failed." in err


def test_jobs_below_one_is_a_usage_error(tmp_path: Path) -> None:
    code, _out, err = run_emul(["validate", str(cluster(tmp_path, "a")), "--jobs", "0"])
    assert code == 2 and "--jobs" in err


# ----- the pool -------------------------------------------------------------------------------------------
def sleep_then_echo(item: float, _settings: many.Settings) -> float:
    time.sleep(item)
    return item


def test_the_pool_gives_results_in_the_order_of_the_items_not_of_their_completion() -> None:
    items = [0.6, 0.0, 0.3, 0.0, 0.1]
    settings = many.Settings.of_this_process()
    finished: list[int] = []
    results = list(many.ordered(sleep_then_echo, items, 2, settings, lambda item: -item, lambda: finished.append(1)))
    assert results == items and len(finished) == len(items)


def die_on_two(item: int, _settings: many.Settings) -> int:
    if item == 2:
        os._exit(9)  # as the system's out-of-memory killer ends a process: no exception, no clean-up
    return item * 10


def test_a_worker_that_dies_fails_its_item_alone_and_the_others_still_come_in_order() -> None:
    settings = many.Settings.of_this_process()
    results = list(many.ordered(die_on_two, [1, 2, 3, 4, 5], 2, settings, lambda item: -item))
    assert results == [10, -2, 30, 40, 50]


def test_a_cluster_whose_worker_died_says_so_with_exit_1() -> None:
    run = many._lost_run(many.Task("validate", (Path("cum-a"),)))
    assert run.exit_code == 1 and run.folder == "cum-a"
    assert "killed, or out of memory" in run.stderr and run.first_error is not None


def test_with_a_progress_bar_on_the_terminal_the_output_still_goes_to_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from rich.console import Console

    real = many.make_console

    def terminal_stderr(stderr: bool = False) -> Console:
        return Console(file=sys.stderr, force_terminal=True, width=80) if stderr else real(stderr)

    monkeypatch.setattr(many, "make_console", terminal_stderr)
    tasks = [many.Task("validate", (cluster(tmp_path, name),), {"format": "json", "strict": False}) for name in "ab"]
    assert many.run(tasks, "json", 1) == 0
    out = capsys.readouterr().out
    assert [item["exit_code"] for item in json.loads(out)] == [0, 0]  # the results, in the file, not on the screen


def test_history_of_several_clusters_gives_an_unreadable_folder_a_group_of_its_own(tmp_path: Path) -> None:
    first, second, broken = cluster(tmp_path, "a"), cluster(tmp_path, "b"), cluster(tmp_path, "z")
    (broken / "cluster.yaml").write_text("id: [\n", encoding="utf-8")
    code, out, _err = run_emul(["history", str(first), str(second), str(broken), "--format", "json", "-j", "1"])
    document = json.loads(out)
    assert code == 1
    assert [item["folder"] for item in document] == [first.as_posix(), second.as_posix(), broken.as_posix()]
    assert [item["exit_code"] for item in document] == [0, 0, 1]


def test_jobs_2_prints_exactly_what_jobs_1_prints(tmp_path: Path) -> None:
    parent = tmp_path / "tinh"
    for name in ("a", "b", "c"):
        cluster(parent, name)
    breaks(parent / "b")
    one = run_emul(["score", str(parent), "--jobs", "1"])
    two = run_emul(["score", str(parent), "--jobs", "2"])
    assert one == two
    assert one[0] == 1 and list(sections(one[1])) == [(parent / n).as_posix() for n in ("a", "b", "c")]


# ----- score, awards, report, history ----------------------------------------------------------------------
def test_score_text_of_each_cluster_is_its_own_run_at_the_same_width(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "70")
    first, second = cluster(tmp_path, "a"), cluster(tmp_path, "b")
    code, out, _err = run_emul(["score", str(first), str(second), "-j", "1"])
    assert code == 0
    shown = sections(out)
    assert shown[first.as_posix()] == run_emul(["score", str(first)])[1]
    assert shown[second.as_posix()].startswith(run_emul(["score", str(second)])[1])


def test_score_csv_has_the_folder_first_and_one_header(tmp_path: Path) -> None:
    first, second = cluster(tmp_path, "a"), cluster(tmp_path, "b")
    code, out, err = run_emul(["score", str(first), str(second), "--format", "csv", "-j", "1"])
    assert code == 0 and err.startswith("2 cluster(s): 2 OK")
    single = run_emul(["score", str(first), "--format", "csv"])[1].splitlines()
    lines = out.splitlines()
    assert lines[0] == "folder," + single[0]
    assert lines[1 : len(single)] == [f"{first.as_posix()},{row}" for row in single[1:]]
    assert len(lines) == 2 * len(single) - 1
    assert run_emul(["score", str(first), str(second), "--excel"])[0] == 2


def test_awards_with_a_period_one_cluster_lacks_fails_that_cluster_only(tmp_path: Path) -> None:
    first = copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum-7")
    second = copy_example("khoi-binh-xet-2025", tmp_path / "khoi-1")
    code, out, _err = run_emul(["awards", str(tmp_path), "--period", "2023", "--format", "json", "-j", "1"])
    document = json.loads(out)
    assert code == 2 and [item["folder"] for item in document] == [first.as_posix(), second.as_posix()]
    assert [item["exit_code"] for item in document] == [0, 2]
    assert document[0]["result"] == json.loads(run_emul(["awards", str(first), "--format", "json"])[1])
    assert document[1]["result"] is None and document[1]["errors"] == ["there is no period '2023'"]


def test_report_writes_each_clusters_documents_to_its_own_folder(tmp_path: Path) -> None:
    first, second = cluster(tmp_path, "a"), cluster(tmp_path, "b")
    code, _out, _err = run_emul(["report", str(tmp_path), "--only", "tom-tat", "-j", "1"])
    assert code == 0
    assert [p.relative_to(tmp_path).as_posix() for p in sorted(tmp_path.glob("*/van-ban/2024/*.md"))] == [
        "a/van-ban/2024/tom-tat.md",
        "b/van-ban/2024/tom-tat.md",
    ]
    assert "Cụm b" in (second / "van-ban" / "2024" / "tom-tat.md").read_text(encoding="utf-8")
    code, _out, err = run_emul(["report", str(first), str(second), "--out", str(tmp_path / "x")])
    assert code == 2 and "--out takes one cluster folder" in err and not (tmp_path / "x").exists()


def test_history_gives_one_history_per_cluster(tmp_path: Path) -> None:
    first, second = cluster(tmp_path, "a"), cluster(tmp_path, "b")
    code, out, _err = run_emul(["history", str(first), str(second), "--format", "json", "-j", "1"])
    assert code == 0
    document = json.loads(out)
    assert [item["folder"] for item in document] == [first.as_posix(), second.as_posix()]
    assert document[0]["result"] == json.loads(run_emul(["history", str(first), "--format", "json"])[1])
    code, _out, err = run_emul(["history", str(first), str(first)])  # one cluster: as before
    assert code == 2 and "is given twice" in err


# ----- province -------------------------------------------------------------------------------------------
def test_province_refuses_mixed_years_before_reading_any_assessment(tmp_path: Path) -> None:
    first, second = base_copy(tmp_path), second_cluster(tmp_path)
    cluster_file = second / "cluster.yaml"
    cluster_file.write_text(cluster_file.read_text(encoding="utf-8").replace("year: 2024", "year: 2025"), "utf-8")
    breaks(second)  # would be reported first if the folder were loaded
    code, out, err = run_emul(["province", str(first), str(second)])
    assert (code, out) == (1, "")
    assert err == "error: the clusters are of different years (2024, 2025); the roll-up is for one year\n"


def test_province_over_a_folder_of_clusters_in_workers_is_the_same_roll_up(tmp_path: Path) -> None:
    first, second = base_copy(tmp_path, "50%"), second_cluster(tmp_path, ratio="50%")
    listed = run_emul(["province", str(first), str(second), "--format", "json", "-j", "1"])
    assert listed[0] == 0
    assert run_emul(["province", str(tmp_path), "--format", "json", "-j", "2"]) == listed
    breaks(second)
    failed = run_emul(["province", str(first), str(second), "-j", "1"])
    assert failed[0] == 1 and run_emul(["province", str(first), str(second), "-j", "2"]) == failed


def test_the_folder_column_is_neutralised_and_the_clusters_own_cells_kept_as_written() -> None:
    from emulation_cli.results.csv_table import Figure, csv_text, led_by

    rows = [["rank", "change", "name"], [1, Figure("-1.50"), "=Sở A"]]
    with led_by("folder", "=cum"):
        assert csv_text(rows) == "folder,rank,change,name\n'=cum,1,-1.50,'=Sở A\n"
    assert csv_text(rows) == "rank,change,name\n1,-1.50,'=Sở A\n"  # outside, as before


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_province_shows_every_cluster_that_fails_not_only_the_first(tmp_path: Path, jobs: str) -> None:
    first, second = base_copy(tmp_path, "50%"), second_cluster(tmp_path, ratio="50%")
    third = second_cluster(tmp_path, "c", ratio="50%")
    breaks(first)
    breaks(third)
    code, out, err = run_emul(["province", str(first), str(second), str(third), "-j", jobs])
    assert (code, out) == (1, "")
    shown = sections(err)
    assert list(shown) == [first.as_posix(), third.as_posix()]
    assert all("not-a-mapping" in text or "mapping" in text for text in shown.values())

"""`emul score`, `explain`, `awards` and `province` on the examples: exact output against golden files."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from .conftest import DATA, REPO, run_emul

EXAMPLE = "examples/cum-thi-dua-so-7-2023"
EXAMPLE_5 = "examples/khoi-thi-dua-so-5-2023"
APPRAISED = "tests/data/appraised"  # communes scored by city departments: no self scores, floors, relative
GOLDEN = DATA / "golden"
# The rubric's git commit changes whenever criteria/ is committed (and is null outside a git checkout).
RUBRIC_COMMIT = re.compile(r'"commit": (?:null|"[0-9a-f]{40,64}")')
CASES = {
    "score-2023.en.txt": (["score", EXAMPLE], "en"),
    "score-2023.vi.txt": (["score", EXAMPLE], "vi"),
    "score-2023.json": (["score", EXAMPLE, "--format", "json"], "en"),
    "score-2023.csv": (["score", EXAMPLE, "--format", "csv"], "en"),
    "score-2023-H1.vi.txt": (["score", EXAMPLE, "--period", "2023-H1"], "vi"),
    "explain-so-yte.en.txt": (["explain", EXAMPLE, "so-yte"], "en"),
    "explain-so-yte-vs-so-khcn.vi.txt": (["explain", EXAMPLE, "so-yte", "--vs", "so-khcn"], "vi"),
    "awards-cum-7.vi.txt": (["awards", EXAMPLE], "vi"),
    "awards-khoi-5.en.txt": (["awards", EXAMPLE_5], "en"),
    "awards-khoi-5.json": (["awards", EXAMPLE_5, "--format", "json"], "en"),
    "province-2023.vi.txt": (["province", EXAMPLE, EXAMPLE_5], "vi"),
    "province-2023.json": (["province", EXAMPLE, EXAMPLE_5, "--format", "json"], "en"),
    "score-appraised.vi.txt": (["score", APPRAISED], "vi"),
    "score-appraised.json": (["score", APPRAISED, "--format", "json"], "en"),
    "score-appraised.csv": (["score", APPRAISED, "--format", "csv"], "en"),
    "explain-appraised-cat-hai.en.txt": (["explain", APPRAISED, "dac-khu-cat-hai"], "en"),
    "explain-appraised-an-lao.vi.txt": (["explain", APPRAISED, "xa-an-lao"], "vi"),
}


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_matches_golden_file(name: str) -> None:
    args, lang = CASES[name]
    code, out, err = run_emul(args, lang=lang)
    out = RUBRIC_COMMIT.sub('"commit": "<commit>"', out)
    if os.environ.get("EMUL_UPDATE_GOLDEN"):
        (GOLDEN / name).write_text(out, encoding="utf-8")
    assert (code, err) == (0, "")
    assert out == (GOLDEN / name).read_text(encoding="utf-8")


def test_json_totals_are_exact_decimals_in_rank_order() -> None:
    document = json.loads(run_emul(["score", EXAMPLE, "--format", "json"])[1])
    assert document["schema"] == "emul.score/1" and document["kind"] == "ranking"
    assert [(u["rank"], u["unit"]["id"], u["total"]) for u in document["units"]] == [
        (1, "so-gddt", "97.84"),
        (2, "so-ldtbxh", "94.27"),
        (3, "so-yte", "93.46"),
        (4, "so-khcn", "93.39"),
        (5, "so-tttt", "89.23"),
        (6, "so-vhtt", "87.75"),
    ]


def test_output_does_not_depend_on_file_order(tmp_path: Path) -> None:
    folder = tmp_path / "cum"
    run_emul(["init", str(folder), "--example", "cum-thi-dua-so-7-2023"])
    units = folder / "units.yaml"
    text = units.read_text(encoding="utf-8")
    head, *blocks = text.split("\n  - id: ")
    units.write_text(
        head + "".join("\n  - id: " + b for b in reversed(blocks)).replace("\n\n  - id", "\n  - id"), encoding="utf-8"
    )
    original = run_emul(["score", EXAMPLE, "--format", "json"])[1]
    moved = run_emul(["score", str(folder), "--format", "json"])[1]
    assert json.loads(moved)["units"] == json.loads(original)["units"]


def test_csv_never_lets_a_name_become_a_formula(tmp_path: Path) -> None:
    folder = tmp_path / "cum"
    shutil.copytree(DATA / "base", folder)
    units = folder / "units.yaml"
    units.write_text(
        units.read_text(encoding="utf-8").replace("short_name: Sở A", 'short_name: "=HYPERLINK(1)"'), encoding="utf-8"
    )
    rows = list(csv.reader(io.StringIO(run_emul(["score", str(folder), "--format", "csv"])[1])))
    assert "'=HYPERLINK(1)" in [row[3] for row in rows]


def test_an_invalid_folder_is_refused_with_its_errors(tmp_path: Path) -> None:
    folder = tmp_path / "cum"
    shutil.copytree(DATA / "base", folder)
    units = folder / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace("short_name: Sở B", "short_name: [x"), encoding="utf-8")
    code, out, err = run_emul(["score", str(folder)])
    assert (code, out) == (1, "")
    assert err.endswith(
        "error: the cluster folder has 1 error(s); nothing was computed\n"
        "  hint: correct them (see above, or run 'emul validate') and run the command again\n"
    )


def test_unknown_period_and_unit_are_usage_errors() -> None:
    code, _out, err = run_emul(["score", EXAMPLE, "--period", "2022"])
    assert code == 2 and err == "error: there is no period '2022'\n  hint: periods: 2023-H1, 2023\n"
    code, _out, err = run_emul(["explain", EXAMPLE, "so-xyz"])
    assert code == 2 and err.startswith("error: unit 'so-xyz' is not scored in this period\n")


def test_the_failed_vote_of_cum_5_passes_the_bang_khen_on() -> None:
    document = json.loads(run_emul(["awards", EXAMPLE_5, "--format", "json"])[1])
    flag, bang_khen = document["titles"]
    assert (flag["proposed"], document["government_flag_candidate"]) == (["so-tc"], "so-tc")
    assert bang_khen["quota"] == 3 and bang_khen["proposed"] == ["so-khdt", "so-tnmt", "so-nnptnt"]
    outcomes = {d["unit"]["id"]: d["outcome"] for d in bang_khen["decisions"]}
    assert (outcomes["so-ct"], outcomes["so-xd"], outcomes["so-gtvt"]) == ("ineligible", "vote_failed", "quota_reached")


def test_the_cluster_can_declare_its_own_tie_breaks(tmp_path: Path) -> None:
    folder = tmp_path / "cum"
    shutil.copytree(DATA / "base", folder)
    for unit, old, new in (
        ("so-b", "I.1: {self: 38, appraised: 37.5", "I.1: {self: 38, appraised: 37"),
        ("so-b", "I.2.b: {facts: {count: 1}}", "I.2.b: {facts: {count: 0}}"),
        ("so-c", "I.1: {self: 38, appraised: 37.5", "I.1: {self: 38, appraised: 35"),
    ):
        path = folder / "assessments" / "2024" / f"{unit}.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")

    def ranks() -> list[tuple[str, int, bool]]:
        units = json.loads(run_emul(["score", str(folder), "--format", "json"])[1])["units"]
        return [(u["unit"]["id"], u["rank"], u["tied"]) for u in units]

    assert ranks()[:2] == [("so-a", 1, True), ("so-b", 1, True)]  # the rubric's tie-breaks cannot separate them
    cluster = folder / "cluster.yaml"
    cluster.write_text(
        cluster.read_text(encoding="utf-8") + "ranking:\n  tie_breaks:\n    - {kind: criterion, criterion: I.1}\n",
        encoding="utf-8",
    )
    assert ranks()[:2] == [("so-a", 1, False), ("so-b", 2, False)]

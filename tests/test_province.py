"""`emul province`: leaders of several clusters, the Government-flag cap, and one cluster per unit."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .conftest import DATA, run_emul


def untie(folder: Path, prefix: str) -> None:
    """In the base cluster all three units tie; lower two of them so that the first one leads, whose flag
    makes it the cluster's candidate for the Government's flag."""
    cluster = folder / "cluster.yaml"
    cluster.write_text(
        cluster.read_text(encoding="utf-8").replace(
            "      min_classification: htxs\n",
            "      min_classification: htxs\n      government_flag_candidate: true\n",
        ),
        encoding="utf-8",
    )
    for unit, points in (("b", "36"), ("c", "35")):
        path = folder / "assessments" / "2024" / f"{prefix}-{unit}.yaml"
        path.write_text(
            path.read_text(encoding="utf-8").replace("appraised: 37.5", f"appraised: {points}"), encoding="utf-8"
        )


def second_cluster(tmp_path: Path, name: str = "b", ratio: str | None = None) -> Path:
    """A copy of the base cluster with other units (t-a, t-b, t-c named Sở X, Sở Y, Sở Z)."""
    folder = tmp_path / name
    shutil.copytree(DATA / "base", folder)
    for path in folder.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8").replace("so-", "t-").replace("cum-thu-nghiem", f"cum-{name}")
        text = text.replace("Sở A", "Sở X").replace("Sở B", "Sở Y").replace("Sở Đ", "Sở Z")
        if ratio is not None and path.name == "cluster.yaml":
            text = text.replace("  gates:\n", f'  government_flag: {{ratio: "{ratio}"}}\n  gates:\n', 1)
        path.write_text(text, encoding="utf-8")
    for path in sorted(folder.rglob("so-*.yaml")):
        path.rename(path.with_name(path.name.replace("so-", "t-")))
    untie(folder, "t")
    first = folder / "assessments" / "2024" / "t-a.yaml"
    first.write_text(first.read_text(encoding="utf-8").replace("appraised: 37.5", "appraised: 37"), encoding="utf-8")
    return folder


def base_copy(tmp_path: Path, ratio: str | None = None) -> Path:
    folder = tmp_path / "a"
    shutil.copytree(DATA / "base", folder)
    if ratio is not None:
        cluster = folder / "cluster.yaml"
        text = cluster.read_text(encoding="utf-8").replace(
            "  gates:\n", f'  government_flag: {{ratio: "{ratio}"}}\n  gates:\n', 1
        )
        cluster.write_text(text, encoding="utf-8")
    untie(folder, "so")
    return folder


def test_leaders_and_the_cap_in_rank_order(tmp_path: Path) -> None:
    first, second = base_copy(tmp_path, "50%"), second_cluster(tmp_path, ratio="50%")
    assert run_emul(["validate", str(second)])[0] == 0
    code, out, err = run_emul(["province", str(first), str(second), "--format", "json"])
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert (document["leaders_count"], document["cap"], document["rule"]["ratio"]) == (2, 1, "0.5")
    leaders = [(item["unit"]["id"], item["total"], item["government_flag_candidate"]) for item in document["leaders"]]
    assert leaders == [("so-a", "106.50", True), ("t-a", "106.00", False)]
    assert document["tied_at_cap"] == []


def test_default_cap_of_20_percent_rounds_down(tmp_path: Path) -> None:
    code, out, _err = run_emul(
        ["province", str(base_copy(tmp_path)), str(second_cluster(tmp_path)), "--format", "json"]
    )
    assert code == 0 and json.loads(out)["cap"] == 0


def test_a_unit_in_two_clusters_of_one_year_is_an_error(tmp_path: Path) -> None:
    first = base_copy(tmp_path)
    code, out, err = run_emul(["province", str(first), str(second_cluster(tmp_path)), str(first)])
    assert (code, out, err) == (2, "", "error: the cluster cum-thu-nghiem is given twice\n")
    second = tmp_path / "c"
    shutil.copytree(DATA / "base", second)
    cluster = second / "cluster.yaml"
    cluster.write_text(
        cluster.read_text(encoding="utf-8").replace("id: cum-thu-nghiem", "id: cum-khac"), encoding="utf-8"
    )
    code, _out, err = run_emul(["province", str(first), str(second)])
    assert code == 1
    assert err.startswith("error: Sở A is a member of both cum-thu-nghiem and cum-khac in 2024; ")


def test_equal_leaders_across_the_cap_are_left_to_the_province(tmp_path: Path) -> None:
    first, second = base_copy(tmp_path, "50%"), second_cluster(tmp_path, ratio="50%")
    path = second / "assessments" / "2024" / "t-a.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        .replace("appraised: 37\n", "appraised: 37.5\n")
        .replace("appraised: 37,", "appraised: 37.5,"),
        encoding="utf-8",
    )
    document = json.loads(run_emul(["province", str(first), str(second), "--format", "json"])[1])
    assert document["tied_at_cap"] == ["t-a", "so-a"] or document["tied_at_cap"] == ["so-a", "t-a"]
    assert [item["government_flag_candidate"] for item in document["leaders"]] == [False, False]


def _edit(folder: Path, old: str, new: str) -> None:
    cluster = folder / "cluster.yaml"
    cluster.write_text(cluster.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def test_clusters_of_other_provinces_rules_or_periods_are_refused(tmp_path: Path) -> None:
    first, second = base_copy(tmp_path), second_cluster(tmp_path)
    _edit(second, "province: Thành phố Hà Nội", "province: Tỉnh Bắc Ninh")
    code, _out, err = run_emul(["province", str(first), str(second)])
    assert code == 1 and err.startswith("error: the clusters belong to different provinces (Thành phố Hà Nội, Tỉnh")
    _edit(second, "province: Tỉnh Bắc Ninh", "province: Thành phố Hà Nội")
    _edit(second, "  gates:\n", '  government_flag: {ratio: "1/3"}\n  gates:\n')
    code, _out, err = run_emul(["province", str(first), str(second)])
    assert code == 1 and err.startswith("error: the clusters declare different Government-flag rules")


def test_a_unit_named_alike_in_two_clusters_is_caught(tmp_path: Path) -> None:
    first, second = base_copy(tmp_path), second_cluster(tmp_path)
    units = second / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace("name: Sở X", "name: sở  A"), encoding="utf-8")
    code, _out, err = run_emul(["province", str(first), str(second)])
    assert (code, err) == (
        1,
        "error: sở  A is a member of both cum-thu-nghiem and cum-b in 2024\n"
        "  hint: a unit belongs to one cluster at a time: correct the members of one of them\n",
    )


def test_a_unit_that_moved_to_another_cluster_during_the_year_is_no_clash(tmp_path: Path) -> None:
    """Sở Đ leaves the first cluster on 30/6 and joins the second from 1/7: one cluster at a time, no clash."""
    first, second = base_copy(tmp_path), second_cluster(tmp_path)
    units = first / "units.yaml"
    units.write_text(
        units.read_text(encoding="utf-8").replace(
            "- start: 2021-06-01\n", "- start: 2021-06-01\n        end: 2024-06-30\n"
        ),
        encoding="utf-8",
    )
    (first / "assessments" / "2024" / "so-c.yaml").unlink()
    ballot = first / "ballots" / "2024.yaml"
    text = ballot.read_text(encoding="utf-8").replace("[so-a, so-b, so-c]", "[so-a, so-b]")
    ballot.write_text(
        text.replace(
            "issued: 3, returned: 3, valid: 3, in_favour: 3", "issued: 2, returned: 2, valid: 2, in_favour: 2"
        ),
        encoding="utf-8",
    )
    moved = second / "units.yaml"
    text = moved.read_text(encoding="utf-8").replace("name: Sở Z", "name: Sở Đ")
    moved.write_text(text.replace("- start: 2021-06-01\n", "- start: 2024-07-01\n"), encoding="utf-8")
    covenant = second / "covenant.yaml"
    covenant.write_text(covenant.read_text(encoding="utf-8").replace("2024-03-20", "2024-07-20"), encoding="utf-8")
    code, _out, err = run_emul(["province", str(first), str(second)])
    assert (code, err) == (0, "")
    units.write_text(
        units.read_text(encoding="utf-8").replace("        end: 2024-06-30\n", "        end: 2024-12-31\n"),
        encoding="utf-8",
    )
    code, _out, err = run_emul(["province", str(first), str(second)])  # a member of both at the year's end
    assert code == 1 and "Sở Đ is a member of both" in err


def set_decimals(folder: Path, decimals: int) -> None:
    """The cluster's rubric declares `decimals` (the base rubric leaves the default 2)."""
    rubric = folder / "criteria" / "rubric.yaml"
    text = rubric.read_text(encoding="utf-8")
    rubric.write_text(
        text.replace("\nsections:", f"\nrounding: {{decimals: {decimals}}}\nsections:", 1), encoding="utf-8"
    )


def test_each_leaders_total_is_shown_the_way_its_rubric_rounds_it(tmp_path: Path) -> None:
    """Sở A's rubric declares 1 decimal, Sở X's the default 2: each total is shown with its own rubric's
    decimals and the reader's decimal mark, never padded to 2 decimals as the JSON writes it ('106.50')."""
    first, second = base_copy(tmp_path, "50%"), second_cluster(tmp_path, ratio="50%")
    set_decimals(first, 1)
    code, out, err = run_emul(["province", str(first), str(second)], lang="vi")
    assert (code, err) == (0, "")
    assert "│ Sở A           │  106,5 │      100,00% │ đề nghị                  │" in out
    assert "│ Sở X           │ 106,00 │      100,00% │ ngoài giới hạn           │" in out
    code, out, err = run_emul(["province", str(first), str(second)])
    assert "│ Sở A         │  106.5 │         100.00% │ proposed        │" in out
    assert "│ Sở X         │ 106.00 │         100.00% │ beyond the cap  │" in out


def test_the_cap_ratio_is_shown_with_the_readers_decimal_mark(tmp_path: Path) -> None:
    """A third is shown rounded at 2 decimals, 12.5% as declared; Vietnamese readers get the decimal comma."""
    for ratio, vietnamese, english in (("1/3", "33,33%", "33.33%"), ("12.5%", "12,5%", "12.5%")):
        folder = tmp_path / ratio.replace("/", "-").replace("%", "")
        first, second = base_copy(folder, ratio), second_cluster(folder, ratio=ratio)
        out = run_emul(["province", str(first), str(second)], lang="vi")[1]
        assert (
            out.splitlines()[0]
            == f"Năm 2024: đơn vị dẫn đầu của 2 cụm; giới hạn Cờ thi đua của Chính phủ {vietnamese} × 2 = 0"
        )
        out = run_emul(["province", str(first), str(second)])[1]
        assert out.splitlines()[0] == f"2024: leaders of 2 clusters; Government-flag cap {english} × 2 = 0"

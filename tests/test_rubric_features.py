"""The rubric features of the 2025 cluster year: scoring bodies and appraiser-only rubrics, floors on any node,
criteria not assigned, scores relative to the cluster, and what may be left out (classification, a cap,
optional bonus and penalty entries)."""

from __future__ import annotations

import copy
import csv
import io
import json
import shutil
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from emulation_cli.loading.document import YamlDocument
from emulation_cli.loading.files import Loaded
from emulation_cli.model.assessment import Assessment
from emulation_cli.model.cluster import ScoringPolicy
from emulation_cli.model.rubric import Rubric
from emulation_cli.model.units import Unit
from emulation_cli.rubrics.diff import diff_rubrics
from emulation_cli.rubrics.versions import rubric_hash
from emulation_cli.scoring.classify import classify
from emulation_cli.scoring.relative import references
from emulation_cli.scoring.sheet import UnitScore, score_unit

from .conftest import DATA, REPO, run_emul
from .dump import dump_docx

APPRAISED = DATA / "appraised"
MANUAL = {"kind": "manual", "evidence_required": False}


# ----- a rubric built inline -------------------------------------------------------------------------------
def rubric_data() -> dict[str, Any]:
    """The rubric of tests/data/appraised, as plain data that a test can change."""
    from ruamel.yaml import YAML

    data: dict[str, Any] = YAML(typ="safe").load((APPRAISED / "criteria" / "rubric.yaml").read_text(encoding="utf-8"))
    return data


def make_rubric(**changes: Any) -> Rubric:
    data = rubric_data()
    data.update(changes)
    return Rubric.model_validate(data)


def unit_score(
    rub: Rubric,
    entries: dict[str, Any],
    not_assigned: tuple[str, ...] = (),
    unit_id: str = "u",
    best: dict[str, Any] | None = None,
) -> UnitScore:
    assessment = Assessment.model_validate(
        {"unit": unit_id, "period": "2025", "criteria": entries, "not_assigned": list(not_assigned)}
    )
    unit = Unit.model_validate(
        {"id": unit_id, "name": unit_id.upper(), "short_name": unit_id, "membership": [{"start": date(2025, 1, 1)}]}
    )
    loaded = Loaded(assessment, YamlDocument(file=f"{unit_id}.yaml", data={}))
    return score_unit(unit, loaded, rub, ScoringPolicy(), [], best)


def appraised(**points: float | str) -> dict[str, Any]:
    return {cid.replace("_", "."): {"appraised": Decimal(str(value))} for cid, value in points.items()}


FULL = {
    "I.1.a": {"facts": {"actual": 100}},
    "I.1.b": {"appraised": 10},
    "I.2": {"appraised": 20},
    "II.1": {"appraised": 20},
    "II.2": {"facts": {"actual": 95}},
    "III.1": {"appraised": 15},
    "III.2": {"appraised": 15},
}


# ----- scoring bodies ----------------------------------------------------------------------------------------
def test_each_criterion_is_scored_by_the_body_declared_on_it_or_above_it() -> None:
    rub = make_rubric()
    score = unit_score(rub, FULL)
    bodies = {c.criterion.id: c.scorer.id if c.scorer else None for c in score.criteria}
    assert bodies == {
        "I.1.a": "noi-vu",
        "I.1.b": "noi-vu",
        "I.2": "noi-vu",
        "II.1": "tai-chinh",
        "II.2": "tai-chinh",
        "III.1": "van-hoa",
        "III.2": "van-hoa",
        "TH.1": "noi-vu",
        "TH.2": "tai-chinh",
        "TR.1": "tai-chinh",
        "TR.2": "noi-vu",
    }


def test_each_body_has_its_points_and_its_own_bonus_line() -> None:
    entries = {**FULL, "TH.1": {"facts": {"award": "co-thi-dua-tinh"}}, "TH.2": {"facts": {"count": 2}}}
    score = unit_score(make_rubric(), entries)
    assert [(s.id, points, bonus) for s, points, bonus in score.by_scorer()] == [
        ("noi-vu", 40, 10),
        ("tai-chinh", 30, 4),
        ("van-hoa", 30, 0),
    ]
    assert score.total_exact == 100 + 10 + 4


def test_an_appraiser_scored_rubric_has_no_self_points() -> None:
    score = unit_score(make_rubric(), FULL)
    assert not score.self_scored
    assert all(c.self_points is None and c.difference is None for c in score.criteria)
    assert score.flagged_differences == ()


# ----- criteria not assigned ---------------------------------------------------------------------------------
def test_a_criterion_not_assigned_leaves_its_points_and_max_and_the_total_is_rescaled() -> None:
    entries = {k: v for k, v in FULL.items() if k != "III.2"}
    score = unit_score(make_rubric(), entries, not_assigned=("III.2",))
    iii_2 = next(c for c in score.criteria if c.criterion.id == "III.2")
    assert (iii_2.assigned, iii_2.final, iii_2.maximum, iii_2.lost) == (False, 0, 0, 0)
    assert score.assigned_max == 85 and score.scale_factor == Fraction(100, 85)
    assert score.total_exact == 100 and score.total == Decimal("100.00")  # full marks on what was assigned


def test_a_parent_not_assigned_takes_its_sub_criteria_with_it() -> None:
    entries = {k: v for k, v in FULL.items() if not k.startswith("I.1")}
    score = unit_score(make_rubric(), entries, not_assigned=("I.1",))
    assert [c.criterion.id for c in score.criteria if not c.assigned] == ["I.1.a", "I.1.b"]
    assert score.scale_factor == Fraction(100, 80)


def test_with_the_rule_none_the_total_is_not_brought_back_to_the_scale() -> None:
    entries = {k: v for k, v in FULL.items() if k != "III.2"}
    score = unit_score(make_rubric(not_assigned_rule="none"), entries, not_assigned=("III.2",))
    assert score.scale_factor == 1 and score.total_exact == 85


MANUAL_IDS = ("I.1.b", "I.2", "III.1", "III.2")


@settings(max_examples=80, deadline=None)
@given(
    points=st.tuples(*(st.integers(0, 20) for _ in MANUAL_IDS)),
    figures=st.tuples(st.integers(0, 200), st.integers(0, 200), st.integers(0, 200)),
    unassigned=st.sets(st.sampled_from(["I.1", "I.1.a", "I.2", "II", "II.1", "II.2", "III.1", "III.2"]), max_size=3),
)
def test_a_rescaled_total_never_exceeds_the_scale(
    points: tuple[int, ...], figures: tuple[int, int, int], unassigned: set[str]
) -> None:
    rub = make_rubric()
    maxima = {"I.1.b": 10, "I.2": 20, "III.1": 15, "III.2": 15}
    pairs = zip(MANUAL_IDS, points, strict=True)
    entries: dict[str, Any] = {cid: {"appraised": min(p, maxima[cid])} for cid, p in pairs}
    entries |= {
        "I.1.a": {"facts": {"actual": figures[0]}},
        "II.1": {"facts": {"actual": figures[1]}},
        "II.2": {"facts": {"actual": figures[2]}},
    }
    declared = tuple(sorted(c for c in unassigned if c != "II"))
    gone = rub.leaves_under(declared)
    score = unit_score(rub, {k: v for k, v in entries.items() if k not in gone}, not_assigned=declared)
    sections = sum((value for _sid, value in score.sections), Fraction(0))
    assert sections <= score.assigned_max
    assert sections * score.scale_factor <= 100
    assert score.total_exact == sections * score.scale_factor + score.bonus - score.penalty
    if score.assigned_max == sections:  # full marks on what was assigned: exactly the scale
        assert sections * score.scale_factor == 100


# ----- relative to the cluster -------------------------------------------------------------------------------
def relative_scores(actuals: dict[str, int | None], **method: Any) -> dict[str, UnitScore]:
    data = rubric_data()
    relative = data["sections"][1]["criteria"][0]["method"]
    relative.update(method)
    rub = Rubric.model_validate(data)
    assessments = {
        unit: Assessment.model_validate(
            {"unit": unit, "period": "2025", "criteria": {"II.1": {"facts": {"actual": actual}}}}
        )
        for unit, actual in actuals.items()
    }
    best = references(rub, assessments)
    return {
        unit: unit_score(rub, {"II.1": {"facts": {"actual": actual}}}, unit_id=unit, best=best)
        for unit, actual in actuals.items()
    }


def ii_1(score: UnitScore) -> Fraction:
    return next(c.final for c in score.criteria if c.criterion.id == "II.1")


def test_meeting_the_target_earns_the_declared_share_and_the_best_the_max() -> None:
    scores = relative_scores({"a": 130, "b": 100, "c": 115, "d": 90})
    assert {u: ii_1(s) for u, s in scores.items()} == {"a": 20, "b": 10, "c": 15, "d": 9}
    computed = next(c.computed for c in scores["c"].criteria if c.criterion.id == "II.1")
    assert computed is not None and computed.reference is not None and computed.reference.units == ("a",)


def test_below_the_target_a_unit_earns_nothing_when_the_rubric_says_zero() -> None:
    scores = relative_scores({"a": 130, "d": 90}, below_target="zero")
    assert ii_1(scores["d"]) == 0


def test_units_sharing_the_best_result_are_all_named() -> None:
    scores = relative_scores({"b": 120, "a": 120, "c": 110})
    computed = next(c.computed for c in scores["c"].criteria if c.criterion.id == "II.1")
    assert computed is not None and computed.reference is not None and computed.reference.units == ("a", "b")


@settings(max_examples=120, deadline=None)
@given(
    actuals=st.lists(st.one_of(st.none(), st.integers(0, 250)), min_size=1, max_size=7),
    share=st.sampled_from(["0", "1/4", "50%", "0.6", "1"]),
    below=st.sampled_from(["proportional", "zero"]),
)
def test_relative_points_follow_the_cluster(actuals: list[int | None], share: str, below: str) -> None:
    units = {f"u{i}": actual for i, actual in enumerate(actuals)}
    scores = relative_scores(units, at_target_share=share, below_target=below)
    points = {u: ii_1(s) for u, s in scores.items()}
    reported = [a for a in actuals if a is not None]
    best = max(reported, default=None)
    at_share = 20 * Fraction(share if not share.endswith("%") else Fraction(share[:-1]) / 100)
    for unit, actual in units.items():
        assert 0 <= points[unit] <= 20
        if actual is not None and best is not None and actual == best and best > 100:
            assert points[unit] == 20  # the best result above the target earns the max
        if actual == 100:
            assert points[unit] == at_share  # the target itself earns the declared share
    ordered = sorted(units, key=lambda u: units[u] or 0)
    assert [points[u] for u in ordered] == sorted(points[u] for u in ordered)  # more never earns less


# ----- floors on any node ------------------------------------------------------------------------------------
def test_bands_sharing_a_min_total_differ_only_by_their_floors() -> None:
    rub = make_rubric()
    entries = {
        **FULL,
        "I.1.b": {"appraised": 8},
        "I.2": {"appraised": 16},
        "II.1": {"appraised": 15},  # exactly 75 %: still "cơ bản đạt"
        "III.1": {"appraised": 12},
    }
    score = unit_score(rub, {k: v for k, v in entries.items() if k != "III.2"}, not_assigned=("III.2",))
    classified = score.classification
    assert classified is not None
    assert (classified.by_total.id, classified.band.id) == ("dat", "co-ban-dat")
    assert [(m.band.id, m.node) for m in classified.missed] == [
        ("dat", "I.1.b"),
        ("dat", "I.2"),
        ("dat", "II.1"),
        ("dat", "III.1"),
    ]


def test_the_floors_that_decided_are_those_of_every_band_passed_over() -> None:
    entries = {**FULL, "II.1": {"appraised": 10}, "II.2": {"appraised": 8}}
    classified = unit_score(make_rubric(), entries).classification
    assert classified is not None and classified.band.id == "chua-dat"
    assert [(m.band.id, m.node, m.points, m.maximum) for m in classified.missed] == [
        ("dat", "II.1", 10, 20),
        ("dat", "II.2", 8, 10),
        ("co-ban-dat", "II.1", 10, 20),
    ]
    assert [m.node for m in classified.decided_by] == ["II.1", "II.2"]


def test_a_floor_in_points_on_a_section() -> None:
    entries = {**FULL, "II.1": {"appraised": 16}, "II.2": {"appraised": 0}}
    data = rubric_data()
    data["classification"]["bands"][0]["floors"] = [{"node": "II", "min_points": 20}]
    classified = unit_score(Rubric.model_validate(data), entries).classification
    assert classified is not None and classified.band.id == "chua-dat"
    first = classified.missed[0]
    assert (first.node, first.points, first.required) == ("II", 16, 20)


def test_a_floor_on_a_criterion_not_assigned_does_not_apply() -> None:
    data = rubric_data()
    data["classification"]["bands"][0]["floors"] = [{"node": "III.2", "min_share": "90%"}]
    entries = {k: v for k, v in FULL.items() if k != "III.2"}
    classified = unit_score(Rubric.model_validate(data), entries, not_assigned=("III.2",)).classification
    assert classified is not None and classified.band.id == "dat"


LEAVES = ("I.1.b", "I.2", "II.1", "II.2", "III.1", "III.2")
LEAF_MAX = {"I.1.b": 10, "I.2": 20, "II.1": 20, "II.2": 10, "III.1": 15, "III.2": 15}
FLOOR_SETS = [
    [{"each": "indicators", "min_share": "85%"}],
    [{"each": "criteria", "min_share": "80%"}, {"node": "II", "min_points": 22}],
    [{"node": "I.1", "min_share": "90%"}, {"each": "sections", "min_share": "3/4"}],
]


@settings(max_examples=150, deadline=None)
@given(
    shares=st.tuples(*(st.integers(0, 20) for _ in LEAVES)),
    raised=st.sampled_from(LEAVES),
    gain=st.integers(1, 20),
    rule=st.sampled_from(["drop_one_band", "highest_band_met"]),
    floors=st.tuples(st.sampled_from(FLOOR_SETS), st.sampled_from(FLOOR_SETS)),
)
def test_raising_a_nodes_score_never_lowers_the_band(
    shares: tuple[int, ...], raised: str, gain: int, rule: str, floors: tuple[list[Any], list[Any]]
) -> None:
    data = rubric_data()
    data["classification"] = {
        "floor_rule": rule,
        "bands": [
            {"id": "a", "label": "A", "min_total": 90, "floors": floors[0]},
            {"id": "b", "label": "B", "min_total": 90, "floors": floors[1]} if floors[0] != floors[1] else None,
            {"id": "c", "label": "C", "min_total": 70, "min_criterion_share": 0.5},
        ],
        "fallback": {"id": "d", "label": "D"},
    }
    data["classification"]["bands"] = [b for b in data["classification"]["bands"] if b]
    rub = Rubric.model_validate(data)
    order = [b.id for b in rub.classification.bands] + ["d"] if rub.classification else []
    points = {cid: Fraction(min(s, LEAF_MAX[cid])) for cid, s in zip(LEAVES, shares, strict=True)}
    entries = {cid: {"appraised": Decimal(p.numerator)} for cid, p in points.items()} | {"I.1.a": {"appraised": 10}}
    before = unit_score(rub, entries)
    entries[raised] = {"appraised": Decimal(min(int(points[raised]) + gain, LEAF_MAX[raised]))}
    after = unit_score(rub, entries)
    assert before.classification is not None and after.classification is not None
    assert order.index(after.classification.band.id) <= order.index(before.classification.band.id)


@settings(max_examples=80, deadline=None)
@given(
    points=st.tuples(*(st.integers(0, 20) for _ in LEAVES)),
    share=st.sampled_from(["0.5", "0.7", "0.85", "0.9"]),
    rule=st.sampled_from(["drop_one_band", "highest_band_met"]),
)
def test_min_criterion_share_is_a_floor_on_each_top_level_criterion(
    points: tuple[int, ...], share: str, rule: str
) -> None:
    legacy, floors = rubric_data(), rubric_data()
    bands = [{"id": "a", "label": "A", "min_total": 80}, {"id": "b", "label": "B", "min_total": 60}]
    legacy["classification"] = {
        "floor_rule": rule,
        "bands": [{**b, "min_criterion_share": Decimal(share)} for b in bands],
        "fallback": {"id": "c", "label": "C"},
    }
    floors["classification"] = copy.deepcopy(legacy["classification"])
    for band in floors["classification"]["bands"]:
        band["floors"] = [{"each": "criteria", "min_share": share}]
        del band["min_criterion_share"]
    entries = {cid: {"appraised": min(p, LEAF_MAX[cid])} for cid, p in zip(LEAVES, points, strict=True)}
    entries["I.1.a"] = {"appraised": 5}
    old, new = unit_score(Rubric.model_validate(legacy), entries), unit_score(Rubric.model_validate(floors), entries)
    assert old.classification is not None and new.classification is not None
    assert old.classification.band.id == new.classification.band.id
    assert old.classification.below_floor == new.classification.below_floor


# ----- what may be left out ----------------------------------------------------------------------------------
def test_a_rubric_without_classification_classifies_no_one() -> None:
    rub = make_rubric(classification=None)
    score = unit_score(rub, FULL)
    assert score.classification is None
    assert classify(rub, Fraction(90), score.criteria) is None


def test_an_uncapped_penalty_deducts_all_its_points() -> None:
    entries = {**FULL, "TR.1": {"facts": {"count": 4}}, "TR.2": {"facts": {"count": 5}}}
    score = unit_score(make_rubric(), entries)
    assert score.penalty == 20 + 10 and score.total_exact == 70


@pytest.mark.parametrize(("combine", "item_max", "points"), [("max", 15, 15), ("sum", 15, 15), ("sum", 25, 25)])
def test_several_prior_awards_combine_by_the_rubrics_rule(combine: str, item_max: int, points: int) -> None:
    """A provincial flag (10) and the Government's (15): the highest, or their sum, at most the item's max."""
    data = rubric_data()
    bonus = data["bonus"]["criteria"][0]
    bonus["method"]["combine"], bonus["max"] = combine, item_max
    entries = {**FULL, "TH.1": {"facts": {"award": ["co-thi-dua-tinh", "co-thi-dua-chinh-phu"]}}}
    assert unit_score(Rubric.model_validate(data), entries).bonus == points


def test_sum_of_prior_awards_is_capped_by_the_items_max() -> None:
    data = rubric_data()
    data["bonus"]["criteria"][0]["method"]["combine"] = "sum"
    entries = {**FULL, "TH.1": {"facts": {"award": ["co-thi-dua-tinh", "co-thi-dua-bo"]}}}
    assert unit_score(Rubric.model_validate(data), entries).bonus == 15  # 10 + 10, at most 15
    data["bonus"]["criteria"][0]["max"] = 25
    data["bonus"]["cap"] = 30
    assert unit_score(Rubric.model_validate(data), entries).bonus == 20


def test_bonus_and_penalty_items_not_entered_raise_no_warning() -> None:
    code, out, _err = run_emul(["validate", str(APPRAISED)])
    assert (code, out) == (0, "OK: 8 files checked, no problems found.\n")


def test_a_scored_criterion_not_entered_still_warns(tmp_path: Path) -> None:
    folder = shutil.copytree(APPRAISED, tmp_path / "cum")
    path = folder / "assessments" / "2025" / "xa-an-lao.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  I.2: {appraised: 16}\n", ""), encoding="utf-8")
    code, out, _err = run_emul(["validate", str(folder)])
    assert code == 0
    assert "criteria without an entry, scored 0 (1): I.2\n" in out
    assert "TH." not in out and "TR." not in out and "III.2" not in out


# ----- the outputs of an appraiser-scored cluster ------------------------------------------------------------
def test_no_output_has_a_self_column_when_units_do_not_score_themselves(tmp_path: Path) -> None:
    code, table, _err = run_emul(["score", str(APPRAISED)])
    assert code == 0 and "Self" not in table
    document = json.loads(run_emul(["score", str(APPRAISED), "--format", "json"])[1])
    assert document["self_scored"] is False
    assert all("self_total" not in unit and "self_minus_total" not in unit for unit in document["units"])
    header = next(csv.reader(io.StringIO(run_emul(["score", str(APPRAISED), "--format", "csv"])[1])))
    assert "self_total" not in header and "classification" in header
    explain = run_emul(["explain", str(APPRAISED), "xa-an-lao"])[1]
    assert "Self" not in explain and "self=" not in explain
    code, _out, err = run_emul(["report", str(APPRAISED), "--out", str(tmp_path / "out")])
    assert code == 0, err
    for name in ("bao-cao-tong-ket.docx", "bien-ban-binh-xet.docx", "phieu-cham/xa-an-lao.docx"):
        assert "tự chấm" not in dump_docx(tmp_path / "out" / name).lower(), name
    from openpyxl import load_workbook

    workbook = load_workbook(tmp_path / "out" / "bang-tong-hop-diem.xlsx")
    for sheet in workbook.worksheets:
        headers = [str(c.value or "") for c in sheet[5]]
        assert not any("tự chấm" in h.lower() for h in headers), sheet.title


def test_the_documents_name_the_scoring_body_and_the_rescale(tmp_path: Path) -> None:
    run_emul(["report", str(APPRAISED), "--out", str(tmp_path / "out")])
    sheet = dump_docx(tmp_path / "out" / "phieu-cham" / "xa-an-lao.docx")
    assert "| II | Phát triển kinh tế, ngân sách (Sở Tài chính chấm) | 30 | 25,00 |  |" in sheet
    assert "| III.2 | Phát triển du lịch biển, đảo |  | Không giao |  |" in sheet
    assert "Điểm các phần 70,50 trên 85 điểm được giao, quy về thang điểm 100: 82,94." in sheet
    assert "Sở Tài chính chấm: 25,00 điểm, điểm thưởng 0,00" in sheet
    report = dump_docx(tmp_path / "out" / "bao-cao-tong-ket.docx")
    assert (
        "- Sở Tài chính: phần II; tiêu chí “Sáng kiến được Thành phố công nhận”; "
        "tiêu chí “Vi phạm kỷ luật tài chính, ngân sách”;"
    ) in report  # criteria by their titles in the prose, never by their ids


def test_explain_names_the_floors_the_reference_and_the_rescale() -> None:
    out = run_emul(["explain", str(APPRAISED), "xa-an-lao"])[1]
    assert (
        "II.1 is scored relative to the cluster: its points depend on the other units' results; the best result, "
        "130, set by P. Hồng Bàng, earns the full 20." in out
    )
    assert (
        "Not assigned: III.2. The sections' 70.50 of 85 assigned points count as 82.94 on the scale of 100 "
        "(× 100/85)." in out
    )
    assert "Classification: Cơ bản đạt; the total reaches Đạt, but floors decided:" in out
    assert "  not Đạt: II.1: 15 of 20 points (75%), below the floor of 85%" in out
    assert "By scoring body: Sở Nội vụ 33.50; Sở Tài chính 25.00; Sở Văn hóa, Thể thao và Du lịch 12.00" in out


def without_classification(tmp_path: Path) -> Path:
    folder = shutil.copytree(APPRAISED, tmp_path / "cum")
    rubric = folder / "criteria" / "rubric.yaml"
    text = rubric.read_text(encoding="utf-8")
    rubric.write_text(text[: text.index("classification:")], encoding="utf-8")
    cluster = folder / "cluster.yaml"
    text = cluster.read_text(encoding="utf-8")
    cluster.write_text(
        text.replace("      min_classification: dat\n", "").replace("      min_classification: co-ban-dat\n", ""),
        encoding="utf-8",
    )
    return folder


def test_a_cluster_whose_rubric_does_not_classify_reads_naturally(tmp_path: Path) -> None:
    folder = without_classification(tmp_path)
    code, table, err = run_emul(["score", str(folder)])
    assert (code, err) == (0, "") and "Classification" not in table
    document = json.loads(run_emul(["score", str(folder), "--format", "json"])[1])
    assert {unit["classification"] for unit in document["units"]} == {None}
    explain = run_emul(["explain", str(folder), "dac-khu-cat-hai"])[1]
    assert explain.startswith("Đặc khu Cát Hải — Tổng kết năm 2025: 93.50 points, rank 2\n")
    awards = run_emul(["awards", str(folder)])
    assert awards[0] == 0 and "Classification" not in awards[1]
    code, _out, err = run_emul(["report", str(folder), "--out", str(tmp_path / "out")])
    assert code == 0, err
    for name in ("bao-cao-tong-ket.docx", "bien-ban-binh-xet.docx", "phieu-cham/xa-an-lao.docx"):
        assert "xếp loại" not in dump_docx(tmp_path / "out" / name).lower(), name
    assert "Xếp loại" not in (tmp_path / "out" / "tom-tat.md").read_text(encoding="utf-8")


def test_min_classification_needs_a_rubric_that_classifies(tmp_path: Path) -> None:
    folder = without_classification(tmp_path)
    cluster = folder / "cluster.yaml"
    cluster.write_text(
        cluster.read_text(encoding="utf-8").replace(
            "      quota: {count: 1}\n", "      quota: {count: 1}\n      min_classification: dat\n"
        ),
        encoding="utf-8",
    )
    code, out, _err = run_emul(["validate", str(folder)])
    assert code == 1 and "unknown classification 'dat'" in out


# ----- the rubric's identity and its diff --------------------------------------------------------------------
def test_fields_left_at_their_default_keep_the_rubric_hash() -> None:
    bundled = Rubric.model_validate(
        __import__("ruamel.yaml", fromlist=["YAML"])
        .YAML(typ="safe")
        .load((REPO / "criteria" / "khoi-so-nganh-ha-noi-2023.yaml").read_text(encoding="utf-8"))
    )
    # The hash of the bundled rubric before scoring bodies, floors and the rest existed.
    assert rubric_hash(bundled) == "2b3bc874c0b647e35e2494ba1cc5beebf4b11796360771f354031e553f7fc119"
    assert rubric_hash(bundled.model_copy(update={"self_scored": False})) != rubric_hash(bundled)


def test_the_diff_of_two_rubrics_names_their_floors_and_scoring_bodies() -> None:
    old = make_rubric()
    data = rubric_data()
    data["scorers"][0]["name"] = "Sở Nội vụ thành phố"
    data["classification"]["bands"][0]["floors"] = [{"each": "indicators", "min_share": "90%"}]
    data["sections"][2]["scored_by"] = "noi-vu"
    result = diff_rubrics(old, Rubric.model_validate(data))
    fields = [c.field for c in (*result.general, *result.classification)]
    assert fields == ["scorers", "bands.dat.floors"]
    assert [c.field for s in result.sections for c in s.changes] == ["scored_by"]


def test_criteria_diff_shows_scoring_bodies_floors_and_a_cap_left_out(tmp_path: Path) -> None:
    old = APPRAISED / "criteria" / "rubric.yaml"
    text = old.read_text(encoding="utf-8")
    new = tmp_path / "new.yaml"
    new.write_text(
        text.replace('min_share: "85%"', 'min_share: "90%"')
        .replace("  cap: none", "  cap: 30")
        .replace("name: Sở Nội vụ\n", "name: Sở Nội vụ thành phố\n"),
        encoding="utf-8",
    )
    code, out, err = run_emul(["criteria", "diff", str(old), str(new)])
    assert (code, err) == (0, "")
    assert "  scoring bodies: noi-vu (Sở Nội vụ), tai-chinh" in out
    assert "→ noi-vu (Sở Nội vụ thành phố), tai-chinh" in out
    assert "  TR Điểm trừ (penalty): cap none → 30\n" in out
    assert "  bands.dat.floors: each: indicators, min_share: 17/20 → each: indicators, min_share: 9/10\n" in out
    document = json.loads(run_emul(["criteria", "diff", str(old), str(new), "--format", "json"])[1])
    assert [c["field"] for c in document["classification"]] == ["bands.dat.floors"]


APPRAISED_UNITS = ("phuong-hong-bang", "dac-khu-cat-hai", "xa-an-lao", "phuong-le-chan", "xa-tien-lang")
unit_figures = st.fixed_dictionaries(
    {
        "revenue": st.one_of(st.none(), st.integers(0, 200)),
        "on_time": st.integers(0, 120),
        "staff": st.integers(0, 20),
        "culture": st.integers(0, 15),
        "island": st.one_of(st.none(), st.integers(0, 15)),  # None: III.2 not assigned
        "awards": st.lists(st.sampled_from(["co-thi-dua-tinh", "co-thi-dua-bo", "co-thi-dua-chinh-phu"]), max_size=2),
        "violations": st.integers(0, 6),
    }
)


def write_appraisal(folder: Path, unit: str, data: dict[str, Any]) -> None:
    lines = [f"unit: {unit}", 'period: "2025"']
    if data["island"] is None:
        lines.append("not_assigned: [III.2]")
    lines += [
        "criteria:",
        f"  I.1.a: {{facts: {{actual: {data['on_time']}}}}}",
        "  I.1.b: {appraised: 9}",
        f"  I.2: {{appraised: {data['staff']}}}",
        f"  II.1: {{facts: {{actual: {data['revenue']}}}}}" if data["revenue"] is not None else "  II.1: {}",
        "  II.2: {facts: {actual: 95}}",
        f"  III.1: {{appraised: {data['culture']}}}",
    ]
    if data["island"] is not None:
        lines.append(f"  III.2: {{appraised: {data['island']}}}")
    if data["awards"]:
        lines.append(f"  TH.1: {{facts: {{award: [{', '.join(data['awards'])}]}}}}")
    if data["violations"]:
        lines.append(f"  TR.1: {{facts: {{count: {data['violations']}}}}}")
    (folder / "assessments" / "2025" / f"{unit}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


@settings(max_examples=12, deadline=None, derandomize=True)
@given(st.tuples(*(unit_figures for _ in APPRAISED_UNITS)))
def test_an_appraised_cluster_answers_on_any_valid_data(rows: tuple[dict[str, Any], ...]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as temp:
        folder = Path(shutil.copytree(APPRAISED, Path(temp) / "cum"))
        for unit, data in zip(APPRAISED_UNITS, rows, strict=True):
            write_appraisal(folder, unit, data)
        code, out, err = run_emul(["score", str(folder), "--format", "json"])
        assert (code, err) == (0, ""), out
        document = json.loads(out)
        for row in document["units"]:
            assert Fraction(row["scale_factor"]) >= 1
            code, text, err = run_emul(["explain", str(folder), row["unit"]["id"]])
            assert (code, err) == (0, "")
            assert f": {row['total']} points, rank {row['rank']}" in text.splitlines()[0]
        assert run_emul(["awards", str(folder)])[0] == 0

"""Dated membership: who is a member on which date, in one place (membership/roster.py), and every command
giving the same answer: ranking, vote counts, rotation, signers, forms, history."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from emulation_cli.membership.roster import Roster
from emulation_cli.model.cluster import Cluster, MembershipPolicy
from emulation_cli.model.units import UnitsFile
from emulation_cli.validation.project import load_project

from .conftest import DATA, copy_example, copy_tree, load_period, run_emul

YEAR = 2024
MEETING = date(2024, 12, 20)


def _roster(units: list[dict[str, object]], members: list[dict[str, object]], **year: object) -> Roster:
    cluster = Cluster.model_validate(
        {
            "id": "cum",
            "name": "Cụm thi đua",
            "code": "CTĐ",
            "province": "Hà Nội",
            "host_body": "UBND",
            "place": "Hà Nội",
            "year": YEAR,
            "members": [{"year": YEAR, "members": members, **year}],
            "periods": [{"id": "2024", "kind": "tong_ket", "title": "Năm", "start": "2024-01-01", "end": "2024-12-31"}],
            "rubric": {"path": "r.yaml", "version": "1"},
        },
        strict=False,
    )
    return Roster(cluster, UnitsFile.model_validate({"units": units}, strict=False))


def _unit(uid: str, **extra: object) -> dict[str, object]:
    return {"id": uid, "name": f"Sở {uid.upper()}", "short_name": uid, "membership": [{"start": "2020-01-01"}], **extra}


MERGED_C = _unit("c", membership=[{"start": "2020-01-01"}], merged={"into": "x", "name": "Sở X", "date": "2024-03-01"})


def test_a_merged_unit_is_a_member_until_the_day_before_its_merger() -> None:
    roster = _roster([_unit("a"), _unit("b"), MERGED_C], [{"unit": "a"}, {"unit": "b"}, {"unit": "c"}])
    assert roster.members_on(date(2024, 2, 29)) == ("a", "b", "c")
    assert roster.members_on(date(2024, 3, 1)) == ("a", "b")
    departure = roster.left_by("c", date(2024, 12, 31))
    assert departure is not None
    assert (departure.day, departure.last_day, departure.how) == (date(2024, 3, 1), date(2024, 2, 29), "merged")
    assert [(s.id, s.name, s.member) for s in departure.successors] == [("x", "Sở X", False)]


def test_a_successor_inside_the_cluster_inherits_and_is_marked_a_member() -> None:
    merged = _unit("c", merged={"into": "b", "date": "2024-03-01"})
    roster = _roster([_unit("a"), _unit("b"), merged], [{"unit": "a"}, {"unit": "b"}, {"unit": "c"}])
    period = roster.cluster.periods[0]
    assert [(s.id, s.name, s.member) for s in roster.successors("c")] == [("b", "Sở B", True)]
    assert roster.predecessors("b", period) == ("c",)
    assert roster.predecessors("a", period) == ()


def test_a_role_passes_on_its_date_and_the_former_holder_becomes_a_member() -> None:
    roster = _roster(
        [_unit("a"), _unit("b"), MERGED_C],
        [{"unit": "c", "role": "cum_truong"}, {"unit": "a", "role": "cum_pho"}, {"unit": "b"}],
        role_changes=[
            {"date": "2024-03-01", "unit": "a", "role": "cum_truong"},
            {"date": "2024-03-01", "unit": "b", "role": "cum_pho"},
        ],
    )
    assert roster.holder("cum_truong", date(2024, 2, 29)) == "c"
    assert roster.holder("cum_truong", date(2024, 3, 1)) == "a"
    assert roster.holder("cum_pho", date(2024, 3, 1)) == "b"
    assert roster.roles_on(date(2024, 6, 1)) == {"a": "cum_truong", "b": "cum_pho"}
    assert roster.role_spans(YEAR) == (
        ("a", "cum_pho", date(2024, 1, 1), date(2024, 2, 29)),
        ("c", "cum_truong", date(2024, 1, 1), date(2024, 2, 29)),
        ("a", "cum_truong", date(2024, 3, 1), date(2024, 12, 31)),
        ("b", "cum_pho", date(2024, 3, 1), date(2024, 12, 31)),
    )


def test_the_head_signing_is_the_one_in_office_on_the_date() -> None:
    heads = [
        {"title": "Giám đốc", "name": "Nguyễn Văn An", "end": "2024-05-31"},
        {"title": "Giám đốc", "name": "Trần Thị Bình", "start": "2024-06-01"},
    ]
    roster = _roster([_unit("a", heads=heads)], [{"unit": "a", "role": "cum_truong"}])
    first, second = roster.head_on("a", date(2024, 5, 31)), roster.head_on("a", date(2024, 6, 1))
    assert first is not None and first.name == "Nguyễn Văn An"
    assert second is not None and second.name == "Trần Thị Bình"


def test_the_ranking_policy_is_declared_and_only_members_at_the_end_can_be_ranked() -> None:
    joined = _unit("d", membership=[{"start": "2024-07-01"}])
    units = [_unit("a"), MERGED_C, joined]
    members = [{"unit": "a"}, {"unit": "c"}, {"unit": "d"}]
    roster = _roster(units, members)
    period = roster.cluster.periods[0]
    assert roster.ranked(period) == ("a", "d")
    throughout = Roster(
        roster.cluster.model_copy(update={"membership": MembershipPolicy(ranked="members_throughout")}), roster.units
    )
    assert throughout.ranked(period) == ("a",)
    for each in (roster, throughout):  # d joined (not ranked throughout) but did not leave: it is no departure
        assert [d.unit for d in each.departed(period)] == ["c"]


def test_a_unit_that_left_rejoined_and_left_again_is_reported_with_its_last_departure() -> None:
    spans = [{"start": "2021-06-01", "end": "2024-02-29"}, {"start": "2024-09-01", "end": "2024-10-31"}]
    roster = _roster([_unit("a"), _unit("c", membership=spans)], [{"unit": "a"}, {"unit": "c"}])
    (departure,) = roster.departed(roster.cluster.periods[0])
    assert (departure.unit, departure.day, departure.how) == ("c", date(2024, 11, 1), None)


def test_the_list_of_a_year_holds_until_the_next_is_declared() -> None:
    """A tổng kết meeting in January, before next year's list: the members are those of the last list."""
    roster = _roster([_unit("a"), MERGED_C], [{"unit": "a"}, {"unit": "c"}])
    assert roster.members_on(date(2025, 1, 10)) == ("a",)


def test_a_unit_that_left_before_it_merged_passes_nothing_on() -> None:
    left_then_merged = _unit(
        "c", membership=[{"start": "2020-01-01", "end": "2024-03-31"}], merged={"into": "b", "date": "2024-07-01"}
    )
    roster = _roster([_unit("a"), _unit("b"), left_then_merged], [{"unit": "a"}, {"unit": "b"}, {"unit": "c"}])
    assert roster.predecessors("b", roster.cluster.periods[0]) == ()
    (departure,) = roster.departed(roster.cluster.periods[0])
    assert (departure.day, departure.how) == (date(2024, 4, 1), None)


# ----- every command gives the same answer -----------------------------------------------------------------


def _merge_c_on(folder: Path, day: date, into: str = "so-x") -> None:
    """so-c of the base cluster merges into `into` on `day` (a body outside the cluster unless `into` is listed)."""
    units = folder / "units.yaml"
    text = units.read_text(encoding="utf-8")
    successor = f"      into: {into}\n" + ("      name: Sở X\n" if into == "so-x" else "")
    so_c = "    head: {title: Giám đốc, name: Lê Văn Đ}\n    membership:\n      - start: 2021-06-01\n"
    text = text.replace(so_c, so_c + f"    merged:\n{successor}      date: {day.isoformat()}\n")
    units.write_text(text, encoding="utf-8")
    if day <= MEETING:
        ballot = folder / "ballots" / "2024.yaml"
        text = ballot.read_text(encoding="utf-8").replace("[so-a, so-b, so-c]", "[so-a, so-b]")
        ballot.write_text(
            text.replace(
                "issued: 3, returned: 3, valid: 3, in_favour: 3", "issued: 2, returned: 2, valid: 2, in_favour: 2"
            ),
            encoding="utf-8",
        )
    if day <= date(2024, 12, 31):
        (folder / "assessments" / "2024" / "so-c.yaml").unlink()


merger_days = st.dates(min_value=date(2024, 1, 2), max_value=date(2025, 1, 1))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(day=merger_days)
def test_membership_on_any_date_is_the_same_answer_in_every_command(
    tmp_path_factory: pytest.TempPathFactory, day: date
) -> None:
    folder = copy_tree(DATA / "base", tmp_path_factory.mktemp("merge") / "cum")
    _merge_c_on(folder, day)
    roster = load_project(folder).roster
    at_end, at_meeting = list(roster.members_on(date(2024, 12, 31))), list(roster.members_on(MEETING))
    assert ("so-c" in at_end) is (day > date(2024, 12, 31))
    score = json.loads(run_emul(["score", str(folder), "--period", "2024", "--format", "json"])[1])
    assert [u["unit"]["id"] for u in score["units"]] == at_end
    assert [d["unit"]["id"] for d in score["departed"]] == ([] if "so-c" in at_end else ["so-c"])
    awards = json.loads(run_emul(["awards", str(folder), "--period", "2024", "--format", "json"])[1])
    assert awards["attendance"]["members"] == len(at_meeting)
    assert all(
        d["vote"]["denominator"] == len(at_meeting) for t in awards["titles"] for d in t["decisions"] if d["vote"]
    )
    builder = load_period(folder, "2024")
    assert [u.id for u in builder.report("bao-cao").cluster.members] == at_meeting
    assert [u.id for u in builder.report("giao-uoc").cluster.members] == list(roster.members_on(date(2024, 3, 20)))
    code, _out, _err = run_emul(["forms", str(folder), "--period", "2024", "--out", str(folder / "forms")])
    assert code == 0
    assert sorted(p.stem for p in (folder / "forms").glob("*.xlsx")) == sorted(at_end)


@settings(max_examples=12, deadline=None)
@given(day=st.dates(min_value=date(2024, 1, 2), max_value=MEETING))
def test_a_unit_gone_before_the_meeting_changes_no_vote_outcome(day: date) -> None:
    """The same meeting with so-c merged away before it, or with so-c never in the cluster: same decisions."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        merged = copy_tree(DATA / "base", Path(tmp) / "merged")
        _merge_c_on(merged, day)
        never = copy_tree(DATA / "base", Path(tmp) / "never")
        _merge_c_on(never, day)
        for name in ("cluster.yaml",):
            path = never / name
            path.write_text(path.read_text(encoding="utf-8").replace("      - unit: so-c\n", ""), encoding="utf-8")
        units = never / "units.yaml"
        text = units.read_text(encoding="utf-8")
        units.write_text(text[: text.index("  - id: so-c")], encoding="utf-8")

        def decisions(folder: Path) -> list[tuple[str, str, object]]:
            code, out, err = run_emul(["awards", str(folder), "--period", "2024", "--format", "json"])
            assert code == 0, err
            document = json.loads(out)
            return [
                (t["id"], d["unit"]["id"], d["outcome"], d["vote"]) for t in document["titles"] for d in t["decisions"]
            ]

        assert decisions(merged) == decisions(never)


# ----- the 2025 example --------------------------------------------------------------------------------------

EXAMPLE_2025 = "cum-thi-dua-so-7-2025"


@pytest.fixture(scope="module")
def example_2025(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_example(EXAMPLE_2025, tmp_path_factory.mktemp("ex") / "cum")


def test_the_2025_example_ranks_the_four_members_and_lists_the_merged_units_apart(example_2025: Path) -> None:
    score = json.loads(run_emul(["score", str(example_2025), "--format", "json"])[1])
    assert [u["unit"]["id"] for u in score["units"]] == ["so-gddt", "so-tp", "so-yte", "so-vhtt"]
    departed = {
        d["unit"]["id"]: (d["last_day"], d["how"], [s["name"] for s in d["successors"]]) for d in score["departed"]
    }
    assert departed == {
        "so-ldtbxh": ("2025-02-28", "merged", ["Sở Nội vụ"]),
        "so-tttt": ("2025-02-28", "merged", ["Sở Khoa học và Công nghệ"]),
    }


def test_the_2025_example_counts_votes_against_the_four_members_and_rotates_among_them(example_2025: Path) -> None:
    awards = json.loads(run_emul(["awards", str(example_2025), "--format", "json"])[1])
    denominators = {d["vote"]["denominator"] for t in awards["titles"] for d in t["decisions"] if d["vote"]}
    assert denominators == {4}
    bang_khen = next(t for t in awards["titles"] if t["id"] == "bang-khen-tp")
    assert bang_khen["proposed"] == ["so-tp"]  # 3 of 4 members in favour: more than half
    members_2026 = {"so-gddt", "so-yte", "so-vhtt", "so-tp"}
    assert set(awards["rotation"]["proposed"].values()) <= members_2026


def test_the_2025_documents_are_signed_by_the_cum_truong_of_their_date(example_2025: Path) -> None:
    builder = load_period(example_2025, "2025")
    covenant = builder.report("giao-uoc")
    assert len(covenant.cluster.members) == 6
    assert covenant.signer.position == "GIÁM ĐỐC SỞ LAO ĐỘNG – THƯƠNG BINH VÀ XÃ HỘI"  # 20/02/2025, before the merger
    for kind in ("bao-cao", "bien-ban", "to-trinh"):
        report = builder.report(kind)
        assert report.signer.position == "GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO", kind
        assert [d.unit.id for d in report.departed] == ["so-ldtbxh", "so-tttt"]
    closed = builder.report("bao-cao").departed[0].commitments
    assert closed == (
        "các cam kết riêng (“Tổ chức thăm hỏi, tặng quà người có công với cách mạng nhân kỷ niệm Ngày Thương binh – "
        "Liệt sĩ (27/7/1947 – 27/7/2025)”; “Tổ chức Tháng hành động phòng, chống ma túy năm 2025 trong lĩnh vực "
        "được giao”) khép lại từ ngày 01/3/2025"
    )


def test_history_links_the_merged_units_to_their_successors() -> None:
    from .conftest import REPO

    folders = [str(REPO / "examples" / "cum-thi-dua-so-7-2023"), str(REPO / "examples" / EXAMPLE_2025)]
    document = json.loads(run_emul(["history", *folders, "--format", "json"])[1])
    ended = {u["unit"]["id"]: u["ended"] for u in document["units"] if u["ended"]}
    assert ended == {
        "so-ldtbxh": {
            "how": "merged",
            "from": "2025-03-01",
            "successors": [{"id": "so-noi-vu", "name": "Sở Nội vụ", "member": False}],
        },
        "so-tttt": {
            "how": "merged",
            "from": "2025-03-01",
            "successors": [{"id": "so-khcn", "name": "Sở Khoa học và Công nghệ", "member": False}],
        },
    }
    code, out, _err = run_emul(["history", *folders])
    assert code == 0
    assert "Sở LĐTB&XH → merged into Sở Nội vụ (not a member of the cluster) from 01/3/2025" in out


def test_a_commitment_passes_to_a_successor_that_is_a_member(base_cluster: Path) -> None:
    """so-a merges into so-b (a member) on 1 July: so-a's own commitment becomes so-b's, and the documents say so."""
    units = base_cluster / "units.yaml"
    text = units.read_text(encoding="utf-8").replace(
        "    head: {title: Giám đốc, name: Nguyễn Văn A}\n    membership:\n      - start: 2020-01-01\n",
        "    head: {title: Giám đốc, name: Nguyễn Văn A}\n    membership:\n      - start: 2020-01-01\n"
        "    merged: {into: so-b, date: 2024-07-01}\n",
        1,
    )
    units.write_text(text, encoding="utf-8")
    cluster = base_cluster / "cluster.yaml"
    text = cluster.read_text(encoding="utf-8").replace(
        "      - unit: so-c\n",
        "      - unit: so-c\n    role_changes:\n      - {date: 2024-07-01, unit: so-b, role: cum_truong}\n"
        "      - {date: 2024-07-01, unit: so-c, role: cum_pho}\n",
    )
    cluster.write_text(text, encoding="utf-8")
    (base_cluster / "assessments" / "2024" / "so-a.yaml").unlink()
    ballot = base_cluster / "ballots" / "2024.yaml"
    ballot.write_text(
        ballot.read_text(encoding="utf-8")
        .replace("chair: so-a", "chair: so-b")
        .replace("[so-a, so-b, so-c]", "[so-b, so-c]")
        .replace(
            "unit: so-a, issued: 3, returned: 3, valid: 3, in_favour: 3",
            "unit: so-b, issued: 2, returned: 2, valid: 2, in_favour: 2",
        ),
        encoding="utf-8",
    )
    code, out, err = run_emul(["validate", str(base_cluster)])
    assert code == 0, out + err
    builder = load_period(base_cluster, "2024")
    progress = {p.unit.id: p for p in builder.data.progress}
    inherited = [o for o in progress["so-b"].outcomes if o.inherited_from == "so-a"]
    assert [o.commitment.id for o in inherited] == ["gc-a-01"]
    assert (
        builder.report("bao-cao").departed[0].commitments
        == "các cam kết riêng (“Hoàn thành kế hoạch năm”) chuyển cho Sở B từ ngày 01/7/2024"
    )


def test_explain_says_why_a_unit_that_left_is_not_ranked(example_2025: Path) -> None:
    code, out, _err = run_emul(["explain", str(example_2025), "so-tttt"])
    assert code == 0
    assert out == (
        "Sở TT&TT is not ranked in 2025: merged into Sở Khoa học và Công nghệ (not a member of the cluster) "
        "from 01/3/2025\n"
    )


def test_a_cluster_without_cum_truong_and_cum_pho_is_valid_and_its_report_names_no_roles(base_cluster: Path) -> None:
    cluster = base_cluster / "cluster.yaml"
    text = (
        cluster.read_text(encoding="utf-8")
        .replace("        role: cum_truong\n", "")
        .replace("        role: cum_pho\n", "")
    )
    cluster.write_text(text + "  rotation: none\n", encoding="utf-8")
    assert run_emul(["validate", str(base_cluster)])[1] == "OK: 8 files checked, no problems found.\n"
    report = load_period(base_cluster, "2024").report("bao-cao")
    assert (report.cluster.cum_truong, report.cluster.cum_pho) == (None, None)
    assert report.awards is not None and (report.awards.next_cum_truong, report.awards.next_cum_pho) == (None, None)
    cluster.write_text(text, encoding="utf-8")  # without `rotation: none`, a missing cụm trưởng is worth a warning
    assert "warning: members[0].members: 2024 has no cụm trưởng" in run_emul(["validate", str(base_cluster)])[1]


def test_a_cluster_formed_mid_year_gives_its_roles_from_its_first_day(base_cluster: Path) -> None:
    """Communes formed on 01/07/2024: members and roles from that day, no warning of a missing cụm trưởng."""
    units = base_cluster / "units.yaml"
    text = units.read_text(encoding="utf-8").replace("- start: 2020-01-01", "- start: 2024-07-01")
    units.write_text(text.replace("- start: 2021-06-01", "- start: 2024-07-01"), encoding="utf-8")
    cluster = base_cluster / "cluster.yaml"
    text = (
        cluster.read_text(encoding="utf-8")
        .replace("        role: cum_truong\n", "")
        .replace("        role: cum_pho\n", "")
    )
    changes = (
        "      - unit: so-c\n    role_changes:\n      - {date: 2024-07-01, unit: so-a, role: cum_truong}\n"
        "      - {date: 2024-07-01, unit: so-b, role: cum_pho}\n"
    )
    cluster.write_text(text.replace("      - unit: so-c\n", changes, 1), encoding="utf-8")
    covenant = base_cluster / "covenant.yaml"
    covenant.write_text(covenant.read_text(encoding="utf-8").replace("2024-03-20", "2024-07-15"), encoding="utf-8")
    assert run_emul(["validate", str(base_cluster)])[1] == "OK: 8 files checked, no problems found.\n"
    roster = load_project(base_cluster).roster
    assert roster.holder("cum_truong", date(2024, 6, 30)) is None
    assert roster.holder("cum_truong", date(2024, 7, 1)) == "so-a"


def test_a_covenant_signed_at_the_previous_years_conference_has_the_years_members_as_parties(
    base_cluster: Path,
) -> None:
    covenant = base_cluster / "covenant.yaml"
    covenant.write_text(covenant.read_text(encoding="utf-8").replace("2024-03-20", "2023-12-28"), encoding="utf-8")
    assert run_emul(["validate", str(base_cluster)])[1] == "OK: 8 files checked, no problems found.\n"
    giao_uoc = load_period(base_cluster, "2024").report("giao-uoc")
    assert [u.id for u in giao_uoc.cluster.members] == ["so-a", "so-b", "so-c"]
    assert giao_uoc.signer.position == "GIÁM ĐỐC SỞ A"


def test_a_january_meeting_counts_the_members_of_the_last_declared_year(base_cluster: Path) -> None:
    ballot = base_cluster / "ballots" / "2024.yaml"
    ballot.write_text(
        ballot.read_text(encoding="utf-8").replace("date: 2024-12-20", "date: 2025-01-10"), encoding="utf-8"
    )
    assert run_emul(["validate", str(base_cluster)])[1] == "OK: 8 files checked, no problems found.\n"
    awards = json.loads(run_emul(["awards", str(base_cluster), "--format", "json"])[1])
    assert awards["attendance"]["members"] == 3


def test_commitments_follow_a_chain_of_mergers() -> None:
    """c merges into b on 1 March, b into a on 1 September: a carries b's commitments and those b took from c."""
    c = _unit("c", merged={"into": "b", "date": "2024-03-01"})
    b = _unit("b", merged={"into": "a", "date": "2024-09-01"})
    roster = _roster([_unit("a"), b, c], [{"unit": "a"}, {"unit": "b"}, {"unit": "c"}])
    period = roster.cluster.periods[0]
    assert roster.predecessors("a", period) == ("b", "c")
    assert roster.predecessors("b", period) == ("c",)

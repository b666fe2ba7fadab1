"""The biên bản họp bình xét as Mẫu 1.9 of Nghị định 30/2020 lays it out, read back from the documents of the
bundled examples and checked against their ballot files; the tờ trình's request and enclosures; unit names
in the tables of the official documents."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from ruamel.yaml import YAML

from .conftest import REPO, copy_example, run_emul
from .dump import dump

EXAMPLES = [
    ("cum-thi-dua-so-7-2023", "2023"),
    ("khoi-thi-dua-so-5-2023", "2023"),
    ("cum-thi-dua-so-7-2025", "2025"),
    ("khoi-binh-xet-2025", "2025"),  # kept partly blank: the placeholders show
]
KINDS = ["bien-ban", "to-trinh", "bao-cao"]


def _report(folder: Path, period: str, out: Path, quiet: bool = True) -> Path:
    only = [arg for kind in KINDS for arg in ("--only", kind)]
    code, _out, err = run_emul(["report", str(folder), "--period", period, *only, "--out", str(out)])
    # the shipped examples' rubric is illustrative: each report says so, and nothing else when quiet
    noise = [line for line in err.splitlines() if "`illustrative: true`" not in line]
    assert code == 0 and (not noise or not quiet), err
    return out


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    found = {}
    for example, period in EXAMPLES:
        root = tmp_path_factory.mktemp(example)
        found[example] = _report(REPO / "examples" / example, period, root / "out")
    return found


def _yaml(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _meeting(example: str, period: str) -> dict[str, Any]:
    return dict(_yaml(REPO / "examples" / example / "ballots" / f"{period}.yaml")["meeting"])


def _units(example: str) -> dict[str, dict[str, Any]]:
    return {u["id"]: u for u in _yaml(REPO / "examples" / example / "units.yaml")["units"]}


def _clock(text: str | None) -> str:
    hour, minute = text.split(":") if text else ("……", "……")
    return f"{hour} giờ {minute} phút"


@pytest.mark.parametrize(("example", "period"), EXAMPLES)
def test_the_minutes_record_every_fact_of_the_meeting_its_file_declares(
    outputs: dict[str, Path], example: str, period: str
) -> None:
    minutes = dump(outputs[example] / "bien-ban-binh-xet.docx")
    meeting, units = _meeting(example, period), _units(example)
    y, m, d = meeting["date"].year, meeting["date"].month, meeting["date"].day
    assert f"1. Thời gian: vào hồi {_clock(meeting.get('start_time'))}, ngày {d:02d} tháng {m} năm {y}." in minutes
    assert f"2. Địa điểm: {meeting['place']}." in minutes
    chair = units[meeting["chair"]]
    assert re.search(rf"^3\. Chủ trì: đồng chí .*, {chair['head']['title']} {chair['name']} – ", minutes, re.M)
    secretary_unit = units[meeting["secretary_unit"]]["name"]
    assert re.search(rf"^4\. Thư ký: đồng chí {meeting['secretary']}, .*{secretary_unit}\.$", minutes, re.M)
    lines = minutes.splitlines()
    for unit_id in meeting["present"]:
        line = next(x for x in lines if x.startswith(f"- {units[unit_id]['name']}: "))
        people = [a for a in meeting.get("attendees", []) if a["unit"] == unit_id]
        for person in people:
            assert f"đồng chí {person['name']}, {person['title']}" in line
        if not people and unit_id != meeting["chair"]:
            assert line.endswith(": ……;") or line.endswith(": …….")
    for unit_id in meeting.get("absent", []):
        reason = meeting.get("absence_reasons", {}).get(unit_id, "……")
        assert f"{units[unit_id]['name']} (lý do: {reason})" in minutes
    if not meeting.get("absent"):
        assert "6. Vắng mặt: không có." in minutes
    present, members = len(meeting["present"]), len(meeting["present"]) + len(meeting.get("absent", []))
    assert f"Hội nghị có {present}/{members} thành viên dự họp, đủ số thành viên dự họp theo quy định" in minutes
    board = meeting.get("counting_board", [])
    for member in board:
        role = "Trưởng ban" if member.get("role") == "truong_ban" else "thành viên"
        assert f"- {member['name']}, {member['title']} {units[member['unit']]['name']}: {role}" in minutes
    if not board:
        assert "Hội nghị bầu Ban kiểm phiếu gồm các đồng chí: ……" in minutes
    assert f"Cuộc họp kết thúc vào hồi {_clock(meeting.get('end_time'))} cùng ngày" in minutes
    assert minutes.index("Cuộc họp kết thúc") < minutes.index("| THƯ KÝ") < minutes.index("Nơi nhận:")


@pytest.mark.parametrize(("example", "period"), EXAMPLES)
def test_the_minutes_are_signed_by_the_secretary_left_and_the_chair_right_names_bold(
    outputs: dict[str, Path], example: str, period: str
) -> None:
    signatures = Document(str(outputs[example] / "bien-ban-binh-xet.docx")).tables[-1]
    secretary, chair = signatures.rows[0].cells
    assert secretary.paragraphs[0].text == "THƯ KÝ" and chair.paragraphs[0].text == "CHỦ TỌA"
    # the Nơi nhận may follow the secretary's signature in its cell (so that it never stands alone on a page)
    signed = [[p for p in cell.paragraphs if p.text.strip()] for cell in (secretary, chair)]
    ends = [next((i for i, p in enumerate(s) if p.text.startswith("Nơi nhận")), len(s)) for s in signed]
    names = [s[end - 1] for s, end in zip(signed, ends, strict=True)]
    assert names[0].text == _meeting(example, period)["secretary"]
    assert names[1] is not signed[1][0]  # the chair's name, or "……" to fill in: never an empty line
    assert all(run.bold for name in names for run in name.runs)


def test_a_meeting_declared_in_part_leaves_placeholders_where_facts_are_missing(outputs: dict[str, Path]) -> None:
    minutes = dump(outputs["khoi-binh-xet-2025"] / "bien-ban-binh-xet.docx")
    assert "- Phường Hai Bà Trưng: ……;" in minutes
    assert "Cuộc họp kết thúc vào hồi …… giờ …… phút cùng ngày" in minutes
    assert "Hội nghị bầu Ban kiểm phiếu gồm các đồng chí: ……" in minutes


def test_a_declared_chair_is_named_with_the_title_the_attendance_list_gives_and_listed_once(tmp_path: Path) -> None:
    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum")
    ballot = folder / "ballots" / "2023.yaml"
    text = ballot.read_text(encoding="utf-8").replace(
        "  secretary: Vũ Thị Mai Phương\n", "  chair_person: Nguyễn Văn An\n  secretary: Vũ Thị Mai Phương\n"
    )
    text = text.replace(
        "    - {name: Vũ Thị Mai Phương, title: Chánh Văn phòng, unit: so-gddt}\n",
        "    - {name: Nguyễn Văn An, title: Phó Giám đốc, unit: so-gddt}\n"
        "    - {name: Vũ Thị Mai Phương, title: Chánh Văn phòng, unit: so-gddt}\n",
    )
    ballot.write_text(text, encoding="utf-8")
    minutes = dump(_report(folder, "2023", tmp_path / "out") / "bien-ban-binh-xet.docx")
    assert "3. Chủ trì: đồng chí Nguyễn Văn An, Phó Giám đốc Sở Giáo dục và Đào tạo – Cụm trưởng" in minutes
    assert (
        "- Sở Giáo dục và Đào tạo: đồng chí Nguyễn Văn An, Phó Giám đốc; đồng chí Vũ Thị Mai Phương, Chánh Văn phòng;"
        in minutes
    )
    assert "| CHỦ TỌA / PHÓ GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO / Nguyễn Văn An |" in minutes


def test_an_absence_reason_for_a_member_left_off_the_present_list_is_printed(tmp_path: Path) -> None:
    """No `absent` list: the members not present are the absent ones, for the validator as for the minutes."""
    folder = copy_example("khoi-thi-dua-so-5-2023", tmp_path / "cum")
    ballot = folder / "ballots" / "2023.yaml"
    ballot.write_text(ballot.read_text(encoding="utf-8").replace("  absent: [so-qhkt]\n", ""), encoding="utf-8")
    assert run_emul(["validate", str(folder)])[0] == 0
    minutes = dump(_report(folder, "2023", tmp_path / "out") / "bien-ban-binh-xet.docx")
    assert (
        "6. Vắng mặt: Sở Quy hoạch – Kiến trúc (lý do: Lãnh đạo Sở đi công tác theo kế hoạch của Thành phố)." in minutes
    )


def test_without_a_known_attendance_the_quorum_is_left_to_fill_in(tmp_path: Path) -> None:
    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum")
    (folder / "ballots" / "2023.yaml").unlink()
    cluster = folder / "cluster.yaml"
    cluster.write_text(re.sub(r"(?m)^ *present: \[.*\]\n", "", cluster.read_text(encoding="utf-8")), "utf-8")
    minutes = dump(_report(folder, "2023", tmp_path / "out", quiet=False) / "bien-ban-binh-xet.docx")
    assert "5. Thành phần: đại diện lãnh đạo ……/6 đơn vị thành viên Cụm thi đua số 7." in minutes
    assert "Số thành viên dự họp: …… (cần ít nhất 4 thành viên, tức 2/3 tổng số 6 thành viên)." in minutes
    assert "6. Vắng mặt: ……" in minutes


@pytest.mark.parametrize(("example", "period"), EXAMPLES)
def test_the_proposal_asks_the_council_to_put_it_to_the_chairman_and_lists_its_enclosures(
    outputs: dict[str, Path], example: str, period: str
) -> None:
    proposal = dump(outputs[example] / "to-trinh-khen-thuong.docx")
    province = _yaml(REPO / "examples" / example / "cluster.yaml")["province"]
    asks = f"Hội đồng Thi đua – Khen thưởng {province} xem xét, trình Chủ tịch Ủy ban nhân dân {province}"
    assert f"kính trình {asks} khen thưởng các đơn vị như sau:" in proposal
    assert f"kính trình {asks} quyết định./." in proposal
    assert re.search(r"^Căn cứ Biên bản họp bình xét thi đua số …/BB-\S+ ngày ", proposal, re.M)
    enclosed = proposal[proposal.index("Hồ sơ kèm theo:") :].splitlines()
    assert re.fullmatch(
        r"- Biên bản họp bình xét thi đua số …/BB-\S+ ngày \d\d tháng \d+ năm \d{4} của .+;", enclosed[1]
    )
    table_units = re.findall(r"^\| \d+ \| ([^|(]+?)(?: \(thay cho [^|]*)? \|", proposal, re.M)
    expected = [f"- Báo cáo thành tích của {name};" for name in dict.fromkeys(table_units)]
    assert [line for line in enclosed if line.startswith("- Báo cáo thành tích")] == expected
    assert expected


@pytest.mark.parametrize(("example", "period"), EXAMPLES)
def test_tables_print_full_names_and_explain_every_short_one(
    outputs: dict[str, Path], example: str, period: str
) -> None:
    units = {u["short_name"]: u["name"] for u in _units(example).values()}
    only_short = {short for short, name in units.items() if short != name}
    report = dump(outputs[example] / "bao-cao-tong-ket.docx")
    named = re.findall(r"^\| \d+=? \| ([^|]+) \|", report, re.M)  # the unit column of every table of the report
    assert named and not only_short & {cell.strip() for cell in named}
    minutes = dump(outputs[example] / "bien-ban-binh-xet.docx")
    shown = re.findall(r"^\| \d+ \| ([^|]+) \| [^|]+ \| \d+/\d+/\d+ \|", minutes, re.M)
    legend = next((x for x in minutes.splitlines() if x.startswith("Ghi chú: ")), None)
    abbreviated = [s for s in dict.fromkeys(shown) if units[s] != s]
    if not abbreviated:
        assert legend is None
        return
    assert legend == "Ghi chú: " + "; ".join(f"{s}: {units[s]}" for s in abbreviated) + "."

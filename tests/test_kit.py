"""The bình xét kit: ballot papers, the Ban kiểm phiếu's minutes and the chair's sheet, read back from the .docx
and compared with the awards engine's own decisions (order, votes needed, quorum, who comes next)."""

from __future__ import annotations

import os
import re
from fractions import Fraction
from pathlib import Path

import pytest
from docx import Document

from emulation_cli.awards.attendance import Attendance, PresentFrom
from emulation_cli.awards.period import AwardsResult, award_proposals
from emulation_cli.awards.propose import Outcome
from emulation_cli.awards.votes import quorum_met, quorum_needed
from emulation_cli.model.cluster import VoteRule
from emulation_cli.validation.project import load_project

from .conftest import DATA, REPO, copy_example, run_emul
from .dump import dump
from .office import convert, needs_office

GOLDEN = DATA / "golden" / "report" / "kit"
EXAMPLES = [
    ("cum-thi-dua-so-7-2023", "2023"),
    ("khoi-thi-dua-so-5-2023", "2023"),
    ("cum-thi-dua-so-7-2025", "2025"),
    ("khoi-binh-xet-2025", "2025"),
]
KIT = ["--only", "chu-tri", "--only", "phieu-bau", "--only", "kiem-phieu"]


def _kit(folder: Path, out: Path, period: str) -> Path:
    code, _out, err = run_emul(["report", str(folder), "--period", period, "--out", str(out), *KIT])
    assert (code, err) == (0, ""), err
    return out


def _awards(folder: Path, period: str) -> AwardsResult:
    project = load_project(folder)
    return award_proposals(project, project.period(period))[1]


def _names(folder: Path) -> dict[str, str]:
    project = load_project(folder)
    return {u.id: u.name for u in project.units.model.units}


@pytest.fixture(scope="module")
def kits(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Each example's kit, written once: (the cluster folder, the output folder)."""
    found = {}
    for example, period in EXAMPLES:
        root = tmp_path_factory.mktemp(example)
        folder = copy_example(example, root / "cum")
        found[example] = (folder, _kit(folder, root / "out", period))
    return found


def _rows(path: Path, table_index: int) -> list[list[str]]:
    table = Document(str(path)).tables[table_index]
    return [[cell.text for cell in row.cells] for row in table.rows]


@pytest.mark.parametrize(("example", "period"), EXAMPLES)
def test_a_ballot_paper_per_award_put_to_the_vote_with_the_engines_candidates_in_order(
    kits: dict[str, tuple[Path, Path]], example: str, period: str
) -> None:
    folder, out = kits[example]
    awards = _awards(folder, period)
    names = _names(folder)
    voted = [t for t in awards.titles if t.put_to_vote]
    expected = {f"phieu-bau-{t.title.id}.docx" for t in voted}
    if example == "khoi-binh-xet-2025":
        expected.add("phieu-bau-xep-hang.docx")
    assert {p.name for p in out.glob("phieu-bau-*.docx")} == expected
    for title in voted:
        rows = _rows(out / f"phieu-bau-{title.title.id}.docx", 1)  # table 0 is the header block
        assert rows[0] == ["STT", "Tên đơn vị", "Đồng ý", "Không đồng ý"]
        assert [r[1] for r in rows[1:]] == [names[d.unit] for d in title.put_to_vote]
        assert all(r[2:] == ["", ""] for r in rows[1:])  # boxes to mark


@pytest.mark.parametrize(("example", "period"), EXAMPLES)
def test_one_page_per_attendee_and_no_page_number(
    kits: dict[str, tuple[Path, Path]], example: str, period: str
) -> None:
    folder, out = kits[example]
    attendance = _awards(folder, period).attendance
    copies = attendance.present_count or attendance.member_count
    for paper in out.glob("phieu-bau-*.docx"):
        document = Document(str(paper))
        body = document.element.body.xml
        assert body.count("<w:pageBreakBefore/>") == copies - 1, paper.name
        assert dump(paper).count("PHIẾU BẦU") == copies, paper.name
        assert "PAGE" not in document.sections[0].header._element.xml
        text = dump(paper)
        assert "Số:" not in text and "Nơi nhận" not in text and "TM." not in text  # no number, no signature
        assert len(document.tables) == 2 * copies  # each copy: its header block and its candidates


def test_the_copies_follow_who_is_present(kits: dict[str, tuple[Path, Path]]) -> None:
    """Khối 5: 9 of its 10 members at the meeting get a paper each."""
    _folder, out = kits["khoi-thi-dua-so-5-2023"]
    assert dump(out / "phieu-bau-co-thi-dua-tp.docx").count("PHIẾU BẦU") == 9


def test_the_ranking_ballot_lists_every_ranked_unit_and_the_declared_limit(kits: dict[str, tuple[Path, Path]]) -> None:
    folder, out = kits["khoi-binh-xet-2025"]
    names = _names(folder)
    project = load_project(folder)
    members = project.members(project.period("2025"))
    rows = _rows(out / "phieu-bau-xep-hang.docx", 1)
    assert rows[0] == ["STT", "Tên đơn vị", "Bầu"]
    assert [r[1] for r in rows[1:]] == [names[u] for u in members]
    text = dump(out / "phieu-bau-xep-hang.docx")
    assert "không quá 3 đơn vị" in text and "phiếu bầu quá 3 đơn vị" in text


@pytest.mark.parametrize(("example", "period"), EXAMPLES)
def test_the_chair_sees_the_votes_each_proposal_needs_as_the_engine_decides_them(
    kits: dict[str, tuple[Path, Path]], example: str, period: str
) -> None:
    folder, out = kits[example]
    awards = _awards(folder, period)
    names = _names(folder)
    sheet = out / "ghi-nho-chu-tri.docx"
    for index, title in enumerate(awards.titles):
        rows = _rows(sheet, index)
        proposals = [d for d in title.decisions if d.offered or d.outcome is Outcome.VOTE_FAILED]
        assert [r[1].split(" (thay cho ")[0] for r in rows[1:]] == [names[d.unit] for d in proposals]
        assert [int(r[3]) for r in rows[1:]] == [d.vote.needed for d in proposals if d.vote is not None]
    rule = load_project(folder).cluster.model.awards.vote
    members = awards.attendance.member_count
    text = dump(sheet)
    assert f"ít nhất {quorum_needed(rule, members)}/{members} thành viên dự họp" in text


def test_who_is_offered_next_is_who_the_engine_offers_when_a_vote_fails(tmp_path: Path) -> None:
    """Khối 5: the chair's sheet names Sở Giao thông vận tải as next for the Bằng khen; when Sở Nông nghiệp's
    vote fails too, the engine offers exactly that unit."""
    folder = copy_example("khoi-thi-dua-so-5-2023", tmp_path / "cum")
    title = _awards(folder, "2023").titles[1]
    assert title.reserves == ("so-gtvt",)
    text = dump(_kit(folder, tmp_path / "out", "2023") / "ghi-nho-chu-tri.docx")
    assert "Nếu một đơn vị không đủ số phiếu đồng ý, lần lượt đề nghị:\n- Sở Giao thông vận tải (xếp thứ 7)." in text
    ballot = folder / "ballots" / "2023.yaml"
    source = ballot.read_text(encoding="utf-8")
    ballot.write_text(source.replace("    in_favour: 6\n    against: 3\n", "    in_favour: 3\n    against: 6\n"))
    after = _awards(folder, "2023").titles[1]
    entered = [d.unit for d in after.decisions if d.outcome is Outcome.TO_VOTE]
    assert entered == [title.reserves[0]]


def test_the_reserves_skip_units_already_proposed_and_ineligible_ones(kits: dict[str, tuple[Path, Path]]) -> None:
    folder, _out = kits["khoi-thi-dua-so-5-2023"]
    flag, bang_khen = _awards(folder, "2023").titles
    # Sở Công Thương (3rd) is not eligible: never a reserve; Sở Tài chính holds the flag: not a Bằng khen reserve.
    assert "so-ct" not in flag.reserves and "so-ct" not in bang_khen.reserves
    assert flag.reserves[0] == "so-khdt" and "so-tc" not in bang_khen.reserves


@pytest.mark.parametrize(
    ("quorum", "members"), [(Fraction(2, 3), 6), (Fraction(2, 3), 10), (Fraction(1, 2), 7), (Fraction(3, 4), 8)]
)
def test_the_quorum_number_is_the_fewest_present_that_meet_it(quorum: Fraction, members: int) -> None:
    rule = VoteRule(quorum=quorum)
    needed = quorum_needed(rule, members)

    def met(present: int) -> bool:
        everyone = tuple(f"u{i}" for i in range(members))
        return quorum_met(rule, Attendance(everyone, (), (), present, PresentFrom.BALLOTS))

    assert met(needed) and not met(needed - 1)


@pytest.mark.parametrize(("example", "period"), EXAMPLES)
def test_the_counting_minutes_report_the_ballot_file(
    kits: dict[str, tuple[Path, Path]], example: str, period: str
) -> None:
    folder, out = kits[example]
    awards = _awards(folder, period)
    names = _names(folder)
    minutes = out / "bien-ban-kiem-phieu.docx"
    tables = Document(str(minutes)).tables
    voted = [t for t in awards.titles if t.put_to_vote]
    first = 2 if example == "khoi-binh-xet-2025" else 1  # the header block, then the ranking ballot's table
    for title, table in zip(voted, tables[first:], strict=False):
        rows = [[c.text for c in row.cells] for row in table.rows][1:]
        for row, decision in zip(rows, title.put_to_vote, strict=True):
            counts = decision.vote.counts if decision.vote else None
            assert counts is not None
            assert row[1] == names[decision.unit]
            assert row[2:5] == [
                f"{counts.issued}/{counts.returned}",
                f"{counts.valid}/{counts.returned - counts.valid}",
                f"{counts.in_favour}/{counts.against}",
            ]
            assert row[6] == {"passed": "Đạt", "failed": "Không đạt"}[decision.vote.status.value]  # type: ignore[union-attr]


def test_the_ranking_ballot_counts_in_the_minutes(kits: dict[str, tuple[Path, Path]]) -> None:
    _folder, out = kits["khoi-binh-xet-2025"]
    text = dump(out / "bien-ban-kiem-phieu.docx")
    assert "Số phiếu phát ra: 8; số phiếu thu về: 8; số phiếu hợp lệ: 7; số phiếu không hợp lệ: 1." in text
    assert "| 3 | Phường Ba Đình | 6 |" in text and "| 8 | Phường Bạch Mai | 0 |" in text


@pytest.mark.parametrize(("example", "period"), EXAMPLES)
def test_without_a_ballot_the_minutes_leave_every_count_to_fill_by_hand(
    tmp_path: Path, example: str, period: str
) -> None:
    folder = copy_example(example, tmp_path / "cum")
    (folder / "ballots" / f"{period}.yaml").unlink()
    out = tmp_path / "out"
    code, _out, _err = run_emul(["report", str(folder), "--period", period, "--out", str(out), *KIT])
    assert code == 0
    minutes = dump(out / "bien-ban-kiem-phieu.docx")
    count_rows = [line for line in minutes.splitlines() if re.match(r"\| \d+ \| ", line)]
    assert count_rows
    for line in count_rows:
        assert re.fullmatch(r"\| \d+ \| [^|]+ \| …… \||\| \d+ \| [^|]+ \| ……/…… \| ……/…… \| ……/…… \| …… \| …… \|", line)
    # The papers are printed before the meeting: the candidates are those awaiting the vote.
    awards = _awards(folder, period)
    assert all(d.outcome is Outcome.TO_VOTE for t in awards.titles for d in t.put_to_vote)
    chair = dump(out / "ghi-nho-chu-tri.docx")
    if example == "khoi-binh-xet-2025":  # no ranking yet: nothing to propose, no award paper
        assert chair.count("| Chờ kết quả phiếu xếp hạng. |") == 2
        assert [p.name for p in out.glob("phieu-bau-*")] == ["phieu-bau-xep-hang.docx"]
    else:
        assert "Chưa bỏ phiếu" in chair


def test_the_counting_board_signs_with_names_in_bold(tmp_path: Path) -> None:
    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum")
    ballot = folder / "ballots" / "2023.yaml"
    board = (
        "  counting_board:\n"
        "    - {name: Trần Thị Bình, title: Chuyên viên, unit: so-yte}\n"
        "    - {name: Nguyễn Văn An, title: Phó Chánh Văn phòng, unit: so-gddt, role: truong_ban}\n"
        "    - {name: Lê Văn Cường, unit: so-khcn}\n"
    )
    source = _without_counting_board(ballot.read_text(encoding="utf-8"))
    ballot.write_text(source.replace("\nvotes:\n", board + "\nvotes:\n"), encoding="utf-8")
    out = _kit(folder, tmp_path / "out", "2023")
    text = dump(out / "bien-ban-kiem-phieu.docx")
    assert "- Nguyễn Văn An, Phó Chánh Văn phòng Sở Giáo dục và Đào tạo: Trưởng ban;" in text
    assert "- Lê Văn Cường Sở Khoa học và Công nghệ: Thành viên." in text
    assert "| CÁC THÀNH VIÊN / Trần Thị Bình / Lê Văn Cường /" in text
    assert "| TRƯỞNG BAN KIỂM PHIẾU / Nguyễn Văn An |" in text
    signatures = Document(str(out / "bien-ban-kiem-phieu.docx")).tables[-1]
    people = {"Trần Thị Bình", "Lê Văn Cường", "Nguyễn Văn An"}
    named = [r for cell in signatures.rows[0].cells for p in cell.paragraphs for r in p.runs if r.text in people]
    assert len(named) == 3 and all(r.bold for r in named)


def _without_counting_board(ballot: str) -> str:
    """The ballot file without the Ban kiểm phiếu the example declares, so that a test can declare its own."""
    return re.sub(r"  counting_board:\n(    - .*\n)+", "", ballot)


def test_two_heads_of_the_counting_board_are_refused(tmp_path: Path) -> None:
    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum")
    ballot = folder / "ballots" / "2023.yaml"
    board = (
        "  counting_board:\n"
        "    - {name: Nguyễn Văn An, role: truong_ban}\n"
        "    - {name: Trần Thị Bình, unit: so-yt, role: truong_ban}\n"
    )
    source = _without_counting_board(ballot.read_text(encoding="utf-8"))
    ballot.write_text(source.replace("\nvotes:\n", board + "\nvotes:\n"), encoding="utf-8")
    code, out, _err = run_emul(["validate", str(folder)])
    assert code == 1
    assert "meeting.counting_board[1].unit: unknown unit 'so-yt'" in out
    assert "meeting.counting_board[1].role: the Ban kiểm phiếu has more than one trưởng ban" in out


def test_kit_templates_are_checked_against_the_kit_variables(tmp_path: Path) -> None:
    from docx import Document as NewDocument

    template = tmp_path / "phieu-bau.docx"
    own = NewDocument()
    own.add_paragraph("{{ paper.award.nme }} {{ kit.rule.quorum_needed }} {{ cluster.name }}")
    own.save(str(template))
    code, stdout, _ = run_emul(["template", "check", str(template)])
    assert code == 1
    assert "unknown variable 'paper.award.nme'; did you mean 'name'?" in stdout
    assert stdout.count("unknown variable") == 1  # kit.rule.quorum_needed and cluster.name are known


def test_the_2025_kit_matches_its_golden_dumps(kits: dict[str, tuple[Path, Path]]) -> None:
    """The example not covered by the report goldens: a year with mergers (four members at the meeting)."""
    _folder, out = kits["cum-thi-dua-so-7-2025"]
    produced = {p.name: dump(p) for p in sorted(out.glob("*.docx"))}
    golden = GOLDEN / "cum-thi-dua-so-7-2025-2025"
    if os.environ.get("EMUL_UPDATE_GOLDEN"):
        golden.mkdir(parents=True, exist_ok=True)
        for name, text in produced.items():
            (golden / f"{name}.txt").write_text(text, encoding="utf-8")
    expected = {p.name[: -len(".txt")]: p.read_text(encoding="utf-8") for p in golden.glob("*.txt")}
    assert produced == expected


@needs_office
def test_each_paper_is_one_a4_page(kits: dict[str, tuple[Path, Path]], tmp_path: Path) -> None:
    import subprocess

    _folder, out = kits["khoi-binh-xet-2025"]
    for name in ("phieu-bau-xep-hang.docx", "phieu-bau-bang-khen-tp.docx"):
        pdf = convert(out / name, "pdf", tmp_path / name)
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"Pages:\s+8\n", info), name  # 8 attendees, 8 pages
        assert "(A4)" in info


def test_every_template_a_document_kind_names_is_shipped() -> None:
    from emulation_cli.reports.kinds import TEMPLATE_NAMES

    assert {"phieu-bau.docx", "bien-ban-kiem-phieu.docx", "ghi-nho-chu-tri.docx"} <= set(TEMPLATE_NAMES)
    assert [name for name in TEMPLATE_NAMES if not (REPO / "templates" / "report" / name).is_file()] == []


def test_awards_without_a_vote_get_no_paper_and_no_count(tmp_path: Path) -> None:
    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum")
    cluster = folder / "cluster.yaml"
    source = cluster.read_text(encoding="utf-8")
    minimum = "      min_classification: htxs\n"
    cluster.write_text(source.replace(minimum, minimum + "      requires_vote: false\n"), encoding="utf-8")
    (folder / "ballots" / "2023.yaml").unlink()
    out = _kit(folder, tmp_path / "out", "2023")
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["ghi-nho-chu-tri.docx"]
    chair = dump(out / "ghi-nho-chu-tri.docx")
    assert "| 1 | Sở Giáo dục và Đào tạo | 1 | Không bỏ phiếu |  |  |" in chair
    assert "không đủ số phiếu đồng ý" not in chair


def test_an_award_named_like_the_ranking_paper_keeps_its_own_file(tmp_path: Path) -> None:
    folder = copy_example("khoi-binh-xet-2025", tmp_path / "khoi")
    for name in ("cluster.yaml", "ballots/2025.yaml"):
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8").replace("bang-khen-tp", "xep-hang"), encoding="utf-8")
    out = _kit(folder, tmp_path / "out", "2025")
    assert "Bằng khen" in dump(out / "phieu-bau-khen-thuong-xep-hang.docx")
    assert "Xếp hạng thi đua năm 2025" in dump(out / "phieu-bau-xep-hang.docx")

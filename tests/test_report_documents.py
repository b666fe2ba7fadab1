"""Every default document: a golden text dump, the Nghị định 30/2020 layout read back from the .docx,
reproducible bytes, text that stays text, and the officer's own templates."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from docx import Document

from emulation_cli.reports.context import clean

from .conftest import DATA, REPO, copy_example, load_period, run_emul
from .dump import dump

GOLDEN = DATA / "golden" / "report"
GOLDEN_TEMPLATES = DATA / "golden" / "templates"
CASES = [
    ("cum-thi-dua-so-7-2023", "2023"),
    ("cum-thi-dua-so-7-2023", "2023-H1"),
    ("khoi-thi-dua-so-5-2023", "2023"),
    ("khoi-binh-xet-2025", "2025"),  # ranked by vote: no score sheets, the ranking ballot in the minutes
]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Each case reported once, into its own folder (the module's tests only read the files)."""
    found = {}
    for example, period in CASES:
        root = tmp_path_factory.mktemp(f"{example}-{period}")
        folder = copy_example(example, root / "cum", adopted=False)
        code, _out, err = run_emul(["report", str(folder), "--period", period, "--out", str(root / "out")])
        # the documents of the example as shipped; its one warning is that its rubric is illustrative
        assert (code, [line for line in err.splitlines() if "`illustrative: true`" not in line]) == (0, [])
        found[(example, period)] = root / "out"
    return found


def _documents(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*") if p.is_file() and not p.name.startswith("."))


@pytest.mark.parametrize(("example", "period"), CASES)
def test_every_document_matches_its_golden_dump(
    outputs: dict[tuple[str, str], Path], example: str, period: str
) -> None:
    out = outputs[(example, period)]
    golden = GOLDEN / f"{example}-{period}"
    produced = {p.relative_to(out).as_posix(): dump(p) for p in _documents(out)}
    if os.environ.get("EMUL_UPDATE_GOLDEN"):
        for name, text in produced.items():
            target = golden / (name.replace("/", "__") + ".txt")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    expected = {p.name[: -len(".txt")].replace("__", "/"): p.read_text(encoding="utf-8") for p in golden.glob("*.txt")}
    assert sorted(produced) == sorted(expected)
    for name, text in produced.items():
        assert text == expected[name], name


def test_the_year_gets_every_kind_the_sketch_only_its_own(outputs: dict[tuple[str, str], Path]) -> None:
    year = [
        p.relative_to(outputs[("cum-thi-dua-so-7-2023", "2023")]).as_posix()
        for p in _documents(outputs[("cum-thi-dua-so-7-2023", "2023")])
    ]
    assert len(year) == 17 and "bien-ban-binh-xet.docx" in year and "phieu-cham/so-yte.docx" in year
    assert "tong-quan.html" in year
    sketch = [p.name for p in _documents(outputs[("cum-thi-dua-so-7-2023", "2023-H1")])]
    assert sketch == [
        "bang-tien-do-giao-uoc.xlsx",
        "bao-cao-so-ket.docx",
        "giao-uoc-thi-dua.docx",
        "tom-tat.md",
        "tong-quan.html",
    ]


@pytest.mark.parametrize(("example", "period"), CASES)
def test_word_documents_follow_the_official_layout(
    outputs: dict[tuple[str, str], Path], example: str, period: str
) -> None:
    for path in (p for p in _documents(outputs[(example, period)]) if p.suffix == ".docx"):
        document = Document(str(path))
        section = document.sections[0]
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297), path.name
        top, bottom, left, right = (
            round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
        )
        assert 20 <= top <= 25 and 20 <= bottom <= 25 and 30 <= left <= 35 and 15 <= right <= 20, path.name
        normal = document.styles["Normal"].font
        assert normal.name == "Times New Roman" and normal.size.pt in (13, 14)
        fonts = {run.font.name for p in document.paragraphs for run in p.runs} - {None}
        assert fonts <= {"Times New Roman"}, path.name
        assert section.different_first_page_header_footer
        assert not "".join(p.text for p in section.first_page_header.paragraphs).strip()
        numbered = re.search(r'w:instr="\s*PAGE\s*"', section.header._element.xml)
        assert bool(numbered) != path.name.startswith("phieu-bau-"), path.name  # a ballot paper bears no number


def test_header_block_and_date_line(outputs: dict[tuple[str, str], Path]) -> None:
    text = dump(outputs[("cum-thi-dua-so-7-2023", "2023-H1")] / "bao-cao-so-ket.docx")
    assert "| UBND THÀNH PHỐ HÀ NỘI / CỤM THI ĐUA SỐ 7 / Số: …/BC-CTĐ7 |" in text
    assert (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc / Hà Nội, ngày 08 tháng 9 năm 2023 |" in text
    )


def test_identical_inputs_give_identical_files(tmp_path: Path) -> None:
    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum")
    for out in ("a", "b"):
        assert run_emul(["report", str(folder), "--out", str(tmp_path / out)])[0] == 0
    first, second = _documents(tmp_path / "a"), _documents(tmp_path / "b")
    assert len(first) == 17
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_names_with_xml_characters_stay_text(tmp_path: Path) -> None:
    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum")
    units = folder / "units.yaml"
    units.write_text(
        units.read_text(encoding="utf-8").replace("name: Sở Y tế\n", "name: 'Sở Y tế <Hà Nội> & \"Bệnh viện\"'\n"),
        encoding="utf-8",
    )
    assert run_emul(["report", str(folder), "--only", "bien-ban", "--out", str(tmp_path / "out")])[0] == 0
    text = dump(tmp_path / "out" / "bien-ban-binh-xet.docx")
    assert "Sở Y tế <Hà Nội> & “Bệnh viện”" in text  # the documents' quotes are curly


def test_control_characters_and_decomposed_letters_are_cleaned() -> None:
    assert clean("So\u031b\u0309 Y te\u0302\u0301\x07") == "Sở Y tế"
    assert clean(None) == ""


def test_the_cluster_folder_may_override_a_template(tmp_path: Path) -> None:
    from docx import Document as NewDocument

    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum")
    (folder / "templates").mkdir()
    own = NewDocument()
    own.add_paragraph("Tờ trình riêng của {{ cluster.name }} — {{ awards.proposed_count }} đơn vị")
    own.save(str(folder / "templates" / "to-trinh.docx"))
    assert run_emul(["report", str(folder), "--only", "to-trinh", "--out", str(tmp_path / "out")])[0] == 0
    text = dump(tmp_path / "out" / "to-trinh-khen-thuong.docx")
    assert "Tờ trình riêng của Cụm thi đua số 7 — 2 đơn vị" in text


@pytest.mark.parametrize("name", sorted(p.name for p in (REPO / "templates" / "report").glob("*.docx")))
def test_each_committed_template_has_its_text_dump_beside_the_tests(name: str) -> None:
    """The committed .docx is the source (an officer may edit it in Word); its text dump, tags included, is
    kept for review, so a change to a template shows as a readable diff. Compared as text, never as bytes."""
    text = dump(REPO / "templates" / "report" / name)
    golden = GOLDEN_TEMPLATES / f"{name}.txt"
    if os.environ.get("EMUL_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def _own_template(folder: Path, name: str, paragraphs: list[str], rows: list[str] | None = None) -> None:
    from docx import Document as NewDocument

    (folder / "templates").mkdir(exist_ok=True)
    own = NewDocument()
    for text in paragraphs:
        own.add_paragraph(text)
    if rows:
        table = own.add_table(rows=len(rows), cols=1)
        for row, text in zip(table.rows, rows, strict=True):
            row.cells[0].text = text
    own.save(str(folder / "templates" / name))


def test_a_template_whose_code_fails_is_a_template_failure_not_a_bug(tmp_path: Path) -> None:
    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum")
    _own_template(folder, "to-trinh.docx", ['{{ period.year + "1" }}'])
    code, _, stderr = run_emul(["report", str(folder), "--only", "to-trinh", "--out", str(tmp_path / "out")])
    template = folder / "templates" / "to-trinh.docx"
    assert code == 1
    assert stderr.splitlines()[0] == (
        f"error: to-trinh-khen-thuong.docx: {template}: the template failed: TypeError: unsupported operand "
        f"type(s) for +: 'int' and 'str' ('emul template check {template}' shows where)"
    )


def test_a_workbook_renamed_to_docx_is_refused(tmp_path: Path) -> None:
    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum")
    assert run_emul(["report", str(folder), "--only", "bang-tong-hop", "--out", str(tmp_path / "x")])[0] == 0
    (folder / "templates").mkdir()
    (folder / "templates" / "bien-ban.docx").write_bytes((tmp_path / "x" / "bang-tong-hop-diem.xlsx").read_bytes())
    code, _, stderr = run_emul(["report", str(folder), "--only", "bien-ban", "--out", str(tmp_path / "out")])
    assert code == 1
    template = folder / "templates" / "bien-ban.docx"
    assert stderr.splitlines()[0] == f"error: bien-ban-binh-xet.docx: {template}: not a Word (.docx) file"


def test_a_table_whose_loop_has_nothing_to_show_is_left_out(tmp_path: Path) -> None:
    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum")
    _own_template(
        folder, "giao-uoc.docx", ["Trước bảng", "Sau bảng"], ["{%tr for d in [] %}", "{{ d }}", "{%tr endfor %}"]
    )
    assert run_emul(["report", str(folder), "--only", "giao-uoc", "--out", str(tmp_path / "out")])[0] == 0
    document = Document(str(tmp_path / "out" / "giao-uoc-thi-dua.docx"))
    assert [p.text for p in document.paragraphs] == ["Trước bảng", "Sau bảng"]
    assert document.tables == []


def test_outcome_of_a_title_says_who_awaits_the_vote_and_who_is_tied() -> None:
    from emulation_cli.reports.model import ProposalCtx, UnitRef

    _outcome_text = load_period(REPO / "examples" / "cum-thi-dua-so-7-2023", "2023")._outcome_text

    def unit(name: str) -> UnitRef:
        return UnitRef(id=name, name=name, name_upper=name, short_name=name, head_title="", head_name="", role="")

    def proposal(name: str, pending: bool) -> ProposalCtx:
        return ProposalCtx(
            unit=unit(name),
            rank="1",
            total="90",
            ranking_votes="",
            classification="",
            vote=None,
            replaces=None,
            replaces_reason="",
            pending=pending,
        )

    assert _outcome_text([proposal("Sở A", False), proposal("Sở B", True)], []) == ("Sở A, Sở B (chờ kết quả bỏ phiếu)")
    assert _outcome_text([], [unit("Sở C"), unit("Sở D")]) == (
        "đồng hạng tại ngưỡng chỉ tiêu: Sở C, Sở D (hội nghị xem xét, quyết định)"
    )
    assert _outcome_text([], []) == "không có đơn vị đủ điều kiện"


def test_characters_word_cannot_hold_are_removed_and_line_breaks_become_spaces() -> None:
    assert clean("Sở Y tế\ufffe\uffff") == "Sở Y tế"
    assert clean("Sở\x0bY tế\u2028x") == "Sở Y tế x"


def test_an_edited_word_document_is_kept(tmp_path: Path) -> None:
    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum")
    out = tmp_path / "out"
    args = ["report", str(folder), "--only", "bien-ban", "--out", str(out)]
    assert run_emul(args)[0] == 0
    minutes = out / "bien-ban-binh-xet.docx"
    document = Document(str(minutes))
    document.add_paragraph("Ý kiến bổ sung của Sở Y tế.")
    document.save(str(minutes))
    edited = minutes.read_bytes()
    code, stdout, stderr = run_emul(args)
    assert (code, stderr) == (0, "")
    assert stdout.splitlines()[1] == "  bien-ban-binh-xet.docx  kept as you edited it"
    assert minutes.read_bytes() == edited


def test_next_years_roles_come_as_declared_together(tmp_path: Path) -> None:
    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum")
    cluster = folder / "cluster.yaml"
    text = cluster.read_text(encoding="utf-8")
    text = text.replace("      - unit: so-ldtbxh\n        role: cum_pho\n", "      - unit: so-ldtbxh\n")
    cluster.write_text(text, encoding="utf-8")
    assert run_emul(["report", str(folder), "--only", "bien-ban", "--out", str(tmp_path / "out")])[0] == 0
    minutes = dump(tmp_path / "out" / "bien-ban-binh-xet.docx")
    assert "Hội nghị thống nhất Sở Y tế làm Cụm trưởng, …… làm Cụm phó Cụm thi đua số 7 năm 2024." in minutes


def test_a_meeting_without_quorum_is_no_vote_in_the_documents(tmp_path: Path) -> None:
    """3 of 6 members present (quorum 2/3): the ballots counted decide nothing. The tờ trình must not cite
    a vote, its table shows the proposals as awaiting the vote, the flag's candidate is conditional, and the
    biên bản's vote table says why the result does not stand."""
    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum")
    ballot = folder / "ballots" / "2023.yaml"
    text = ballot.read_text(encoding="utf-8")
    text = text.replace(
        "present: [so-gddt, so-yte, so-vhtt, so-ldtbxh, so-khcn, so-tttt]", "present: [so-gddt, so-yte, so-vhtt]"
    )
    text = re.sub(r"(issued|returned|valid): 6", r"\1: 3", text).replace("in_favour: 6", "in_favour: 3")
    text = text.replace("in_favour: 5", "in_favour: 3").replace("against: 1", "against: 0")
    text = re.sub(r"(?m)^ *- \{name: .*unit: so-(ldtbxh|khcn|tttt)\b.*\n", "", text)  # the people who did not come
    ballot.write_text(text, encoding="utf-8")
    code, _out, _err = run_emul(["report", str(folder), "--out", str(tmp_path / "out")])
    assert code == 0
    proposal = dump(tmp_path / "out" / "to-trinh-khen-thuong.docx")
    assert "và bỏ phiếu bình xét" not in proposal
    assert "(chờ kết quả bỏ phiếu)" in proposal
    assert "| 1 | Sở Giáo dục và Đào tạo | 97,84 | 1 | chờ bỏ phiếu | — |" in proposal
    assert "giới thiệu Sở Giáo dục và Đào tạo (khi có kết quả bỏ phiếu hợp lệ)" in proposal
    minutes = dump(tmp_path / "out" / "bien-ban-binh-xet.docx")
    assert "| 3/3/3 | 3/0 | 50,00% | Không đủ số thành viên dự họp, phải bỏ phiếu lại |" in minutes
    assert (
        "Hội nghị có 3/6 thành viên dự họp, không đủ số thành viên dự họp theo quy định (ít nhất 2/3 tổng số thành "
        "viên, tức 4 thành viên); hội nghị không đủ điều kiện biểu quyết." in minutes
    )


def test_minutes_without_a_present_list_count_from_the_ballots_and_name_no_absence_when_all_came(
    tmp_path: Path,
) -> None:
    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum")
    for name in ("ballots/2023.yaml", "cluster.yaml"):
        path = folder / name
        path.write_text(re.sub(r"(?m)^ *present: \[.*\]\n", "", path.read_text(encoding="utf-8")), "utf-8")
    assert run_emul(["report", str(folder), "--only", "bien-ban", "--out", str(tmp_path / "out")])[0] == 0
    minutes = dump(tmp_path / "out" / "bien-ban-binh-xet.docx")
    assert "đại diện lãnh đạo 6/6 đơn vị thành viên Cụm thi đua số 7 (theo số phiếu phát ra):" in minutes
    assert "6. Vắng mặt: không có." in minutes


def test_a_report_from_an_illustrative_rubric_says_its_documents_are_drafts(tmp_path: Path) -> None:
    shipped = copy_example("cum-thi-dua-so-7-2023", tmp_path / "shipped", adopted=False)
    code, _out, err = run_emul(["report", str(shipped), "--only", "tom-tat"], lang="en")
    assert code == 0
    rubric = shipped / "criteria" / "khoi-so-nganh-ha-noi-2023.yaml"
    assert err.splitlines() == [
        f"warning: {rubric} is marked `illustrative: true`: it is an example, not the rubric the cluster adopted, "
        "and the documents drawn from it are drafts; adapt it to the cluster's rules (Quy chế), then remove that line"
    ]
    # validate and score stay quiet: the officer adapts the rubric over the year, the warning is for documents
    assert run_emul(["validate", str(shipped)], lang="en")[2] == ""
    adopted = copy_example("cum-thi-dua-so-7-2023", tmp_path / "adopted")
    assert run_emul(["report", str(adopted), "--only", "tom-tat"], lang="en")[2] == ""

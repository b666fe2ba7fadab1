"""Nghị định 30/2020 (Phụ lục I) in the Word documents of every example: the signer's name under every signature,
signature blocks kept with the text above them, the Phụ lục heading, the căn cứ's punctuation and issuers,
Kính gửi on the báo cáo, the short rules sized to their line, tables inside the margins."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as WordDocument
from docx.table import Table
from docx.text.paragraph import Paragraph

from emulation_cli.reports.rules import rule_length, text_width

from .conftest import copy_example, run_emul
from .office import SOFFICE, needs_office, needs_pdftotext

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CASES = [
    ("cum-thi-dua-so-7-2023", "2023"),
    ("cum-thi-dua-so-7-2023", "2023-H1"),
    ("khoi-thi-dua-so-5-2023", "2023"),
    ("cum-thi-dua-so-7-2025", "2025"),
    ("khoi-binh-xet-2025", "2025"),
]
IDS = [f"{example}-{period}" for example, period in CASES]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    found = {}
    for (example, period), name in zip(CASES, IDS, strict=True):
        root = tmp_path_factory.mktemp(name)
        folder = copy_example(example, root / "cum")
        code, _out, err = run_emul(["report", str(folder), "--period", period, "--out", str(root / "out")])
        assert (code, err) == (0, "")
        found[name] = root / "out"
    return found


# Not official documents (Nghị định 30/2020 does not apply): the chair's own sheet, and the secret-ballot papers.
_NOT_ISSUED = ("ghi-nho-chu-tri.docx", "phieu-bau-")


def _word_files(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.docx") if not p.name.startswith(_NOT_ISSUED))


def _texts(document: WordDocument) -> list[str]:
    return [p.text for p in document.paragraphs if p.text.strip()]


def _borderless(table: Table) -> bool:
    top = table._tbl.find(f"{W}tblPr/{W}tblBorders/{W}top")
    return top is not None and top.get(f"{W}val") == "nil"


def signature_tables(document: WordDocument) -> list[Table]:
    """The borderless tables after the header block: the signature blocks."""
    return [t for t in document.tables[1:] if _borderless(t)]


def signature_cells(document: WordDocument) -> list[list[Paragraph]]:
    """Each signature block's non-empty paragraphs, down to the Nơi nhận that may follow it in its cell; a cell
    that starts with the Nơi nhận, or holds a table of signatures, is no signature."""
    cells = []
    for table in signature_tables(document):
        for cell in table._tbl.iter(f"{W}tc"):
            if cell.find(f".//{W}tbl") is not None:
                continue
            shown = [Paragraph(p, document) for p in cell.iterchildren(f"{W}p")]
            shown = [p for p in shown if p.text.strip()]
            ends = next((i for i, p in enumerate(shown) if p.text.startswith("Nơi nhận")), len(shown))
            if shown[:ends]:
                cells.append(shown[:ends])
    return cells


# ----- signer -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", IDS)
def test_every_signature_block_ends_with_the_signers_name_in_bold(outputs: dict[str, Path], case: str) -> None:
    for path in _word_files(outputs[case]):
        if path.name.startswith("bien-ban"):  # the minutes' signatures are the chair's and the secretary's
            continue
        cells = signature_cells(Document(str(path)))
        assert cells, path.name
        for cell in cells:
            title, name = cell[0].text, cell[-1]
            assert title.isupper() and len(cell) >= 3, (path.name, title)
            assert name.text != title and not name.text.isupper() and "…" not in name.text, (path.name, name.text)
            assert all(run.bold for run in name.runs if run.text.strip()), (path.name, name.text)


def _sheet_sides(path: Path) -> tuple[str, str]:
    unit_side, cluster_side = signature_cells(Document(str(path)))
    return " / ".join(p.text for p in unit_side), " / ".join(p.text for p in cluster_side)


def test_the_cum_truongs_own_sheet_is_signed_for_the_cluster_by_the_cum_pho(outputs: dict[str, Path]) -> None:
    sheets = outputs["cum-thi-dua-so-7-2023-2023"] / "phieu-cham"
    unit_side, cluster_side = _sheet_sides(sheets / "so-gddt.docx")  # Sở GD&ĐT leads the cluster in 2023
    assert unit_side == "ĐẠI DIỆN ĐƠN VỊ / GIÁM ĐỐC / Nguyễn Văn An"
    assert cluster_side == "TM. CỤM THI ĐUA SỐ 7 / KT. CỤM TRƯỞNG / CỤM PHÓ / GIÁM ĐỐC SỞ Y TẾ / Trần Thị Bình"
    unit_side, cluster_side = _sheet_sides(sheets / "so-yte.docx")
    assert unit_side.endswith("Trần Thị Bình")
    assert cluster_side == "TM. CỤM THI ĐUA SỐ 7 / CỤM TRƯỞNG / GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO / Nguyễn Văn An"


@pytest.mark.parametrize("case", ["cum-thi-dua-so-7-2023-2023", "khoi-thi-dua-so-5-2023-2023"])
def test_no_one_signs_both_sides_of_a_score_sheet(outputs: dict[str, Path], case: str) -> None:
    sheets = sorted((outputs[case] / "phieu-cham").glob("*.docx"))
    assert sheets
    for path in sheets:
        unit_side, cluster_side = _sheet_sides(path)
        assert unit_side.rsplit(" / ", 1)[1] != cluster_side.rsplit(" / ", 1)[1], path.name


def test_a_declared_appraiser_signs_the_cum_truongs_sheet(tmp_path: Path) -> None:
    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum")
    cluster = folder / "cluster.yaml"
    text = cluster.read_text(encoding="utf-8")
    cluster.write_text(text.replace("scoring:\n", "scoring:\n  leader_appraised_by: so-vhtt\n"), encoding="utf-8")
    code, _out, err = run_emul(["report", str(folder), "--only", "phieu-cham", "--out", str(tmp_path / "out")])
    assert (code, err) == (0, "")
    _unit, cluster_side = _sheet_sides(tmp_path / "out" / "phieu-cham" / "so-gddt.docx")
    assert cluster_side == "ĐƠN VỊ THẨM ĐỊNH / GIÁM ĐỐC SỞ VĂN HÓA VÀ THỂ THAO / Lê Minh Châu"
    _unit, cluster_side = _sheet_sides(tmp_path / "out" / "phieu-cham" / "so-yte.docx")
    assert cluster_side.endswith("/ Nguyễn Văn An")


def test_a_head_without_a_name_is_a_located_warning_and_a_visible_placeholder(tmp_path: Path) -> None:
    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum")
    units = folder / "units.yaml"
    text = units.read_text(encoding="utf-8")
    units.write_text(text.replace("      name: Nguyễn Văn An\n", ""), encoding="utf-8")
    line = text[: text.index("      name: Nguyễn Văn An")].count("\n")  # the `title:` line of the head
    code, out, _err = run_emul(["validate", str(folder)])
    assert code == 0
    assert f"units.yaml:{line}:7: warning: units[0].head: the head of 'so-gddt' has no name" in out
    code, out, _err = run_emul(["validate", str(folder)], lang="vi")
    assert "cảnh báo: units[0].head: chưa có họ tên người đứng đầu của 'so-gddt'" in out
    assert run_emul(["report", str(folder), "--out", str(tmp_path / "out")])[0] == 0
    for name in ("bao-cao-tong-ket.docx", "to-trinh-khen-thuong.docx", "giao-uoc-thi-dua.docx"):
        cells = signature_cells(Document(str(tmp_path / "out" / name)))
        leader = next(c for c in cells if "GIÁO DỤC" in " ".join(p.text for p in c))
        assert leader[-1].text == "……", name
    unit_side, _cluster = _sheet_sides(tmp_path / "out" / "phieu-cham" / "so-gddt.docx")
    assert unit_side == "ĐẠI DIỆN ĐƠN VỊ / GIÁM ĐỐC / ……"


def test_the_giao_uoc_is_signed_by_every_partys_head(outputs: dict[str, Path]) -> None:
    document = Document(str(outputs["khoi-thi-dua-so-5-2023-2023"] / "giao-uoc-thi-dua.docx"))
    cells = signature_cells(document)
    assert len(cells) == 10
    assert [c[1].text for c in cells] == ["GIÁM ĐỐC"] * 10
    assert cells[0][0].text == "SỞ TÀI CHÍNH" and cells[0][-1].text == "Đặng Văn Hải"


# ----- Phụ lục, căn cứ, Kính gửi ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "case", ["cum-thi-dua-so-7-2023-2023", "khoi-binh-xet-2025-2025", "cum-thi-dua-so-7-2025-2025"]
)
def test_appendices_are_numbered_in_roman_on_a_new_page_with_their_reference(
    outputs: dict[str, Path], case: str
) -> None:
    document = Document(str(outputs[case] / "bao-cao-tong-ket.docx"))
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    heads = [i for i, p in enumerate(paragraphs) if p.text.startswith("Phụ lục")]
    assert [paragraphs[i].text for i in heads] == ["Phụ lục I", "Phụ lục II"]
    number = re.search(r"Số: (\S+)", "\n".join(c.text for c in document.tables[0].rows[0].cells))
    assert number is not None
    for i in heads:
        assert paragraphs[i].paragraph_format.page_break_before
        title, reference = paragraphs[i + 1].text, paragraphs[i + 2].text
        assert title.isupper() and all(run.bold for run in paragraphs[i + 1].runs)
        assert re.fullmatch(
            rf"\(Kèm theo Báo cáo số {re.escape(number[1])} ngày \d\d? tháng \d\d? năm \d{{4}} của (Cụm|Khối) .+\)",
            reference,
        ), reference
    body = "\n".join(p.text for p in paragraphs[: heads[0]])
    assert "(chi tiết tại Phụ lục I)" in body.replace("):", ")") and "Phụ lục II" in body
    assert not re.search(r"Phụ lục \d", body)


@pytest.mark.parametrize("case", IDS)
def test_each_can_cu_ends_with_a_semicolon_and_the_last_with_a_full_stop(outputs: dict[str, Path], case: str) -> None:
    for path in _word_files(outputs[case]):
        texts = _texts(Document(str(path)))
        bases = [i for i, t in enumerate(texts) if t.startswith("Căn cứ ") and t.endswith((";", "."))]
        if not bases:
            continue
        block = texts[bases[0] : bases[-1] + 1]
        assert all(t.startswith("Căn cứ ") for t in block), path.name
        assert all(t.endswith(";") for t in block[:-1]) and block[-1].endswith("."), (path.name, block)


def test_the_clusters_own_documents_name_their_issuer(outputs: dict[str, Path], tmp_path: Path) -> None:
    texts = _texts(Document(str(outputs["cum-thi-dua-so-7-2023-2023"] / "bao-cao-tong-ket.docx")))
    assert (
        "Căn cứ Quyết định số 580/QĐ-CTĐ7 ngày 04 tháng 4 năm 2023 của Cụm thi đua số 7 về việc ban hành Quy chế"
        in "\n".join(texts)
    )
    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum")
    cluster = folder / "cluster.yaml"
    text = cluster.read_text(encoding="utf-8")
    text = text.replace(
        "    number: 580/QĐ-CTĐ7\n", "    number: 580/QĐ-CTĐ7\n    issuer: Cụm trưởng Cụm thi đua số 7\n"
    )
    cluster.write_text(text, encoding="utf-8")
    assert run_emul(["report", str(folder), "--only", "bao-cao", "--out", str(tmp_path / "out")])[0] == 0
    texts = _texts(Document(str(tmp_path / "out" / "bao-cao-tong-ket.docx")))
    assert "ngày 04 tháng 4 năm 2023 của Cụm trưởng Cụm thi đua số 7 về việc ban hành Quy chế" in "\n".join(texts)


@pytest.mark.parametrize("case", IDS)
def test_the_bao_cao_is_addressed_to_the_provinces_board(outputs: dict[str, Path], case: str) -> None:
    path = next(p for p in _word_files(outputs[case]) if p.name.startswith("bao-cao"))
    document = Document(str(path))
    texts = _texts(document)
    assert texts[2] == "Kính gửi: Ban Thi đua – Khen thưởng Thành phố Hà Nội."
    recipients = signature_tables(document)[-1].rows[0].cells[0].paragraphs
    assert [p.text for p in recipients if p.text.strip()][1] == "- Như trên;"


# ----- rules and tables ---------------------------------------------------------------------------------------


def test_text_width_follows_times_new_roman() -> None:
    assert text_width("0123456789", 14, bold=False) == 70  # Times New Roman's figures are half an em
    assert text_width("0123456789", 14, bold=True) == 70
    assert text_width("Ệ", 13, bold=True) == text_width("E", 13, bold=True)
    assert text_width("Ê\u0301", 14, bold=False) == text_width("Ế", 14, bold=False)  # decomposed input
    assert text_width("ǘ", 14, bold=False) == text_width("u", 14, bold=False)  # not in the table: its base letter
    assert text_width("M", 10, bold=True) > text_width("M", 10, bold=False) > text_width("i", 10, bold=False)


def test_rule_length_is_two_fifths_of_the_line_within_a_third_and_a_half() -> None:
    assert rule_length(100, 165) == 40
    assert rule_length(300, 165) == 66  # a line longer than the room wraps: the room is the line
    for line in (1, 10, 80, 165, 400):
        shown = min(line, 165)
        assert shown / 3 <= rule_length(line, 165) <= shown / 2


def _twips(node: object, attribute: str) -> int:
    return int(node.get(f"{W}{attribute}", "0"))  # type: ignore[attr-defined]


def _text_width(document: WordDocument) -> int:
    section = document.sections[0]
    return int((section.page_width - section.left_margin - section.right_margin) / 635)  # EMU to twips


def rules(document: WordDocument) -> list[tuple[Paragraph, Paragraph]]:
    """(the rule, the line above it) of every short rule: an empty centred paragraph with a top border."""
    found = []
    for par in document.element.body.iter(f"{W}p"):
        if par.find(f"{W}pPr/{W}pBdr/{W}top") is not None and not "".join(par.itertext()).strip():
            found.append((Paragraph(par, document), Paragraph(par.getprevious(), document)))
    return found


@pytest.mark.parametrize("case", IDS)
def test_the_rules_under_the_issuing_body_and_the_title_fit_their_line(outputs: dict[str, Path], case: str) -> None:
    for path in _word_files(outputs[case]):
        document = Document(str(path))
        found = rules(document)
        assert [above.text.isupper() for _rule, above in found] == [True, False], path.name  # body name, trích yếu
        for rule, above in found:
            indent = rule._p.find(f"{W}pPr/{W}ind")
            cell = next(rule._p.iterancestors(f"{W}tc"), None)
            room = _twips(cell.find(f"{W}tcPr/{W}tcW"), "w") - 216 if cell is not None else _text_width(document)
            length = room - _twips(indent, "left") - _twips(indent, "right")
            size = 13 if cell is not None else 14
            line = min(text_width(above.text, size, bold=True) * 20, room)
            assert line / 3 <= length <= line / 2, (path.name, above.text, length, line)
            assert _twips(indent, "left") == _twips(indent, "right"), path.name


@pytest.mark.parametrize("case", IDS)
def test_every_table_stays_inside_the_margins(outputs: dict[str, Path], case: str) -> None:
    for path in _word_files(outputs[case]):
        document = Document(str(path))
        room = _text_width(document)
        tables = list(document.element.body.iter(f"{W}tbl"))
        assert tables, path.name
        for table in tables:
            width = table.find(f"{W}tblPr/{W}tblW")
            assert width.get(f"{W}type") == "dxa" and _twips(width, "w") <= room, path.name
            grid = sum(_twips(col, "w") for col in table.find(f"{W}tblGrid").iterchildren(f"{W}gridCol"))
            assert grid <= room + 2, path.name  # rounding of millimetres to twips


# ----- pages, where LibreOffice is installed -------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdfs(outputs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Path]:
    """Every Word document of the examples converted to PDF, one LibreOffice run per example."""
    assert SOFFICE is not None
    found = {}
    for case, out in outputs.items():
        target = tmp_path_factory.mktemp(f"pdf-{case}")
        for folder in sorted({p.parent for p in _word_files(out)}):
            pdf_dir = target / folder.relative_to(out)
            profile = (target / "profile").resolve().as_uri()
            command = [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to"]
            documents = [p for p in _word_files(out) if p.parent == folder]
            command += ["pdf", "--outdir", str(pdf_dir), *map(str, documents)]
            subprocess.run(command, check=True, capture_output=True, timeout=600)
            found.update({p: pdf_dir / f"{p.stem}.pdf" for p in documents})
    return found


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True).stdout.decode()
    return [" ".join(page.split()) for page in text.split("\f")]


def _page_of(pages: list[str], text: str) -> int:
    """The last page that holds `text` (a name may also appear in the body, before the signatures)."""
    wanted = " ".join(text.split())
    found = [i for i, page in enumerate(pages) if wanted in page]
    assert found, text
    return found[-1]


def _body_before(document: WordDocument, first: Paragraph) -> str:
    """The last words of body text before a signature block (headings in capitals are no body text)."""
    recipients = {
        par
        for cell in document.element.body.iter(f"{W}tc")
        if "".join(cell.itertext()).startswith("Nơi nhận")
        for par in cell.iter(f"{W}p")
    }
    before = []
    for par in document.element.body.iter(f"{W}p"):
        if par is first._p:
            break
        text = "".join(par.itertext()).strip()
        if text and not text.isupper() and par not in recipients:
            before.append(text)
    return " ".join(before[-1].split()[-4:])


@needs_office
@needs_pdftotext
def test_signatures_share_their_page_with_body_text_and_their_title(pdfs: dict[Path, Path]) -> None:
    """No page holds only signatures: every signer's name is on the page of the last words of text above the
    signatures, and on the page of its own title."""
    checked = 0
    for docx, pdf in pdfs.items():
        document = Document(str(docx))
        pages = _pages(pdf)
        cells = signature_cells(document)
        body = _page_of(pages, _body_before(document, cells[0][0]))
        for cell in cells:
            name = _page_of(pages, cell[-1].text)
            assert (_page_of(pages, cell[0].text), name) == (name, body), (pdf.name, [p.text for p in cell])
            checked += 1
    assert checked >= 60


@needs_office
@needs_pdftotext
def test_recipients_below_the_signatures_share_their_page(pdfs: dict[Path, Path]) -> None:
    for docx, pdf in pdfs.items():
        pages = _pages(pdf)
        if not any("Nơi nhận:" in page for page in pages):
            continue
        page = _page_of(pages, "Nơi nhận:")
        cells = signature_cells(Document(str(docx)))
        assert any(_page_of(pages, cell[-1].text) == page for cell in cells), docx.name


@needs_office
def test_the_width_table_measures_the_line_as_libreoffice_sets_it(
    outputs: dict[str, Path], pdfs: dict[Path, Path]
) -> None:
    """The title and the issuing body as LibreOffice lays them out (Liberation Serif, Times New Roman's
    metrics): within 1 % of `text_width`."""
    docx = outputs["cum-thi-dua-so-7-2023-2023"] / "bao-cao-tong-ket.docx"
    command = ["pdftotext", "-bbox-layout", "-f", "1", "-l", "1", str(pdfs[docx]), "-"]
    xml = subprocess.run(command, check=True, capture_output=True).stdout.decode()
    lines = {}
    for match in re.finditer(r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)".*?</line>', xml, re.S):
        words = " ".join(re.findall(r">([^<]+)</word>", match[0]))
        lines[words] = float(match[2]) - float(match[1])
    for text, size in (("Tổng kết công tác thi đua, khen thưởng năm 2023", 14), ("CỤM THI ĐUA SỐ 7", 13)):
        assert lines[text] == pytest.approx(text_width(text, size, bold=True), rel=0.01), text


@pytest.mark.parametrize(
    ("title", "kind", "cited"),
    [
        (
            "Kế hoạch công tác thi đua, khen thưởng năm 2023",
            "KH",
            "Kế hoạch số 9/KH-CTĐ7 ngày 05 tháng 02 năm 2023 của Cụm thi đua số 7 về công tác thi đua, khen thưởng "
            "năm 2023",
        ),
        (
            "Kế hoạch về tổ chức hội nghị",
            "KH",
            "Kế hoạch số 9/KH-CTĐ7 ngày 05 tháng 02 năm 2023 của Cụm thi đua số 7 về tổ chức hội nghị",
        ),
        (
            "Quyết định về việc ban hành Quy chế",
            "QĐ",
            "Quyết định số 9/KH-CTĐ7 ngày 05 tháng 02 năm 2023 của Cụm thi đua số 7 về việc ban hành Quy chế",
        ),
    ],
)
def test_a_plan_is_cited_about_its_subject(title: str, kind: str, cited: str) -> None:
    from datetime import date

    from emulation_cli.reports.context import _legal_basis

    assert _legal_basis(title, "9/KH-CTĐ7", date(2023, 2, 5), "Cụm thi đua số 7", kind) == cited

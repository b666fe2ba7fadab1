"""The places left to fill in ("……"): highlighted in the Word documents, on exactly their characters, and listed
per document by `emul report`. A cluster's own template keeps these tests apart from the wording of ours."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from emulation_cli.reports.placeholders import Placeholder, find_placeholders

from .conftest import copy_example, run_emul

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def cluster(tmp_path: Path) -> Path:
    from docx import Document

    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "c7")
    document = Document()
    document.add_paragraph("Số: {{ document.number }}")
    paragraph = document.add_paragraph()
    paragraph.add_run("Thuận lợi, khó khăn: ……").bold = True
    paragraph.add_run(" (điền trước khi ký)")
    table = document.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("Sở Y tế", "Cụm phó", "……, Giám đốc"), strict=True):
        cell.paragraphs[0].add_run(text)
    document.add_paragraph("Họp lúc … giờ … phút, tại {{ period.meeting.place }}.")
    (folder / "templates").mkdir()
    document.save(str(folder / "templates" / "to-trinh.docx"))
    return folder


def _runs(docx: Path) -> list[tuple[str, bool, bool]]:
    """Each run of the body with text: (its text, highlighted yellow, bold)."""
    from lxml import etree

    with zipfile.ZipFile(docx) as archive:
        tree = etree.fromstring(archive.read("word/document.xml"))
    runs = []
    for run in tree.iter(W + "r"):
        text = "".join(t.text or "" for t in run.iter(W + "t"))
        mark = run.find(f"{W}rPr/{W}highlight")
        yellow = mark is not None and mark.get(W + "val") == "yellow"
        runs.append((text, yellow, run.find(f"{W}rPr/{W}b") is not None))
    return [run for run in runs if run[0]]


def test_each_placeholder_is_highlighted_in_a_run_of_its_own(cluster: Path) -> None:
    assert run_emul(["report", str(cluster), "--only", "to-trinh"])[0] == 0
    assert _runs(cluster / "van-ban" / "2023" / "to-trinh-khen-thuong.docx") == [
        ("Số: ", False, False),
        ("…", True, False),
        ("/TTr-CTĐ7", False, False),
        ("Thuận lợi, khó khăn: ", False, True),
        ("……", True, True),  # the run's own formatting stays
        (" (điền trước khi ký)", False, False),
        ("Sở Y tế", False, False),
        ("Cụm phó", False, False),
        ("……", True, False),
        (", Giám đốc", False, False),
        ("Họp lúc ", False, False),
        ("…", True, False),
        (" giờ ", False, False),
        ("…", True, False),
        (" phút, tại Sở Giáo dục và Đào tạo Hà Nội.", False, False),
    ]


def test_the_places_are_listed_per_document(cluster: Path) -> None:
    out = cluster / "van-ban" / "2023"
    code, stdout, stderr = run_emul(["report", str(cluster), "--only", "to-trinh", "--only", "tom-tat"])
    assert (code, stderr) == (0, "")
    assert stdout == (
        f"2 file(s) written, 0 unchanged, in {out}\n"
        "  to-trinh-khen-thuong.docx  written\n"
        "  tom-tat.md                 written\n"
        "Places left to fill in before signing (highlighted in the documents):\n"
        "  to-trinh-khen-thuong.docx: 4 place(s) to fill in\n"
        "    - Số: …/TTr-CTĐ7\n"
        "    - Thuận lợi, khó khăn: ……\n"
        "    - Sở Y tế / Cụm phó / ……, Giám đốc\n"
        "    - Họp lúc … giờ …\n"
    )


def test_the_places_are_listed_in_vietnamese_by_default(cluster: Path) -> None:
    code, stdout, _ = run_emul(["report", str(cluster), "--only", "to-trinh"], lang="vi")
    assert code == 0
    assert stdout.splitlines()[-6:] == [
        "Chỗ cần điền trước khi ký (đã tô vàng trong văn bản):",
        "  to-trinh-khen-thuong.docx: 4 chỗ cần điền",
        "    - Số: …/TTr-CTĐ7",
        "    - Thuận lợi, khó khăn: ……",
        "    - Sở Y tế / Cụm phó / ……, Giám đốc",
        "    - Họp lúc … giờ …",
    ]


def test_an_edited_document_is_listed_as_the_officer_left_it(cluster: Path) -> None:
    from docx import Document

    out = cluster / "van-ban" / "2023"
    run_emul(["report", str(cluster), "--only", "to-trinh"])
    path = out / "to-trinh-khen-thuong.docx"
    document = Document(str(path))
    for paragraph in document.paragraphs:
        if paragraph.text.startswith("Số: "):
            for run in paragraph.runs:
                run.text = run.text.replace("…", "125")
    document.save(str(path))
    code, stdout, _ = run_emul(["report", str(cluster), "--only", "to-trinh"])
    assert code == 0
    assert "  to-trinh-khen-thuong.docx: 3 place(s) to fill in\n    - Thuận lợi, khó khăn: ……\n" in stdout


def test_no_list_when_nothing_is_left_to_fill_in(tmp_path: Path) -> None:
    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "c7")
    code, stdout, _ = run_emul(["report", str(folder), "--only", "tom-tat"])
    assert code == 0
    assert "fill in" not in stdout


def test_the_words_around_a_place_tell_where_it_is() -> None:
    from docx import Document

    document = Document()
    for text in ("Kết quả nổi bật: ……", "IV. NHIỆM VỤ NĂM 2024", "- ……", "ngày … tháng … năm 2024"):
        document.add_paragraph(text)
    import io

    buffer = io.BytesIO()
    document.save(buffer)
    assert find_placeholders(buffer.getvalue()) == (
        Placeholder("Kết quả nổi bật:", "……", ""),
        Placeholder("IV. NHIỆM VỤ NĂM 2024 / -", "……", ""),
        Placeholder("ngày", "… tháng …", ""),
    )

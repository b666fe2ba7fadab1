"""With LibreOffice installed: `emul report --pdf` converts every document, the Vietnamese text survives,
page numbers start on page 2, and the PDFs are reproducible."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import copy_example, run_emul
from .office import needs_office, needs_pdftotext, pdf_text

pytestmark = [needs_office, needs_pdftotext]


FONT_WARNING = "warning: Times New Roman is not installed: LibreOffice drew the PDF copies in "


def _font_warning_only(stderr: str) -> bool:
    """Nothing on stderr but, on a machine without Times New Roman, the warning that says so."""
    return stderr == "" or (stderr.startswith(FONT_WARNING) and stderr.count("\n") == 2)


@pytest.fixture(scope="module")
def pdf_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("pdf")
    folder = copy_example("cum-thi-dua-so-7-2023", root / "cum")
    code, stdout, stderr = run_emul(["report", str(folder), "--pdf", "--out", str(root / "out")])
    assert code == 0, stdout
    assert _font_warning_only(stderr), stderr
    return root / "out", stderr


@pytest.fixture(scope="module")
def pdf_out(pdf_run: tuple[Path, str]) -> Path:
    return pdf_run[0]


def _page(pdf: Path, number: int) -> str:
    command = ["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(pdf), "-"]
    return subprocess.run(command, check=True, capture_output=True).stdout.decode()


def test_every_document_has_a_pdf_copy(pdf_out: Path) -> None:
    sources = sorted(
        p.relative_to(pdf_out).with_suffix("") for p in pdf_out.rglob("*") if p.suffix in (".docx", ".xlsx")
    )
    pdfs = sorted(p.relative_to(pdf_out).with_suffix("") for p in pdf_out.rglob("*.pdf"))
    assert len(sources) == 15
    assert pdfs == sources


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "bao-cao-tong-ket.pdf",
            [
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc",
                "Hà Nội, ngày 15 tháng 12 năm 2023",
                "Sở Lao động – Thương binh và Xã hội",
                "97,84",
            ],
        ),
        ("bien-ban-binh-xet.pdf", ["BIÊN BẢN", "Sở Giáo dục và Đào tạo", "83,33%"]),
        ("to-trinh-khen-thuong.pdf", ["TỜ TRÌNH", "Bằng khen của Chủ tịch UBND Thành phố"]),
        ("giao-uoc-thi-dua.pdf", ["BẢN GIAO ƯỚC THI ĐUA", "Sở Văn hóa và Thể thao"]),
        ("phieu-cham/so-yte.pdf", ["PHIẾU CHẤM ĐIỂM THI ĐUA", "Sở Y tế", "93,46"]),
        # The band is a formula LibreOffice computes; it wraps in its column, so its first words are checked.
        ("bang-tong-hop-diem.pdf", ["BẢNG TỔNG HỢP ĐIỂM THI ĐUA", "Hoàn thành tốt", "TM. CỤM THI ĐUA SỐ 7"]),
    ],
)
def test_vietnamese_text_survives_the_conversion(pdf_out: Path, name: str, expected: list[str]) -> None:
    text = " ".join(pdf_text(pdf_out / name).split())
    for phrase in expected:
        assert phrase in text, phrase


def test_page_numbers_start_on_page_two(pdf_out: Path) -> None:
    pdf = pdf_out / "bao-cao-tong-ket.pdf"
    first, second = _page(pdf, 1), _page(pdf, 2)
    assert first.split()[0] == "UBND"
    assert second.split()[0] == "2"


def test_pdf_copies_are_reproducible(pdf_out: Path, tmp_path: Path) -> None:
    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum")
    assert run_emul(["report", str(folder), "--pdf", "--only", "bien-ban", "--out", str(tmp_path / "out")])[0] == 0
    assert (tmp_path / "out" / "bien-ban-binh-xet.pdf").read_bytes() == (pdf_out / "bien-ban-binh-xet.pdf").read_bytes()


def test_an_edited_document_is_converted_as_edited(tmp_path: Path) -> None:
    from docx import Document

    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum")
    out = tmp_path / "out"
    assert run_emul(["report", str(folder), "--only", "bien-ban", "--out", str(out)])[0] == 0
    document = Document(str(out / "bien-ban-binh-xet.docx"))
    document.add_paragraph("Ý kiến bổ sung của Sở Y tế về công tác thi đua.")
    document.save(str(out / "bien-ban-binh-xet.docx"))
    code, _, stderr = run_emul(["report", str(folder), "--only", "bien-ban", "--pdf", "--out", str(out)])
    assert code == 0
    assert _font_warning_only(stderr), stderr
    assert "Ý kiến bổ sung của Sở Y tế về công tác thi đua." in " ".join(
        pdf_text(out / "bien-ban-binh-xet.pdf").split()
    )


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="pdffonts (poppler-utils) missing")
def test_the_font_warning_appears_exactly_when_the_pdf_lacks_times_new_roman(pdf_run: tuple[Path, str]) -> None:
    out, stderr = pdf_run
    listing = subprocess.run(["pdffonts", str(out / "bao-cao-tong-ket.pdf")], check=True, capture_output=True)
    fonts = listing.stdout.decode().splitlines()[2:]
    has_times = any("TimesNewRoman" in line.split()[0] for line in fonts)
    assert stderr.startswith(FONT_WARNING) is not has_times
    if not has_times:  # the warning names the font drawn instead, as pdffonts reads it
        drawn = fonts[0].split()[0].split("+", 1)[-1].split("-")[0]  # 'BAAAAA+LiberationSerif-Bold'
        assert drawn.replace(" ", "") in stderr.splitlines()[0].replace(" ", "")

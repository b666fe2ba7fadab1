"""PDF copies with a stand-in for LibreOffice: `--pdf` tells when Times New Roman is missing and another font
was drawn (read from the fonts of the PDFs themselves), and the copies follow the rule of their documents: an
edited one is converted as edited, and its new version beside it gets its own copy."""

from __future__ import annotations

from pathlib import Path

import pytest

from emulation_cli.reports import pdf, soffice
from emulation_cli.reports.fonts import pdf_fonts, substitutes

from .conftest import copy_example, run_emul

SUBSTITUTED = b"%PDF-1.6\n<</Type/Font/Subtype/TrueType/BaseFont/BAAAAA+LiberationSerif-Bold>>\n" + (
    b"<</Type/Font/BaseFont /CAAAAA+LiberationSerif/FirstChar 0>>\n%%EOF\n"
)
INSTALLED = b"%PDF-1.6\n<</Type/Font/BaseFont/BAAAAA+TimesNewRomanPS-BoldMT>>\n<</BaseFont/TimesNewRomanPSMT>>\n"
WARNING = (
    "warning: Times New Roman is not installed: LibreOffice drew the PDF copies in Liberation Serif instead, so "
    "they do not look like the Word documents\n"
    "  hint: install it (Debian/Ubuntu: apt-get install ttf-mscorefonts-installer; Windows and macOS have it), "
    "then run again with --pdf\n"
)


def test_the_fonts_of_a_pdf_are_read_without_their_subset_tag() -> None:
    assert pdf_fonts(SUBSTITUTED) == ("LiberationSerif-Bold", "LiberationSerif")
    assert pdf_fonts(b"<</BaseFont/Times#20New#20Roman,Bold>>") == ("Times New Roman,Bold",)


def test_only_a_document_that_asks_for_times_new_roman_counts() -> None:
    docx = (Path(__file__).parents[1] / "templates" / "report" / "to-trinh.docx").read_bytes()
    assert substitutes([(docx, SUBSTITUTED)]) == ("Liberation Serif",)
    assert substitutes([(docx, INSTALLED)]) == ()
    assert substitutes([(b"not an office file", SUBSTITUTED)]) == ()


def _fake_office(monkeypatch: pytest.MonkeyPatch, drawn: bytes) -> None:
    def convert(offices: pdf.Offices, folder: Path, names: list[str]) -> list[pdf.Converted]:
        return [pdf.Converted(name, drawn, None) for name in names]

    monkeypatch.setattr(soffice, "find_office", lambda: "soffice")
    monkeypatch.setattr(pdf.Offices, "start", lambda offices, files=None: None)  # no LibreOffice started ahead
    monkeypatch.setattr(pdf.Offices, "convert", convert)


@pytest.mark.parametrize(("drawn", "warning"), [(SUBSTITUTED, WARNING), (INSTALLED, "")])
def test_pdf_warns_when_another_font_was_drawn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, drawn: bytes, warning: str
) -> None:
    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "c7")
    _fake_office(monkeypatch, drawn)
    code, _, stderr = run_emul(["report", str(folder), "--only", "to-trinh", "--pdf"])
    assert (code, stderr) == (0, warning)
    assert (folder / "van-ban" / "2023" / "to-trinh-khen-thuong.pdf").read_bytes() == drawn


def _change_a_score(folder: Path) -> None:
    assessment = folder / "assessments" / "2023" / "so-tttt.yaml"
    assessment.write_text(assessment.read_text(encoding="utf-8").replace("appraised: 9.75", "appraised: 10.5"))


def test_an_edited_document_and_its_new_version_beside_each_get_a_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docx import Document

    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "c7")
    out = folder / "van-ban" / "2023"
    _fake_office(monkeypatch, INSTALLED)
    run_emul(["report", str(folder), "--only", "bao-cao", "--pdf"])
    document = Document(str(out / "bao-cao-tong-ket.docx"))
    document.add_paragraph("Ghi chú của văn phòng.")
    document.save(str(out / "bao-cao-tong-ket.docx"))
    _change_a_score(folder)
    converted: list[str] = []

    def convert(offices: pdf.Offices, folder: Path, names: list[str]) -> list[pdf.Converted]:
        converted.extend(names)
        return [pdf.Converted(name, INSTALLED + name.encode(), None) for name in names]

    monkeypatch.setattr(pdf.Offices, "convert", convert)
    code, stdout, _ = run_emul(["report", str(folder), "--only", "bao-cao", "--pdf"])
    assert code == 0
    assert converted == ["bao-cao-tong-ket.docx", "bao-cao-tong-ket.moi.docx"]  # the edited one as edited
    assert stdout.splitlines()[1:4] == [
        "  bao-cao-tong-ket.docx     kept as you edited it; new version beside it",
        "  bao-cao-tong-ket.pdf      written",
        "  bao-cao-tong-ket.moi.pdf  written",
    ]
    code, stdout, _ = run_emul(["report", str(folder), "--only", "bao-cao", "--pdf"])
    assert stdout.splitlines()[2:4] == [
        "  bao-cao-tong-ket.pdf      unchanged",
        "  bao-cao-tong-ket.moi.pdf  unchanged",
    ]
    code, stdout, _ = run_emul(["report", str(folder), "--only", "bao-cao", "--pdf", "--force"])
    assert code == 0
    assert sorted(p.name for p in out.glob("bao-cao-tong-ket*")) == ["bao-cao-tong-ket.docx", "bao-cao-tong-ket.pdf"]


def test_a_pdf_copy_the_officer_replaced_gets_the_new_copy_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "c7")
    out = folder / "van-ban" / "2023"
    _fake_office(monkeypatch, INSTALLED)
    run_emul(["report", str(folder), "--only", "bao-cao", "--pdf"])
    (out / "bao-cao-tong-ket.pdf").write_bytes(b"%PDF signed scan")
    _change_a_score(folder)
    _fake_office(monkeypatch, SUBSTITUTED.replace(b"LiberationSerif", b"TimesNewRomanPSMT"))
    code, stdout, stderr = run_emul(["report", str(folder), "--only", "bao-cao", "--pdf"])
    assert code == 0
    assert stdout.splitlines()[1:3] == [
        "  bao-cao-tong-ket.docx  written",
        "  bao-cao-tong-ket.pdf   kept as you edited it; new version beside it",
    ]
    assert (out / "bao-cao-tong-ket.pdf").read_bytes() == b"%PDF signed scan"
    assert b"TimesNewRomanPSMT" in (out / "bao-cao-tong-ket.moi.pdf").read_bytes()
    assert stderr.startswith(
        "warning: bao-cao-tong-ket.pdf: you edited it, and emul now has a new version: written beside it as "
        "bao-cao-tong-ket.moi.pdf\n"
        "  What changed in the data since the version you edited:\n"
        "  - Tổng điểm đạt (Sở TT&TT): 89,23 → 89,98\n"
    )

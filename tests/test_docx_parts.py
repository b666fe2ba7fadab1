"""How a Word document is put together from its template: docxtpl rewrites a part for tabs and line breaks only
when a value brought one, and the parts left as the template had them are copied still deflated, giving the
bytes deflating them again gives, in a file Word's readers open."""

from __future__ import annotations

import io
import struct
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docxtpl import DocxTemplate
from hypothesis import given, settings
from hypothesis import strategies as st

from emulation_cli.reports import zipcopy
from emulation_cli.reports.docx import render_docx

from .conftest import REPO, copy_example, run_emul
from .office import convert, needs_office, needs_pdftotext, pdf_text

DAY = date(2024, 2, 5)
SHIPPED = REPO / "templates" / "report"


@pytest.fixture
def template(tmp_path: Path) -> Path:
    document = Document()
    document.add_paragraph("Đơn vị: {{ value }}")
    document.add_paragraph("Xếp loại: Hoàn thành xuất sắc")
    path = tmp_path / "mau.docx"
    document.save(str(path))
    return path


def _render(template: Path, value: str) -> bytes:
    return render_docx(template, {"value": value}, DAY, "Báo cáo", "Cụm thi đua số 7")


def _part(docx: bytes, name: str = "word/document.xml") -> str:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return archive.read(name).decode()


@pytest.fixture
def listing_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = DocxTemplate.resolve_listing

    def counting(self: Any, xml: str) -> str:
        calls.append(xml)
        return str(real(self, xml))

    monkeypatch.setattr(DocxTemplate, "resolve_listing", counting)
    return calls


def test_a_part_without_tabs_or_line_breaks_in_its_text_is_not_rewritten(
    template: Path, listing_calls: list[str]
) -> None:
    document = _part(_render(template, "Sở Tư pháp"))
    assert "Đơn vị: Sở Tư pháp" in document
    assert document.index("\n") < document.index("<w:document")  # the declaration's line break is no listing
    assert listing_calls == []


@pytest.mark.parametrize(("value", "element"), [("Sở\tTư pháp", "<w:tab/>"), ("Sở\nTư pháp", "<w:br/>")])
def test_a_tab_or_a_line_break_in_a_value_becomes_words_own(
    template: Path, listing_calls: list[str], value: str, element: str
) -> None:
    document = _part(_render(template, value))
    assert len(listing_calls) == 1
    assert element in document
    assert "\t" not in document and "Sở\n" not in document


def test_a_line_break_between_elements_of_the_template_is_no_listing(tmp_path: Path, listing_calls: list[str]) -> None:
    source = tmp_path / "mau.docx"
    Document().save(str(source))
    with zipfile.ZipFile(source) as archive:
        parts = [(info, archive.read(info)) for info in archive.infolist()]
    path = tmp_path / "xuong-dong.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in parts:
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>\n\t<w:p><w:r><w:t>{{ value }}</w:t></w:r></w:p>\n")
            out.writestr(info, data)
    assert "\n\t<w:p>" in _part(_render(path, "Sở Tư pháp"))
    assert listing_calls == []


def test_the_listing_check_looks_at_each_character_once() -> None:
    """Parts whose w:t elements never end (the XML is refused after the check): a scan from every opening to the
    end of the part took minutes for these."""
    from emulation_cli.reports.docx import _LISTING

    assert _LISTING.search("<w:t>" * 200_000) is None
    assert _LISTING.search("<w:t " * 200_000) is None
    assert _LISTING.search("<w:t>a<w:t>b\n" + "<w:t>" * 200_000) is not None


_TEXT = st.lists(st.sampled_from(["a", " ", "\t", "\n", "\a", "\f", "<w:br/>"]), max_size=5).map("".join)
_BETWEEN = st.sampled_from(["", "", "\n", "\r\n", "\t", "<w:tab/>", "<w:t>", "</w:t>", "<w:t "])
_RUN = st.builds(
    "<w:r>{}{}{}{}</w:r>".format,
    st.sampled_from(["", "<w:rPr><w:b/></w:rPr>"]),
    st.sampled_from(["<w:t>", '<w:t xml:space="preserve">']),
    _TEXT,
    st.sampled_from(["</w:t>", "</w:t>", ""]),
)
_PARAGRAPH = st.builds(
    "{}{}{}</w:p>".format,
    st.sampled_from(["<w:p>", '<w:p w:rsidR="1">']),
    st.sampled_from(["", "<w:pPr><w:jc/></w:pPr>"]),
    st.lists(st.builds(str.__add__, _RUN, _BETWEEN), max_size=4).map("".join),
)
_PART = st.lists(st.builds(str.__add__, _BETWEEN, _PARAGRAPH), max_size=4).map(
    lambda paragraphs: '<?xml version="1.0"?>\n<w:body>' + "".join(paragraphs) + "</w:body>"
)


@settings(max_examples=300, deadline=None)
@given(_PART)
def test_a_part_the_check_passes_over_is_one_docxtpl_leaves_as_it_is(xml: str) -> None:
    from emulation_cli.reports.docx import _LISTING

    if _LISTING.search(xml) is None:
        assert DocxTemplate.resolve_listing(None, xml) == xml


def _rezipped(docx: bytes) -> bytes:
    """The document as it was written before copies: zipfile deflating every entry again."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(buffer, "w") as out:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=entry.date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            out.writestr(info, source.read(entry))
    return buffer.getvalue()


def test_only_the_rendered_parts_are_deflated_and_the_bytes_are_those_of_deflating_all(
    template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deflated: list[bytes] = []
    real = zipcopy.pack
    monkeypatch.setattr(zipcopy, "pack", lambda data: deflated.append(data) or real(data))
    docx = _render(template, "Sở Tư pháp")
    assert sorted(deflated) == sorted([_part(docx).encode(), _part(docx, "docProps/core.xml").encode()])
    assert docx == _rezipped(docx)


def _resaved(template: Path, target: Path) -> Path:
    """The template as another program might save it: a stored part, the others at zlib's level 9 with data
    descriptors after them (written to a stream that cannot seek back)."""

    class Forward(io.RawIOBase):
        def __init__(self) -> None:
            self.data = bytearray()

        def writable(self) -> bool:
            return True

        def write(self, chunk: Any) -> int:
            self.data += bytes(chunk)
            return len(chunk)

    stream = Forward()
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(stream, "w") as out:
        for info in source.infolist():
            stored = info.filename == "word/styles.xml"
            method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            out.writestr(info.filename, source.read(info), method, 9)
    target.write_bytes(bytes(stream.data))
    return target


def test_a_template_saved_otherwise_gives_a_sound_document(template: Path, tmp_path: Path) -> None:
    resaved = _resaved(template, tmp_path / "luu-lai.docx")
    with zipfile.ZipFile(resaved) as archive:
        assert any(info.flag_bits & 0x8 for info in archive.infolist())
    docx = _render(resaved, "Sở Tư pháp")
    with zipfile.ZipFile(io.BytesIO(docx)) as archive, zipfile.ZipFile(template) as original:
        assert archive.testzip() is None
        assert all(info.compress_type == zipfile.ZIP_DEFLATED and info.flag_bits == 0 for info in archive.infolist())
        assert archive.read("word/styles.xml") == original.read("word/styles.xml")
    paragraphs = [p.text for p in Document(io.BytesIO(docx)).paragraphs]
    assert paragraphs == ["Đơn vị: Sở Tư pháp", "Xếp loại: Hoàn thành xuất sắc"]


@needs_office
@needs_pdftotext
def test_libreoffice_opens_a_document_with_copied_parts(template: Path, tmp_path: Path) -> None:
    for source in (template, _resaved(template, tmp_path / "luu-lai.docx")):
        out = tmp_path / source.stem
        out.mkdir()
        (out / "tai-lieu.docx").write_bytes(_render(source, "Sở Tư pháp"))
        text = pdf_text(convert(out / "tai-lieu.docx", "pdf", out / "pdf"))
        assert "Đơn vị: Sở Tư pháp" in text and "Hoàn thành xuất sắc" in text


def _flagged(template: Path, target: Path, offset: int, value: int) -> Path:
    """The template with one field of its first central directory entry overwritten."""
    data = template.read_bytes()
    at = data.index(b"PK\x01\x02") + offset
    target.write_bytes(data[:at] + struct.pack("<H", value) + data[at + 2 :])
    return target


@pytest.mark.parametrize(
    ("offset", "value", "problem"),
    [(8, 0x1, "is encrypted"), (10, 99, "is compressed in a way that cannot be read")],
    ids=["encrypted", "unknown method"],
)
def test_a_template_with_a_part_that_cannot_be_unpacked_is_refused(
    tmp_path: Path, offset: int, value: int, problem: str
) -> None:
    cluster = copy_example("cum-thi-dua-so-7-2023", tmp_path / "c7")
    (cluster / "templates").mkdir()
    template = _flagged(SHIPPED / "to-trinh.docx", cluster / "templates" / "to-trinh.docx", offset, value)
    message = f"{template}: the part [Content_Types].xml of the template {problem}"
    code, stdout, stderr = run_emul(["report", str(cluster), "--only", "to-trinh", "--only", "tom-tat"])
    assert (code, stderr.splitlines()[0]) == (1, f"error: to-trinh-khen-thuong.docx: {message}")
    assert "  tom-tat.md                 written\n" in stdout
    code, stdout, _stderr = run_emul(["template", "check", str(template)])
    assert (code, stdout.splitlines()[0]) == (1, message.replace(": the part", ": the template: error: the part"))

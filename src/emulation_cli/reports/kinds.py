"""The kinds of documents `emul report` writes, one record each: when a period gets it, its template, its
file name, its heading and type code, its Nơi nhận. Everything else is derived from this table. (Kept free
of heavy imports: the CLI's help text lists the kinds.)"""

from __future__ import annotations

from typing import NamedTuple


class DocumentKind(NamedTuple):  # a NamedTuple: cheaper to define than a dataclass, and `emul --help` loads it
    name: str  # what `--only` takes
    at_so_ket: bool
    at_tong_ket: bool
    template: str | None  # None: built in code (the workbook)
    file_so_ket: str  # path inside the output folder; "{unit}" for one file per unit, "{award}" per award
    file_tong_ket: str
    heading: str = ""  # the tên loại văn bản in capitals; Word documents only
    doc_title: str = ""  # the file's title property; "{year}", "{period}" and "{unit}" are filled in
    type_code: str | None = None  # in "Số: …/BC-CTĐ7"; None when the document carries no number
    recipients: tuple[str, ...] = ()  # Nơi nhận; "{province}" and "{group}" (Cụm or Khối) are filled in
    addressee: str = ""  # after "Kính gửi:" when the document goes to a higher body; "{province}" is filled in
    needs_rubric: bool = False  # not written for a cluster ranked by vote (it has no rubric to score)
    file_by_vote: str = ""  # the year's file name in a cluster ranked by vote, when it differs

    def written_at(self, year_end: bool, by_vote: bool = False) -> bool:
        if by_vote and self.needs_rubric:
            return False
        return self.at_tong_ket if year_end else self.at_so_ket

    def file_name(self, year_end: bool, by_vote: bool = False) -> str:
        if year_end and by_vote and self.file_by_vote:
            return self.file_by_vote
        return self.file_tong_ket if year_end else self.file_so_ket


_TO_PROVINCE = ("Ban Thi đua – Khen thưởng {province}", "Các đơn vị thành viên {group}", "Lưu: VT, {group}.")

# In the order they are written.
DOCUMENT_KINDS: tuple[DocumentKind, ...] = (
    DocumentKind(
        name="bao-cao",
        at_so_ket=True,
        at_tong_ket=True,
        template="bao-cao.docx",
        file_so_ket="bao-cao-so-ket.docx",
        file_tong_ket="bao-cao-tong-ket.docx",
        heading="BÁO CÁO",
        doc_title="{period}",
        type_code="BC",
        recipients=("Như trên", "Các đơn vị thành viên {group}", "Lưu: VT, {group}."),
        addressee="Ban Thi đua – Khen thưởng {province}",
    ),
    DocumentKind(
        name="bien-ban",
        at_so_ket=False,
        at_tong_ket=True,
        template="bien-ban.docx",
        file_so_ket="",
        file_tong_ket="bien-ban-binh-xet.docx",
        heading="BIÊN BẢN",
        doc_title="Biên bản họp bình xét thi đua năm {year}",
        type_code="BB",
        recipients=("Các đơn vị thành viên {group}", "Lưu: VT, {group}."),
    ),
    DocumentKind(
        name="to-trinh",
        at_so_ket=False,
        at_tong_ket=True,
        template="to-trinh.docx",
        file_so_ket="",
        file_tong_ket="to-trinh-khen-thuong.docx",
        heading="TỜ TRÌNH",
        doc_title="Tờ trình đề nghị khen thưởng năm {year}",
        type_code="TTr",
        recipients=("Như trên", "Các đơn vị thành viên {group}", "Lưu: VT, {group}."),
        addressee="Hội đồng Thi đua – Khen thưởng {province}",
    ),
    DocumentKind(
        name="chu-tri",
        at_so_ket=False,
        at_tong_ket=True,
        template="ghi-nho-chu-tri.docx",
        file_so_ket="",
        file_tong_ket="ghi-nho-chu-tri.docx",
        heading="GHI NHỚ",
        doc_title="Ghi nhớ cho chủ trì Hội nghị bình xét thi đua năm {year}",
    ),
    DocumentKind(
        name="phieu-bau",
        at_so_ket=False,
        at_tong_ket=True,
        template="phieu-bau.docx",
        file_so_ket="",
        file_tong_ket="phieu-bau-{award}.docx",
        heading="PHIẾU BẦU",
        doc_title="Phiếu bầu {name}",
    ),
    DocumentKind(
        name="kiem-phieu",
        at_so_ket=False,
        at_tong_ket=True,
        template="bien-ban-kiem-phieu.docx",
        file_so_ket="",
        file_tong_ket="bien-ban-kiem-phieu.docx",
        heading="BIÊN BẢN",
        doc_title="Biên bản kiểm phiếu bình xét thi đua năm {year}",
        recipients=("Chủ trì Hội nghị", "Lưu: VT, {group}."),
    ),
    DocumentKind(
        name="giao-uoc",
        at_so_ket=True,
        at_tong_ket=True,
        template="giao-uoc.docx",
        file_so_ket="giao-uoc-thi-dua.docx",
        file_tong_ket="giao-uoc-thi-dua.docx",
        heading="BẢN GIAO ƯỚC THI ĐUA",
        doc_title="Bản giao ước thi đua năm {year}",
        recipients=_TO_PROVINCE,
    ),
    DocumentKind(
        name="phieu-cham",
        at_so_ket=False,
        at_tong_ket=True,
        template="phieu-cham.docx",
        file_so_ket="",
        file_tong_ket="phieu-cham/{unit}.docx",
        heading="PHIẾU CHẤM ĐIỂM THI ĐUA",
        doc_title="Phiếu chấm điểm thi đua: {unit}",
        recipients=("Đơn vị được chấm", "Lưu: {group}."),
        needs_rubric=True,
    ),
    DocumentKind(
        name="bang-tong-hop",
        at_so_ket=True,
        at_tong_ket=True,
        template=None,
        file_so_ket="bang-tien-do-giao-uoc.xlsx",
        file_tong_ket="bang-tong-hop-diem.xlsx",
        file_by_vote="bang-tong-hop-xep-hang.xlsx",
    ),
    DocumentKind(
        name="tom-tat",
        at_so_ket=True,
        at_tong_ket=True,
        template="tom-tat.md.j2",
        file_so_ket="tom-tat.md",
        file_tong_ket="tom-tat.md",
    ),
    DocumentKind(
        name="html",
        at_so_ket=True,
        at_tong_ket=True,
        template="tong-quan.html.j2",
        file_so_ket="tong-quan.html",
        file_tong_ket="tong-quan.html",
    ),
)
BY_NAME = {kind.name: kind for kind in DOCUMENT_KINDS}
KIND_NAMES = tuple(kind.name for kind in DOCUMENT_KINDS)
TEMPLATE_NAMES = tuple(kind.template for kind in DOCUMENT_KINDS if kind.template is not None)
# The bình xét kit: documents for the meeting itself (the chair's sheet, the ballot papers, the Ban kiểm phiếu's
# minutes), whose templates also receive `kit` and `paper` (reports/kit_model.py).
KIT_KINDS = ("chu-tri", "phieu-bau", "kiem-phieu")
KIT_TEMPLATES = tuple(BY_NAME[name].template or "" for name in KIT_KINDS)

"""How a legal text is named inside a sentence: the kind of document and its subject, and the short reference a
rule cites ('Điều 4 Nghị định số 152/2025/NĐ-CP')."""

from __future__ import annotations

from collections.abc import Sequence

from ..model.cluster import AwardTitle, Gate, LegalBasis
from .vietnamese import nfc, short_date

# Kinds of document cited as "<kind> số … ngày … <subject>"; a law or a code is cited by its name.
DOCUMENT_KINDS = (
    "Nghị quyết",
    "Nghị định",
    "Quyết định",
    "Chỉ thị",
    "Thông tư liên tịch",
    "Thông tư",
    "Kế hoạch",
    "Hướng dẫn",
    "Công văn",
    "Thông báo",
    "Quy chế",
    "Báo cáo",
    "Biên bản",
    "Tờ trình",
)
TYPE_NAMES = {
    "KH": "Kế hoạch",
    "QĐ": "Quyết định",
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "TTr": "Tờ trình",
    "TB": "Thông báo",
    "CV": "Công văn",
    "GƯ": "Bản giao ước",
}


def split_title(title: str, type_code: str | None = None) -> tuple[str, str]:
    """('Quyết định', 'về việc ban hành Quy chế …') from 'Quyết định về việc ban hành Quy chế …'. With the
    document's type code the kind is known even when the title is only the subject; otherwise a title that
    does not start with a kind of document is a name: (title, '')."""
    kinds = (TYPE_NAMES[type_code],) if type_code in TYPE_NAMES else DOCUMENT_KINDS
    for kind in kinds:
        if title.lower().startswith(kind.lower() + " "):
            return kind, title[len(kind) + 1 :].strip()
    if type_code in TYPE_NAMES:  # the title is the subject alone: it continues the sentence
        subject = title[:1].lower() + title[1:] if title[1:2].islower() else title
        return TYPE_NAMES[type_code], subject
    return title, ""


def basis_reference(basis: LegalBasis, article: str | None = None) -> str:
    """The short form inside a sentence: 'Điều 4 Nghị định số 152/2025/NĐ-CP' (a kind of document, by its
    number), 'Điều 26 Luật Thi đua, khen thưởng năm 2022' (a law, by its name and year)."""
    title = nfc(basis.title).strip()
    name, subject = split_title(title)
    if subject or name in DOCUMENT_KINDS:
        text = f"{name} số {nfc(basis.number)}" if basis.number else f"{name} ngày {short_date(basis.date)}"
    else:
        text = f"{name} năm {basis.date.year}"
    return f"{nfc(article).strip()} {text}" if article else text


def rule_citation(rule: AwardTitle | Gate, bases: Sequence[LegalBasis]) -> str | None:
    """What a title or a gate cites: its `basis` (with its `article`) in short form, else its free-text
    `legal_basis`; None when it cites nothing."""
    basis = next((b for b in bases if b.id == rule.basis), None) if rule.basis else None
    if basis is not None:
        return basis_reference(basis, rule.article)
    return nfc(rule.legal_basis) if rule.legal_basis else None

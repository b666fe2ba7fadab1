"""Whether the PDF copies are in Times New Roman, as the documents ask (Nghị định 30/2020): where the font is
not installed, LibreOffice silently draws another one. Read from the PDFs LibreOffice wrote (the names of
their fonts), so the answer is what happened, not a guess about the system."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable

EXPECTED = "Times New Roman"
_BASE_FONT = re.compile(rb"/BaseFont\s*/([^\s/\[\]<>()]+)")
_SUBSET = re.compile(r"^[A-Z]{6}\+")
_HEX = re.compile(r"#([0-9A-Fa-f]{2})")
_STYLE = re.compile(r"[-,](Bold|Italic|Oblique|Regular|BoldItalic|BoldOblique|Roman|MT|PS).*$")


def pdf_fonts(pdf: bytes) -> tuple[str, ...]:
    """The fonts a PDF uses, by name without the subset tag ('LiberationSerif-Bold'), in order of first use."""
    names: dict[str, None] = {}
    for match in _BASE_FONT.finditer(pdf):
        name = _HEX.sub(lambda m: chr(int(m[1], 16)), match[1].decode("latin-1"))
        names[_SUBSET.sub("", name)] = None
    return tuple(names)


def asks_for_expected(document: bytes) -> bool:
    """Whether an Office file (.docx, .xlsx) sets its text in Times New Roman anywhere."""
    try:
        with zipfile.ZipFile(io.BytesIO(document)) as archive:
            return any(EXPECTED.encode() in archive.read(name) for name in archive.namelist() if name.endswith(".xml"))
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return False


def substitutes(copies: Iterable[tuple[bytes, bytes]]) -> tuple[str, ...]:
    """The font families LibreOffice used instead of Times New Roman in the PDF copies of documents that ask
    for it, given (document, its PDF) pairs; empty when every such copy has it."""
    found: dict[str, None] = {}
    for document, pdf in copies:
        fonts = pdf_fonts(pdf)
        if fonts and asks_for_expected(document) and not any(_is_expected(font) for font in fonts):
            found.update((_family(font), None) for font in fonts)
    return tuple(found)


def _is_expected(font: str) -> bool:
    return font.replace(" ", "").lower().startswith(EXPECTED.replace(" ", "").lower())


def _family(font: str) -> str:
    """'LiberationSerif-Bold' -> 'Liberation Serif': the name a person would look for."""
    base = _STYLE.sub("", font)
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", base)

"""Word documents: a .docx template (edited by the officer in Word) rendered with docxtpl's tag syntax.

docxtpl prepares the XML (tags split across Word runs, `{%p`/`{%tr` rows and paragraphs); its own `render`
then reopens the template, recompiles every part and re-saves through python-docx for each document. A batch
renders the same template many times (a score sheet per unit), so each template is prepared and compiled
once, and each document is a plain render of the compiled parts into a copy of the template's zip, whose
unchanged parts are copied still deflated (zipcopy.py)."""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from ..errors import TemplateFailure
from ..i18n import _
from .jinja import TemplateLimit, budget, describe_jinja_error, render_bounded, xml_environment
from .ooxml import zip_time
from .placeholders import highlight
from .rules import default_size, fit_rules
from .zipcopy import ZIPFILE_SYSTEM, ZipEntry, pack, stored_stream, write_zip

_RENDERED_PART = re.compile(r"^word/(document|header\d*|footer\d*|footnotes)\.xml$")
_PARAGRAPH = re.compile(r"<w:p([ >])")
_MARKED_PARAGRAPH = re.compile(r"\n<w:p([ >])")
_TAGS = re.compile(r"<[^>]+>")
# A tab, line break, paragraph or page break in a w:t element's text, before the element ends: what docxtpl's
# resolve_listing rewrites (it looks nowhere else). A scan stops at the next w:t, which starts its own: each
# character is looked at once, even in a part whose elements never end.
_LISTING = re.compile(r"<w:t(?: [^<>]*)?>[^<\t\n\a\f]*(?:<(?!/w:t>|w:t[ >])[^<\t\n\a\f]*)*[\t\n\a\f]")
_DOC_PR_ID = re.compile(r'(<wp:docPr\b[^>]*?\bid=")\d+(")')
CORE_PROPERTIES = "docProps/core.xml"
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # a template's parts together, pictures included
MAX_RATIO = 200  # uncompressed / compressed, for a part over RATIO_FLOOR: Word's own parts stay far below
RATIO_FLOOR = 1024 * 1024
_ENCRYPTED = 0x1  # a zip entry's flag
_UNPACKABLE = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class WordTemplate:
    path: Path
    entries: tuple[ZipEntry, ...]  # the template's zip, in order, each deflated (its own stream when sound)
    parts: dict[str, Any]  # zip member -> compiled Jinja template of its (prepared) XML
    column_loops: bool  # `{%tc` loops: docxtpl then widens the table grid to the cells
    font_size: float  # points, of a run that does not give its own (the Normal style's)

    def render(self, context: dict[str, Any], day: date, title: str, author: str) -> bytes:
        from jinja2 import TemplateError

        rendered: dict[str, bytes] = {}
        try:
            with budget():
                for name, template in self.parts.items():
                    xml = render_bounded(template, context)
                    rendered[name] = _finish_part(self.path, xml, self.column_loops, self.font_size)
        except TemplateError as exc:
            raise TemplateFailure(_failure(self.path, exc)) from exc
        except (TemplateFailure, MemoryError):  # MemoryError: the batch names the template too large to process
            raise
        except Exception as exc:  # the officer's template code failed (e.g. adds text to a number)
            raise TemplateFailure(_failure(self.path, exc)) from exc
        if any(entry.name == CORE_PROPERTIES for entry in self.entries):  # a part must be declared to be added
            rendered[CORE_PROPERTIES] = core_properties(day, title, author)
        return _write_zip(self.entries, rendered, day)


def render_docx(template: Path, context: dict[str, Any], day: date, title: str, author: str) -> bytes:
    return load_template(template).render(context, day, title, author)


def load_template(path: Path) -> WordTemplate:
    checked = open_template(path)
    stat = checked.stat()
    try:
        return _prepared(checked.resolve(), stat.st_mtime_ns, stat.st_size)
    except (zipfile.BadZipFile, zlib.error, UnicodeDecodeError, KeyError, ValueError, EOFError) as exc:  # damaged
        raise TemplateFailure(
            _("{path}: not a Word (.docx) file that can be read ({reason})").format(path=path, reason=exc)
        ) from exc


@lru_cache(maxsize=32)
def _prepared(path: Path, _mtime: int, _size: int) -> WordTemplate:
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    preparer = DocxTemplate(str(path))  # only its XML preparation is used; the file is not opened by it
    environment = xml_environment()
    with path.open("rb") as file, zipfile.ZipFile(file) as archive:
        problem = unpacking_problem(archive)
        if problem is not None:
            raise TemplateFailure(f"{path}: {problem}")
        entries = tuple(_entry(file, archive, info) for info in archive.infolist())
    if not any(entry.name == "word/document.xml" for entry in entries):
        raise TemplateFailure(_("{path}: not a Word (.docx) file").format(path=path))
    parts = {}
    column_loops = False
    for entry in entries:
        name = entry.name
        if not _RENDERED_PART.match(name):
            continue
        text = entry.data.decode("utf-8")
        column_loops = column_loops or "{%tc " in _TAGS.sub("", text)  # Word may split the tag across runs
        prepared = _PARAGRAPH.sub(r"\n<w:p\1", preparer.patch_xml(text))
        try:
            parts[name] = environment.from_string(prepared)
        except TemplateError as exc:
            raise TemplateFailure(_failure(path, exc)) from exc
    styles = next((entry.data for entry in entries if entry.name == "word/styles.xml"), None)
    return WordTemplate(path, entries, parts, column_loops, default_size(styles))


def _entry(file: BinaryIO, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> ZipEntry:
    data = archive.read(info)
    return ZipEntry(info.filename, data, stored_stream(file, info, data) or pack(data))


def _finish_part(path: Path, xml: str, column_loops: bool, font_size: float) -> bytes:
    """docxtpl's clean-up after rendering a part (markers, listings, drawing ids, table grids); then the XML
    must parse, a table a loop left without rows is removed (or Word would refuse the file), the short rules
    under the title and the issuing body are sized to the rendered lines (rules.py), and the placeholders are
    highlighted."""
    from docxtpl import DocxTemplate
    from lxml import etree

    xml = _MARKED_PARAGRAPH.sub(r"<w:p\1", xml)
    xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    if _LISTING.search(xml):  # tabs and line breaks inside values become Word's own
        xml = DocxTemplate.resolve_listing(None, xml)
    counter = iter(range(1, 1_000_000))
    xml = _DOC_PR_ID.sub(lambda m: f"{m[1]}{next(counter)}{m[2]}", xml)  # loops copy drawings: ids must differ
    data = xml.encode("utf-8")
    try:
        tree = etree.fromstring(data)
    except etree.XMLSyntaxError as exc:
        raise TemplateFailure(
            _("{path}: the template produces a document Word cannot read ({reason})").format(path=path, reason=exc)
        ) from exc
    if column_loops:
        tree = DocxTemplate.fix_tables(None, data)
    # Rows can sit inside content controls (w:sdt), so look for them at any depth.
    empty = [table for table in tree.iter(f"{_W}tbl") if table.find(f".//{_W}tr") is None]
    for table in empty:
        table.getparent().remove(table)
    resized = fit_rules(tree, font_size)
    marked = highlight(tree)  # the places left to fill in cannot be missed before signing
    if column_loops or empty or resized or marked:
        data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data


def unpacking_problem(archive: zipfile.ZipFile) -> str | None:
    """Why a template would unpack to more than a Word file ever holds, or cannot be unpacked at all, decided
    before unpacking anything (zipfile enforces the sizes the archive declares: a part longer than declared fails
    its CRC check)."""
    total = 0
    for info in archive.infolist():
        if info.flag_bits & _ENCRYPTED:
            return _("the part {name} of the template is encrypted").format(name=info.filename)
        if info.compress_type not in _UNPACKABLE:
            return _("the part {name} of the template is compressed in a way that cannot be read").format(
                name=info.filename
            )
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            return _("the part {name} of the template is compressed more than {ratio} times").format(
                name=info.filename, ratio=MAX_RATIO
            )
    if total > MAX_UNPACKED_BYTES:
        return _("the template unpacks to more than {size} MB").format(size=MAX_UNPACKED_BYTES // (1024 * 1024))
    return None


def _failure(path: Path, exc: Exception) -> str:
    if isinstance(exc, TemplateLimit):  # no place to show: the limit is reached while rendering
        return f"{path}: {describe_jinja_error(exc)}"
    hint = _("'emul template check {path}' shows where").format(path=path)
    return f"{path}: {describe_jinja_error(exc)} ({hint})"


def core_properties(day: date, title: str, author: str) -> bytes:
    """Document properties from the period, never from the clock, so that reruns give the same bytes."""
    stamp = f"{day.isoformat()}T00:00:00Z"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>{escape(author)}</dc:creator>"
        f"<cp:lastModifiedBy>{escape(author)}</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


def _write_zip(entries: tuple[ZipEntry, ...], replaced: dict[str, bytes], day: date) -> bytes:
    """The template's zip with the rendered parts in place; a part left as it was is copied still deflated."""
    written = []
    for entry in entries:
        data = replaced.get(entry.name, entry.data)
        written.append(entry if data == entry.data else ZipEntry(entry.name, data))
    return write_zip(written, zip_time(day), ZIPFILE_SYSTEM)


def open_template(template: Path) -> Path:
    """The template, checked to be a Word file that can be opened, else a clear failure."""
    if not template.is_file():
        raise TemplateFailure(_("{path}: template not found").format(path=template))
    if not zipfile.is_zipfile(template):
        raise TemplateFailure(_("{path}: not a Word (.docx) file").format(path=template))
    return template

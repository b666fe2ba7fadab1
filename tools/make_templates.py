"""Build the default Word templates of the reports into templates/report/.

    python tools/make_templates.py

Each template is a plain Word document whose text carries docxtpl tags, so that the officer can open it in
Word and edit wording and layout freely: `{{ value }}` inside the text, and `{%p … %}` / `{%tr … %}` alone in a
paragraph / a table row of their own (that paragraph or row disappears when rendering). Every tag sits in one
run. The variables are those of src/emulation_cli/reports/model.py: `ReportContext` for bao-cao, bien-ban,
to-trinh and giao-uoc, `UnitSheetContext` (adds `unit` and `criteria`) for phieu-cham, `KitContext` (adds `kit`
and `paper`, reports/kit_model.py) for the bình xét kit: phieu-bau, bien-ban-kiem-phieu, ghi-nho-chu-tri.
Optional values (the meeting, the awards, the covenant, the cụm trưởng…) are guarded; an empty string prints a
"……" placeholder.

Layout of Nghị định 30/2020/NĐ-CP: A4 portrait, margins 20/20/30/15 mm, Times New Roman 14 pt, header block
(cơ quan / quốc hiệu, tiêu ngữ / số / địa danh, ngày) in a borderless table, page numbers centred at the top
from page 2 on, signature block (nơi nhận / thẩm quyền ký) in a borderless table whose row never splits, kept
with the last lines of text above it (w:keepNext), the Nơi nhận never alone on a page. The short rules under the
issuing body and the trích yếu are sized to their rendered line when a document is written (reports/rules.py).

The files are reproducible: rerunning the script gives the same bytes (fixed document properties and zip).
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_PARAGRAPH_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.font import Font
from docx.text.paragraph import Paragraph

from emulation_cli.reports.ooxml import normalize_zip

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "templates" / "report"
FIXED_DAY = date(2020, 1, 1)
AUTHOR = "emul"
FONT = "Times New Roman"
TEXT_WIDTH = 165.0  # mm: A4 width 210 − left margin 30 − right margin 15
GAP = "……"

# The conditions of the optional columns: the rubric's own declarations, never the data.
SELF_SCORED = "rubric.self_scored"
CLASSIFIED = "rubric.classified"

LEFT = WD_PARAGRAPH_ALIGNMENT.LEFT
CENTER = WD_PARAGRAPH_ALIGNMENT.CENTER
RIGHT = WD_PARAGRAPH_ALIGNMENT.RIGHT
JUSTIFY = WD_PARAGRAPH_ALIGNMENT.JUSTIFY

Container = WordDocument | _Cell

# Schema order of the children that python-docx does not place itself.
# fmt: off
PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr",
    "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
    "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
    "w:sectPr", "w:pPrChange",
)
TBLPR_ORDER = (
    "w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize", "w:tblStyleColBandSize",
    "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar",
    "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange",
)
# fmt: on


# ----- low-level XML --------------------------------------------------------------------------------------


def element(tag: str, **attributes: str) -> BaseOxmlElement:
    """`element("w:sz", val="26")`: a WordprocessingML element with w:-prefixed attributes."""
    node: BaseOxmlElement = OxmlElement(tag)
    for name, value in attributes.items():
        node.set(qn(f"w:{name}"), value)
    return node


def put(parent: BaseOxmlElement, child: BaseOxmlElement, order: Sequence[str]) -> BaseOxmlElement:
    """Insert `child` where the schema sequence `order` wants it, replacing a child of the same tag."""
    tags = [qn(tag) for tag in order]
    old = parent.find(child.tag)
    if old is not None:
        parent.remove(old)
    later = set(tags[tags.index(child.tag) + 1 :])
    successor = next((node for node in parent if node.tag in later), None)
    if successor is None:
        parent.append(child)
    else:
        successor.addprevious(child)
    return child


def twips(mm: float) -> str:
    return str(round(mm * 1440 / 25.4))


def set_size(font: Font, size: float) -> None:
    """Font size for Latin and complex scripts alike (w:sz, then w:szCs right after it)."""
    font.size = Pt(size)
    sz = font.element.get_or_add_rPr().find(qn("w:sz"))
    old = sz.getparent().find(qn("w:szCs"))
    if old is not None:
        old.getparent().remove(old)
    sz.addnext(element("w:szCs", val=str(round(size * 2))))


def fonts() -> BaseOxmlElement:
    return element("w:rFonts", ascii=FONT, hAnsi=FONT, eastAsia=FONT, cs=FONT)


# ----- paragraphs -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fmt:
    """Direct formatting of a paragraph and of its single run; None keeps the value of the Normal style."""

    size: float | None = None
    bold: bool = False
    italic: bool = False
    underline: bool = False
    align: WD_PARAGRAPH_ALIGNMENT | None = None
    first_line: bool = True
    before: float | None = None
    after: float | None = None
    single: bool = False
    keep_next: bool = False
    page_break: bool = False


BODY = Fmt()
HEADING = Fmt(bold=True, keep_next=True, before=6)
TITLE = Fmt(bold=True, align=CENTER, first_line=False, before=0, after=0, keep_next=True)
CENTERED = Fmt(align=CENTER, first_line=False)
BLOCK = Fmt(size=13, align=CENTER, first_line=False, before=0, after=0, single=True)
SIGN = replace(BLOCK, size=14, bold=True)
CELL = Fmt(size=12, align=LEFT, first_line=False, before=2, after=2, single=True)
SPACER = Fmt(size=6, first_line=False, before=0, after=0, single=True)
TAG = Fmt(size=10, align=LEFT, first_line=False, before=0, after=0, single=True)

Item = str | tuple[str, Fmt]  # a paragraph: its text in the default format of the call, or (text, its format)


def paragraph(where: Container, text: str = "", fmt: Fmt = BODY) -> Paragraph:
    """A paragraph holding `text` in a single run, so that a Jinja tag is never split across runs."""
    par = where.add_paragraph()
    form = par.paragraph_format
    if fmt.align is not None:
        form.alignment = fmt.align
    if not fmt.first_line:
        form.first_line_indent = Mm(0)
    if fmt.before is not None:
        form.space_before = Pt(fmt.before)
    if fmt.after is not None:
        form.space_after = Pt(fmt.after)
    if fmt.single:
        form.line_spacing = 1.0
    if fmt.keep_next:
        form.keep_with_next = True
    if fmt.page_break:
        form.page_break_before = True
    if fmt.size is not None:  # the paragraph mark too, so that a blank line has the height of its text
        mark = element("w:rPr")
        mark.append(element("w:sz", val=str(round(fmt.size * 2))))
        mark.append(element("w:szCs", val=str(round(fmt.size * 2))))
        put(par._p.get_or_add_pPr(), mark, PPR_ORDER)
    if text:
        run = par.add_run(text)
        run.bold = fmt.bold or None
        run.italic = fmt.italic or None
        run.underline = fmt.underline or None
        if fmt.size is not None:
            set_size(run.font, fmt.size)
    return par


def tag(where: Container, text: str) -> Paragraph:
    """A paragraph holding only a `{%p … %}` tag: docxtpl replaces the whole paragraph by the tag."""
    return paragraph(where, text, TAG)


def lines(where: Container, items: Sequence[Item], fmt: Fmt = BODY) -> None:
    """Several paragraphs; an item is a text in `fmt`, or (text, its own format). `{%p` items become tags."""
    for item in items:
        text, own = item if isinstance(item, tuple) else (item, fmt)
        if text.startswith("{%p "):
            tag(where, text)
        else:
            paragraph(where, text, own)


def rule(where: Container, width: float, room: float) -> None:
    """A short centred horizontal line of `width` mm under the line above, in a space `room` mm wide."""
    side = max((room - width) / 2, 0.0)
    par = paragraph(where, "", Fmt(size=2, align=CENTER, first_line=False, before=3, after=0, single=True))
    form = par.paragraph_format
    form.left_indent = Mm(side)
    form.right_indent = Mm(side)
    border = element("w:pBdr")
    border.append(element("w:top", val="single", sz="6", space="1", color="auto"))
    put(par._p.get_or_add_pPr(), border, PPR_ORDER)


# ----- tables ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Col:
    title: str
    width: float  # mm
    align: WD_PARAGRAPH_ALIGNMENT = LEFT
    when: str | None = None  # a Jinja condition: the column exists only where it holds (see `table_variants`)


CellText = str | Sequence[Item]


@dataclass(frozen=True)
class Row:
    """A row of a data table: one text (or list of paragraphs) per column, or a single text across them all."""

    cells: Sequence[CellText]
    bold: bool = False
    span: bool = False


def frame(table: Table, widths: Sequence[float], borders: bool) -> None:
    """Fixed column widths (grid and cells), full borders for data tables, none for layout tables."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)
    props = table._tbl.tblPr
    put(props, element("w:tblW", w=twips(sum(widths)), type="dxa"), TBLPR_ORDER)
    edges = element("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if borders:
            edges.append(element(f"w:{edge}", val="single", sz="4", space="0", color="auto"))
        else:
            edges.append(element(f"w:{edge}", val="nil"))
    put(props, edges, TBLPR_ORDER)


def fill(cell: _Cell, content: CellText, fmt: Fmt) -> None:
    """Replace the cell's empty paragraph by `content` (a cell must keep at least one paragraph)."""
    items = [content] if isinstance(content, str) else list(content)
    blank = cell.paragraphs[0]
    lines(cell, items, fmt)
    if len(cell.paragraphs) > 1:
        blank._p.getparent().remove(blank._p)


def row_flags(row: BaseOxmlElement, header: bool) -> None:
    """Rows never split across pages; the header row repeats at the top of each page."""
    props = row.get_or_add_trPr()
    props.append(element("w:cantSplit"))
    if header:
        props.append(element("w:tblHeader"))


def data_table(doc: WordDocument, cols: Sequence[Col], rows: Sequence[Row | str], size: float = 12) -> None:
    """A bordered table: a bold repeating header row, then `rows`; a str row is a `{%tr … %}` tag row."""
    table = doc.add_table(rows=0, cols=len(cols))
    frame(table, [c.width for c in cols], borders=True)
    text = replace(CELL, size=size)
    head = table.add_row()
    row_flags(head._tr, header=True)
    for cell, col in zip(head.cells, cols, strict=True):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        fill(cell, col.title, replace(text, bold=True, align=CENTER))
    for spec in rows:
        row = table.add_row()
        row_flags(row._tr, header=False)
        if isinstance(spec, str):
            fill(row.cells[0].merge(row.cells[-1]), spec, replace(TAG, size=size))
            continue
        fmt = replace(text, bold=spec.bold)
        if spec.span:
            fill(row.cells[0].merge(row.cells[-1]), spec.cells[0], fmt)
            continue
        for cell, col, content in zip(row.cells, cols, spec.cells, strict=True):
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            fill(cell, content, replace(fmt, align=col.align))
    paragraph(doc, "", SPACER)


def table_variants(
    doc: WordDocument, cols: Sequence[Col], rows: Sequence[Row | str], size: float = 12, wide: int = 1
) -> None:
    """A data table whose optional columns (`Col.when`) exist only where their condition holds: one table per
    combination of the conditions, each in its own `{%p if %}` branch, so that Word keeps exact column widths.
    A column left out gives its width to column `wide`."""
    conditions = list(dict.fromkeys(c.when for c in cols if c.when))
    if not conditions:
        data_table(doc, cols, rows, size)
        return
    for number, held in enumerate(itertools.product((True, False), repeat=len(conditions))):
        truth = dict(zip(conditions, held, strict=True))
        test = " and ".join(c if truth[c] else f"not {c}" for c in conditions)
        tag(doc, f"{{%p if {test} %}}" if number == 0 else f"{{%p elif {test} %}}")
        kept = [i for i, c in enumerate(cols) if c.when is None or truth[c.when]]
        spare = sum(c.width for i, c in enumerate(cols) if i not in kept)
        widths = [c.width + (spare if i == wide else 0) for i, c in enumerate(cols)]
        variant_cols = [replace(cols[i], width=widths[i]) for i in kept]
        variant_rows = [
            spec if isinstance(spec, str) or spec.span else replace(spec, cells=[spec.cells[i] for i in kept])
            for spec in rows
        ]
        data_table(doc, variant_cols, variant_rows, size)
    tag(doc, "{%p endif %}")


def layout_table(doc: WordDocument, widths: Sequence[float]) -> list[_Cell]:
    """A borderless one-row table used for layout (header block, signatures); returns its cells."""
    table = doc.add_table(rows=1, cols=len(widths))
    frame(table, widths, borders=False)
    row_flags(table.rows[0]._tr, header=False)
    return list(table.rows[0].cells)


# ----- document parts shared by the five templates --------------------------------------------------------


def new_document() -> WordDocument:
    doc = Document()
    setup_styles(doc)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    page_numbers(doc)
    return doc


def setup_styles(doc: WordDocument) -> None:
    """Times New Roman everywhere (document defaults and Normal), 14 pt body text, Vietnamese proofing."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    old = run_defaults.find(qn("w:rFonts"))
    old.addprevious(fonts())
    run_defaults.remove(old)
    for node in run_defaults.iter(qn("w:lang")):
        node.set(qn("w:val"), "vi-VN")
    for node in run_defaults.iter(qn("w:sz"), qn("w:szCs")):
        node.set(qn("w:val"), "28")
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    set_size(normal.font, 14)
    run_props = normal.element.get_or_add_rPr()
    run_props.remove(run_props.find(qn("w:rFonts")))
    run_props.insert(0, fonts())
    form = normal.paragraph_format
    form.alignment = JUSTIFY
    form.first_line_indent = Mm(10)
    form.space_before = Pt(0)
    form.space_after = Pt(6)
    form.line_spacing = 1.15


def page_numbers(doc: WordDocument) -> None:
    """Page number centred at the top from page 2 on: first page header empty, default header a PAGE field."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    first = section.first_page_header
    first.is_linked_to_previous = False
    header = section.header
    header.is_linked_to_previous = False
    for part in (first, header):
        form = part.paragraphs[0].paragraph_format
        form.alignment = CENTER
        form.first_line_indent = Mm(0)
        form.space_after = Pt(0)
        form.line_spacing = 1.0
    field = element("w:fldSimple", instr=" PAGE ")
    run = element("w:r")
    props = element("w:rPr")
    props.append(element("w:sz", val="26"))
    props.append(element("w:szCs", val="26"))
    run.append(props)
    number = element("w:t")
    number.text = "2"
    run.append(number)
    field.append(run)
    header.paragraphs[0]._p.append(field)


def header_block(doc: WordDocument, numbered: bool, place_date: str = "{{ document.place_date }}") -> None:
    """Cơ quan ban hành (left, 40 %) and quốc hiệu, tiêu ngữ, địa danh và ngày (right), without borders."""
    widths = (TEXT_WIDTH * 0.4, TEXT_WIDTH * 0.6)
    left, right = layout_table(doc, widths)
    number = [("Số: {{ document.number }}", replace(BLOCK, before=4))] if numbered else []
    fill(left, ["{{ cluster.host_body }}", ("{{ cluster.name_upper }}", replace(BLOCK, bold=True))], BLOCK)
    rule(left, 25, widths[0])
    lines(left, number, BLOCK)
    fill(
        right,
        [
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", replace(BLOCK, size=12, bold=True)),
            ("Độc lập - Tự do - Hạnh phúc", replace(BLOCK, bold=True, underline=True)),
            ("", replace(BLOCK, size=8)),
            (place_date, replace(BLOCK, size=14, italic=True, before=4)),
        ],
        BLOCK,
    )


def title_block(doc: WordDocument, subject: Sequence[str]) -> None:
    """Tên loại văn bản in hoa and trích yếu (possibly chosen by `{%p if %}` lines), then a short line."""
    paragraph(doc, "{{ document.title }}", replace(TITLE, before=18))
    lines(doc, subject, TITLE)
    rule(doc, 40, TEXT_WIDTH)
    paragraph(doc, "", SPACER)


def bases(doc: WordDocument, extra: Sequence[Item] = ()) -> None:
    """Căn cứ: the legal bases, the cluster's issued documents, then `extra` lines; each line ends with ";", the
    last with "." (Nghị định 30/2020): an `extra` line ends as its caller writes it."""
    after_laws = '{{ ";" if not loop.last or cluster.documents else "." }}'
    after_documents = '{{ ";" if not loop.last else "." }}'
    if extra:
        after_laws = after_documents = ";"
    lines(
        doc,
        [
            "{%p for b in cluster.legal_bases %}",
            (f"Căn cứ {{{{ b.text }}}}{after_laws}", replace(BODY, italic=True)),
            "{%p endfor %}",
            "{%p for d in cluster.documents %}",
            (f"Căn cứ {{{{ d.citation }}}}{after_documents}", replace(BODY, italic=True)),
            "{%p endfor %}",
            *extra,
        ],
    )


def addressee(doc: WordDocument) -> None:
    """'Kính gửi: …' under the title, when the document goes to a higher body (`document.addressee`)."""
    lines(
        doc,
        [
            "{%p if document.addressee %}",
            ("Kính gửi: {{ document.addressee }}.", replace(CENTERED, before=6, after=12)),
            "{%p endif %}",
        ],
    )


def bullets(doc: WordDocument, source: str, text: str, empty: str = "Không có.") -> None:
    """One `- …` paragraph per item of `source` (loop variable `x`), or `empty` when the list is empty."""
    lines(doc, [f"{{%p for x in {source} %}}", f"- {text}", "{%p else %}", empty, "{%p endfor %}"])


SIGNATURE_WIDTHS = (65.0, TEXT_WIDTH - 65.0)  # the right cell holds a position such as GIÁM ĐỐC SỞ …
SIGNER: list[Item] = [
    ("{{ signer.on_behalf }}", SIGN),
    "{%p if signer.acting %}",
    ("{{ signer.acting }}", SIGN),
    "{%p endif %}",
    "{%p if signer.role %}",
    ("{{ signer.role }}", SIGN),
    "{%p endif %}",
    "{%p if signer.position %}",
    ("{{ signer.position }}", replace(SIGN, size=13)),
    "{%p endif %}",
    *[("", SIGN)] * 4,
    (f'{{{{ signer.name or "{GAP}" }}}}', SIGN),
]
RECIPIENTS: list[Item] = [
    ("Nơi nhận:", replace(BLOCK, size=12, bold=True, italic=True, align=LEFT)),
    "{%p for r in recipients %}",
    ("- {{ r }}{% if not loop.last %};{% endif %}", replace(BLOCK, size=11, align=LEFT)),
    "{%p endfor %}",
]


def signature_spacer(doc: WordDocument) -> None:
    """The space above a signature table, which keeps the table on the page of the last lines of text."""
    keep_closing_lines(doc)
    paragraph(doc, "", replace(SPACER, keep_next=True))


def signature_block(doc: WordDocument) -> None:
    """Nơi nhận (left) and the signer (right), without borders; kept on the page of the text above it."""
    signature_spacer(doc)
    left, right = layout_table(doc, SIGNATURE_WIDTHS)
    fill(left, RECIPIENTS, BLOCK)
    fill(right, SIGNER, SIGN)


def recipients_below(doc: WordDocument) -> None:
    """A small Nơi nhận under a signature table (biên bản style documents): at the foot of the first cell of the
    table's last row, which never splits, so that it never stands on a page of its own (LibreOffice ignores
    keep-with-next on a table). Without a table just before it, after the text."""
    blocks = doc.element.body.iterchildren(qn("w:p"), qn("w:tbl"), reversed=True)
    table = next(blocks, None)
    rows = [row for row in table.iterchildren(qn("w:tr")) if not _is_tag(row)] if table is not None else []
    if table is None or table.tag != qn("w:tbl") or not rows:
        paragraph(doc, "", SPACER)
        lines(doc, RECIPIENTS, BLOCK)
        return
    cell = _Cell(rows[-1].find(qn("w:tc")), doc)
    lines(cell, [("", SPACER), *RECIPIENTS], BLOCK)


def _is_tag(block: BaseOxmlElement) -> bool:
    text = "".join(node.text or "" for node in block.iter(qn("w:t")))
    return text.startswith(("{%p ", "{%tr "))


def keep_closing_lines(doc: WordDocument, count: int = 2) -> None:
    """The last `count` paragraphs of text before what comes next keep with it (w:keepNext), so that a
    signature block never starts a page of its own. Tag paragraphs are passed over; a table ends the search."""
    kept = 0
    for block in reversed(list(doc.element.body.iterchildren())):
        if block.tag == qn("w:tbl") or kept == count:
            return
        if block.tag == qn("w:p") and not _is_tag(block) and block.xpath("string(.)").strip():
            Paragraph(block, doc).paragraph_format.keep_with_next = True
            kept += 1


def save(doc: WordDocument, path: Path, title: str) -> None:
    """Fixed properties and zip entries, so that a rerun writes the same bytes."""
    moment = datetime(FIXED_DAY.year, FIXED_DAY.month, FIXED_DAY.day)
    props = doc.core_properties
    props.title = title
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.created = moment
    props.modified = moment
    props.last_printed = moment
    props.revision = 1
    props.subject = ""
    props.keywords = ""
    props.comments = ""
    props.category = ""
    paragraph(doc, "", replace(SPACER, size=2))  # Word wants the body to end with a paragraph
    buffer = io.BytesIO()
    doc.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(normalize_zip(buffer.getvalue(), FIXED_DAY))


# ----- tables used by several documents -------------------------------------------------------------------

NUM = RIGHT


# A full unit name ("Sở Nông nghiệp và Phát triển nông thôn", 38 letters) fits in two lines of 11–12 pt Times New
# Roman in a column at least this wide; a narrower column prints the short names, explained under the table.
FULL_NAME_WIDTH = 40.0


def unit_name(ref: str, width: float) -> str:
    """The unit's name in a table column `width` mm wide: the full name, or the short one where it would not fit."""
    return f"{{{{ {ref}.name }}}}" if width >= FULL_NAME_WIDTH else f"{{{{ {ref}.short_name }}}}"


def unit_legend(doc: WordDocument, units: str, width: float) -> None:
    """Under a table whose column `width` mm wide prints short names: each one that differs from the full name,
    'Ghi chú: Sở GD&ĐT: Sở Giáo dục và Đào tạo; …'."""
    if width >= FULL_NAME_WIDTH:
        return
    shown = f'{units}|selectattr("abbreviated")|unique(attribute="id")'
    lines(
        doc,
        [
            f"{{%p if {shown}|list %}}",
            (
                f"Ghi chú: {{% for u in {shown} %}}{{{{ u.short_name }}}}: {{{{ u.name }}}}"
                '{{ "; " if not loop.last else "." }}{% endfor %}',
                replace(BODY, size=12, italic=True, first_line=False),
            ),
            "{%p endif %}",
        ],
    )


def ranking_table(doc: WordDocument) -> None:
    """Rank, unit, points of each section, bonus, penalty, total, classification (year end)."""
    table_variants(
        doc,
        [
            Col("Hạng", 13, CENTER),
            Col("Đơn vị", 40),
            Col("Điểm đạt các phần", 31),
            Col("Điểm thưởng", 17, NUM),
            Col("Điểm trừ", 16, NUM),
            Col("Tổng điểm", 18, NUM),
            Col("Xếp loại", 30, when=CLASSIFIED),
        ],
        [
            "{%tr for r in results %}",
            Row(
                [
                    "{{ r.rank }}",
                    unit_name("r.unit", 40),
                    ["{%p for s in r.sections %}", "{{ s.id }}: {{ s.points }}", "{%p endfor %}"],
                    "{{ r.bonus }}",
                    "{{ r.penalty }}",
                    "{{ r.total }}",
                    "{{ r.classification }}",
                ]
            ),
            "{%tr endfor %}",
        ],
        size=11,
    )


def vote_ranking_table(doc: WordDocument) -> None:
    """A cluster ranked by vote: rank, unit, votes in the ranking ballot and their share of the valid ballots."""
    data_table(
        doc,
        [
            Col("Hạng", 15, CENTER),
            Col("Đơn vị", 80),
            Col("Số phiếu bầu", 30, NUM),
            Col("Tỉ lệ trên số phiếu hợp lệ", 40, NUM),
        ],
        [
            "{%tr for v in ranking.ballot.rows %}",
            Row(["{{ v.rank }}", "{{ v.unit.name }}", "{{ v.votes }}", "{{ v.percent }}"]),
            "{%tr endfor %}",
        ],
    )


BALLOT_COUNTS = (
    "phát ra {{ ranking.ballot.issued }} phiếu, thu về {{ ranking.ballot.returned }} phiếu, hợp lệ "
    "{{ ranking.ballot.valid }} phiếu"
)


def vote_ranking(doc: WordDocument, intro: str) -> None:
    """The ranking ballot's result: its counts and rule, the table, and the ties the meeting decides; or that
    it is not counted yet (`intro` ends with a colon and leads to the table)."""
    tag(doc, "{%p if ranking.ballot and ranking.ballot.counted %}")
    paragraph(doc, intro)
    vote_ranking_table(doc)
    lines(
        doc,
        [
            "{%p for t in ranking.ballot.ties %}",
            "{{ t }}; hội nghị xem xét, quyết định.",
            "{%p endfor %}",
        ],
    )
    tag(doc, "{%p else %}")
    paragraph(
        doc,
        "Chưa có kết quả bỏ phiếu xếp hạng hợp lệ"
        '{{ " (" ~ ranking.ballot.status|lower ~ ")" if ranking.ballot and ranking.ballot.status }}: các đơn vị '
        "chưa được xếp hạng.",
    )
    tag(doc, "{%p endif %}")


def covenant_table(doc: WordDocument) -> None:
    """Commitments met (on schedule at a sơ kết) out of those applying to each unit, and the ids behind."""
    data_table(
        doc,
        [
            Col("STT", 12, CENTER),
            Col("Đơn vị", 52),
            Col("Số cam kết", 22, NUM),
            Col('{{ "Đạt" if period.is_year else "Đúng tiến độ" }}', 25, NUM),
            Col('{{ "Chưa đạt" if period.is_year else "Chậm tiến độ, chưa có số liệu" }}', 54, NUM),
        ],
        [
            "{%tr for r in results %}",
            Row(
                [
                    "{{ loop.index }}",
                    "{{ r.unit.name }}",
                    "{{ r.commitments_total }}",
                    "{{ r.commitments_met }}",
                    "{{ r.commitments_total - r.commitments_met }}",
                ]
            ),
            "{%tr endfor %}",
        ],
    )


def score_table(doc: WordDocument) -> None:
    """Phụ lục 1: for each unit its totals, then one row per section (maximum, self, points), bonus, penalty."""
    table_variants(
        doc,
        [
            Col('{{ "Hạng" if period.is_year else "STT" }}', 15, CENTER),
            Col("Đơn vị, phần chấm điểm", 80),
            Col("Điểm tối đa", 22, NUM),
            Col("Điểm tự chấm", 24, NUM, when=SELF_SCORED),
            Col("Điểm đạt", 24, NUM),
        ],
        [
            "{%tr for r in results %}",
            Row(
                [
                    "{{ r.rank or loop.index }}",
                    "{{ r.unit.name }}{% if period.is_year and r.classification %} – {{ r.classification }}{% endif %}",
                    "{{ rubric.scale }}",
                    "{{ r.self_total }}",
                    "{{ r.total }}",
                ],
                bold=True,
            ),
            "{%tr for s in r.sections %}",
            Row(["", "{{ s.id }}. {{ s.title }}", "{{ s.max }}", "{{ s.self }}", "{{ s.points }}"]),
            "{%tr endfor %}",
            Row(["", "Điểm thưởng", "", "{{ r.self_bonus }}", "{{ r.bonus }}"]),
            Row(["", "Điểm trừ", "", "{{ r.self_penalty }}", "{{ r.penalty }}"]),
            "{%tr endfor %}",
        ],
    )


def provisional_notes(doc: WordDocument) -> None:
    """After the proposals: a list that waits on the meeting's choice between units tied for an earlier title."""
    lines(doc, ["{%p for t in awards.titles if t.provisional_note %}", "{{ t.provisional_note }}", "{%p endfor %}"])


def proposals_table(doc: WordDocument) -> None:
    """Units proposed for each award title (a title row, then its units), with their votes."""
    data_table(
        doc,
        [
            Col("STT", 12, CENTER),
            Col("Tên đơn vị", 58),
            Col('{{ "Phiếu xếp hạng" if ranking.by_vote else "Tổng điểm" }}', 20, NUM),
            Col("Xếp hạng", 17, CENTER),
            Col("Phiếu đồng ý/ hợp lệ", 28, CENTER),
            Col("Tỉ lệ đồng ý trên {{ awards.vote_basis }}", 30, NUM),
        ],
        [
            "{%tr for t in awards.titles %}",
            Row(["{{ t.kind|capitalize }} đề nghị: {{ t.name }} (chỉ tiêu: {{ t.quota }})"], bold=True, span=True),
            "{%tr for p in t.proposed %}",
            Row(
                [
                    "{{ loop.index }}",
                    "{{ p.unit.name }}{% if p.replaces %} (thay cho {{ p.replaces.name }}, {{ p.replaces_reason }})"
                    "{% endif %}",
                    "{{ p.ranking_votes if ranking.by_vote else p.total }}",
                    "{{ p.rank }}",
                    '{{ "chờ bỏ phiếu" if p.pending else (p.vote.in_favour ~ "/" ~ p.vote.valid '
                    'if p.vote and p.vote.in_favour else "—") }}',
                    '{{ p.vote.percent if p.vote and p.vote.percent and not p.pending else "—" }}',
                ]
            ),
            "{%tr else %}",
            Row(["{{ t.outcome[:1]|upper }}{{ t.outcome[1:] }}."], span=True),
            "{%tr endfor %}",
            "{%tr endfor %}",
        ],
    )


def votes_table(doc: WordDocument) -> None:
    unit_width = 31
    data_table(
        doc,
        [
            Col("STT", 12, CENTER),
            Col("Đơn vị", unit_width),
            Col("Danh hiệu, hình thức khen thưởng", 38),
            Col("Phát ra/ thu về/ hợp lệ", 21, CENTER),
            Col("Đồng ý/ không đồng ý", 19, CENTER),
            Col("Tỉ lệ đồng ý", 21, NUM),
            Col("Kết quả", 17, CENTER),
        ],
        [
            "{%tr for v in awards.votes %}",
            Row(
                [
                    "{{ loop.index }}",
                    unit_name("v.unit", unit_width),
                    "{{ v.award }}",
                    "{{ v.issued }}/{{ v.returned }}/{{ v.valid }}",
                    '{{ v.in_favour }}/{{ v.against or "…" }}',
                    "{{ v.percent }}",
                    "{{ v.result }}",
                ]
            ),
            "{%tr endfor %}",
        ],
        size=11,
    )
    unit_legend(doc, 'awards.votes|map(attribute="unit")', unit_width)


# ----- the five documents ---------------------------------------------------------------------------------

NEXT_ROLES = (
    '{{ awards.next_cum_truong.name if awards.next_cum_truong else "……" }} làm {{ cluster.group }} trưởng, '
    '{{ awards.next_cum_pho.name if awards.next_cum_pho else "……" }} làm {{ cluster.group }} phó {{ cluster.name }} '
    "năm {{ awards.next_year }}"
)
FLAG = (
    "{{ awards.government_flag_candidate.name }}"
    '{{ " (khi có kết quả bỏ phiếu hợp lệ)" if awards.government_flag_pending }}'
)
MEETING_DAY = '{{ period.meeting.date_long if period.meeting else "ngày … tháng … năm …" }}'
# The covenant is dated the day it was signed, not the day of the period's meeting.
SIGNING_PLACE_DATE = (
    '{{ (covenant.signing_place or cluster.place) ~ ", " ~ covenant.signing_date '
    "if covenant and covenant.signing_date else document.place_date }}"
)
LOWER_TITLE = "{{ period.title[:1]|lower ~ period.title[1:] }}"
# The báo cáo's appendices, numbered in Roman numerals: the ranking (year end), then the proposed awards.
RANKING_APPENDIX = "I"
AWARDS_APPENDIX = '{{ "II" if period.is_year else "I" }}'


# Units that left the cluster during the period: never ranked, reported apart with the reason and what became of
# their own commitments.
DEPARTED = [
    "{%p if departed %}",
    "Các đơn vị thôi là thành viên {{ cluster.name }} trong kỳ{{ ', không xếp hạng' if period.is_year }}:",
    "{%p for d in departed %}",
    "- {{ d.unit.name }}: {{ d.reason }}{% if d.commitments %}; {{ d.commitments }}{% endif %}"
    '{{ ";" if not loop.last else "." }}',
    "{%p endfor %}",
    "{%p endif %}",
]


def bao_cao() -> WordDocument:
    doc = new_document()
    header_block(doc, numbered=True)
    title_block(doc, ["{{ period.title }}"])
    addressee(doc)
    bases(doc)
    paragraph(doc, "{{ cluster.name }} báo cáo kết quả như sau:")

    paragraph(doc, "I. ĐẶC ĐIỂM TÌNH HÌNH", HEADING)
    lines(
        doc,
        [
            "Năm {{ cluster.year }}, {{ cluster.name }} gồm {{ cluster.members|length }} đơn vị thành viên:",
            "{%p for u in cluster.members %}",
            '- {{ u.name }}{% if u.role != "Thành viên" %} ({{ u.role }}){% endif %}'
            '{{ ";" if not loop.last else "." }}',
            "{%p endfor %}",
            "{%p if cluster.cum_truong or cluster.cum_pho %}",
            '{{ cluster.group }} trưởng: {{ cluster.cum_truong.name if cluster.cum_truong else "……" }}; '
            '{{ cluster.group }} phó: {{ cluster.cum_pho.name if cluster.cum_pho else "……" }}.',
            "{%p endif %}",
            *DEPARTED,
            "{%p if cluster.theme %}",
            "Chủ đề năm: “{{ cluster.theme }}”.",
            "{%p endif %}",
            "{%p if ranking.by_vote %}",
            "{{ cluster.group }} không chấm điểm thi đua: các đơn vị thành viên được bình xét, xếp hạng bằng bỏ "
            'phiếu kín (phiếu xếp hạng){{ " theo " ~ ranking.legal_basis if ranking.legal_basis }}.',
            "{%p else %}",
            "Việc chấm điểm thi đua thực hiện theo {{ rubric.title }} (phiên bản {{ rubric.version }}, "
            "thang điểm {{ rubric.scale }}).",
            "{%p if rubric.scorers %}",
            "Các cơ quan chấm điểm:",
            "{%p for s in rubric.scorers %}",
            '- {{ s.name }}: {{ s.scores }}{{ ";" if not loop.last else "." }}',
            "{%p endfor %}",
            "{%p endif %}",
            "{%p endif %}",
            f"Thuận lợi, khó khăn: {GAP}",
        ],
    )

    paragraph(doc, "II. KẾT QUẢ THỰC HIỆN", HEADING)
    paragraph(doc, "1. Kết quả tổ chức các phong trào thi đua", HEADING)
    lines(
        doc,
        [
            "{%p if covenant and covenant.movements %}",
            "Các đơn vị thành viên đã hưởng ứng, triển khai các phong trào thi đua:",
            "{%p for m in covenant.movements %}",
            "- {{ m.name }}{% if m.launched_by %} ({{ m.launched_by }} phát động){% endif %}"
            '{% if m.note %}: {{ m.note|trim(".") }}{% endif %}{{ ";" if not loop.last else "." }}',
            "{%p endfor %}",
            "{%p endif %}",
            f"Kết quả nổi bật: {GAP}",
        ],
    )
    paragraph(doc, "2. Kết quả thực hiện giao ước thi đua", HEADING)
    tag(doc, "{%p if covenant %}")
    paragraph(
        doc,
        "Kết quả thực hiện các cam kết trong {{ covenant.title }} của từng đơn vị "
        '{{ "đến hết năm" if period.is_year else "tính đến ngày " ~ period.end }}:',
    )
    covenant_table(doc)
    tag(doc, "{%p else %}")
    paragraph(doc, "{{ cluster.name }} chưa khai báo bản giao ước thi đua (tệp covenant.yaml).")
    tag(doc, "{%p endif %}")

    tag(doc, "{%p if period.is_year and ranking.by_vote %}")
    paragraph(doc, "3. Kết quả bình xét, xếp hạng thi đua", HEADING)
    vote_ranking(
        doc,
        f"Kết quả bỏ phiếu xếp hạng tại hội nghị bình xét thi đua {MEETING_DAY} (chi tiết tại Phụ lục "
        f"{RANKING_APPENDIX}):",
    )
    tag(doc, "{%p elif period.is_year %}")
    paragraph(doc, "3. Kết quả chấm điểm, xếp hạng thi đua", HEADING)
    paragraph(doc, f"Kết quả chấm điểm, thẩm định và xếp hạng các đơn vị (chi tiết tại Phụ lục {RANKING_APPENDIX}):")
    ranking_table(doc)
    tag(doc, "{%p endif %}")

    tag(doc, "{%p if awards %}")
    paragraph(doc, "4. Kết quả bình xét khen thưởng", HEADING)
    paragraph(
        doc,
        f"Tại hội nghị bình xét thi đua {MEETING_DAY}, {{{{ cluster.name }}}} "
        '{{ "thống nhất đề nghị" if awards.ballot_recorded else "dự kiến đề nghị (chờ kết quả bỏ phiếu)" }} '
        f"khen thưởng {{{{ awards.proposed_count }}}} lượt đơn vị (chi tiết tại Phụ lục {AWARDS_APPENDIX}):",
    )
    bullets(
        doc,
        "awards.titles",
        "{{ x.name }}: {{ x.outcome }}.",
    )
    tag(doc, "{%p endif %}")

    paragraph(doc, "III. ĐÁNH GIÁ CHUNG", HEADING)
    paragraph(doc, "1. Ưu điểm", HEADING)
    bullets(doc, "summary.strengths", "{{ x }}")
    paragraph(doc, "2. Hạn chế", HEADING)
    bullets(doc, "summary.shortcomings", "{{ x }}")

    paragraph(
        doc,
        'IV. PHƯƠNG HƯỚNG, NHIỆM VỤ {{ "NĂM " ~ (period.year + 1) if period.is_year else "6 THÁNG CUỐI NĂM" }}',
        HEADING,
    )
    bullets(doc, "summary.next_tasks", "{{ x }}")
    paragraph(doc, f"- {GAP}")

    paragraph(doc, "V. ĐỀ XUẤT, KIẾN NGHỊ", HEADING)
    lines(
        doc,
        [
            "{%p if awards %}",
            "Đề nghị Hội đồng Thi đua – Khen thưởng {{ cluster.province }} xem xét, trình khen thưởng:",
            "{%p for t in awards.titles if t.proposed or t.tie_at_quota %}",
            "- {{ t.name }}: {{ t.outcome }};",
            "{%p endfor %}",
            "{%p if awards.government_flag_candidate %}",
            f"- Giới thiệu {FLAG} để xét, đề nghị tặng Cờ thi đua của Chính phủ;",
            "{%p endif %}",
            "{%p if awards.next_roles_declared %}",
            f"- Công nhận {NEXT_ROLES}.",
            "{%p elif awards.next_cum_truong or awards.next_cum_pho %}",
            f"- Đề xuất {NEXT_ROLES} (theo quy tắc luân phiên, chưa được Hội nghị thống nhất).",
            "{%p endif %}",
            "{%p endif %}",
            f"Các đề xuất, kiến nghị khác: {GAP}",
            f"Trên đây là báo cáo {LOWER_TITLE} của {{{{ cluster.name }}}}./.",
        ],
    )
    signature_block(doc)

    # No ranking at sơ kết: the covenant's progress is in section II.
    tag(doc, "{%p if period.is_year and ranking.by_vote %}")
    appendix_head(doc, RANKING_APPENDIX, "KẾT QUẢ BỎ PHIẾU XẾP HẠNG NĂM {{ period.year }}")
    lines(
        doc,
        [
            "{%p if ranking.ballot and ranking.ballot.counted %}",
            f"Phiếu xếp hạng: {BALLOT_COUNTS}.",
            "{%p endif %}",
            "{{ ranking.rule }}",
        ],
    )
    vote_ranking(doc, "Kết quả:")
    tag(doc, "{%p elif period.is_year %}")
    appendix_head(doc, RANKING_APPENDIX, "BẢNG TỔNG HỢP ĐIỂM THI ĐUA NĂM {{ period.year }}")
    score_table(doc)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if awards %}")
    appendix_head(doc, AWARDS_APPENDIX, "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM {{ period.year }}")
    proposals_table(doc)
    provisional_notes(doc)
    lines(
        doc,
        [
            "{%p if awards.government_flag_candidate %}",
            f"Đơn vị được giới thiệu xét tặng Cờ thi đua của Chính phủ: {FLAG}.",
            "{%p endif %}",
        ],
    )
    tag(doc, "{%p endif %}")
    return doc


def appendix_head(doc: WordDocument, number: str, title: str) -> None:
    """An appendix starts a new page (Nghị định 30/2020, Phụ lục I): "Phụ lục I" on its own line, its title in
    capitals on the next, then the reference of the report it belongs to."""
    paragraph(doc, f"Phụ lục {number}", replace(TITLE, page_break=True))
    paragraph(doc, title, TITLE)
    paragraph(
        doc,
        "(Kèm theo Báo cáo số {{ document.number }} {{ document.date_long }} của {{ cluster.name }})",
        replace(CENTERED, italic=True, after=12, keep_next=True),
    )


MEETING = "period.meeting"
CHAIR = "period.meeting.chair"
CHAIR_PERSON = "period.meeting.chair_person"
PERSON = '{{ p.name or "……" }}{{ ", " ~ p.title if p.title }}'
CLOCK = '{{{{ {0}.hour if {0} else "……" }}}} giờ {{{{ {0}.minute if {0} else "……" }}}} phút'


def minutes_opening(doc: WordDocument) -> None:
    """Mẫu 1.9: time and place, chair, secretary, those present by unit and by name, those absent and why,
    the quorum. A fact not declared prints "……" for the officer to fill in."""
    paragraph(doc, "I. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN", HEADING)
    lines(
        doc,
        [
            "{%p if period.meeting %}",
            f"1. Thời gian: vào hồi {CLOCK.format(MEETING + '.start')}, {{{{ {MEETING}.date_long }}}}.",
            f'2. Địa điểm: {{{{ {MEETING}.place or "……" }}}}.',
            f'3. Chủ trì: đồng chí {{{{ {CHAIR_PERSON}.name or "……" }}}}'
            f'{{{{ ", " ~ {CHAIR_PERSON}.title if {CHAIR_PERSON}.title }}}}'
            f"{{% if {CHAIR} %}} {{{{ {CHAIR}.name }}}} – {{{{ {CHAIR}.role }}}} {{{{ cluster.name }}}}{{% endif %}}.",
            f'4. Thư ký: đồng chí {{{{ {MEETING}.secretary or "……" }}}}'
            f"{{% if {MEETING}.secretary_title or {MEETING}.secretary_unit %}}, {{{{ {MEETING}.secretary_title }}}}"
            f'{{{{ " " if {MEETING}.secretary_title and {MEETING}.secretary_unit }}}}'
            f"{{{{ {MEETING}.secretary_unit.name if {MEETING}.secretary_unit }}}}{{% endif %}}.",
            f'5. Thành phần: đại diện lãnh đạo {{{{ {MEETING}.present_count or "……" }}}}/'
            f"{{{{ {MEETING}.members_count }}}} đơn vị thành viên {{{{ cluster.name }}}}"
            f'{{{{ " (theo số phiếu phát ra)" if {MEETING}.present_from_ballots }}}}'
            f'{{{{ ":" if {MEETING}.attending else "." }}}}',
            f"{{%p for a in {MEETING}.attending %}}",
            "- {{ a.unit.name }}: {% for p in a.people %}đồng chí "
            + PERSON
            + '{{ "; " if not loop.last }}{% else %}……{% endfor %}{{ ";" if not loop.last else "." }}',
            "{%p endfor %}",
            f"{{%p if {MEETING}.absences %}}",
            f"6. Vắng mặt: {{% for x in {MEETING}.absences %}}{{{{ x.unit.name }}}} "
            '(lý do: {{ x.reason or "……" }}){{ "; " if not loop.last else "." }}{% endfor %}',
            f"{{%p elif {MEETING}.present or {MEETING}.present_count == {MEETING}.members_count %}}",
            "6. Vắng mặt: không có.",
            "{%p else %}",
            "6. Vắng mặt: ……",
            "{%p endif %}",
            f"{{%p if {MEETING}.quorum.met is none %}}",
            f"Số thành viên dự họp: {GAP} (cần ít nhất {{{{ {MEETING}.quorum.needed }}}} thành viên, tức "
            f"{{{{ {MEETING}.quorum.share }}}} tổng số {{{{ {MEETING}.members_count }}}} thành viên).",
            "{%p else %}",
            f"Hội nghị có {{{{ {MEETING}.present_count }}}}/{{{{ {MEETING}.members_count }}}} thành viên dự họp, "
            f'{{{{ "đủ" if {MEETING}.quorum.met else "không đủ" }}}} số thành viên dự họp theo quy định (ít nhất '
            f"{{{{ {MEETING}.quorum.share }}}} tổng số thành viên, tức {{{{ {MEETING}.quorum.needed }}}} thành viên)"
            f'{{{{ "; hội nghị không đủ điều kiện biểu quyết" if not {MEETING}.quorum.met }}}}.',
            "{%p endif %}",
            "{%p else %}",
            f"1. Thời gian: vào hồi {GAP} giờ {GAP} phút, ngày {GAP} tháng {GAP} năm {GAP}.",
            f"2. Địa điểm: {GAP}",
            f"3. Chủ trì: {GAP}",
            f"4. Thư ký: {GAP}",
            f"5. Thành phần: {GAP}",
            f"6. Vắng mặt: {GAP}",
            "{%p endif %}",
        ],
    )


def counting_board(doc: WordDocument) -> None:
    """The Ban kiểm phiếu the meeting elected, where it votes by secret ballot (its counts follow)."""
    voted = "(awards and awards.votes) or ranking.by_vote"
    lines(
        doc,
        [
            f"{{%p if {voted} %}}",
            f"{{%p if period.meeting and {MEETING}.counting_board %}}",
            "Hội nghị bầu Ban kiểm phiếu gồm các đồng chí:",
            f"{{%p for m in {MEETING}.counting_board %}}",
            '- {{ m.name }}{{ ", " ~ m.title if m.title }}{{ " " ~ m.unit.name if m.unit }}: '
            '{{ "Trưởng ban" if m.head else "thành viên" }}{{ ";" if not loop.last else "." }}',
            "{%p endfor %}",
            "{%p else %}",
            f"Hội nghị bầu Ban kiểm phiếu gồm các đồng chí: {GAP}",
            "{%p endif %}",
            "{%p endif %}",
        ],
    )


def minutes_closing(doc: WordDocument) -> None:
    """Mẫu 1.9: the closing time, the signatures of the secretary (left) and the chair (right), Nơi nhận."""
    closing = "Cuộc họp kết thúc vào hồi {} cùng ngày; biên bản đã được thông qua trước hội nghị."
    lines(
        doc,
        [
            "{%p if period.meeting %}",
            closing.format(CLOCK.format(MEETING + ".end")),
            "{%p else %}",
            closing.format(f"{GAP} giờ {GAP} phút"),
            "{%p endif %}",
        ],
    )
    signature_spacer(doc)
    secretary, chairman = layout_table(doc, SIGNATURE_WIDTHS)
    fill(
        secretary,
        ["THƯ KÝ", "", *[""] * 4, f'{{{{ {MEETING}.secretary if period.meeting and {MEETING}.secretary else "……" }}}}'],
        SIGN,
    )
    fill(
        chairman,
        [
            "CHỦ TRÌ",
            f"{{%p if period.meeting and {CHAIR_PERSON}.title and {CHAIR} %}}",
            (f'{{{{ ({CHAIR_PERSON}.title ~ " " ~ {CHAIR}.name)|upper }}}}', replace(SIGN, size=13)),
            "{%p endif %}",
            *[""] * 4,
            f'{{{{ {CHAIR_PERSON}.name if period.meeting and {CHAIR_PERSON}.name else "……" }}}}',
        ],
        SIGN,
    )
    recipients_below(doc)


def bien_ban() -> WordDocument:
    doc = new_document()
    header_block(doc, numbered=True)
    title_block(
        doc,
        [
            "{%p if period.is_year %}",
            "Họp bình xét thi đua năm {{ period.year }}",
            "{%p else %}",
            f"Họp {LOWER_TITLE}",
            "{%p endif %}",
        ],
    )
    minutes_opening(doc)
    paragraph(doc, "II. NỘI DUNG", HEADING)
    counting_board(doc)
    tag(doc, "{%p if ranking.by_vote %}")
    paragraph(doc, "1. Kết quả bỏ phiếu xếp hạng", HEADING)
    lines(
        doc,
        [
            "Hội nghị tiến hành bỏ phiếu kín xếp hạng các đơn vị thành viên"
            '{{ " theo " ~ ranking.legal_basis if ranking.legal_basis }}. {{ ranking.rule }}',
        ],
    )
    vote_ranking(doc, f"Kết quả kiểm phiếu: {BALLOT_COUNTS}; số phiếu bầu của từng đơn vị như sau:")
    tag(doc, "{%p else %}")
    paragraph(doc, "1. Kết quả chấm điểm, xếp hạng", HEADING)
    paragraph(doc, "Hội nghị thông qua kết quả chấm điểm, thẩm định theo {{ rubric.title }}:")
    table_variants(
        doc,
        [
            Col('{{ "Hạng" if period.is_year else "STT" }}', 14, CENTER),
            Col("Đơn vị", 55),
            Col("Điểm tự chấm", 19, NUM, when=SELF_SCORED),
            Col("Điểm đạt", 19, NUM),
            Col("Xếp loại", 58, when=CLASSIFIED),
        ],
        [
            "{%tr for r in results %}",
            Row(
                [
                    "{{ r.rank or loop.index }}",
                    "{{ r.unit.name }}",
                    "{{ r.self_total }}",
                    "{{ r.total }}",
                    "{{ r.classification }}",
                ]
            ),
            "{%tr endfor %}",
        ],
    )
    tag(doc, "{%p endif %}")
    paragraph(
        doc,
        '2. {{ "Kết quả bỏ phiếu đề nghị khen thưởng" if ranking.by_vote else "Kết quả bỏ phiếu bình xét" }}',
        HEADING,
    )
    tag(doc, "{%p if awards and awards.votes %}")
    paragraph(doc, "Hội nghị tiến hành bỏ phiếu kín; Ban kiểm phiếu báo cáo kết quả kiểm phiếu như sau:")
    votes_table(doc)
    paragraph(doc, "Tỉ lệ đồng ý tính trên {{ awards.vote_basis }}.")
    tag(doc, "{%p elif awards and not awards.ballot_recorded %}")
    paragraph(doc, "Chưa có kết quả bỏ phiếu.")
    tag(doc, "{%p else %}")
    paragraph(doc, "Không tổ chức bỏ phiếu.")
    tag(doc, "{%p endif %}")

    paragraph(doc, "3. Đề nghị khen thưởng", HEADING)
    lines(
        doc,
        [
            "{%p if awards %}",
            "{%p for t in awards.titles %}",
            "- {{ t.name }} (chỉ tiêu: {{ t.quota }}): {{ t.outcome }}.",
            "{%p for r in t.passed_over %}",
            "+ {{ r }}",
            "{%p endfor %}",
            "{%p for p in t.proposed if p.replaces %}",
            "+ {{ p.unit.name }} được đề nghị thay cho {{ p.replaces.name }} ({{ p.replaces_reason }}).",
            "{%p endfor %}",
            "{%p if t.provisional_note %}",
            "+ {{ t.provisional_note }}",
            "{%p endif %}",
            "{%p endfor %}",
            "{%p else %}",
            "Kỳ này không bình xét khen thưởng.",
            "{%p endif %}",
        ],
    )
    paragraph(doc, "4. Giới thiệu xét tặng Cờ thi đua của Chính phủ", HEADING)
    paragraph(
        doc,
        '{{ awards.government_flag_candidate.name if awards and awards.government_flag_candidate else "Không có" }}'
        '{{ " (khi có kết quả bỏ phiếu hợp lệ)" if awards and awards.government_flag_pending }}.',
    )
    paragraph(doc, "5. {{ cluster.group }} trưởng, {{ cluster.group }} phó năm {{ period.year + 1 }}", HEADING)
    lines(
        doc,
        [
            "{%p if awards and awards.next_roles_declared %}",
            f"Hội nghị thống nhất {NEXT_ROLES}.",
            "{%p elif awards and (awards.next_cum_truong or awards.next_cum_pho) %}",
            f"Theo quy tắc luân phiên, đề xuất {NEXT_ROLES}; Hội nghị xem xét, quyết định.",
            "{%p else %}",
            GAP,
            "{%p endif %}",
        ],
    )
    paragraph(doc, "6. Ý kiến khác", HEADING)
    lines(
        doc,
        [
            "{%p if period.meeting and period.meeting.note %}",
            "{{ period.meeting.note }}",
            "{%p else %}",
            GAP,
            "{%p endif %}",
        ],
    )
    minutes_closing(doc)
    return doc


# The council advises, the Chủ tịch of the province's People's Committee decides (Luật Thi đua, khen thưởng 2022).
PEOPLES_COMMITTEE = "Ủy ban nhân dân {{ cluster.province }}"
COUNCIL_ASKS = f"{{{{ cluster.province }}}} xem xét, trình Chủ tịch {PEOPLES_COMMITTEE}"
MINUTES_NUMBER = "…/BB-{{ cluster.code }}"  # the biên bản's số as its own header prints it until it is issued
PROPOSED_UNITS = 'awards.titles|map(attribute="proposed")|sum(start=[])|map(attribute="unit")|unique(attribute="id")'


def enclosures(doc: WordDocument) -> None:
    """Hồ sơ kèm theo: the minutes of the meeting (its number left to fill in), each proposed unit's báo cáo thành
    tích, the year's report and the summary table."""
    lines(
        doc,
        [
            "Hồ sơ kèm theo:",
            f"- Biên bản họp bình xét thi đua số {MINUTES_NUMBER} {MEETING_DAY} của {{{{ cluster.name }}}};",
            "{%p if awards %}",
            f"{{%p for u in {PROPOSED_UNITS} %}}",
            "- Báo cáo thành tích của {{ u.name }};",
            "{%p endfor %}",
            "{%p endif %}",
            f"- Báo cáo {LOWER_TITLE};",
            '- Bảng tổng hợp {{ "kết quả bỏ phiếu xếp hạng" if ranking.by_vote else "điểm thi đua" }}.',
        ],
        replace(BODY, first_line=False),
    )


def to_trinh() -> WordDocument:
    doc = new_document()
    header_block(doc, numbered=True)
    title_block(doc, ["Đề nghị tặng danh hiệu thi đua, hình thức khen thưởng năm {{ period.year }}"])
    addressee(doc)
    minutes = f"Căn cứ Biên bản họp bình xét thi đua số {MINUTES_NUMBER} {MEETING_DAY} của {{{{ cluster.name }}}}."
    bases(doc, [(minutes, replace(BODY, italic=True))])
    paragraph(
        doc,
        f"{{{{ cluster.name }}}} kính trình Hội đồng Thi đua – Khen thưởng {COUNCIL_ASKS} khen thưởng các đơn vị "
        "như sau:",
    )
    paragraph(doc, "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ VÀ PHONG TRÀO THI ĐUA", HEADING)
    lines(
        doc,
        [
            "Năm {{ period.year }}, {{ cluster.name }} gồm {{ cluster.members|length }} đơn vị thành viên"
            "{% if cluster.theme %}, thực hiện chủ đề năm “{{ cluster.theme }}”{% endif %}.",
            "{%p for s in summary.strengths %}",
            "- {{ s }}",
            "{%p endfor %}",
            "{%p if ranking.by_vote and ranking.ballot and ranking.ballot.counted %}",
            f"Kết quả bỏ phiếu xếp hạng tại hội nghị bình xét thi đua {MEETING_DAY} ({BALLOT_COUNTS}):",
            "{%p for r in results %}",
            "- {{ r.unit.name }}: xếp thứ {{ r.rank }}, {{ r.votes }}/{{ ranking.ballot.valid }} phiếu bầu "
            '({{ r.vote_percent }}){{ ";" if not loop.last else "." }}',
            "{%p endfor %}",
            "{%p elif ranking.by_vote %}",
            "Chưa có kết quả bỏ phiếu xếp hạng hợp lệ: các đơn vị chưa được xếp hạng.",
            "{%p else %}",
            "Kết quả chấm điểm theo {{ rubric.title }}:",
            "{%p for r in results %}",
            "- {{ r.unit.name }}: {{ r.total }} điểm{% if r.rank %}, xếp thứ {{ r.rank }}{% endif %}"
            '{% if r.classification %}, xếp loại: {{ r.classification }}{% endif %}{{ ";" if not loop.last else "." }}',
            "{%p endfor %}",
            "{%p endif %}",
            *DEPARTED,
        ],
    )
    paragraph(doc, "II. ĐỀ NGHỊ KHEN THƯỞNG", HEADING)
    tag(doc, "{%p if awards %}")
    paragraph(
        doc,
        'Căn cứ {{ ("kết quả bỏ phiếu xếp hạng" ~ (" và bỏ phiếu đề nghị khen thưởng" if awards.ballot_recorded '
        'else "")) if ranking.by_vote else ("kết quả chấm điểm" ~ (" và bỏ phiếu bình xét" if '
        'awards.ballot_recorded else "")) }} tại hội nghị '
        f"{MEETING_DAY}, {{{{ cluster.name }}}} đề nghị khen thưởng {{{{ awards.proposed_count }}}} lượt đơn vị"
        '{{ "" if awards.ballot_recorded else " (chờ kết quả bỏ phiếu)" }}:',
    )
    proposals_table(doc)
    provisional_notes(doc)
    lines(
        doc,
        [
            "{%p if awards.government_flag_candidate %}",
            f"Đồng thời, {{{{ cluster.name }}}} giới thiệu {FLAG} để Hội đồng xem xét, trình Chủ tịch "
            f"{PEOPLES_COMMITTEE} đề nghị Thủ tướng Chính phủ tặng Cờ thi đua của Chính phủ.",
            "{%p endif %}",
        ],
    )
    tag(doc, "{%p else %}")
    paragraph(doc, "Kỳ này {{ cluster.name }} không đề nghị khen thưởng.")
    tag(doc, "{%p endif %}")
    enclosures(doc)
    paragraph(doc, f"{{{{ cluster.name }}}} kính trình Hội đồng Thi đua – Khen thưởng {COUNCIL_ASKS} quyết định./.")
    signature_block(doc)
    return doc


COMMITMENT = Row(
    [
        "{{ c.id }}",
        [
            "{{ c.text }}",
            "{%p if c.indicator %}",
            ("Chỉ số: {{ c.indicator }}", replace(CELL, italic=True)),
            "{%p endif %}",
        ],
        '{{ c.target or "—" }}',
    ]
)


def commitments_table(doc: WordDocument, rows: Sequence[Row | str]) -> None:
    """Commitments: id, text with its indicator, target."""
    data_table(doc, [Col("Mã", 28), Col("Nội dung cam kết", 99), Col("Mục tiêu", 38, CENTER)], rows)


def giao_uoc() -> WordDocument:
    doc = new_document()
    header_block(doc, numbered=False, place_date=SIGNING_PLACE_DATE)
    title_block(doc, ["Năm {{ period.year }}"])
    bases(doc)
    tag(doc, "{%p if covenant %}")
    paragraph(
        doc,
        'Hôm nay, {{ covenant.signing_date or "ngày … tháng … năm …" }}, tại {{ covenant.signing_place or "……" }}, '
        "các đơn vị thành viên {{ cluster.name }} gồm:",
    )
    tag(doc, "{%p else %}")
    paragraph(doc, "Các đơn vị thành viên {{ cluster.name }} gồm:")
    tag(doc, "{%p endif %}")
    data_table(
        doc,
        [Col("STT", 12, CENTER), Col("Đơn vị", 68), Col("Vai trò", 30), Col("Người đại diện", 55)],
        [
            "{%tr for u in cluster.members %}",
            Row(
                [
                    "{{ loop.index }}",
                    "{{ u.name }}",
                    "{{ u.role }}",
                    '{{ u.head_name or "……" }}{% if u.head_title %}, {{ u.head_title }}{% endif %}',
                ]
            ),
            "{%tr endfor %}",
        ],
    )
    paragraph(
        doc,
        "cùng thống nhất ký kết giao ước thi đua năm {{ period.year }} với các nội dung sau:",
        replace(BODY, before=6),
    )
    tag(doc, "{%p if covenant %}")
    paragraph(doc, "I. CAM KẾT CHUNG CỦA CÁC ĐƠN VỊ", HEADING)
    commitments_table(doc, ["{%tr for c in covenant.common %}", COMMITMENT, "{%tr endfor %}"])
    paragraph(doc, "II. CAM KẾT RIÊNG CỦA TỪNG ĐƠN VỊ", replace(HEADING, before=6))
    commitments_table(
        doc,
        [
            "{%tr for b in covenant.by_unit %}",
            Row(["{{ b.unit.name }}"], bold=True, span=True),
            "{%tr for c in b.commitments %}",
            COMMITMENT,
            "{%tr endfor %}",
            "{%tr endfor %}",
        ],
    )
    paragraph(doc, "III. CÁC PHONG TRÀO THI ĐUA", replace(HEADING, before=6))
    bullets(
        doc,
        "covenant.movements",
        "{{ x.name }}{% if x.launched_by %} ({{ x.launched_by }} phát động){% endif %}"
        "{% if x.note %}: {{ x.note }}{% endif %}",
    )
    tag(doc, "{%p else %}")
    paragraph(doc, "I. NỘI DUNG GIAO ƯỚC", HEADING)
    paragraph(
        doc,
        "{{ cluster.name }} chưa khai báo bản giao ước thi đua (tệp covenant.yaml): "
        f"các cam kết chung, cam kết riêng và phong trào thi đua: {GAP}",
    )
    tag(doc, "{%p endif %}")
    paragraph(doc, '{{ "IV" if covenant else "II" }}. TỔ CHỨC THỰC HIỆN', HEADING)
    lines(
        doc,
        [
            '{{ cluster.cum_truong.name if cluster.cum_truong else "……" }} ({{ cluster.group }} trưởng) chủ trì, '
            'phối hợp với {{ cluster.cum_pho.name if cluster.cum_pho else "……" }} ({{ cluster.group }} phó) theo dõi, '
            "đôn đốc việc thực hiện giao ước; tổ chức sơ kết 6 tháng, tổng kết năm"
            '{{ " và" if ranking.by_vote else ", chấm điểm và" }} bình xét thi đua '
            "theo Quy chế của {{ cluster.group }}.",
            "Các đơn vị thành viên tổ chức thực hiện các cam kết, báo cáo kết quả về {{ cluster.group }} trưởng "
            "đúng thời hạn.",
        ],
    )
    parties_signatures(doc, "Bản giao ước được lập thành … bản có giá trị như nhau, mỗi đơn vị giữ 01 bản.")
    return doc


CELL_MARGIN = 108 * 25.4 / 1440  # mm: Word's default left and right margin of a table cell


def parties_signatures(doc: WordDocument, closing: str) -> None:
    """The `closing` line of the text, then every party's head signs, two to a row (the unit, its head's title,
    room to sign, the head's name), and the Nơi nhận under them. All of it sits in the single row of a
    borderless table, a row that never splits, so that the signatures never stand on a page without text
    (LibreOffice ignores keep-with-next on a table)."""
    (block,) = layout_table(doc, (TEXT_WIDTH,))
    fill(
        block,
        [
            (closing, replace(BODY, keep_next=True)),
            ("ĐẠI DIỆN CÁC ĐƠN VỊ KÝ GIAO ƯỚC", replace(TITLE, before=12, after=6)),
        ],
        BODY,
    )
    half = (TEXT_WIDTH - 2 * CELL_MARGIN) / 2
    table = block.add_table(rows=0, cols=2)
    frame(table, (half, half), borders=False)
    for text in ("{%tr for pair in cluster.members|batch(2) %}", None, "{%tr endfor %}"):
        row = table.add_row()
        row_flags(row._tr, header=False)
        left, right = row.cells
        if text is not None:
            fill(left.merge(right), text, TAG)
            continue
        for cell, unit in ((left, "pair[0]"), (right, "pair[1]")):
            guard = "" if unit == "pair[0]" else "{% if pair|length > 1 %}"
            end = "" if unit == "pair[0]" else "{% endif %}"
            fill(
                cell,
                [
                    (f"{guard}{{{{ {unit}.name_upper }}}}{end}", replace(SIGN, size=13, before=12)),
                    f'{guard}{{{{ {unit}.head_title|upper or "THỦ TRƯỞNG ĐƠN VỊ" }}}}{end}',
                    *[""] * 3,
                    (f'{guard}{{{{ {unit}.head_name or "{GAP}" }}}}{end}', SIGN),
                ],
                replace(SIGN, before=0),
            )
    lines(block, RECIPIENTS, BLOCK)


def phieu_cham() -> WordDocument:
    doc = new_document()
    header_block(doc, numbered=False)
    title_block(doc, ["{{ period.title }}"])
    lines(
        doc,
        [
            ("Đơn vị: {{ unit.unit.name }}", replace(CENTERED, bold=True, before=6, after=0)),
            ("Bộ tiêu chí: {{ rubric.title }}", replace(CENTERED, italic=True, size=13, after=12)),
        ],
    )
    criterion = [
        "{{ c.code }}",
        "{{ c.title }}{% if c.scored_by %} ({{ c.scored_by }} chấm){% endif %}",
        "{{ c.max }}",
        "{{ c.self }}",
        '{{ c.points if c.assigned else "Không giao" }}',
        '{{ c.evidence|join("; ") }}',
    ]
    table_variants(
        doc,
        [
            Col("Mã", 15),
            Col("Tiêu chí", 58),
            Col("Điểm tối đa", 15, NUM),
            Col("Điểm tự chấm", 16, NUM, when=SELF_SCORED),
            Col("Điểm đạt", 15, NUM),
            Col("Tài liệu kiểm chứng", 46),
        ],
        [
            "{%tr for c in criteria %}",
            "{%tr if c.level == 0 %}",
            Row(criterion, bold=True),
            "{%tr else %}",
            Row(criterion),
            "{%tr endif %}",
            "{%tr endfor %}",
        ],
        size=11,
    )
    paragraph(doc, "", SPACER)
    lines(
        doc,
        [
            f"{{%p if {SELF_SCORED} %}}",
            "Tổng điểm tự chấm: {{ unit.self_total }}",
            "{%p endif %}",
            "{%p for s in unit.by_scorer %}",
            "{{ s.name }} chấm: {{ s.points }} điểm{% if s.bonus %}, điểm thưởng {{ s.bonus }}{% endif %}",
            "{%p endfor %}",
            "Điểm thưởng: {{ unit.bonus }}; điểm trừ: {{ unit.penalty }}",
            "{%p if unit.scale_note %}",
            "{{ unit.scale_note }}",
            "{%p endif %}",
            ("Tổng điểm đạt: {{ unit.total }}", replace(BODY, bold=True)),
            f"{{%p if {CLASSIFIED} %}}",
            "Xếp loại: {{ unit.classification }}{% if not period.is_year %} (tạm tính){% endif %}",
            "{%p endif %}",
            'Thứ hạng: {{ unit.rank or "—" }}',
            "Cam kết giao ước: đạt {{ unit.commitments_met }}/{{ unit.commitments_total }}"
            '{% if unit.commitments_behind %}; chưa đạt: {{ unit.commitments_behind|map(attribute="text")|join("; ") }}'
            "{% endif %}",
            "{%p for n in unit.notes %}",
            ("Lưu ý: {{ n }}.", replace(BODY, italic=True)),
            "{%p endfor %}",
        ],
    )
    signature_spacer(doc)
    unit_side, cluster_side = layout_table(doc, SIGNATURE_WIDTHS)
    fill(
        unit_side,
        [
            "ĐẠI DIỆN ĐƠN VỊ",
            '{{ unit.unit.head_title|upper or "THỦ TRƯỞNG ĐƠN VỊ" }}',
            *[""] * 4,
            f'{{{{ unit.unit.head_name or "{GAP}" }}}}',
        ],
        SIGN,
    )
    fill(cluster_side, SIGNER, SIGN)
    recipients_below(doc)
    return doc


# ----- the bình xét kit: ballot papers, the Ban kiểm phiếu's minutes, the chair's sheet ---------------------

# The vote rule as Quy chế words it: "trên 1/2 tổng số thành viên (6)", "từ 1/2 … trở lên".
VOTE_RULE = (
    '{{ "trên" if kit.rule.above else "từ" }} {{ kit.rule.threshold }} {{ kit.rule.basis }}'
    '{{ "" if kit.rule.above else " trở lên" }}'
)
KIT_MEETING_DAY = '{{ period.meeting.date_long if period.meeting else "ngày … tháng … năm …" }}'


def without_page_numbers(doc: WordDocument) -> None:
    """A ballot paper carries no number of any kind: a number on a secret ballot could tell who cast it."""
    header = doc.sections[0].header
    for field in header._element.iter(qn("w:fldSimple")):
        field.getparent().remove(field)


def ballot_instructions(doc: WordDocument) -> None:
    """How to mark the paper, and which papers are not valid (the ranking ballot: as many units as declared)."""
    lines(
        doc,
        [
            "{%p if paper.ranking %}",
            "Đánh dấu X vào ô «Bầu» của đơn vị mà đồng chí đề nghị dẫn đầu {{ cluster.group }}"
            '{{ ", không quá " ~ kit.ranking.choices ~ " đơn vị" if kit.ranking.choices }}; mỗi đơn vị chỉ đánh dấu '
            "một lần.",
            "Phiếu không hợp lệ: phiếu không theo mẫu do Ban kiểm phiếu phát ra"
            '{{ ", phiếu bầu quá " ~ kit.ranking.choices ~ " đơn vị" if kit.ranking.choices }}, phiếu ghi thêm tên '
            "hoặc ký hiệu khác.",
            "{%p else %}",
            "Đối với mỗi đơn vị, đánh dấu X vào một trong hai ô «Đồng ý» hoặc «Không đồng ý».",
            "Phiếu không hợp lệ: phiếu không theo mẫu do Ban kiểm phiếu phát ra, phiếu ghi thêm tên hoặc ký hiệu "
            "khác; ở một đơn vị, đánh dấu cả hai ô hoặc không đánh dấu ô nào thì phiếu không hợp lệ đối với đơn "
            "vị đó.",
            "{%p endif %}",
        ],
        replace(BODY, italic=True, size=13),
    )


def phieu_bau() -> WordDocument:
    """One copy per page, as many copies as attendees: the award's candidates in the order proposed (or every
    unit, on the ranking ballot), boxes to mark, no signature, no number."""
    doc = new_document()
    without_page_numbers(doc)
    tag(doc, "{%p for copy in paper.copies %}")
    lines(doc, ["{%p if not loop.first %}", ("", replace(SPACER, page_break=True)), "{%p endif %}"])
    header_block(doc, numbered=False)
    title_block(
        doc,
        [
            "{%p if paper.ranking %}",
            "Xếp hạng thi đua năm {{ period.year }}",
            "{%p else %}",
            "Đề nghị tặng {{ paper.award.name }} năm {{ period.year }}",
            "{%p endif %}",
        ],
    )
    ballot_instructions(doc)
    tag(doc, "{%p if paper.ranking %}")
    data_table(
        doc,
        [Col("STT", 15, CENTER), Col("Tên đơn vị", 115), Col("Bầu", 35, CENTER)],
        [
            "{%tr for u in kit.ranking.units %}",
            Row(["{{ u.number }}", "{{ u.unit.name }}", ""]),
            "{%tr endfor %}",
        ],
        size=13,
    )
    tag(doc, "{%p else %}")
    data_table(
        doc,
        [Col("STT", 15, CENTER), Col("Tên đơn vị", 80), Col("Đồng ý", 35, CENTER), Col("Không đồng ý", 35, CENTER)],
        [
            "{%tr for c in paper.award.candidates %}",
            Row(["{{ c.number }}", "{{ c.unit.name }}", "", ""]),
            "{%tr endfor %}",
        ],
        size=13,
    )
    tag(doc, "{%p endif %}")
    paragraph(doc, "(Phiếu bầu kín: không ký, không ghi tên người bầu.)", replace(CENTERED, italic=True, size=12))
    tag(doc, "{%p endfor %}")
    return doc


COUNT_COLUMNS = (
    Col("STT", 12, CENTER),
    Col("Đơn vị", 50),
    Col("Phát ra/ thu về", 21, CENTER),
    Col("Hợp lệ/ không hợp lệ", 22, CENTER),
    Col("Đồng ý/ không đồng ý", 22, CENTER),
    Col("Tỉ lệ đồng ý", 18, NUM),
    Col("Kết quả", 20, CENTER),
)


def counted(value: str) -> str:
    """A count from the ballot file, or the placeholder the Ban fills by hand."""
    return f'{{{{ {value} or "……" }}}}'


def ranking_counts(doc: WordDocument) -> None:
    """The ranking ballot of a cluster ranked by vote: the papers, then the votes of each unit."""
    r = "kit.ranking"
    paragraph(doc, "{{ counting.section }}. Phiếu xếp hạng", HEADING)
    paragraph(
        doc,
        f"Số phiếu phát ra: {counted(r + '.issued')}; số phiếu thu về: {counted(r + '.returned')}; số phiếu hợp "
        f"lệ: {counted(r + '.valid')}; số phiếu không hợp lệ: {counted(r + '.invalid')}. "
        f'Mỗi phiếu bầu {{{{ "không quá " ~ {r}.choices ~ " đơn vị" if {r}.choices else "các đơn vị" }}}}'
        ", mỗi đơn vị nhiều nhất một lần. Số phiếu bầu của từng đơn vị:",
    )
    data_table(
        doc,
        [Col("STT", 15, CENTER), Col("Tên đơn vị", 110), Col("Số phiếu bầu", 40, CENTER)],
        [
            f"{{%tr for u in {r}.units %}}",
            Row(["{{ u.number }}", "{{ u.unit.name }}", counted("u.votes")]),
            "{%tr endfor %}",
        ],
    )


def award_counts(doc: WordDocument) -> None:
    """Each award put to the vote: per unit, the papers issued, returned, valid and not, the votes, the share
    and the result under the declared rule."""
    lines(
        doc,
        [
            "{%p for a in kit.awards if a.candidates %}",
            ("{{ counting.section + loop.index0 }}. Phiếu bầu {{ a.name }} (chỉ tiêu: {{ a.quota }})", HEADING),
        ],
    )
    data_table(
        doc,
        COUNT_COLUMNS,
        [
            "{%tr for v in a.counts %}",
            Row(
                [
                    "{{ v.number }}",
                    "{{ v.unit.name }}",
                    counted("v.issued") + "/" + counted("v.returned"),
                    counted("v.valid") + "/" + counted("v.invalid"),
                    counted("v.in_favour") + "/" + counted("v.against"),
                    counted("v.percent"),
                    counted("v.result"),
                ]
            ),
            "{%tr endfor %}",
        ],
        size=11,
    )
    lines(
        doc,
        [
            "Mẫu số: {{ a.counts[0].basis }}; đơn vị đạt khi có từ {{ a.counts[0].needed }} phiếu đồng ý trở lên.",
            "{%p endfor %}",
        ],
    )


def counting_signatures(doc: WordDocument) -> None:
    """The members of the Ban kiểm phiếu (left) and its trưởng ban (right), names bold; "……" when not declared."""
    paragraph(doc, "", replace(SPACER, keep_next=True))
    members, head = layout_table(doc, SIGNATURE_WIDTHS)
    fill(
        members,
        [
            "CÁC THÀNH VIÊN",
            "{%p for m in (period.meeting.counting_board if period.meeting else []) if not m.head %}",
            *[""] * 3,
            "{{ m.name }}",
            "{%p else %}",
            *[""] * 3,
            GAP,
            *[""] * 3,
            GAP,
            "{%p endfor %}",
        ],
        SIGN,
    )
    fill(
        head,
        [
            "TRƯỞNG BAN KIỂM PHIẾU",
            *[""] * 3,
            "{% for m in (period.meeting.counting_board if period.meeting else []) if m.head %}{{ m.name }}"
            f"{{% else %}}{GAP}{{% endfor %}}",
        ],
        SIGN,
    )


def bien_ban_kiem_phieu() -> WordDocument:
    """The Ban kiểm phiếu's minutes: who counted, when and where, the counts of each paper from the ballot
    file (or "……" to fill by hand), the result of each vote under the declared rule, their signatures."""
    doc = new_document()
    header_block(doc, numbered=False)
    title_block(doc, ["Kiểm phiếu bình xét thi đua năm {{ period.year }}"])
    lines(
        doc,
        [
            f"Vào hồi … giờ … phút, {KIT_MEETING_DAY}, tại "
            '{{ period.meeting.place if period.meeting and period.meeting.place else "……" }}, Ban kiểm phiếu do '
            "Hội nghị bình xét thi đua năm {{ period.year }} của {{ cluster.name }} bầu ra gồm:",
            "{%p for m in (period.meeting.counting_board if period.meeting else []) %}",
            '- {{ m.name }}{{ ", " ~ m.title if m.title }}{{ " " ~ m.unit.name if m.unit }}: '
            '{{ "Trưởng ban" if m.head else "Thành viên" }}{{ ";" if not loop.last else "." }}',
            "{%p else %}",
            f"- {GAP}: Trưởng ban;",
            f"- {GAP}: Thành viên;",
            f"- {GAP}: Thành viên.",
            "{%p endfor %}",
            "Ban kiểm phiếu đã tiến hành kiểm phiếu bầu kín. Tổng số thành viên {{ cluster.name }}: "
            "{{ kit.rule.members }}; số thành viên dự họp: " + counted("kit.rule.present") + ". Theo Quy chế, "
            f"đơn vị được đề nghị khi có số phiếu đồng ý {VOTE_RULE}.",
            "{%p set counting = namespace(section=1) %}",
            "{%p if kit.ranking %}",
        ],
    )
    ranking_counts(doc)
    lines(doc, ["{%p set counting.section = 2 %}", "{%p endif %}"])
    award_counts(doc)
    lines(
        doc,
        [
            (
                "Biên bản kết thúc vào hồi … giờ … phút cùng ngày, được công bố trước Hội nghị và gửi kèm Biên bản "
                "họp bình xét thi đua.",
                replace(BODY, keep_next=True),
            ),
        ],
    )
    counting_signatures(doc)
    recipients_below(doc)
    return doc


def chair_award(doc: WordDocument) -> None:
    """An award on the chair's sheet: its quota, the proposals in order with the votes each needs, who is
    offered next should a vote fail, and a tie the meeting decides."""
    lines(
        doc,
        [
            "{%p for a in kit.awards %}",
            ("{{ loop.index + 2 }}. {{ a.name }} ({{ a.kind }}; chỉ tiêu: {{ a.quota }})", HEADING),
        ],
    )
    data_table(
        doc,
        [
            Col("STT", 12, CENTER),
            Col("Đơn vị được đề nghị", 58),
            Col("Hạng", 15, CENTER),
            Col("Phiếu đồng ý cần có", 22, CENTER),
            Col("Mẫu số", 30),
            Col("Tình trạng", 28, CENTER),
        ],
        [
            "{%tr for p in a.proposals %}",
            Row(
                [
                    "{{ p.number }}",
                    "{{ p.unit.name }}{% if p.replaces %} (thay cho {{ p.replaces.name }}){% endif %}",
                    "{{ p.rank }}",
                    '{{ p.needed if p.voted else "Không bỏ phiếu" }}',
                    "{{ p.basis }}",
                    "{{ p.status }}",
                ]
            ),
            "{%tr else %}",
            Row(
                [
                    '{{ "Chờ kết quả phiếu xếp hạng." if kit.ranking and not (ranking.ballot and '
                    'ranking.ballot.counted) else ("Chưa xác định: Hội nghị quyết định giữa các đơn vị đồng hạng '
                    '(dưới đây)." if a.tie_at_quota else "Không có đơn vị đủ điều kiện để đề nghị.") }}'
                ],
                span=True,
            ),
            "{%tr endfor %}",
        ],
    )
    lines(
        doc,
        [
            "{%p if a.tie_at_quota %}",
            'Đồng hạng ở ngưỡng chỉ tiêu: {{ a.tie_at_quota|map(attribute="name")|join(", ") }}; Hội nghị xem xét, '
            "quyết định.",
            "{%p endif %}",
            "{%p if not a.proposals or not a.requires_vote %}",
            "{%p elif a.reserves %}",
            "Nếu một đơn vị không đủ số phiếu đồng ý, lần lượt đề nghị:",
            "{%p for r in a.reserves %}",
            '- {{ r.unit.name }} (hạng {{ r.rank }}){{ ";" if not loop.last else "." }}',
            "{%p endfor %}",
            "{%p else %}",
            "Không còn đơn vị đủ điều kiện để đề nghị thay nếu một đơn vị không đủ số phiếu đồng ý.",
            "{%p endif %}",
            "{%p endfor %}",
        ],
    )


def ghi_nho_chu_tri() -> WordDocument:
    """Not an official document (no số, no signature): what the chair needs at hand during the bình xét."""
    doc = new_document()
    lines(
        doc,
        [
            ("{{ cluster.host_body }}", replace(BLOCK, align=LEFT)),
            ("{{ cluster.name_upper }}", replace(SIGN, size=13, align=LEFT)),
        ],
    )
    title_block(doc, ["Điều hành bình xét thi đua năm {{ period.year }}"])
    paragraph(
        doc,
        f"(Tài liệu phục vụ người chủ trì Hội nghị {KIT_MEETING_DAY}; không phải văn bản ban hành.)",
        replace(CENTERED, italic=True, size=13),
    )
    paragraph(doc, "1. Túc số", HEADING)
    lines(
        doc,
        [
            "{{ cluster.name }} có {{ kit.rule.members }} thành viên. Hội nghị chỉ bỏ phiếu khi có ít nhất "
            "{{ kit.rule.quorum_needed }}/{{ kit.rule.members }} thành viên dự họp (từ {{ kit.rule.quorum }} tổng "
            "số thành viên trở lên).",
            "{%p if kit.rule.present %}",
            "Số thành viên dự họp: {{ kit.rule.present }}; "
            '{{ "đủ túc số." if kit.rule.quorum_met else "chưa đủ túc số: không bỏ phiếu." }}',
            "{%p else %}",
            f"Số thành viên dự họp: {GAP} (kiểm tra trước khi bỏ phiếu).",
            "{%p endif %}",
        ],
    )
    paragraph(doc, "2. Quy tắc bỏ phiếu", HEADING)
    lines(
        doc,
        [
            f"Đơn vị được đề nghị khi có số phiếu đồng ý {VOTE_RULE}. In {{{{ kit.copies }}}} phiếu bầu cho mỗi lần "
            "bỏ phiếu.",
            "{%p if kit.ranking %}",
            "Bỏ phiếu xếp hạng trước: mỗi phiếu bầu "
            '{{ "không quá " ~ kit.ranking.choices ~ " đơn vị" if kit.ranking.choices else "các đơn vị" }}; thứ '
            "hạng theo số phiếu bầu quyết định các đơn vị được đề nghị dưới đây "
            '({{ "đã kiểm phiếu" if ranking.ballot and ranking.ballot.counted else "danh sách dưới đây còn chờ kết '
            'quả phiếu xếp hạng" }}).',
            "{%p endif %}",
        ],
    )
    chair_award(doc)
    return doc


DOCUMENTS: dict[str, tuple[str, Callable[[], WordDocument]]] = {
    "bao-cao.docx": ("Báo cáo sơ kết, tổng kết công tác thi đua, khen thưởng", bao_cao),
    "bien-ban.docx": ("Biên bản họp bình xét thi đua", bien_ban),
    "to-trinh.docx": ("Tờ trình đề nghị khen thưởng", to_trinh),
    "giao-uoc.docx": ("Bản giao ước thi đua", giao_uoc),
    "phieu-cham.docx": ("Phiếu chấm điểm thi đua", phieu_cham),
    "phieu-bau.docx": ("Phiếu bầu", phieu_bau),
    "bien-ban-kiem-phieu.docx": ("Biên bản kiểm phiếu", bien_ban_kiem_phieu),
    "ghi-nho-chu-tri.docx": ("Ghi nhớ cho chủ trì Hội nghị bình xét", ghi_nho_chu_tri),
}


def main() -> int:
    for name, (title, build) in DOCUMENTS.items():
        path = OUT / name
        save(build(), path, title)
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

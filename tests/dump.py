"""Text dumps of generated documents, for golden files: what a reader sees, not the zip's bytes."""

from __future__ import annotations

import re
from pathlib import Path


def dump(path: Path) -> str:
    if path.suffix == ".docx":
        return dump_docx(path)
    if path.suffix == ".xlsx":
        return dump_xlsx(path)
    if path.suffix == ".html":
        return dump_html(path)
    return path.read_text(encoding="utf-8")


def dump_docx(path: Path) -> str:
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = Document(str(path))
    lines: list[str] = []
    section = document.sections[0]
    for label, part in (("first-page header", section.first_page_header), ("header", section.header)):
        text = " ".join(p.text for p in part.paragraphs if p.text.strip())
        fields = "PAGE field" if re.search(r'instr="\s*PAGE\s*"', part._element.xml) else ""
        lines.append(" ".join(part for part in (f"[{label}]", text, fields) if part))
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            if block.text.strip():
                lines.append(block.text)
        elif isinstance(block, Table):
            lines.extend(_table(block))
    return "\n".join(lines) + "\n"


def _table(table: object) -> list[str]:
    """One line per row; a table nested in a cell follows its row, indented."""
    rows = []
    for row in table.rows:  # type: ignore[attr-defined]
        cells: list[str] = []
        nested: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" / ".join(p.text for p in cell.paragraphs if p.text.strip()))
            nested += ["  " + line for inner in cell.tables for line in _table(inner)]
        rows.append("| " + " | ".join(cells) + " |")
        rows += nested
    return rows


def dump_xlsx(path: Path) -> str:
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    lines: list[str] = []
    for sheet in workbook.worksheets:
        lines.append(
            f"== {sheet.title} (freeze {sheet.freeze_panes}, paper {sheet.page_setup.paperSize}, "
            f"{sheet.page_setup.orientation}, fit width {sheet.page_setup.fitToWidth})"
        )
        for row in sheet.iter_rows():
            cells = [f"{c.coordinate}={c.value!r}" for c in row if c.value is not None]
            if cells:
                lines.append("  ".join(cells))
    return "\n".join(lines) + "\n"


def dump_html(path: Path) -> str:
    """The page as a reader sees it: its visible text line by line (the SVG's texts included, the hover titles,
    the style and the script left out), then how many of each SVG element every chart draws."""
    from collections import Counter
    from html.parser import HTMLParser

    class Reader(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.lines: list[str] = []
            self.skip = 0
            self.chart: str | None = None
            self.counts: dict[str, Counter[str]] = {}

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in ("style", "script", "title"):
                self.skip += 1
            if tag == "svg":
                self.chart = dict(attrs).get("id") or "svg"
                self.counts[self.chart] = Counter()
            elif self.chart is not None:
                self.counts[self.chart][tag] += 1

        def handle_endtag(self, tag: str) -> None:
            if tag in ("style", "script", "title"):
                self.skip -= 1
            if tag == "svg":
                self.chart = None

        def handle_data(self, data: str) -> None:
            text = " ".join(data.split())
            if text and not self.skip:
                self.lines.append(text)

    reader = Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    counts = [
        f"[svg {chart}] " + ", ".join(f"{tag} {count}" for tag, count in sorted(tags.items()))
        for chart, tags in reader.counts.items()
    ]
    return "\n".join([*reader.lines, *counts]) + "\n"

"""The short rules of Nghị định 30/2020: under the tên loại and trích yếu, and under the issuing body's name, a
centred line one third to one half as long as the line above it.

That line is known only once the document is rendered (the period's title, the cluster's name), so the rule is
sized then: a template's rule is an empty, centred paragraph with a top border, right under the line it
underlines; its indents are set so that the border is `rule_length` of that line, as Times New Roman sets it."""

from __future__ import annotations

import unicodedata
from typing import Any

from .font_widths import BOLD, REGULAR, UNITS_PER_EM

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CELL_MARGIN = 108  # twips: Word's default left and right cell margin (0,19 cm)
_OFF = {"0", "false", "off"}


def text_width(text: str, size: float, bold: bool) -> float:
    """The width in points of `text` in Times New Roman of `size` points, on one line."""
    table = BOLD if bold else REGULAR
    return sum(_advance(char, table) for char in unicodedata.normalize("NFC", text)) * size / UNITS_PER_EM


def _advance(char: str, table: dict[str, int]) -> int:
    if char in table:
        return table[char]
    base = unicodedata.normalize("NFD", char)[:1]  # a letter with marks the table lacks: its base letter
    return table.get(base, table["0"])


def rule_length(line: float, room: float) -> float:
    """The length of the rule under a line `line` long, in a space `room` wide (any one unit): two fifths of the
    line as set, within the decree's one third to one half. A line longer than the room wraps: its longest
    line is then the room."""
    shown = min(line, room)
    return min(max(shown * 2 / 5, shown / 3), shown / 2)


def fit_rules(root: Any, default_size: float) -> bool:
    """Size every rule of a rendered document part (an lxml tree) to the line above it; True if any was."""
    body = root.find(f"{_W}body")
    page = _text_width(body) if body is not None else None
    if page is None:
        return False
    changed = False
    for par in root.iter(f"{_W}p"):
        above = par.getprevious()
        if not _is_rule(par) or above is None or above.tag != f"{_W}p":
            continue
        line = sum(_run_width(run, default_size) for run in above.iter(f"{_W}r")) * 20  # points to twips
        room = _room(par, page)
        if line <= 0 or room <= 0:
            continue
        side = round((room - rule_length(line, room)) / 2)
        indent = par.find(f"{_W}pPr/{_W}ind")
        if indent is None:
            indent = par.makeelement(f"{_W}ind", {})
            par.find(f"{_W}pPr/{_W}jc").addprevious(indent)  # the schema's order: w:ind before w:jc
        indent.set(f"{_W}left", str(side))
        indent.set(f"{_W}right", str(side))
        changed = True
    return changed


def _is_rule(par: Any) -> bool:
    props = par.find(f"{_W}pPr")
    if props is None or props.find(f"{_W}pBdr/{_W}top") is None:
        return False
    centred = props.find(f"{_W}jc")
    has_text = any((t.text or "").strip() for t in par.iter(f"{_W}t"))
    return centred is not None and centred.get(f"{_W}val") == "center" and not has_text


def _run_width(run: Any, default_size: float) -> float:
    text = "".join(t.text or "" for t in run.iter(f"{_W}t"))
    size = run.find(f"{_W}rPr/{_W}sz")
    bold = run.find(f"{_W}rPr/{_W}b")
    points = int(size.get(f"{_W}val")) / 2 if size is not None else default_size
    is_bold = bold is not None and bold.get(f"{_W}val", "1").lower() not in _OFF
    return text_width(text, points, is_bold)


def _text_width(body: Any) -> int | None:
    """Twips between the margins of the body's (last) section."""
    section = body.find(f"{_W}sectPr")
    size = section.find(f"{_W}pgSz") if section is not None else None
    margins = section.find(f"{_W}pgMar") if section is not None else None
    if size is None or margins is None:
        return None
    return int(size.get(f"{_W}w")) - int(margins.get(f"{_W}left")) - int(margins.get(f"{_W}right"))


def _room(par: Any, page: int) -> int:
    """The width a paragraph may take: its table cell's, less the cell margins, or the page's text width."""
    cell = next(par.iterancestors(f"{_W}tc"), None)
    if cell is None:
        return page
    width = cell.find(f"{_W}tcPr/{_W}tcW")
    if width is None or width.get(f"{_W}type") != "dxa":
        return page
    return int(width.get(f"{_W}w")) - 2 * _CELL_MARGIN


def default_size(styles: bytes | None) -> float:
    """The font size in points of a run without its own: the Normal style's, else the document defaults', else
    Word's 10 points."""
    from lxml import etree

    if styles is None:
        return 10.0
    root = etree.fromstring(styles)
    for path in (
        f"{_W}style[@{_W}type='paragraph'][@{_W}default='1']/{_W}rPr/{_W}sz",
        f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr/{_W}sz",
    ):
        size = root.find(path)
        if size is not None:
            return int(size.get(f"{_W}val")) / 2
    return 10.0

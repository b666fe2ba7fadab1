"""The one writer of emul's CSV outputs (`score --format csv`, `score --excel`, `history --format csv`)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from ..errors import InternalError
from ..text.formula import looks_like_formula
from ..text.numbers import Numbers

_FIGURE = re.compile(r"-?[0-9]+(\.[0-9]+)?")


@dataclass(frozen=True)
class Figure:
    """A number emul formatted for a CSV: a total '97.84', a change '-1.50', a share. Only digits, a point and a
    leading minus: built from emul's own exact values, never from text a person typed."""

    text: str

    def __post_init__(self) -> None:
        if not _FIGURE.fullmatch(self.text):
            raise InternalError(f"a CSV figure is a plain number, not {self.text!r}")

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Label:
    """A header or a value said two ways: a stable code for programs ('rank', 'true', 'below-floor') and the
    Vietnamese words an officer reads in Excel ('Hạng', 'có', 'dưới ngưỡng')."""

    code: str
    words: str


Cell = str | int | Figure | Label


@dataclass(frozen=True)
class Dialect:
    delimiter: str
    decimal_comma: bool
    words: bool  # a Label in Vietnamese words rather than its code
    bom: bool
    line_end: str


PLAIN = Dialect(delimiter=",", decimal_comma=False, words=False, bom=False, line_end="\n")
# What Excel with Vietnamese regional settings opens with a double-click: the list separator ';', the decimal
# comma, UTF-8 recognised by its byte order mark, Windows line ends.
EXCEL_VI = Dialect(delimiter=";", decimal_comma=True, words=True, bom=True, line_end="\r\n")


# A column that leads every table written in its scope (with many clusters: the cluster's folder), header first.
_LEAD: ContextVar[tuple[str, str] | None] = ContextVar("csv_lead", default=None)


@contextmanager
def led_by(name: str, value: str) -> Iterator[None]:
    """Every CSV written inside starts with a column `name` (its header) holding `value` (text: neutralised as
    any text is)."""
    token = _LEAD.set((name, value))
    try:
        yield
    finally:
        _LEAD.reset(token)


def csv_text(rows: Sequence[Sequence[Cell]], dialect: Dialect = PLAIN) -> str:
    """The rows as CSV, safe to open in a spreadsheet.

    An int (a rank, a count of votes) and a Figure (a number emul formatted, which may begin with '-') are
    written as they are: emul made them from its exact values, and a spreadsheet must read them as numbers.
    Every other cell is text — a unit's name, an id, a code, a header — and when it looks like a formula
    (text/formula.py: =, +, -, @, a tab or a carriage return, also after leading spaces, as in '  =1+1') it is
    prefixed with an apostrophe, as OWASP advises for CSV injection, so the spreadsheet shows it as text and
    never runs it. A number that reaches the CSV as text (a unit named '-1.5') is neutralised too: only
    emul's own figures are trusted. The dialect says how the figures, the labels and the lines are written."""
    lead = _LEAD.get()
    if lead is not None and rows:
        rows = [[lead[0], *rows[0]], *([lead[1], *row] for row in rows[1:])]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=dialect.delimiter, lineterminator=dialect.line_end)
    writer.writerows([[_written(cell, dialect) for cell in row] for row in rows])
    return ("\ufeff" if dialect.bom else "") + buffer.getvalue()


def _written(cell: Cell, dialect: Dialect) -> str | int:
    if isinstance(cell, Figure):  # emul's own figure: trusted, never taken for a formula
        return Numbers(comma=dialect.decimal_comma).mark(cell.text)
    if isinstance(cell, Label):
        return _safe(cell.words if dialect.words else cell.code)
    return _safe(cell) if isinstance(cell, str) else cell


def _safe(text: str) -> str:
    return "'" + text if looks_like_formula(text) else text

"""The one writer of emul's CSV outputs (`score --format csv`, `history --format csv`)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import InternalError
from ..text.formula import looks_like_formula

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


Cell = str | int | Figure


def csv_text(rows: Sequence[Sequence[Cell]]) -> str:
    """The rows as CSV, safe to open in a spreadsheet.

    An int (a rank, a count of votes) and a Figure (a number emul formatted, which may begin with '-') are
    written as they are: emul made them from its exact values, and a spreadsheet must read them as numbers.
    Every other cell is text — a unit's name, an id, a code, a header — and when it looks like a formula
    (text/formula.py: =, +, -, @, a tab or a carriage return, also after leading spaces, as in '  =1+1') it is
    prefixed with an apostrophe, as OWASP advises for CSV injection, so the spreadsheet shows it as text and
    never runs it. A number that reaches the CSV as text (a unit named '-1.5') is neutralised too: only
    emul's own figures are trusted."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([[_safe(cell) for cell in row] for row in rows])
    return buffer.getvalue()


def _safe(cell: Cell) -> str | int | Figure:
    if isinstance(cell, str) and looks_like_formula(cell):
        return "'" + cell
    return cell

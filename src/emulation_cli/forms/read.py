"""Reading a returned form: identify it, compare every protected cell with what was sent, read the inputs.

Files come from outside: the file is looked at before it is loaded (forms/package.py), macros and external
links are not loaded, XML is parsed with defusedxml (openpyxl uses it when it is installed), and no formula's
cached value is ever read."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import FormRefused
from ..i18n import _
from ..model.rubric import PriorAwardMethod
from ..text.formula import looks_like_formula
from ..validation.project import Project
from .layout import (
    COMMITMENT_EVIDENCE_COLUMN,
    COMMITMENT_FIXED,
    COMMITMENTS_SHEET,
    CRITERIA_FIXED,
    CRITERIA_SHEET,
    EVIDENCE_COLUMN,
    FACT_COLUMN,
    FIGURE_RANGE,
    FIRST_ROW,
    FORM_SCHEMA,
    ID_SHEET,
    IDENTITY_ROWS,
    MAX_COUNT,
    MAX_EVIDENCE_CHARS,
    MAX_NAME_CHARS,
    MAX_SHEET_ROWS,
    NO,
    PREPARED_COLUMN,
    PREPARED_LABELS,
    RESULT_COLUMN,
    SELF_COLUMN,
    UNSEALED_SCHEMAS,
    YES,
    CriterionRow,
    cell_ref,
    column_letter,
    commitment_needs_value,
    criterion_rows,
    prepared_first_row,
    unit_commitments,
)
from .package import check_package
from .seal import KEY_FILE, seal_matches
from .write import commitment_fixed_cells, criteria_fixed_cells

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

MAX_PROBLEMS = 100
# Digits, with a decimal point or comma: no exponent, no grouping, no NaN or infinity.
_PLAIN_NUMBER = re.compile(r"^-?[0-9]+([.,][0-9]+)?$")


@dataclass(frozen=True)
class Problem:
    sheet: str
    cell: str
    message: str
    warning: bool = False  # told, but the form is imported all the same


@dataclass
class CriterionInput:
    covers_self: bool = True  # False for a computed criterion: the form has no self score for it
    self_score: Decimal | None = None
    fact: tuple[str, object] | None = None
    evidence: list[str] = field(default_factory=list)


@dataclass
class CommitmentInput:
    has_target: bool = True  # the form asks for `actual` when the commitment has a target, else for `done`
    actual: Decimal | None = None
    done: bool | None = None
    evidence: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Prepared:
    """Who filled the form in (name, title) and when."""

    by: str
    title: str | None
    day: date


@dataclass
class FormData:
    unit: str
    period: str
    criteria: dict[str, CriterionInput]
    commitments: dict[str, CommitmentInput]
    prepared: Prepared | None = None

    @property
    def blank(self) -> bool:
        """Nothing entered in any input cell: no self score, figure, result or evidence."""
        criteria = (c.self_score is not None or c.fact is not None or c.evidence for c in self.criteria.values())
        commitments = (c.actual is not None or c.done is not None or c.evidence for c in self.commitments.values())
        return not any(criteria) and not any(commitments)


def read_form(path: Path, project: Project, key: bytes) -> tuple[FormData | None, list[Problem]]:
    """The form's inputs, or None with the problems; `key` is the cluster's, which sealed the forms it sent."""
    workbook = _open(path)
    identity = _identity(workbook)
    unit, period = _check_identity(identity, project, key)
    problems: list[Problem] = []
    _check_covenant(identity, project, unit, period)
    criteria = _criteria(workbook, project, problems)
    commitments = _commitments(workbook, project, unit, period, problems)
    prepared = _prepared(workbook, project, problems)
    form = FormData(unit, period, criteria, commitments, prepared)
    if form.blank:
        problems.append(_blank_form(project))
    refused = any(not problem.warning for problem in problems)
    return (None if refused else form), problems[:MAX_PROBLEMS]


def _blank_form(project: Project) -> Problem:
    """A form sent back as it was sent out: imported all the same (the unit may truly have nothing), but told."""
    column = SELF_COLUMN if project.points_rubric.model.self_scored else FACT_COLUMN
    message = _(
        "the form is blank: no self score, figure, result or evidence was entered; the unit may have sent back "
        "the form it received"
    )
    return Problem(CRITERIA_SHEET, cell_ref(column, FIRST_ROW), message, warning=True)


def _check_covenant(identity: dict[str, str], project: Project, unit: str, period: str) -> None:
    """A covenant changed since the form was made is not the unit's doing: say so rather than blame its cells."""
    from .layout import fingerprint

    commitments = unit_commitments(project, unit, period)
    written = commitment_fixed_cells(commitments)
    if identity.get("commitment_rows") != fingerprint(written):
        raise FormRefused(_("the covenant changed since this form was made; send the unit a new form ('emul forms')"))


# ----- opening and identity -------------------------------------------------------------------------------
def _open(path: Path) -> Any:
    from openpyxl import load_workbook

    check_package(path)
    try:
        return load_workbook(path, data_only=False, keep_vba=False, keep_links=False, rich_text=False)
    except Exception as exc:  # openpyxl raises many kinds on a damaged or foreign file
        raise FormRefused(_("the Excel file cannot be read ({reason})").format(reason=type(exc).__name__)) from exc


def _identity(workbook: Any) -> dict[str, str]:
    if ID_SHEET not in workbook.sheetnames:
        raise FormRefused(_("not a form written by 'emul forms' (its identification sheet is missing)"))
    sheet = workbook[ID_SHEET]
    values: dict[str, str] = {}
    for key, value in sheet.iter_rows(min_row=1, max_row=IDENTITY_ROWS, max_col=2, values_only=True):
        if isinstance(key, str):
            values[key] = "" if value is None else str(value)
    if values.get("schema") in UNSEALED_SCHEMAS:
        raise FormRefused(
            _(
                "the form was made by an earlier emul, before forms were sealed against forgery; "
                "send the unit a new form ('emul forms')"
            )
        )
    if values.get("schema") != FORM_SCHEMA:
        raise FormRefused(_("not a form written by 'emul forms' (unknown form version)"))
    return values


def _check_identity(identity: dict[str, str], project: Project, key: bytes) -> tuple[str, str]:
    """The form is this cluster's (checked first: another cluster's form has another key), sealed with its key,
    and for a period, a member and a rubric it has now."""
    from ..rubrics.versions import rubric_hash

    cluster = project.cluster.model
    if identity.get("cluster") != cluster.id:
        raise FormRefused(
            _("the form belongs to cluster '{other}', not '{this}'").format(
                other=identity.get("cluster"), this=cluster.id
            )
        )
    if not seal_matches(key, identity):
        raise FormRefused(
            _(
                "the form claims to be from '{unit}' but its seal does not match: it was changed outside its input "
                "cells, or it was not sealed with this folder's key ({file}); import only the form the unit was sent"
            ).format(unit=identity.get("unit", ""), file=KEY_FILE)
        )
    period_id = identity.get("period", "")
    if period_id not in {p.id for p in cluster.periods}:
        raise FormRefused(
            _("the form is for period '{period}', which this cluster does not have").format(period=period_id)
        )
    unit = identity.get("unit", "")
    if unit not in project.members(project.period(period_id)):
        raise FormRefused(
            _("the form is for unit '{unit}', which is not a member in period {period}").format(
                unit=unit, period=period_id
            )
        )
    rubric = project.points_rubric.model
    if identity.get("rubric") != rubric.id or identity.get("rubric_version") != rubric.version:
        raise FormRefused(
            _("the form was made for rubric {rubric} {version}; the cluster now uses {current} {now}").format(
                rubric=identity.get("rubric"),
                version=identity.get("rubric_version"),
                current=rubric.id,
                now=rubric.version,
            )
        )
    if identity.get("rubric_hash") != rubric_hash(rubric):
        raise FormRefused(
            _("the form was made for another text of rubric {rubric} {version} (its content changed)").format(
                rubric=rubric.id, version=rubric.version
            )
        )
    return unit, period_id


# ----- rows -----------------------------------------------------------------------------------------------
def _sheet(workbook: Any, name: str) -> Worksheet:
    if name not in workbook.sheetnames:
        raise FormRefused(_("the sheet '{name}' is missing").format(name=name))
    return workbook[name]  # type: ignore[no-any-return]


def _rows_match(sheet: Worksheet, expected: list[tuple[object, ...]], fixed: int, problems: list[Problem]) -> list[int]:
    """Compare the protected columns row by row; return the sheet row of each expected row (0 when missing)."""
    codes = [row[0] for row in expected]
    found: dict[object, int] = {}
    last = min(sheet.max_row, MAX_SHEET_ROWS)
    for number in range(FIRST_ROW, last + 1):
        code = sheet.cell(row=number, column=1).value
        if code is None:
            continue
        if code in codes and code not in found:
            found[code] = number
        elif number < FIRST_ROW + len(expected) or sheet.cell(row=number, column=2).value is not None:
            problems.append(
                Problem(
                    sheet.title,
                    cell_ref(1, number),
                    _("a row was added ('{code}'); rows must not be added").format(code=code),
                )
            )
    rows = []
    for cells in expected:
        number = found.get(cells[0], 0)
        rows.append(number)
        if not number:
            problems.append(
                Problem(sheet.title, cell_ref(1, FIRST_ROW), _("the row of '{code}' was removed").format(code=cells[0]))
            )
            continue
        for column, value in enumerate(cells[:fixed], start=1):
            actual = sheet.cell(row=number, column=column).value
            if not _same(actual, value):
                where = cell_ref(column, number)
                problems.append(
                    Problem(
                        sheet.title,
                        where,
                        _("a protected cell was changed: '{value}' instead of '{expected}'").format(
                            value=actual, expected=value
                        ),
                    )
                )
    return rows


def _same(actual: object, expected: object) -> bool:
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        return float(actual) == float(expected)
    return (actual if actual is not None else "") == expected


def _criteria(workbook: Any, project: Project, problems: list[Problem]) -> dict[str, CriterionInput]:
    sheet = _sheet(workbook, CRITERIA_SHEET)
    rows = criterion_rows(project.points_rubric.model)
    numbers = _rows_match(sheet, criteria_fixed_cells(rows), CRITERIA_FIXED, problems)
    inputs: dict[str, CriterionInput] = {}
    for row, number in zip(rows, numbers, strict=True):
        if number:
            inputs[row.criterion.id] = _criterion_input(sheet, number, row, problems)
    return inputs


def _criterion_input(sheet: Worksheet, number: int, row: CriterionRow, problems: list[Problem]) -> CriterionInput:
    entered = CriterionInput(covers_self=row.self_scored, evidence=_evidence(sheet, number, EVIDENCE_COLUMN, problems))
    if row.self_scored:
        entered.self_score = _points(sheet, number, SELF_COLUMN, row, problems)
    elif _value(sheet, number, SELF_COLUMN) is not None:
        problems.append(
            Problem(
                sheet.title,
                cell_ref(SELF_COLUMN, number),
                _("this criterion is computed from its figure (column {column}); leave the self score empty").format(
                    column=column_letter(FACT_COLUMN)
                ),
            )
        )
    if row.fact is not None:
        value = _fact(sheet, number, row, row.fact[0], problems)
        entered.fact = (row.fact[0], value) if value is not None else None
    elif _value(sheet, number, FACT_COLUMN) is not None:
        problems.append(
            Problem(
                sheet.title,
                cell_ref(FACT_COLUMN, number),
                _("this criterion takes a self score (column {column}), not a figure").format(
                    column=column_letter(SELF_COLUMN)
                ),
            )
        )
    something = entered.self_score is not None or entered.fact is not None
    if something and row.evidence_required and not entered.evidence:
        problems.append(
            Problem(
                sheet.title,
                cell_ref(EVIDENCE_COLUMN, number),
                _("evidence is required for '{code}'").format(code=row.criterion.id),
            )
        )
    return entered


def _points(sheet: Worksheet, number: int, column: int, row: CriterionRow, problems: list[Problem]) -> Decimal | None:
    value = _decimal(sheet, number, column, problems)
    if value is None:
        return None
    if value < 0 or value > row.criterion.max:
        problems.append(
            Problem(
                sheet.title,
                cell_ref(SELF_COLUMN, number),
                _("{value} is outside 0 to {max}").format(value=_plain(value), max=_plain(row.criterion.max)),
            )
        )
        return None
    return value


def _awards(sheet: Worksheet, number: int, row: CriterionRow, problems: list[Problem]) -> object:
    """A prior award's code, from the name the form lists (or its code, as the first forms had it); several,
    one a line (or separated by commas in the first forms), where the rubric says how they combine."""
    text = _value(sheet, number, FACT_COLUMN)
    method = row.criterion.method
    choices = row.award_choices()
    codes_of = {**{code: code for code in choices.values()}, **choices}
    if text is None:
        return None
    several = isinstance(method, PriorAwardMethod) and method.combine is not None
    given = [str(text).strip()]
    if several:
        given = [c.strip() for c in str(text).splitlines() if c.strip()]
        if len(given) == 1 and given[0] not in codes_of:
            given = [c.strip() for c in given[0].split(",") if c.strip()]
    unknown = [c for c in given if c not in codes_of]
    if unknown or not given:
        problems.append(
            Problem(
                sheet.title,
                cell_ref(FACT_COLUMN, number),
                _("'{value}' is not one of: {keys}").format(value="; ".join(unknown) or text, keys="; ".join(choices)),
            )
        )
        return None
    codes = [codes_of[c] for c in given]
    return codes if len(codes) > 1 else codes[0]


def _fact(sheet: Worksheet, number: int, row: CriterionRow, name: str, problems: list[Problem]) -> object:
    """The figure of the criterion's fact `name` (the row's fact) in column G, checked."""
    if name == "done":
        return _yes_no(sheet, number, FACT_COLUMN, problems)
    if name == "award":
        return _awards(sheet, number, row, problems)
    value = _decimal(sheet, number, FACT_COLUMN, problems)
    if value is not None and name == "count" and (value < 0 or value > MAX_COUNT or value != value.to_integral_value()):
        problems.append(
            Problem(
                sheet.title,
                cell_ref(FACT_COLUMN, number),
                _("a count is a whole number, 0 or more: {value}").format(value=_plain(value)),
            )
        )
        return None
    return int(value) if value is not None and name == "count" else value


def _commitments(
    workbook: Any, project: Project, unit: str, period: str, problems: list[Problem]
) -> dict[str, CommitmentInput]:
    sheet = _sheet(workbook, COMMITMENTS_SHEET)
    commitments = unit_commitments(project, unit, period)
    numbers = _rows_match(sheet, commitment_fixed_cells(commitments), COMMITMENT_FIXED, problems)
    inputs: dict[str, CommitmentInput] = {}
    for commitment, number in zip(commitments, numbers, strict=True):
        if not number:
            continue
        entered = CommitmentInput(
            has_target=commitment_needs_value(commitment),
            evidence=_evidence(sheet, number, COMMITMENT_EVIDENCE_COLUMN, problems),
        )
        if commitment_needs_value(commitment):
            entered.actual = _decimal(sheet, number, RESULT_COLUMN, problems)
        else:
            entered.done = _yes_no(sheet, number, RESULT_COLUMN, problems)
        inputs[commitment.id] = entered
    return inputs


# ----- who filled it in -----------------------------------------------------------------------------------
def _prepared(workbook: Any, project: Project, problems: list[Problem]) -> Prepared | None:
    """Name, title and date under the criteria: all empty, or a name and a date (the title is optional)."""
    sheet = _sheet(workbook, CRITERIA_SHEET)
    expected = prepared_first_row(len(criterion_rows(project.points_rubric.model)))
    last = min(sheet.max_row, MAX_SHEET_ROWS)
    # Found by its label: a row added or removed above (reported on its own) moves it.
    first = next((r for r in range(FIRST_ROW, last + 1) if sheet.cell(r, 2).value == PREPARED_LABELS[0][1]), 0)
    rows = {key: first + offset for offset, (key, _label) in enumerate(PREPARED_LABELS)}
    for key, label in PREPARED_LABELS:
        found = sheet.cell(row=rows[key], column=2).value if first else None
        if found != label:
            where = cell_ref(2, rows[key] if first else expected)
            message = _("a protected cell was changed: '{value}' instead of '{expected}'")
            problems.append(Problem(sheet.title, where, message.format(value=found, expected=label)))
            return None
    by = _short_text(sheet, rows["by"], problems)
    title = _short_text(sheet, rows["title"], problems)
    day = _date(sheet, rows["date"], problems)
    if by is None and title is None and day is None:
        return None
    if by is None:
        message = _("who filled the form in: give the name as well")
        problems.append(Problem(sheet.title, cell_ref(PREPARED_COLUMN, rows["by"]), message))
    if day is None and _value(sheet, rows["date"], PREPARED_COLUMN) is None:
        message = _("who filled the form in: give the date as well")
        problems.append(Problem(sheet.title, cell_ref(PREPARED_COLUMN, rows["date"]), message))
    return Prepared(by, title, day) if by is not None and day is not None else None


def _short_text(sheet: Worksheet, row: int, problems: list[Problem]) -> str | None:
    value = _value(sheet, row, PREPARED_COLUMN)
    if value is None:
        return None
    text = " ".join(str(value).split())
    if len(text) > MAX_NAME_CHARS:
        message = _("at most {limit} characters").format(limit=MAX_NAME_CHARS)
        problems.append(Problem(sheet.title, cell_ref(PREPARED_COLUMN, row), message))
        return None
    return text


_DAY_TEXT = re.compile(r"^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})$")


def _date(sheet: Worksheet, row: int, problems: list[Problem]) -> date | None:
    """A date cell, or text written day/month/year."""
    value = _value(sheet, row, PREPARED_COLUMN)
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _DAY_TEXT.match(str(value).strip())
    if match:
        try:
            return date(int(match[3]), int(match[2]), int(match[1]))
        except ValueError:
            pass
    message = _("not a date (day/month/year): '{value}'").format(value=value)
    problems.append(Problem(sheet.title, cell_ref(PREPARED_COLUMN, row), message))
    return None


# ----- cells ----------------------------------------------------------------------------------------------
def _value(sheet: Worksheet, row: int, column: int) -> object:
    value = sheet.cell(row=row, column=column).value
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _decimal(sheet: Worksheet, row: int, column: int, problems: list[Problem]) -> Decimal | None:

    value = _value(sheet, row, column)
    where = cell_ref(column, row)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        problems.append(Problem(sheet.title, where, _("a number is needed, found: {value}").format(value=value)))
        return None
    if isinstance(value, str):
        if value.startswith("="):
            problems.append(Problem(sheet.title, where, _("a formula is not accepted here; type the number")))
            return None
        if not _PLAIN_NUMBER.match(value.strip()):
            problems.append(Problem(sheet.title, where, _("text in a number cell: '{value}'").format(value=value)))
            return None
        number = Decimal(value.strip().replace(",", "."))
    elif isinstance(value, float) and not math.isfinite(value):
        problems.append(Problem(sheet.title, where, _("text in a number cell: '{value}'").format(value=value)))
        return None
    else:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if abs(number) >= FIGURE_RANGE or (number and abs(number) < Decimal("1e-6")):
        problems.append(Problem(sheet.title, where, _("{value} is out of range").format(value=value)))
        return None
    return number + 0  # no negative zero


def _yes_no(sheet: Worksheet, row: int, column: int, problems: list[Problem]) -> bool | None:

    value = _value(sheet, row, column)
    if value is None:
        return None
    if value in (YES, NO):
        return value == YES
    problems.append(
        Problem(
            sheet.title,
            cell_ref(column, row),
            _("choose {yes} or {no}, found: {value}").format(yes=YES, no=NO, value=value),
        )
    )
    return None


def _evidence(sheet: Worksheet, row: int, column: int, problems: list[Problem]) -> list[str]:

    value = _value(sheet, row, column)
    if value is None:
        return []
    text = str(value)
    if len(text) > MAX_EVIDENCE_CHARS:
        where = cell_ref(column, row)
        problems.append(
            Problem(sheet.title, where, _("at most {limit} characters of evidence").format(limit=MAX_EVIDENCE_CHARS))
        )
        return []
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if isinstance(value, str) and any(looks_like_formula(line) for line in [text, *lines]):
        # Stored as the text it is (the form's formulas are never run); the officer should know.
        message = _("looks like a formula, stored as text")
        problems.append(Problem(sheet.title, cell_ref(column, row), message, warning=True))
    return lines


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")

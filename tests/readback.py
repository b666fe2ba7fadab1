"""Read emul's outputs back into one typed record per unit, so that the outputs can be compared with each other.

Every extractor returns `Readback`s (one per table or facet of an output): per unit a `UnitRecord`, per
(award, unit) a `VoteRecord`, and what the output says of the meeting. A field left at None is one the
output does not show; `UNKNOWN` is a figure the output shows as "…". Numbers are read as `Decimal`, from
the decimal comma of the Vietnamese documents ("97,84") or the decimal point of the JSON and English text.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import asdict, dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from pathlib import Path
from typing import Any

from .dump import dump_docx

UNKNOWN = "…"
DECIMAL_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "down": ROUND_DOWN}


@dataclass(frozen=True)
class UnitRecord:
    sections: dict[str, Decimal] | None = None  # points retained per section
    sections_self: dict[str, Decimal] | None = None  # self-scored points per section
    bonus: Decimal | None = None
    penalty: Decimal | None = None
    bonus_self: Decimal | None = None
    penalty_self: Decimal | None = None
    total: Decimal | None = None
    self_total: Decimal | None = None
    rank: str | None = None  # "2", or "2=" for a tie the meeting decides
    classification: str | None = None  # the band's label


@dataclass(frozen=True)
class VoteRecord:
    issued: int | None = None
    returned: int | None = None
    valid: int | None = None
    in_favour: int | None = None
    against: int | str | None = None
    denominator: int | None = None
    percent: Decimal | None = None  # in favour over the denominator, in %, 2 decimals
    result: str | None = None  # "passed", "failed" or "pending"
    replaces: str | None = None  # the unit id replaced, or "" when the output shows it replaces nobody


@dataclass(frozen=True)
class MeetingRecord:
    members: int | None = None
    present: int | str | None = None  # UNKNOWN when the output prints "…"


@dataclass
class Readback:
    source: str
    units: dict[str, UnitRecord] = field(default_factory=dict)
    votes: dict[tuple[str, str], VoteRecord] = field(default_factory=dict)
    meeting: MeetingRecord | None = None


@dataclass(frozen=True)
class Vocabulary:
    """What the parsers need to turn text back into ids: unit names (full and short), award names, parts."""

    unit_names: dict[str, str]
    short_names: dict[str, str]  # id -> short name
    full_names: dict[str, str]  # id -> full name
    awards: dict[str, str]  # award name -> id
    sections: tuple[str, ...]
    bonus: str | None
    penalty: str | None
    decimals: int
    mode: str
    apply_to: str

    def unit(self, name: str) -> str:
        name = name.strip()
        if name not in self.unit_names:
            raise AssertionError(f"unknown unit name in an output: {name!r}")
        return self.unit_names[name]

    def unit_at(self, text: str) -> tuple[str, str]:
        """The unit whose name (full or short, the longest that fits) starts the text, and the rest of the text."""
        text = text.strip()
        fits = [
            name for name in self.unit_names if text == name or (text.startswith(name) and text[len(name)] in ",( .;")
        ]
        if not fits:
            raise AssertionError(f"no unit name at the start of {text!r}")
        name = max(fits, key=len)
        return self.unit_names[name], text[len(name) :]

    def award(self, text: str) -> str:
        """The award whose name the text contains (the longest name wins, names may contain each other)."""
        found = [(len(name), award) for name, award in self.awards.items() if name in text]
        if not found:
            raise AssertionError(f"no award named in {text!r}")
        return max(found)[1]


def vocabulary(score: dict[str, Any], awards: dict[str, Any] | None, rubric: dict[str, Any]) -> Vocabulary:
    names: dict[str, str] = {}
    for unit in (u["unit"] for u in score["units"]):
        names[unit["name"]] = unit["id"]
        names[unit["short_name"]] = unit["id"]
    return Vocabulary(
        unit_names=names,
        short_names={u["unit"]["id"]: u["unit"]["short_name"] for u in score["units"]},
        full_names={u["unit"]["id"]: u["unit"]["name"] for u in score["units"]},
        awards={t["name"]: t["id"] for t in awards["titles"]} if awards else {},
        sections=tuple(s["id"] for s in score["sections"]),
        bonus=(rubric.get("bonus") or {}).get("id"),
        penalty=(rubric.get("penalty") or {}).get("id"),
        decimals=score["rounding"]["decimals"],
        mode=score["rounding"]["mode"],
        apply_to=score["rounding"]["apply_to"],
    )


# ----- numbers -------------------------------------------------------------------------------------------------
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


def number(text: str) -> Decimal:
    """'97,84' (Vietnamese) or '97.84' (JSON, English) as a Decimal; anything else is an error."""
    text = text.strip().replace("\u2212", "-")
    if not _NUMBER.fullmatch(text):
        raise AssertionError(f"not a number: {text!r}")
    return Decimal(text.replace(",", "."))


def exact(text: str) -> Fraction:
    """An exact value as `score --format json` writes it: '97.835' or '2615/28'."""
    return Fraction(text)


def rounded(value: Fraction | Decimal, decimals: int, mode: str) -> Decimal:
    with localcontext() as context:
        context.prec = 80
        value = Fraction(value)
        quotient = Decimal(value.numerator) / Decimal(value.denominator)
        return quotient.quantize(Decimal(1).scaleb(-decimals), rounding=DECIMAL_MODES[mode])


def percent_of(share: Fraction) -> Decimal:
    return rounded(share * 100, 2, "half_up")


# ----- tables in tests/dump.py format ------------------------------------------------------------------------------
def table_cells(line: str) -> list[str] | None:
    if not (line.startswith("| ") or line.startswith("|  |")) or not line.endswith("|"):
        return None
    return [cell.strip() for cell in line[1:-1].split(" | ")]


def tables(lines: list[str]) -> list[list[list[str]]]:
    """Consecutive table rows, grouped; the first row of each table is its header."""
    found: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in lines:
        cells = table_cells(line)
        if cells is None:
            if current:
                found.append(current)
            current = []
        else:
            current.append(cells)
    if current:
        found.append(current)
    return found


def find_table(lines: list[str], *header_words: str) -> list[list[str]] | None:
    """The first table whose header row has a cell containing each word."""
    for table in tables(lines):
        header = table[0]
        if all(any(word in cell for cell in header) for word in header_words):
            return table
    return None


def column(header: list[str], word: str) -> int:
    for index, cell in enumerate(header):
        if word in cell:
            return index
    raise AssertionError(f"no column {word!r} in {header}")


def docx_lines(path: Path) -> list[str]:
    return dump_docx(path).splitlines()


# ----- emul score --format json -------------------------------------------------------------------------------------
def rank_text(rank: int, tied: bool) -> str:
    return f"{rank}=" if tied else str(rank)


def read_score_json(document: dict[str, Any]) -> Readback:
    units = {
        row["unit"]["id"]: UnitRecord(
            sections={sid: number(v) for sid, v in row["sections"].items()},
            bonus=number(row["bonus"]),
            penalty=number(row["penalty"]),
            total=number(row["total"]),
            self_total=number(row["self_total"]) if "self_total" in row else None,  # not for appraisers alone
            rank=rank_text(row["rank"], row["tied"]),
            classification=row["classification"]["label"] if row["classification"] else None,
        )
        for row in document["units"]
    }
    return Readback("score --format json", units)


# ----- emul awards --format json ------------------------------------------------------------------------------------
def _result(passed: bool | None) -> str:
    return "pending" if passed is None else ("passed" if passed else "failed")


def attendance(document: dict[str, Any]) -> tuple[int, int | None]:
    """Members and those present, as `emul awards --format json` counts them (schema 1 or 2)."""
    counts = document.get("attendance", document)
    return counts["members"], counts["present"]


def replaced(decision: dict[str, Any]) -> str | None:
    """The unit a decision replaces: an id (schema 1) or {"unit", "reason"} (schema 2)."""
    value = decision["replaces"]
    return value["unit"] if isinstance(value, dict) else value


def read_awards_json(document: dict[str, Any]) -> Readback:
    members, present = attendance(document)
    readback = Readback("awards --format json", meeting=MeetingRecord(members, present or UNKNOWN))
    for title in document["titles"]:
        for decision in title["decisions"]:
            unit = decision["unit"]["id"]
            readback.units[unit] = UnitRecord(
                total=number(decision["total"]),
                rank=rank_text(decision["rank"], decision["tied"]),
                classification=decision["classification_label"],
            )
            vote = decision["vote"]
            if vote is None or vote["counts"] is None:
                continue
            counts = vote["counts"]
            share = Fraction(vote["share"]) if vote["share"] is not None else None
            proposed = unit in title["proposed"]
            readback.votes[(title["id"], unit)] = VoteRecord(
                issued=counts["issued"],
                returned=counts["returned"],
                valid=counts["valid"],
                in_favour=counts["in_favour"],
                against=counts["against"] if counts["against"] is not None else UNKNOWN,
                denominator=vote["denominator"],
                percent=percent_of(share) if share is not None else None,
                result=_result(vote["passed"]),
                replaces=(replaced(decision) or "") if proposed else None,
            )
    return readback


# ----- emul explain (English text) ----------------------------------------------------------------------------------
_EXPLAIN_HEAD = re.compile(
    r"^(?P<name>.+) — (?P<period>.+): (?P<total>\S+) points, rank (?P<rank>\S+)(?: \((?P<band>.+)\))?$"
)
_EXPLAIN_TOTALS = re.compile(
    r"^Sections: (?P<sections>.+); bonus (?P<bonus>\S+); penalty (?P<penalty>\S+); total (?P<total>\S+) "
    r"\(exact (?P<exact>\S+)\)$"
)
_EXPLAIN_GAIN = re.compile(
    r"^(?P<lower>.+) would rank above (?P<upper>.+) with (?P<strict>more than )?(?P<gain>[\d.]+) more points"
)


def read_explain(texts: dict[str, str]) -> Readback:
    readback = Readback("explain")
    for unit, text in texts.items():
        lines = text.splitlines()
        head = _EXPLAIN_HEAD.match(lines[0])
        assert head, f"explain {unit}: no header line in {lines[0]!r}"
        totals = next((m for m in map(_EXPLAIN_TOTALS.match, lines) if m), None)
        assert totals, f"explain {unit}: no totals line"
        sections = dict(part.rsplit(" ", 1) for part in totals["sections"].split("; "))
        assert head["total"] == totals["total"], f"explain {unit}: the header and the totals line differ"
        readback.units[unit] = UnitRecord(
            sections={sid: number(value) for sid, value in sections.items()},
            bonus=number(totals["bonus"]),
            penalty=number(totals["penalty"]),
            total=number(totals["total"]),
            rank=head["rank"],
            classification=head["band"],
        )
    return readback


def explain_criteria(text: str) -> dict[str, Decimal]:
    """Points per criterion in explain's table (the Points column); a criterion not assigned ('—') has none."""
    found = {}
    at = 3
    for line in text.splitlines():
        if line.startswith("┃"):
            at = [c.strip() for c in line.strip("┃").split("┃")].index("Points")
        if not line.startswith("│"):
            continue
        cells = [c.strip() for c in line.strip("│").split("│")]
        if cells[0] and cells[at] and cells[at] != "—":
            found[cells[0]] = number(cells[at])
    return found


def explain_gains(text: str) -> list[tuple[str, str, Decimal, bool]]:
    """(lower short name, upper short name, gain, strict) for each 'would rank above … with X more points'
    ('with more than X more points' is strict: X itself gives at most a tie)."""
    return [
        (m["lower"], m["upper"], number(m["gain"]), bool(m["strict"]))
        for m in map(_EXPLAIN_GAIN.match, text.splitlines())
        if m
    ]


# ----- the workbook as written: formulas evaluated here -----------------------------------------------------------
class Unsupported(Exception):
    pass


_TOKEN = re.compile(
    r"\s*(?:(?P<ref>(?:'(?:[^']|'')+'!|[A-Za-z0-9_]+!)?\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)"
    r'|(?P<num>\d+(?:\.\d+)?)|(?P<func>[A-Z][A-Z0-9.]*)\(|(?P<str>"(?:[^"]|"")*")|(?P<op><=|>=|<>|[-+*/^=<>(),&]))'
)


def _tokens(formula: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    while position < len(formula):
        match = _TOKEN.match(formula, position)
        if not match or match.end() == position:
            raise Unsupported(formula)
        kind = match.lastgroup
        assert kind is not None
        tokens.append((kind, match.group(kind)))
        position = match.end()
    return tokens


_COMPARE = {
    "=": lambda a, b: a == b,
    "<": lambda a, b: a < b,
    ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b,
    ">=": lambda a, b: a >= b,
    "<>": lambda a, b: a != b,
}


def _number(value: Any) -> Any:
    """TRUE and FALSE count 1 and 0 in arithmetic, as in a spreadsheet."""
    return Decimal(int(value)) if isinstance(value, bool) else value


def _elementwise(operation: Any, left: Any, right: Any, truth: bool = False) -> Any:
    """An operation on two values, or element by element when either is a range (an array formula's rule)."""
    if not isinstance(left, list) and not isinstance(right, list):
        return operation(left, right) if truth else operation(_number(left), _number(right))
    size = len(left) if isinstance(left, list) else len(right)
    lefts = left if isinstance(left, list) else [left] * size
    rights = right if isinstance(right, list) else [right] * size
    return [_number(operation(_number(a), _number(b))) for a, b in zip(lefts, rights, strict=True)]


def _text(value: Any) -> str:
    """A number joined to text as a spreadsheet writes it: 5, not 5.00."""
    if isinstance(value, Decimal):
        return str(int(value)) if value == value.to_integral_value() else format(value.normalize(), "f")
    return str(value)


def _excel_round(value: Decimal, digits: Decimal, mode: str) -> Decimal:
    quantum = Decimal(1).scaleb(-int(digits))
    rounding = ROUND_HALF_UP if mode == "round" else ROUND_DOWN  # both away from / towards zero, as Excel
    return value.quantize(quantum, rounding=rounding)


class Workbook:
    """Cell values of an openpyxl workbook, formulas evaluated with Decimals (a small, strict subset:
    SUM, MIN, MAX, ROUND, ROUNDDOWN, MOD, IF, ABS, SIGN, + - * / ^ and comparisons)."""

    def __init__(self, path: Path) -> None:
        from openpyxl import load_workbook

        self.book = load_workbook(path)

    def value(self, sheet: str, coordinate: str) -> Any:
        raw = self.book[sheet][coordinate.replace("$", "")].value
        if isinstance(raw, str) and raw.startswith("="):
            return _Formula(self, sheet, raw[1:]).evaluate()
        if isinstance(raw, float):
            return Decimal(repr(raw))
        if isinstance(raw, int) and not isinstance(raw, bool):
            return Decimal(raw)
        return raw


class _Formula:
    """A recursive-descent reading of one formula."""

    def __init__(self, workbook: Workbook, sheet: str, formula: str) -> None:
        self.workbook, self.sheet, self.formula = workbook, sheet, formula
        self.tokens, self.at = _tokens(formula), 0

    def evaluate(self) -> Any:
        result = self._comparison()
        if self.at != len(self.tokens):
            raise Unsupported(self.formula)
        return result

    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def _take(self, text: str | None = None) -> tuple[str, str]:
        token = self._peek()
        if token is None or (text is not None and token[1] != text):
            raise Unsupported(f"{self.formula}: expected {text!r}")
        self.at += 1
        return token

    def _comparison(self) -> Any:
        left = self._concatenation()
        token = self._peek()
        if token and token[1] in ("=", "<", ">", "<=", ">=", "<>"):
            self._take()
            right = self._concatenation()
            return _elementwise(_COMPARE[token[1]], left, right, truth=True)
        return left

    def _concatenation(self) -> Any:
        value = self._additive()
        while (token := self._peek()) and token[1] == "&":
            self._take()
            value = _text(value) + _text(self._additive())
        return value

    def _additive(self) -> Any:
        value = self._term()
        while (token := self._peek()) and token[1] in ("+", "-"):
            self._take()
            right = self._term()
            value = _elementwise((lambda a, b: a + b) if token[1] == "+" else (lambda a, b: a - b), value, right)
        return value

    def _term(self) -> Any:
        value = self._power()
        while (token := self._peek()) and token[1] in ("*", "/"):
            self._take()
            right = self._power()
            value = _elementwise((lambda a, b: a * b) if token[1] == "*" else (lambda a, b: a / b), value, right)
        return value

    def _power(self) -> Any:
        value = self._unary()
        while (token := self._peek()) and token[1] == "^":
            self._take()
            value = value ** int(self._unary())
        return value

    def _unary(self) -> Any:
        token = self._peek()
        if token and token[1] == "-":
            self._take()
            return -self._unary()
        return self._primary()

    def _primary(self) -> Any:
        kind, text = self._take()
        if kind == "num":
            return Decimal(text)
        if kind == "str":
            return text[1:-1].replace('""', '"')
        if kind == "ref":
            return self._reference(text)
        if kind == "op" and text == "(":
            value = self._comparison()
            self._take(")")
            return value
        if kind == "func":
            return self._function(text)
        raise Unsupported(f"{self.formula}: {text}")

    def _reference(self, text: str) -> Any:
        sheet = self.sheet
        if "!" in text:
            sheet, text = text.rsplit("!", 1)
            sheet = sheet[1:-1].replace("''", "'") if sheet.startswith("'") else sheet
        if ":" not in text:
            return self.workbook.value(sheet, text)
        first, last = text.replace("$", "").split(":")
        cells = self.workbook.book[sheet][first:last]
        values = [self.workbook.value(sheet, c.coordinate) for row in cells for c in row]
        return [v for v in values if isinstance(v, Decimal)]

    def _arguments(self) -> list[Any]:
        arguments: list[Any] = []
        if self._peek() == ("op", ")"):
            self._take()
            return arguments
        while True:
            arguments.append(self._comparison())
            if self._take()[1] == ")":
                return arguments

    def _function(self, name: str) -> Any:
        arguments = self._arguments()
        values: list[Decimal] = []
        for argument in arguments:  # an empty cell counts for nothing, as in a spreadsheet
            values += [v for v in (argument if isinstance(argument, list) else [argument]) if v is not None]
        if name == "SUM":
            return sum(values, Decimal(0))
        if name == "MIN":
            return min(values)
        if name == "MAX":
            return max(values)
        if name == "ROUND":
            return _excel_round(arguments[0], arguments[1], "round")
        if name == "ROUNDDOWN":
            return _excel_round(arguments[0], arguments[1], "down")
        if name == "MOD":
            value, divisor = arguments
            return value - divisor * (value / divisor).to_integral_value(rounding="ROUND_FLOOR")
        if name == "IF":
            return arguments[1] if arguments[0] else arguments[2]
        if name == "SUMPRODUCT":
            return sum(values, Decimal(0))
        if name == "AND":
            return all(values)
        if name == "OR":
            return any(values)
        if name == "ABS":
            return abs(arguments[0])
        if name == "SIGN":
            return Decimal((arguments[0] > 0) - (arguments[0] < 0))
        raise Unsupported(f"{self.formula}: {name}")


def shown(value: Any, number_format: str) -> Any:
    """What a spreadsheet shows for a number: rounded half away from zero to the format's decimals."""
    if not isinstance(value, Decimal):
        return value
    match = re.fullmatch(r"0(?:\.(0+))?", number_format)
    if not match:
        return value
    decimals = len(match.group(1) or "")
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


SUMMARY_SHEET = "Tổng hợp"
SUMMARY_HEADER_ROW = 5


def _summary_record(values: dict[str, Any], vocabulary: Vocabulary) -> UnitRecord:
    def figure(header: str) -> Decimal | None:
        value = values.get(header)
        if value is None or value == "":
            return None
        return value if isinstance(value, Decimal) else number(str(value))

    sections = {s: figure(f"{s} điểm đạt") for s in vocabulary.sections}
    own = {s: figure(f"{s} tự chấm") for s in vocabulary.sections}
    rank = values.get("Hạng")
    return UnitRecord(
        sections=None if None in sections.values() else sections,  # type: ignore[arg-type]
        sections_self=None if None in own.values() else own,  # type: ignore[arg-type]
        bonus=figure("Điểm thưởng"),
        penalty=figure("Điểm trừ"),
        total=figure("Tổng điểm"),
        rank=None if rank is None else (str(int(rank)) if isinstance(rank, Decimal) else str(rank)),
        classification=values.get("Xếp loại"),
    )


def read_workbook(path: Path, vocabulary: Vocabulary) -> Readback:
    """The summary sheet as a spreadsheet shows it: formulas evaluated, then displayed in their number format
    (a formula this module cannot evaluate is left out of the comparison)."""
    book = Workbook(path)
    sheet = book.book[SUMMARY_SHEET]
    headers = {c.column: c.value for c in sheet[SUMMARY_HEADER_ROW] if c.value}
    readback = Readback("bang-tong-hop-diem.xlsx (as written)")
    for row in range(SUMMARY_HEADER_ROW + 1, sheet.max_row + 1):
        name = sheet.cell(row, 2).value
        if not name:
            continue
        values: dict[str, Any] = {}
        for column_index, header in headers.items():
            cell = sheet.cell(row, column_index)
            try:
                values[header] = shown(book.value(SUMMARY_SHEET, cell.coordinate), cell.number_format)
            except Unsupported:
                values[header] = None
        readback.units[vocabulary.unit(name)] = _summary_record(values, vocabulary)
    return readback


def read_summary_csv(text: str, vocabulary: Vocabulary) -> Readback:
    """The summary sheet as LibreOffice recalculated and saved it (cells as shown)."""
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[SUMMARY_HEADER_ROW - 1]
    readback = Readback("bang-tong-hop-diem.xlsx (LibreOffice)")
    for row in rows[SUMMARY_HEADER_ROW:]:
        if len(row) < 2 or not row[1]:
            continue
        values: dict[str, Any] = dict(zip(header, row, strict=False))
        rank = values.get("Hạng", "")
        values["Hạng"] = rank or None
        readback.units[vocabulary.unit(row[1])] = _summary_record(values, vocabulary)
    return readback


# ----- phiếu chấm -----------------------------------------------------------------------------------------------
def _line_value(lines: list[str], prefix: str) -> str | None:
    return next((line[len(prefix) :].strip() for line in lines if line.startswith(prefix)), None)


def read_score_sheet(path: Path, vocabulary: Vocabulary) -> tuple[UnitRecord, dict[str, tuple[Decimal, Decimal]]]:
    """A phiếu chấm: per section its self and retained points, the totals below the table; and per criterion
    (self, points)."""
    lines = docx_lines(path)
    table = find_table(lines, "Mã", "Điểm đạt")
    assert table, f"{path.name}: no score table"
    header = table[0]
    code, points = column(header, "Mã"), column(header, "Điểm đạt")
    own = column(header, "Điểm tự chấm") if any("Điểm tự chấm" in cell for cell in header) else None
    rows = {row[code]: row for row in table[1:] if len(row) == len(header)}
    sections_self = {s: number(rows[s][own]) for s in vocabulary.sections} if own is not None else None
    sections = {s: number(rows[s][points]) for s in vocabulary.sections}
    criteria = {
        c: (number(r[own]) if own is not None and r[own] else Decimal(0), number(r[points]))
        for c, r in rows.items()
        if r[points] != "Không giao"  # a criterion not assigned to the unit has no points
    }
    extras = _line_value(lines, "Điểm thưởng:")
    bonus = penalty = None
    if extras:
        match = re.fullmatch(r"(\S+); điểm trừ: (\S+)", extras)
        assert match, extras
        bonus, penalty = number(match[1]), number(match[2])
    rank = _line_value(lines, "Thứ hạng:")
    record = UnitRecord(
        sections=sections,
        sections_self=sections_self,
        bonus=bonus,
        penalty=penalty,
        bonus_self=number(rows[vocabulary.bonus][own]) if own is not None and vocabulary.bonus in rows else None,
        penalty_self=number(rows[vocabulary.penalty][own]) if own is not None and vocabulary.penalty in rows else None,
        total=number(_line_value(lines, "Tổng điểm đạt:") or ""),
        self_total=number(own_total) if (own_total := _line_value(lines, "Tổng điểm tự chấm:")) else None,
        rank=rank or None,
        classification=_line_value(lines, "Xếp loại:"),
    )
    return record, criteria


def read_score_sheets(folder: Path, vocabulary: Vocabulary) -> Readback:
    readback = Readback("phieu-cham/<unit>.docx")
    for path in sorted(folder.glob("*.docx")):
        readback.units[path.stem] = read_score_sheet(path, vocabulary)[0]
    return readback


# ----- tables shared by the báo cáo and the tờ trình ----------------------------------------------------------------
_REPLACES = re.compile(r"^(?P<name>.+?) \(thay cho (?P<other>.+)\)$")  # "(thay cho Sở X)", "(thay cho Sở X, lý do)"


def _proposal_table(lines: list[str], vocabulary: Vocabulary, source: str) -> Readback:
    """'STT | Tên đơn vị | Tổng điểm | Xếp hạng | Phiếu đồng ý/ hợp lệ | Tỉ lệ đồng ý', one group per award."""
    readback = Readback(source)
    table = find_table(lines, "Tên đơn vị", "Phiếu đồng ý")
    if table is None:
        return readback
    header = table[0]
    name_at, total_at, rank_at = column(header, "Tên đơn vị"), column(header, "Tổng điểm"), column(header, "hạng")
    votes_at, percent_at = column(header, "Phiếu đồng ý"), column(header, "Tỉ lệ")
    award = None
    for row in table[1:]:
        if len(row) == 1:  # the award's group row, or a line saying why no unit is proposed
            award = vocabulary.award(row[0]) if any(name in row[0] for name in vocabulary.awards) else award
            continue
        assert award is not None, f"{source}: a proposal row before any award row"
        name, replaces = row[name_at], ""
        if match := _REPLACES.match(name):
            name, replaces = match["name"], vocabulary.unit_at(match["other"])[0]
        unit = vocabulary.unit(name)
        readback.units[unit] = UnitRecord(total=number(row[total_at]), rank=row[rank_at])
        counted = re.fullmatch(r"(\d+)/(\d+)", row[votes_at])  # else "chờ bỏ phiếu" (to vote) or "—"
        readback.votes[(award, unit)] = VoteRecord(
            in_favour=int(counted[1]) if counted else None,
            valid=int(counted[2]) if counted else None,
            percent=number(row[percent_at].rstrip("%")) if counted else None,
            replaces=replaces,
        )
    return readback


# ----- báo cáo tổng kết ---------------------------------------------------------------------------------------------
def read_report(path: Path, vocabulary: Vocabulary) -> list[Readback]:
    lines = docx_lines(path)
    found = []
    ranking = Readback(f"{path.name} (bảng xếp hạng)")
    table = find_table(lines, "Hạng", "Điểm đạt các phần")
    assert table, f"{path.name}: no ranking table"
    header = table[0]
    at = {word: column(header, word) for word in ("Hạng", "Đơn vị", "các phần", "thưởng", "trừ", "Tổng")}
    band_at = column(header, "Xếp loại") if any("Xếp loại" in cell for cell in header) else None
    for row in table[1:]:
        parts = dict(part.split(": ") for part in row[at["các phần"]].split(" / "))
        ranking.units[vocabulary.unit(row[at["Đơn vị"]])] = UnitRecord(
            sections={s: number(v) for s, v in parts.items()},
            bonus=number(row[at["thưởng"]]),
            penalty=number(row[at["trừ"]]),
            total=number(row[at["Tổng"]]),
            rank=row[at["Hạng"]],
            classification=row[band_at] if band_at is not None else None,
        )
    found.append(ranking)
    found.append(_appendix_scores(lines, vocabulary, f"{path.name} (Phụ lục 1)"))
    found.append(_proposal_table(lines, vocabulary, f"{path.name} (Phụ lục 2)"))
    return found


def _appendix_scores(lines: list[str], vocabulary: Vocabulary, source: str) -> Readback:
    """'Hạng | Đơn vị, phần chấm điểm | Điểm tối đa | Điểm tự chấm | Điểm đạt': a unit row, then its parts."""
    readback = Readback(source)
    table = find_table(lines, "phần chấm điểm", "Điểm đạt")
    assert table, f"{source}: no table"
    header = table[0]
    rank_at, name_at = column(header, "Hạng"), column(header, "phần chấm điểm")
    own_at = column(header, "tự chấm") if any("tự chấm" in cell for cell in header) else None
    points_at = column(header, "Điểm đạt")

    def own(row: list[str]) -> Decimal | None:
        return number(row[own_at]) if own_at is not None else None

    current: dict[str, Any] | None = None
    rows: list[dict[str, Any]] = []
    for row in table[1:]:
        if row[rank_at]:
            name = row[name_at]
            unit = next(u for u, full in vocabulary.full_names.items() if name == full or name.startswith(full + " – "))
            current = {
                "unit": unit,
                "classification": name[len(vocabulary.full_names[unit]) + 3 :] or None,
                "rank": row[rank_at],
                "self_total": own(row),
                "total": number(row[points_at]),
                "sections": {},
                "sections_self": {},
            }
            rows.append(current)
            continue
        assert current is not None
        label = row[name_at]
        section = label.split(". ", 1)[0]
        if section in vocabulary.sections:
            current["sections"][section] = number(row[points_at])
            current["sections_self"][section] = own(row)
        elif label.startswith("Điểm thưởng"):
            current["bonus"] = number(row[points_at])
        elif label.startswith("Điểm trừ"):
            current["penalty"] = number(row[points_at])
    for row in rows:
        unit = row.pop("unit")
        if None in row["sections_self"].values():
            row["sections_self"] = None
        readback.units[unit] = UnitRecord(**row)
    return readback


# ----- biên bản ----------------------------------------------------------------------------------------------------
_PRESENT = re.compile(r"đại diện lãnh đạo (?P<present>\S+)/(?P<members>\d+) đơn vị")
_BASIS = re.compile(r"Tỉ lệ đồng ý tính trên tổng số thành viên \((?P<members>\d+)\)")
_FAILED = re.compile(r"không đủ số phiếu đồng ý \((?P<favour>\d+)/(?P<second>\d+)(?P<rest>.*)$")
_IN_PLACE = re.compile(r"^(?:\+ )?(?P<name>.+?) được đề nghị thay cho (?P<other>.+)$")


def read_minutes(path: Path, vocabulary: Vocabulary) -> Readback:
    lines = docx_lines(path)
    readback = Readback(path.name)
    present = next((m for m in map(_PRESENT.search, lines) if m), None)
    if present:
        count = present["present"]
        readback.meeting = MeetingRecord(int(present["members"]), int(count) if count.isdigit() else UNKNOWN)
    ranking = find_table(lines, "Hạng", "Điểm đạt")
    assert ranking, f"{path.name}: no ranking table"
    header = ranking[0]
    at = {word: column(header, word) for word in ("Hạng", "Đơn vị", "Điểm đạt")}
    optional = {word: column(header, word) for word in ("tự chấm", "Xếp loại") if any(word in c for c in header)}
    for row in ranking[1:]:
        readback.units[vocabulary.unit(row[at["Đơn vị"]])] = UnitRecord(
            self_total=number(row[optional["tự chấm"]]) if "tự chấm" in optional else None,
            total=number(row[at["Điểm đạt"]]),
            rank=row[at["Hạng"]],
            classification=row[optional["Xếp loại"]] if "Xếp loại" in optional else None,
        )
    basis = next((m for m in map(_BASIS.search, lines) if m), None)
    denominator = int(basis["members"]) if basis else None
    in_place = {vocabulary.unit(m["name"]): vocabulary.unit_at(m["other"])[0] for m in map(_IN_PLACE.match, lines) if m}
    table = find_table(lines, "Phát ra", "Đồng ý")
    for row in table[1:] if table else []:
        header = table[0]  # type: ignore[index]
        unit = vocabulary.unit(row[column(header, "Đơn vị")])
        award = vocabulary.award(row[2])
        issued, returned, valid = (int(v) for v in row[column(header, "Phát ra")].split("/"))
        favour, against = row[column(header, "Đồng ý")].split("/")
        result = row[column(header, "Kết quả")]
        readback.votes[(award, unit)] = VoteRecord(
            issued=issued,
            returned=returned,
            valid=valid,
            in_favour=int(favour),
            against=int(against) if against.isdigit() else UNKNOWN,
            denominator=denominator,
            percent=number(row[column(header, "Tỉ lệ")].rstrip("%")),
            result={"Đạt": "passed", "Không đạt": "failed"}.get(result, "pending"),
            replaces=in_place.get(unit),
        )
    return readback


def read_minutes_reasons(path: Path, vocabulary: Vocabulary) -> Readback:
    """The biên bản's reasons for passing a unit over after a failed vote: '(4/10, cần 6)' or
    '(4/9 phiếu hợp lệ đồng ý, cần 6 trên tổng số thành viên (10))'."""
    readback = Readback(f"{path.name} (lý do không đề nghị)")
    award = None
    for line in docx_lines(path):
        if line.startswith("- ") and any(name in line for name in vocabulary.awards):
            award = vocabulary.award(line)
        match = _FAILED.search(line)
        if not match or award is None:
            continue
        unit = vocabulary.unit_at(line.removeprefix("+ "))[0]  # a sub-item of the award's line
        second, rest = int(match["second"]), match["rest"]
        members = re.search(r"tổng số thành viên \((\d+)\)", rest)
        valid_first = rest.startswith(" phiếu hợp lệ")
        readback.votes[(award, unit)] = VoteRecord(
            in_favour=int(match["favour"]),
            valid=second if valid_first else None,
            denominator=int(members[1]) if members else (None if valid_first else second),
            result="failed",
        )
    return readback


# ----- tờ trình ----------------------------------------------------------------------------------------------------
_LISTED = re.compile(
    r"^- (?P<name>.+): (?P<total>[\d,]+) điểm, (?P<placed>xếp thứ|đồng hạng) (?P<rank>[^,;.\s]+)"
    r"(?:, xếp loại: (?P<band>.+?))?[;.]$"
)


def read_submission(path: Path, vocabulary: Vocabulary) -> list[Readback]:
    lines = docx_lines(path)
    listed = Readback(f"{path.name} (kết quả chấm điểm)")
    for match in map(_LISTED.match, lines):
        if match:
            listed.units[vocabulary.unit(match["name"])] = UnitRecord(
                total=number(match["total"]),
                rank=match["rank"] + ("=" if match["placed"] == "đồng hạng" else ""),  # as the tables write it
                classification=match["band"],
            )
    return [listed, _proposal_table(lines, vocabulary, f"{path.name} (danh sách đề nghị)")]


# ----- tom-tat.md ----------------------------------------------------------------------------------------------------
def _summary_proposal(text: str, vocabulary: Vocabulary) -> tuple[str, VoteRecord]:
    """'Sở Y tế (5/6 phiếu hợp lệ đồng ý, bằng 83,33% tổng số thành viên (6)), thay cho Sở LĐTB&XH (lý do)'."""
    unit, rest = vocabulary.unit_at(text)
    counted = re.match(
        r" \((?P<favour>\d+)/(?P<second>\d+) phiếu(?P<valid> hợp lệ)? đồng ý, (?:bằng )?(?P<pct>[\d,]+)%", rest
    )
    members = re.search(r"% tổng số thành viên \((\d+)\)", rest)
    replaces = ""
    if ", thay cho " in rest:
        replaces = vocabulary.unit_at(rest.split(", thay cho ", 1)[1])[0]
    if not counted:
        return unit, VoteRecord(replaces=replaces)
    second = int(counted["second"])
    return unit, VoteRecord(
        in_favour=int(counted["favour"]),
        valid=second if counted["valid"] else None,
        denominator=int(members[1]) if members else (None if counted["valid"] else second),
        percent=number(counted["pct"]),
        replaces=replaces,
    )


def _top_level_items(text: str) -> list[str]:
    """'a (x; y); b' → ['a (x; y)', 'b']: split on '; ' outside parentheses."""
    items, depth, current = [], 0, ""
    for index, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == ";" and depth == 0 and text[index + 1 : index + 2] == " ":
            items.append(current)
            current = ""
            continue
        current += char
    return [item.strip() for item in [*items, current] if item.strip()]


def read_markdown_summary(path: Path, vocabulary: Vocabulary) -> Readback:
    lines = path.read_text(encoding="utf-8").splitlines()
    readback = Readback(path.name)
    header_at = next(i for i, line in enumerate(lines) if line.startswith("| Hạng |"))
    header = table_cells(lines[header_at])
    assert header
    for line in lines[header_at + 2 :]:
        row = table_cells(line)
        if row is None:
            break
        values = dict(zip(header, row, strict=True))
        readback.units[vocabulary.unit(values["Đơn vị"])] = UnitRecord(
            sections={s: number(values[s]) for s in vocabulary.sections},
            bonus=number(values["Thưởng"]),
            penalty=number(values["Trừ"]),
            total=number(values["Tổng điểm"].strip("*")),
            rank=values["Hạng"],
            classification=values.get("Xếp loại"),
        )
    for line in lines:
        match = re.match(r"^- \*\*(?P<award>.+?)\*\* \(chỉ tiêu: \d+\): (?P<rest>.+)$", line)
        if not match:
            continue
        award = vocabulary.award(match["award"])
        for item in _top_level_items(match["rest"]):
            if item.startswith(("không có", "đồng hạng")):
                continue
            unit, vote = _summary_proposal(item, vocabulary)
            readback.votes[(award, unit)] = vote
    return readback


# ----- comparing -----------------------------------------------------------------------------------------------------
def _flat(record: Any) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for name, value in asdict(record).items():
        if isinstance(value, dict):
            flat.update({f"{name}[{key}]": item for key, item in value.items()})
        elif value is not None:
            flat[name] = value
    return flat


def disagreements(readbacks: list[Readback]) -> list[str]:
    """Every field of every unit, vote and meeting on which two outputs differ, in words."""
    problems: list[str] = []

    def compare(label: str, records: list[tuple[str, Any]]) -> None:
        values: dict[str, dict[str, Any]] = {}
        for source, record in records:
            for name, value in _flat(record).items():
                values.setdefault(name, {})[source] = value
        for name, by_source in values.items():
            if len(set(map(str, by_source.values()))) > 1:
                shown_values = ", ".join(f"{s}: {v}" for s, v in by_source.items())
                problems.append(f"{label} {name} differs — {shown_values}")

    units = sorted({u for r in readbacks for u in r.units})
    for unit in units:
        compare(unit, [(r.source, r.units[unit]) for r in readbacks if unit in r.units])
    votes = sorted({v for r in readbacks for v in r.votes})
    for vote in votes:
        compare(f"vote {vote[0]}/{vote[1]}", [(r.source, r.votes[vote]) for r in readbacks if vote in r.votes])
    compare("meeting", [(r.source, r.meeting) for r in readbacks if r.meeting is not None])
    return problems


def shown_sum_problems(
    readbacks: list[Readback], factors: dict[str, Fraction] | None = None, rounding: tuple[int, str] = (2, "half_up")
) -> list[str]:
    """With per-criterion rounding every shown part is exact: the shown sections + bonus − penalty must give the
    shown total, for the points retained and for the self scores, in every output that shows them. A unit whose
    sections are brought back to the scale (`factors`, from the score JSON) has its sections' sum times its
    factor rounded once, the rubric's way (`rounding`: decimals and mode)."""
    problems = []
    factors = factors or {}

    def total(unit: str, sections: Decimal, bonus: Decimal, penalty: Decimal) -> Decimal:
        factor = factors.get(unit, Fraction(1))
        if factor == 1:
            return sections + bonus - penalty
        return rounded(Fraction(sections) * factor + Fraction(bonus) - Fraction(penalty), *rounding)

    for readback in readbacks:
        for unit, record in readback.units.items():
            if record.sections is not None and None not in (record.bonus, record.penalty, record.total):
                parts = total(unit, sum(record.sections.values(), Decimal(0)), record.bonus, record.penalty)  # type: ignore[arg-type]
                if parts != record.total:
                    problems.append(
                        f"{readback.source} {unit}: sections + bonus − penalty = {parts}, total shown {record.total}"
                    )
            bonus_self = record.bonus_self if record.bonus_self is not None else record.bonus
            penalty_self = record.penalty_self if record.penalty_self is not None else record.penalty
            if record.sections_self is not None and None not in (bonus_self, penalty_self, record.self_total):
                parts = total(unit, sum(record.sections_self.values(), Decimal(0)), bonus_self, penalty_self)  # type: ignore[arg-type]
                if parts != record.self_total:
                    problems.append(
                        f"{readback.source} {unit}: self sections + bonus − penalty = {parts}, "
                        f"self total shown {record.self_total}"
                    )
    return problems

"""Rank and classification in the Bảng tổng hợp điểm as formulas over the cells the totals are computed in, so
that an edited score cannot leave a stale rank; where a rule of the rubric cannot be a formula, emul's values
instead (and the caller locks the sheets that would make them stale).

Decided rule by rule:
- the total and the tie-breaks on a section, a criterion, fewer penalty or more bonus points are formulas: each
  compares numbers the workbook holds (a key column per tie-break on a hidden sheet, exact, before any
  rounding: the values emul's cascade compares);
- the vote tie-break is not: the share of votes comes from the ballot file and is chosen per tied group (the
  first award every unit of the group was voted on). The formulas stop before it; when emul's ranking needed
  the vote (or a rule after it) to separate two units, the formulas would show a tie emul does not: then the
  ranks are emul's values;
- classification is a formula: the bands' minimum totals, and each band's floors (on a section, a criterion or
  each of them) checked on the unit's sheet, where a reader sees which floor was missed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..model.rubric import ClassBand, Classification, CriterionTieBreak, Floor, Rubric, SectionTieBreak, TieBreak
from ..ranking.rank import Ranked
from ..scoring.classify import floor_nodes

MAX_FORMULA = 8000  # Excel refuses a formula longer than 8,192 characters
PASSED = "Đạt"


def formula_rules(rubric: Rubric) -> list[TieBreak]:
    """The tie-breaks a formula can apply: those before the first vote."""
    rules: list[TieBreak] = []
    for rule in rubric.ranking.tie_breaks:
        if rule.kind == "vote":
            break
        rules.append(rule)
    return rules


def ranks_as_formulas(rubric: Rubric, ranked: Sequence[Ranked]) -> bool:
    """Whether the formulas give emul's ranks: no two units were separated by a rule the formulas lack."""
    applied = len(formula_rules(rubric))
    return all(r.separated_from_next is None or r.separated_from_next.index <= applied for r in ranked)


# ----- the key of a tie-break, one cell per unit ----------------------------------------------------------
@dataclass(frozen=True)
class UnitCells:
    """Where a unit's points are on its sheet: the points column, and the rows of each part and leaf."""

    sheet: str
    points: str  # column letter
    parts: dict[str, tuple[int, int]]  # section, bonus or penalty id -> first and last row
    leaves: dict[str, int]  # leaf criterion id -> row
    last: int  # the table's last row

    def sum(self, rows: Sequence[int], local: bool = False, column: str | None = None) -> str:
        prefix = "" if local else f"'{self.sheet}'!"
        letter = column or self.points
        cells = ",".join(f"{prefix}{letter}{row}" for row in sorted(rows))
        first, last = min(rows, default=0), max(rows, default=0)
        if rows and last - first + 1 == len(rows):
            cells = f"{prefix}{letter}{first}:{letter}{last}" if first != last else f"{prefix}{letter}{first}"
        return f"SUM({cells})" if rows else "0"

    def part(self, part_id: str) -> str:
        first, last = self.parts[part_id]
        return self.sum(list(range(first, last + 1)))


def key_title(rule: TieBreak) -> str:
    """The key column's header."""
    if isinstance(rule, SectionTieBreak):
        return f"Phân định: điểm phần {rule.section}"
    if isinstance(rule, CriterionTieBreak):
        return f"Phân định: điểm tiêu chí {rule.criterion}"
    return "Phân định: ít điểm trừ hơn" if rule.kind == "fewer_penalty" else "Phân định: nhiều điểm thưởng hơn"


def key_formula(rule: TieBreak, rubric: Rubric, cells: UnitCells) -> str:
    """The value the cascade compares for `rule`, exact (rounded to 9 places only against float noise), signed
    so that more is better."""
    if isinstance(rule, SectionTieBreak):
        return f"=ROUND({cells.part(rule.section)},9)"
    if isinstance(rule, CriterionTieBreak):
        node = next(n for n in _nodes(rubric) if n[0] == rule.criterion)
        points = cells.sum([cells.leaves[leaf] for leaf in node[1] if leaf in cells.leaves])
        penalty = rubric.penalty is not None and node[0] in _part_nodes(rubric.penalty.criteria)
        return f"={'-' if penalty else ''}ROUND({points},9)"
    capped = rubric.penalty if rule.kind == "fewer_penalty" else rubric.bonus
    if capped is None:
        return "=0"
    points = cells.part(capped.id)
    if capped.limit is not None:
        points = f"MIN({points},{number(capped.limit)})"
    return f"={'-' if rule.kind == 'fewer_penalty' else ''}ROUND({points},9)"


def number(value: Decimal | Fraction | int) -> str:
    """A declared number as a formula writes it, exactly when it has a finite decimal form."""
    exact = Fraction(value)
    return str(exact.numerator) if exact.denominator == 1 else repr(float(exact))


def text(value: str) -> str:
    """A string literal of a formula."""
    return '"' + value.replace('"', '""') + '"'


def _nodes(rubric: Rubric) -> list[tuple[str, list[str]]]:
    """Every criterion at any level with the ids of its leaves."""
    return [
        (node.id, [leaf.id for leaf in node.leaves()])
        for section in rubric.all_sections()
        for top in section.criteria
        for node in top.nodes()
    ]


def _part_nodes(criteria: Sequence[object]) -> set[str]:
    return {node.id for top in criteria for node in top.nodes()}  # type: ignore[attr-defined]


# ----- the rank -------------------------------------------------------------------------------------------
def rank_formula(row: int, columns: Sequence[str], first: int, last: int, method: str) -> str:
    """The unit's rank over the key columns (the total first; a column "M", or "'Sheet'!B" on another sheet
    with the same rows), compared in order: competition (1, 2, 2, 4) or dense (1, 2, 2, 3); a rank shared
    after every key shows as "2=", as emul writes it."""
    sheets = [c.rpartition("!")[0] + "!" if "!" in c else "" for c in columns]
    letters = [c.rpartition("!")[2] for c in columns]
    ranges = [f"{s}${c}${first}:${c}${last}" for s, c in zip(sheets, letters, strict=True)]
    own = [f"{s}${c}{row}" for s, c in zip(sheets, letters, strict=True)]
    above = "+".join(_above(ranges, own, index) for index in range(len(columns)))
    if method == "dense":
        counts = ",".join(f"{r},{r}" for r in ranges)
        rank = f"1+SUMPRODUCT(({above})/COUNTIFS({counts}))"
    else:
        rank = f"1+SUMPRODUCT({above})"
    same = "*".join(f"({r}={o})" for r, o in zip(ranges, own, strict=True))
    return f'=IF(SUMPRODUCT({same})>1,({rank})&"=",{rank})'


def _above(ranges: Sequence[str], own: Sequence[str], index: int) -> str:
    """Units ahead on key `index`: equal on every key before it, more on this one."""
    equal = "".join(f"({r}={o})*" for r, o in zip(ranges[:index], own[:index], strict=True))
    return f"{equal}({ranges[index]}>{own[index]})"


# ----- the classification ---------------------------------------------------------------------------------
def floor_check(band: ClassBand, rubric: Rubric, cells: UnitCells, maximum: str) -> str | None:
    """'=IF(AND(...),"Đạt","Không đạt")' on the unit's own sheet: every floor of the band met; None for a band
    without floors. A node none of which is assigned (max 0) has no floor, as in emul."""
    floors = [(floor, node) for floor in band.all_floors() for node in floor_nodes(rubric, floor)]
    checks = [_floor_test(floor, node, rubric, cells, maximum) for floor, node in floors]
    if not checks:
        return None
    return f'=IF(AND({",".join(checks)}),"{PASSED}","Không đạt")'


def _floor_test(floor: Floor, node: str, rubric: Rubric, cells: UnitCells, maximum: str) -> str:
    leaves = dict(_nodes(rubric)).get(node)
    if leaves is None:  # a section: its leaves are its rows
        first, last = cells.parts[node]
        rows = list(range(first, last + 1))
    else:
        rows = [cells.leaves[leaf] for leaf in leaves if leaf in cells.leaves]
    points, most = cells.sum(rows, local=True), cells.sum(rows, local=True, column=maximum)
    tests = []
    if floor.min_points is not None:
        tests.append(f"ROUND({points},9)>={number(floor.min_points)}")
    if floor.min_share is not None:
        share = Fraction(floor.min_share)
        tests.append(f"ROUND({points}*{share.denominator},9)>={share.numerator}*{most}")
    return f"OR({most}=0,{','.join(tests) if len(tests) == 1 else 'AND(' + ','.join(tests) + ')'})"


def classification_formula(classification: Classification, total: str, floors: Sequence[str | None]) -> str:
    """The band from the total cell and, per band, the cell of its floor check (None: no floors), by the
    rubric's floor rule."""
    bands = classification.bands
    labels = [text(b.label) for b in bands] + [text(classification.fallback.label)]
    met = [f'{cell}="{PASSED}"' if cell else "" for cell in floors]
    minimum = [f"{total}>={number(b.min_total)}" for b in bands]
    formula = labels[-1]
    for index in reversed(range(len(bands))):
        if classification.floor_rule == "drop_one_band":
            chosen = labels[index] if floors[index] is None else f"IF({met[index]},{labels[index]},{labels[index + 1]})"
            formula = f"IF({minimum[index]},{chosen},{formula})"
        else:
            test = f"AND({minimum[index]},{met[index]})" if met[index] else minimum[index]
            formula = f"IF({test},{labels[index]},{formula})"
    return "=" + formula

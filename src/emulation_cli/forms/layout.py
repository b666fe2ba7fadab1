"""The shape of a self-assessment form, shared by the writer and the reader so the two cannot disagree."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from ..model.covenant import Commitment
from ..model.rubric import METHOD_FACTS, Criterion, PriorAwardMethod, Rubric
from ..scoring.commitments import applicable
from ..validation.project import Project

FORM_SCHEMA = "emul.form/3"  # sealed with the cluster's key (forms/seal.py)
# Forms of the versions before, unsealed: refused, the unit is sent a new form.
UNSEALED_SCHEMAS = ("emul.form/1", "emul.form/2")
CRITERIA_SHEET = "Tự chấm"
COMMITMENTS_SHEET = "Cam kết"
ID_SHEET = "emul"
FIRST_ROW = 8  # rows 1-6: title and instructions, row 7: column headers
# The last row any sheet of a form may use: `emul forms` refuses a rubric whose form would need more, `emul
# import` reads no further and refuses, before loading it, a file whose sheet declares more.
MAX_SHEET_ROWS = 5000
# The forms use columns A to H; a returned form may declare a few more (a unit formats a column), not thousands.
MAX_SHEET_COLUMNS = 26
IDENTITY_ROWS = 50  # the hidden sheet's identity lines are within these rows (its award lists may go further)

# Criteria sheet: fixed columns A-E, inputs F-H.
CRITERIA_HEADERS = (
    "Mã",
    "Tiêu chí",
    "Điểm tối đa",
    "Cách chấm",
    "Số liệu cần nhập",
    "Điểm tự chấm",
    "Số liệu",
    "Minh chứng (mỗi tài liệu một dòng)",
)
CRITERIA_WIDTHS = (8, 40, 8, 14, 20, 9, 12, 30)  # fits A4 landscape at 10 pt or more
SELF_COLUMN, FACT_COLUMN, EVIDENCE_COLUMN = 6, 7, 8
CRITERIA_FIXED = 5

# Commitments sheet: fixed columns A-D, inputs E-F.
COMMITMENT_HEADERS = ("Mã", "Nội dung cam kết", "Mục tiêu", "Số liệu cần nhập", "Kết quả", "Minh chứng")
COMMITMENT_WIDTHS = (10, 48, 12, 26, 12, 32)
RESULT_COLUMN, COMMITMENT_EVIDENCE_COLUMN = 5, 6
COMMITMENT_FIXED = 4

YES, NO = "Có", "Không"

# What an input cell accepts: the writer declares it as the cell's validation, the reader enforces it.
MAX_EVIDENCE_CHARS = 4000
MAX_COUNT = 1_000_000  # occurrences: a whole number from 0
FIGURE_RANGE = 10**9  # a figure or a result lies strictly between −FIGURE_RANGE and FIGURE_RANGE


def cell_ref(column: int, row: int) -> str:
    """'F12': the form's columns are A to H."""
    return f"{chr(ord('A') + column - 1)}{row}"


def column_letter(column: int) -> str:
    return chr(ord("A") + column - 1)


# How the form names the fact a computed method needs (which fact: the rubric's METHOD_FACTS).
FACT_LABELS = {
    "done": "Đã thực hiện: Có / Không",
    "actual": "Giá trị thực hiện",
    "count": "Số lần (số nguyên)",
    "award": "Khen thưởng đã nhận (chọn trong danh sách)",
}
FACTS = {kind: (facts[0], FACT_LABELS[facts[0]]) for kind, facts in METHOD_FACTS.items() if facts}

# Who filled the form in: labels in column B under the criteria, inputs in column D.
PREPARED_LABELS = (
    ("by", "Người lập phiếu (họ và tên):"),
    ("title", "Chức vụ:"),
    ("date", "Ngày lập phiếu (ngày/tháng/năm):"),
)
PREPARED_COLUMN = 4
MAX_NAME_CHARS = 200


def prepared_first_row(rows: int) -> int:
    """The first row of the 'who filled it in' lines: two rows under the self total, under the criteria."""
    return FIRST_ROW + rows + 3


@dataclass(frozen=True)
class CriterionRow:
    criterion: Criterion
    section: str
    rubric_self_scored: bool = True  # False: nobody enters a self score (the appraisers score)

    @property
    def kind(self) -> str:
        return self.criterion.method_kind

    @property
    def fact(self) -> tuple[str, str] | None:
        return FACTS.get(self.kind)

    @property
    def fact_label(self) -> str:
        """What column E says the unit enters."""
        return "" if self.fact is None else self.fact[1]

    def award_choices(self) -> dict[str, str]:
        """Each prior award as the form lists it (its name; with its code where two share a name), to its code."""
        method = self.criterion.method
        if not isinstance(method, PriorAwardMethod):
            return {}
        names = [method.name_of(code) for code in method.table]
        return {
            (name if names.count(name) == 1 else f"{name} ({code})"): code
            for code, name in zip(method.table, names, strict=True)
        }

    @property
    def lists_awards(self) -> bool:
        """The unit chooses one award from a list (written on the hidden sheet); several combine as free text."""
        method = self.criterion.method
        return isinstance(method, PriorAwardMethod) and method.combine is None

    @property
    def self_scored(self) -> bool:
        """Criteria entered by hand take a self score, when the rubric lets units score themselves; computed
        ones take their fact (emul computes the points)."""
        return not self.criterion.computed and self.rubric_self_scored

    @property
    def evidence_required(self) -> bool:
        method = self.criterion.method
        return method is None or bool(getattr(method, "evidence_required", False))


def criterion_rows(rubric: Rubric) -> list[CriterionRow]:
    """Every criterion a unit enters something for, in rubric order (commitment-based ones are computed)."""
    return [
        CriterionRow(leaf, section.id, rubric.self_scored)
        for section in rubric.all_sections()
        for top in section.criteria
        for leaf in top.leaves()
        if not leaf.from_commitments
    ]


def sheet_rows(rows: list[CriterionRow], commitments: int) -> dict[str, int]:
    """The last row each sheet of a form uses: the criteria and the lines under them, the commitments, and the
    hidden sheet's identity lines and award lists."""
    return {
        CRITERIA_SHEET: prepared_first_row(len(rows)) + len(PREPARED_LABELS) - 1,
        COMMITMENTS_SHEET: FIRST_ROW + commitments - 1,
        ID_SHEET: max(IDENTITY_ROWS, sum(len(row.award_choices()) for row in rows if row.lists_awards)),
    }


def commitment_needs_value(commitment: Commitment) -> bool:
    return commitment.target is not None


def commitment_prompt(commitment: Commitment, target: str) -> str:
    """What the unit enters for a commitment: 'Nhập số bài dự thi gửi Thành phố (chỉ tiêu ≥ 3 bài)'."""
    if not commitment_needs_value(commitment):
        return f"Đã thực hiện: {YES} / {NO}"
    indicator = (commitment.indicator or "kết quả đạt được").strip()
    if len(indicator) > 1 and indicator[1].islower():
        indicator = indicator[0].lower() + indicator[1:]
    return f"Nhập {indicator} (chỉ tiêu {target})"


def fingerprint(rows: list[tuple[object, ...]]) -> str:
    """A hash of the fixed cells the form was written with: any change to them is detected on import."""
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()


def unit_commitments(project: Project, unit_id: str, period_id: str) -> list[Commitment]:
    """The commitments a unit's form carries: the common ones, its own, and those passed to it by a merger."""
    covenant = project.covenant.model if project.covenant else None
    return applicable(covenant, unit_id, project.roster.predecessors(unit_id, project.period(period_id)))

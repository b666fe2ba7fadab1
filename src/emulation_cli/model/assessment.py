"""assessments/<period>/<unit>.yaml: one unit's self-assessment and appraisal for one period."""

from __future__ import annotations

from pydantic import Field, model_validator

from ..i18n import N_
from .base import Code, Count, Date, Model, Number, Points, Slug, Text


class Facts(Model):
    """Inputs of the computed scoring methods."""

    actual: Number | None = Field(None, description="Giá trị thực hiện (phương pháp proportional, banded, step).")
    count: Count | None = Field(None, description="Số lần (phương pháp deduction, per_occurrence).")
    done: bool | None = Field(None, description="Đã hoàn thành hay chưa (phương pháp done).")
    award: Code | list[Code] | None = Field(
        None,
        description="Danh hiệu đã nhận (phương pháp prior_award); một danh sách nếu đơn vị có nhiều danh hiệu, "
        "cộng theo `combine` của bộ tiêu chí.",
    )

    @property
    def awards(self) -> tuple[str, ...]:
        """The prior awards given, as a tuple (none, one or several)."""
        if self.award is None:
            return ()
        return (self.award,) if isinstance(self.award, str) else tuple(self.award)


class CriterionEntry(Model):
    self_score: Points | None = Field(None, alias="self", description="Điểm đơn vị tự chấm.")
    appraised: Points | None = Field(
        None, description="Điểm thẩm định của cụm, hoặc của cơ quan chấm tiêu chí này (`scored_by` trong bộ tiêu chí)."
    )
    peers: dict[Slug, Points] = Field(default_factory=dict, description="Điểm chấm chéo theo từng đơn vị chấm.")
    facts: Facts | None = None
    evidence: list[Text] = Field(default_factory=list, description="Tài liệu kiểm chứng.")
    note: Text | None = None


class CommitmentResult(Model):
    actual: Number | None = Field(None, description="Kết quả thực hiện chỉ tiêu.")
    done: bool | None = Field(None, description="Đã thực hiện (cho cam kết không có mục tiêu số).")
    evidence: list[Text] = Field(default_factory=list)
    note: Text | None = None


class GateResult(Model):
    passed: bool | None = Field(
        None,
        description="Đơn vị có đạt điều kiện này không. Cần ghi, trừ khi ghi `discipline_ended` cho điều kiện "
        "`check: discipline_end`.",
    )
    discipline_ended: Date | None = Field(
        None,
        description="Chỉ cho điều kiện `check: discipline_end`: ngày đơn vị chấp hành xong kỷ luật. Thành tích được "
        "tính từ ngày này (Điều 4 Nghị định 152/2025/NĐ-CP): kết thúc sau ngày đầu kỳ thì không đạt.",
    )
    evidence: Text | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _passed_or_date(self) -> GateResult:
        if (self.passed is None) == (self.discipline_ended is None):
            raise ValueError(
                N_(
                    "give `passed: true` or `passed: false`, or for a gate that counts from the end of a discipline "
                    "`discipline_ended: YYYY-MM-DD`: exactly one of the two"
                )
            )
        return self


class Scoring(Model):
    by: Text = Field(description="Người hoặc tổ chấm.")
    title: Text | None = None
    date: Date


class Assessment(Model):
    """assessments/<period>/<unit>.yaml"""

    unit: Slug
    period: Code
    self_scored: Scoring | None = Field(None, description="Ai tự chấm và ngày tự chấm.")
    prepared: Scoring | None = Field(
        None, description="Người lập phiếu tự đánh giá của đơn vị (họ tên, chức vụ) và ngày lập: từ phiếu Excel."
    )
    appraised: Scoring | None = Field(None, description="Ai thẩm định và ngày thẩm định.")
    appraisals: dict[Code, Scoring] = Field(
        default_factory=dict,
        description="Với bộ tiêu chí có nhiều cơ quan chấm: ai chấm và ngày chấm, theo mã cơ quan chấm.",
    )
    not_assigned: list[Code] = Field(
        default_factory=list,
        description="Các tiêu chí (ở bất kỳ cấp nào) không giao cho đơn vị: không tính điểm và không tính vào "
        "điểm tối đa; tổng điểm quy về thang điểm theo `not_assigned_rule` của bộ tiêu chí.",
    )
    criteria: dict[Code, CriterionEntry] = Field(default_factory=dict)
    commitments: dict[Code, CommitmentResult] = Field(default_factory=dict)
    gates: dict[Code, GateResult] = Field(default_factory=dict)
    note: Text | None = None

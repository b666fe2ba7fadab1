"""The scoring rubric (criteria/*.yaml): sections, criteria, scoring methods, classification, ranking."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from typing import Annotated, Literal

from pydantic import Field

from .base import Code, Model, Number, Points, PositivePoints, Share, Text


class ManualMethod(Model):
    """Entered by hand up to the maximum, with evidence."""

    kind: Literal["manual"]
    evidence_required: bool = True


class DoneMethod(Model):
    """Done (full points) or not done (zero): fact `done`."""

    kind: Literal["done"]


class ProportionalMethod(Model):
    """max × min(actual / target, 1): fact `actual`."""

    kind: Literal["proportional"]
    target: PositivePoints
    unit_of_measure: Text | None = None


class Band(Model):
    min_ratio: Points = Field(description="Tỉ lệ thực tế / mục tiêu tối thiểu của mức, ví dụ 0.9 = 90 %.")
    share: Share = Field(description="Phần điểm tối đa được hưởng, ví dụ 0.8 = 80 % số điểm.")


class BandedMethod(Model):
    """Bands of actual / target, highest first: fact `actual`."""

    kind: Literal["banded"]
    target: PositivePoints
    bands: list[Band] = Field(min_length=1)
    unit_of_measure: Text | None = None


class DeductionMethod(Model):
    """max − per × count, floored at 0: fact `count`."""

    kind: Literal["deduction"]
    per: PositivePoints


class StepMethod(Model):
    """points per whole step above base, capped at max: fact `actual`."""

    kind: Literal["step"]
    base: Number = Decimal(0)
    step: PositivePoints
    points: PositivePoints
    unit_of_measure: Text | None = None


class CommitmentsMethod(Model):
    """max × share of the unit's covenant commitments fulfilled (from the assessment's `commitments`)."""

    kind: Literal["commitments"]


class PriorAwardMethod(Model):
    """Bonus for an award received earlier: fact `award`, a key of `table`."""

    kind: Literal["prior_award"]
    table: dict[Code, Points] = Field(
        default_factory=lambda: {"co-thi-dua-tinh": Decimal(10), "co-thi-dua-chinh-phu": Decimal(15)},
        description="Điểm cộng theo danh hiệu đã nhận (mặc định: Cờ thi đua cấp tỉnh/bộ +10, của Chính phủ +15).",
    )


class PerOccurrenceMethod(Model):
    """per × count, capped at max (bonus or penalty items): fact `count`."""

    kind: Literal["per_occurrence"]
    per: PositivePoints


Method = Annotated[
    ManualMethod
    | DoneMethod
    | ProportionalMethod
    | BandedMethod
    | DeductionMethod
    | StepMethod
    | CommitmentsMethod
    | PriorAwardMethod
    | PerOccurrenceMethod,
    Field(discriminator="kind"),
]

METHOD_FACTS: dict[str, tuple[str, ...]] = {
    "manual": (),
    "done": ("done",),
    "proportional": ("actual",),
    "banded": ("actual",),
    "deduction": ("count",),
    "step": ("actual",),
    "commitments": (),
    "prior_award": ("award",),
    "per_occurrence": ("count",),
}


class Criterion(Model):
    id: Code
    title: Text
    max: PositivePoints = Field(description="Điểm tối đa; bằng tổng điểm tối đa các tiêu chí con nếu có.")
    method: Method | None = Field(None, description="Cách chấm (chỉ cho tiêu chí không có tiêu chí con).")
    criteria: list[Criterion] = Field(default_factory=list, description="Tiêu chí con.")
    guidance: Text | None = Field(None, description="Hướng dẫn chấm, tài liệu kiểm chứng.")

    @property
    def method_kind(self) -> str:
        """How it is scored; a criterion without a method is entered by hand."""
        return self.method.kind if self.method is not None else "manual"

    @property
    def from_commitments(self) -> bool:
        """Scored from the covenant's commitments (the assessment's `commitments:`), not from an entry."""
        return self.method_kind == "commitments"

    def leaves(self) -> list[Criterion]:
        if not self.criteria:
            return [self]
        return [leaf for child in self.criteria for leaf in child.leaves()]


class Section(Model):
    id: Code
    title: Text
    max: PositivePoints
    criteria: list[Criterion] = Field(min_length=1)


class CappedSection(Model):
    """Bonus or penalty points, outside the scale, limited by `cap`."""

    id: Code
    title: Text
    cap: PositivePoints
    criteria: list[Criterion] = Field(min_length=1)


class ClassBand(Model):
    id: Code
    label: Text
    min_total: Points
    min_criterion_share: Share = Field(
        Decimal(0),
        description="Mỗi tiêu chí cấp 1 phải đạt ít nhất tỉ lệ này của điểm tối đa, nếu không bị hạ một mức.",
    )


class FallbackBand(Model):
    id: Code
    label: Text


class Classification(Model):
    bands: list[ClassBand] = Field(min_length=1, description="Các mức xếp loại, từ cao xuống thấp.")
    fallback: FallbackBand
    floor_rule: Literal["drop_one_band", "highest_band_met"] = Field(
        "drop_one_band",
        description="drop_one_band: đủ điểm một mức nhưng có tiêu chí dưới ngưỡng thì hạ một mức; "
        "highest_band_met: lấy mức cao nhất thỏa mãn cả tổng điểm và ngưỡng từng tiêu chí.",
    )


_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "down": ROUND_DOWN}


def round_to(value: Fraction, decimals: int, mode: str = "half_up") -> Decimal:
    """Round an exact value once. A fraction that lies exactly on a rounding boundary has a terminating
    decimal expansion, so 80 significant digits represent it exactly and the rounding is exact too."""
    with localcontext() as context:
        context.prec = 80
        quotient = Decimal(value.numerator) / Decimal(value.denominator)
        return quotient.quantize(Decimal(1).scaleb(-decimals), rounding=_MODES[mode])


class Rounding(Model):
    """The rubric's one declared rounding, applied to exact values."""

    decimals: int = Field(2, ge=0, le=6)
    mode: Literal["half_up", "half_even", "down"] = "half_up"
    apply_to: Literal["total", "criterion"] = Field(
        "total", description="total: chỉ làm tròn tổng cuối; criterion: làm tròn từng tiêu chí."
    )

    def apply(self, value: Fraction) -> Decimal:
        return round_to(value, self.decimals, self.mode)


class SectionTieBreak(Model):
    kind: Literal["section"]
    section: Code


class CriterionTieBreak(Model):
    kind: Literal["criterion"]
    criterion: Code


class SimpleTieBreak(Model):
    kind: Literal["fewer_penalty", "more_bonus", "vote"]


TieBreak = Annotated[SectionTieBreak | CriterionTieBreak | SimpleTieBreak, Field(discriminator="kind")]


class Ranking(Model):
    method: Literal["competition", "dense"] = Field(
        "competition", description="competition: 1, 2, 2, 4; dense: 1, 2, 2, 3."
    )
    tie_breaks: list[TieBreak] = Field(default_factory=list, description="Thứ tự tiêu chí phân định khi bằng điểm.")


class Rubric(Model):
    """criteria/<rubric>.yaml"""

    id: Code
    version: Text = Field(description="Phiên bản bộ tiêu chí; tệp cluster.yaml ghim đúng phiên bản này.")
    title: Text
    scale: PositivePoints = Field(description="Thang điểm, thường là 100 hoặc 1000.")
    illustrative: bool = Field(False, description="true nếu bộ tiêu chí chỉ mang tính minh họa.")
    source: Text | None = Field(None, description="Căn cứ ban hành bộ tiêu chí.")
    rounding: Rounding = Field(default_factory=Rounding)
    sections: list[Section] = Field(min_length=1)
    bonus: CappedSection | None = None
    penalty: CappedSection | None = None
    classification: Classification
    ranking: Ranking = Field(default_factory=Ranking)

    def all_sections(self) -> list[Section | CappedSection]:
        extra = [s for s in (self.bonus, self.penalty) if s is not None]
        return [*self.sections, *extra]

    def leaves(self) -> dict[str, Criterion]:
        """Leaf criteria by id; with duplicate ids (a validation error) the first one wins."""
        found: dict[str, Criterion] = {}
        for section in self.all_sections():
            for criterion in section.criteria:
                for leaf in criterion.leaves():
                    found.setdefault(leaf.id, leaf)
        return found

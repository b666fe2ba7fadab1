"""The scoring rubric (criteria/*.yaml): sections, criteria, scoring methods, classification, ranking."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from typing import Annotated, ClassVar, Literal

from pydantic import Field

from .base import Code, ExactFraction, Model, Number, Points, PositivePoints, Share, Text, Year


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
    """Bonus for an award received earlier: fact `award`, a key of `table` (or a list of keys)."""

    later_fields: ClassVar[tuple[str, ...]] = ("combine", "names")

    kind: Literal["prior_award"]
    table: dict[Code, Points] = Field(
        default_factory=lambda: {"co-thi-dua-tinh": Decimal(10), "co-thi-dua-chinh-phu": Decimal(15)},
        description="Điểm cộng theo danh hiệu đã nhận (mặc định: Cờ thi đua cấp tỉnh/bộ +10, của Chính phủ +15).",
    )
    names: dict[Code, Text] = Field(
        default_factory=lambda: {
            "co-thi-dua-tinh": "Cờ thi đua cấp bộ, ngành, tỉnh, thành phố",
            "co-thi-dua-chinh-phu": "Cờ thi đua của Chính phủ",
        },
        description="Tên danh hiệu theo mã, hiện trong phiếu tự chấm thay cho mã (mặc định: tên của hai mã mặc định).",
    )

    def name_of(self, code: str) -> str:
        """The award's name where the rubric gives one, else its code."""
        return self.names.get(code, code)

    combine: Literal["max", "sum"] | None = Field(
        None,
        description="Cách cộng khi một đơn vị có nhiều danh hiệu (ví dụ Cờ của tỉnh và Cờ của bộ): max lấy danh "
        "hiệu cao nhất, sum cộng tất cả; vẫn không vượt điểm tối đa. Bắt buộc nếu có đơn vị khai nhiều danh hiệu.",
    )


class RelativeMethod(Model):
    """Scored against the cluster: at the target `at_target_share` of the max, the best result above the
    target the full max, results between in proportion; below the target by `below_target`: fact `actual`."""

    kind: Literal["relative"]
    target: PositivePoints = Field(description="Mục tiêu (chỉ tiêu) của tiêu chí.")
    at_target_share: ExactFraction = Field(description='Phần điểm tối đa khi vừa đạt mục tiêu, ví dụ 0.5 hoặc "50%".')
    below_target: Literal["proportional", "zero"] = Field(
        description="Dưới mục tiêu: proportional tính theo tỉ lệ thực tế / mục tiêu của phần điểm khi đạt mục "
        "tiêu; zero: 0 điểm."
    )
    unit_of_measure: Text | None = None


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
    | PerOccurrenceMethod
    | RelativeMethod,
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
    "relative": ("actual",),
}


_SCORED_BY = "Mã cơ quan chấm (trong `scorers`) chấm tiêu chí này và các tiêu chí con; mặc định: như cấp trên."


class Criterion(Model):
    later_fields: ClassVar[tuple[str, ...]] = ("scored_by",)

    id: Code
    title: Text
    max: PositivePoints = Field(description="Điểm tối đa; bằng tổng điểm tối đa các tiêu chí con nếu có.")
    method: Method | None = Field(None, description="Cách chấm (chỉ cho tiêu chí không có tiêu chí con).")
    criteria: list[Criterion] = Field(default_factory=list, description="Tiêu chí con.")
    guidance: Text | None = Field(None, description="Hướng dẫn chấm, tài liệu kiểm chứng.")
    scored_by: Code | None = Field(None, description=_SCORED_BY)

    @property
    def method_kind(self) -> str:
        """How it is scored; a criterion without a method is entered by hand."""
        return self.method.kind if self.method is not None else "manual"

    @property
    def computed(self) -> bool:
        """Scored by its method from facts, commitments or awards: a self score on it is ignored."""
        return self.method_kind != "manual"

    @property
    def from_commitments(self) -> bool:
        """Scored from the covenant's commitments (the assessment's `commitments:`), not from an entry."""
        return self.method_kind == "commitments"

    def leaves(self) -> list[Criterion]:
        if not self.criteria:
            return [self]
        return [leaf for child in self.criteria for leaf in child.leaves()]

    def nodes(self) -> list[Criterion]:
        """This criterion and every criterion below it, at any level."""
        return [self, *(node for child in self.criteria for node in child.nodes())]


class Section(Model):
    later_fields: ClassVar[tuple[str, ...]] = ("scored_by",)

    id: Code
    title: Text
    max: PositivePoints
    criteria: list[Criterion] = Field(min_length=1)
    scored_by: Code | None = Field(None, description=_SCORED_BY)


class CappedSection(Model):
    """Bonus or penalty points, outside the scale, limited by `cap` (or, declared as such, unlimited)."""

    later_fields: ClassVar[tuple[str, ...]] = ("scored_by",)

    id: Code
    title: Text
    cap: PositivePoints | Literal["none"] = Field(
        description='Mức trần của tổng điểm thưởng (điểm trừ); "none" nếu không giới hạn (phải ghi rõ).'
    )
    criteria: list[Criterion] = Field(min_length=1)
    scored_by: Code | None = Field(None, description=_SCORED_BY)

    @property
    def limit(self) -> Fraction | None:
        """The cap as an exact number; None for a section declared without one."""
        return None if self.cap == "none" else Fraction(self.cap)


class Floor(Model):
    """A minimum a band requires, beside its total: of one node of the rubric (`node`), or of each
    criterion, indicator or section (`each`), as points (`min_points`) or as a share of the max (`min_share`)."""

    node: Code | None = Field(None, description="Mã một phần hoặc một tiêu chí ở bất kỳ cấp nào.")
    each: Literal["criteria", "indicators", "sections"] | None = Field(
        None,
        description="Áp dụng cho từng tiêu chí cấp 1 (criteria), từng chỉ tiêu — tiêu chí được chấm, không có "
        "tiêu chí con (indicators) — hoặc từng phần (sections).",
    )
    min_points: Points | None = Field(None, description="Số điểm tối thiểu.")
    min_share: ExactFraction | None = Field(None, description='Tỉ lệ tối thiểu của điểm tối đa, ví dụ "85%" hoặc 0.85.')


class ClassBand(Model):
    later_fields: ClassVar[tuple[str, ...]] = ("floors",)

    id: Code
    label: Text
    min_total: Points
    min_criterion_share: Share = Field(
        Decimal(0),
        description="Mỗi tiêu chí cấp 1 phải đạt ít nhất tỉ lệ này của điểm tối đa, nếu không bị hạ một mức.",
    )
    floors: list[Floor] = Field(
        default_factory=list,
        description="Các ngưỡng khác của mức: từng phần, tiêu chí hoặc chỉ tiêu phải đạt số điểm hoặc tỉ lệ tối "
        "thiểu. Hai mức có thể cùng tổng điểm tối thiểu và chỉ khác nhau ở ngưỡng.",
    )

    def all_floors(self) -> list[Floor]:
        """The declared floors, `min_criterion_share` first (as a floor on each top-level criterion)."""
        legacy = [Floor(each="criteria", min_share=Fraction(self.min_criterion_share))]
        return [*(legacy if self.min_criterion_share > 0 else []), *self.floors]


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


class Scorer(Model):
    """A body that scores some criteria of every unit (a city department scoring its own field)."""

    id: Code
    name: Text = Field(description="Tên cơ quan chấm, ví dụ: Sở Nội vụ.")


class Rubric(Model):
    """criteria/<rubric>.yaml"""

    later_fields: ClassVar[tuple[str, ...]] = ("self_scored", "scorers", "not_assigned_rule", "province", "year")

    id: Code
    version: Text = Field(description="Phiên bản bộ tiêu chí; tệp cluster.yaml ghim đúng phiên bản này.")
    title: Text
    scale: PositivePoints = Field(description="Thang điểm, thường là 100 hoặc 1000.")
    illustrative: bool = Field(False, description="true nếu bộ tiêu chí chỉ mang tính minh họa.")
    source: Text | None = Field(None, description="Căn cứ ban hành bộ tiêu chí.")
    province: Text | None = Field(
        None, description="Tỉnh, thành phố ban hành bộ tiêu chí; khác tỉnh của cụm thì `emul validate` cảnh báo."
    )
    year: Year | None = Field(
        None, description="Năm áp dụng bộ tiêu chí; khác năm của cụm thì `emul validate` cảnh báo."
    )
    rounding: Rounding = Field(default_factory=Rounding)
    self_scored: bool = Field(
        True,
        description="false nếu đơn vị không tự chấm (chỉ cơ quan thẩm định hoặc các cơ quan chấm cho điểm): "
        "không nhập và không hiển thị điểm tự chấm.",
    )
    scorers: list[Scorer] = Field(
        default_factory=list,
        description="Các cơ quan chấm, mỗi cơ quan chấm phần hoặc tiêu chí của mình (`scored_by`) cho mọi đơn vị.",
    )
    not_assigned_rule: Literal["rescale", "none"] | None = Field(
        None,
        description="Khi đơn vị không được giao một tiêu chí (`not_assigned` trong tệp chấm điểm): rescale quy "
        "tổng điểm các phần về thang điểm (tổng × thang điểm / tổng điểm tối đa được giao); none giữ nguyên. "
        "Bắt buộc nếu có đơn vị khai tiêu chí không giao.",
    )
    sections: list[Section] = Field(min_length=1)
    bonus: CappedSection | None = None
    penalty: CappedSection | None = None
    classification: Classification | None = Field(
        None, description="Xếp loại; bỏ trống nếu bộ tiêu chí không xếp loại."
    )
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

    def nodes(self) -> dict[str, Criterion]:
        """Criteria at every level by id; with duplicate ids (a validation error) the first one wins."""
        found: dict[str, Criterion] = {}
        for section in self.all_sections():
            for criterion in section.criteria:
                for node in criterion.nodes():
                    found.setdefault(node.id, node)
        return found

    def leaves_under(self, ids: Iterable[str]) -> frozenset[str]:
        """The ids of the leaves at or below the criteria `ids` (unknown ids give none)."""
        nodes = self.nodes()
        return frozenset(leaf.id for cid in ids if cid in nodes for leaf in nodes[cid].leaves())

    def scorer_ids(self) -> dict[str, str | None]:
        """The scoring body of every criterion at every level (declared, or inherited from above)."""
        found: dict[str, str | None] = {}

        def walk(criteria: list[Criterion], inherited: str | None) -> None:
            for criterion in criteria:
                scorer = criterion.scored_by or inherited
                found.setdefault(criterion.id, scorer)
                walk(criterion.criteria, scorer)

        for section in self.all_sections():
            walk(section.criteria, section.scored_by)
        return found

    def scorer(self, scorer_id: str | None) -> Scorer | None:
        return next((s for s in self.scorers if s.id == scorer_id), None)

"""One criterion's score for one unit: the self, appraised and computed points, the points retained, and where
they came from."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ..model.rubric import Criterion, Scorer
from .exact import apart_by_more_than
from .methods import Computed
from .records import quick_init


@quick_init
@dataclass(frozen=True)
class Source:
    file: str
    line: int


@quick_init
@dataclass(frozen=True)
class CriterionScore:
    criterion: Criterion
    group: str
    part: str  # "section", "bonus" or "penalty"
    top: str  # the top-level criterion it counts towards (for the classification floors)
    self_points: Fraction | None
    appraised_points: Fraction | None
    peers: tuple[Fraction, ...]
    computed: Computed | None
    final: Fraction
    # The unit's own score as its self total counts it: its self score (at most the max, rounded per criterion
    # when the rubric rounds there); where it entered none, the points retained, so that it makes no difference.
    self_counted: Fraction
    source: Source | None
    evidence: tuple[str, ...]
    maximum: Fraction  # the criterion's max; 0 for a criterion not assigned to the unit
    scorer: Scorer | None = None  # the body that scores it, for a rubric that declares scorers
    assigned: bool = True  # False: not assigned to the unit, it leaves both its points and its max

    @property
    def lost(self) -> Fraction:
        """Points the unit did not get; for a penalty item, the points deducted."""
        return self.final if self.part == "penalty" else self.maximum - self.final

    @property
    def difference(self) -> Fraction | None:
        """Self score minus the points retained (the appraised score, or the peers' result)."""
        if self.self_points is None:
            return None
        return self.self_points - self.final

    def differs_by_more_than(self, threshold: Fraction) -> bool:
        """The self score and the points retained are more than `threshold` (at least 0) apart."""
        return differs_by_more_than(self.self_points, self.final, threshold)


def differs_by_more_than(self_points: Fraction | None, final: Fraction, threshold: Fraction) -> bool:
    """A self score (if any) and the points retained are more than `threshold` (at least 0) apart."""
    return self_points is not None and apart_by_more_than(self_points, final, threshold)

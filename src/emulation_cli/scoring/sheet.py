"""Score every unit of a period: criterion points with provenance, section subtotals, bonus, penalty, total."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..loading.files import Loaded
from ..model.assessment import Assessment, CriterionEntry
from ..model.cluster import Period, ScoringPolicy
from ..model.rubric import CappedSection, Criterion, Rubric, Section
from ..model.units import Unit
from ..validation.project import Project
from .classify import Classified, classify
from .commitments import CommitmentOutcome, feeding, outcomes
from .exact import ZERO
from .methods import Computed, compute
from .reconcile import reconcile


@dataclass(frozen=True)
class Source:
    file: str
    line: int


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

    @property
    def maximum(self) -> Fraction:
        return Fraction(self.criterion.max)

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


@dataclass(frozen=True)
class UnitScore:
    unit: Unit
    criteria: tuple[CriterionScore, ...]
    sections: tuple[tuple[str, Fraction], ...]
    bonus: Fraction
    penalty: Fraction
    total_exact: Fraction
    total: Decimal
    self_sections: tuple[tuple[str, Fraction], ...]  # what the unit's own scores give, section by section
    self_bonus: Fraction
    self_penalty: Fraction
    classification: Classified
    flagged_differences: tuple[CriterionScore, ...]
    has_assessment: bool

    def section(self, section_id: str) -> Fraction:
        return dict(self.sections)[section_id]

    def self_section(self, section_id: str) -> Fraction:
        return dict(self.self_sections)[section_id]

    @property
    def self_total_exact(self) -> Fraction:
        """The total the unit's own scores give: the chênh lệch is self − total."""
        return _sum(value for _id, value in self.self_sections) + self.self_bonus - self.self_penalty

    def self_points_of(self, criterion: Criterion) -> Fraction:
        """The unit's own points of any criterion: a leaf's own, or the sum of the leaves below it."""
        leaves = {leaf.id for leaf in criterion.leaves()}
        return _sum(c.self_counted for c in self.criteria if c.criterion.id in leaves)

    def points_of(self, criterion: Criterion) -> Fraction:
        """Points of any criterion: a leaf's own, or the sum of the leaves below it."""
        leaves = {leaf.id for leaf in criterion.leaves()}
        return _sum(c.final for c in self.criteria if c.criterion.id in leaves)


@dataclass(frozen=True)
class PeriodScores:
    period: Period
    rubric: Rubric
    units: tuple[UnitScore, ...]


def score_period(project: Project, period: Period) -> PeriodScores:
    rubric = project.points_rubric.model
    assessments = project.assessments_for(period.id)
    policy = project.cluster.model.scoring
    covenant = project.covenant.model if project.covenant else None
    units = tuple(
        score_unit(
            project.unit(unit_id),
            assessments.get(unit_id),
            rubric,
            policy,
            outcomes(
                covenant,
                assessments[unit_id].model if unit_id in assessments else None,
                unit_id,
                predecessors=project.roster.predecessors(unit_id, period),
            ),
        )
        for unit_id in project.members(period)
    )
    return PeriodScores(period, rubric, units)


def score_unit(
    unit: Unit,
    assessment: Loaded[Assessment] | None,
    rubric: Rubric,
    policy: ScoringPolicy,
    commitment_outcomes: list[CommitmentOutcome],
) -> UnitScore:
    scores = tuple(
        _score_criterion(leaf, group, part, top, assessment, policy, commitment_outcomes, rubric)
        for group, part, top, leaf in _leaves(rubric)
    )
    sections = tuple((s.id, _sum(c.final for c in scores if c.group == s.id)) for s in rubric.sections)
    bonus = _capped(scores, "bonus", rubric.bonus)
    penalty = _capped(scores, "penalty", rubric.penalty)
    self_sections = tuple((s.id, _sum(c.self_counted for c in scores if c.group == s.id)) for s in rubric.sections)
    total_exact = sum((value for _id, value in sections), ZERO) + bonus - penalty
    total = rubric.rounding.apply(total_exact)
    flagged = tuple(c for c in scores if c.difference is not None and abs(c.difference) > policy.difference_threshold)
    return UnitScore(
        unit,
        scores,
        sections,
        bonus,
        penalty,
        total_exact,
        total,
        self_sections,
        _capped(scores, "bonus", rubric.bonus, own=True),
        _capped(scores, "penalty", rubric.penalty, own=True),
        classify(rubric, Fraction(total), scores),
        flagged,
        assessment is not None,
    )


def _leaves(rubric: Rubric) -> list[tuple[str, str, str, Criterion]]:
    groups: list[tuple[Section | CappedSection, str]] = [(s, "section") for s in rubric.sections]
    groups += [(s, part) for s, part in ((rubric.bonus, "bonus"), (rubric.penalty, "penalty")) if s is not None]
    return [
        (section.id, part, top.id, leaf)
        for section, part in groups
        for top in section.criteria
        for leaf in top.leaves()
    ]


def _score_criterion(
    criterion: Criterion,
    group: str,
    part: str,
    top: str,
    assessment: Loaded[Assessment] | None,
    policy: ScoringPolicy,
    commitment_outcomes: list[CommitmentOutcome],
    rubric: Rubric,
) -> CriterionScore:
    entry = assessment.model.criteria.get(criterion.id) if assessment else None
    computed = compute(criterion, entry.facts if entry else None, feeding(commitment_outcomes, criterion.id))
    self_points, appraised_points, peers = _inputs(entry, computed)
    final = _as_counted(min(reconcile(policy, self_points, appraised_points, peers), Fraction(criterion.max)), rubric)
    self_counted = final if self_points is None else _as_counted(min(self_points, Fraction(criterion.max)), rubric)
    source = _source(assessment, criterion, entry is not None)
    return CriterionScore(
        criterion,
        group,
        part,
        top,
        self_points,
        appraised_points,
        peers,
        computed,
        final,
        self_counted,
        source,
        tuple(entry.evidence) if entry else (),
    )


def _source(assessment: Loaded[Assessment] | None, criterion: Criterion, has_entry: bool) -> Source | None:
    """Where the points come from: the criterion's entry, or for a `commitments` criterion the results of
    the commitments (the `commitments:` block of the assessment)."""
    if assessment is None:
        return None
    if criterion.from_commitments and assessment.model.commitments:
        return Source(assessment.file, assessment.doc.key_pos(("commitments",)).line)
    if has_entry:
        return Source(assessment.file, assessment.doc.key_pos(("criteria", criterion.id)).line)
    return None


def _inputs(
    entry: CriterionEntry | None, computed: Computed | None
) -> tuple[Fraction | None, Fraction | None, tuple[Fraction, ...]]:
    """Self and appraised points: as entered, or computed from the facts when not entered."""
    if entry is None:
        fallback = computed.points if computed else None
        return fallback, fallback, ()
    entered_self = Fraction(entry.self_score) if entry.self_score is not None else None
    entered_appraised = Fraction(entry.appraised) if entry.appraised is not None else None
    computed_points = computed.points if computed else None
    self_points = entered_self if entered_self is not None else computed_points
    appraised = entered_appraised if entered_appraised is not None else computed_points
    return self_points, appraised, tuple(Fraction(v) for _scorer, v in sorted(entry.peers.items()))


def _as_counted(points: Fraction, rubric: Rubric) -> Fraction:
    """Points as they enter a sum: rounded per criterion when the rubric rounds at that level."""
    return Fraction(rubric.rounding.apply(points)) if rubric.rounding.apply_to == "criterion" else points


def _capped(
    scores: tuple[CriterionScore, ...], part: str, section: CappedSection | None, own: bool = False
) -> Fraction:
    """Bonus or penalty points up to the section's cap: the retained points, or with `own` the unit's own."""
    if section is None:
        return ZERO
    return min(_sum(c.self_counted if own else c.final for c in scores if c.part == part), Fraction(section.cap))


def _sum(values: object) -> Fraction:
    return sum(values, ZERO)  # type: ignore[call-overload, no-any-return]

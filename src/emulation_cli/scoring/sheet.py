"""Score every unit of a period: criterion points with provenance, section subtotals, bonus, penalty, total."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from typing import NamedTuple

from ..loading.document import YamlDocument
from ..loading.files import Loaded
from ..model.assessment import Assessment, CriterionEntry
from ..model.cluster import Period, ScoringPolicy
from ..model.rubric import CappedSection, Criterion, Rubric, Scorer, Section
from ..model.units import Unit
from ..validation.project import Project
from .classify import Classified, NodePlan, classify, node_plan
from .commitments import CommitmentOutcome, feeding, outcomes
from .criterion import CriterionScore, Source, differs_by_more_than
from .exact import ZERO, at_most, exact_sum, from_decimal
from .methods import Computed, compute, is_computed
from .reconcile import reconcile
from .relative import Reference, references


@dataclass(frozen=True, eq=False)  # one unit's score of one period: equal only to itself
class UnitScore:
    unit: Unit
    # What its criterion scores are made from, when first asked for (`criteria`): the ranking table adds up
    # only their points; explain, the reports and the JSON read them whole.
    pending: PendingCriteria = field(compare=False, repr=False)
    sections: tuple[tuple[str, Fraction], ...]
    bonus: Fraction
    penalty: Fraction
    total_exact: Fraction
    total: Decimal
    self_sections: tuple[tuple[str, Fraction], ...]  # what the unit's own scores give, section by section
    self_bonus: Fraction
    self_penalty: Fraction
    classification: Classified | None  # None for a rubric without classification
    flagged: tuple[int, ...]  # the places in `criteria` of the flagged differences
    has_assessment: bool
    self_scored: bool = True  # False: the rubric has no self scores (self totals mean nothing)
    not_assigned: tuple[str, ...] = ()  # the criteria not assigned to the unit, as its assessment declares them
    # The scored sections' total is multiplied by this to bring it back to the scale (rescale of criteria
    # not assigned): scale / assigned max, or 1.
    scale_factor: Fraction = Fraction(1)

    @cached_property
    def criteria(self) -> tuple[CriterionScore, ...]:
        """Every leaf criterion's score, in the rubric's order."""
        return self.pending.made()

    @property
    def flagged_differences(self) -> tuple[CriterionScore, ...]:
        """The criteria whose self score and points retained are further apart than the cluster's threshold."""
        return tuple(self.criteria[index] for index in self.flagged)

    @property
    def assigned_max(self) -> Fraction:
        """The max of the scored sections without the criteria not assigned to the unit."""
        return _sum(c.maximum for c in self.criteria if c.part == "section")

    @property
    def rescaled(self) -> bool:
        return self.scale_factor != 1

    def by_scorer(self) -> tuple[tuple[Scorer, Fraction, Fraction], ...]:
        """Per scoring body (in the rubric's order): its points in the scored sections and its bonus points
        (before the bonus cap and the rescale); empty for a rubric without scorers."""
        found: dict[str, tuple[Scorer, Fraction, Fraction]] = {}
        for c in self.criteria:
            if c.scorer is None or c.part == "penalty":
                continue
            scorer, points, bonus = found.get(c.scorer.id, (c.scorer, ZERO, ZERO))
            if c.part == "bonus":
                bonus += c.final
            else:
                points += c.final
            found[c.scorer.id] = (scorer, points, bonus)
        return tuple(found.values())

    def section(self, section_id: str) -> Fraction:
        return dict(self.sections)[section_id]

    def self_section(self, section_id: str) -> Fraction:
        return dict(self.self_sections)[section_id]

    @property
    def self_total_exact(self) -> Fraction:
        """The total the unit's own scores give: the chênh lệch is self − total."""
        sections = _sum(value for _id, value in self.self_sections)
        return sections * self.scale_factor + self.self_bonus - self.self_penalty

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
    """Every member's score. The references of the criteria scored relative to the cluster come first, from
    every member's facts: a unit's points there depend on the others'."""
    rubric = project.points_rubric.model
    assessments = project.assessments_for(period.id)
    policy = project.cluster.model.scoring
    covenant = project.covenant.model if project.covenant else None
    members = project.members(period)
    best = references(rubric, {u: assessments[u].model for u in members if u in assessments})
    plan = rubric_plan(rubric)
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
            best,
            plan,
        )
        for unit_id in members
    )
    return PeriodScores(period, rubric, units)


def score_unit(
    unit: Unit,
    assessment: Loaded[Assessment] | None,
    rubric: Rubric,
    policy: ScoringPolicy,
    commitment_outcomes: list[CommitmentOutcome],
    best: dict[str, Reference] | None = None,
    plan: RubricPlan | None = None,
) -> UnitScore:
    """One unit's score; `plan` is the rubric's (`rubric_plan`), made once for every unit of a period."""
    not_assigned = assessment.model.not_assigned if assessment else ()
    unassigned = rubric.leaves_under(not_assigned) if not_assigned else frozenset()
    context = _UnitInputs(rubric, policy, assessment, commitment_outcomes, best or {}, unassigned)
    plan = rubric_plan(rubric) if plan is None else plan
    counted = _count(plan.leaves, context)
    groups, parts = plan.by_group, plan.by_part
    sections = tuple((s.id, _sum([counted[i].final for i in groups.get(s.id, ())])) for s in rubric.sections)
    bonus = _capped([counted[i] for i in parts.get("bonus", ())], rubric.bonus)
    penalty = _capped([counted[i] for i in parts.get("penalty", ())], rubric.penalty)
    self_sections = tuple(
        (s.id, _sum([counted[i].self_counted for i in groups.get(s.id, ())])) for s in rubric.sections
    )
    factor = scale_factor(rubric, counted)
    total_exact = _sum(value for _id, value in sections) * factor + bonus - penalty
    total = rubric.rounding.apply(total_exact)
    threshold = from_decimal(policy.difference_threshold)  # at least 0: a score is never apart from itself
    flagged = [
        index
        for index, c in enumerate(counted)
        if c.self_points is not c.final and differs_by_more_than(c.self_points, c.final, threshold)
    ]
    return UnitScore(
        unit,
        PendingCriteria(plan.leaves, context, counted),
        sections,
        bonus,
        penalty,
        total_exact,
        total,
        self_sections,
        _capped([counted[i] for i in parts.get("bonus", ())], rubric.bonus, own=True),
        _capped([counted[i] for i in parts.get("penalty", ())], rubric.penalty, own=True),
        classify(rubric, Fraction(total), counted, plan.nodes),
        tuple(flagged),
        assessment is not None,
        rubric.self_scored,
        tuple(assessment.model.not_assigned) if assessment else (),
        factor,
    )


def scale_factor(rubric: Rubric, scores: Sequence[Counted] | Sequence[CriterionScore]) -> Fraction:
    """scale / assigned max when the rubric rescales a unit that has criteria not assigned; otherwise 1."""
    if rubric.not_assigned_rule != "rescale" or all(c.assigned for c in scores):
        return Fraction(1)
    assigned = _sum(c.maximum for c in scores if c.part == "section")
    return Fraction(rubric.scale) / assigned if assigned else Fraction(1)


@dataclass(frozen=True)
class _UnitInputs:
    """What scoring one unit's criteria needs besides the criterion itself."""

    rubric: Rubric
    policy: ScoringPolicy
    assessment: Loaded[Assessment] | None
    commitment_outcomes: list[CommitmentOutcome]
    best: dict[str, Reference]
    unassigned: frozenset[str]  # the leaves not assigned to the unit

    @cached_property
    def entries(self) -> dict[str, CriterionEntry]:
        """The assessment's criterion entries (none without an assessment)."""
        return self.assessment.model.criteria if self.assessment else {}

    @cached_property
    def document(self) -> YamlDocument | None:
        """The assessment's document (for the lines of its entries); None without an assessment."""
        return self.assessment.doc if self.assessment else None

    @cached_property
    def entered_commitments(self) -> bool:
        """The assessment has a `commitments:` block."""
        return bool(self.assessment and self.assessment.model.commitments)

    @cached_property
    def self_scored(self) -> bool:
        return self.rubric.self_scored

    @cached_property
    def rounds_each(self) -> bool:
        """The rubric rounds each criterion's points before they are added up."""
        return self.rubric.rounding.apply_to == "criterion"

    def as_counted(self, points: Fraction) -> Fraction:
        """Points as they enter a sum: rounded per criterion when the rubric rounds at that level."""
        return Fraction(self.rubric.rounding.apply(points)) if self.rounds_each else points


@dataclass(frozen=True)
class Leaf:
    """A leaf criterion with what scoring it takes from the rubric: its section (`group`), the part of the
    rubric it is in, its top-level criterion, its max and its scoring body."""

    criterion: Criterion
    group: str
    part: str  # "section", "bonus" or "penalty"
    top: str
    maximum: Fraction
    scorer: Scorer | None
    from_commitments: bool  # scored from the covenant's commitments (only such a criterion is fed by them)
    computed: bool  # its points are computed from facts (False: entered by hand)

    @cached_property
    def entry_path(self) -> tuple[str, str]:
        """The path of its entry in an assessment."""
        return ("criteria", self.criterion.id)


@dataclass(frozen=True)
class RubricPlan:
    """What scoring a unit takes from the rubric, made once for every unit of a period: its leaves (in the
    rubric's order), and what each node of the scored sections adds up (for the classification's floors)."""

    leaves: tuple[Leaf, ...]
    nodes: NodePlan

    @cached_property
    def by_group(self) -> dict[str, tuple[int, ...]]:
        """The places in `leaves` of each section's leaves (a section's id: the scored sections, the bonus,
        the penalty)."""
        return _places(leaf.group for leaf in self.leaves)

    @cached_property
    def by_part(self) -> dict[str, tuple[int, ...]]:
        """The places in `leaves` of the leaves of each part ("section", "bonus", "penalty")."""
        return _places(leaf.part for leaf in self.leaves)


def _places(keys: Iterable[str]) -> dict[str, tuple[int, ...]]:
    found: dict[str, list[int]] = {}
    for index, key in enumerate(keys):
        found.setdefault(key, []).append(index)
    return {key: tuple(places) for key, places in found.items()}


def rubric_plan(rubric: Rubric) -> RubricPlan:
    return RubricPlan(rubric_leaves(rubric), node_plan(rubric))


def rubric_leaves(rubric: Rubric) -> tuple[Leaf, ...]:
    """Every leaf criterion, in the rubric's order: the scored sections, then the bonus, then the penalty."""
    groups: list[tuple[Section | CappedSection, str]] = [(s, "section") for s in rubric.sections]
    groups += [(s, part) for s, part in ((rubric.bonus, "bonus"), (rubric.penalty, "penalty")) if s is not None]
    scorers = rubric.scorer_ids()
    return tuple(
        Leaf(
            leaf,
            section.id,
            part,
            top.id,
            from_decimal(leaf.max),
            rubric.scorer(scorers.get(leaf.id)),
            leaf.from_commitments,
            is_computed(leaf.method),
        )
        for section, part in groups
        for top in section.criteria
        for leaf in top.leaves()
    )


class Counted(NamedTuple):
    """A leaf criterion's points for a unit, as its sums take them: what scoring works out for every criterion
    at once. Its CriterionScore (with where the points come from and the evidence) is made from them when
    first asked for."""

    criterion: Criterion
    group: str
    part: str
    self_points: Fraction | None
    appraised_points: Fraction | None
    peers: tuple[Fraction, ...]
    computed: Computed | None
    final: Fraction
    self_counted: Fraction
    maximum: Fraction  # 0 for a criterion not assigned to the unit
    assigned: bool
    entry: CriterionEntry | None  # the assessment's entry for it


@dataclass(frozen=True)
class PendingCriteria:
    """A unit's criterion scores, made from their points when first asked for (`UnitScore.criteria`)."""

    leaves: tuple[Leaf, ...]
    context: _UnitInputs
    counted: tuple[Counted, ...]

    def made(self) -> tuple[CriterionScore, ...]:
        return tuple(
            _criterion_score(leaf, self.context, points) for leaf, points in zip(self.leaves, self.counted, strict=True)
        )


def _count(leaves: tuple[Leaf, ...], context: _UnitInputs) -> tuple[Counted, ...]:
    """Every leaf's points for the unit, in one loop over the rubric's leaves (it runs for every criterion of
    every unit: what it reads of the unit is read once, before it)."""
    unassigned, entries, best, outcomes = context.unassigned, context.entries, context.best, context.commitment_outcomes
    self_scored, policy, rounds_each = context.self_scored, context.policy, context.rounds_each
    counted = []
    for leaf in leaves:
        criterion, maximum = leaf.criterion, leaf.maximum
        criterion_id = criterion.id
        if criterion_id in unassigned:  # no points, no max
            counted.append(
                Counted(criterion, leaf.group, leaf.part, None, None, (), None, ZERO, ZERO, ZERO, False, None)
            )
            continue
        entry = entries.get(criterion_id)
        computed = None
        if leaf.computed:
            feeds = feeding(outcomes, criterion_id) if leaf.from_commitments else []
            computed = compute(criterion, entry.facts if entry else None, feeds, best.get(criterion_id))
        self_points, appraised_points, peers = _inputs(entry, computed, self_scored)
        points = reconcile(policy, self_points, appraised_points, peers)
        final = at_most(points, maximum)
        if rounds_each:
            final = context.as_counted(final)
        if self_points is None or self_points is points:
            self_counted = final
        else:
            self_counted = at_most(self_points, maximum)
            if rounds_each:
                self_counted = context.as_counted(self_counted)
        counted.append(
            Counted(
                criterion,
                leaf.group,
                leaf.part,
                self_points,
                appraised_points,
                peers,
                computed,
                final,
                self_counted,
                maximum,
                True,
                entry,
            )
        )
    return tuple(counted)


def _criterion_score(leaf: Leaf, context: _UnitInputs, points: Counted) -> CriterionScore:
    if not points.assigned:
        return _not_assigned(leaf, context)
    entry = points.entry
    return CriterionScore(
        leaf.criterion,
        leaf.group,
        leaf.part,
        leaf.top,
        points.self_points,
        points.appraised_points,
        points.peers,
        points.computed,
        points.final,
        points.self_counted,
        _source(context, leaf, entry is not None),
        tuple(entry.evidence) if entry else (),
        points.maximum,
        leaf.scorer,
    )


def _not_assigned(leaf: Leaf, context: _UnitInputs) -> CriterionScore:
    """A criterion the unit was not assigned: no points, no max; the source is its `not_assigned` list."""
    assessment = context.assessment
    source = Source(assessment.file, assessment.doc.key_pos(("not_assigned",)).line) if assessment else None
    return CriterionScore(
        leaf.criterion,
        leaf.group,
        leaf.part,
        leaf.top,
        None,
        None,
        (),
        None,
        ZERO,
        ZERO,
        source,
        (),
        ZERO,
        leaf.scorer,
        assigned=False,
    )


def _source(context: _UnitInputs, leaf: Leaf, has_entry: bool) -> Source | None:
    """Where the points come from: the criterion's entry, or for a `commitments` criterion the results of
    the commitments (the `commitments:` block of the assessment)."""
    doc = context.document
    if doc is None:
        return None
    if leaf.from_commitments and context.entered_commitments:
        return Source(doc.file, doc.key_line(("commitments",)))
    if has_entry:
        return Source(doc.file, doc.key_line(leaf.entry_path))
    return None


def _inputs(
    entry: CriterionEntry | None, computed: Computed | None, self_scored: bool = True
) -> tuple[Fraction | None, Fraction | None, tuple[Fraction, ...]]:
    """Self and appraised points: as entered, or computed from the facts when not entered; the appraisers
    may correct a computed criterion, the unit may not (its self score is the computed one). A rubric that
    is not self-scored has no self points at all."""
    computed_points = computed.points if computed else None
    if entry is None:
        return (computed_points if self_scored else None), computed_points, ()
    entered_self = from_decimal(entry.self_score) if entry.self_score is not None else None
    entered_appraised = from_decimal(entry.appraised) if entry.appraised is not None else None
    own = computed_points if computed is not None else entered_self
    self_points = own if self_scored else None
    appraised = entered_appraised if entered_appraised is not None else computed_points
    peers = tuple(from_decimal(v) for _scorer, v in sorted(entry.peers.items())) if entry.peers else ()
    return self_points, appraised, peers


def _capped(scores: list[Counted], section: CappedSection | None, own: bool = False) -> Fraction:
    """The bonus or penalty points (`scores`, the criteria of that part) up to the section's cap (if it has
    one): the retained points, or with `own` the unit's own."""
    if section is None:
        return ZERO
    points = _sum([c.self_counted if own else c.final for c in scores])
    return points if section.limit is None else min(points, section.limit)


def _sum(values: Iterable[Fraction]) -> Fraction:
    return exact_sum(values)

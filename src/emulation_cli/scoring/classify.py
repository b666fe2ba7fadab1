"""Classification (xếp loại) by total and by the floors of each band: minima on any node of the rubric (a
section, a criterion at any level, or each criterion, indicator or section), as points or as a share of its max."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Protocol

from ..model.rubric import ClassBand, Classification, Criterion, FallbackBand, Floor, Rubric
from .exact import ZERO, exact_sum

Band = ClassBand | FallbackBand


class LeafPoints(Protocol):
    """What the classification reads of a leaf criterion's score (a CriterionScore, or its points as scoring
    adds them up first)."""

    @property
    def criterion(self) -> Criterion: ...
    @property
    def group(self) -> str: ...
    @property
    def part(self) -> str: ...
    @property
    def final(self) -> Fraction: ...
    @property
    def maximum(self) -> Fraction: ...


@dataclass(frozen=True)
class NodeScore:
    """Points and max of one node of the rubric for one unit (the max without the criteria not assigned)."""

    node: str
    points: Fraction
    maximum: Fraction

    @property
    def share(self) -> Fraction:
        return self.points / self.maximum if self.maximum else ZERO


@dataclass(frozen=True)
class FloorMiss:
    """A floor of `band` that the unit missed: `node` has `points` of `maximum`, below `floor`."""

    band: ClassBand
    floor: Floor
    node: str
    points: Fraction
    maximum: Fraction

    @property
    def share(self) -> Fraction:
        return self.points / self.maximum if self.maximum else ZERO

    @property
    def required(self) -> Fraction:
        """The floor in the floor's own terms: points, or a share of the max."""
        return (
            Fraction(self.floor.min_points)
            if self.floor.min_points is not None
            else Fraction(self.floor.min_share or 0)
        )


@dataclass(frozen=True)
class Classified:
    band: Band
    by_total: Band
    # Every floor missed by the bands passed over, from the band the total reaches down to the one given.
    missed: tuple[FloorMiss, ...] = ()

    @property
    def decided_by(self) -> tuple[FloorMiss, ...]:
        """The floors of the band the total reaches that the unit missed: why its band is lower."""
        return tuple(m for m in self.missed if m.band.id == self.by_total.id)

    @property
    def below_floor(self) -> tuple[tuple[str, Fraction], ...]:
        """(node, share of its max) of each node below a floor of the band the total reaches, once each."""
        seen: dict[str, Fraction] = {}
        for miss in self.decided_by:
            seen.setdefault(miss.node, miss.share)
        return tuple(seen.items())

    @property
    def floor(self) -> Fraction:
        """The share of its max each top-level criterion needs for the band the total reaches (0 for the
        fallback): the band's `min_criterion_share`."""
        return Fraction(getattr(self.by_total, "min_criterion_share", 0))


def classify(
    rubric: Rubric, total: Fraction, scores: Iterable[LeafPoints], plan: NodePlan | None = None
) -> Classified | None:
    """The unit's band; None for a rubric without classification. `plan`: the rubric's `node_plan`, made once
    for every unit of a period (else made here, when a floor needs it)."""
    classification = rubric.classification
    if classification is None:
        return None
    nodes = NodeScores(rubric, scores, plan)
    bands = classification.bands
    by_total_index = next((i for i, b in enumerate(bands) if total >= Fraction(b.min_total)), len(bands))
    if by_total_index == len(bands):
        return Classified(classification.fallback, classification.fallback)
    by_total = bands[by_total_index]
    missed = misses(rubric, by_total, nodes)
    if not missed:
        return Classified(by_total, by_total)
    if classification.floor_rule == "drop_one_band":
        return Classified(_band(classification, by_total_index + 1), by_total, missed)
    all_missed = list(missed)
    for index in range(by_total_index + 1, len(bands)):
        found = misses(rubric, bands[index], nodes)
        if not found:
            return Classified(bands[index], by_total, tuple(all_missed))
        all_missed += found
    return Classified(classification.fallback, by_total, tuple(all_missed))


def _band(classification: Classification, index: int) -> Band:
    bands = classification.bands
    return bands[index] if index < len(bands) else classification.fallback


def misses(rubric: Rubric, band: ClassBand, nodes: NodeScores) -> tuple[FloorMiss, ...]:
    """The floors of `band` the unit misses, in the order declared; a node none of which is assigned to the
    unit (max 0) has no floor."""
    found = []
    for floor in band.all_floors():
        for node in floor_nodes(rubric, floor):
            score = nodes.get(node)
            if score is None or score.maximum == 0:
                continue
            if _below(score, floor):
                found.append(FloorMiss(band, floor, node, score.points, score.maximum))
    return tuple(found)


def _below(score: NodeScore, floor: Floor) -> bool:
    if floor.min_points is not None and score.points < Fraction(floor.min_points):
        return True
    return floor.min_share is not None and score.points < Fraction(floor.min_share) * score.maximum


def floor_nodes(rubric: Rubric, floor: Floor) -> list[str]:
    """The ids of the nodes a floor applies to (in the scored sections, never bonus or penalty)."""
    if floor.node is not None:
        return [floor.node]
    if floor.each == "sections":
        return [s.id for s in rubric.sections]
    if floor.each == "criteria":
        return [c.id for s in rubric.sections for c in s.criteria]
    return [leaf.id for s in rubric.sections for c in s.criteria for leaf in c.leaves()]


# What each node of the scored sections adds up: a criterion (at any level), the ids of the leaves below it
# (itself, for a leaf); a section, its id (it adds up the leaves scored in it). In the rubric's order.
NodePlan = dict[str, tuple[str, ...] | str]


def node_plan(rubric: Rubric) -> NodePlan:
    """Every node of the scored sections and what it adds up; with duplicate ids (a validation error), the
    criterion met last wins over the others and over a section."""
    plan: NodePlan = {}
    for section in rubric.sections:
        for criterion in section.criteria:
            _plan_nodes(criterion, plan)
        plan.setdefault(section.id, section.id)
    return plan


def _plan_nodes(node: Criterion, plan: NodePlan) -> tuple[str, ...]:
    plan[node.id] = ()  # its place in the order, before its children
    below = [leaf for child in node.criteria for leaf in _plan_nodes(child, plan)]
    leaves = tuple(below) if node.criteria else (node.id,)
    plan[node.id] = leaves
    return leaves


class NodeScores:
    """Points and assigned max of the nodes of the scored sections, each added up when first asked for: a
    classification needs only the nodes its floors name, and most bands have none."""

    def __init__(self, rubric: Rubric, scores: Iterable[LeafPoints], plan: NodePlan | None = None) -> None:
        self._rubric = rubric
        self._scores = scores
        self._plan = plan
        self._found: dict[str, NodeScore] = {}

    @cached_property
    def _leaves(self) -> dict[str, LeafPoints]:
        """The leaves of the scored sections by id, gathered when a node is first asked for."""
        return {s.criterion.id: s for s in self._scores if s.part == "section"}

    @property
    def plan(self) -> NodePlan:
        if self._plan is None:
            self._plan = node_plan(self._rubric)
        return self._plan

    def get(self, node: str) -> NodeScore | None:
        """The node's points and max; None for an id that is no node of the scored sections."""
        found = self._found.get(node)
        if found is not None:
            return found
        adds_up = self.plan.get(node)
        if adds_up is None:
            return None
        if isinstance(adds_up, str):
            scores = [s for s in self._leaves.values() if s.group == adds_up]
        else:
            scores = [s for s in (self._leaves.get(leaf) for leaf in adds_up) if s is not None]
        found = NodeScore(node, exact_sum(s.final for s in scores), exact_sum(s.maximum for s in scores))
        self._found[node] = found
        return found

    def every(self) -> dict[str, NodeScore]:
        """Every node's score, in the rubric's order."""
        return {node: score for node in self.plan if (score := self.get(node)) is not None}


def node_scores(rubric: Rubric, scores: Iterable[LeafPoints]) -> dict[str, NodeScore]:
    """Points and assigned max of every section and criterion of the scored sections."""
    return NodeScores(rubric, scores).every()

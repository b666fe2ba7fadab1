"""Classification (xếp loại) by total and by the floors of each band: minima on any node of the rubric (a
section, a criterion at any level, or each criterion, indicator or section), as points or as a share of its max."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from ..model.rubric import ClassBand, Classification, Criterion, FallbackBand, Floor, Rubric
from .criterion import CriterionScore
from .exact import ZERO, exact_sum

Band = ClassBand | FallbackBand


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


def classify(rubric: Rubric, total: Fraction, scores: Iterable[CriterionScore]) -> Classified | None:
    """The unit's band; None for a rubric without classification."""
    classification = rubric.classification
    if classification is None:
        return None
    nodes = node_scores(rubric, scores)
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


def misses(rubric: Rubric, band: ClassBand, nodes: dict[str, NodeScore]) -> tuple[FloorMiss, ...]:
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


def node_scores(rubric: Rubric, scores: Iterable[CriterionScore]) -> dict[str, NodeScore]:
    """Points and assigned max of every section and criterion of the scored sections."""
    leaves = {s.criterion.id: s for s in scores if s.part == "section"}
    found: dict[str, NodeScore] = {}
    for section in rubric.sections:
        for criterion in section.criteria:
            _add_nodes(criterion, leaves, found)
        found.setdefault(section.id, _sum(section.id, [s for s in leaves.values() if s.group == section.id]))
    return found


def _add_nodes(node: Criterion, leaves: dict[str, CriterionScore], found: dict[str, NodeScore]) -> NodeScore:
    """The node's score and, in `found`, the scores of every criterion at or below it (in the rubric's order):
    each node sums its children's sums, so a leaf is added once per level, not once per node above it."""
    found[node.id] = NodeScore(node.id, ZERO, ZERO)  # its place in the order, before its children
    if node.criteria:
        children = [_add_nodes(child, leaves, found) for child in node.criteria]
        score = NodeScore(node.id, exact_sum(c.points for c in children), exact_sum(c.maximum for c in children))
    else:
        leaf = leaves.get(node.id)
        score = NodeScore(node.id, ZERO, ZERO) if leaf is None else NodeScore(node.id, leaf.final, leaf.maximum)
    found[node.id] = score
    return score


def _sum(node: str, scores: list[CriterionScore]) -> NodeScore:
    return NodeScore(node, exact_sum(s.final for s in scores), exact_sum(s.maximum for s in scores))

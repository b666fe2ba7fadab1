"""The shortcuts of scoring give exactly what the plain way gives: the classification, whose node scores are
added up only when a floor asks for them (against every node added up first, as it was done before), the
cap without Fraction's generic comparison, the flagged differences told in integers, a key's line without a
Pos, the heap left out of garbage collection only while a command works on it, the quicker `__init__` of the
records made per criterion, a method found by its class, and a unit's criterion scores made only when asked
for (from the points its sums took), the same as scoring each criterion whole."""

from __future__ import annotations

import gc
from dataclasses import FrozenInstanceError, dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from typing import Any, get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from emulation_cli.commands.heap import loaded_heap_kept
from emulation_cli.loading.document import YamlDocument
from emulation_cli.model.cluster import ScoringPolicy
from emulation_cli.model.rubric import (
    ClassBand,
    Classification,
    Criterion,
    ManualMethod,
    Method,
    RelativeMethod,
    Rubric,
)
from emulation_cli.scoring.classify import (
    Band,
    Classified,
    FloorMiss,
    NodeScore,
    NodeScores,
    classify,
    floor_nodes,
    node_plan,
    node_scores,
)
from emulation_cli.scoring.criterion import CriterionScore, Source
from emulation_cli.scoring.exact import ZERO, apart_by_more_than, at_most, exact_sum, from_decimal
from emulation_cli.scoring.methods import _METHODS, Computed, Input
from emulation_cli.scoring.records import quick_init
from tests.test_exact_arithmetic import fractions, plain_sum, points, rubric_and_entries, score


# ----- the classification as it was computed before: every node first ------------------------------------
def eager_nodes(rubric: Rubric, scores: tuple[CriterionScore, ...]) -> dict[str, NodeScore]:
    leaves = {s.criterion.id: s for s in scores if s.part == "section"}
    found: dict[str, NodeScore] = {}

    def add(node: Criterion) -> NodeScore:
        found[node.id] = NodeScore(node.id, ZERO, ZERO)
        if node.criteria:
            children = [add(child) for child in node.criteria]
            result = NodeScore(node.id, exact_sum(c.points for c in children), exact_sum(c.maximum for c in children))
        else:
            leaf = leaves.get(node.id)
            result = NodeScore(node.id, ZERO, ZERO) if leaf is None else NodeScore(node.id, leaf.final, leaf.maximum)
        found[node.id] = result
        return result

    for section in rubric.sections:
        for criterion in section.criteria:
            add(criterion)
        in_section = [s for s in leaves.values() if s.group == section.id]
        found.setdefault(
            section.id,
            NodeScore(section.id, exact_sum(s.final for s in in_section), exact_sum(s.maximum for s in in_section)),
        )
    return found


def eager_misses(rubric: Rubric, band: ClassBand, nodes: dict[str, NodeScore]) -> tuple[FloorMiss, ...]:
    found = []
    for floor in band.all_floors():
        for node in floor_nodes(rubric, floor):
            score = nodes.get(node)
            if score is None or score.maximum == 0:
                continue
            below = (floor.min_points is not None and score.points < Fraction(floor.min_points)) or (
                floor.min_share is not None and score.points < Fraction(floor.min_share) * score.maximum
            )
            if below:
                found.append(FloorMiss(band, floor, node, score.points, score.maximum))
    return tuple(found)


def eager_classify(rubric: Rubric, total: Fraction, scores: tuple[CriterionScore, ...]) -> Classified | None:
    classification = rubric.classification
    if classification is None:
        return None
    nodes = eager_nodes(rubric, scores)
    bands = classification.bands
    index = next((i for i, b in enumerate(bands) if total >= Fraction(b.min_total)), len(bands))
    if index == len(bands):
        return Classified(classification.fallback, classification.fallback)
    by_total = bands[index]
    missed = eager_misses(rubric, by_total, nodes)
    if not missed:
        return Classified(by_total, by_total)
    if classification.floor_rule == "drop_one_band":
        lower: Band = bands[index + 1] if index + 1 < len(bands) else classification.fallback
        return Classified(lower, by_total, missed)
    all_missed = list(missed)
    for lower_index in range(index + 1, len(bands)):
        found = eager_misses(rubric, bands[lower_index], nodes)
        if not found:
            return Classified(bands[lower_index], by_total, tuple(all_missed))
        all_missed += found
    return Classified(classification.fallback, by_total, tuple(all_missed))


# ----- random classifications over random rubrics -----------------------------------------------------------
@st.composite
def floors(draw: st.DrawFn, node_ids: list[str]) -> dict[str, Any]:
    floor: dict[str, Any] = {}
    if draw(st.booleans()):
        floor["node"] = draw(st.sampled_from([*node_ids, "B.1", "nowhere"]))
    else:
        floor["each"] = draw(st.sampled_from(["criteria", "indicators", "sections"]))
    if draw(st.booleans()):
        floor["min_points"] = draw(st.integers(0, 3000).map(lambda v: Decimal(v).scaleb(-2)))
    else:
        floor["min_share"] = draw(st.integers(0, 100).map(lambda v: Decimal(v).scaleb(-2)))
    return floor


@st.composite
def classified_case(draw: st.DrawFn) -> tuple[Rubric, dict[str, Any], Fraction]:
    rub, entries = draw(rubric_and_entries())
    node_ids = [*(section.id for section in rub.sections), *rub.nodes()]
    scale = int(rub.scale) + 1
    minima = sorted(draw(st.lists(st.integers(0, scale), min_size=1, max_size=4, unique=True)), reverse=True)
    bands = [
        ClassBand.model_validate(
            {
                "id": f"b{i}",
                "label": f"B{i}",
                "min_total": minimum,
                "min_criterion_share": draw(st.sampled_from([Decimal(0), Decimal("0.5"), Decimal("0.75")])),
                "floors": draw(st.lists(floors(node_ids), max_size=3)),
            }
        )
        for i, minimum in enumerate(minima)
    ]
    rule = draw(st.sampled_from(["drop_one_band", "highest_band_met"]))
    classification = Classification.model_validate(
        {"bands": bands, "fallback": {"id": "none", "label": "None"}, "floor_rule": rule}
    )
    total = draw(st.fractions(min_value=-1, max_value=scale, max_denominator=1000))
    return rub.model_copy(update={"classification": classification}), entries, total


@settings(max_examples=200, deadline=None)
@given(classified_case())
def test_classify_with_the_plan_is_classify_with_every_node_added_up(
    case: tuple[Rubric, dict[str, Any], Fraction],
) -> None:
    rub, entries, total = case
    scores = score(rub, entries).criteria
    expected = eager_classify(rub, total, scores)
    assert classify(rub, total, scores) == expected
    assert classify(rub, total, scores, node_plan(rub)) == expected
    assert node_scores(rub, scores) == eager_nodes(rub, scores)
    assert list(node_scores(rub, scores)) == list(eager_nodes(rub, scores))  # the rubric's order


@settings(max_examples=10, deadline=None)
@given(classified_case())
def test_a_node_is_added_up_once_when_asked_for(case: tuple[Rubric, dict[str, Any], Fraction]) -> None:
    rub, entries, _total = case
    nodes = NodeScores(rub, score(rub, entries).criteria)
    assert nodes.get("nowhere") is None
    first = rub.sections[0].id
    assert nodes.get(first) is nodes.get(first)  # added up once


# ----- the other shortcuts ---------------------------------------------------------------------------------
@given(fractions, fractions)
def test_at_most_is_min(value: Fraction, cap: Fraction) -> None:
    assert at_most(value, cap) == min(value, cap)
    assert at_most(value, cap) is min(value, cap)


@given(st.one_of(st.none(), fractions), fractions, fractions.map(abs))
def test_differs_by_more_than_is_the_difference_above_the_threshold(
    self_points: Fraction | None, final: Fraction, threshold: Fraction
) -> None:
    criterion = Criterion.model_validate({"id": "c", "title": "c", "max": 1, "method": {"kind": "manual"}})
    scored = CriterionScore(criterion, "S", "section", "c", self_points, final, (), None, final, final, None, (), ZERO)
    difference = scored.difference
    assert scored.differs_by_more_than(threshold) == (difference is not None and abs(difference) > threshold)


@given(fractions, fractions, fractions)
def test_apart_by_more_than_is_the_distance_above_the_gap(a: Fraction, b: Fraction, gap: Fraction) -> None:
    assert apart_by_more_than(a, b, gap) == (abs(a - b) > gap)
    assert apart_by_more_than(a, a, gap) == (gap < 0)


def test_key_line_is_the_line_of_key_pos() -> None:
    document = YamlDocument(file="a.yaml", data={}, values={(): (1, 1), ("criteria",): (4, 3)}, keys={("a",): (7, 2)})
    for path in [("a",), ("criteria", "x"), ("nowhere",)]:
        assert document.key_line(path) == document.key_pos(path).line


def test_no_cycle_collection_inside_the_block_only() -> None:
    assert gc.isenabled()
    with loaded_heap_kept():
        assert not gc.isenabled()
        with loaded_heap_kept():  # nested: the outer one turns it on again
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_cycle_collection_is_back_when_the_block_fails() -> None:
    try:
        with loaded_heap_kept():
            raise ValueError("boom")
    except ValueError:
        pass
    assert gc.isenabled()


# ----- records made with quick_init are the dataclass's own -------------------------------------------------
@dataclass(frozen=True)
class Plain:
    a: object
    b: object
    c: object = None
    d: bool = True


@quick_init
@dataclass(frozen=True)
class Quick:
    a: object
    b: object
    c: object = None
    d: bool = True


values = st.one_of(st.none(), st.integers(), st.text(max_size=3), fractions)


@given(values, values, st.one_of(st.just(()), st.tuples(values), st.tuples(values, st.booleans())))
def test_quick_init_makes_what_the_dataclass_init_makes(a: object, b: object, rest: tuple[object, ...]) -> None:
    quick, plain = Quick(a, b, *rest), Plain(a, b, *rest)
    assert vars(quick) == vars(plain)
    assert Quick(a=a, b=b) == Quick(a, b) and hash(Quick(a, b)) == hash(Quick(a, b))
    assert repr(quick).replace("Quick", "Plain", 1) == repr(plain)
    assert replace(quick, a=b) == Quick(b, b, *rest)
    with pytest.raises(FrozenInstanceError):
        quick.a = 1  # type: ignore[misc]


def test_quick_init_refuses_what_it_would_not_set() -> None:
    declared = {"__annotations__": {"a": "int"}}
    for refused in (
        dataclass(frozen=True, slots=True)(type("Slotted", (), declared)),
        dataclass(frozen=True)(type("Made", (), {**declared, "a": field(default_factory=list)})),
        dataclass(frozen=True)(type("After", (), {**declared, "__post_init__": lambda self: None})),
        type("NoDataclass", (), {}),
    ):
        with pytest.raises(TypeError):
            quick_init(refused)


def test_the_scoring_records_are_made_quickly() -> None:
    """The records made once per criterion entry use quick_init (its `__init__` is the one it writes)."""
    for record in (CriterionScore, Source, Computed, Input):
        assert "__set" in record.__init__.__globals__, record


def test_every_computed_method_is_found_by_its_class() -> None:
    """Every method of the rubric model but the manual and the relative ones (which compute() handles itself)
    has its points function: a method added to the model and not here would fail at scoring."""
    union, *_metadata = get_args(Method)  # Annotated[A | B | ..., Field(discriminator=...)]
    kinds = set(get_args(union))
    assert set(_METHODS) == kinds - {ManualMethod, RelativeMethod}


# ----- a unit's criterion scores, made when first asked for --------------------------------------------------
@settings(max_examples=60, deadline=None)
@given(rubric_and_entries(), st.sampled_from(["appraised_replaces_self", "mean_of_peers"]), points)
def test_the_criteria_made_when_asked_for_are_what_the_sums_took(
    case: tuple[Rubric, dict[str, Any]], policy: str, threshold: Decimal
) -> None:
    rub, entries = case
    scoring = ScoringPolicy(reconciliation=policy, difference_threshold=threshold)
    result = score(rub, entries, scoring)
    assert "criteria" not in vars(result)  # not made by scoring itself
    criteria = result.criteria
    assert result.criteria is criteria  # made once
    assert [c.criterion.id for c in criteria] == [leaf.id for leaf in rub.leaves().values()]
    for made, counted in zip(criteria, result.pending.counted, strict=True):
        assert (made.final, made.self_counted, made.maximum, made.assigned) == (
            counted.final,
            counted.self_counted,
            counted.maximum,
            counted.assigned,
        )
    assert result.sections == tuple(
        (s.id, plain_sum(c.final for c in criteria if c.group == s.id)) for s in rub.sections
    )
    exact_threshold = from_decimal(threshold)
    assert result.flagged_differences == tuple(c for c in criteria if c.differs_by_more_than(exact_threshold))

"""The cheaper exact arithmetic of scoring gives exactly what plain Fraction arithmetic gives: the sums over one
common denominator, the conversion of decimals, and a whole unit's score on random rubrics and values (sums of
every node, sections, bonus, penalty, total, rounding), against sums computed here with `sum` over Fractions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from emulation_cli.loading.document import YamlDocument
from emulation_cli.loading.files import Loaded
from emulation_cli.model.assessment import Assessment
from emulation_cli.model.cluster import ScoringPolicy
from emulation_cli.model.rubric import Rubric
from emulation_cli.model.units import Unit
from emulation_cli.scoring.classify import node_scores
from emulation_cli.scoring.exact import exact_sum, from_decimal
from emulation_cli.scoring.sheet import UnitScore, score_unit

decimals = st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**9), max_value=10**9)
# Decimals as the YAML gives them: points with a few places, written with or without trailing zeros.
points = st.builds(
    lambda value, places: Decimal(value).scaleb(-places),
    st.integers(0, 4000),
    st.integers(0, 3),
)
fractions = st.one_of(
    st.fractions(max_denominator=10**6),
    decimals.map(Fraction),
    st.integers(-(10**6), 10**6).map(Fraction),
)


@given(st.lists(fractions, max_size=40))
def test_exact_sum_is_the_sum_of_fractions(values: list[Fraction]) -> None:
    total = exact_sum(values)
    assert type(total) is Fraction
    assert total == sum(values, Fraction(0))
    assert (total.numerator, total.denominator) == (
        sum(values, Fraction(0)).numerator,
        sum(values, Fraction(0)).denominator,
    )


def test_exact_sum_of_nothing_is_zero() -> None:
    assert exact_sum([]) == 0 and type(exact_sum([])) is Fraction


@given(st.one_of(decimals, st.integers(-(10**12), 10**12)))
def test_from_decimal_is_fraction_of_the_decimal(value: Decimal | int) -> None:
    exact = from_decimal(value)
    assert type(exact) is Fraction
    assert exact == Fraction(value) and exact.denominator == Fraction(value).denominator


# ----- a whole unit's score --------------------------------------------------------------------------------
@st.composite
def criterion_tree(draw: st.DrawFn, prefix: str, depth: int) -> dict[str, Any]:
    """A criterion with random children; each leaf manual or proportional (the latter gives thirds and
    sevenths: values that no decimal holds)."""
    children = draw(st.integers(0, 3)) if depth < 3 else 0
    if children == 0:
        maximum = draw(points.filter(lambda p: p > 0))
        if draw(st.booleans()):
            method: dict[str, Any] = {"kind": "manual", "evidence_required": False}
        else:
            method = {"kind": "proportional", "target": draw(points.filter(lambda p: p > 0))}
        return {"id": prefix, "title": prefix, "max": maximum, "method": method}
    kids = [draw(criterion_tree(f"{prefix}.{i + 1}", depth + 1)) for i in range(children)]
    return {"id": prefix, "title": prefix, "max": sum(k["max"] for k in kids), "criteria": kids}


@st.composite
def rubric_and_entries(draw: st.DrawFn) -> tuple[Rubric, dict[str, Any]]:
    sections = []
    for s in range(draw(st.integers(1, 3))):
        tops = [draw(criterion_tree(f"S{s + 1}.{c + 1}", 1)) for c in range(draw(st.integers(1, 3)))]
        sections.append({"id": f"S{s + 1}", "title": "s", "max": sum(t["max"] for t in tops), "criteria": tops})
    bonus_per, penalty_per = draw(points.filter(lambda p: p > 0)), draw(points.filter(lambda p: p > 0))
    data = {
        "id": "r",
        "version": "1",
        "title": "R",
        "scale": sum(s["max"] for s in sections),
        "sections": sections,
        "bonus": {
            "id": "B",
            "title": "b",
            "cap": 5,
            "criteria": [{"id": "B.1", "title": "b", "max": 7, "method": {"kind": "per_occurrence", "per": bonus_per}}],
        },
        "penalty": {
            "id": "P",
            "title": "p",
            "cap": 3,
            "criteria": [
                {"id": "P.1", "title": "p", "max": 4, "method": {"kind": "per_occurrence", "per": penalty_per}}
            ],
        },
        "rounding": {
            "decimals": draw(st.integers(0, 3)),
            "mode": draw(st.sampled_from(["half_up", "half_even", "down"])),
        },
    }
    rub = Rubric.model_validate(data)
    entries: dict[str, Any] = {}
    for leaf in rub.leaves().values():
        if leaf.method is not None and leaf.method.kind == "proportional":
            entries[leaf.id] = {"facts": {"actual": draw(points)}}
        elif leaf.method is not None and leaf.method.kind == "per_occurrence":
            entries[leaf.id] = {"facts": {"count": draw(st.integers(0, 9))}}
        elif draw(st.booleans()):  # above the max too: capped
            entries[leaf.id] = {"self": draw(points), "appraised": draw(points)}
            if draw(st.booleans()):
                entries[leaf.id]["peers"] = {f"p{i}": draw(points) for i in range(draw(st.integers(1, 4)))}
    return rub, entries


def score(rub: Rubric, entries: dict[str, Any], policy: ScoringPolicy | None = None) -> UnitScore:
    assessment = Assessment.model_validate({"unit": "u", "period": "2025", "criteria": entries})
    unit = Unit.model_validate({"id": "u", "name": "U", "short_name": "u", "membership": [{"start": date(2025, 1, 1)}]})
    return score_unit(
        unit, Loaded(assessment, YamlDocument(file="u.yaml", data={})), rub, policy or ScoringPolicy(), []
    )


def plain_sum(values: Any) -> Fraction:
    return sum(values, Fraction(0))


@settings(max_examples=150, deadline=None)
@given(rubric_and_entries(), st.sampled_from(["appraised_replaces_self", "mean_of_peers"]))
def test_a_units_score_is_what_plain_fraction_sums_give(case: tuple[Rubric, dict[str, Any]], policy: str) -> None:
    rub, entries = case
    result = score(rub, entries, ScoringPolicy(reconciliation=policy))
    finals = {c.criterion.id: c for c in result.criteria}
    for c in result.criteria:
        assert c.maximum == Fraction(c.criterion.max)
        entry = entries.get(c.criterion.id, {})
        peers = tuple(Fraction(v) for _id, v in sorted(entry.get("peers", {}).items()))
        assert c.peers == peers
        if "appraised" in entry:  # a manual criterion
            retained = plain_sum(peers) / len(peers) if peers and policy == "mean_of_peers" else entry["appraised"]
            assert c.final == min(Fraction(retained), Fraction(c.criterion.max))
            assert c.self_counted == min(Fraction(entry["self"]), Fraction(c.criterion.max))
    sections = {
        s.id: plain_sum(finals[leaf.id].final for top in s.criteria for leaf in top.leaves()) for s in rub.sections
    }
    assert dict(result.sections) == sections
    self_sections = {
        s.id: plain_sum(finals[leaf.id].self_counted for top in s.criteria for leaf in top.leaves())
        for s in rub.sections
    }
    assert dict(result.self_sections) == self_sections
    bonus = min(finals["B.1"].final, Fraction(5))
    penalty = min(finals["P.1"].final, Fraction(3))
    assert (result.bonus, result.penalty) == (bonus, penalty)
    total = plain_sum(sections.values()) + bonus - penalty
    assert result.total_exact == total
    assert result.total == rub.rounding.apply(total)

    nodes = node_scores(rub, result.criteria)
    for node in (node for section in rub.sections for top in section.criteria for node in top.nodes()):
        leaves = node.leaves()
        assert nodes[node.id].points == plain_sum(finals[leaf.id].final for leaf in leaves)
        assert nodes[node.id].maximum == plain_sum(Fraction(leaf.max) for leaf in leaves)
    for section in rub.sections:
        assert nodes[section.id].points == sections[section.id]

"""The sentences of the documents, as the officer may reword them: a key each, filled with values already formatted.

The shipped wording is `templates/report/phrases.yaml`; a cluster rewords any of its keys in its own
`templates/phrases.yaml`. A phrase is filled by plain substitution of `{name}` fields, never by str.format:
an officer's file must not reach attributes or items of the values (`{unit.__class__}`), nor format them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ..errors import InternalError


@dataclass(frozen=True)
class Takes:
    """The fields a phrase may use, and those it must keep (the fact the sentence is there to say)."""

    fields: frozenset[str]
    required: frozenset[str] = frozenset()


def _takes(*fields: str, required: tuple[str, ...] = ()) -> Takes:
    return Takes(frozenset(fields), frozenset(required))


# Every phrase the documents use, with its fields. A phrase not listed here cannot be used; the shipped
# file holds exactly these keys (tests/test_phrases.py).
SPEC: Mapping[str, Takes] = MappingProxyType(
    {
        "strengths.commitments_met": _takes("met", "total", "group", required=("met", "total")),
        "strengths.commitments_on_schedule": _takes("met", "total", "group", required=("met", "total")),
        "strengths.top_band": _takes("count", "total", "band", "group", required=("count", "band")),
        "strengths.leader_points": _takes("unit", "points", "group", required=("unit",)),
        "strengths.leader_votes": _takes("unit", "votes", "valid", "percent", "group", required=("unit",)),
        "shortcomings.not_met": _takes("unit", "commitment", required=("unit", "commitment")),
        "shortcomings.not_met_figures": _takes(
            "unit", "commitment", "indicator", "actual", "target", required=("unit", "commitment")
        ),
        "shortcomings.behind": _takes("unit", "commitment", required=("unit", "commitment")),
        "shortcomings.behind_figures": _takes(
            "unit", "commitment", "indicator", "actual", "target", required=("unit", "commitment")
        ),
        "shortcomings.no_data": _takes("unit", "commitment", required=("unit", "commitment")),
        "shortcomings.below_floor": _takes("unit", "by_total", "criteria", "band", required=("unit", "band")),
        "shortcomings.large_difference": _takes("unit", "criteria", required=("unit",)),
        "tasks.commitment": _takes("commitment", required=("commitment",)),
        "tasks.next_covenant": _takes("year", "group"),
        "target.pro_rata": _takes("target", "year_target", "end", "rounding", required=("target",)),
        "target.rounded_up": _takes(),
        "target.rounded_down": _takes(),
        "scale.assigned": _takes("assigned", "scale", required=("assigned",)),
        "scale.rescaled": _takes("points", "assigned", "scale", "scaled", required=("scaled",)),
        "ranking.basis_points": _takes(),
        "ranking.basis_votes": _takes(),
        "ranking.rule": _takes(),
        "ranking.rule_limited": _takes("choices", required=("choices",)),
        "ranking.tie": _takes("units", "votes", "rank", required=("units",)),
        "ranking.placed": _takes("rank", required=("rank",)),
        "ranking.placed_tied": _takes("rank", required=("rank",)),
        "ballot.counted": _takes(),
        "ballot.not_held": _takes(),
        "ballot.inquorate": _takes(),
        "awards.awaiting_vote": _takes("unit", required=("unit",)),
        "awards.tie_at_quota": _takes("units", required=("units",)),
        "awards.none_eligible": _takes(),
        "awards.provisional": _takes("award", "units", required=("units",)),
        "passed_over.ranked": _takes("unit", "rank", "reasons", required=("unit", "reasons")),
        "passed_over.unranked": _takes("unit", "reasons", required=("unit", "reasons")),
        "passed_over.classification": _takes("band", "minimum"),
        "passed_over.gates_failed": _takes("gates", required=("gates",)),
        "passed_over.gates_missing": _takes("gates", required=("gates",)),
        "passed_over.vote_failed": _takes("in_favour", "valid", "needed", "basis"),
        "departure.merged": _takes("bodies", "date", required=("bodies",)),
        "departure.split": _takes("bodies", "date", required=("bodies",)),
        "departure.dissolved": _takes("date"),
        "departure.left": _takes("date"),
        "departure.outside": _takes("body", required=("body",)),
        "departure.commitments_passed": _takes("commitments", "bodies", "date", required=("commitments",)),
        "departure.commitments_closed": _takes("commitments", "date", required=("commitments",)),
        "role.cum_truong": _takes("group"),
        "role.cum_pho": _takes("group"),
        "role.thanh_vien": _takes("group"),
        "status.met": _takes(),
        "status.not_met": _takes(),
        "status.no_data": _takes(),
        "progress.met": _takes(),
        "progress.not_met": _takes(),
        "progress.no_data": _takes(),
        "note.tie_unresolved": _takes(),
        "note.large_difference": _takes(),
        "note.below_floor": _takes(),
        "note.no_assessment": _takes(),
        "note.not_assigned": _takes(),
        "vote.passed": _takes(),
        "vote.failed": _takes(),
        "vote.inquorate": _takes(),
        "vote.not_held": _takes(),
    }
)

# `{name}` with a plain name, or the doubled braces that stand for one brace.
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_NAME = re.compile(r"[a-z_][a-z0-9_]*\Z")


@dataclass(frozen=True)
class Field:
    """A `{…}` of a phrase and where it starts in the phrase's text (for located messages)."""

    text: str
    offset: int

    @property
    def name(self) -> str | None:
        """The field's name, or None when it is no plain name (attributes, items, formats, conversions)."""
        return self.text if _NAME.match(self.text) else None


@dataclass(frozen=True)
class Parsed:
    fields: tuple[Field, ...]
    stray_brace: int | None  # offset of a lone '{' or '}', when there is one


def parse(text: str) -> Parsed:
    fields: list[Field] = []
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token in ("{", "}"):
            return Parsed(tuple(fields), match.start())
        if match.group(1) is not None:
            fields.append(Field(match.group(1), match.start()))
    return Parsed(tuple(fields), None)


def fill(text: str, values: Mapping[str, str]) -> str:
    """The phrase with each `{name}` replaced by its value; `{{` and `}}` become one brace."""

    def one(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        name = match.group(1)
        if name is None or name not in values:
            raise InternalError(f"phrase field {token!r} has no value (validation lets none through)")
        return values[name]

    return _TOKEN.sub(one, text)


@dataclass(frozen=True)
class Phrases:
    """The wording in force for one cluster: the shipped phrases with the cluster's own in their place."""

    texts: Mapping[str, str]

    def say(self, key: str, **values: str | int) -> str:
        takes = SPEC[key].fields
        if set(values) != takes:
            raise InternalError(f"phrase {key} is filled with {sorted(values)}, it takes {sorted(takes)}")
        return fill(self.texts[key], {name: str(value) for name, value in values.items()})

    def with_own(self, own: Mapping[str, str]) -> Phrases:
        return Phrases(MappingProxyType({**self.texts, **own}))

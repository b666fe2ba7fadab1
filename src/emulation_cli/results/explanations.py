"""How a computed score was reached, in words: the inputs of a scoring method and its rule, written in the
current language (or the one asked for: the documents are always Vietnamese).

The one place that turns `scoring.methods.Computed` into text: numbers exact (20, 97,5, 6/7) with the
decimal comma in Vietnamese, yes/no as words, a missing input as '—'."""

from __future__ import annotations

import os
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from ..i18n import N_, current_language, in_language
from ..model.rubric import (
    BandedMethod,
    CommitmentsMethod,
    DeductionMethod,
    DoneMethod,
    PerOccurrenceMethod,
    PriorAwardMethod,
    ProportionalMethod,
    RelativeMethod,
    StepMethod,
)
from ..scoring.classify import FloorMiss
from ..scoring.criterion import CriterionScore
from ..scoring.methods import Computed, Input, InputValue
from ..text.numbers import Numbers

MISSING = "—"

_INPUT_NAMES = {
    "actual": N_("actual"),
    "target": N_("target"),
    "count": N_("count"),
    "done": N_("done"),
    # "award" alone is already the catalog's word for a form of award (hình thức khen thưởng).
    "award": N_("prior award"),
    "met": N_("met"),
    "commitments": N_("commitments"),
    "not_met": N_("not met"),
    "best": N_("best in the cluster"),
}
_YES, _NO = N_("yes"), N_("no")
_SELF, _APPRAISED, _PEERS = N_("self={points}"), N_("appraised={points}"), N_("peers={points}")
_NO_ENTRY = N_("(no entry)")

# The variables of a rule are named as the inputs are (actual, target, count, met, commitments).
_DONE = N_("{max} if done else 0")
_PROPORTIONAL = N_("{max} × min(actual / target, 1)")
_BANDED = N_("{max} × share(actual / target; {bands})")
_BAND = N_("≥{ratio}→{share}")
_DEDUCTION = N_("max({max} − {per} × count, 0)")
_DEDUCTION_WITHOUT_COUNT = N_("max({max} − {per} × count, 0); count missing → 0")
_STEP = N_("min({points} × ⌊(actual − {base}) / {step}⌋, {max})")
_PER_OCCURRENCE = N_("min({per} × count, {max})")
_PRIOR_AWARD = N_("table[prior award], at most {max}")
_PRIOR_AWARDS_MAX = N_("highest of table[prior award], at most {max}")
_PRIOR_AWARDS_SUM = N_("sum of table[prior award], at most {max}")
_COMMITMENTS = N_("{max} × met / commitments")
# A criterion scored relative to the cluster: the branch that applies to the unit.
_RELATIVE_ABOVE = N_("{max} × ({share} + (1 − {share}) × (actual − target) / (best − target))")
_RELATIVE_AT_TARGET = N_("{max} × {share} (no unit above the target)")
_RELATIVE_BELOW = N_("{max} × {share} × actual / target")
_RELATIVE_BELOW_ZERO = N_("0 below the target")

# The floors of a classification band that a unit missed, grouped by what they require.
_SHARE_FLOOR = N_("the {floor}% floor: {ids}")
_POINTS_FLOOR = N_("{points} points: {ids}")
_MISS_SHARE = N_("{node}: {points} of {max} points ({share}%), below the floor of {required}%")
_MISS_POINTS = N_("{node}: {points} of {max} points, below the floor of {required} points")


def input_name(name: str, language: str | None = None) -> str:
    """'thực tế' / 'actual'; a name this module does not know stays as it is."""
    message = _INPUT_NAMES.get(name)
    return name if message is None else _Writer(language).translate(message)


def input_value(value: InputValue, language: str | None = None) -> str:
    """'97,5' / '97.5', '6/7', 'có' / 'yes', '—' for a value not reported (or an empty list of ids)."""
    writer = _Writer(language)
    if value is None or value == "":
        return MISSING
    if isinstance(value, bool):
        return writer.translate(_YES if value else _NO)
    if isinstance(value, Fraction):
        return writer.number(value)
    return value


def inputs_text(inputs: tuple[Input, ...], language: str | None = None) -> str:
    """'thực tế: 97,5; mục tiêu: 95': the inputs as the score sheets list them."""
    return "; ".join(f"{input_name(i.name, language)}: {input_value(i.value, language)}" for i in inputs)


def list_separator(language: str | None = None) -> str:
    """'; ' in Vietnamese, where ',' is the decimal mark; ', ' otherwise."""
    return "; " if _Writer(language).decimal_comma else ", "


def criterion_inputs_text(
    score: CriterionScore, self_scored: bool, numbers: Numbers, language: str | None = None
) -> str:
    """'thực tế=97,5; mục tiêu=95; 20 × min(thực tế / mục tiêu, 1)': a criterion's inputs, the points scored
    by the unit itself, the appraisal or the peers where they differ from the computed points, and the rule."""
    writer = _Writer(language)
    computed = score.computed
    parts = (
        [f"{input_name(i.name, language)}={input_value(i.value, language)}" for i in computed.inputs]
        if computed
        else []
    )
    if self_scored and (computed is None or score.self_points != computed.points):
        parts.append(writer.translate(_SELF).format(points=numbers.points_or_dash(score.self_points)))
    if computed is None or score.appraised_points != computed.points:
        parts.append(writer.translate(_APPRAISED).format(points=numbers.points_or_dash(score.appraised_points)))
    if score.peers:
        peers = "/".join(numbers.points_or_dash(p) for p in score.peers)
        parts.append(writer.translate(_PEERS).format(points=peers))
    if computed is not None:
        parts.append(rule_text(computed, language))
    return list_separator(language).join(parts)


def source_text(score: CriterionScore, root: Path, language: str | None = None) -> str:
    """file:line of the entry, relative to the cluster folder: 'assessments/2023/so-yte.yaml:12'."""
    if score.source is None:
        return _Writer(language).translate(_NO_ENTRY)
    return f"{Path(os.path.relpath(score.source.file, root)).as_posix()}:{score.source.line}"


def rule_text(computed: Computed, language: str | None = None) -> str:
    """The rule with its exact parameters: '20 × min(thực tế / mục tiêu, 1)' / '20 × min(actual / target, 1)'."""
    writer = _Writer(language)
    method, maximum = computed.method, computed.maximum
    match method:
        case DoneMethod():
            return writer.say(_DONE, max=maximum)
        case ProportionalMethod():
            return writer.say(_PROPORTIONAL, max=maximum)
        case BandedMethod():
            bands = list_separator(language).join(
                writer.say(_BAND, ratio=band.min_ratio, share=band.share) for band in method.bands
            )
            return writer.translate(_BANDED).format(max=writer.number(maximum), bands=bands)
        case DeductionMethod():
            message = _DEDUCTION_WITHOUT_COUNT if computed.input("count") is None else _DEDUCTION
            return writer.say(message, max=maximum, per=method.per)
        case StepMethod():
            return writer.say(_STEP, points=method.points, base=method.base, step=method.step, max=maximum)
        case PerOccurrenceMethod():
            return writer.say(_PER_OCCURRENCE, per=method.per, max=maximum)
        case PriorAwardMethod():
            combine = {None: _PRIOR_AWARD, "max": _PRIOR_AWARDS_MAX, "sum": _PRIOR_AWARDS_SUM}[method.combine]
            return writer.say(combine, max=maximum)
        case CommitmentsMethod():
            return writer.say(_COMMITMENTS, max=maximum)
        case RelativeMethod():
            return _relative_rule(writer, computed, method)


def _relative_rule(writer: _Writer, computed: Computed, method: RelativeMethod) -> str:
    actual = computed.input("actual")
    share = Fraction(method.at_target_share)
    reached = isinstance(actual, Fraction) and actual >= Fraction(method.target)
    if reached:
        message = _RELATIVE_AT_TARGET if computed.input("best") is None else _RELATIVE_ABOVE
    else:
        message = _RELATIVE_BELOW if method.below_target == "proportional" else _RELATIVE_BELOW_ZERO
    return writer.say(message, max=computed.maximum, share=share)


def floors_text(misses: tuple[FloorMiss, ...], language: str | None = None) -> str:
    """'the 85% floor: I.1, I.2; 5 points: II.3': the floors missed, each with the nodes below it."""
    writer = _Writer(language)
    groups: dict[tuple[bool, Fraction], list[str]] = {}
    for miss in misses:
        ids = groups.setdefault((miss.floor.min_points is not None, miss.required), [])
        if miss.node not in ids:
            ids.append(miss.node)
    parts = []
    for (points, required), ids in groups.items():
        message = _POINTS_FLOOR if points else _SHARE_FLOOR
        value = writer.number(required if points else required * 100)
        parts.append(writer.translate(message).format(floor=value, points=value, ids=", ".join(ids)))
    return "; ".join(parts)


def floor_miss_text(miss: FloorMiss, language: str | None = None) -> str:
    """'II.3: 4 of 10 points, below the floor of 5 points' / 'I.2: 8 of 10 points (80%), below the floor of 85%'."""
    writer = _Writer(language)
    numbers = Numbers(comma=writer.decimal_comma)
    values = {"node": miss.node, "points": writer.number(miss.points), "max": writer.number(miss.maximum)}
    if miss.floor.min_points is not None:
        return writer.translate(_MISS_POINTS).format(required=writer.number(miss.required), **values)
    share, required = numbers.trimmed(miss.share * 100), numbers.trimmed(miss.required * 100)
    return writer.translate(_MISS_SHARE).format(share=share, required=required, **values)


class _Writer:
    """Translation and numbers in one language."""

    def __init__(self, language: str | None) -> None:
        self.language = language or current_language()
        self.decimal_comma = self.language == "vi"

    def translate(self, message: str) -> str:
        return in_language(self.language, message)

    def number(self, value: Fraction | Decimal) -> str:
        """Exact: 20, 0,5 (0.5), 6/7 when the decimals would not end."""
        return Numbers(comma=self.decimal_comma).plain(value)

    def say(self, message: str, **numbers: Fraction | Decimal) -> str:
        return self.translate(message).format(**{key: self.number(value) for key, value in numbers.items()})

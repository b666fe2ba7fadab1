"""How a computed score was reached, in words: the inputs of a scoring method and its rule, written in the
current language (or the one asked for: the documents are always Vietnamese).

The one place that turns `scoring.methods.Computed` into text: numbers exact (20, 97,5, 6/7) with the
decimal comma in Vietnamese, yes/no as words, a missing input as '—'."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from ..i18n import N_, current_language, in_language
from ..model.rubric import (
    BandedMethod,
    CommitmentsMethod,
    DeductionMethod,
    DoneMethod,
    PerOccurrenceMethod,
    PriorAwardMethod,
    ProportionalMethod,
    StepMethod,
)
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
}
_YES, _NO = N_("yes"), N_("no")

# How a criterion is scored, as the score sheets, the workbook and `emul explain` name it.
_METHOD_NAMES = {
    "manual": N_("Scored by hand"),
    "done": N_("Done or not"),
    "proportional": N_("Share of the target"),
    "banded": N_("By level reached"),
    "deduction": N_("Deduction per occurrence"),
    "step": N_("Points per step"),
    "commitments": N_("From the covenant's commitments"),
    "prior_award": N_("From a prior award"),
    "per_occurrence": N_("Points per occurrence"),
}

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
_COMMITMENTS = N_("{max} × met / commitments")


def method_name(kind: str, language: str | None = None) -> str:
    """'Chấm trực tiếp' / 'Scored by hand': how a criterion is scored."""
    return _Writer(language).translate(_METHOD_NAMES[kind])


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
            return writer.say(_PRIOR_AWARD, max=maximum)
        case CommitmentsMethod():
            return writer.say(_COMMITMENTS, max=maximum)


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

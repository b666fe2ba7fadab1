"""Numbers as every output shows them: one formatter that knows the rubric's declared rounding and the
reader's decimal mark. The JSON keeps a machine form (decimal point, exact values); people get the
Vietnamese decimal comma."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..model.rubric import Rounding, round_to

PERCENT_DECIMALS = 2  # a vote share or a fulfilment rate: 83,33%, rounded half up


def decimal_text(value: Fraction | Decimal, decimals: int, mode: str = "half_up") -> str:
    """Machine form of a rounded number: '97.84' (never '-0.00': what rounds to zero has no sign)."""
    exact = value if isinstance(value, Fraction) else Fraction(value)
    rounded = round_to(exact, decimals, mode)
    return format(rounded.copy_abs() if rounded.is_zero() else rounded, "f")


def exact_text(value: Fraction | Decimal | int) -> str:
    """Machine form of an exact value: a terminating decimal as such ('0.815'), otherwise 'n/d'."""
    exact = Fraction(value)
    denominator = exact.denominator
    while denominator % 2 == 0:
        denominator //= 2
    while denominator % 5 == 0:
        denominator //= 5
    if denominator != 1:
        return f"{exact.numerator}/{exact.denominator}"
    return format(round_to(exact, 40).normalize(), "f")


def said_exact(value: Fraction | Decimal | int) -> str:
    """An exact value in a message to the officer: the machine form with the reader's decimal mark (47,5 in
    Vietnamese, 47.5 in English)."""
    from ..i18n import current_language

    return Numbers(comma=current_language() == "vi").plain(value)


@dataclass(frozen=True)
class Numbers:
    """How one output shows numbers: the rubric's decimals and rounding mode, and the decimal mark."""

    decimals: int = 2
    mode: str = "half_up"
    comma: bool = True

    @classmethod
    def of(cls, rounding: Rounding, comma: bool) -> Numbers:
        return cls(rounding.decimals, rounding.mode, comma)

    def mark(self, text: str) -> str:
        return text.replace(".", ",") if self.comma else text

    def points(self, value: Fraction | Decimal) -> str:
        """Points rounded the declared way, trailing zeros kept: '97,84', '5,00'."""
        return self.mark(decimal_text(value, self.decimals, self.mode))

    def points_or_dash(self, value: Fraction | Decimal | None) -> str:
        return "—" if value is None else self.points(value)

    def signed(self, value: Fraction | Decimal) -> str:
        """A change: '+1,25', '−0,50', '0,00' (the sign of what is shown: −0,001 is '0,00')."""
        rounded = Fraction(decimal_text(value, self.decimals, self.mode))
        shown = self.points(abs(rounded))
        return ("+" if rounded > 0 else "−" if rounded < 0 else "") + shown

    def plain(self, value: Fraction | Decimal | int) -> str:
        """A declared number as written (100, 2,5, 6/7): no padding, no rounding."""
        return self.mark(exact_text(value))

    def as_written(self, value: Decimal) -> str:
        """A figure as the officer typed it (97.5, 95.00), with the reader's decimal mark."""
        return self.mark(format(value, "f"))

    def trimmed(self, value: Fraction, decimals: int = 2) -> str:
        """At most `decimals` decimals, half up, without trailing zeros: '0,99', '12'."""
        text = decimal_text(value, decimals)
        return self.mark(text.rstrip("0").rstrip(".") if "." in text else text)

    def percent(self, share: Fraction) -> str:
        """A share as a percentage: '83,33%'."""
        return self.mark(decimal_text(share * 100, PERCENT_DECIMALS)) + "%"


def shown_at_least(value: Fraction, decimals: int = 2) -> Decimal:
    """Enough, never less: the value itself when it has at most 6 decimals (shown with at least `decimals`),
    otherwise rounded up at 6, so that it is never below the value nor a millionth above it."""
    for places in range(decimals, 7):
        shown = round_to(value, places)
        if Fraction(shown) == value:
            return shown
    return round_to(value + Fraction(1, 10**6), 6, "down")

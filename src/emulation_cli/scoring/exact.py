"""Exact arithmetic: everything is a Fraction until the declared rounding turns it into a Decimal."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

from ..model.rubric import Rounding

ZERO = Fraction(0)
_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "down": ROUND_DOWN}


def round_to(value: Fraction, decimals: int, mode: str = "half_up") -> Decimal:
    """Round an exact value once. A fraction that lies exactly on a rounding boundary has a terminating
    decimal expansion, so 80 significant digits represent it exactly and the rounding is exact too."""
    with localcontext() as context:
        context.prec = 80
        quotient = Decimal(value.numerator) / Decimal(value.denominator)
        return quotient.quantize(Decimal(1).scaleb(-decimals), rounding=_MODES[mode])


def apply_rounding(value: Fraction, rounding: Rounding) -> Decimal:
    return round_to(value, rounding.decimals, rounding.mode)

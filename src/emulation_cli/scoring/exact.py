"""Exact arithmetic: everything is a Fraction until the rubric's declared rounding (`Rounding.apply`, in
model/rubric.py) turns it into a Decimal.

The rubric's points and the assessments' values are decimals, so the denominators met in scoring are almost
all powers of ten. `exact_sum` adds over one common denominator and reduces once at the end, instead of
reducing after every addition as `sum` over Fractions does; `from_decimal` skips the abstract-class checks of
`Fraction(Decimal)`. Both give exactly the Fraction the plain operations give."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from math import gcd

ZERO = Fraction(0)
ONE = Fraction(1)


def exact_sum(values: Iterable[Fraction]) -> Fraction:
    """The exact sum of the values (0 for none)."""
    numerator, denominator = 0, 1
    for value in values:
        value_denominator = value.denominator
        if value_denominator == denominator:
            numerator += value.numerator
            continue
        common = denominator // gcd(denominator, value_denominator) * value_denominator
        numerator = numerator * (common // denominator) + value.numerator * (common // value_denominator)
        denominator = common
    return Fraction(numerator, denominator)


@lru_cache(maxsize=8192)  # the rubric's parameters and many entered values recur from criterion to criterion
def from_decimal(value: Decimal | int) -> Fraction:
    """The exact value of a finite decimal (or an integer)."""
    return Fraction(*value.as_integer_ratio())


def apart_by_more_than(a: Fraction, b: Fraction, gap: Fraction) -> bool:
    """|a − b| > gap, told in integers: without the two Fractions that subtracting and comparing would make,
    nor their comparison's type checks."""
    a_numerator, a_denominator, b_numerator, b_denominator = a.numerator, a.denominator, b.numerator, b.denominator
    if a_numerator == b_numerator and a_denominator == b_denominator:  # equal (both are in lowest terms)
        return gap < 0
    # |a_n/a_d − b_n/b_d| > g_n/g_d, with every denominator positive
    difference = abs(a_numerator * b_denominator - b_numerator * a_denominator)
    return difference * gap.denominator > gap.numerator * a_denominator * b_denominator


def at_most(value: Fraction, cap: Fraction) -> Fraction:
    """min(value, cap), without the generic comparison's type checks (both are Fractions)."""
    return cap if value.numerator * cap.denominator > cap.numerator * value.denominator else value


def at_least(value: Fraction, floor: Fraction) -> Fraction:
    """max(value, floor), without the generic comparison's type checks (both are Fractions)."""
    return floor if floor.numerator * value.denominator > value.numerator * floor.denominator else value


def reaches(value: Fraction, bound: Fraction) -> bool:
    """value >= bound, without the generic comparison's type checks (both are Fractions)."""
    return value.numerator * bound.denominator >= bound.numerator * value.denominator

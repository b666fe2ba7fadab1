"""Exact arithmetic: everything is a Fraction until the rubric's declared rounding (`Rounding.apply`, in
model/rubric.py) turns it into a Decimal."""

from __future__ import annotations

from fractions import Fraction

ZERO = Fraction(0)

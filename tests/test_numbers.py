"""The one number formatter: the rubric's rounding and the reader's decimal mark, for every output."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from emulation_cli.model.rubric import Rounding, round_to
from emulation_cli.text.numbers import Numbers, decimal_text, exact_text, shown_at_least

F = Fraction


@pytest.mark.parametrize(
    ("mode", "expected"),
    [("half_up", "14,23"), ("half_even", "14,22"), ("down", "14,22")],
)
def test_points_follow_the_declared_rounding_mode(mode: str, expected: str) -> None:
    """14.225 exactly: the mode decides (a formatter that always rounded half up showed 14,23 under down)."""
    assert Numbers.of(Rounding(decimals=2, mode=mode), comma=True).points(F("14.225")) == expected


def test_points_keep_the_declared_decimals_and_the_readers_mark() -> None:
    assert Numbers(2, "half_up", comma=True).points(Decimal("5")) == "5,00"
    assert Numbers(2, "half_up", comma=False).points(F(2615, 28)) == "93.39"
    assert Numbers(1, "down", comma=True).points(F("97.89")) == "97,8"
    assert Numbers(0, "half_up", comma=True).points(F("97.5")) == "98"


def test_exact_and_declared_numbers_are_written_as_they_are() -> None:
    assert exact_text(F(6, 7)) == "6/7"
    assert exact_text(Decimal("1.50")) == "1.5"
    assert Numbers(comma=True).plain(F("0.815")) == "0,815"
    assert Numbers(comma=True).as_written(Decimal("95.00")) == "95,00"
    assert Numbers(comma=True).trimmed(F("0.99")) == "0,99" and Numbers(comma=True).trimmed(F(12)) == "12"


def test_signed_changes_and_percentages() -> None:
    numbers = Numbers(2, "half_up", comma=True)
    assert [numbers.signed(F(v)) for v in ("1.25", "-0.5", "0")] == ["+1,25", "−0,50", "0,00"]
    assert numbers.percent(F(5, 6)) == "83,33%"
    assert numbers.signed(F("-0.001")) == "0,00"  # what is shown decides the sign


@given(st.fractions(min_value=0, max_value=200, max_denominator=10**6), st.integers(2, 6))
def test_at_least_is_never_below_the_value_nor_a_millionth_above(value: Fraction, decimals: int) -> None:
    shown = shown_at_least(value, decimals)
    assert value <= F(shown) <= value + F(1, 10**6)
    assert F(shown) == value or -shown.as_tuple().exponent == 6


@given(
    st.fractions(min_value=-100, max_value=100, max_denominator=10**5),
    st.integers(0, 4),
    st.sampled_from(["half_up", "half_even", "down"]),
)
def test_the_machine_and_the_reader_forms_are_one_rounding(value: Fraction, decimals: int, mode: str) -> None:
    reader = Numbers(decimals, mode, comma=True).points(value)
    assert reader == decimal_text(value, decimals, mode).replace(".", ",")
    assert Decimal(reader.replace(",", ".")) == round_to(value, decimals, mode)

"""YAML's .inf, -.inf and .nan in a fraction setting: the located 'finite number' error, never an OverflowError."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from pydantic import TypeAdapter, ValidationError

from emulation_cli.model.base import ExactFraction

from .conftest import run_emul

NOT_FINITE = [Decimal("Infinity"), Decimal("-Infinity"), Decimal("NaN")]


@pytest.mark.parametrize("value", NOT_FINITE, ids=str)
def test_a_fraction_refuses_a_number_that_is_not_finite(value: Decimal) -> None:
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(ExactFraction).validate_python(value)
    assert [error["type"] for error in caught.value.errors()] == ["finite_number"]


def test_a_fraction_still_takes_finite_numbers() -> None:
    adapter = TypeAdapter(ExactFraction)
    assert adapter.validate_python(Decimal("0.25")) == Fraction(1, 4)
    assert adapter.validate_python("2/3") == Fraction(2, 3)


@pytest.mark.parametrize("text", [".inf", "-.inf", ".nan"])
@pytest.mark.parametrize("command", ["validate", "score", "awards"])
def test_every_command_refuses_a_quorum_that_is_not_finite(
    text: str, command: str, base_cluster: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cluster = base_cluster / "cluster.yaml"
    content = cluster.read_text(encoding="utf-8")
    cluster.write_text(content.replace("  gates:\n", f"  vote: {{quorum: {text}}}\n  gates:\n", 1), encoding="utf-8")
    monkeypatch.chdir(base_cluster)
    code, out, err = run_emul([command, "."])
    assert code == 1
    assert f"cluster.yaml:44:18: error: awards.vote.quorum: expected a finite number, found the number {text}" in (
        out + err
    )

"""Shared building blocks of the models: the frozen base class and the constrained scalar types."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict, StringConstraints, WithJsonSchema
from pydantic_core import PydanticCustomError

from ..i18n import N_


class Model(BaseModel):
    """Every model is immutable and refuses keys it does not know."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=False, validate_default=True)

    # Fields added after files of this kind were first fingerprinted: left at their default they stay out of
    # the content hash (rubrics/versions.py), so that a file that does not use them keeps the hash it had.
    later_fields: ClassVar[tuple[str, ...]] = ()


Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"),
    Field(description="Mã ASCII: chữ thường, số và dấu gạch ngang, ví dụ so-gddt (dùng trong tên tệp)."),
]
Code = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62})$"),
    Field(description="Mã: chữ cái không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới, ví dụ I.1 hoặc 2023-H1."),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=4000)]
Year = Annotated[int, Strict(), Field(ge=1945, le=2200)]


def _number_only(value: Any) -> Any:
    """YAML already gives numbers as numbers: quoted text or true/false where a number belongs is a mistake."""
    if isinstance(value, bool | str):
        raise PydanticCustomError("decimal_parsing", "Input should be a valid decimal")
    return value


def _decimal(**bounds: Any) -> Any:
    schema: dict[str, Any] = {"type": "number"}
    for key, name in (("ge", "minimum"), ("gt", "exclusiveMinimum"), ("le", "maximum")):
        if key in bounds:
            schema[name] = float(bounds[key])
    return Annotated[
        Decimal, BeforeValidator(_number_only), Field(allow_inf_nan=False, **bounds), WithJsonSchema(schema)
    ]


Points = _decimal(ge=0)
PositivePoints = _decimal(gt=0)
Share = _decimal(ge=0, le=1)
Number = _decimal()
Count = Annotated[int, Strict(), Field(ge=0)]
Date = Annotated[date, Strict()]


def _to_fraction(value: Any) -> Any:
    """Accept 0.5, 1, "2/3" or "50%" and turn them into an exact, non-negative fraction."""
    if isinstance(value, bool):
        raise ValueError(N_("expected a fraction such as 1/2, 2/3, 0.5 or 50%, not true/false"))
    if isinstance(value, str):
        value = _parse_fraction(value.strip())
    if isinstance(value, Decimal) and not value.is_finite():
        # YAML's .inf/.nan: the same error as a Decimal field gives, before Fraction() overflows on it.
        raise PydanticCustomError("finite_number", "Input should be a finite number")
    if isinstance(value, int | Decimal | Fraction):
        fraction = Fraction(value)
        if fraction < 0:
            raise ValueError(N_("a ratio cannot be negative"))
        return fraction
    return value


def _parse_fraction(text: str) -> Fraction:
    try:
        if text.endswith("%"):
            return Fraction(Decimal(text[:-1].strip())) / 100
        return Fraction(text)
    except (ValueError, ArithmeticError, ZeroDivisionError):
        raise ValueError(N_("not a fraction such as 1/2, 2/3, 0.5 or 50%")) from None


ExactFraction = Annotated[
    Fraction,
    BeforeValidator(_to_fraction),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number"},
                {"type": "string", "pattern": r"^\s*\d+(\s*/\s*\d+|(\.\d+)?\s*%)?\s*$"},
            ],
            "description": 'Tỉ lệ chính xác: 0.5, "1/2", "2/3" hoặc "50%".',
        }
    ),
]

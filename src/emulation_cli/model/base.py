"""Shared building blocks of the models: the frozen base class and the constrained scalar types."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, WithJsonSchema

from ..i18n import N_


class Model(BaseModel):
    """Every model is immutable and refuses keys it does not know."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=False, validate_default=True)


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
Year = Annotated[int, Field(ge=1945, le=2200)]
Points = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]
PositivePoints = Annotated[Decimal, Field(gt=0, allow_inf_nan=False)]
Share = Annotated[Decimal, Field(ge=0, le=1, allow_inf_nan=False)]
Number = Annotated[Decimal, Field(allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0)]


def _to_fraction(value: Any) -> Any:
    """Accept 0.5, 1, "2/3" or "50%" and turn them into an exact, non-negative fraction."""
    if isinstance(value, bool):
        raise ValueError(N_("expected a fraction such as 1/2, 2/3, 0.5 or 50%, not true/false"))
    if isinstance(value, str):
        value = _parse_fraction(value.strip())
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

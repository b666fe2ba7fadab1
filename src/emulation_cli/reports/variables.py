"""The template variables, read from the context models: for the checker and for the documentation."""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import BaseModel

from .model import ReportContext, UnitSheetContext

# What a name or attribute stands for, as far as the checker can tell.
Shape = type[BaseModel] | tuple[str, object] | None  # a model; ("list", item shape) or ("scalar", type); unknown


def shape_of(annotation: object) -> Shape:
    """The shape of a field's annotation: Model, list[Model], Model | None, str, int, bool."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        return shape_of(options[0]) if len(options) == 1 else None
    if origin is list:
        (item,) = typing.get_args(annotation)
        return ("list", shape_of(item))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return ("scalar", annotation)


def fields_of(model: type[BaseModel]) -> dict[str, Shape]:
    return {name: shape_of(info.annotation) for name, info in model.model_fields.items()}


def context_for(template_name: str) -> type[ReportContext]:
    """The score sheet gets the unit's context; every other document the period's."""
    return UnitSheetContext if template_name.startswith("phieu-cham") else ReportContext


@dataclass(frozen=True)
class Variable:
    path: str
    type_name: str
    description: str


def variables(model: type[BaseModel], prefix: str = "") -> Iterator[Variable]:
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        shape = shape_of(info.annotation)
        optional = type(None) in typing.get_args(info.annotation)
        yield Variable(path, _type_name(shape, optional), info.description or "")
        inner = shape[1] if isinstance(shape, tuple) and shape[0] == "list" else shape
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            yield from variables(inner, f"{path}[]." if isinstance(shape, tuple) else f"{path}.")


def _type_name(shape: Shape, optional: bool) -> str:
    if isinstance(shape, tuple) and shape[0] == "list":
        text = "danh sách"
    elif isinstance(shape, tuple):
        text = {str: "chuỗi", int: "số nguyên", bool: "đúng/sai"}.get(shape[1], "giá trị")  # type: ignore[call-overload]
    else:
        text = "nhóm"
    return text + (", có thể trống" if optional else "")


def variables_markdown() -> str:
    """The reference of template variables, as Markdown (README and `emul template variables`)."""
    lines = [
        "Every Word template (and `tom-tat.md.j2`) receives these variables. Values are text already formatted "
        "the Vietnamese way (decimal comma, dates as in Nghị định 30/2020); `x[]` is a list to loop over. "
        "The score sheet (`phieu-cham.docx`) also receives `unit` and `criteria`.",
        "",
        "| Variable | Type | Meaning |",
        "|---|---|---|",
    ]
    seen: set[str] = set()
    for variable in variables(UnitSheetContext):
        if variable.path in seen:
            continue
        seen.add(variable.path)
        description = variable.description.replace("|", "\\|")
        lines.append(f"| `{variable.path}` | {variable.type_name} | {description} |")
    return "\n".join(lines) + "\n"

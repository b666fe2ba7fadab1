"""Find which pydantic model describes the data at a YAML path (for 'did you mean' hints)."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel

from .document import YamlPath


def model_at(model: type[BaseModel], path: YamlPath, data: Any) -> type[BaseModel] | None:
    current: Any = model
    node = data
    for part in path:
        current = _select_model(current, node)
        if current is None:
            return None
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = _field_by_key(current, str(part))
            if field is None:
                return None
            current = field
        else:
            current = _container_item(current)
            if current is None:
                return None
        node = _child(node, part)
    selected = _select_model(current, node)
    return selected if isinstance(selected, type) and issubclass(selected, BaseModel) else None


def _field_by_key(model: type[BaseModel], key: str) -> Any:
    for name, field in model.model_fields.items():
        if (field.alias or name) == key:
            return field.annotation
    return None


def _container_item(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (list, tuple) and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    return None


def _select_model(annotation: Any, node: Any) -> Any:
    """Unwrap Annotated/Optional/unions; for a discriminated union pick the member named by `kind`."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _select_model(typing.get_args(annotation)[0], node)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(members) == 1:
            return _select_model(members[0], node)
        kind = node.get("kind") if isinstance(node, dict) else None
        for member in members:
            if _accepts_kind(member, kind):
                return member
        return None
    return annotation


def _accepts_kind(member: Any, kind: Any) -> bool:
    if not (isinstance(member, type) and issubclass(member, BaseModel)):
        return False
    field = member.model_fields.get("kind")
    return field is not None and kind in typing.get_args(field.annotation)


def _child(node: Any, part: str | int) -> Any:
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None

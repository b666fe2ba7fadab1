"""The facts a document was built from, flattened from its context model into readable labels (each field's
title in reports/model.py, else the start of its description), and what changed between two versions of them:
what the officer is told when emul writes a new version beside a document they edited."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

# label -> the value as the document prints it, or the names in a list (units, notes, recipients, …)
Values = dict[str, str | list[str]]
# The values by part of the context (its top-level fields: cluster, results, awards, …): documents built from
# one context share most parts, which the manifest then keeps once.
Facts = dict[str, Values]

# Fields that restate another one (or no one reads): they would only repeat a change.
_REPEATS = frozenset({"id", "kind", "name_upper", "date_long", "place_date", "content_hash"})
# The fields that tell the items of a list apart, in order of preference.
_IDENTITY = ("unit", "short_name", "name", "award", "number", "code", "id", "title", "text")
_LABEL_END = re.compile(r"[,;:(.]")


@dataclass(frozen=True)
class FactChange:
    """One fact that differs: a value (before → after), or the names a list gained and lost."""

    label: str
    before: str = ""
    after: str = ""
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


def facts_of(context: BaseModel, known: Facts | None = None) -> Facts:
    """`known`: parts already flattened from the same values (the report around every score sheet), reused."""
    facts: Facts = {}
    for name, field in type(context).model_fields.items():
        if known is not None and name in known:
            facts[name] = known[name]
            continue
        values: Values = {}
        own = field.title or _label(field.description or name)
        _value(getattr(context, name), own, own, (), values)
        facts[name] = values
    return facts


def changes(old: Facts, new: Facts) -> tuple[FactChange, ...]:
    """What differs, in the order of the document's context; facts of an item that came or went are told
    once, by the list that gained or lost it."""
    found: list[FactChange] = []
    for part, values in new.items():
        found += _changes(old.get(part, {}), values)
    return tuple(found)


def _changes(old: Values, new: Values) -> list[FactChange]:
    found: list[FactChange] = []
    for label, value in new.items():
        if label not in old or old[label] == value:
            continue
        before = old[label]
        if isinstance(value, list) and isinstance(before, list):
            added = tuple(v for v in value if v not in before)
            removed = tuple(v for v in before if v not in value)
            if added or removed:
                found.append(FactChange(label, added=added, removed=removed))
        elif isinstance(value, str) and isinstance(before, str):
            found.append(FactChange(label, before=before, after=value))
    return found


def _model(model: BaseModel, parent: str, keys: tuple[str, ...], facts: Values, named_by: tuple[str, ...] = ()) -> None:
    for name, field in type(model).model_fields.items():
        # A flag (bool) is said in words elsewhere in the document; the fields naming an item, by its list.
        if name in _REPEATS or name in named_by or field.annotation is bool:
            continue
        own = field.title or _label(field.description or name)
        _value(getattr(model, name), own, f"{parent} › {own}" if parent else own, keys, facts)


def _value(value: Any, own: str, label: str, keys: tuple[str, ...], facts: Values) -> None:
    """A field's value under its label; a model inside is labelled by this field's own label only."""
    where = f"{label} ({', '.join(keys)})" if keys else label
    if isinstance(value, list):
        _list(value, where, keys, facts)
    elif isinstance(value, BaseModel) and not _is_reference(value):
        _model(value, own, keys, facts)
    else:
        facts[where] = _text(value)


def _list(items: list[Any], where: str, keys: tuple[str, ...], facts: Values) -> None:
    """A list: the names of its items, then each item's facts, told apart by its name."""
    if not all(isinstance(item, BaseModel) for item in items):
        facts[where] = [_text(item) for item in items]
        return
    names, named_by = _item_names(items)
    facts[where] = names
    for item, name in zip(items, names, strict=True):
        _model(item, "", (*keys, name), facts, named_by)


def _item_names(items: list[BaseModel]) -> tuple[list[str], tuple[str, ...]]:
    """Each item's name in its list (its first identity field, more of them while two items share a name),
    and the fields that make it: their change is the list's."""
    fields = [f for f in _IDENTITY if items and f in type(items[0]).model_fields]
    for count in range(1, len(fields) + 1):
        names = [", ".join(_text(getattr(item, f)) for f in fields[:count]) for item in items]
        if len(set(names)) == len(names):
            return names, tuple(fields[:count])
    return [str(index) for index in range(1, len(items) + 1)], ()


def _is_reference(model: BaseModel) -> bool:
    """A model that stands for a unit (it has a short name): a field holding one shows as its name."""
    return "short_name" in type(model).model_fields


def _identity(model: BaseModel) -> str:
    return _text(getattr(model, "short_name", None) or getattr(model, "name", ""))


def _text(value: Any) -> str:
    if isinstance(value, BaseModel):
        return _identity(value) if _is_reference(value) else ""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    return str(value)


def _label(description: str) -> str:
    return _LABEL_END.split(description, maxsplit=1)[0].strip()

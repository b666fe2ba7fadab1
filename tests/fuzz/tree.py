"""A YAML file as a ruamel round-trip tree (comments kept), the places in it, and the mutations of one place."""

from __future__ import annotations

import copy
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from random import Random
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.representer import RoundTripRepresenter

from . import values
from .values import Plain


def _represent_plain(representer: RoundTripRepresenter, data: Plain) -> Any:
    return representer.represent_scalar(data.tag, data.text)


def _yaml() -> YAML:
    yaml = YAML()  # round trip: comments, order and quoting survive a mutation elsewhere in the file
    yaml.width = 4096
    yaml.allow_duplicate_keys = False
    yaml.representer.add_representer(Plain, _represent_plain)
    return yaml


def load(path: Path) -> Any:
    return _yaml().load(path.read_text(encoding="utf-8"))


def dump(tree: Any) -> str:
    stream = io.StringIO()
    _yaml().dump(tree, stream)
    return stream.getvalue()


@dataclass(frozen=True)
class Place:
    """One value in the tree: its container, its key there, and its path from the root (for the report)."""

    parent: Any
    key: Any
    path: tuple[Any, ...]

    @property
    def value(self) -> Any:
        return self.parent[self.key]

    def set(self, value: Any) -> None:
        self.parent[self.key] = value

    def show(self) -> str:
        return ".".join(str(part) for part in self.path) or "<root>"


def places(tree: Any, path: tuple[Any, ...] = ()) -> Iterator[Place]:
    items = tree.items() if isinstance(tree, dict) else enumerate(tree) if isinstance(tree, list) else ()
    for key, value in items:
        yield Place(tree, key, (*path, key))
        yield from places(value, (*path, key))


@dataclass(frozen=True)
class Context:
    """What the cluster holds, so that mutations can pick plausible wrong values."""

    unit_ids: tuple[str, ...]
    periods: tuple[str, ...]


FRACTION_KEYS = {"ratio", "threshold", "quorum", "at_target_share", "min_share"}


Mutation = Callable[[Random, Any, Context], str | None]


def _pick(rng: Random, tree: Any, wanted: Callable[[Place], bool]) -> Place | None:
    candidates = [place for place in places(tree) if wanted(place)]
    return rng.choice(candidates) if candidates else None


def _replace(rng: Random, tree: Any, wanted: Callable[[Place], bool], new: Callable[[Place], Any]) -> str | None:
    place = _pick(rng, tree, wanted)
    if place is None:
        return None
    value = new(place)
    old = place.value
    place.set(value)
    return f"{place.show()}: {_short(old)} -> {_short(value)}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:40]}…({len(text)} chars)"


def delete_key(rng: Random, tree: Any, context: Context) -> str | None:
    place = _pick(rng, tree, lambda p: isinstance(p.parent, dict))
    if place is None:
        return None
    del place.parent[place.key]
    return f"delete {place.show()}"


def duplicate_item(rng: Random, tree: Any, context: Context) -> str | None:
    place = _pick(rng, tree, lambda p: isinstance(p.parent, list))
    if place is None:
        return None
    place.parent.insert(place.key + 1, copy.deepcopy(place.value))
    return f"duplicate {place.show()}"


def swap_items(rng: Random, tree: Any, context: Context) -> str | None:
    place = _pick(rng, tree, lambda p: isinstance(p.parent, list) and len(p.parent) > 1)
    if place is None:
        return None
    other = rng.choice([i for i in range(len(place.parent)) if i != place.key])
    place.parent[place.key], place.parent[other] = place.parent[other], place.parent[place.key]
    return f"swap {place.show()} with [{other}]"


def swap_values(rng: Random, tree: Any, context: Context) -> str | None:
    """Two keys of one map exchange their values (self and appraised, issued and valid, date and expires…)."""
    place = _pick(rng, tree, lambda p: isinstance(p.parent, dict) and len(p.parent) > 1)
    if place is None:
        return None
    other = rng.choice([k for k in place.parent if k != place.key])
    place.parent[place.key], place.parent[other] = place.parent[other], place.parent[place.key]
    return f"swap values of {place.show()} and {other}"


def rename_key(rng: Random, tree: Any, context: Context) -> str | None:
    place = _pick(rng, tree, lambda p: isinstance(p.parent, dict) and isinstance(p.key, str))
    if place is None:
        return None
    new = values.string_like(rng, place.key)
    if new in place.parent or not isinstance(new, str):
        return None
    position = list(place.parent).index(place.key)
    place.parent.insert(position, new, place.parent.pop(place.key))
    return f"rename key {place.show()} -> {_short(new)}"


def retype(rng: Random, tree: Any, context: Context) -> str | None:
    return _replace(rng, tree, lambda p: True, lambda p: values.other_type(rng, p.value))


def _numeric(place: Place) -> bool:
    return isinstance(place.value, int | float) and not isinstance(place.value, bool)


def boundary_number(rng: Random, tree: Any, context: Context) -> str | None:
    return _replace(rng, tree, _numeric, lambda p: values.number(rng))


def nearby_number(rng: Random, tree: Any, context: Context) -> str | None:
    return _replace(rng, tree, _numeric, lambda p: values.nearby_number(rng, p.value))


def fraction_text(rng: Random, tree: Any, context: Context) -> str | None:
    """A ratio, threshold or quorum written oddly: '0/0', '150%', '1/3 ', '-1/2', '1e400%', .inf, .nan."""
    texts = ("0/0", "1/0", "150%", "-1/2", "1e400%", "0%", "2/3 ", "1 / 2", "%", "1/2/3", "0.5.5", "1e-400")
    options = (*texts, float("inf"), float("-inf"), float("nan"))
    return _replace(rng, tree, lambda p: p.key in FRACTION_KEYS, lambda p: rng.choice(options))


def unit_id(rng: Random, tree: Any, context: Context) -> str | None:
    def new(place: Place) -> str:
        others = [u for u in context.unit_ids if u != place.value]
        return rng.choice([*others, "don-vi-la", place.value.upper(), f"{place.value}-"])

    return _replace(rng, tree, lambda p: p.value in context.unit_ids, new)


def move_date(rng: Random, tree: Any, context: Context) -> str | None:
    return _replace(
        rng, tree, lambda p: isinstance(p.value, date), lambda p: values.moved_date(rng, p.value, context.periods)
    )


def period_id(rng: Random, tree: Any, context: Context) -> str | None:
    return _replace(
        rng,
        tree,
        lambda p: p.key == "period" or p.value in context.periods,
        lambda p: values.wrong_period(rng, context.periods),
    )


def odd_string(rng: Random, tree: Any, context: Context) -> str | None:
    return _replace(rng, tree, lambda p: isinstance(p.value, str), lambda p: values.string_like(rng, p.value))


MUTATIONS: tuple[Mutation, ...] = (
    delete_key,
    duplicate_item,
    swap_items,
    swap_values,
    rename_key,
    retype,
    retype,
    boundary_number,
    boundary_number,
    nearby_number,
    nearby_number,
    nearby_number,
    fraction_text,
    unit_id,
    unit_id,
    move_date,
    move_date,
    period_id,
    odd_string,
    odd_string,
)

"""What changed between two versions of a rubric: criteria added, removed, changed or moved (matched by id
across sections), the scale, each section's max (bonus and penalty caps), classification, rounding, ranking.

Pure functions over the Rubric model. Values are kept as the model holds them (Decimal, str, bool, lists and
mappings of them) so that each output renders them its own way."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..model.rubric import CappedSection, ClassBand, Classification, Criterion, Rubric, Section

_CRITERION_FIELDS = ("title", "max", "guidance", "scored_by")


@dataclass(frozen=True)
class Change:
    """One field, old → new; None stands for absent."""

    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class Placed:
    """A criterion with its place: the section (or bonus, penalty) it counts in and its parent criterion."""

    criterion: Criterion
    section: str
    parent: str | None


@dataclass(frozen=True)
class CriterionChange:
    old: Placed
    new: Placed
    changes: tuple[Change, ...]

    @property
    def moved(self) -> bool:
        return self.old.section != self.new.section


@dataclass(frozen=True)
class SectionDiff:
    """A section, bonus or penalty on both sides (None where it does not exist); `limit` is max or cap."""

    kind: str  # "section", "bonus" or "penalty"
    old: Section | CappedSection | None
    new: Section | CappedSection | None
    changes: tuple[Change, ...]
    side: Section | CappedSection  # the one to name it by: the new one, or the old one when it was removed

    @property
    def id(self) -> str:
        return self.side.id

    @property
    def limit(self) -> Change:
        return Change("cap" if self.kind != "section" else "max", _limit(self.old), _limit(self.new))


@dataclass(frozen=True)
class RubricDiff:
    added: tuple[Placed, ...]
    removed: tuple[Placed, ...]
    changed: tuple[CriterionChange, ...]
    general: tuple[Change, ...]
    scale: Change
    sections: tuple[SectionDiff, ...]
    classification: tuple[Change, ...]
    rounding: tuple[Change, ...]
    ranking: tuple[Change, ...]

    @property
    def same(self) -> bool:
        """No difference the diff can name."""
        lists: Sequence[Sequence[object]] = (self.added, self.removed, self.changed, self.general)
        lists = (*lists, self.classification, self.rounding, self.ranking)
        return (
            not any(lists)
            and self.scale.old == self.scale.new
            and all(not s.changes and s.old is not None and s.new is not None for s in self.sections)
        )


def diff_rubrics(old: Rubric, new: Rubric) -> RubricDiff:
    before, after = placed_criteria(old), placed_criteria(new)
    changed = tuple(
        change
        for cid, placed in after.items()
        if cid in before
        for change in [_criterion_change(before[cid], placed)]
        if change.changes or change.moved
    )
    return RubricDiff(
        added=tuple(p for cid, p in after.items() if cid not in before),
        removed=tuple(p for cid, p in before.items() if cid not in after),
        changed=changed,
        general=_fields(old, new, ("title", "illustrative", "source", "self_scored", "not_assigned_rule"))
        + _scorers(old, new),
        scale=Change("scale", old.scale, new.scale),
        sections=tuple(_section_diffs(old, new)),
        classification=_classification(old, new),
        rounding=_fields(old.rounding, new.rounding, ("decimals", "mode", "apply_to")),
        ranking=_ranking(old, new),
    )


def placed_criteria(rubric: Rubric) -> dict[str, Placed]:
    """Every criterion at every level by id, in the rubric's order (with duplicate ids, the first)."""
    found: dict[str, Placed] = {}
    for section in rubric.all_sections():
        for placed in _walk(section.criteria, section.id, None):
            found.setdefault(placed.criterion.id, placed)
    return found


def _walk(criteria: Sequence[Criterion], section: str, parent: str | None) -> Iterator[Placed]:
    for criterion in criteria:
        yield Placed(criterion, section, parent)
        yield from _walk(criterion.criteria, section, criterion.id)


def method_data(criterion: Criterion) -> dict[str, Any] | None:
    """The method as plain data, `kind` first; None for a criterion scored by its sub-criteria."""
    return None if criterion.method is None else criterion.method.model_dump()


def _criterion_change(old: Placed, new: Placed) -> CriterionChange:
    changes = list(_fields(old.criterion, new.criterion, _CRITERION_FIELDS))
    if old.parent != new.parent:
        changes.append(Change("parent", old.parent, new.parent))
    changes += _method_changes(method_data(old.criterion), method_data(new.criterion))
    return CriterionChange(old, new, tuple(changes))


def _method_changes(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[Change]:
    before, after = old or {}, new or {}
    keys = ["kind", *(k for k in before if k != "kind"), *(k for k in after if k != "kind" and k not in before)]
    fields = {"kind": "method"}
    return [
        Change(fields.get(k, "method." + k), before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)
    ]


def _fields(old: object, new: object, names: Sequence[str]) -> tuple[Change, ...]:
    pairs = ((name, getattr(old, name), getattr(new, name)) for name in names)
    return tuple(Change(name, a, b) for name, a, b in pairs if a != b)


def _limit(section: Section | CappedSection | None) -> Any:
    if section is None:
        return None
    return section.max if isinstance(section, Section) else section.cap


def _section_diffs(old: Rubric, new: Rubric) -> Iterator[SectionDiff]:
    before = {s.id: s for s in old.sections}
    after = {s.id: s for s in new.sections}
    for section_id, side in {**before, **after}.items():  # the old order, then the added ones
        a, b = before.get(section_id), after.get(section_id)
        yield SectionDiff("section", a, b, _section_changes(a, b, ("title", "max", "scored_by")), side)
    for kind in ("bonus", "penalty"):
        a_capped: CappedSection | None = getattr(old, kind)
        b_capped: CappedSection | None = getattr(new, kind)
        capped = b_capped if b_capped is not None else a_capped
        if capped is not None:
            changes = _section_changes(a_capped, b_capped, ("id", "title", "cap", "scored_by"))
            yield SectionDiff(kind, a_capped, b_capped, changes, capped)


def _section_changes(old: object | None, new: object | None, names: Sequence[str]) -> tuple[Change, ...]:
    if old is None or new is None:
        return ()  # added or removed: the limit says it all
    return _fields(old, new, names)


def _scorers(old: Rubric, new: Rubric) -> tuple[Change, ...]:
    before = [scorer.model_dump() for scorer in old.scorers]
    after = [scorer.model_dump() for scorer in new.scorers]
    return (Change("scorers", before, after),) if before != after else ()


def _classification(old: Rubric, new: Rubric) -> tuple[Change, ...]:
    a, b = old.classification, new.classification
    if a is None or b is None:
        return () if a is b else (Change("classification", _band_ids(a), _band_ids(b)),)
    before = {band.id: band for band in a.bands}
    after = {band.id: band for band in b.bands}
    changes: list[Change] = []
    for band_id in [*before, *(i for i in after if i not in before)]:
        for name in ("label", "min_total", "min_criterion_share"):
            old_value = getattr(before[band_id], name) if band_id in before else None
            new_value = getattr(after[band_id], name) if band_id in after else None
            if old_value != new_value:
                changes.append(Change(f"bands.{band_id}.{name}", old_value, new_value))
        old_floors = _floors(before.get(band_id))
        new_floors = _floors(after.get(band_id))
        if old_floors != new_floors and (old_floors or new_floors):
            changes.append(Change(f"bands.{band_id}.floors", old_floors, new_floors))
    if [band.id for band in a.bands if band.id in after] != [band.id for band in b.bands if band.id in before]:
        changes.append(Change("bands", [band.id for band in a.bands], [band.id for band in b.bands]))
    changes += [Change("fallback." + c.field, c.old, c.new) for c in _fields(a.fallback, b.fallback, ("id", "label"))]
    changes += _fields(a, b, ("floor_rule",))
    return tuple(changes)


def _band_ids(classification: Classification | None) -> list[str] | None:
    return None if classification is None else [b.id for b in classification.bands]


def _floors(band: ClassBand | None) -> list[dict[str, Any]] | None:
    """A band's floors as plain data, without the keys left empty; None for a band that does not exist."""
    if band is None:
        return None
    return [{k: v for k, v in floor.model_dump().items() if v is not None} for floor in band.floors]


def _ranking(old: Rubric, new: Rubric) -> tuple[Change, ...]:
    changes = list(_fields(old.ranking, new.ranking, ("method",)))
    before = [rule.model_dump() for rule in old.ranking.tie_breaks]
    after = [rule.model_dump() for rule in new.ranking.tie_breaks]
    if before != after:
        changes.append(Change("tie_breaks", before, after))
    return tuple(changes)

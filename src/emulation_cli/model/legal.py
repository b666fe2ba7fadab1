"""Legal texts and rules in force by date: the one home of "what applies on this day".

A legal basis is in force from `LegalBasis.starts` (its `effective` date, else its `date`) up to, not including,
its end: its `expires` date ("hết hiệu lực kể từ ngày …", the first day it no longer applies), or the day its
replacement (`replaced_by`) takes effect, whichever comes first. Vietnamese texts word it that way: Luật Thi
đua, khen thưởng 2022, Điều 94: the 2003 law "hết hiệu lực kể từ ngày Luật này có hiệu lực thi hành" (01/01/2024).
So a text is never in force on the same day as its replacement.

A rule (an award title, an eligibility gate) applies on a day within its own [effective, expires) window while
its `basis`, when it names one, is in force.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Protocol

from .cluster import LegalBasis


class DatedRule(Protocol):
    @property
    def basis(self) -> str | None: ...
    @property
    def effective(self) -> date | None: ...
    @property
    def expires(self) -> date | None: ...


def by_id(bases: Iterable[LegalBasis]) -> dict[str, LegalBasis]:
    return {b.id: b for b in bases}


def ends(basis: LegalBasis, bases: Mapping[str, LegalBasis]) -> date | None:
    """The first day the text is no longer in force; None while no end is known."""
    replacement = bases.get(basis.replaced_by) if basis.replaced_by else None
    candidates = [d for d in (basis.expires, replacement.starts if replacement else None) if d is not None]
    return min(candidates, default=None)


def is_in_force(basis: LegalBasis, bases: Mapping[str, LegalBasis], on: date) -> bool:
    end = ends(basis, bases)
    return basis.starts <= on and (end is None or on < end)


def in_force(bases: Sequence[LegalBasis], on: date) -> list[LegalBasis]:
    """The texts a document dated `on` cites, in the order declared."""
    known = by_id(bases)
    return [b for b in bases if is_in_force(b, known, on)]


def applies(rule: DatedRule, bases: Mapping[str, LegalBasis], on: date) -> bool:
    """Whether a rule applies on the day: within its own dates, and its basis (if named) in force."""
    if rule.effective is not None and on < rule.effective:
        return False
    if rule.expires is not None and on >= rule.expires:
        return False
    basis = bases.get(rule.basis) if rule.basis else None
    return basis is None or is_in_force(basis, bases, on)


def in_force_between(bases: Sequence[LegalBasis], first: date, last: date) -> list[LegalBasis]:
    """The texts in force on some day from `first` to `last`, each in force on exactly the same days as before:
    a text whose replacement is left out keeps, as its `expires`, the day that replacement would have ended it."""
    known = by_id(bases)

    def cited_in_span(basis: LegalBasis) -> bool:
        first_day, end = max(basis.starts, first), ends(basis, known)
        return first_day <= last and (end is None or first_day < end)

    chosen = [b for b in bases if cited_in_span(b)]
    ids = {b.id for b in chosen}
    return [
        b
        if b.replaced_by is None or b.replaced_by in ids
        else b.model_copy(update={"replaced_by": None, "expires": ends(b, known)})
        for b in chosen
    ]

"""Root causes first: a finding that relies on what another error broke is held back and counted under it.

A duplicated id leaves every reference to an id of its kind undecided, and a period that ends before it starts
leaves its membership undecided: reporting those references would bury the one error that explains them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from ..loading.diagnostics import Diagnostic, Severity


def root_causes_first(found: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    """Sorted findings without those that follow from a root cause; the root causes come first."""
    ordered = sorted(set(found), key=Diagnostic.sort_key)
    roots = [d for d in ordered if d.severity is Severity.ERROR and d.breaks is not None]
    broken = {d.breaks for d in roots}
    held_back: Counter[str] = Counter()
    kept: list[Diagnostic] = []
    for diagnostic in ordered:
        causes = sorted(s for s in diagnostic.relies_on if s in broken)
        if causes:
            held_back[causes[0]] += 1
        else:
            kept.append(diagnostic)
    counted: set[str] = set()
    first: list[Diagnostic] = []
    for root in roots:
        subject = root.breaks or ""
        # Several errors can break the same subject (two duplicated ids): the first one carries the count.
        count = 0 if subject in counted else held_back[subject]
        counted.add(subject)
        first.append(replace(root, follow_ons=count))
    rest = [d for d in kept if d not in roots]
    return (*first, *rest)

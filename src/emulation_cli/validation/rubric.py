"""Checks of the rubric: ids, exact sums of maxima, method parameters, classification, tie-breaks."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from itertools import pairwise
from typing import Any

from ..i18n import _
from ..loading.document import YamlPath
from ..loading.files import Loaded, LoadResult
from ..model.rubric import BandedMethod, Criterion, PriorAwardMethod, RelativeMethod, Rubric, TieBreak
from ..text.numbers import said_exact
from .classification import check_classification
from .reporter import Reporter, report_duplicate_ids, report_duplicates, report_unknown
from .scorers import check_scorers


def check(result: LoadResult, reporter: Reporter) -> None:
    if result.rubric is None:
        return
    source = result.rubric
    rubric = source.model
    _check_ids(reporter, source, rubric)
    _check_scale(reporter, source, rubric)
    for path, criterion in walk_criteria(rubric):
        _check_structure(reporter, source, path, criterion)
        _check_children_sum(reporter, source, path, criterion)
        _check_method(reporter, source, path, criterion)
    check_classification(reporter, source, rubric)
    check_scorers(reporter, source, rubric)
    _check_tie_breaks(reporter, source, rubric)


def walk_criteria(rubric: Rubric) -> Iterator[tuple[YamlPath, Criterion]]:
    """Every criterion at every level, with its path in the rubric file."""
    groups: list[tuple[YamlPath, list[Criterion]]] = [
        (("sections", i, "criteria"), s.criteria) for i, s in enumerate(rubric.sections)
    ]
    for name in ("bonus", "penalty"):
        section = getattr(rubric, name)
        if section is not None:
            groups.append(((name, "criteria"), section.criteria))
    for base, criteria in groups:
        yield from _walk(base, criteria)


def _walk(base: YamlPath, criteria: list[Criterion]) -> Iterator[tuple[YamlPath, Criterion]]:
    for index, criterion in enumerate(criteria):
        path = (*base, index)
        yield path, criterion
        yield from _walk((*path, "criteria"), criterion.criteria)


def _check_ids(reporter: Reporter, source: Loaded[Rubric], rubric: Rubric) -> None:
    report_duplicate_ids(reporter, source, ("sections",), [s.id for s in rubric.sections], "section")
    report_duplicates(
        reporter, source, [(path, criterion.id) for path, criterion in walk_criteria(rubric)], "criterion"
    )


def _check_scale(reporter: Reporter, source: Loaded[Rubric], rubric: Rubric) -> None:
    total = sum((s.max for s in rubric.sections), Decimal(0))
    if total != rubric.scale:
        reporter.error(
            source,
            ("scale",),
            "sum-mismatch",
            _("the sections' maxima add up to {total}, but the scale is {scale}").format(
                total=said_exact(total), scale=said_exact(rubric.scale)
            ),
            _("correct a section's `max` or the `scale`"),
        )
    for index, section in enumerate(rubric.sections):
        subtotal = sum((c.max for c in section.criteria), Decimal(0))
        if subtotal != section.max:
            reporter.error(
                source,
                ("sections", index, "max"),
                "sum-mismatch",
                _("the criteria of section {id} add up to {total}, but its max is {max}").format(
                    id=section.id, total=said_exact(subtotal), max=said_exact(section.max)
                ),
                _("correct a criterion's `max` or the section's `max`"),
            )


def _check_structure(reporter: Reporter, source: Loaded[Rubric], path: YamlPath, criterion: Criterion) -> None:
    if criterion.criteria and criterion.method is not None:
        reporter.error(
            source,
            (*path, "method"),
            "method-and-children",
            _("criterion '{id}' has sub-criteria, so it takes its points from them").format(id=criterion.id),
            _("remove `method`, or move it to the sub-criteria"),
            on_key=True,
        )
    elif not criterion.criteria and criterion.method is None:
        reporter.error(
            source,
            path,
            "no-method",
            _("criterion '{id}' has neither a `method` nor sub-criteria").format(id=criterion.id),
            _("add `method:` with a `kind` such as manual, done or proportional"),
        )


def _check_children_sum(reporter: Reporter, source: Loaded[Rubric], path: YamlPath, criterion: Criterion) -> None:
    if not criterion.criteria:
        return
    subtotal = sum((c.max for c in criterion.criteria), Decimal(0))
    if subtotal != criterion.max:
        reporter.error(
            source,
            (*path, "max"),
            "sum-mismatch",
            _("the sub-criteria of {id} add up to {total}, but its max is {max}").format(
                id=criterion.id, total=said_exact(subtotal), max=said_exact(criterion.max)
            ),
            _("correct a sub-criterion's `max` or this `max`"),
        )


def _check_method(reporter: Reporter, source: Loaded[Rubric], path: YamlPath, criterion: Criterion) -> None:
    method = criterion.method
    if isinstance(method, BandedMethod):
        ratios = [band.min_ratio for band in method.bands]
        if any(a <= b for a, b in pairwise(ratios)):
            reporter.error(
                source,
                (*path, "method", "bands"),
                "bands-order",
                _("bands must be listed from the highest min_ratio to the lowest, without repeats"),
            )
    if isinstance(method, RelativeMethod) and method.at_target_share > 1:
        reporter.error(
            source,
            (*path, "method", "at_target_share"),
            "share-above-one",
            _("a unit meeting the target cannot earn more than the whole max"),
            _('give a share between 0 and 1, such as 0.5 or "50%"'),
        )
    if isinstance(method, PriorAwardMethod):
        for award, points in method.table.items():
            if points > criterion.max:
                reporter.warning(
                    source,
                    (*path, "method", "table", award),
                    "table-above-max",
                    _(
                        "'{award}' gives {points} points but the criterion's max is {max}; the points will be capped"
                    ).format(award=award, points=said_exact(points), max=said_exact(criterion.max)),
                )


def _check_tie_breaks(reporter: Reporter, source: Loaded[Rubric], rubric: Rubric) -> None:
    check_tie_breaks(reporter, source, rubric, rubric.ranking.tie_breaks)


def check_tie_breaks(reporter: Reporter, source: Loaded[Any], rubric: Rubric, rules: Sequence[TieBreak]) -> None:
    """Tie-breaks name sections and criteria of the rubric, each once (in the rubric or in cluster.yaml)."""
    sections = {s.id for s in rubric.sections}
    criteria = {c.id for _path, c in walk_criteria(rubric)}
    seen: set[str] = set()
    for index, rule in enumerate(rules):
        path = ("ranking", "tie_breaks", index)
        ref = getattr(rule, "section", None) or getattr(rule, "criterion", None)
        key = f"{rule.kind}:{ref}"
        if key in seen:
            reporter.warning(source, path, "tie-break-repeated", _("this tie-break repeats an earlier one"))
        seen.add(key)
        if rule.kind == "section" and ref not in sections:
            report_unknown(reporter, source, (*path, "section"), "section", str(ref), sections)
        if rule.kind == "criterion" and ref not in criteria:
            report_unknown(reporter, source, (*path, "criterion"), "criterion", str(ref), criteria)

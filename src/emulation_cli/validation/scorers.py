"""Checks of who scores what: the rubric's scoring bodies (`scorers`) and the `scored_by` of its sections and
criteria. Once a rubric declares scoring bodies, every scored criterion has one, so that no points are left
without a body answerable for them."""

from __future__ import annotations

from collections.abc import Iterator

from ..i18n import _
from ..loading.document import YamlPath
from ..loading.files import Loaded
from ..model.rubric import Criterion, Rubric
from .reporter import Reporter, report_duplicate_ids, report_unknown


def check_scorers(reporter: Reporter, source: Loaded[Rubric], rubric: Rubric) -> None:
    report_duplicate_ids(reporter, source, ("scorers",), [s.id for s in rubric.scorers], "scorer")
    known = {s.id for s in rubric.scorers}
    for path, scorer in _declared(rubric):
        if not known:
            reporter.error(
                source,
                (*path, "scored_by"),
                "no-scorers",
                _("`scored_by` names a scoring body, but the rubric declares none"),
                _("declare them under `scorers:` (each with an `id` and a `name`)"),
                on_key=True,
            )
        elif scorer not in known:
            report_unknown(reporter, source, (*path, "scored_by"), "scorer", scorer, known)
    if known:
        _check_every_leaf_scored(reporter, source, rubric)


def _declared(rubric: Rubric) -> Iterator[tuple[YamlPath, str]]:
    """Every `scored_by` of the rubric with the path of the section or criterion that declares it."""
    for base, section in _sections(rubric):
        if section[1] is not None:
            yield base, section[1]
        for path, criterion, _inherited in _walk((*base, "criteria"), section[0], None):
            if criterion.scored_by is not None:
                yield path, criterion.scored_by


def _sections(rubric: Rubric) -> Iterator[tuple[YamlPath, tuple[list[Criterion], str | None]]]:
    for index, section in enumerate(rubric.sections):
        yield ("sections", index), (section.criteria, section.scored_by)
    for name in ("bonus", "penalty"):
        capped = rubric.bonus if name == "bonus" else rubric.penalty
        if capped is not None:
            yield (name,), (capped.criteria, capped.scored_by)


def _walk(
    base: YamlPath, criteria: list[Criterion], inherited: str | None
) -> Iterator[tuple[YamlPath, Criterion, str | None]]:
    for index, criterion in enumerate(criteria):
        path = (*base, index)
        scorer = criterion.scored_by or inherited
        yield path, criterion, scorer
        yield from _walk((*path, "criteria"), criterion.criteria, scorer)


def _check_every_leaf_scored(reporter: Reporter, source: Loaded[Rubric], rubric: Rubric) -> None:
    for base, (criteria, section_scorer) in _sections(rubric):
        for path, criterion, scorer in _walk((*base, "criteria"), criteria, section_scorer):
            if not criterion.criteria and scorer is None:
                reporter.error(
                    source,
                    path,
                    "no-scorer",
                    _("criterion '{id}' has no scoring body").format(id=criterion.id),
                    _("add `scored_by:` to it, to a criterion above it or to its section"),
                )

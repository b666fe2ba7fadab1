"""Checks of the classification bands: ids, order by min_total, and the floors of each band (a node that
exists in the scored sections, points or a share, reachable)."""

from __future__ import annotations

from decimal import Decimal

from ..i18n import _
from ..loading.document import YamlPath
from ..loading.files import Loaded
from ..model.rubric import ClassBand, Classification, Floor, Rubric
from ..text.numbers import said_exact
from .reporter import Reporter, report_duplicate_ids, report_unknown


def check_classification(reporter: Reporter, source: Loaded[Rubric], rubric: Rubric) -> None:
    classification = rubric.classification
    if classification is None:
        return
    bands = classification.bands
    ids = [b.id for b in bands] + [classification.fallback.id]
    report_duplicate_ids(reporter, source, ("classification", "bands"), ids[:-1], "classification")
    if ids[-1] in ids[:-1]:
        reporter.error(
            source,
            ("classification", "fallback", "id"),
            "duplicate-id",
            _("the fallback classification uses the id of a band"),
        )
    _check_order(reporter, source, classification)
    _check_reachable(reporter, source, rubric)
    maxima = _node_maxima(rubric)
    for index, band in enumerate(bands):
        for number, floor in enumerate(band.floors):
            _check_floor(reporter, source, ("classification", "bands", index, "floors", number), floor, maxima, rubric)


def _check_order(reporter: Reporter, source: Loaded[Rubric], classification: Classification) -> None:
    """Highest min_total first; two bands may share a min_total when their floors tell them apart."""
    bands = classification.bands
    shared = False
    for index in range(1, len(bands)):
        band, above = bands[index], bands[index - 1]
        path: YamlPath = ("classification", "bands", index, "min_total")
        if band.min_total > above.min_total:
            reporter.error(
                source,
                path,
                "bands-order",
                _("classification bands must be listed from the highest min_total to the lowest"),
            )
        elif band.min_total == above.min_total:
            shared = shared or _floor_key(band) != _floor_key(above)
            if _floor_key(band) == _floor_key(above):
                reporter.error(
                    source,
                    path,
                    "bands-order",
                    _("bands '{above}' and '{band}' have the same min_total and the same floors").format(
                        above=above.id, band=band.id
                    ),
                    _("give the higher band stricter `floors`, or a higher `min_total`"),
                )
    if shared and classification.floor_rule == "drop_one_band":
        declared = "floor_rule" in classification.model_fields_set  # else the default: point at the block
        reporter.warning(
            source,
            ("classification", "floor_rule") if declared else ("classification",),
            "floor-rule-shared-total",
            _(
                "bands share a min_total and differ by their floors, but floor_rule drop_one_band gives the next "
                "band without checking its floors"
            ),
            _("use `floor_rule: highest_band_met`"),
            on_key=not declared,
        )


def _floor_key(band: ClassBand) -> list[tuple[object, ...]]:
    return sorted((f.node or "", f.each or "", str(f.min_points), str(f.min_share)) for f in band.all_floors())


def _check_reachable(reporter: Reporter, source: Loaded[Rubric], rubric: Rubric) -> None:
    if rubric.classification is None or (rubric.bonus is not None and rubric.bonus.limit is None):
        return  # an uncapped bonus can reach any total
    limit = rubric.bonus.limit if rubric.bonus else None
    ceiling = rubric.scale + (Decimal(limit.numerator) / Decimal(limit.denominator) if limit else Decimal(0))
    for index, band in enumerate(rubric.classification.bands):
        if band.min_total > ceiling:
            reporter.warning(
                source,
                ("classification", "bands", index, "min_total"),
                "band-unreachable",
                _("no unit can reach {min} points (scale plus bonus is {ceiling})").format(
                    min=said_exact(band.min_total), ceiling=said_exact(ceiling)
                ),
            )


def _node_maxima(rubric: Rubric) -> dict[str, Decimal]:
    """The max of every section and criterion of the scored sections (floors apply there only)."""
    found: dict[str, Decimal] = {}
    for section in rubric.sections:
        found.setdefault(section.id, section.max)
        for criterion in section.criteria:
            for node in criterion.nodes():
                found.setdefault(node.id, node.max)
    return found


def _check_floor(
    reporter: Reporter,
    source: Loaded[Rubric],
    path: YamlPath,
    floor: Floor,
    maxima: dict[str, Decimal],
    rubric: Rubric,
) -> None:
    if (floor.node is None) == (floor.each is None):
        reporter.error(
            source,
            path,
            "floor-target",
            _("a floor applies either to one `node` or to `each` criterion, indicator or section"),
            _("give exactly one of `node: <id>` or `each: criteria|indicators|sections`"),
        )
    if (floor.min_points is None) == (floor.min_share is None):
        reporter.error(
            source,
            path,
            "floor-minimum",
            _("a floor is either a number of points or a share of the max"),
            _('give exactly one of `min_points` or `min_share` (such as "85%")'),
        )
    if floor.min_share is not None and floor.min_share > 1:
        reporter.error(
            source,
            (*path, "min_share"),
            "share-above-one",
            _("no node can reach more than its whole max"),
            _('give a share between 0 and 1, such as 0.85 or "85%"'),
        )
    if floor.node is not None:
        _check_node(reporter, source, path, floor, maxima, rubric)


def _check_node(
    reporter: Reporter,
    source: Loaded[Rubric],
    path: YamlPath,
    floor: Floor,
    maxima: dict[str, Decimal],
    rubric: Rubric,
) -> None:
    node = floor.node or ""
    if node not in maxima:
        capped = [s for s in (rubric.bonus, rubric.penalty) if s is not None]
        outside = {s.id for s in capped} | {n.id for s in capped for c in s.criteria for n in c.nodes()}
        if node in outside:
            reporter.error(
                source,
                (*path, "node"),
                "floor-outside-scale",
                _("'{id}' is a bonus or penalty item: floors apply to the scored sections").format(id=node),
            )
        else:
            report_unknown(reporter, source, (*path, "node"), "node", node, maxima)
        return
    if floor.min_points is not None and floor.min_points > maxima[node]:
        reporter.error(
            source,
            (*path, "min_points"),
            "floor-unreachable",
            _("the floor of {points} points is above the max {max} of '{id}'").format(
                points=said_exact(floor.min_points), max=said_exact(maxima[node]), id=node
            ),
        )

"""A rubric that is not the cluster's to use for official documents: it names another province or year than
the cluster's (told by `emul validate` at the rubric's key and by `emul report`), or it is marked illustrative
(told by `emul report` only: a fresh cluster starts from the illustrative rubric and adapts it over the year,
while the documents an official signs must not be drawn from an example)."""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import _
from ..loading.files import LoadResult
from ..model.cluster import Cluster
from ..model.provinces import same_province
from ..model.rubric import Rubric
from .reporter import Reporter


@dataclass(frozen=True)
class MisusedRubric:
    """Why a rubric is not fit for the cluster's official documents: the rubric key at fault and what to do."""

    key: str
    message: str
    hint: str


def rubric_misuses(rubric: Rubric, cluster: Cluster) -> list[MisusedRubric]:
    found: list[MisusedRubric] = []
    if rubric.province is not None and not same_province(rubric.province, cluster.province):
        found.append(
            MisusedRubric(
                "province",
                _("the rubric is {rubric_province}'s, but the cluster is in {province}").format(
                    rubric_province=rubric.province, province=cluster.province
                ),
                _("use the rubric of the cluster's province, or correct `province`"),
            )
        )
    if rubric.year is not None and rubric.year != cluster.year:
        found.append(
            MisusedRubric(
                "year",
                _("the rubric is for {rubric_year}, but the cluster year is {year}").format(
                    rubric_year=rubric.year, year=cluster.year
                ),
                _("use the rubric adopted for {year}; if it is unchanged, set `year: {year}`").format(
                    year=cluster.year
                ),
            )
        )
    return found


def illustrative_rubric(rubric: Rubric, file: str) -> str | None:
    """What `emul report` says of a rubric still marked `illustrative: true`, or None."""
    if not rubric.illustrative:
        return None
    return _(
        "{file} is marked `illustrative: true`: it is an example, not the rubric the cluster adopted, and the "
        "documents drawn from it are drafts; adapt it to the cluster's rules (Quy chế), then remove that line"
    ).format(file=file)


def check(result: LoadResult, reporter: Reporter) -> None:
    if result.rubric is None or result.cluster is None or result.rubric.file in result.failed:
        return
    for misuse in rubric_misuses(result.rubric.model, result.cluster.model):
        reporter.warning(result.rubric, (misuse.key,), "rubric-not-for-cluster", misuse.message, misuse.hint)

"""A rubric whose content changed since its last commit while its `version` stayed the same: the cluster's
pin, the rubric hash in the outputs and `emul rubric diff` would all name two different rubrics alike."""

from __future__ import annotations

from ..i18n import _
from ..loading.files import LoadResult
from ..rubrics.versions import committed_rubric, rubric_hash
from .reporter import Reporter


def check(result: LoadResult, reporter: Reporter) -> None:
    source = result.rubric
    if source is None or source.doc.path is None or source.file in result.failed:
        return
    committed = committed_rubric(source.doc.path)
    rubric = source.model
    if committed is None or committed.version != rubric.version or rubric_hash(committed) == rubric_hash(rubric):
        return  # not in git, unchanged, only comments or layout changed, or the version was raised
    reporter.warning(
        source,
        ("version",),
        "rubric-changed-same-version",
        _("the rubric changed since its last commit but is still version '{version}'").format(version=rubric.version),
        _("raise `version` (and the cluster's `rubric.version`) so the two rubrics are not taken for one"),
    )

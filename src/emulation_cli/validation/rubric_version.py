"""A rubric whose content changed since its last commit while its `version` stayed the same: the cluster's
pin, the rubric hash in the outputs and `emul rubric diff` would all name two different rubrics alike."""

from __future__ import annotations

from ..i18n import _
from ..loading.files import Loaded, LoadResult
from ..model.rubric import Rubric
from ..rubrics.versions import committed_rubric, rubric_hash
from .reporter import Reporter


def unraised_version(source: Loaded[Rubric]) -> str | None:
    """What `emul validate` (at `version`) and `emul report` say of a rubric changed since its last commit
    under the same version, or None (not in git, unchanged, only comments or layout changed, or raised)."""
    if source.doc.path is None:
        return None
    committed = committed_rubric(source.doc.path)
    rubric = source.model
    if committed is None or committed.version != rubric.version or rubric_hash(committed) == rubric_hash(rubric):
        return None
    return _("the rubric changed since its last commit but is still version '{version}'").format(version=rubric.version)


def check(result: LoadResult, reporter: Reporter) -> None:
    source = result.rubric
    if source is None or source.file in result.failed:
        return
    message = unraised_version(source)
    if message is not None:
        reporter.warning(
            source,
            ("version",),
            "rubric-changed-same-version",
            message,
            _("raise `version` (and the cluster's `rubric.version`) so the two rubrics are not taken for one"),
        )

"""Cross-file checks: everything a single file's schema cannot see."""

from __future__ import annotations

from ..loading.diagnostics import Diagnostic
from ..loading.project import LoadResult
from . import assessments, ballots, cluster, covenant, rubric, units
from .reporter import Reporter


def run_checks(result: LoadResult) -> list[Diagnostic]:
    reporter = Reporter()
    units.check(result, reporter)
    cluster.check(result, reporter)
    rubric.check(result, reporter)
    covenant.check(result, reporter)
    assessments.check(result, reporter)
    ballots.check(result, reporter)
    return reporter.diagnostics

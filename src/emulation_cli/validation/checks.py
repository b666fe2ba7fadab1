"""Cross-file checks: everything a single file's schema cannot see."""

from __future__ import annotations

from ..loading.diagnostics import Diagnostic, Severity
from ..loading.files import LoadResult
from . import (
    assessments,
    ballots,
    cluster,
    covenant,
    legal,
    membership,
    phrases,
    rubric,
    rubric_use,
    rubric_version,
    signers,
    size,
    units,
)
from .reporter import Reporter


def run_checks(result: LoadResult) -> list[Diagnostic]:
    reporter = Reporter()
    size.check(result, reporter)
    units.check(result, reporter)
    cluster.check(result, reporter)
    membership.check(result, reporter)
    legal.check(result, reporter)
    rubric.check(result, reporter)
    rubric_version.check(result, reporter)
    rubric_use.check(result, reporter)
    covenant.check(result, reporter)
    assessments.check(result, reporter)
    ballots.check(result, reporter)
    signers.check(result, reporter)
    phrases.check(result, reporter)
    # A file with schema errors is checked on what could be salvaged of it: its warnings (an entry that
    # looks missing because it was cut) would mislead, its errors still stand.
    return [d for d in reporter.diagnostics if d.severity is Severity.ERROR or d.file not in result.failed]

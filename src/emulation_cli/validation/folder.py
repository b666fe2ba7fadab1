"""Validate a cluster folder: every file's schema and every cross-file rule, all problems at once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..loading.diagnostics import Diagnostic, Severity
from ..loading.files import LoadResult, load_folder
from .checks import run_checks
from .root_causes import root_causes_first


@dataclass(frozen=True)
class ValidationReport:
    folder: str
    files: tuple[str, ...]
    diagnostics: tuple[Diagnostic, ...]

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.WARNING)


def validate_folder(root: Path) -> tuple[LoadResult, ValidationReport]:
    result = load_folder(root)
    found = [*result.diagnostics, *run_checks(result)]
    report = ValidationReport(folder=root.as_posix(), files=tuple(result.files), diagnostics=root_causes_first(found))
    return result, report

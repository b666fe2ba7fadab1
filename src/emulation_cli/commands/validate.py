"""emul validate: print every problem of a cluster folder, as text or as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text

from ..i18n import _
from ..loading.diagnostics import Diagnostic, Severity
from ..validation.folder import ValidationReport, validate_folder

JSON_SCHEMA_ID = "emul.validate/1"


def run(folder: Path, output_format: str, strict: bool, console: Console) -> int:
    return exit_code(show(folder, output_format, strict, console), strict)


def show(folder: Path, output_format: str, strict: bool, console: Console) -> ValidationReport:
    """Validate the folder and print what was found; the report, for the exit code and the counts."""
    _result, report = validate_folder(folder)
    if output_format == "json":
        console.out(json.dumps(report_as_json(report, strict), ensure_ascii=False, indent=2), highlight=False)
    else:
        print_report(report, console, strict)
    return report


def exit_code(report: ValidationReport, strict: bool) -> int:
    if report.errors or (strict and report.warnings):
        return 1
    return 0


def print_report(report: ValidationReport, console: Console, strict: bool = False) -> None:
    for diagnostic in report.diagnostics:
        console.print(format_diagnostic(diagnostic))
    console.print(_summary(report))
    if strict and report.warnings and not report.errors:
        console.print(Text(_("--strict: warnings count as errors."), style="red"))


def format_diagnostic(diagnostic: Diagnostic) -> Text:
    error = diagnostic.severity is Severity.ERROR
    label = _("error") if error else _("warning")
    line = Text(f"{diagnostic.file}:{diagnostic.pos.line}:{diagnostic.pos.column}: ", style="bold")
    line.append(f"{label}:", style="bold red" if error else "bold yellow")
    line.append(" ")
    if diagnostic.path:
        line.append(f"{diagnostic.path}: ", style="cyan")
    line.append(diagnostic.message)
    if diagnostic.hint:
        line.append("\n  ")
        line.append(_("hint") + ": ", style="green")
        line.append(diagnostic.hint)
    if diagnostic.follow_ons:
        line.append("\n  ")
        line.append(_("note") + ": ", style="cyan")
        line.append(
            _("{count} more problem(s) follow from this one and are not shown; fix it and run again").format(
                count=diagnostic.follow_ons
            )
        )
    return line


def _summary(report: ValidationReport) -> Text:
    files = len(report.files)
    if not report.diagnostics:
        return Text(_("OK: {files} files checked, no problems found.").format(files=files), style="green")
    text = _("{errors} error(s), {warnings} warning(s) in {files} files checked.").format(
        errors=report.errors, warnings=report.warnings, files=files
    )
    return Text(text, style="red" if report.errors else "yellow")


def report_as_json(report: ValidationReport, strict: bool = False) -> dict[str, Any]:
    """The documented, stable JSON shape of `emul validate --format json` (see README)."""
    return {
        "schema": JSON_SCHEMA_ID,
        "folder": report.folder,
        "ok": exit_code(report, strict) == 0,
        "strict": strict,
        "files": list(report.files),
        "errors": report.errors,
        "warnings": report.warnings,
        "diagnostics": [
            {
                "file": d.file,
                "line": d.pos.line,
                "column": d.pos.column,
                "severity": d.severity.value,
                "code": d.code,
                "path": d.path,
                "message": d.message,
                "hint": d.hint,
                "follow_ons": d.follow_ons,
            }
            for d in report.diagnostics
        ],
    }

"""emul report: every document of a period in one batch (Word, Excel, Markdown; PDF copies on request)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.text import Text

from ..errors import write_crash_log
from ..i18n import N_, _
from ..reports.batch import BatchOutcome, FileStatus, Result
from ..reports.manifest import MANIFEST_NAME, Guard
from ..reports.run import prepare_report, run_report
from ..validation.periods import choose_period
from ..validation.project import load_project


def run(
    folder: Path,
    period_id: str | None,
    only: list[str],
    out: Path | None,
    pdf: bool,
    force: bool,
    console: Console,
    errors: Console,
) -> int:
    project = load_project(folder)
    batch = prepare_report(project, choose_period(project, period_id), only, out, pdf, force)
    for warning in batch.warnings:
        errors.print(Text(_("warning") + ": " + warning))
    outcome = run_report(batch, lambda total: progress_bar(errors, total))
    return show_outcome(console, errors, outcome)


@contextmanager
def progress_bar(errors: Console, total: int) -> Iterator[Callable[[], None]]:
    """A progress bar on a terminal; nothing at all when the output goes to a file or a pipe."""
    if not errors.is_terminal:
        yield lambda: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=errors, transient=True
    ) as progress:
        task = progress.add_task(_("Writing documents"), total=total)
        yield lambda: progress.advance(task)


def show_outcome(console: Console, errors: Console, outcome: BatchOutcome) -> int:
    """Each file and what became of it on stdout; what went wrong on stderr; the batch's exit code."""
    print_results(console, outcome)
    if outcome.stale_pdfs:
        message = _("{count} PDF copy(ies) now older than their document; run again with --pdf to refresh them")
        errors.print(Text(_("warning") + ": " + message.format(count=outcome.stale_pdfs)))
    return finish_batch(errors, outcome)


_STATUS_TEXT = {
    FileStatus.WRITTEN: N_("written"),
    FileStatus.UNCHANGED: N_("unchanged"),
    FileStatus.KEPT: N_("kept as you edited it"),
    FileStatus.PROTECTED: N_("not overwritten"),
    FileStatus.FAILED: N_("failed"),
}


def print_results(console: Console, outcome: BatchOutcome) -> None:
    console.print(
        Text(
            _("{written} file(s) written, {unchanged} unchanged, in {folder}").format(
                written=outcome.written, unchanged=outcome.unchanged, folder=outcome.target
            )
        )
    )
    width = max((len(r.name) for r in outcome.results), default=0)
    for result in outcome.results:
        status = _(_STATUS_TEXT[result.status])
        console.print(Text(f"  {result.name.ljust(width)}  " + status))


def finish_batch(errors: Console, outcome: BatchOutcome) -> int:
    problems = outcome.problems
    for result in problems:
        errors.print(Text(_("error") + ": " + result.name + ": " + _problem(result)))
    if outcome.crash_details:
        errors.print(
            Text(
                _("internal error (a bug in emul); the details are in {log}; please report them.").format(
                    log=write_crash_log(outcome.crash_details) or "—"
                )
            )
        )
    if problems:
        message = _("{count} of {total} document(s) not written.").format(
            count=len(problems), total=len(outcome.results)
        )
        if len(problems) < len(outcome.results):
            message += " " + _("The others are written.")
        errors.print(Text(message))
    return outcome.exit_code


def _problem(result: Result) -> str:
    if result.status is FileStatus.PROTECTED:
        if result.guard is Guard.EDITED:
            return _("changed since emul wrote it; not overwritten (use --force to overwrite it)")
        if result.guard is Guard.UNKNOWN:
            return _(
                "the manifest {name} is damaged, so emul cannot tell whether this file was edited; "
                "not overwritten (use --force to overwrite it)"
            ).format(name=MANIFEST_NAME)
        return _("not written by emul; not overwritten (use --force to overwrite it)")
    return result.error or ""

"""emul report: every document of a period in one batch (Word, Excel, Markdown; PDF copies on request)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.text import Text

from ..i18n import _
from ..reports.pdf import libreoffice_ahead


def run(
    folder: Path,
    period_id: str | None,
    only: list[str],
    out: Path | None,
    pdf: bool,
    force: bool,
    console: Console,
    errors: Console,
    sharing: int = 1,
) -> int:
    """`sharing`: how many clusters are reported at the same time on this machine (their LibreOffices share it)."""
    with libreoffice_ahead(pdf, sharing) as offices:
        # The rest of emul is imported while LibreOffice starts.
        from ..reports.run import prepare_report, run_report
        from ..validation.periods import choose_period
        from ..validation.project import load_project
        from .batch_outcome import show_outcome

        project = load_project(folder)
        with prepare_report(project, choose_period(project, period_id), only, out, offices, force) as batch:
            for warning in batch.warnings:
                errors.print(Text(_("warning") + ": " + warning), soft_wrap=True)
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

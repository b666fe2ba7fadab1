"""emul report: every document of a period in one batch (Word, Excel, Markdown; PDF copies on request)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.text import Text

from ..errors import UsageError
from ..i18n import _
from ..reports.pdf import libreoffice_ahead
from ..validation.project import Project


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
    previous: list[Path] | None = None,
) -> int:
    """`sharing`: how many clusters are reported at the same time on this machine (their LibreOffices share it);
    `previous`: earlier years' folders of the same cluster, for the overview page."""
    with libreoffice_ahead(pdf, sharing) as offices:
        # The rest of emul is imported while LibreOffice starts.
        from ..reports.run import chosen_kinds, prepare_report, run_report
        from ..validation.periods import choose_period
        from ..validation.project import load_project
        from .batch_outcome import show_outcome

        project = load_project(folder)
        period = choose_period(project, period_id)
        if previous and period.kind == "so_ket":
            raise UsageError(
                _("--previous draws the earlier years on the year's overview page: period {period} is a sơ kết").format(
                    period=period.id
                ),
                hint=_("report the year's tổng kết with --previous"),
            )
        if previous and "html" not in chosen_kinds(only, period, project.ranks_by_vote):
            raise UsageError(
                _("--previous draws the earlier years on the overview page, which this run does not write"),
                hint=_("include html in --only, or leave --previous out"),
            )
        earlier = earlier_projects(project, previous or [])
        with prepare_report(project, period, only, out, offices, force, earlier) as batch:
            for warning in batch.warnings:
                errors.print(Text(_("warning") + ": " + warning), soft_wrap=True)
            outcome = run_report(batch, lambda total: progress_bar(errors, total))
    return show_outcome(console, errors, outcome)


def earlier_projects(project: Project, folders: list[Path]) -> tuple[tuple[str, Project], ...]:
    """The earlier years' folders, loaded; each must be a folder of the same cluster, of a year before the one
    reported."""
    from ..loading.discovery import is_cluster_folder
    from ..validation.project import load_project

    earlier = []
    for folder in folders:
        if not is_cluster_folder(folder):
            raise UsageError(_("'{path}' is not a cluster folder").format(path=folder))
        if folder.resolve() == project.root.resolve():
            raise UsageError(_("--previous names the folder being reported: '{path}'").format(path=folder))
        loaded = load_project(folder)
        if loaded.cluster.model.id != project.cluster.model.id:
            raise UsageError(
                _("'{path}' is a folder of cluster '{other}', not of '{cluster}'").format(
                    path=folder, other=loaded.cluster.model.id, cluster=project.cluster.model.id
                )
            )
        later, year = loaded.cluster.model.year, project.cluster.model.year
        if later >= year:
            raise UsageError(
                _("'{path}' is the cluster's year {other}: --previous takes years before {year}").format(
                    path=folder, other=later, year=year
                ),
                hint=_("report the latest year and give the earlier years' folders with --previous"),
            )
        earlier.append((str(folder), loaded))
    return tuple(earlier)


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

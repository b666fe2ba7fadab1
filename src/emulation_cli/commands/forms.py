"""emul forms: one Excel self-assessment form per unit of a period, to send out and import back."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.text import Text

from ..errors import UsageError
from ..i18n import _
from ..periods import choose_period
from ..project import Project, load_project
from ..reports.batch import Result, Status, run_batch, save_manifest
from ..reports.manifest import Manifest
from ..reports.plan import Job, file_name

DEFAULT_OUT = "bieu-mau"


def run(folder: Path, period_id: str | None, out: Path | None, console: Console, errors: Console) -> int:
    project = load_project(folder)
    period = choose_period(project, period_id)
    target = out if out is not None else folder / DEFAULT_OUT / period.id
    if target.exists() and not target.is_dir():
        raise UsageError(_("'{path}' exists and is not a folder").format(path=target))
    target.mkdir(parents=True, exist_ok=True)
    jobs = [_job(project, period.id, unit) for unit in project.members(period)]
    manifest = Manifest.load(target)
    results = run_batch(jobs, target, manifest, force=False)
    results += save_manifest(manifest, results, period.id)
    console.print(
        Text(
            _("{count} form(s) for period {period} in {folder}").format(
                count=sum(1 for r in results if r.status in (Status.WRITTEN, Status.UNCHANGED)),
                period=period.id,
                folder=target,
            )
        )
    )
    for result in results:
        console.print(Text(f"  {result.name}"))
    return _problems(errors, results)


def _job(project: Project, period_id: str, unit_id: str) -> Job:
    from ..forms.write import build_form

    current = project.assessments_for(period_id).get(unit_id)
    day = project.period(period_id).end

    def render() -> bytes:
        return build_form(project, period_id, unit_id, current.model if current else None, day)

    return Job("form", file_name(f"{unit_id}.xlsx"), None, render)


def _problems(errors: Console, results: list[Result]) -> int:
    failed = [r for r in results if r.status in (Status.FAILED, Status.PROTECTED)]
    for result in failed:
        reason = result.error or _("changed since emul wrote it; not overwritten")
        errors.print(Text(_("error") + f": {result.name}: {reason}"))
    return max((r.exit_code for r in failed), default=0)

"""emul forms: one Excel self-assessment form per unit of a period, to send out and import back."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from ..errors import UsageError
from ..forms.seal import key_for_forms
from ..i18n import _
from ..reports.batch import BatchOutcome, prepare_output, recorded_if_interrupted, run_batch, save_manifest
from ..reports.plan import Job, file_name
from ..resources import FORMS_FOLDER
from ..validation.periods import choose_period
from ..validation.project import Project, load_project
from .batch_outcome import show_outcome


def run(folder: Path, period_id: str | None, out: Path | None, console: Console, errors: Console) -> int:
    project = load_project(folder)
    refuse_without_rubric(project)
    period = choose_period(project, period_id)
    members = project.members(period)
    _refuse_too_large(project, period.id, members)
    key = key_for_forms(project.root)
    target = out if out is not None else folder / FORMS_FOLDER / period.id
    jobs = [_job(project, period.id, unit, key) for unit in members]
    manifest, lock = prepare_output(target, period.id, False, "emul forms")
    with lock, recorded_if_interrupted(manifest, period.id):
        results = run_batch(jobs, target, manifest, force=False)
        results += save_manifest(manifest, results, period.id)
    return show_outcome(console, errors, BatchOutcome(target, tuple(results)))


def refuse_without_rubric(project: Project) -> None:
    """The forms carry the rubric's criteria: a cluster ranked by vote has none to send out or import (exit 2,
    a command that does not apply to this folder, like `emul awards` on a sơ kết)."""
    if project.ranks_by_vote:
        raise UsageError(
            _(
                "the cluster declares no rubric: it ranks its members by the ranking ballot, so there are no "
                "self-assessment forms"
            ),
            hint=_("record the ranking ballot in ballots/<period>.yaml (`ranking`), then run 'emul score'"),
        )


def _refuse_too_large(project: Project, period_id: str, units: list[str]) -> None:
    from ..forms.write import refuse_too_large

    for unit in units:
        refuse_too_large(project, period_id, unit)


def _job(project: Project, period_id: str, unit_id: str, key: bytes) -> Job:
    from ..forms.write import build_form

    current = project.assessments_for(period_id).get(unit_id)
    day = project.period(period_id).end

    def render() -> bytes:
        return build_form(project, period_id, unit_id, current.model if current else None, day, key)

    return Job("form", file_name(f"{unit_id}.xlsx"), None, render)

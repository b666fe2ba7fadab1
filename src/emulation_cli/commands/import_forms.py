"""emul import: returned self-assessment forms into the units' assessment files (or only checked)."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from ..errors import EmulError, FormRefused, UsageError
from ..i18n import _, current_language
from ..loading.files import ASSESSMENTS_DIR
from ..text.numbers import Numbers
from ..validation.project import Project, load_project
from ..writing.atomic import remove_leftovers, write_text_atomic
from ..writing.lock import FolderLock
from .forms import refuse_without_rubric

if TYPE_CHECKING:
    from ..forms.read import FormData


def run(folder: Path, files: list[Path], check: bool, console: Console, errors: Console) -> int:
    from ..forms.seal import key_for_import

    project = load_project(folder)
    refuse_without_rubric(project)
    seal_key = key_for_import(project.root)
    for path in files:
        if not path.is_file():
            raise UsageError(_("'{path}' is not a file").format(path=path))
    with nullcontext() if check else _assessments_locked(project.root / ASSESSMENTS_DIR):
        return _import(folder, project, seal_key, files, check, console, errors)


def _assessments_locked(assessments: Path) -> FolderLock:
    """One import at a time into the assessments, cleared first of the temporary files a killed one left."""
    try:
        assessments.mkdir(exist_ok=True)
    except OSError as exc:
        raise UsageError(
            _("cannot create the folder '{path}': {reason}").format(path=assessments, reason=exc.strerror or exc)
        ) from exc
    lock = FolderLock(assessments, "emul import")
    remove_leftovers(assessments)
    return lock


def _import(
    folder: Path, project: Project, seal_key: bytes, files: list[Path], check: bool, console: Console, errors: Console
) -> int:
    from ..forms.read import read_form

    seen: dict[tuple[str, str], Path] = {}
    imported: list[tuple[Path, str, str]] = []
    failed, worst = 0, 1
    for path in files:
        try:
            form, problems = read_form(path, project, seal_key)
        except FormRefused as refused:
            errors.print(Text(f"{path}: " + _("error") + f": {refused}"))
            failed += 1
            continue
        for problem in problems:
            severity = _("warning") if problem.warning else _("error")
            errors.print(Text(f"{path}: {problem.sheet}!{problem.cell}: {severity}: {problem.message}"))
        if form is None:
            failed += 1
            continue
        key = (form.unit, form.period)
        if key in seen:
            errors.print(
                Text(
                    f"{path}: "
                    + _("error")
                    + ": "
                    + _("a second form for {unit}, period {period} (the first is {first})").format(
                        unit=form.unit, period=form.period, first=seen[key]
                    )
                )
            )
            failed += 1
            continue
        seen[key] = path
        try:
            target, changed = _write(project, form, check)
        except EmulError as refused:  # an invalid result (1), a disk full or read-only (2)
            errors.print(Text(f"{path}: " + _("error") + f": {refused.message}"))
            failed += 1
            worst = max(worst, refused.exit_code)
            continue
        imported.append((path, form.unit, form.period))
        verb = (_("would update") if check else _("imported into")) if changed else _("no change to")
        console.print(Text(f"{path}: {verb} {target.relative_to(folder) if target.is_relative_to(folder) else target}"))
    if imported and not check:
        _print_totals(folder, imported, console)
    if failed:
        errors.print(Text(_("{count} of {total} form(s) not imported.").format(count=failed, total=len(files))))
    return worst if failed else 0


def _write(project: Project, form: FormData, check: bool) -> tuple[Path, bool]:
    from ..forms.assessment_file import merged_text

    target = project.root / ASSESSMENTS_DIR / form.period / f"{form.unit}.yaml"
    existing = _existing(target)
    text = merged_text(existing, form)
    _check_merged(text, target)
    if not check and text != existing:
        _store(target, text)
    return target, text != existing


def _existing(target: Path) -> str | None:
    try:
        return target.read_text(encoding="utf-8") if target.is_file() else None
    except OSError as exc:
        raise UsageError(_("cannot read {file}: {reason}").format(file=target, reason=exc.strerror or exc)) from exc


def _store(target: Path, text: str) -> None:
    """The file is replaced whole or not at all: a full or read-only disk leaves it as it was (exit 2, like
    `emul report`)."""
    try:
        write_text_atomic(target, text)
    except OSError as exc:
        raise UsageError(
            _("cannot write {file}: {reason}; the file was left as it was").format(
                file=target, reason=exc.strerror or exc
            )
        ) from exc


def _check_merged(text: str, target: Path) -> None:
    """The file about to be written must read back as a valid assessment: never leave the folder broken."""
    from pydantic import ValidationError

    from ..errors import DataError
    from ..loading.document import YamlProblem
    from ..loading.yamltree import parse_yaml_text
    from ..model.assessment import Assessment

    try:
        document = parse_yaml_text(text, str(target))
        if document.problems:
            raise DataError(document.problems[0].message)
        Assessment.model_validate(document.data)
    except (YamlProblem, ValidationError, DataError) as exc:
        raise DataError(
            _("{file} would not be a valid assessment after this import; nothing was written ({reason})").format(
                file=target, reason=str(exc).splitlines()[0]
            )
        ) from exc


def _print_totals(folder: Path, imported: list[tuple[Path, str, str]], console: Console) -> None:
    """Totals are computed again from the files just written, never read from the form."""
    from ..ranking.standings import standings

    project = load_project(folder)
    numbers = Numbers.of(project.points_rubric.model.rounding, comma=current_language() == "vi")
    for period_id in sorted({period for _path, _unit, period in imported}):
        totals = {item.unit.id: item for item in standings(project, project.period(period_id)).ranked}
        for _path, unit, period in imported:
            if period == period_id and unit in totals:
                item = totals[unit]
                values = {
                    "unit": item.score.unit.short_name,
                    "period": period,
                    "total": numbers.points(item.score.total),
                    "self_total": numbers.points(item.score.self_total_exact),
                }
                message = (
                    _("{unit}, period {period}: total {total}, self-scored total {self_total}")
                    if item.score.self_scored
                    else _("{unit}, period {period}: total {total}")
                )
                console.print(Text(message.format(**values)))

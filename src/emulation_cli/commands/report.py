"""emul report: every document of a period in one batch (Word, Excel, Markdown; PDF copies on request)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.text import Text

from ..errors import UsageError, write_crash_log
from ..i18n import N_, _
from ..reports.batch import Result, Status, os_error, run_batch, save_manifest, write_guarded
from ..reports.context import Builder, document_date
from ..reports.gather import PeriodData, gather
from ..reports.kinds import KIND_NAMES
from ..reports.manifest import MANIFEST_NAME, Guard, Manifest
from ..reports.plan import kinds_for, plan
from ..resources import REPORTS_FOLDER
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
    period = choose_period(project, period_id)
    data = gather(project, period)
    kinds = chosen_kinds(only, data)
    office = _office_or_fail() if pdf else None
    target = out if out is not None else folder / REPORTS_FOLDER / period.id
    manifest = prepare_output(target, period.id, force)
    _warn_before(errors, data, folder)
    jobs = plan(Builder(data), folder, kinds)
    with _progress(errors, len(jobs)) as advance:
        results = run_batch(jobs, target, manifest, force, lambda _result: advance())
    if office is not None:
        results += _pdf_copies(office, target, manifest, results, force, errors, document_date(project, period))
    results += save_manifest(manifest, results, period.id)
    print_results(console, target, results)
    _warn_stale_pdfs(errors, target, results, office is not None)
    return finish_batch(errors, results)


def _warn_before(errors: Console, data: PeriodData, folder: Path) -> None:
    """What the officer should know before reading the documents: they are drafts of what is missing."""
    warnings: list[str] = []
    if not any(score.has_assessment for score in data.scores.units):
        warnings.append(
            _("no unit has an assessment for period {period}: every score in the documents is 0").format(
                period=data.period.id
            )
        )
    needs_vote = any(title.requires_vote for title in data.project.cluster.model.awards.titles)
    if data.is_year and needs_vote and data.project.ballot(data.period.id) is None:
        warnings.append(
            _(
                "the ballot of period {period} is not recorded (ballots/{period}.yaml): the documents "
                "show the proposals as awaiting the vote"
            ).format(period=data.period.id)
        )
    warnings += [
        _("{path} is not a template emul uses, and is ignored (names: {names})").format(path=path, names=names)
        for path, names in unused_templates(folder)
    ]
    for warning in warnings:
        errors.print(Text(_("warning") + ": " + warning))


def unused_templates(folder: Path) -> list[tuple[Path, str]]:
    from ..reports.templates import OWN_FOLDER, TEMPLATE_NAMES

    own = folder / OWN_FOLDER
    if not own.is_dir():
        return []
    names = ", ".join(TEMPLATE_NAMES)
    return [(path, names) for path in sorted(own.iterdir()) if path.is_file() and path.name not in TEMPLATE_NAMES]


def chosen_kinds(only: list[str], data: PeriodData) -> tuple[str, ...]:
    available = kinds_for(data)
    unknown = [kind for kind in only if kind not in KIND_NAMES]
    if unknown:
        raise UsageError(
            _("unknown document kind '{kind}'").format(kind=unknown[0]),
            hint=_("kinds: {kinds}").format(kinds=", ".join(KIND_NAMES)),
        )
    wrong_period = [kind for kind in only if kind not in available]
    if wrong_period:
        raise UsageError(
            _("'{kind}' is not written for period {period}").format(kind=wrong_period[0], period=data.period.id),
            hint=_("for this period: {kinds}").format(kinds=", ".join(available)),
        )
    return tuple(kind for kind in available if not only or kind in only)


def _office_or_fail() -> str:
    from ..reports.pdf import find_office

    office = find_office()
    if office is None:
        raise UsageError(
            _("--pdf needs LibreOffice, which is not installed (no 'soffice' on the PATH)"),
            hint=_(
                "install it (Debian/Ubuntu: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui) "
                "or run without --pdf"
            ),
        )
    return office


def prepare_output(target: Path, period: str, force: bool) -> Manifest:
    """The output folder, created if need be, and what emul wrote there before (its manifest)."""
    if target.exists() and not target.is_dir():
        raise UsageError(_("'{path}' exists and is not a folder").format(path=target))
    manifest = Manifest.load(target)
    other = manifest.period
    if other is not None and other != period and not force:
        raise UsageError(
            _("'{path}' holds the documents of period {other}").format(path=target, other=other),
            hint=_("choose another --out folder for period {period}, or use --force").format(period=period),
        )
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(
            _("cannot create the output folder '{path}': {reason}").format(path=target, reason=exc.strerror)
        ) from exc
    return manifest


@contextmanager
def _progress(errors: Console, total: int) -> Iterator[Callable[[], None]]:
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


def _pdf_copies(
    office: str,
    target: Path,
    manifest: Manifest,
    results: list[Result],
    force: bool,
    errors: Console,
    day: date,
) -> list[Result]:
    from ..reports.pdf import convert_all, reproducible

    # An edited document is converted as the officer left it: the PDF is what will be sent.
    ready = (Status.WRITTEN, Status.UNCHANGED, Status.KEPT, Status.PROTECTED)
    sources = [r.name for r in results if r.status in ready and _convertible(r.name) and (target / r.name).is_file()]
    copies: list[Result] = []
    with _progress(errors, len(sources)) as advance:
        converted = convert_all(office, target, sources)
        for item in converted:
            name = str(Path(item.source).with_suffix(".pdf").as_posix())
            if item.pdf is None:
                message = _("conversion to PDF failed: {reason}").format(reason=item.error)
                copies.append(Result(name, "pdf", Status.FAILED, error=message, exit_code=1))
            else:
                copies.append(_write_pdf(name, reproducible(item.pdf, day), target, manifest, force))
            advance()
    return copies


def _write_pdf(name: str, pdf: bytes, target: Path, manifest: Manifest, force: bool) -> Result:
    try:
        return write_guarded(name, "pdf", pdf, target, manifest, force)
    except OSError as exc:
        return Result(name, "pdf", Status.FAILED, error=os_error(exc, name), exit_code=2)


def _warn_stale_pdfs(errors: Console, target: Path, results: list[Result], converted: bool) -> None:
    """A PDF copy older than its document is misleading: say so when this run did not refresh it."""
    if converted:
        return
    stale = [r.name for r in results if _convertible(r.name) and _older_pdf(target / r.name)]
    if stale:
        errors.print(
            Text(
                _("warning")
                + ": "
                + _("{count} PDF copy(ies) now older than their document; run again with --pdf to refresh them").format(
                    count=len(stale)
                )
            )
        )


def _older_pdf(document: Path) -> bool:
    pdf = document.with_suffix(".pdf")
    return document.is_file() and pdf.is_file() and pdf.stat().st_mtime_ns < document.stat().st_mtime_ns


def _convertible(name: str) -> bool:
    return name.endswith((".docx", ".xlsx"))


_STATUS_TEXT = {
    Status.WRITTEN: N_("written"),
    Status.UNCHANGED: N_("unchanged"),
    Status.KEPT: N_("kept as you edited it"),
    Status.PROTECTED: N_("not overwritten"),
    Status.FAILED: N_("failed"),
}


def print_results(console: Console, target: Path, results: list[Result]) -> None:
    written = sum(1 for r in results if r.status is Status.WRITTEN)
    unchanged = sum(1 for r in results if r.status in (Status.UNCHANGED, Status.KEPT))
    console.print(
        Text(
            _("{written} file(s) written, {unchanged} unchanged, in {folder}").format(
                written=written, unchanged=unchanged, folder=target
            )
        )
    )
    width = max(len(r.name) for r in results) if results else 0
    for result in results:
        status = _(_STATUS_TEXT[result.status])
        console.print(Text(f"  {result.name.ljust(width)}  " + status))


def finish_batch(errors: Console, results: list[Result]) -> int:
    problems = [r for r in results if r.status in (Status.FAILED, Status.PROTECTED)]
    for result in problems:
        errors.print(Text(_("error") + ": " + result.name + ": " + _problem(result)))
    if any(r.details for r in problems):
        errors.print(
            Text(
                _("internal error (a bug in emul); the details are in {log}; please report them.").format(
                    log=write_crash_log("\n".join(r.details for r in problems if r.details)) or "—"
                )
            )
        )
    if problems:
        message = _("{count} of {total} document(s) not written.").format(count=len(problems), total=len(results))
        if len(problems) < len(results):
            message += " " + _("The others are written.")
        errors.print(Text(message))
    return max((r.exit_code for r in problems), default=0)


def _problem(result: Result) -> str:
    if result.status is Status.PROTECTED:
        if result.guard is Guard.EDITED:
            return _("changed since emul wrote it; not overwritten (use --force to overwrite it)")
        if result.guard is Guard.UNKNOWN:
            return _(
                "the manifest {name} is damaged, so emul cannot tell whether this file was edited; "
                "not overwritten (use --force to overwrite it)"
            ).format(name=MANIFEST_NAME)
        return _("not written by emul; not overwritten (use --force to overwrite it)")
    return result.error or ""

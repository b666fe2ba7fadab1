"""`emul report` without its console: the batch prepared (kinds, output folder, manifest, what to announce),
then written, with PDF copies on request, and summed up in an BatchOutcome that the command shows."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import EmulError, UsageError
from ..i18n import _
from ..model.cluster import Period
from ..resources import REPORTS_FOLDER
from ..validation.project import Project
from ..validation.rubric_use import illustrative_rubric, rubric_misuses
from ..validation.rubric_version import unraised_version
from ..writing.lock import FolderLock
from .batch import (
    BatchOutcome,
    FileStatus,
    Result,
    os_error,
    prepare_output,
    recorded_if_interrupted,
    run_batch,
    save_manifest,
    write_guarded,
)
from .context import Builder
from .facts import Facts
from .gather import PeriodData, gather
from .kinds import BY_NAME, KIND_NAMES, TEMPLATE_NAMES
from .manifest import Guard, Manifest, copy_key, file_digest
from .pdf import is_spreadsheet
from .placeholders import placeholders_left
from .plan import Job, kinds_for, plan

if TYPE_CHECKING:
    from .pdf import Offices

# Shows the progress of a step of `total` files: entered, it gives the function to call after each file.
Progress = Callable[[int], AbstractContextManager[Callable[[], None]]]


def no_progress(_total: int) -> AbstractContextManager[Callable[[], None]]:
    return nullcontext(lambda: None)


@dataclass(frozen=True)
class ReportBatch:
    """A period's documents ready to be written: what, where, and what the officer should know first."""

    data: PeriodData
    kinds: tuple[str, ...]
    target: Path  # the output folder, created
    manifest: Manifest
    offices: Offices | None  # the LibreOffices of the PDF copies, when they are asked for
    force: bool
    warnings: tuple[str, ...]
    lock: FolderLock  # the output folder's, held until the batch is left

    def __enter__(self) -> ReportBatch:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.lock.release()

    @cached_property
    def jobs(self) -> list[Job]:
        """The documents to write; their contexts are built here, after the warnings could be shown."""
        return plan(Builder(self.data), self.data.project.root, self.kinds)


def prepare_report(
    project: Project,
    period: Period,
    only: list[str],
    out: Path | None,
    offices: Offices | None,
    force: bool,
    earlier: tuple[tuple[str, Project], ...] = (),
) -> ReportBatch:
    """Everything checked before a file is written: UsageError (exit 2) for a wrong kind, an output folder that
    is a file, holds another period, cannot be created or is in use by another emul (LibreOffice, for the PDF
    copies, is found and started before: `pdf.libreoffice_ahead`). The batch holds the folder's lock: use it in a
    `with` block."""
    kinds = chosen_kinds(only, period, project.ranks_by_vote)
    overview = "html" in kinds
    data = gather(project, period, workbook="bang-tong-hop" in kinds, overview=overview, earlier=earlier)
    target = out if out is not None else project.root / REPORTS_FOLDER / period.id
    warnings = warnings_before(data, project.root)
    manifest, lock = prepare_output(target, period.id, force, "emul report")
    return ReportBatch(data, kinds, target, manifest, offices, force, warnings, lock)


def run_report(batch: ReportBatch, progress: Progress = no_progress) -> BatchOutcome:
    """Write every document (and its PDF copy), then the manifest; one failure never stops the others, and
    Ctrl-C leaves the files written so far recorded (BatchInterrupted)."""
    with recorded_if_interrupted(batch.manifest, batch.data.period.id):
        with progress(len(batch.jobs)) as advance:
            results = _write_documents(batch, advance)
        fonts: tuple[str, ...] = ()
        if batch.offices is not None:
            day = batch.data.project.decision_date(batch.data.period)
            copies, fonts = _pdf_copies(batch, batch.offices, results, day, progress)
            results += copies
    results += save_manifest(batch.manifest, results, batch.data.period.id)
    stale = 0 if batch.offices is not None else stale_pdfs(batch.target, results)
    places = placeholders_left(batch.target, _documents(results))
    return BatchOutcome(batch.target, tuple(results), stale, places, fonts)


def _write_documents(batch: ReportBatch, advance: Callable[[], None]) -> list[Result]:
    """The documents, in the plan's order. With PDF copies the workbooks are written first, and each is handed to
    LibreOffice as soon as it is: laying one out takes longer than converting all the Word documents."""
    offices = batch.offices
    if offices is None:
        return run_batch(batch.jobs, batch.target, batch.manifest, batch.force, lambda _result: advance())

    def written(result: Result) -> None:
        advance()
        if result.status is FileStatus.WRITTEN:
            offices.convert_soon(batch.target, result.name)

    first = sorted(batch.jobs, key=lambda job: not is_spreadsheet(job.name))
    by_name = {r.name: r for r in run_batch(first, batch.target, batch.manifest, batch.force, written)}
    return [by_name[job.name] for job in batch.jobs]


def chosen_kinds(only: list[str], period: Period, by_vote: bool = False) -> tuple[str, ...]:
    available = kinds_for(period.kind == "tong_ket", by_vote)
    unknown = [kind for kind in only if kind not in KIND_NAMES]
    if unknown:
        raise UsageError(
            _("unknown document kind '{kind}'").format(kind=unknown[0]),
            hint=_("kinds: {kinds}").format(kinds=", ".join(KIND_NAMES)),
        )
    unscored = [kind for kind in only if by_vote and BY_NAME[kind].needs_rubric]
    if unscored:
        raise UsageError(
            _("'{kind}' is written from the rubric's scores, and the cluster declares no rubric").format(
                kind=unscored[0]
            ),
            hint=_("for this period: {kinds}").format(kinds=", ".join(available)),
        )
    wrong_period = [kind for kind in only if kind not in available]
    if wrong_period:
        raise UsageError(
            _("'{kind}' is not written for period {period}").format(kind=wrong_period[0], period=period.id),
            hint=_("for this period: {kinds}").format(kinds=", ".join(available)),
        )
    return tuple(kind for kind in available if not only or kind in only)


def warnings_before(data: PeriodData, folder: Path) -> tuple[str, ...]:
    """What the officer should know before reading the documents: they are drafts of what is missing."""
    warnings: list[str] = []
    if data.scores is not None and not any(score.has_assessment for score in data.scores.units):
        warnings.append(
            _("no unit has an assessment for period {period}: every score in the documents is 0").format(
                period=data.period.id
            )
        )
    ballot = data.ranking.ballot if data.ranking is not None else None
    if ballot is not None and not ballot.counted:
        warnings.append(
            _(
                "the ranking ballot of period {period} is not counted (not recorded, or held without the quorum): "
                "the documents show every unit sharing one rank"
            ).format(period=data.period.id)
        )
    needs_vote = any(title.requires_vote for title in data.project.cluster.model.awards.titles)
    if data.is_year and needs_vote and data.project.ballot(data.period.id) is None:
        warnings.append(
            _(
                "the ballot of period {period} is not recorded (ballots/{period}.yaml): the documents "
                "show the proposals as awaiting the vote"
            ).format(period=data.period.id)
        )
    awards = data.awards
    short = {unit.id: unit.short_name for unit in data.project.units.model.units}
    titles = {title.id: title.name for title in data.project.cluster.model.awards.titles}
    warnings += [
        _(
            "the ballot file of period {period} records a vote on {award} for {unit}, who is not offered that award "
            "now: the documents do not report that vote; check the scores and the ballot file"
        ).format(period=data.period.id, award=titles.get(award, award), unit=short.get(unit, unit))
        for award, unit in (awards.unused_votes if awards is not None else ())
    ]
    rubric = data.project.rubric
    if rubric is not None:
        example = illustrative_rubric(rubric.model, rubric.file)
        warnings += [example] if example is not None else []
        unraised = unraised_version(rubric)
        warnings += [unraised] if unraised is not None else []
        warnings += [misuse.message for misuse in rubric_misuses(rubric.model, data.project.cluster.model)]
    warnings += [
        _("{path} is not a template emul uses, and is ignored (names: {names})").format(path=path, names=names)
        for path, names in unused_templates(folder)
    ]
    return tuple(warnings)


def unused_templates(folder: Path) -> list[tuple[Path, str]]:
    from ..validation.phrases import PHRASES_FILE
    from .templates import OWN_FOLDER

    own = folder / OWN_FOLDER
    if not own.is_dir():
        return []
    known = (*TEMPLATE_NAMES, PHRASES_FILE)
    names = ", ".join(known)
    return [(path, names) for path in sorted(own.iterdir()) if path.is_file() and path.name not in known]


# ----- PDF copies -----------------------------------------------------------------------------------------
def _pdf_copies(
    batch: ReportBatch, offices: Offices, results: list[Result], day: date, progress: Progress
) -> tuple[list[Result], tuple[str, ...]]:
    """The PDF copies, and the fonts LibreOffice drew instead of Times New Roman (none when it is installed).
    A copy already made from its document as it is now, and untouched since, is not converted again."""
    from .fonts import substitutes
    from .pdf import reproducible

    target = batch.target
    sources = [name for name in _documents(results) if _convertible(name) and (target / name).is_file()]
    documents = {name: _read(target / name) for name in sources}
    current = [name for name in sources if _copy_current(batch.manifest, name, documents[name], day)]
    copies: list[Result] = []
    drawn: list[tuple[bytes, bytes]] = []
    with progress(len(sources)) as advance:
        for name in current:
            pdf = _pdf_name(name)
            content = _read(target / pdf)
            batch.manifest.record(pdf, content, batch.manifest.facts(name))
            batch.manifest.made_from[pdf] = copy_key(documents[name], day)
            copies.append(Result(pdf, "pdf", FileStatus.UNCHANGED, Guard.SAME))
            drawn.append((documents[name], content))
            advance()
        for item in offices.convert(target, [name for name in sources if name not in current]):
            name = _pdf_name(item.source)
            if item.pdf is None:
                message = _("conversion to PDF failed: {reason}").format(reason=item.error)
                copies.append(Result(name, "pdf", FileStatus.FAILED, error=message, exit_code=1))
            else:
                facts = batch.manifest.facts(item.source)  # a copy shows what its document was built from
                copies.append(_write_pdf(name, reproducible(item.pdf, day), batch, facts))
                if copies[-1].status in (FileStatus.WRITTEN, FileStatus.UNCHANGED):
                    batch.manifest.made_from[name] = copy_key(documents[item.source], day)
                drawn.append((documents[item.source], item.pdf))
            advance()
    return copies, substitutes(drawn)


def _copy_current(manifest: Manifest, document: str, content: bytes, day: date) -> bool:
    """Whether the document's PDF copy was made from exactly this content, and still holds what emul wrote."""
    pdf = _pdf_name(document)
    if manifest.made_from.get(pdf) != copy_key(content, day):
        return False
    try:
        return manifest.files.get(pdf) == file_digest(manifest.folder / pdf)
    except EmulError:  # not a regular file any more: converted again, and the writing says what is wrong
        return False


def _pdf_name(document: str) -> str:
    return Path(document).with_suffix(".pdf").as_posix()


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:  # gone since it was converted: nothing to tell about its fonts
        return b""


def _documents(results: list[Result]) -> list[str]:
    """The documents in the folder after the batch: an edited one as the officer left it (the PDF is what will
    be sent), and the new version written beside it."""
    ready = (FileStatus.WRITTEN, FileStatus.UNCHANGED, FileStatus.KEPT, FileStatus.PROTECTED, FileStatus.BESIDE)
    names: list[str] = []
    for result in results:
        if result.status in ready:
            names.append(result.name)
        if result.beside is not None:
            names.append(result.beside)
    return names


def _write_pdf(name: str, pdf: bytes, batch: ReportBatch, facts: Facts | None) -> Result:
    try:
        return write_guarded(name, "pdf", pdf, batch.target, batch.manifest, batch.force, facts, copy=True)
    except EmulError as exc:  # a path out of the output folder
        return Result(name, "pdf", FileStatus.FAILED, error=exc.message, exit_code=exc.exit_code)
    except OSError as exc:
        return Result(name, "pdf", FileStatus.FAILED, error=os_error(exc, name), exit_code=2)


def stale_pdfs(target: Path, results: list[Result]) -> int:
    """How many PDF copies are older than their document: misleading, when this run did not refresh them."""
    return sum(1 for r in results if _convertible(r.name) and _older_pdf(target / r.name))


def _older_pdf(document: Path) -> bool:
    pdf = document.with_suffix(".pdf")
    return document.is_file() and pdf.is_file() and pdf.stat().st_mtime_ns < document.stat().st_mtime_ns


def _convertible(name: str) -> bool:
    return name.endswith((".docx", ".xlsx"))

"""Writing a batch of documents: each one on its own, atomically, never over a file a person edited: when
emul has a new version of an edited document, it writes it beside it (`<name>.moi<suffix>`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath

from ..errors import BatchInterrupted, EmulError, FileInUse, OutOfMemory, OutsideFolder, UsageError, crash_details
from ..i18n import _
from ..writing.atomic import remove_leftovers
from ..writing.lock import FolderLock
from ..writing.paths import LOOP_HINT, LinkLoop, loop_message, resolve
from .facts import FactChange, Facts, changes
from .manifest import MANIFEST_NAME, Guard, Manifest, file_digest
from .placeholders import DocumentPlaceholders
from .plan import Job


class FileStatus(StrEnum):
    WRITTEN = "written"
    UNCHANGED = "unchanged"
    KEPT = "kept"  # the officer's edit is kept: emul has nothing newer for that file
    BESIDE = "beside"  # edited by a person, and emul has a new version: written beside it, the edit left alone
    PROTECTED = "protected"  # not written by emul (or the manifest is damaged): left alone
    FAILED = "failed"


@dataclass(frozen=True)
class Result:
    name: str
    kind: str
    status: FileStatus
    guard: Guard | None = None
    error: str | None = None  # what went wrong, for the officer
    exit_code: int = 0  # 1 a template or data problem, 2 the file system, 3 a bug
    details: str | None = None  # the traceback of a bug, for the crash log
    beside: str | None = None  # BESIDE: the new version's name
    changes: tuple[FactChange, ...] = ()  # BESIDE: what changed in the data since the version the person edited
    changes_known: bool = False  # BESIDE: whether emul recorded the facts of that version


def beside_name(name: str) -> str:
    """Where the new version of an edited document goes: 'bao-cao-tong-ket.docx' -> 'bao-cao-tong-ket.moi.docx'."""
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}.moi{path.suffix}"))


@dataclass(frozen=True)
class BatchOutcome:
    """What a batch did, for the command to show: each file's result, in the order written."""

    target: Path  # the output folder
    results: tuple[Result, ...]
    stale_pdfs: int = 0  # PDF copies now older than their document, which this run did not refresh
    placeholders: tuple[DocumentPlaceholders, ...] = ()  # what is left to fill in, per Word document
    font_substitutes: tuple[str, ...] = ()  # the fonts the PDF copies use instead of Times New Roman

    @property
    def written(self) -> int:
        return sum(1 for r in self.results if r.status is FileStatus.WRITTEN)

    @property
    def unchanged(self) -> int:
        return sum(1 for r in self.results if r.status in (FileStatus.UNCHANGED, FileStatus.KEPT))

    @property
    def problems(self) -> tuple[Result, ...]:
        """The files not written: failed, or protected (not written by emul, or the manifest is damaged)."""
        return tuple(r for r in self.results if r.status in (FileStatus.FAILED, FileStatus.PROTECTED))

    @property
    def beside(self) -> tuple[Result, ...]:
        """The edited documents whose new version is written beside them: not a problem, nothing was lost."""
        return tuple(r for r in self.results if r.status is FileStatus.BESIDE)

    @property
    def crash_details(self) -> str:
        """The tracebacks of the documents a bug stopped, for the crash log ('' when there was none)."""
        return "\n".join(r.details for r in self.problems if r.details)

    @property
    def exit_code(self) -> int:
        return max((r.exit_code for r in self.problems), default=0)


def prepare_output(target: Path, period: str, force: bool, command: str) -> tuple[Manifest, FolderLock]:
    """The output folder, created if need be and locked for this run, cleared of the temporary files a killed
    run left; and what emul wrote there before (its manifest). The caller releases the lock."""
    if target.exists() and not target.is_dir():
        raise UsageError(_("'{path}' exists and is not a folder").format(path=target))
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(
            _("cannot create the output folder '{path}': {reason}").format(path=target, reason=exc.strerror)
        ) from exc
    lock = FolderLock(target, command)
    try:
        remove_leftovers(target)
        return _manifest_for(target, period, force), lock
    except BaseException:
        lock.release()
        raise


def _manifest_for(target: Path, period: str, force: bool) -> Manifest:
    manifest = Manifest.load(target)
    other = manifest.period
    if other is not None and other != period and not force:
        raise UsageError(
            _("'{path}' holds the documents of period {other}").format(path=target, other=other),
            hint=_("choose another --out folder for period {period}, or use --force").format(period=period),
        )
    return manifest


def run_batch(
    jobs: list[Job],
    folder: Path,
    manifest: Manifest,
    force: bool,
    on_done: Callable[[Result], None] = lambda _r: None,
) -> list[Result]:
    results = []
    for job in jobs:
        result = _run_one(job, folder, manifest, force)
        results.append(result)
        on_done(result)
    return results


@contextmanager
def recorded_if_interrupted(manifest: Manifest, period: str) -> Iterator[None]:
    """Ctrl-C in the block: the files written so far are recorded (the manifest saved), then BatchInterrupted."""
    try:
        yield
    except KeyboardInterrupt:
        manifest.fold_journal()
        if manifest.files:
            _save(manifest, period)
        raise BatchInterrupted from None


def save_manifest(manifest: Manifest, results: list[Result], period: str) -> list[Result]:
    """Record what was written or found identical. A damaged manifest is replaced by what this run could
    verify; the files it could not are not listed, and stay protected until --force."""
    recorded = (FileStatus.WRITTEN, FileStatus.UNCHANGED, FileStatus.KEPT, FileStatus.BESIDE)
    if not any(r.status in recorded for r in results):
        return []
    return _save(manifest, period)


def _save(manifest: Manifest, period: str) -> list[Result]:
    manifest.period = period
    manifest.unreadable = False
    try:
        manifest.save()
    except OSError as exc:
        reason = str(exc.strerror or exc)
    except UsageError as exc:  # the journal or the manifest replaced by a link, a FIFO... since the run began
        reason = exc.message
    else:
        return []
    message = _("the manifest {name} cannot be saved: {reason}").format(name=MANIFEST_NAME, reason=reason)
    return [Result(MANIFEST_NAME, "manifest", FileStatus.FAILED, error=message, exit_code=2)]


def write_guarded(
    name: str,
    kind: str,
    content: bytes,
    folder: Path,
    manifest: Manifest,
    force: bool,
    facts: Facts | None = None,
    copy: bool = False,
) -> Result:
    """Write, keep, or write beside; a copy (PDF) leaves the version beside alone: it is its document's."""
    target = inside(folder, name)
    guard = manifest.guard(name, content)
    if guard is Guard.EDITED and not force:
        return _write_beside(name, kind, content, folder, manifest, facts)
    if guard in (Guard.FOREIGN, Guard.UNKNOWN) and not force:
        return Result(name, kind, FileStatus.PROTECTED, guard, exit_code=1)
    if not copy:  # the document is current again: a new version beside it (and its copy) would mislead
        for stale in (beside_name(name), _pdf_name(beside_name(name))):
            _drop_beside(stale, folder, manifest)
    if guard is Guard.SAME:
        manifest.record(name, content, facts)
        return Result(name, kind, FileStatus.UNCHANGED, guard)
    if guard is Guard.KEPT and not force:
        return Result(name, kind, FileStatus.KEPT, guard)
    manifest.write(target, name, content, facts)
    return Result(name, kind, FileStatus.WRITTEN, guard)


def _write_beside(
    name: str, kind: str, content: bytes, folder: Path, manifest: Manifest, facts: Facts | None
) -> Result:
    """The person's edit stays; the new version goes beside it (emul's own file: replaced when superseded),
    with what changed in the data since the version they edited."""
    new = beside_name(name)
    target = inside(folder, new)
    beside = manifest.guard(new, content)
    if beside in (Guard.EDITED, Guard.FOREIGN, Guard.UNKNOWN):  # a person's file by that name, with news for it
        message = _("{beside} was changed by a person too: neither it nor {name} was overwritten").format(
            beside=new, name=name
        )
        return Result(name, kind, FileStatus.PROTECTED, beside, error=message, exit_code=1)
    edited = manifest.facts(name)
    if beside is Guard.SAME:
        manifest.record(new, content, facts)
    elif beside is not Guard.KEPT:  # KEPT: the person edits the new version, and emul has nothing newer
        manifest.write(target, new, content, facts)
    found = changes(edited, facts) if edited is not None and facts is not None else ()
    known = edited is not None and facts is not None
    return Result(name, kind, FileStatus.BESIDE, Guard.EDITED, beside=new, changes=found, changes_known=known)


def _drop_beside(name: str, folder: Path, manifest: Manifest) -> None:
    """Remove a file emul wrote beside a document, unless a person has changed it since."""
    target = inside(folder, name)
    recorded = manifest.files.get(name)
    if recorded is not None and file_digest(target) == recorded:
        target.unlink()
        manifest.forget(name)


def _pdf_name(name: str) -> str:
    return str(PurePosixPath(name).with_suffix(".pdf"))


def inside(folder: Path, name: str) -> Path:
    """The file's path, refused when a link on the way leads outside the output folder."""
    target = folder / name
    try:
        root = resolve(folder)
        escapes = not resolve(target.parent).is_relative_to(root)
        if escapes or (target.is_symlink() and not resolve(target).is_relative_to(root)):
            raise OutsideFolder(name)
    except LinkLoop:
        raise UsageError(loop_message(name), hint=_(LOOP_HINT)) from None
    return target


def _run_one(job: Job, folder: Path, manifest: Manifest, force: bool) -> Result:
    from jinja2 import TemplateError

    try:
        key = job.key()
        inside(folder, job.name)  # a link out of the folder is refused before its target is read
        if manifest.current(job.name, key):
            return _unchanged(job, folder, manifest)
        result = write_guarded(job.name, job.kind, job.render(), folder, manifest, force, job.facts())
        if key is not None and result.status in (FileStatus.WRITTEN, FileStatus.UNCHANGED):
            manifest.rendered_from[job.name] = key
        return result
    except FileInUse as exc:  # the list names the document already; a new version beside it, by its own name
        same = Path(exc.name).name == PurePosixPath(job.name).name
        return _failed(job, exc.reason() if same else exc.message, exc.exit_code)
    except EmulError as exc:  # a template that fails (1), a path out of the output folder (2)
        return _failed(job, exc.message, exc.exit_code)
    except TemplateError as exc:
        return _failed(job, _template_message(job, exc), 1)
    except OSError as exc:
        return _failed(job, os_error(exc, job.name), 2)
    except MemoryError:  # the input's problem, not a bug: named by the document's template or the document
        return _failed(job, OutOfMemory(str(job.template or job.name)).message, 1)
    except Exception as exc:  # a bug: the other documents are still written, and the details logged
        return _failed(job, f"{type(exc).__name__}: {exc}", 3, crash_details(exc))


def _unchanged(job: Job, folder: Path, manifest: Manifest) -> Result:
    """A document whose inputs have not changed since emul rendered it, and that still holds what emul wrote:
    not rendered again. As for any current document, a new version left beside it would mislead."""
    for stale in (beside_name(job.name), _pdf_name(beside_name(job.name))):
        _drop_beside(stale, folder, manifest)
    return Result(job.name, job.kind, FileStatus.UNCHANGED, Guard.SAME)


def os_error(exc: OSError, name: str) -> str:
    """The system's reason, with the file it concerns when that is not the document itself."""
    reason = str(exc.strerror or exc)
    filename = str(exc.filename or "")
    return reason if filename in ("", name) else f"{filename}: {reason}"


def _failed(job: Job, message: str, code: int, details: str | None = None) -> Result:
    return Result(job.name, job.kind, FileStatus.FAILED, error=message, exit_code=code, details=details)


def _template_message(job: Job, exc: Exception) -> str:
    from .jinja import describe_jinja_error

    where = str(job.template) if job.template else job.name
    return f"{where}: {describe_jinja_error(exc)}"

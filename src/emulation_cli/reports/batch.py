"""Writing a batch of documents: each one on its own, atomically, never over a file a person edited."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from ..errors import EmulError, OutsideFolder, UsageError, crash_details
from ..i18n import _
from ..writing.atomic import write_atomic
from .manifest import MANIFEST_NAME, Guard, Manifest
from .plan import Job


class FileStatus(StrEnum):
    WRITTEN = "written"
    UNCHANGED = "unchanged"
    KEPT = "kept"  # the officer's edit is kept: emul has nothing newer for that file
    PROTECTED = "protected"  # edited by a person (or not written by emul): left alone
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


@dataclass(frozen=True)
class BatchOutcome:
    """What a batch did, for the command to show: each file's result, in the order written."""

    target: Path  # the output folder
    results: tuple[Result, ...]
    stale_pdfs: int = 0  # PDF copies now older than their document, which this run did not refresh

    @property
    def written(self) -> int:
        return sum(1 for r in self.results if r.status is FileStatus.WRITTEN)

    @property
    def unchanged(self) -> int:
        return sum(1 for r in self.results if r.status in (FileStatus.UNCHANGED, FileStatus.KEPT))

    @property
    def problems(self) -> tuple[Result, ...]:
        """The files not written: failed, or protected (edited by a person, or not written by emul)."""
        return tuple(r for r in self.results if r.status in (FileStatus.FAILED, FileStatus.PROTECTED))

    @property
    def crash_details(self) -> str:
        """The tracebacks of the documents a bug stopped, for the crash log ('' when there was none)."""
        return "\n".join(r.details for r in self.problems if r.details)

    @property
    def exit_code(self) -> int:
        return max((r.exit_code for r in self.problems), default=0)


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


def save_manifest(manifest: Manifest, results: list[Result], period: str) -> list[Result]:
    """Record what was written or found identical. A damaged manifest is replaced by what this run could
    verify; the files it could not are not listed, and stay protected until --force."""
    if not any(r.status in (FileStatus.WRITTEN, FileStatus.UNCHANGED, FileStatus.KEPT) for r in results):
        return []
    manifest.period = period
    manifest.unreadable = False
    try:
        manifest.save()
    except OSError as exc:
        message = _("the manifest {name} cannot be saved: {reason}").format(
            name=MANIFEST_NAME, reason=exc.strerror or exc
        )
        return [Result(MANIFEST_NAME, "manifest", FileStatus.FAILED, error=message, exit_code=2)]
    return []


def write_guarded(name: str, kind: str, content: bytes, folder: Path, manifest: Manifest, force: bool) -> Result:
    target = inside(folder, name)
    guard = manifest.guard(name, content)
    if guard is Guard.SAME:
        manifest.record(name, content)
        return Result(name, kind, FileStatus.UNCHANGED, guard)
    if guard is Guard.KEPT and not force:
        return Result(name, kind, FileStatus.KEPT, guard)
    if guard in (Guard.EDITED, Guard.FOREIGN, Guard.UNKNOWN) and not force:
        return Result(name, kind, FileStatus.PROTECTED, guard, exit_code=1)
    write_atomic(target, content)
    manifest.record(name, content)
    return Result(name, kind, FileStatus.WRITTEN, guard)


def inside(folder: Path, name: str) -> Path:
    """The file's path, refused when a link on the way leads outside the output folder."""
    target = folder / name
    root = folder.resolve()
    escapes = not target.parent.resolve().is_relative_to(root)
    if escapes or (target.is_symlink() and not target.resolve().is_relative_to(root)):
        raise OutsideFolder(name)
    return target


def _run_one(job: Job, folder: Path, manifest: Manifest, force: bool) -> Result:
    from jinja2 import TemplateError

    try:
        return write_guarded(job.name, job.kind, job.render(), folder, manifest, force)
    except EmulError as exc:  # a template that fails (1), a path out of the output folder (2)
        return _failed(job, exc.message, exc.exit_code)
    except TemplateError as exc:
        return _failed(job, _template_message(job, exc), 1)
    except OSError as exc:
        return _failed(job, os_error(exc, job.name), 2)
    except Exception as exc:  # a bug: the other documents are still written, and the details logged
        return _failed(job, f"{type(exc).__name__}: {exc}", 3, crash_details(exc))


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

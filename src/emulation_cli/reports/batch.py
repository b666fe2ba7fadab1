"""Writing a batch of documents: each one on its own, atomically, never over a file a person edited."""

from __future__ import annotations

import traceback
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from ..fsutil import write_atomic
from .manifest import Guard, Manifest
from .plan import Job


class Status(StrEnum):
    WRITTEN = "written"
    UNCHANGED = "unchanged"
    PROTECTED = "protected"  # edited by a person (or not written by emul): left alone
    FAILED = "failed"


@dataclass(frozen=True)
class Result:
    name: str
    kind: str
    status: Status
    guard: Guard | None = None
    error: str | None = None  # what went wrong, for the officer
    exit_code: int = 0  # 1 a template or data problem, 2 the file system, 3 a bug
    details: str | None = None  # the traceback of a bug, for the crash log


def run_batch(
    jobs: list[Job], folder: Path, force: bool, on_done: Callable[[Result], None] = lambda _r: None
) -> list[Result]:
    manifest = Manifest.load(folder)
    results = []
    for job in jobs:
        result = _run_one(job, folder, manifest, force)
        results.append(result)
        on_done(result)
    if any(r.status in (Status.WRITTEN, Status.UNCHANGED) for r in results):
        manifest.save()
    return results


def write_guarded(name: str, kind: str, content: bytes, folder: Path, manifest: Manifest, force: bool) -> Result:
    guard = manifest.guard(name, content)
    if guard is Guard.SAME:
        manifest.record(name, content)
        return Result(name, kind, Status.UNCHANGED, guard)
    if guard in (Guard.EDITED, Guard.FOREIGN) and not force:
        return Result(name, kind, Status.PROTECTED, guard, exit_code=1)
    write_atomic(folder / name, content)
    manifest.record(name, content)
    return Result(name, kind, Status.WRITTEN, guard)


def _run_one(job: Job, folder: Path, manifest: Manifest, force: bool) -> Result:
    from jinja2 import TemplateError

    from .docx import TemplateFailure

    try:
        return write_guarded(job.name, job.kind, job.render(), folder, manifest, force)
    except TemplateFailure as exc:
        return _failed(job, str(exc), 1)
    except TemplateError as exc:
        return _failed(job, _template_message(job, exc), 1)
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        if job.template is None:
            return _failed(job, f"{type(exc).__name__}: {exc}", 3, traceback.format_exc())
        return _failed(job, f"{job.template}: not a Word template that can be read ({type(exc).__name__}: {exc})", 1)
    except OSError as exc:
        return _failed(job, f"{exc.filename or job.name}: {exc.strerror or exc}", 2)
    except Exception as exc:  # a bug: the other documents are still written, and the details logged
        return _failed(job, f"{type(exc).__name__}: {exc}", 3, traceback.format_exc())


def _failed(job: Job, message: str, code: int, details: str | None = None) -> Result:
    return Result(job.name, job.kind, Status.FAILED, error=message, exit_code=code, details=details)


def _template_message(job: Job, exc: Exception) -> str:
    from .jinja import describe_jinja_error

    where = str(job.template) if job.template else job.name
    return f"{where}: {describe_jinja_error(exc)}"

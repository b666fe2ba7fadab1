"""The errors the officer sees, and the exit code each maps to. `cli.handle` is the one place that turns them (and
any other exception) into a message and the process exit code:

    0    success
    1    DataError, the data has problems: ProjectInvalid, RubricInvalid, TemplateFailure, FormRefused; OutOfMemory,
         which a MemoryError becomes: an input too large for the memory is the input's problem
    2    UsageError, usage or the file system: OutsideFolder, FileInUse (and Typer's own usage errors); also EmulError,
         the base of both, unless a kind says otherwise
    3    InternalError, and any other exception: a bug; its details go to a crash log (write_crash_log)
    130  KeyboardInterrupt: "Interrupted."; BatchInterrupted, the same in a batch of files once those written so
         far are recorded
    141  BrokenPipeError: the reader of the output left early (`emul score | head -1`); nothing is said, as for a
         Unix tool that SIGPIPE ended (128 + 13)

A document of a batch that fails (reports.batch) gets the same codes; the batch exits with the highest of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .i18n import _

if TYPE_CHECKING:  # the findings are imported only where they are made: `emul --help` needs none of them
    from .loading.diagnostics import Diagnostic


class EmulError(Exception):
    """An error to show the officer as it is, with an optional hint and the findings behind it."""

    exit_code = 2
    diagnostics: tuple[Diagnostic, ...] = ()

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(EmulError):
    """Wrong arguments, missing folders, files that cannot be written: exit 2."""

    exit_code = 2


class DataError(EmulError):
    """The data has problems: exit 1."""

    exit_code = 1


class ProjectInvalid(DataError):
    """The cluster folder has validation errors; they are attached so the CLI shows them: exit 1."""

    def __init__(self, diagnostics: tuple[Diagnostic, ...]) -> None:
        super().__init__(
            _("the cluster folder has {errors} error(s); nothing was computed").format(errors=_errors(diagnostics)),
            hint=_("correct them (see above, or run 'emul validate') and run the command again"),
        )
        self.diagnostics = diagnostics


class RubricInvalid(DataError):
    """A rubric given on the command line has errors; they are attached so the CLI shows them, located: exit 1."""

    def __init__(self, source: str, diagnostics: tuple[Diagnostic, ...]) -> None:
        super().__init__(
            _("the rubric '{source}' has {errors} error(s); nothing was compared").format(
                source=source, errors=_errors(diagnostics)
            ),
            hint=_("correct them (see above) and run the command again"),
        )
        self.diagnostics = diagnostics


class TemplateFailure(DataError):
    """A template that cannot be rendered: its place and what went wrong. The batch fails that document (exit 1)."""


class FormRefused(DataError):
    """A file that is not a form of this cluster that can be imported: one message, nothing else is read (exit 1)."""


class OutOfMemory(DataError):
    """An input that needs more memory than the computer has: the input's problem, not a bug in emul (exit 1).
    Made from a MemoryError, with the input's name when the place that caught it knows it."""

    def __init__(self, name: str | None = None) -> None:
        message = _("{name} is too large to process").format(name=name) if name else _too_large_input()
        super().__init__(message, hint=_("there is not enough memory for it; check the size of what it holds"))


def known(error: BaseException) -> BaseException:
    """The error as emul tells it: a MemoryError is the input's problem (OutOfMemory), without the frames that
    hold what filled the memory; anything else as it is."""
    if isinstance(error, MemoryError):
        error.__traceback__ = None
        return OutOfMemory()
    return error


def _too_large_input() -> str:
    return _("the input is too large to process")


class OutsideFolder(UsageError):
    """A path inside the output folder that leads out of it (a symbolic link on the way): that document fails
    as a file-system problem (exit 2)."""

    def __init__(self, name: str) -> None:
        super().__init__(_("the path leads outside the output folder (a symbolic link?)"))
        self.name = name


class FileInUse(UsageError):
    """A file that another program holds open (a document open in Word): Windows refuses to replace it (exit 2)."""

    def __init__(self, name: str) -> None:
        super().__init__(_("{file} is open in another program (Word?): close it and run again").format(file=name))
        self.name = name

    @staticmethod
    def reason() -> str:
        """The same, for a list of files that names each file already."""
        return _("open in another program (Word?): close it and run again")


class BatchInterrupted(KeyboardInterrupt):
    """Ctrl-C during a batch of files, after the files written so far were recorded: exit 130, with what to do."""

    exit_code = 130

    def __init__(self) -> None:
        super().__init__()
        self.message = _(
            "Interrupted. The files written so far are recorded; run the command again to write the others."
        )


class InternalError(Exception):
    """A state the code rules out was reached: a bug (exit 3, with the crash log). Raised where an `assert`
    would stand, since `python -O` skips asserts. The message says why the state cannot happen."""

    exit_code = 3


def _errors(diagnostics: tuple[Diagnostic, ...]) -> int:
    from .loading.diagnostics import Severity

    return sum(1 for d in diagnostics if d.severity is Severity.ERROR)


def crash_details(error: BaseException) -> str:
    """What a crash log keeps of a bug: its traceback."""
    import traceback

    return "".join(traceback.format_exception(error))


def write_crash_log(details: str) -> str | None:
    """Keep a bug's details in a log file of our own; None when even that fails (never fail while reporting).
    The one writer of crash logs: the top-level handler's and a batch's failing documents'."""
    import os
    import tempfile

    try:
        handle, name = tempfile.mkstemp(prefix="emul-error-", suffix=".log")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(details)
    except OSError:
        return None
    return name

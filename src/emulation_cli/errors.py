"""Errors that stop a command. The CLI maps each to an exit code; anything else is a bug (exit 3)."""

from __future__ import annotations


class EmulError(Exception):
    """An error to show the officer as it is, with an optional hint."""

    exit_code = 2

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


def write_crash_log(details: str) -> str | None:
    """Keep a bug's details in a log file of our own; None when even that fails (never fail while reporting)."""
    import os
    import tempfile

    try:
        handle, name = tempfile.mkstemp(prefix="emul-error-", suffix=".log")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(details)
    except OSError:
        return None
    return name

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

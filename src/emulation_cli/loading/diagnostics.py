"""Diagnostics: one located finding in a file, with its severity, stable code, message and hint."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Pos:
    line: int
    column: int


@dataclass(frozen=True)
class Diagnostic:
    file: str
    pos: Pos
    severity: Severity
    code: str
    message: str
    hint: str | None = None
    path: str = ""
    # A root cause names what it leaves undecided (a `Subject`); findings that rely on it are held back
    # while it stands, and `follow_ons` counts them.
    breaks: str | None = None
    relies_on: frozenset[str] = frozenset()
    follow_ons: int = 0

    @classmethod
    def error(cls, file: str, pos: Pos, code: str, message: str, hint: str | None = None, path: str = "") -> Diagnostic:
        return cls(file, pos, Severity.ERROR, code, message, hint, path)

    @classmethod
    def warning(
        cls, file: str, pos: Pos, code: str, message: str, hint: str | None = None, path: str = ""
    ) -> Diagnostic:
        return cls(file, pos, Severity.WARNING, code, message, hint, path)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.pos.line, self.pos.column, self.code, self.message)


def ids_of(what: str) -> str:
    """The subject "which ids of this kind exist": broken by a duplicated id, relied on by every reference."""
    return f"ids:{what}"


def dates_of_period(period_id: str) -> str:
    """The subject "the dates of this period": broken when it ends before it starts."""
    return f"period-dates:{period_id}"


def format_yaml_path(path: tuple[str | int, ...]) -> str:
    """Render ('sections', 0, 'criteria', '1.1', 'max') as sections[0].criteria["1.1"].max."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.replace("_", "a").replace("-", "a").isalnum() and part.isascii() and not part[:1].isdigit():
            out += f".{part}" if out else part
        else:
            out += f'["{part}"]'
    return out

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

"""A YAML file read into plain data, with the position of every key and value."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic, Pos

YamlPath = tuple[str | int, ...]


class YamlProblem(Exception):
    """A problem that stops the reading of one file; carries its diagnostic.

    Internal signalling, not one of errors.py's: it never reaches the officer as itself. Its readers turn it
    into a finding of `emul validate` (loading.files), a RubricInvalid (rubrics.versions) or a refused import
    (commands.import_forms), so it maps to no exit code of its own."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def problem(file: str, pos: Pos, code: str, message: str, hint: str | None = None) -> YamlProblem:
    return YamlProblem(Diagnostic.error(file, pos, code, message, hint))


@dataclass
class YamlDocument:
    """Plain data of one file with the positions of its values and of its mapping keys."""

    file: str
    data: Any
    path: Path | None = None  # where it was read from (file is how it is shown)
    # Positions as (line, column), 1-based: a Pos is made only for the few that a message or a source needs.
    values: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    # The source text of scalars YAML read as numbers, dates or booleans, for "put it in quotes" hints.
    raw: dict[YamlPath, str] = field(default_factory=dict)
    # Problems found while reading that did not stop it: the value was repaired or kept as text, so the
    # rest of the file is still checked and the officer sees every problem at once.
    problems: list[Diagnostic] = field(default_factory=list)

    def value_pos(self, path: YamlPath) -> Pos:
        """Position of the value at `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            pos = self.values.get(path[:end])
            if pos is not None:
                return Pos(*pos)
        return Pos(1, 1)

    def key_pos(self, path: YamlPath) -> Pos:
        pos = self.keys.get(path)
        return Pos(*pos) if pos is not None else self.value_pos(path)

    def key_line(self, path: YamlPath) -> int:
        """The line of `key_pos`, without making a Pos (a score sheet takes one per criterion entry)."""
        pos = self.keys.get(path)
        return pos[0] if pos is not None else self.value_pos(path).line

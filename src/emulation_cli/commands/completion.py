"""emul completion SHELL: the shell's completion script; and what completes a unit id or a period id."""

from __future__ import annotations

import os
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..loading.files import LoadResult

SHELLS = ("bash", "zsh", "fish", "powershell")
PROG_NAME = "emul"
COMPLETE_VAR = "_EMUL_COMPLETE"


def run(shell: str) -> int:
    from typer._completion_shared import get_completion_script

    print(get_completion_script(prog_name=PROG_NAME, complete_var=COMPLETE_VAR, shell=shell))
    return 0


def unit_ids(folder: Path, incomplete: str) -> list[str]:
    """The unit ids of the folder that start with what is typed; none when the folder cannot be read."""
    return _ids_typed(
        folder, incomplete, lambda result: [u.id for u in result.units.model.units] if result.units else []
    )


def period_ids(folder: Path, incomplete: str) -> list[str]:
    """The period ids of the folder's cluster.yaml that start with what is typed."""
    return _ids_typed(
        folder, incomplete, lambda result: [p.id for p in result.cluster.model.periods] if result.cluster else []
    )


def _ids_typed(folder: Path, incomplete: str, ids_of: Callable[[LoadResult], list[str]]) -> list[str]:
    try:
        from ..loading.files import load_folder

        ids = ids_of(load_folder(folder))
    except Exception:  # completion must stay quiet whatever the folder holds
        return []
    return [found for found in ids if found.startswith(incomplete)]


def folder_typed() -> Path:
    """The cluster folder among the words typed so far (the shell hands them over in the environment: COMP_WORDS
    for bash, _TYPER_COMPLETE_ARGS for the others); the current folder when none is."""
    typed = os.environ.get("COMP_WORDS") or os.environ.get("_TYPER_COMPLETE_ARGS") or ""
    try:
        words = shlex.split(typed)
    except ValueError:  # an unclosed quote while typing
        words = typed.split()
    for arg in words[1:]:
        if not arg.startswith("-") and (Path(arg) / "cluster.yaml").is_file():
            return Path(arg)
    return Path(".")

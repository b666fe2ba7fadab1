"""The parameters several commands share are declared once in cli.py, and a declaration says all of it: the
choices of --format give its metavar and its check."""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Iterator

import pytest
import typer
from typer._click.core import Command, Context
from typer._click.exceptions import BadParameter

from emulation_cli import i18n
from emulation_cli.cli import build_app

from .conftest import REPO

CLI = REPO / "src" / "emulation_cli" / "cli.py"


def _declarations() -> Iterator[str]:
    """What names each typer.Option/typer.Argument call of cli.py: its option names and its help msgid."""
    for node in ast.walk(ast.parse(CLI.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and ast.unparse(node.func) in ("typer.Option", "typer.Argument")):
            continue
        for arg in node.args:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                yield arg.value
        for keyword in node.keywords:
            if keyword.arg == "help" and isinstance(keyword.value, ast.Call) and keyword.value.args:
                yield ast.unparse(keyword.value.args[0])


def test_no_option_or_help_text_is_declared_twice() -> None:
    declared = Counter(_declarations())
    assert {"--period", "--format", "--out", "--lang"} <= set(declared)
    assert [name for name, count in declared.items() if count > 1] == []


def _commands_with_format() -> list[tuple[str, Command]]:
    i18n.set_language("en")
    group = typer.main.get_command(build_app())
    found: list[tuple[str, Command]] = []

    def walk(command: Command, path: str) -> None:
        if any("--format" in getattr(param, "opts", ()) for param in command.params):
            found.append((path, command))
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            walk(sub, f"{path} {name}".strip())

    walk(group, "")
    return found


def test_format_is_found_on_the_commands_that_print_results() -> None:
    assert {path for path, _command in _commands_with_format()} == {
        "validate",
        "score",
        "history",
        "awards",
        "province",
        "criteria diff",
    }


@pytest.mark.parametrize("path", [path for path, _command in _commands_with_format()])
def test_format_accepts_exactly_the_choices_its_help_shows(path: str) -> None:
    command = dict(_commands_with_format())[path]
    option = next(param for param in command.params if "--format" in getattr(param, "opts", ()))
    context = Context(command, info_name=path)
    assert option.metavar is not None
    for choice in option.metavar.split("|"):
        assert option.process_value(context, choice) == choice
        assert choice in (option.help or "")
    with pytest.raises(BadParameter, match="'xml'"):
        option.process_value(context, "xml")

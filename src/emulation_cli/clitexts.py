"""Click's and Typer's own words (usage line, section titles, the help option, `[default: …]`) in the officer's
language: the command classes every `emul` command is built from, and the translator Typer looks its texts up in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import typer
import typer.core
from typer._click.core import Context
from typer._click.formatting import HelpFormatter
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from .i18n import N_, _

Function = TypeVar("Function", bound=Callable[..., Any])

# Typer's texts that it passes through gettext itself (typer/core.py): listed so the catalog keeps them.
TYPER_MESSAGES = (
    N_("Arguments"),
    N_("Options"),
    N_("Commands"),
    N_("default: {default}"),
    N_("required"),
    N_("env var: {var}"),
    N_("(dynamic)"),
    N_("No such command {name!r}."),
    N_("Missing command."),
    N_("Aborted!"),
)


def install() -> None:
    """Typer's own texts go through our catalog instead of gettext's global (empty) one."""
    typer.core._ = _  # type: ignore[attr-defined]


class _WordArgument(TyperArgument):
    """An argument named by a word (its metavar) shows no Python type beside it (`<list[Path]>`)."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None if self.metavar else super().display_type_rich(ctx)


def _translate(command: TyperCommand | TyperGroup) -> None:
    command.options_metavar = _("[OPTIONS]")
    for param in command.params:
        if type(param) is TyperArgument and param.metavar:
            param.__class__ = _WordArgument


def _write_usage(command: TyperCommand | TyperGroup, ctx: Context, formatter: HelpFormatter) -> None:
    pieces = command.collect_usage_pieces(ctx)
    formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_("Usage: "))


def _translated_help(option: TyperOption | None) -> TyperOption | None:
    if option is not None:
        option.help = _("Show this message and exit.")
    return option


class Command(TyperCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _translate(self)

    def format_usage(self, ctx: Context, formatter: HelpFormatter) -> None:
        _write_usage(self, ctx, formatter)

    def get_help_option(self, ctx: Context) -> TyperOption | None:
        return _translated_help(super().get_help_option(ctx))


class Group(TyperGroup):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.subcommand_metavar = _("COMMAND [ARGS]...")
        _translate(self)

    def format_usage(self, ctx: Context, formatter: HelpFormatter) -> None:
        _write_usage(self, ctx, formatter)

    def get_help_option(self, ctx: Context) -> TyperOption | None:
        return _translated_help(super().get_help_option(ctx))


class App(typer.Typer):
    """A Typer app whose groups and commands speak the officer's language."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cls=Group, **kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Callable[[Function], Function]:
        kwargs.setdefault("cls", Command)
        return super().command(*args, **kwargs)

"""Click's and Typer's own words (usage line, section titles, the help option, `[default: …]`) in the officer's
language: the command classes every `emul` command is built from, and the translator Typer looks its texts up in."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from difflib import get_close_matches
from typing import Any, TypeVar

import typer
import typer.core
from typer._click.core import Command as ClickCommand
from typer._click.core import Context
from typer._click.exceptions import (
    BadOptionUsage,
    BadParameter,
    MissingParameter,
    NoSuchOption,
    UsageError,
)
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


class _Translated(ClickCommand):
    """What a command and a group share: the usage line and the help option in the officer's language, and usage
    errors that know their command (the parser raises some without it), for the usage line above the message."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options_metavar = _("[OPTIONS]")
        for param in self.params:
            if type(param) is TyperArgument and param.metavar:
                param.__class__ = _WordArgument

    def format_usage(self, ctx: Context, formatter: HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_("Usage: "))

    def get_help_option(self, ctx: Context) -> TyperOption | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _("Show this message and exit.")
        return option

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except UsageError as error:
            if error.ctx is None:
                error.ctx, error.cmd = ctx, self
            raise


class Command(_Translated, TyperCommand):
    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        allowed, ctx.allow_extra_args = ctx.allow_extra_args, True
        try:
            rest = super().parse_args(ctx, args)
        finally:
            ctx.allow_extra_args = allowed
        if rest and not allowed and not ctx.resilient_parsing:
            ctx.fail(_("Unexpected extra arguments: {arguments}").format(arguments=" ".join(rest)))
        return rest


class Group(_Translated, TyperGroup):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.subcommand_metavar = _("COMMAND [ARGS]...")
        self.suggest_commands = False  # suggested below, in the officer's language

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            # `emul` alone asks what there is: the help answers it (on stdout, exit 0), where Click 8.2 errs (2).
            typer.echo(ctx.get_help(), color=ctx.color)
            ctx.exit(0)
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx: Context, args: list[str]) -> tuple[str | None, Any, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except NoSuchOption:
            raise
        except UsageError as error:
            if args:
                error.message = _did_you_mean(error.message, get_close_matches(args[0], list(self.commands)))
            raise


class App(typer.Typer):
    """A Typer app whose groups and commands speak the officer's language; a group given nothing shows its help."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cls=Group, no_args_is_help=True, **kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Callable[[Function], Function]:
        kwargs.setdefault("cls", Command)
        return super().command(*args, **kwargs)


def show_usage_error(error: UsageError) -> None:
    """What Click prints for a usage error (usage line, where to find help, the error), in the officer's language."""
    lines = []
    if error.ctx is not None:
        lines.append(error.ctx.get_usage())
        if error.ctx.command.get_help_option(error.ctx) is not None:
            lines.append(
                _("Try '{command} {option}' for help.").format(
                    command=error.ctx.command_path, option=error.ctx.help_option_names[0]
                )
            )
        lines.append("")
    lines.append(_("Error: {message}").format(message=usage_message(error)))
    print("\n".join(lines), file=sys.stderr)


def usage_message(error: UsageError) -> str:
    if isinstance(error, NoSuchOption):
        message = _("No such option: {option}.").format(option=error.option_name)
        return _did_you_mean(message, error.possibilities or ())
    if isinstance(error, MissingParameter):
        return _missing(error)
    if isinstance(error, BadParameter):
        hint = _param_hint(error)
        message = _conversion_message(error) or error.message
        if hint is None:
            return _("Invalid value: {message}").format(message=message)
        return _("Invalid value for {name}: {message}").format(name=hint, message=message)
    if isinstance(error, BadOptionUsage):
        return _bad_option_usage(error)
    return error.message


def _conversion_message(error: BadParameter) -> str | None:
    """Typer converts an option's value with pydantic, whose words are English: the one conversion emul's options
    can fail, a whole number (`--year`), in the officer's language."""
    from pydantic import ValidationError

    cause = error.__cause__
    if isinstance(cause, ValidationError) and cause.errors()[0]["type"] == "int_parsing":
        return _("'{value}' is not a whole number.").format(value=cause.errors()[0]["input"])
    return None


def _did_you_mean(message: str, names: Sequence[str]) -> str:
    if not names:
        return message
    names = ", ".join(f"'{name}'" for name in sorted(names))
    return _("{message} Did you mean {names}?").format(message=message, names=names)


def _param_hint(error: BadParameter) -> str | None:
    hint = error.param_hint
    if hint is None and error.param is not None:
        hint = error.param.get_error_hint()
    if hint is None or isinstance(hint, str):
        return hint
    return " / ".join(repr(part) for part in hint)


def _missing(error: MissingParameter) -> str:
    name = _param_hint(error) or ""
    kind = error.param_type or (error.param.param_type_name if error.param is not None else "")
    if kind == "argument":
        return _("Missing argument {name}.").format(name=name)
    if kind == "option":
        return _("Missing option {name}.").format(name=name)
    return _("Missing parameter {name}.").format(name=name)


def _bad_option_usage(error: BadOptionUsage) -> str:
    """The parser says either that a flag was given a value or that an option lacks one; the option tells which."""
    params = error.ctx.command.get_params(error.ctx) if error.ctx is not None else []  # with the help option
    options = [p for p in params if error.option_name in getattr(p, "opts", ())]
    if options and getattr(options[0], "is_flag", False):
        return _("Option '{option}' does not take a value.").format(option=error.option_name)
    return _("Option '{option}' needs a value.").format(option=error.option_name)

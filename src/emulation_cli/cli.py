"""Typer wiring only: parse options, call a command function, map errors to exit codes."""

import gc
import os
import sys
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer._click.core import ParameterSource
from typer._click.exceptions import UsageError
from typer._completion_classes import completion_init

from . import __version__, clitexts
from .errors import BatchInterrupted, EmulError, crash_details, known, write_crash_log
from .i18n import LANGUAGES, _, resolve_language, set_language
from .reports.kinds import KIND_NAMES

if TYPE_CHECKING:  # `emul --help` loads none of what a command needs
    from .loading.diagnostics import Diagnostic


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `emul` console script and of `python -m emulation_cli`."""
    _write_utf8()
    # A short-lived process that builds many small objects: collecting garbage less often saves ~25 %.
    gc.set_threshold(100_000, 50, 50)
    option, args = _take_language_option(list(sys.argv[1:] if argv is None else argv))
    language = resolve_language(option)
    if language not in LANGUAGES:
        set_language("vi")
        _stderr(_("error") + ": " + _("unknown language '{language}'; use vi or en").format(language=language))
        return 2
    set_language(language)
    app = build_app()
    try:
        code = app(args=args, prog_name="emul", standalone_mode=False)
        sys.stdout.flush()  # a pipe's reader that has left shows here, not in the interpreter's last flush
    except SystemExit as stop:  # Rich's console and Typer stop so when the pipe's reader has left: say it our way
        if isinstance(stop.__context__, BrokenPipeError):
            return handle(stop.__context__)
        raise
    except (Exception, KeyboardInterrupt) as error:  # what Typer raises itself: usage errors, an interruption
        return handle(error)
    return code if isinstance(code, int) else 0


def _take_language_option(args: list[str]) -> tuple[str | None, list[str]]:
    """--lang may stand anywhere (`emul validate . --lang en`): take it out before Typer parses."""
    rest: list[str] = []
    language = None
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--lang" and index + 1 < len(args):
            language = args[index + 1]
            index += 2
            continue
        if arg.startswith("--lang="):
            language = arg.split("=", 1)[1]
        else:
            rest.append(arg)
        index += 1
    return language, rest


def guarded(command: Callable[[], int]) -> None:
    """Run a command function and turn its result, or whatever it raised, into the process exit code."""
    try:
        code = command()
    except (Exception, KeyboardInterrupt) as error:
        raise typer.Exit(handle(error)) from None
    raise typer.Exit(code)


def handle(error: BaseException) -> int:
    """The one mapping from an exception to what the officer sees and the exit code (see errors.py)."""
    if isinstance(error, typer.Exit):
        return error.exit_code
    if isinstance(error, KeyboardInterrupt | typer.Abort):  # Abort: Typer's own stop (input closed at a prompt)
        _stderr(error.message if isinstance(error, BatchInterrupted) else _("Interrupted."))
        return 130
    if isinstance(error, BrokenPipeError):
        return _reader_gone()
    error = known(error)
    if isinstance(error, EmulError):
        _show(error)
        return error.exit_code
    if isinstance(error, UsageError):  # Typer's own usage errors (wrong option, missing argument)
        clitexts.show_usage_error(error)
        return error.exit_code
    if isinstance(error, typer.TyperException) and callable(getattr(error, "show", None)):
        error.show()  # type: ignore[attr-defined]
        return error.exit_code
    return _crash(error)


def _reader_gone() -> int:
    """The reader of the output left early (`emul score | head -1`): stop without a word, with the status of a
    Unix tool that SIGPIPE ended (128 + 13, as 130 is 128 + SIGINT). What is still buffered goes to the null
    device, so that the interpreter's last flush has no broken pipe to report."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):  # a stream with no file descriptor (a test's capture) needs nothing
            os.dup2(devnull, stream.fileno())
    return 141


def _show(error: EmulError) -> None:
    _print_diagnostics(error.diagnostics)
    _stderr(_("error") + ": " + error.message)
    if error.hint:
        _stderr("  " + _("hint") + ": " + error.hint)


def _crash(error: BaseException) -> int:
    """A bug: say so, and keep the details in a log file of our own (never fail while reporting a failure)."""
    details = crash_details(error)
    where = write_crash_log(details)
    if where is None:
        where = _("(the log could not be written; details follow)")
        _stderr(details)
    _stderr(
        _("internal error (a bug in emul): {error}. The details are in {log}; please report them.").format(
            error=type(error).__name__, log=where
        )
    )
    return 3


def _write_utf8() -> None:
    """Vietnamese text leaves in UTF-8 whatever the platform's code page: on Windows, `>` and `|` would
    otherwise encode through cp1258 or cp1252, and the first letter it lacks would crash the command."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


def _print_diagnostics(diagnostics: tuple["Diagnostic", ...]) -> None:
    """The validation findings behind a refusal, on stderr, so the officer need not run validate again."""
    if not diagnostics:
        return
    from .commands.console import make_console
    from .commands.validate import format_diagnostic

    console = make_console(stderr=True)
    for diagnostic in diagnostics:
        console.print(format_diagnostic(diagnostic))


def build_app() -> typer.Typer:
    clitexts.install()
    completion_init()  # the shells `emul completion` writes scripts for
    app = clitexts.App(
        name="emul",
        help=_("emul: checks, scores, ranks and proposes awards for an emulation cluster (cụm thi đua)."),
        add_completion=False,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
    )

    @app.callback()
    def root(
        lang: Annotated[
            str | None,
            typer.Option("--lang", metavar="vi|en", help=_("Message language: vi (default) or en. Also EMUL_LANG.")),
        ] = None,
        version: Annotated[
            bool,
            typer.Option("--version", help=_("Show the version and exit."), callback=_print_version, is_eager=True),
        ] = False,
    ) -> None:
        """Options that apply to every command."""

    @app.command("validate", help=_("Check every YAML file of a cluster folder and show every problem at once."))
    def validate(
        folders: Annotated[list[Path] | None, _folders_argument()] = None,
        output_format: Annotated[str, _format_option("text", "json")] = "text",
        strict: Annotated[bool, typer.Option("--strict", help=_("Treat warnings as errors (exit 1)."))] = False,
        jobs: Annotated[int | None, _jobs_option()] = None,
    ) -> None:
        from .commands import validate as command
        from .commands.console import make_console

        options = {"format": output_format, "strict": strict}
        _per_cluster(
            "validate",
            folders,
            options,
            jobs,
            lambda folder: command.run(folder, output_format, strict, make_console()),
        )

    @app.command("score", help=_("Score and rank the units for a period (the latest by default)."))
    def score(
        ctx: typer.Context,
        folders: Annotated[list[Path] | None, _folders_argument()] = None,
        period: Annotated[str | None, _period_option()] = None,
        output_format: Annotated[str, _format_option("text", "json", "csv")] = "text",
        rubric: Annotated[
            str | None,
            typer.Option(
                "--rubric",
                metavar=_("FILE"),
                help=_("Score under another rubric (a file, or REV:path in git) and show how the ranking moves."),
            ),
        ] = None,
        excel: Annotated[
            bool,
            typer.Option(
                "--excel",
                help=_(
                    "A CSV for Excel with Vietnamese settings: UTF-8 with BOM, ';' between columns, decimal comma,"
                    " Vietnamese headers."
                ),
            ),
        ] = False,
        jobs: Annotated[int | None, _jobs_option()] = None,
    ) -> None:
        from .commands import score as command
        from .commands.console import make_console

        if rubric is not None:  # a comparison of two rubrics has no CSV form
            _check_choice(output_format, ("text", "json"), "--format")
        format_given = ctx.get_parameter_source("output_format") is not ParameterSource.DEFAULT
        if excel and (format_given or rubric is not None):
            raise typer.BadParameter(_("it goes with neither --format nor --rubric."), param_hint="--excel")
        chosen = "excel" if excel else output_format
        options = {"period": period, "format": chosen, "rubric": rubric}
        _per_cluster(
            "score",
            folders,
            options,
            jobs,
            lambda folder: command.run(folder, period, chosen, make_console(), rubric),
            refused=_("--excel takes one cluster folder; use --format csv for several") if excel else None,
        )

    @app.command("history", help=_("Show each unit's totals, ranks and classifications across periods and years."))
    def history(
        folders: Annotated[
            list[Path] | None,
            typer.Argument(
                metavar=_("FOLDER"),
                show_default=False,
                help=_(
                    "Folders of one cluster, one per year (default: the current folder); folders of several"
                    " clusters give one history per cluster."
                ),
            ),
        ] = None,
        unit: Annotated[str | None, _unit_option("--unit", _("One unit id: one row per period."))] = None,
        output_format: Annotated[str, _format_option("text", "json", "csv")] = "text",
        jobs: Annotated[int | None, _jobs_option()] = None,
    ) -> None:
        from .commands import history as command
        from .commands.console import make_console

        guarded(lambda: command.run_grouped(list(folders or []), unit, output_format, make_console(), jobs))

    @app.command("awards", help=_("Propose the awards of a period: quotas, conditions, votes, next year's roles."))
    def awards(
        folders: Annotated[list[Path] | None, _folders_argument()] = None,
        period: Annotated[str | None, _period_option()] = None,
        output_format: Annotated[str, _format_option("text", "json")] = "text",
        jobs: Annotated[int | None, _jobs_option()] = None,
    ) -> None:
        from .commands import awards as command
        from .commands.console import make_console

        options = {"period": period, "format": output_format}
        _per_cluster(
            "awards",
            folders,
            options,
            jobs,
            lambda folder: command.run(folder, period, output_format, make_console()),
        )

    @app.command("province", help=_("Roll up the leaders of several clusters of one province and year."))
    def province(
        folders: Annotated[
            list[Path],
            typer.Argument(metavar=_("FOLDER"), help=_("The cluster folders, or folders of them."), show_default=False),
        ],
        output_format: Annotated[str, _format_option("text", "json")] = "text",
        jobs: Annotated[int | None, _jobs_option()] = None,
    ) -> None:
        from .commands import province as command
        from .commands.console import make_console

        guarded(lambda: command.run(folders, output_format, make_console(), jobs))

    @app.command("explain", help=_("Explain a unit's points criterion by criterion, and the gaps to its neighbours."))
    def explain(
        arguments: Annotated[
            list[str],
            typer.Argument(
                metavar=_("[FOLDER] UNIT"),
                autocompletion=_complete_units,
                show_default=False,
                help=_("The cluster folder (default: the current folder) and the unit id, e.g. so-yte."),
            ),
        ],
        period: Annotated[str | None, _period_option()] = None,
        versus: Annotated[str | None, _unit_option("--vs", _("Another unit id: compare the two side by side."))] = None,
    ) -> None:
        from .commands import explain as command
        from .commands.console import make_console

        if len(arguments) > 2:
            raise typer.BadParameter(_("give at most a folder and a unit id"), param_hint=_("[FOLDER] UNIT"))
        folder, unit = (Path(arguments[0]), arguments[1]) if len(arguments) == 2 else (Path("."), arguments[0])
        guarded(lambda: command.run(folder, unit, period, versus, make_console()))

    @app.command("report", help=_("Write every document of a period: Word, Excel and Markdown (PDF on request)."))
    def report(
        folders: Annotated[list[Path] | None, _folders_argument()] = None,
        period: Annotated[str | None, _period_option()] = None,
        only: Annotated[
            list[str] | None,
            typer.Option(
                "--only",
                metavar=_("KIND"),
                help=_("Only this kind of document (repeatable): {kinds}.").format(kinds=", ".join(KIND_NAMES)),
            ),
        ] = None,
        out: Annotated[Path | None, _out_option(_("Output folder [default: FOLDER/van-ban/PERIOD]."))] = None,
        pdf: Annotated[bool, typer.Option("--pdf", help=_("Also write PDF copies (needs LibreOffice)."))] = False,
        force: Annotated[
            bool, typer.Option("--force", help=_("Overwrite files changed since emul wrote them."))
        ] = False,
        jobs: Annotated[int | None, _jobs_option()] = None,
        previous: Annotated[
            list[Path] | None,
            typer.Option(
                "--previous",
                metavar=_("FOLDER"),
                help=_("An earlier year's folder of the same cluster: the overview page draws the years (repeatable)."),
            ),
        ] = None,
    ) -> None:
        from .commands import report as command
        from .commands.console import make_console

        options = {"period": period, "only": tuple(only or []), "pdf": pdf, "force": force}
        refused = None
        if out is not None:
            refused = _("--out takes one cluster folder; with several, each writes to its own FOLDER/van-ban/PERIOD")
        elif previous:
            refused = _("--previous takes one cluster folder: the earlier years of that cluster")
        _per_cluster(
            "report",
            folders,
            options,
            jobs,
            lambda folder: command.run(
                folder,
                period,
                list(only or []),
                out,
                pdf,
                force,
                make_console(),
                make_console(stderr=True),
                previous=list(previous or []),
            ),
            refused=refused,
        )

    template_app = clitexts.App(help=_("Check the officer's own report templates; list the variables they can use."))
    app.add_typer(template_app, name="template")

    @template_app.command("check", help=_("Report syntax errors and unknown variables, with their place."))
    def template_check(
        files: Annotated[
            list[Path],
            typer.Argument(metavar=_("FILE"), help=_("Template files (.docx or .md.j2)."), show_default=False),
        ],
    ) -> None:
        from .commands import template as command
        from .commands.console import make_console

        guarded(lambda: command.check(files, make_console()))

    @template_app.command("variables", help=_("List every variable a template can use (Markdown)."))
    def template_variables() -> None:
        from .commands import template as command
        from .commands.console import make_console

        guarded(lambda: command.variables(make_console()))

    criteria_app = clitexts.App(help=_("Compare versions of a rubric (criteria/*.yaml), from files or from git."))
    app.add_typer(criteria_app, name="criteria")

    @criteria_app.command("diff", help=_("List what changed between two rubrics: criteria, scale, section totals."))
    def criteria_diff(
        first: Annotated[str, _rubric_argument("A", _("The old rubric: a file, or REV:path in git."))],
        second: Annotated[str, _rubric_argument("B", _("The new rubric: a file, or REV:path in git."))],
        output_format: Annotated[str, _format_option("text", "json")] = "text",
    ) -> None:
        from .commands import criteria as command
        from .commands.console import make_console

        guarded(lambda: command.diff(first, second, output_format, make_console()))

    @app.command("forms", help=_("Write an Excel self-assessment form for every unit of a period."))
    def forms(
        folder: Annotated[Path, _folder_argument()] = Path("."),
        period: Annotated[str | None, _period_option()] = None,
        out: Annotated[Path | None, _out_option(_("Output folder [default: FOLDER/bieu-mau/PERIOD]."))] = None,
    ) -> None:
        from .commands import forms as command
        from .commands.console import make_console

        guarded(lambda: command.run(folder, period, out, make_console(), make_console(stderr=True)))

    @app.command("import", help=_("Read returned self-assessment forms into the units' assessment files."))
    def import_forms(
        arguments: Annotated[
            list[Path],
            typer.Argument(
                metavar=_("[FOLDER] FILE..."),
                show_default=False,
                help=_("The cluster folder (default: the current folder), then the returned forms (.xlsx)."),
            ),
        ],
        check: Annotated[bool, typer.Option("--check", help=_("Report the problems only; write nothing."))] = False,
    ) -> None:
        from .commands import import_forms as command
        from .commands.console import make_console

        first = arguments[0]
        cluster_given = first.is_dir() and (first / "cluster.yaml").is_file()
        folder, given = (first, arguments[1:]) if cluster_given else (Path("."), arguments)
        # A folder of forms stands for the .xlsx files in it (Windows' shell does not expand *.xlsx).
        files = [f for path in given for f in (sorted(path.glob("*.xlsx")) if path.is_dir() else [path])]
        if not files:
            raise typer.BadParameter(_("give the returned forms to import"), param_hint=_("FILE..."))
        guarded(lambda: command.run(folder, files, check, make_console(), make_console(stderr=True)))

    @app.command("init", help=_("Create a new cluster folder with commented YAML files that validate."))
    def init(
        ctx: typer.Context,
        folder: Annotated[
            Path, typer.Argument(metavar=_("FOLDER"), help=_("The folder to create (must be empty or absent)."))
        ],
        name: Annotated[
            str | None, typer.Option(metavar=_("NAME"), help=_("The cluster's name [default: Cụm thi đua số 1]."))
        ] = None,
        code: Annotated[
            str | None,
            typer.Option(
                metavar=_("CODE"), help=_("The code used in document numbers [default: from the name, e.g. CTĐ3].")
            ),
        ] = None,
        year: Annotated[
            int | None, typer.Option(metavar=_("YEAR"), help=_("The emulation year [default: this year]."))
        ] = None,
        province: Annotated[
            str | None,
            typer.Option(
                metavar=_("PROVINCE"),
                help=_('The province or centrally-run city, e.g. "Nghệ An", "Hồ Chí Minh" [default: Hà Nội].'),
            ),
        ] = None,
        example: Annotated[
            str | None,
            typer.Option(metavar=_("EXAMPLE"), help=_("Copy a bundled example instead, e.g. cum-thi-dua-so-7-2023.")),
        ] = None,
    ) -> None:
        from .commands import init as command

        if example is not None and (name, code, year, province) != (None, None, None, None):
            ctx.fail(_("--example copies the example as it is; leave out --name, --code, --year and --province"))
        if example is not None:
            guarded(lambda: command.run_example(folder, example))
        else:
            guarded(lambda: command.run(folder, name=name, code=code, year=year, province=province))

    @app.command("completion", help=_("Print the shell completion script: bash, zsh, fish or powershell."))
    def completion(
        shell: Annotated[
            str,
            typer.Argument(
                metavar="bash|zsh|fish|powershell",
                help=_("The shell."),
                show_default=False,
                autocompletion=_complete_shells,
            ),
        ],
    ) -> None:
        from .commands import completion as command

        _check_choice(shell, command.SHELLS, "SHELL")
        guarded(lambda: command.run(shell))

    @app.command("schema", help=_("Write the JSON Schema of each file kind, for editor completion."))
    def schema(
        out: Annotated[
            Path | None, _out_option(_("Folder to write the schemas into; without it they are printed."))
        ] = None,
    ) -> None:
        from .commands import schema as command

        guarded(lambda: command.run(out))

    return app


# The parameters several commands share, each declared once. They are built when build_app runs, after --lang
# has chosen the language of their help (hence no `from __future__ import annotations` in this module: the
# Annotated metadata is evaluated where the command is defined).


def _per_cluster(
    name: str,
    folders: list[Path] | None,
    options: dict[str, Any],
    jobs: int | None,
    one: Callable[[Path], int],
    refused: str | None = None,
) -> None:
    """One cluster folder: the command as it always ran. Several (or a folder of them): each in a worker, with
    their outputs in order and a summary (commands/many.py). `refused`: why an option given takes one cluster."""

    def command() -> int:
        from .commands import many
        from .errors import UsageError

        clusters = many.clusters_given(list(folders or []))
        if len(clusters) == 1:
            return one(clusters[0])
        if refused is not None:
            raise UsageError(refused)
        tasks = [many.Task(name, (cluster,), options) for cluster in clusters]
        return many.run(tasks, str(options.get("format", "text")), many.jobs_for(jobs, len(tasks)))

    guarded(command)


def _folders_argument() -> Any:
    return typer.Argument(
        metavar=_("FOLDER"),
        show_default=False,
        help=_("Cluster folders, or folders of them (default: the current folder)."),
    )


def _jobs_option() -> Any:
    def check(ctx: typer.Context, value: int | None) -> int | None:
        if value is not None and value < 1 and not ctx.resilient_parsing:
            raise typer.BadParameter(_("give at least 1"), param_hint="--jobs")
        return value

    return typer.Option(
        "--jobs",
        "-j",
        metavar="N",
        callback=check,
        help=_(
            "Worker processes for several clusters [default: the cores, one per 4 clusters at most];"
            " 1: all in this process."
        ),
    )


def _folder_argument() -> Any:
    return typer.Argument(metavar=_("FOLDER"), help=_("The cluster folder (default: the current folder)."))


def _period_option() -> Any:
    return typer.Option(
        "--period",
        metavar=_("PERIOD"),
        autocompletion=_complete_periods,
        help=_("The period id, e.g. 2023 or 2023-H1."),
    )


def _unit_option(name: str, help_text: str) -> Any:
    return typer.Option(name, metavar=_("UNIT"), autocompletion=_complete_units, help=help_text)


def _out_option(help_text: str) -> Any:
    return typer.Option("--out", metavar=_("FOLDER"), help=help_text)


def _rubric_argument(metavar: str, help_text: str) -> Any:
    return typer.Argument(metavar=metavar, help=help_text, show_default=False)


def _format_option(*choices: str) -> Any:
    """--format: its choices give the metavar, the help and the check."""
    helps = {("text", "json"): _("Output: text or json."), ("text", "json", "csv"): _("Output: text, json or csv.")}

    def check(ctx: typer.Context, value: str) -> str:
        if not ctx.resilient_parsing:  # completing a command line checks nothing
            _check_choice(value, choices, "--format")
        return value

    return typer.Option("--format", metavar="|".join(choices), help=helps[choices], callback=check)


def _complete_shells(incomplete: str) -> list[str]:
    from .commands.completion import SHELLS

    return [shell for shell in SHELLS if shell.startswith(incomplete)]


def _complete_periods(incomplete: str) -> list[str]:
    from .commands.completion import folder_typed, period_ids

    return period_ids(folder_typed(), incomplete)


def _complete_units(incomplete: str) -> list[str]:
    from .commands.completion import folder_typed, unit_ids

    return unit_ids(folder_typed(), incomplete)


def _print_version(value: bool) -> None:
    if value:
        print(f"emul {__version__}")
        raise typer.Exit(0)


def _check_choice(value: str, choices: tuple[str, ...], option: str) -> None:
    if value not in choices:
        raise typer.BadParameter(
            _("'{value}' is not one of: {choices}").format(value=value, choices=", ".join(choices)),
            param_hint=option,
        )

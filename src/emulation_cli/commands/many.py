"""Many clusters in one run (`emul validate|score|awards|report|history FOLDER...`): each cluster's command runs
in a worker process (or, with --jobs 1, in this one), rendered as it would be for the parent's streams, and
comes back as text; the parent prints the outcomes in the order of the folders, as soon as each is ready, then
one summary.

The unit of work is `run_one`: one cluster (for history, one cluster's folders of several years) and the
command's options in, a small `ClusterRun` out (exit code, stdout and stderr text, counts), never a parsed project.
"""

from __future__ import annotations

import gc
import io
import json
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, nullcontext, redirect_stderr, redirect_stdout
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from rich.console import Console
from rich.text import Text

from ..errors import DataError, EmulError, InternalError, known
from ..i18n import _, current_language, set_language
from ..loading.diagnostics import Diagnostic, Severity
from .console import Layout, make_console, pinned


def clusters_given(folders: Sequence[Path], once: bool = True) -> tuple[Path, ...]:
    """The cluster folders the command runs for (see loading.discovery). One folder that is neither a cluster
    folder nor a folder of clusters stays as given: the command says what is wrong with it, as it always has."""
    from ..loading.discovery import clusters_under, find_clusters, is_cluster_folder

    folders = folders or [Path(".")]
    if len(folders) > 1:
        return find_clusters(folders, once)
    if is_cluster_folder(folders[0]):
        return (folders[0],)
    return tuple(clusters_under(folders[0])) or (folders[0],)  # the tree walked once; no folder in it twice


# Starting a worker costs about as much as loading this many clusters: by default, no more workers than
# clusters / this (a handful of clusters runs in this process), and never more than the cores.
CLUSTERS_PER_WORKER = 4


def jobs_for(given: int | None, clusters: int) -> int:
    """The worker processes for `clusters` clusters: as many as --jobs says, else see CLUSTERS_PER_WORKER."""
    if given is not None:
        return given
    cores = max(1, getattr(os, "process_cpu_count", os.cpu_count)() or 1)  # process_cpu_count: Python 3.13+
    return max(1, min(cores, clusters // CLUSTERS_PER_WORKER))


@dataclass(frozen=True)
class Task:
    command: str  # a key of COMMANDS
    folders: tuple[Path, ...]  # one cluster folder; for history, one cluster's folders of several years
    options: Mapping[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return ", ".join(folder.as_posix() for folder in self.folders)


@dataclass(frozen=True)
class Settings:
    """What a worker renders with, as the parent would: the language and its streams' layouts."""

    language: str
    stdout: Layout
    stderr: Layout

    @classmethod
    def of_this_process(cls) -> Settings:
        return cls(current_language(), Layout.for_worker(sys.stdout), Layout.for_worker(sys.stderr))


@dataclass(frozen=True)
class ClusterRun:
    folder: str
    exit_code: int
    stdout: str
    stderr: str
    warnings: int  # validate's warnings; other commands count none (what they say on stderr counts instead)
    errors: tuple[str, ...]  # what stopped the command: the refusal's findings and message, or the crash
    first_error: str | None

    @property
    def warned(self) -> bool:
        return self.exit_code == 0 and (self.warnings > 0 or bool(self.stderr))


Counted = tuple[int, int, str | None]  # exit code, warnings, first error


def _validate(task: Task) -> Counted:
    from . import validate

    report = validate.show(task.folders[0], task.options["format"], task.options["strict"], make_console())
    first = next((d for d in report.diagnostics if d.severity is Severity.ERROR), None)
    return validate.exit_code(report, task.options["strict"]), report.warnings, _one_line(first)


def _score(task: Task) -> Counted:
    from . import score

    options = task.options
    return score.run(task.folders[0], options["period"], options["format"], make_console(), options["rubric"]), 0, None


def _awards(task: Task) -> Counted:
    from . import awards

    return awards.run(task.folders[0], task.options["period"], task.options["format"], make_console()), 0, None


def _report(task: Task) -> Counted:
    from . import report

    options = task.options
    code = report.run(
        task.folders[0],
        options["period"],
        list(options["only"]),
        None,
        options["pdf"],
        options["force"],
        make_console(),
        make_console(stderr=True),
        sharing=options.get("sharing", 1),
    )
    return code, 0, None


def _history(task: Task) -> Counted:
    from . import history

    return history.run(list(task.folders), task.options["unit"], task.options["format"], make_console()), 0, None


COMMANDS: dict[str, Callable[[Task], Counted]] = {
    "validate": _validate,
    "score": _score,
    "awards": _awards,
    "report": _report,
    "history": _history,
}


def run_one(task: Task, settings: Settings) -> ClusterRun:
    """One cluster's command, its output captured as the parent's streams would show it. Whatever it raises
    becomes its exit code and message here (a bug: exit 3 and the crash log), so the other clusters still run."""
    from ..cli import handle
    from ..results.csv_table import led_by

    set_language(settings.language)
    out, err = io.StringIO(), io.StringIO()
    errors: tuple[str, ...] = ()
    # The captured stderr is no terminal for a progress bar (report's) to be drawn into: plain lines only.
    no_bar = replace(settings.stderr, terminal=False)
    lead = led_by("folder", task.label) if task.options.get("format") == "csv" else nullcontext()
    with redirect_stdout(out), redirect_stderr(err), pinned(settings.stdout, no_bar), lead:
        try:
            code, warnings, first = COMMANDS[task.command](task)
        except Exception as error:
            errors = _stop_errors(error)
            code, warnings, first = handle(error), 0, (errors[0] if errors else None)
    return ClusterRun(task.label, code, out.getvalue(), err.getvalue(), warnings, errors, first)


def _lost_run(task: Task) -> ClusterRun:
    """A cluster whose worker process died twice on it."""
    code, said = lost_said()
    message = worker_died().message
    return ClusterRun(task.label, code, "", said, 0, (message,), message)


def _stop_errors(error: Exception) -> tuple[str, ...]:
    """The same verdict as cli.handle gives, as short lines for the summary and the JSON."""
    import typer

    told = known(error)
    if isinstance(told, EmulError):
        found = [_one_line(d) for d in told.diagnostics if d.severity is Severity.ERROR]
        return (*(line for line in found if line), told.message)
    if isinstance(told, typer.Exit):
        return ()
    return (_("internal error (a bug in emul): {error}").format(error=type(told).__name__),)


def _one_line(diagnostic: Diagnostic | None) -> str | None:
    if diagnostic is None:
        return None
    return f"{diagnostic.file}:{diagnostic.pos.line}:{diagnostic.pos.column}: {diagnostic.message}"


# ----- the pool ---------------------------------------------------------------------------------------------
Item = TypeVar("Item")
Result = TypeVar("Result")

_worker_settings: Settings | None = None


def _start_worker(settings: Settings) -> None:
    """Ctrl-C is the parent's to handle: it stops the pool; a worker says nothing."""
    global _worker_settings
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.set_threshold(100_000, 50, 50)  # as the command line's own process does
    _worker_settings = settings


def _in_worker(call: Callable[[Item, Settings], Result], item: Item) -> Result:
    if _worker_settings is None:
        raise InternalError("a worker runs a task only once it is started with the parent's settings")
    return call(item, _worker_settings)


# Windows waits on at most 63 handles at once: its ProcessPoolExecutor refuses more than 61 workers.
MAX_WORKERS = 61 if sys.platform == "win32" else 256


def ordered(
    call: Callable[[Item, Settings], Result],
    items: Sequence[Item],
    jobs: int,
    settings: Settings,
    lost: Callable[[Item], Result],
    progress: Callable[[], None] = lambda: None,
) -> Iterator[Result]:
    """`call` of each item, in the order of the items, each as soon as it and those before it are ready. One job
    runs them in this process; more start a pool of spawned workers (the way Windows starts them, everywhere),
    to which `call` (a module's top-level function) and the items go pickled. A worker that dies (killed, out of
    memory) takes its pool down: the item it may have been running is tried again alone, `lost(item)` if it
    dies again, and the rest go on in a new pool."""
    workers = min(jobs, len(items), MAX_WORKERS)
    if workers <= 1:
        for item in items:
            yield call(item, settings)
            progress()
        return
    start = 0
    while start < len(items):
        start = yield from _pooled(call, items, start, workers, settings, lost, progress)


def _pooled(
    call: Callable[[Item, Settings], Result],
    items: Sequence[Item],
    start: int,
    workers: int,
    settings: Settings,
    lost: Callable[[Item], Result],
    progress: Callable[[], None],
) -> Generator[Result, None, int]:
    """The items from `start` on in one pool; where to go on from: past the end, or past a worker's death."""
    pool = _pool(workers, settings)
    try:
        futures: list[Future[Result] | None] = []
        for item in items[start:]:
            future = pool.submit(_in_worker, call, item)
            future.add_done_callback(lambda done: None if done.exception() else progress())
            futures.append(future)
        for offset, pending in enumerate(futures):
            if pending is None:
                continue
            try:
                result = pending.result()
            except BrokenProcessPool:
                pool.shutdown(wait=False, cancel_futures=True)
                yield _alone(call, items[start + offset], settings, lost)
                progress()
                return start + offset + 1
            futures[offset] = None  # shown: let it go
            yield result
    except BaseException:  # Ctrl-C, or the reader stopped reading: the pool stops, what is queued is dropped
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return len(items)


def _alone(
    call: Callable[[Item, Settings], Result], item: Item, settings: Settings, lost: Callable[[Item], Result]
) -> Result:
    pool = _pool(1, settings)
    try:
        return pool.submit(_in_worker, call, item).result()
    except BrokenProcessPool:
        return lost(item)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _pool(workers: int, settings: Settings) -> ProcessPoolExecutor:
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(settings,))


def worker_died() -> DataError:
    """What is said of an item whose worker died twice: the input's problem as far as emul can tell (exit 1)."""
    return DataError(
        _("the process working on it stopped abruptly (killed, or out of memory)"),
        hint=_("run it alone (--jobs 1) to see whether it needs more memory than the computer has"),
    )


def lost_said() -> tuple[int, str]:
    """The exit code of an item whose worker died, and the text the command line says of it."""
    from ..cli import handle

    said = io.StringIO()
    with redirect_stderr(said):
        code = handle(worker_died())
    return code, said.getvalue()


@contextmanager
def progress_bar(total: int) -> Iterator[Callable[[], None]]:
    """A bar on stderr when stderr is a terminal; nothing otherwise."""
    errors = make_console(stderr=True)
    if not errors.is_terminal:
        yield lambda: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    # Output sent to a file goes to the file: only a terminal's stdout goes through the bar's console (so that
    # the bar stays whole below it on the screen).
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=errors,
        transient=True,
        redirect_stdout=make_console().is_terminal,
    ) as bar:
        task = bar.add_task(_("Clusters"), total=total)
        yield lambda: bar.advance(task)


# ----- printing ---------------------------------------------------------------------------------------------
def run(tasks: Sequence[Task], output_format: str, jobs: int) -> int:
    """Run the tasks and print their outcomes in order, then the summary; the worst exit code."""
    summary = Summary()
    settings = Settings.of_this_process()
    at_once = min(jobs, len(tasks))  # a report's LibreOffices get their cluster's part of the cores
    tasks = [replace(task, options={**task.options, "sharing": at_once}) for task in tasks]
    with progress_bar(len(tasks)) as advance:
        stream = (summary.add(outcome) for outcome in ordered(run_one, tasks, jobs, settings, _lost_run, advance))
        if output_format == "json":
            _print_json(stream)
        elif output_format == "csv":
            _print_csv(stream)
        else:
            _print_text(stream)
    summary.show(make_console(stderr=output_format != "text"))
    return summary.worst


def _print_text(stream: Iterable[ClusterRun]) -> None:
    for index, outcome in enumerate(stream):
        heading = ("\n" if index else "") + "==> " + outcome.folder + " <==\n"
        _write(sys.stdout, heading + outcome.stdout)
        _write(sys.stderr, outcome.stderr)


def _print_json(stream: Iterable[ClusterRun]) -> None:
    """One JSON document, the list of `{"folder", "exit_code", "result", "errors"}` written item by item: `result`
    is the cluster's own JSON document (null when the command printed none), `errors` what stopped it."""
    _write(sys.stdout, "[")
    for index, outcome in enumerate(stream):
        _write(sys.stdout, ("," if index else "") + "\n" + _json_item(outcome))
        _write_heeded(outcome)
    _write(sys.stdout, "\n]\n")


def _json_item(outcome: ClusterRun) -> str:
    result = _indented(outcome.stdout.rstrip("\n")) if outcome.stdout.strip() else "null"
    errors = _indented(json.dumps(list(outcome.errors), ensure_ascii=False, indent=2))
    return (
        "  {\n"
        f'    "folder": {json.dumps(outcome.folder, ensure_ascii=False)},\n'
        f'    "exit_code": {outcome.exit_code},\n'
        f'    "result": {result},\n'
        f'    "errors": {errors}\n'
        "  }"
    )


def _indented(document: str) -> str:
    """A JSON document (indented by 2) nested two levels down: its lines but the first move right by 4. JSON
    text holds no line break inside a string, so this is the document json.dumps would write in place."""
    return document.replace("\n", "\n    ")


def _print_csv(stream: Iterable[ClusterRun]) -> None:
    """One table: a `folder` column first, then each cluster's own columns; the header again only where a
    cluster's columns differ from the previous header's (a cluster ranked by vote among clusters with points)."""
    shown = ""
    for outcome in stream:
        header, end, body = outcome.stdout.partition("\n")  # each cluster's table comes led by its folder
        header += end
        if header and header != shown:
            _write(sys.stdout, header)
            shown = header
        _write(sys.stdout, body)
        _write_heeded(outcome)


def _write_heeded(outcome: ClusterRun) -> None:
    """What a cluster said on stderr, under its folder (its stdout is a machine's)."""
    if outcome.stderr:
        _write(sys.stderr, "==> " + outcome.folder + " <==\n" + outcome.stderr)


def _write(stream: Any, text: str) -> None:
    if text:
        stream.write(text)
        stream.flush()


@dataclass
class Summary:
    checked: int = 0
    ok: int = 0
    warned: int = 0
    with_errors: int = 0
    failed: int = 0
    worst: int = 0
    stopped: list[tuple[str, str]] = field(default_factory=list)  # folder, first error

    def add(self, outcome: ClusterRun) -> ClusterRun:
        self.checked += 1
        self.worst = max(self.worst, outcome.exit_code)
        if outcome.exit_code == 0:
            self.warned += outcome.warned
            self.ok += not outcome.warned
            return outcome
        if outcome.exit_code == 1:
            self.with_errors += 1
        else:
            self.failed += 1
        first = outcome.first_error or _("exit code {code}").format(code=outcome.exit_code)
        self.stopped.append((outcome.folder, first))
        return outcome

    def show(self, console: Console) -> None:
        line = _("{checked} cluster(s): {ok} OK, {warned} with warnings, {errors} with errors, {failed} failed.")
        text = line.format(
            checked=self.checked, ok=self.ok, warned=self.warned, errors=self.with_errors, failed=self.failed
        )
        style = "red" if self.stopped else ("yellow" if self.warned else "green")
        console.print(Text(("\n" if console.file is sys.stdout else "") + text, style=style))
        for folder, first in self.stopped:
            console.print(Text(f"  {folder}: {first}"))

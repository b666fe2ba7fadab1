"""What became of a batch of files (emul report, emul forms): each file, the places left to fill in, warnings,
errors, and the batch's exit code."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from ..errors import write_crash_log
from ..i18n import N_, _
from ..reports.batch import BatchOutcome, FileStatus, Result
from ..reports.facts import FactChange
from ..reports.manifest import MANIFEST_NAME, Guard
from ..reports.placeholders import DocumentPlaceholders, Placeholder

# At most this many changes in the data are listed for a document written beside an edited one.
CHANGES_SHOWN = 8
_VALUE_WIDTH = 60


def show_outcome(console: Console, errors: Console, outcome: BatchOutcome) -> int:
    """Each file and what became of it, then the places left to fill in, on stdout; warnings and what went
    wrong on stderr; the batch's exit code."""
    print_results(console, outcome)
    print_placeholders(console, outcome.placeholders)
    for result in outcome.beside:
        _warn(errors, describe_beside(result))
    if outcome.font_substitutes:
        _warn(errors, describe_fonts(outcome.font_substitutes))
    if outcome.stale_pdfs:
        message = _("{count} PDF copy(ies) now older than their document; run again with --pdf to refresh them")
        _warn(errors, message.format(count=outcome.stale_pdfs))
    return finish_batch(errors, outcome)


def _warn(errors: Console, message: str) -> None:
    errors.print(Text(_("warning") + ": " + message), soft_wrap=True)


_STATUS_TEXT = {
    FileStatus.WRITTEN: N_("written"),
    FileStatus.UNCHANGED: N_("unchanged"),
    FileStatus.KEPT: N_("kept as you edited it"),
    FileStatus.BESIDE: N_("kept as you edited it; new version beside it"),
    FileStatus.PROTECTED: N_("not overwritten"),
    FileStatus.FAILED: N_("failed"),
}


def print_results(console: Console, outcome: BatchOutcome) -> None:
    console.print(
        Text(
            _("{written} file(s) written, {unchanged} unchanged, in {folder}").format(
                written=outcome.written, unchanged=outcome.unchanged, folder=outcome.target
            )
        )
    )
    width = max((len(r.name) for r in outcome.results), default=0)
    for result in outcome.results:
        status = _(_STATUS_TEXT[result.status])
        console.print(Text(f"  {result.name.ljust(width)}  " + status))


def print_placeholders(console: Console, documents: tuple[DocumentPlaceholders, ...]) -> None:
    if not documents:
        return
    console.print(Text(_("Places left to fill in before signing (highlighted in the documents):")))
    for document in documents:
        line = _("{name}: {count} place(s) to fill in")
        console.print(Text("  " + line.format(name=document.name, count=len(document.places))))
        for place in document.places:  # one a line: a place's own text may end in ';' or ','
            console.print(Text("    - " + _snippet(place)))


def _snippet(place: Placeholder) -> str:
    return " ".join(part for part in (place.before, place.token, place.after) if part)


def describe_beside(result: Result) -> str:
    """What the officer reads about an edited document whose new version is written beside it."""
    lines = [
        _("{name}: you edited it, and emul now has a new version: written beside it as {beside}").format(
            name=result.name, beside=result.beside
        )
    ]
    if result.changes:
        lines.append("  " + _("What changed in the data since the version you edited:"))
        lines += ["  - " + _change(change) for change in result.changes[:CHANGES_SHOWN]]
        hidden = len(result.changes) - CHANGES_SHOWN
        if hidden > 0:
            lines.append("  " + _("… and {count} more").format(count=hidden))
    elif result.changes_known:
        lines.append("  " + _("The data it is built from is the same: the template or emul itself changed."))
    else:
        lines.append("  " + _("emul has no record of the data of the version you edited: it cannot say what changed."))
    return "\n".join(lines)


def _change(change: FactChange) -> str:
    if change.added or change.removed:
        parts = []
        if change.added:
            parts.append(_("added {names}").format(names=", ".join(_short(name) for name in change.added)))
        if change.removed:
            parts.append(_("removed {names}").format(names=", ".join(_short(name) for name in change.removed)))
        return f"{change.label}: " + "; ".join(parts)
    return f"{change.label}: {_value(change.before)} → {_value(change.after)}"


def _value(text: str) -> str:
    return _short(text) if text else _("(empty)")


def _short(text: str) -> str:
    return text if len(text) <= _VALUE_WIDTH else text[: _VALUE_WIDTH - 1] + "…"


def describe_fonts(fonts: tuple[str, ...]) -> str:
    message = _(
        "Times New Roman is not installed: LibreOffice drew the PDF copies in {fonts} instead, so they do not look "
        "like the Word documents"
    ).format(fonts=", ".join(fonts))
    hint = _(
        "install it (Debian/Ubuntu: apt-get install ttf-mscorefonts-installer; Windows and macOS have it), "
        "then run again with --pdf"
    )
    return message + "\n  " + _("hint") + ": " + hint


def finish_batch(errors: Console, outcome: BatchOutcome) -> int:
    problems = outcome.problems
    for result in problems:
        errors.print(Text(_("error") + ": " + result.name + ": " + _problem(result)))
    if outcome.crash_details:
        errors.print(
            Text(
                _("internal error (a bug in emul); the details are in {log}; please report them.").format(
                    log=write_crash_log(outcome.crash_details) or "—"
                )
            )
        )
    if problems:
        message = _("{count} of {total} document(s) not written.").format(
            count=len(problems), total=len(outcome.results)
        )
        if len(problems) < len(outcome.results):
            message += " " + _("The others are written.")
        errors.print(Text(message))
    return outcome.exit_code


def _problem(result: Result) -> str:
    if result.status is FileStatus.PROTECTED and result.error is None:
        if result.guard is Guard.UNKNOWN:
            return _(
                "the manifest {name} is damaged, so emul cannot tell whether this file was edited; "
                "not overwritten (use --force to overwrite it)"
            ).format(name=MANIFEST_NAME)
        return _("not written by emul; not overwritten (use --force to overwrite it)")
    return result.error or ""

"""emul score: the period's ranking (or, at sơ kết, the progress on the covenant) as a table, JSON or CSV."""

from __future__ import annotations

import json
from fractions import Fraction
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from ..i18n import N_, _, current_language
from ..model.cluster import Period
from ..ranking.rank import Ranked, rank_text
from ..ranking.standings import Standings, standings
from ..rubrics.versions import identify_loaded
from ..scoring.commitments import Status
from ..scoring.sheet import PeriodScores
from ..text.numbers import Numbers
from ..text.terms import departure_words, tie_break_label
from ..validation.periods import choose_period
from ..validation.project import Project, load_project
from .heap import loaded_heap_kept
from .tables import Cell, Column, Kind, print_table

if TYPE_CHECKING:
    from ..results.csv_table import Dialect
    from ..rubrics.rescore import RubricComparison, UnitMove
    from ..scoring.progress import UnitProgress

# What only the JSON, the CSV, a sơ kết, a ranking by vote or --rubric needs is imported where it is used: a
# ranking by points as a table, the common case, does without it.


def _csv_dialect(output_format: str) -> Dialect | None:
    """The CSV dialect of --format csv or --excel; None for another output."""
    if output_format not in ("csv", "excel"):
        return None
    from ..results.csv_table import EXCEL_VI, PLAIN

    return {"csv": PLAIN, "excel": EXCEL_VI}[output_format]


def run(folder: Path, period_id: str | None, output_format: str, console: Console, rubric: str | None = None) -> int:
    project = load_project(folder)
    with loaded_heap_kept():
        return _run(project, choose_period(project, period_id), output_format, console, rubric)


def _run(project: Project, period: Period, output_format: str, console: Console, rubric: str | None) -> int:
    dialect = _csv_dialect(output_format)
    if rubric is not None:
        return run_compare(project, period, rubric, output_format, console)
    if period.kind == "so_ket":
        _progress(project, period, output_format, console)
        return 0
    ranking = standings(project, period)
    if ranking.by_vote:
        _vote_ranking(project, ranking, output_format, console)
        return 0
    scores, ranked = ranking.points, list(ranking.ranked)
    if output_format == "json":
        from ..results.score import ranking_document

        identity = identify_loaded(project.points_rubric, with_commit=True)  # only the JSON shows the commit
        _json(ranking_document(project, scores, ranked, identity), console)
    elif dialect is not None:
        from ..results.score import ranking_csv

        _csv(ranking_csv(scores, ranked, project.phrases, dialect), console)
    else:
        if all(not item.score.has_assessment for item in ranked):
            console.print(Text(_("No unit has an assessment for this period yet: every total is 0."), style="yellow"))
        print_ranking(project, scores, ranked, console)
        print_departed(project, period, console)
    return 0


def _progress(project: Project, period: Period, output_format: str, console: Console) -> None:
    """At sơ kết: the progress on the covenant's commitments."""
    from ..results.score import progress_csv, progress_document
    from ..scoring.progress import period_progress

    progress = period_progress(project, period)
    dialect = _csv_dialect(output_format)
    if output_format == "json":
        identity = identify_loaded(project.rubric, with_commit=True) if project.rubric is not None else None
        _json(progress_document(project, period, progress, identity), console)
    elif dialect is not None:
        _csv(progress_csv(progress, dialect), console)
    else:
        print_progress(project, period, progress, console)
        print_departed(project, period, console)


def print_departed(project: Project, period: Period, console: Console) -> None:
    """Units that left during the period: not ranked, each with when, how and who carries on."""
    departed = project.departed(period)
    if not departed:
        return
    heading = (
        _("Not ranked: no longer members at the end of the period")
        if period.kind == "tong_ket"
        else _("No longer members at the end of the period")
    )
    console.print(Text(heading))
    for departure in departed:
        words = departure_words(departure)
        console.print(Text(f"  - {project.unit(departure.unit).short_name}: {words}"))


def _csv(text: str, console: Console) -> None:
    """Written as bytes where the stream has them, so that the Windows line ends of the Excel CSV are not
    doubled by a text stream's own translation."""
    stream = console.file
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        console.out(text, highlight=False, end="")
        return
    stream.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def _json(document: object, console: Console) -> None:
    console.out(json.dumps(document, ensure_ascii=False, indent=2), highlight=False)


def _numbers(project: Project) -> Numbers:
    return Numbers.of(project.points_rubric.model.rounding, comma=current_language() == "vi")


# ----- a cluster without a rubric: the ranking by the ranking ballot ----------------------------------------
def _vote_ranking(project: Project, ranking: Standings, output_format: str, console: Console) -> None:
    from ..results.score import vote_ranking_csv, vote_ranking_document

    dialect = _csv_dialect(output_format)
    if output_format == "json":
        _json(vote_ranking_document(project, ranking), console)
    elif dialect is not None:
        _csv(vote_ranking_csv(ranking, project.phrases, dialect), console)
    else:
        print_vote_ranking(project, ranking, console)
        print_departed(project, ranking.period, console)


def print_vote_ranking(project: Project, ranking: Standings, console: Console) -> None:
    from ..results.ballot_text import ballot_lines, ballot_warnings, share_text

    numbers = Numbers(comma=current_language() == "vi")
    ballot = ranking.ranking_ballot
    for line in ballot_warnings(ballot, ranking.period):
        console.print(Text(line, style="yellow"))
    title = _("{cluster} — {period} (ranked by the ranking ballot)").format(
        cluster=project.cluster.model.name, period=ranking.period.title
    )
    columns = [Column(_("Rank"), Kind.NUMBER), Column(_("Unit"), Kind.NAME), Column(_("Votes"), Kind.NUMBER)]
    columns += [Column(_("Share"), Kind.NUMBER), Column(_("Notes"), Kind.TEXT)]
    rows: list[list[Cell]] = []
    for item in ranking.ranked:
        tally = item.tally
        share = share_text(tally, numbers)
        notes = _("equal votes: for the meeting to decide") if item.tie_unresolved else ""
        rows.append(
            [rank_text(item.rank, item.tied), Text(tally.unit.short_name), str(tally.votes), share, Text(notes)]
        )
    print_table(console, title, columns, rows)
    for line in ballot_lines(ballot):
        console.print(Text(line))


def print_ranking(project: Project, scores: PeriodScores, ranked: list[Ranked], console: Console) -> None:
    numbers = _numbers(project)
    rubric = scores.rubric
    sections = [s.id for s in rubric.sections]
    own, classified = rubric.self_scored, rubric.classification is not None
    columns = [Column(_("Rank"), Kind.NUMBER), Column(_("Unit"), Kind.NAME)]
    columns += [Column(header, Kind.NUMBER) for header in (*sections, _("Bonus"), _("Penalty"), _("Total"))]
    columns += [Column(_("Self − total"), Kind.NUMBER)] * own + [Column(_("Classification"), Kind.TEXT)] * classified
    rows: list[list[Cell]] = []
    for item in ranked:
        score = item.score
        band = score.classification.band.label if score.classification else ""
        rows.append(
            [
                rank_text(item.rank, item.tied),
                Text(score.unit.short_name),
                *(numbers.points(score.section(sid)) for sid in sections),
                numbers.points(score.bonus),
                numbers.points(score.penalty),
                Text(numbers.points(score.total), style="bold"),
                *([numbers.points(score.self_total_exact - score.total_exact)] if own else []),
                *([Text(band)] if classified else []),
                Text(_notes(item, numbers)),
            ]
        )
    print_table(console, _title(project, scores.period), [*columns, Column(_("Notes"), Kind.TEXT)], rows)
    for line in _separations(ranked, numbers):
        console.print(Text(line))


def _title(project: Project, period: Period) -> str:
    rubric = project.points_rubric.model
    return _("{cluster} — {period} (rubric {rubric} {version})").format(
        cluster=project.cluster.model.name, period=period.title, rubric=rubric.id, version=rubric.version
    )


def _notes(item: Ranked, numbers: Numbers) -> str:
    notes = []
    classified = item.score.classification
    if item.tied:
        notes.append(_("tie: for the meeting to decide"))
    if classified is not None and classified.decided_by:
        from ..results.explanations import floors_text

        notes.append(
            _("{band} by total, but below {floors}").format(
                band=classified.by_total.label, floors=floors_text(classified.decided_by)
            )
        )
    if item.score.flagged_differences:
        ids = ", ".join(c.criterion.id for c in item.score.flagged_differences)
        notes.append(_("self − appraised above threshold: {ids}").format(ids=ids))
    if item.score.not_assigned:
        notes.append(_("not assigned: {ids}").format(ids=", ".join(item.score.not_assigned)))
    if not item.score.has_assessment:
        notes.append(_("no assessment"))
    return "; ".join(notes)


def _separations(ranked: list[Ranked], numbers: Numbers) -> list[str]:
    """One line for each pair of neighbours that only a tie-break separated."""
    lines = []
    for upper, lower in pairwise(ranked):
        step = upper.separated_from_next
        if step is None or step.index == 0 or step.rule is None:
            continue
        above, below = _distinct(Fraction(step.above), Fraction(step.below), numbers)
        lines.append(
            _("{upper} is ranked above {lower} by tie-break {step} ({rule}: {above} {sign} {below})").format(
                upper=upper.score.unit.short_name,
                lower=lower.score.unit.short_name,
                step=step.index,
                rule=tie_break_label(step.rule),
                above=above,
                sign="<" if step.lower_is_better else ">",
                below=below,
            )
        )
    return lines


def _distinct(above: Fraction, below: Fraction, numbers: Numbers) -> tuple[str, str]:
    """Two decimals, or as many as it takes to show that the two values differ."""
    for decimals in (numbers.decimals, 4, 6):  # the rubric's own rounding first, as the table shows them
        shown = Numbers(decimals, numbers.mode if decimals == numbers.decimals else "half_up", numbers.comma)
        pair = shown.points(above), shown.points(below)
        if pair[0] != pair[1]:
            return pair
    return numbers.plain(above), numbers.plain(below)


def print_progress(project: Project, period: Period, progress: tuple[UnitProgress, ...], console: Console) -> None:
    title = _("{cluster} — {period}: progress on the covenant commitments").format(
        cluster=project.cluster.model.name, period=period.title
    )
    columns = [Column(_("Unit"), Kind.NAME), Column(_("Commitments"), Kind.NUMBER), Column(_("On track"), Kind.NUMBER)]
    columns += [Column(_("Behind"), Kind.NUMBER), Column(_("No data"), Kind.NUMBER), Column(_("To watch"), Kind.TEXT)]
    rows: list[list[Cell]] = [
        [
            Text(p.unit.short_name),
            str(len(p.outcomes)),
            str(p.count(Status.MET)),
            str(p.count(Status.NOT_MET)),
            str(p.count(Status.NO_DATA)),
            Text(", ".join(o.commitment.id for o in p.behind)),
        ]
        for p in progress
    ]
    print_table(console, title, columns, rows)
    if any(o.commitment.cumulative for p in progress for o in p.outcomes):
        console.print(Text(_("Cumulative targets are compared pro rata to the part of the year that has passed.")))


# ----- --rubric: the period under another rubric version ---------------------------------------------------
def run_compare(project: Project, period: Period, spec: str, output_format: str, console: Console) -> int:
    """Score the period under the rubric at `spec` (a file or REV:path) and show how the ranking would move."""
    from ..results.compare import comparison_document
    from ..rubrics.rescore import compare_rubrics

    comparison = compare_rubrics(project, period, spec)
    if output_format == "json":
        identity = identify_loaded(project.points_rubric, with_commit=True)
        _json(comparison_document(project, period, comparison, identity), console)
    else:
        print_comparison(project, period, comparison, console)
    return 0


_UNFIT = {
    "manual": N_("scored by hand there, but only a figure was entered"),
    "fact": N_("needs the figure '{name}', which was not entered"),
    "award": N_("the award '{name}' is not in its table"),
}


def print_comparison(project: Project, period: Period, comparison: RubricComparison, console: Console) -> None:
    now = _numbers(project)
    other_numbers = Numbers.of(comparison.other.loaded.model.rounding, comma=now.comma)
    change = Numbers(max(now.decimals, other_numbers.decimals), "half_up", now.comma)  # exact: both are rounded
    current, other = project.points_rubric.model, comparison.other.loaded.model
    title = _(
        "{cluster} — {period}: the ranking now (rubric {id} {version}) and under {source} ({other_id} {other_version})"
    ).format(
        cluster=project.cluster.model.name,
        period=period.title,
        id=current.id,
        version=current.version,
        source=comparison.other.source,
        other_id=other.id,
        other_version=other.version,
    )
    columns = [Column(_("Unit"), Kind.NAME), Column(_("Rank now"), Kind.NUMBER), Column(_("Total now"), Kind.NUMBER)]
    columns += [Column(_("New rank"), Kind.NUMBER), Column(_("New total"), Kind.NUMBER), Column(_("Move"), Kind.NUMBER)]
    columns += [Column(_("Δ points"), Kind.NUMBER), Column(_("Notes"), Kind.TEXT)]
    rows: list[list[Cell]] = []
    for move in comparison.moves:
        before, after = move.before, move.after
        rows.append(
            [
                Text(after.score.unit.short_name),
                rank_text(before.rank, before.tied),
                now.points(before.score.total),
                rank_text(after.rank, after.tied),
                Text(other_numbers.points(after.score.total), style="bold"),
                _move(move.rank_change),
                change.signed(move.total_change),
                Text(_classification_change(move)),
            ]
        )
    print_table(console, title, columns, rows)
    _print_unfit(comparison, console)
    _print_ignored(comparison, console)


def _print_unfit(comparison: RubricComparison, console: Console) -> None:
    moves = [move for move in comparison.moves if move.unfit]
    if moves:
        console.print(Text(_("Entries the other rubric reads differently (they score nothing there):")))
    for move in moves:
        for entry in move.unfit:
            text = _(_UNFIT[entry.reason]).format(name=entry.name)
            console.print(Text(f"  {move.after.score.unit.short_name} {entry.criterion}: {text}"))


def _print_ignored(comparison: RubricComparison, console: Console) -> None:
    moves = [move for move in comparison.moves if move.ignored]
    if moves:
        console.print(Text(_("Assessment entries ignored, for criteria the other rubric does not score:")))
    for move in moves:
        line = _("{unit}: {count} ({ids})").format(
            unit=move.after.score.unit.short_name, count=len(move.ignored), ids=", ".join(move.ignored)
        )
        console.print(Text("  " + line))


def _move(change: int) -> Text:
    if change > 0:
        return Text(f"▲ {change}", style="green")
    if change < 0:
        return Text(f"▼ {-change}", style="red")
    return Text("–")


def _classification_change(move: UnitMove) -> str:
    before, after = move.before.score.classification, move.after.score.classification
    if (before.band.id if before else None) == (after.band.id if after else None):
        return ""
    old = before.band.label if before else _("not classified")
    new = after.band.label if after else _("not classified")
    return _("classification: {old} → {new}").format(old=old, new=new)

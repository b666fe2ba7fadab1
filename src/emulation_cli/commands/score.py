"""emul score: the period's ranking (or, at sơ kết, the progress on the covenant) as a table, JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text

from ..errors import DataError, UsageError
from ..i18n import N_, _, current_language
from ..model.cluster import Period
from ..model.rubric import Rubric
from ..ranking.rank import rank_text
from ..ranking.standings import standings
from ..results.score import progress_document, ranking_document
from ..scoring.progress import period_progress
from ..text.vietnamese import number
from ..validation.periods import choose_period
from ..validation.project import Project, load_project
from .console import make_table


def run(folder: Path, period_id: str | None, output_format: str, console: Console, rubric: str | None = None) -> int:
    project = load_project(folder)
    period = choose_period(project, period_id)
    if rubric is not None:
        return run_compare(project, period, rubric, output_format, console)
    provenance = output_format == "json"  # only the JSON shows the rubric's commit: no git calls otherwise
    if period.kind == "so_ket":
        document = progress_document(project, period, period_progress(project, period), provenance)
    else:
        document = ranking_document(project, *standings(project, period), provenance)
    if output_format == "json":
        console.out(json.dumps(document, ensure_ascii=False, indent=2), highlight=False)
    elif output_format == "csv":
        console.out(to_csv(document), highlight=False, end="")
    elif document["kind"] == "ranking":
        if all("no-assessment" in row["flags"] for row in document["units"]):
            console.print(Text(_("No unit has an assessment for this period yet: every total is 0."), style="yellow"))
        print_ranking(document, console)
    else:
        print_progress(document, console)
    return 0


def print_ranking(document: dict[str, Any], console: Console) -> None:
    comma = current_language() == "vi"
    decimals = int(document["rounding"]["decimals"])
    columns = [(_("Rank"), "right"), (_("Unit"), "left"), *((s["id"], "right") for s in document["sections"])]
    columns += [(header, "right") for header in (_("Bonus"), _("Penalty"), _("Total"), _("Self − total"))]
    table = make_table(_title(document), [*columns, (_("Classification"), "left"), (_("Notes"), "left")])
    for row in document["units"]:

        def shown(value: str) -> str:
            return number(value, decimals, comma)

        table.add_row(
            rank_text(row["rank"], row["tied"]),
            Text(row["unit"]["short_name"]),
            *(shown(row["sections"][s["id"]]) for s in document["sections"]),
            shown(row["bonus"]),
            shown(row["penalty"]),
            Text(shown(row["total"]), style="bold"),
            shown(row["self_minus_total"]),
            Text(row["classification"]["label"]),
            Text(_notes(row, comma)),
        )
    console.print(table)
    for line in _separations(document, comma):
        console.print(Text(line))


def _title(document: dict[str, Any]) -> str:
    return _("{cluster} — {period} (rubric {rubric} {version})").format(
        cluster=document["cluster"]["name"],
        period=document["period"]["title"],
        rubric=document["rubric"]["id"],
        version=document["rubric"]["version"],
    )


def _notes(row: dict[str, Any], comma: bool) -> str:
    notes = []
    if "tie-unresolved" in row["flags"]:
        notes.append(_("tie: for the meeting to decide"))
    below = row["classification"]["below_floor"]
    if below:
        notes.append(
            _("{band} by total, but below the {floor}% floor: {ids}").format(
                band=row["classification"]["by_total_label"],
                floor=number(row["classification"]["floor"], 0, comma),
                ids=", ".join(item["criterion"] for item in below),
            )
        )
    if row["differences"]:
        notes.append(
            _("self − appraised above threshold: {ids}").format(
                ids=", ".join(d["criterion"] for d in row["differences"])
            )
        )
    if "no-assessment" in row["flags"]:
        notes.append(_("no assessment"))
    return "; ".join(notes)


def _separations(document: dict[str, Any], comma: bool) -> list[str]:
    """One line for each pair of neighbours that only a tie-break separated."""
    lines = []
    units = document["units"]
    for upper, lower in pairwise(units):
        step = upper["separated_from_next"]
        if step is None or step["step"] == 0:
            continue
        above, below = _distinct(step["above"], step["below"], comma)
        lines.append(
            _("{upper} is ranked above {lower} by tie-break {step} ({rule}: {above} {sign} {below})").format(
                upper=upper["unit"]["short_name"],
                lower=lower["unit"]["short_name"],
                step=step["step"],
                rule=rule_label(step["rule"]),
                above=above,
                sign="<" if step["lower_is_better"] else ">",
                below=below,
            )
        )
    return lines


def _distinct(above: str, below: str, comma: bool) -> tuple[str, str]:
    """Two decimals, or as many as it takes to show that the two values differ."""
    for decimals in (2, 4, 6):
        pair = number(_exact(above), decimals, comma), number(_exact(below), decimals, comma)
        if pair[0] != pair[1]:
            return pair
    return above, below


def _exact(text: str) -> Fraction:
    return Fraction(text)


def rule_label(rule: dict[str, Any]) -> str:
    kind = rule["kind"]
    if kind == "section":
        return _("section {id}").format(id=rule["section"])
    if kind == "criterion":
        return _("criterion {id}").format(id=rule["criterion"])
    labels = {
        "fewer_penalty": _("fewer penalty points"),
        "more_bonus": _("more bonus points"),
        "vote": _("share of votes in favour"),
    }
    return labels[kind]


def print_progress(document: dict[str, Any], console: Console) -> None:
    title = _("{cluster} — {period}: progress on the covenant commitments").format(
        cluster=document["cluster"]["name"], period=document["period"]["title"]
    )
    table = make_table(
        title,
        [
            (_("Unit"), "left"),
            (_("Commitments"), "right"),
            (_("On track"), "right"),
            (_("Behind"), "right"),
            (_("No data"), "right"),
            (_("To watch"), "left"),
        ],
    )
    for row in document["units"]:
        table.add_row(
            Text(row["unit"]["short_name"]),
            str(row["commitments"]),
            str(row["on_track"]),
            str(row["behind"]),
            str(row["no_data"]),
            Text(", ".join(item["commitment"] for item in row["to_watch"])),
        )
    console.print(table)
    if document["has_cumulative"]:
        console.print(Text(_("Cumulative targets are compared pro rata to the part of the year that has passed.")))


def to_csv(document: dict[str, Any]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if document["kind"] == "ranking":
        sections = [s["id"] for s in document["sections"]]
        writer.writerow(
            [
                "rank",
                "tied",
                "unit_id",
                "short_name",
                *sections,
                "bonus",
                "penalty",
                "total",
                "self_total",
                "classification",
                "flags",
            ]
        )
        for row in document["units"]:
            writer.writerow(
                [
                    row["rank"],
                    str(row["tied"]).lower(),
                    row["unit"]["id"],
                    safe_cell(row["unit"]["short_name"]),
                    *(row["sections"][s] for s in sections),
                    row["bonus"],
                    row["penalty"],
                    row["total"],
                    row["self_total"],
                    row["classification"]["id"],
                    " ".join(row["flags"]),
                ]
            )
    else:
        writer.writerow(["unit_id", "short_name", "commitments", "on_track", "behind", "no_data", "to_watch"])
        for row in document["units"]:
            writer.writerow(
                [
                    row["unit"]["id"],
                    safe_cell(row["unit"]["short_name"]),
                    row["commitments"],
                    row["on_track"],
                    row["behind"],
                    row["no_data"],
                    " ".join(b["commitment"] for b in row["to_watch"]),
                ]
            )
    return buffer.getvalue()


def safe_cell(text: str) -> str:
    """A spreadsheet opening the CSV must not run user text as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# ----- --rubric: the period under another rubric version ---------------------------------------------------
def run_compare(project: Project, period: Period, spec: str, output_format: str, console: Console) -> int:
    """Score the period under the rubric at `spec` (a file or REV:path) and show how the ranking would move."""
    document = compare_document(project, period, spec, provenance=output_format == "json")
    if output_format == "json":
        console.out(json.dumps(document, ensure_ascii=False, indent=2), highlight=False)
    else:
        print_comparison(document, console)
    return 0


def compare_document(project: Project, period: Period, spec: str, provenance: bool = True) -> dict[str, Any]:
    from dataclasses import replace

    from ..rubrics.versions import read_rubric, rubric_identity
    from ..scoring.compare import COMPARE_SCHEMA, compare_documents, ignored_entries, unfit_entries

    if period.kind == "so_ket":
        raise UsageError(
            _("period {period} is a sơ kết: it has no ranking to compare").format(period=period.id),
            hint=_("give a tổng kết period with --period"),
        )
    other = read_rubric(spec)
    _check_cluster_tie_breaks(project, other.loaded.model, spec)
    current = ranking_document(project, *standings(project, period), provenance)
    substituted = replace(project, rubric=other.loaded)
    changed = ranking_document(substituted, *standings(substituted, period), provenance=False)  # only its units
    ignored = ignored_entries(project, period.id, other.loaded.model)
    return {
        "schema": COMPARE_SCHEMA,
        "cluster": current["cluster"],
        "period": current["period"],
        "rubric": current["rubric"],
        "other_rubric": {"source": spec, **rubric_identity(other.loaded.model, other.commit)},
        "units": compare_documents(current, changed, ignored, unfit_entries(project, period.id, other.loaded.model)),
    }


def _check_cluster_tie_breaks(project: Project, rubric: Rubric, spec: str) -> None:
    """The cluster's own tie-breaks (cluster.yaml `ranking:`) replace the rubric's: they must name what
    the other rubric has."""
    from ..scoring.compare import unresolved_tie_breaks

    ranking = project.cluster.model.ranking
    missing = unresolved_tie_breaks(ranking.tie_breaks, rubric) if ranking is not None else []
    if missing:
        raise DataError(
            _("the tie-breaks of {file} name what the rubric '{rubric}' does not have: {rules}").format(
                file=project.cluster.file, rubric=spec, rules=", ".join(rule_label(r.model_dump()) for r in missing)
            ),
            hint=_("the cluster's `ranking:` replaces the rubric's; adapt it to the new rubric"),
        )


_UNFIT = {
    "manual": N_("scored by hand there, but only a figure was entered"),
    "fact": N_("needs the figure '{name}', which was not entered"),
    "award": N_("the award '{name}' is not in its table"),
}


def _print_unfit(document: dict[str, Any], console: Console) -> None:
    rows = [row for row in document["units"] if row.get("unfit_entries")]
    if rows:
        console.print(Text(_("Entries the other rubric reads differently (they score nothing there):")))
    for row in rows:
        for entry in row["unfit_entries"]:
            criterion, reason = entry.split(": ", 1)
            code, _sep, name = reason.partition(":")
            text = _(_UNFIT[code]).format(name=name)
            console.print(Text(f"  {row['unit']['short_name']} {criterion}: {text}"))


def print_comparison(document: dict[str, Any], console: Console) -> None:
    comma = current_language() == "vi"
    current, other = document["rubric"], document["other_rubric"]
    title = _(
        "{cluster} — {period}: the ranking now (rubric {id} {version}) and under {source} ({other_id} {other_version})"
    )
    columns = [(_("Unit"), "left"), (_("Rank now"), "right"), (_("Total now"), "right")]
    columns += [(_("New rank"), "right"), (_("New total"), "right"), (_("Move"), "right")]
    columns += [(_("Δ points"), "right"), (_("Notes"), "left")]
    table = make_table(
        title.format(
            cluster=document["cluster"]["name"],
            period=document["period"]["title"],
            id=current["id"],
            version=current["version"],
            source=other["source"],
            other_id=other["id"],
            other_version=other["version"],
        ),
        columns,
    )
    for row in document["units"]:
        before, after = row["cluster_rubric"], row["other_rubric"]
        table.add_row(
            Text(row["unit"]["short_name"]),
            _rank(before),
            number(Decimal(before["total"]), 0, comma),
            _rank(after),
            Text(number(Decimal(after["total"]), 0, comma), style="bold"),
            _move(row["rank_change"]),
            _signed(Decimal(row["total_change"]), comma),
            Text(_comparison_notes(row)),
        )
    console.print(table)
    _print_unfit(document, console)
    ignored = [row for row in document["units"] if row["ignored_entries"]]
    if ignored:
        console.print(Text(_("Assessment entries ignored, for criteria the other rubric does not score:")))
    for row in ignored:
        entries = row["ignored_entries"]
        console.print(
            Text(
                "  "
                + _("{unit}: {count} ({ids})").format(
                    unit=row["unit"]["short_name"], count=len(entries), ids=", ".join(entries)
                )
            )
        )


def _rank(standing: dict[str, Any]) -> str:
    return rank_text(standing["rank"], standing["tied"])


def _move(change: int) -> Text:
    if change > 0:
        return Text(f"▲ {change}", style="green")
    if change < 0:
        return Text(f"▼ {-change}", style="red")
    return Text("–")


def _signed(value: Decimal, comma: bool) -> str:
    text = number(abs(value), 0, comma)
    return ("+" if value > 0 else "−" if value < 0 else "") + text


def _comparison_notes(row: dict[str, Any]) -> str:
    before, after = row["cluster_rubric"]["classification"], row["other_rubric"]["classification"]
    if before["id"] == after["id"]:
        return ""
    return _("classification: {old} → {new}").format(old=before["label"], new=after["label"])

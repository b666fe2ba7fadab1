"""emul province: the leaders of many clusters of one province and year, and who goes forward for the
Government's flag within the declared cap."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator, Mapping
from contextlib import redirect_stderr
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.text import Text

from ..awards.period import award_proposals
from ..errors import UsageError
from ..i18n import _, current_language
from ..loading.discovery import read_header
from ..model.cluster import Period
from ..model.rubric import Rounding
from ..results.province import province_document
from ..rollup.province import ClusterSummary, Leader, ProvinceResult, refuse_mixed, roll_up, summarize
from ..text.numbers import Numbers
from ..validation.project import Project, load_project
from .console import pinned
from .many import Settings, clusters_given, jobs_for, lost_said, ordered
from .tables import Cell, Column, Kind, print_table

MISSING = "—"


def run(folders: list[Path], output_format: str, console: Console, jobs: int | None = None) -> int:
    """Streams: the cluster.yaml files alone decide first whether the clusters make one province and year; then
    each cluster is loaded, reduced to its summary and let go (in `jobs` worker processes)."""
    folders = list(clusters_given(folders, once=False))
    headers = [read_header(folder) for folder in folders]
    known = [header for header in headers if header is not None]
    if known:
        refuse_mixed((h.year for h in known), (h.province for h in known))
    summaries: list[ClusterSummary] = []
    failed: list[tuple[Path, Summarized]] = []
    for folder, computed in zip(folders, summaries_of(folders, jobs_for(jobs, len(folders))), strict=True):
        if computed.summary is None:
            failed.append((folder, computed))
        else:
            summaries.append(computed.summary)
    if failed:  # every cluster that failed, each said as the command says it of one cluster
        for folder, computed in failed:
            heading = f"==> {folder.as_posix()} <==\n" if len(failed) > 1 else ""
            sys.stderr.write(heading + computed.stderr)
        return max(computed.exit_code for _folder, computed in failed)
    result = roll_up(summaries)
    if output_format == "json":
        console.out(json.dumps(province_document(result), ensure_ascii=False, indent=2), highlight=False)
    else:
        roundings = {s.id: s.rounding for s in summaries if s.rounding is not None}
        print_province(result, roundings, console)
    return 0


def summarize_folder(folder: Path) -> ClusterSummary:
    project = load_project(folder)
    ranking, awards = award_proposals(project, _year_end_period(project))
    return summarize(project, ranking.ranked, awards)


@dataclass(frozen=True)
class Summarized:
    summary: ClusterSummary | None
    exit_code: int = 0
    stderr: str = ""  # what the command says of the cluster that failed


def summaries_of(folders: list[Path], jobs: int) -> Iterator[Summarized]:
    """Each cluster's summary in the order of the folders, or what the command says of it when it fails (said
    into text, in this process as in a worker), so that every failing cluster is shown, not only the first."""
    yield from ordered(_summary_or_failure, folders, jobs, Settings.of_this_process(), _lost_summary)


def _lost_summary(_folder: Path) -> Summarized:
    code, said = lost_said()
    return Summarized(None, code, said)


def _summary_or_failure(folder: Path, settings: Settings) -> Summarized:
    from ..cli import handle

    errors = io.StringIO()
    with redirect_stderr(errors), pinned(settings.stdout, settings.stderr):
        try:
            return Summarized(summarize_folder(folder))
        except Exception as error:
            code = handle(error)
    return Summarized(None, code, errors.getvalue())


def _year_end_period(project: Project) -> Period:
    """The cluster year's tổng kết: the roll-up is about the year's leaders, never a mid-year standing."""
    year_end = [
        p for p in project.cluster.model.periods if p.kind == "tong_ket" and p.end.year == project.cluster.model.year
    ]
    if not year_end:
        raise UsageError(
            _("{cluster} has no tổng kết period for {year}").format(
                cluster=project.cluster.model.name, year=project.cluster.model.year
            )
        )
    return max(year_end, key=lambda p: p.end)


# ----- text ---------------------------------------------------------------------------------------------------
def print_province(result: ProvinceResult, roundings: Mapping[str, Rounding], console: Console) -> None:
    """`roundings`: each cluster's rubric rounding, by cluster id; a leader's total is shown the way its
    cluster's rubric rounds it."""
    comma = current_language() == "vi"
    columns = [
        Column(_("Cluster"), Kind.NAME),
        Column(_("Leading unit"), Kind.NAME),
        Column(_("Total"), Kind.NUMBER),
        Column(_("Votes in favour"), Kind.NUMBER),
        Column(_("Government flag"), Kind.TEXT),
    ]
    rows: list[list[Cell]] = []
    for item in result.leaders:
        numbers = Numbers.of(roundings[item.cluster], comma) if item.cluster in roundings else Numbers(comma=comma)
        share = MISSING if item.vote_share is None else numbers.percent(item.vote_share)
        total = MISSING if item.total is None else numbers.points(item.total)
        rows.append([Text(item.cluster_name), Text(item.unit_name), total, share, _standing(item, result)])
    print_table(console, _title(result, Numbers(comma=comma)), columns, rows)
    _print_notes(result, console)


def _title(result: ProvinceResult, numbers: Numbers) -> str:
    """The cap as declared: '20% × 5 = 1' ('33,33%' for a third)."""
    ratio = numbers.trimmed(result.rule.ratio * 100) + "%"
    return _("{year}: leaders of {count} clusters; Government-flag cap {ratio} × {count} = {cap}").format(
        year=result.year, count=len(result.leaders), ratio=ratio, cap=result.cap
    )


def _standing(item: Leader, result: ProvinceResult) -> str:
    if item.selected:
        return _("proposed")
    if item.unit in result.tied_at_cap:
        return _("tied at the cap: the province decides")
    return _("beyond the cap")


def _print_notes(result: ProvinceResult, console: Console) -> None:
    if result.tied_at_cap:
        names = {item.unit: item.unit_name for item in result.leaders}
        console.print(
            Text(
                _("Equal leaders at the cap: {units}; the province decides.").format(
                    units=", ".join(names[unit] for unit in result.tied_at_cap)
                ),
                style="yellow",
            )
        )
    if result.without_leader:
        console.print(
            Text(_("No leader proposed yet in: {clusters}").format(clusters=", ".join(result.without_leader)))
        )

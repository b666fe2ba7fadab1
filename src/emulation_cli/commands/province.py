"""emul province: the leaders of many clusters of one province and year, and who goes forward for the
Government's flag within the declared cap."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text

from ..errors import UsageError
from ..i18n import _, current_language
from ..model.cluster import Period
from ..ranking.standings import award_proposals
from ..results.score import decimal_text, exact_text
from ..rollup.province import ClusterOutcome, ProvinceResult, roll_up
from ..text.vietnamese import number
from ..validation.project import Project, load_project
from .console import make_table

PROVINCE_SCHEMA = "emul.province/1"


def run(folders: list[Path], output_format: str, console: Console) -> int:
    outcomes = []
    for folder in folders:
        project = load_project(folder)
        period = _year_end_period(project)
        _scores, ranked, awards = award_proposals(project, period)
        outcomes.append(ClusterOutcome(project, ranked, awards))
    document = province_document(roll_up(outcomes))
    if output_format == "json":
        console.out(json.dumps(document, ensure_ascii=False, indent=2), highlight=False)
    else:
        print_province(document, console)
    return 0


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


def province_document(result: ProvinceResult) -> dict[str, Any]:
    return {
        "schema": PROVINCE_SCHEMA,
        "year": result.year,
        "rule": {
            "ratio": exact_text(result.rule.ratio),
            "rounding": result.rule.rounding,
            "rank_by": result.rule.rank_by,
        },
        "leaders_count": len(result.leaders),
        "cap": result.cap,
        "leaders": [
            {
                "cluster": {"id": item.cluster, "name": item.cluster_name},
                "unit": {"id": item.unit, "name": item.unit_name},
                "total": decimal_text(item.total, 2),
                "vote_share": None if item.vote_share is None else exact_text(item.vote_share),
                "government_flag_candidate": item.selected,
            }
            for item in result.leaders
        ],
        "clusters_without_leader": list(result.without_leader),
        "tied_at_cap": list(result.tied_at_cap),
    }


def print_province(document: dict[str, Any], console: Console) -> None:
    comma = current_language() == "vi"
    percent = number(Fraction(document["rule"]["ratio"]) * 100, 2, comma).rstrip("0").rstrip(",.") + "%"
    title = _("{year}: leaders of {count} clusters; Government-flag cap {ratio} × {count} = {cap}").format(
        year=document["year"], count=document["leaders_count"], ratio=percent, cap=document["cap"]
    )
    table = make_table(
        title,
        [
            (_("Cluster"), "left"),
            (_("Leading unit"), "left"),
            (_("Total"), "right"),
            (_("Votes in favour"), "right"),
            (_("Government flag"), "left"),
        ],
    )
    tied = set(document["tied_at_cap"])
    names = {item["unit"]["id"]: item["unit"]["name"] for item in document["leaders"]}
    for item in document["leaders"]:
        share = "—" if item["vote_share"] is None else number(Fraction(item["vote_share"]) * 100, 2, comma) + "%"
        standing = (
            _("proposed")
            if item["government_flag_candidate"]
            else _("tied at the cap: the province decides")
            if item["unit"]["id"] in tied
            else _("beyond the cap")
        )
        table.add_row(
            Text(item["cluster"]["name"]), Text(item["unit"]["name"]), number(item["total"], 2, comma), share, standing
        )
    console.print(table)
    if tied:
        console.print(
            Text(
                _("Equal leaders at the cap: {units}; the province decides.").format(
                    units=", ".join(names[unit] for unit in document["tied_at_cap"])
                ),
                style="yellow",
            )
        )
    if document["clusters_without_leader"]:
        console.print(
            Text(
                _("No leader proposed yet in: {clusters}").format(
                    clusters=", ".join(document["clusters_without_leader"])
                )
            )
        )

"""emul awards: the award proposals of a period, why each unit is in or out, and next year's roles."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..errors import UsageError
from ..i18n import _, current_language
from ..ranking.rank import rank_text
from ..ranking.standings import award_proposals
from ..results.awards import awards_document
from ..text.vietnamese import number
from ..validation.periods import choose_period
from ..validation.project import load_project
from .console import make_table


def run(folder: Path, period_id: str | None, output_format: str, console: Console) -> int:
    project = load_project(folder)
    period = choose_period(project, period_id)
    if period.kind != "tong_ket":
        raise UsageError(
            _("awards are proposed at the year's tổng kết; period {period} is a sơ kết").format(period=period.id),
            hint=_("leave out --period, or give the tổng kết period"),
        )
    _scores, ranked, result = award_proposals(project, period)
    document = awards_document(project, period, ranked, result)
    if output_format == "json":
        console.out(json.dumps(document, ensure_ascii=False, indent=2), highlight=False)
    else:
        print_awards(document, console)
    return 0


def print_awards(document: dict[str, Any], console: Console) -> None:
    comma = current_language() == "vi"
    console.print(
        Text(
            _("{cluster} — {period}: award proposals").format(
                cluster=document["cluster"]["name"], period=document["period"]["title"]
            ),
            style="bold",
        )
    )
    for title in document["titles"]:
        console.print(_title_table(title, document, comma))
        if title["tie_at_quota_line"]:
            console.print(
                Text(
                    _("Tie at the quota line between {units}: the meeting decides.").format(
                        units=", ".join(_name(document, unit) for unit in title["tie_at_quota_line"])
                    ),
                    style="yellow",
                )
            )
    flag = document["government_flag_candidate"]
    pending = any(
        d["unit"]["id"] == flag and d["outcome"] == "to_vote" for t in document["titles"] for d in t["decisions"]
    )
    console.print(
        Text(
            _("Candidate for the Government's emulation flag: {unit}").format(
                unit=(_name(document, flag) + (" " + _("(once its vote passes)") if pending else ""))
                if flag
                else _("none")
            )
        )
    )
    console.print(Text(_rotation_line(document)))
    for vote in document["unused_votes"]:
        console.print(
            Text(
                _("The ballot file has a vote on {award} for {unit}, who was not offered that award.").format(
                    award=vote["award"], unit=_name(document, vote["unit"])
                ),
                style="yellow",
            )
        )


def _title_table(title: dict[str, Any], document: dict[str, Any], comma: bool) -> Table:
    heading = _("{name} — quota {quota}").format(name=title["name"], quota=title["quota"])
    if title["legal_basis"]:
        heading += f" ({title['legal_basis']})"
    table = make_table(
        heading,
        [
            (_("Rank"), "right"),
            (_("Unit"), "left"),
            (_("Total"), "right"),
            (_("Classification"), "left"),
            (_("Result"), "left"),
            (_("Why"), "left"),
        ],
    )
    for decision in title["decisions"]:
        rank = rank_text(decision["rank"], decision["tied"])
        table.add_row(
            rank,
            Text(decision["unit"]["short_name"]),
            number(decision["total"], 2, comma),
            Text(decision["classification_label"]),
            _outcome_label(decision["outcome"]),
            Text(_why(decision, document, comma)),
        )
    return table


def _outcome_label(outcome: str) -> str:
    labels = {
        "proposed": _("proposed"),
        "to_vote": _("to the vote"),
        "vote_failed": _("vote failed"),
        "ineligible": _("not eligible"),
        "already_proposed": _("already proposed"),
        "quota_reached": _("quota reached"),
        "tie_at_quota": _("tied at the quota line"),
    }
    return labels[outcome]


def _why(decision: dict[str, Any], document: dict[str, Any], comma: bool) -> str:
    reasons = []
    gates = document["gates"]
    if decision["replaces"]:
        reasons.append(_("in place of {unit}, whose vote failed").format(unit=_name(document, decision["replaces"])))
    if decision["classification_too_low"]:
        reasons.append(_("classification below the minimum of this title"))
    if decision["failed_gates"]:
        reasons.append(
            _("conditions not met: {gates}").format(gates="; ".join(gates.get(g, g) for g in decision["failed_gates"]))
        )
    if decision["missing_gates"]:
        reasons.append(
            _("no evidence for: {gates}").format(gates="; ".join(gates.get(g, g) for g in decision["missing_gates"]))
        )
    vote = decision["vote"]
    if vote is not None:
        reasons.append(_vote_text(vote, comma))
    if decision["outcome"] == "already_proposed":
        reasons.append(_("one award per unit and period"))
    if decision["gap_to_last_proposed"] is not None:
        reasons.append(
            _("{gap} points behind the last unit within the quota").format(
                gap=number(decision["gap_to_last_proposed"], 2, comma)
            )
        )
    return "; ".join(reasons)


def _vote_text(vote: dict[str, Any], comma: bool) -> str:
    if vote["counts"] is None:
        return _("needs at least {needed} of {denominator} votes in favour").format(
            needed=vote["needed"], denominator=vote["denominator"]
        )
    share = number(Fraction(vote["share"] or 0) * 100, 2, comma)
    text = _("{in_favour} of {denominator} in favour ({share}%), {needed} needed").format(
        in_favour=vote["counts"]["in_favour"], denominator=vote["denominator"], share=share, needed=vote["needed"]
    )
    if vote["quorum_met"] is False:
        text += "; " + _("quorum not reached: the vote must be held again")
    return text


def _name(document: dict[str, Any], unit: str) -> str:
    return str(document["units"].get(unit, unit))


def _rotation_line(document: dict[str, Any]) -> str:
    rotation = document["rotation"]
    proposed, declared = rotation["proposed"], rotation["declared"]
    if rotation["rule"] != "pho_to_truong":
        return _("Rotation: no rule declared.")
    line = _("Rotation for {year}: proposed cụm trưởng {truong}, cụm phó {pho}").format(
        year=rotation["next_year"],
        truong=_name(document, proposed["cum_truong"]) if proposed["cum_truong"] else "—",
        pho=_name(document, proposed["cum_pho"]) if proposed["cum_pho"] else "—",
    )
    if declared["cum_truong"] and declared["cum_truong"] != proposed["cum_truong"]:
        line += "; " + _("cluster.yaml declares {unit} as cụm trưởng, against the rule").format(
            unit=_name(document, declared["cum_truong"])
        )
    if declared["cum_pho"] and declared["cum_pho"] != proposed["cum_pho"]:
        line += "; " + _("cluster.yaml declares {unit} as cụm phó").format(unit=_name(document, declared["cum_pho"]))
    return line

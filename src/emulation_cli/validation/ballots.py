"""Checks of ballots/<period>.yaml: references and counts that cannot happen."""

from __future__ import annotations

from datetime import date
from pathlib import PurePosixPath

from ..i18n import N_, _
from ..loading.files import Loaded, LoadResult
from ..model.ballot import BallotFile, Vote
from .cluster import check_meeting
from .membership import not_a_member
from .reporter import Reporter, report_unknown


def check(result: LoadResult, reporter: Reporter) -> None:
    for source in result.ballots:
        ballot = source.model
        stem = PurePosixPath(source.file).stem
        if stem != ballot.period:
            reporter.error(
                source,
                ("period",),
                "file-name-mismatch",
                _("the file is named after period '{name}' but declares period '{period}'").format(
                    name=stem, period=ballot.period
                ),
                _("name the file ballots/<period>.yaml"),
            )
        members = _members(result, ballot)
        units = result.unit_ids()
        if ballot.meeting is not None:
            check_meeting(reporter, source, ("meeting",), ballot.meeting, units, result.roster())
        _check_votes(result, reporter, source, units, members)


def _members(result: LoadResult, ballot: BallotFile) -> list[str] | None:
    """The members the ballot's meeting counts: by the cluster's policy, on the meeting date."""
    roster = result.roster()
    if result.cluster is None or roster is None:
        return None
    period = next((p for p in result.cluster.model.periods if p.id == ballot.period), None)
    if period is None:
        return None
    return list(roster.counted_for_votes(period, _meeting_day(result, ballot)))


def _not_a_member(result: LoadResult, ballot: BallotFile, unit: str) -> str:
    roster, day = result.roster(), _meeting_day(result, ballot)
    if roster is None or day is None:
        return _("unit '{unit}' is not a member of the cluster that year").format(unit=unit)
    return not_a_member(roster, unit, day)


def _meeting_day(result: LoadResult, ballot: BallotFile) -> date | None:
    periods = result.cluster.model.periods if result.cluster else []
    period = next((p for p in periods if p.id == ballot.period), None)
    meeting = ballot.meeting or (period.meeting if period else None)
    return meeting.date if meeting else period.end if period else None


def _check_votes(
    result: LoadResult,
    reporter: Reporter,
    source: Loaded[BallotFile],
    units: set[str] | None,
    members: list[str] | None,
) -> None:
    if result.cluster is not None:
        periods = {p.id for p in result.cluster.model.periods}
        if source.model.period not in periods:
            report_unknown(reporter, source, ("period",), "period", source.model.period, periods)
    titles = {t.id for t in result.cluster.model.awards.titles} if result.cluster else None
    seen: set[tuple[str, str]] = set()
    for index, vote in enumerate(source.model.votes):
        base = ("votes", index)
        if titles is not None and vote.award not in titles:
            report_unknown(reporter, source, (*base, "award"), "award title", vote.award, titles)
        if units is not None and vote.unit not in units:
            report_unknown(reporter, source, (*base, "unit"), "unit", vote.unit, units)
        elif members is not None and vote.unit not in members:
            reporter.error(
                source,
                (*base, "unit"),
                "not-a-member",
                _not_a_member(result, source.model, vote.unit),
                _("a ballot proposes only units that are members on the meeting date"),
            )
        if (vote.award, vote.unit) in seen:
            reporter.error(
                source,
                base,
                "duplicate-vote",
                _("a second vote on '{award}' for '{unit}'").format(award=vote.award, unit=vote.unit),
            )
        seen.add((vote.award, vote.unit))
        _check_counts(reporter, source, base, vote, members)
        present = set(source.model.meeting.present) if source.model.meeting else set()
        if present and vote.issued > len(present):
            reporter.error(
                source,
                (*base, "issued"),
                "more-ballots-than-present",
                _("{issued} ballots issued, but {count} members are listed as present").format(
                    issued=vote.issued, count=len(present)
                ),
                _("each member present has one ballot; check `meeting.present`"),
            )


COUNT_NAMES = {
    "issued": N_("ballots issued"),
    "returned": N_("ballots returned"),
    "valid": N_("valid ballots"),
    "in_favour": N_("votes in favour"),
    "against": N_("votes in favour plus against"),
}


def _check_counts(
    reporter: Reporter,
    source: Loaded[BallotFile],
    base: tuple[str | int, ...],
    vote: Vote,
    members: list[str] | None,
) -> None:
    pairs = [
        ("returned", vote.returned, "issued", vote.issued),
        ("valid", vote.valid, "returned", vote.returned),
        ("in_favour", vote.in_favour, "valid", vote.valid),
    ]
    if vote.against is not None and vote.in_favour <= vote.valid:
        pairs.append(("against", vote.in_favour + vote.against, "valid", vote.valid))
    for key, value, limit_key, limit in pairs:
        if value > limit:
            reporter.error(
                source,
                (*base, key),
                "impossible-count",
                _("{name} ({value}) cannot exceed {limit_name} ({limit})").format(
                    name=_(COUNT_NAMES[key]), value=value, limit_name=_(COUNT_NAMES[limit_key]), limit=limit
                ),
                _("check the counts against the vote-counting minutes (biên bản kiểm phiếu)"),
            )
    if members is not None and vote.issued > len(members):
        reporter.error(
            source,
            (*base, "issued"),
            "more-voters-than-members",
            _("{issued} ballots issued, but the cluster has {count} members").format(
                issued=vote.issued, count=len(members)
            ),
            _("each member unit has one ballot"),
        )

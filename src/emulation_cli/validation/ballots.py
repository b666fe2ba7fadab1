"""Checks of ballots/<period>.yaml: references and counts that cannot happen."""

from __future__ import annotations

from pathlib import PurePosixPath

from ..i18n import N_, _
from ..loading.files import Loaded, LoadResult
from ..model.ballot import BallotFile, RankingBallot, Vote, decision_date
from ..model.cluster import Period
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
        _check_ranking(result, reporter, source, units, members)


def _members(result: LoadResult, ballot: BallotFile) -> list[str] | None:
    """The members the ballot's meeting counts: by the cluster's policy, on the meeting date."""
    roster, period = result.roster(), _period(result, ballot)
    if roster is None or period is None:
        return None
    return list(roster.counted_for_votes(period, decision_date(period, ballot)))


def _not_a_member(result: LoadResult, ballot: BallotFile, unit: str) -> str:
    roster, period = result.roster(), _period(result, ballot)
    if roster is None or period is None:
        return _("unit '{unit}' is not a member of the cluster that year").format(unit=unit)
    return not_a_member(roster, unit, roster.vote_day(period, decision_date(period, ballot)))


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


def _check_ranking(
    result: LoadResult,
    reporter: Reporter,
    source: Loaded[BallotFile],
    units: set[str] | None,
    members: list[str] | None,
) -> None:
    """The ranking ballot of a cluster without a rubric: only there, only at a tổng kết, with possible counts."""
    ranking = source.model.ranking
    period = _period(result, source.model)
    if ranking is None:
        if result.ranks_by_vote and period is not None and period.kind == "tong_ket":
            reporter.warning(
                source,
                ("period",),
                "no-ranking-ballot",
                _(
                    "the cluster ranks by vote, but this ballot file records no ranking ballot: the units are not "
                    "ranked yet"
                ),
                _("add `ranking:` with the counts of the ranking ballot (issued, returned, valid, votes per unit)"),
            )
        return
    if result.cluster is not None and not result.ranks_by_vote:
        reporter.error(
            source,
            ("ranking",),
            "ranking-ballot-with-rubric",
            _("the cluster declares a rubric and ranks by its points: a ranking ballot is not used"),
            _("remove `ranking`, or remove `rubric` from cluster.yaml if the cluster ranks its members by vote"),
            on_key=True,
        )
        return
    if period is not None and period.kind == "so_ket":
        reporter.error(
            source,
            ("ranking",),
            "ranking-at-so-ket",
            _("period {period} is a sơ kết: the units are ranked at the tổng kết").format(period=period.id),
            _("record the ranking ballot in the ballot file of the tổng kết period"),
            on_key=True,
        )
    _check_ranking_counts(reporter, source, ranking, members)
    _check_ranking_votes(result, reporter, source, ranking, units, members)


def _period(result: LoadResult, ballot: BallotFile) -> Period | None:
    if result.cluster is None:
        return None
    return next((p for p in result.cluster.model.periods if p.id == ballot.period), None)


def _check_ranking_counts(
    reporter: Reporter, source: Loaded[BallotFile], ranking: RankingBallot, members: list[str] | None
) -> None:
    pairs = [
        ("returned", ranking.returned, "issued", ranking.issued),
        ("valid", ranking.valid, "returned", ranking.returned),
    ]
    _check_ballot_counts(reporter, source, ("ranking",), pairs, ranking.issued, members)


def _check_ranking_votes(
    result: LoadResult,
    reporter: Reporter,
    source: Loaded[BallotFile],
    ranking: RankingBallot,
    units: set[str] | None,
    members: list[str] | None,
) -> None:
    base = ("ranking", "votes")
    for unit, votes in ranking.votes.items():
        if units is not None and unit not in units:
            report_unknown(reporter, source, (*base, unit), "unit", unit, units, on_key=True)
        elif members is not None and unit not in members:
            reporter.error(
                source,
                (*base, unit),
                "not-a-member",
                _not_a_member(result, source.model, unit),
                _("a ballot ranks only units that are members on the meeting date"),
                on_key=True,
            )
        if votes > ranking.valid:
            reporter.error(
                source,
                (*base, unit),
                "impossible-count",
                _(
                    "'{unit}' has {votes} votes, but there are {valid} valid ballots and each names a unit at most once"
                ).format(unit=unit, votes=votes, valid=ranking.valid),
                _("check the counts against the vote-counting minutes (biên bản kiểm phiếu)"),
            )
    rule = result.cluster.model.ranking_ballot if result.cluster else None
    choices = rule.choices if rule else None
    total = sum(ranking.votes.values())
    if choices is not None and total > ranking.valid * choices:
        reporter.error(
            source,
            base,
            "impossible-count",
            _(
                "the votes add up to {total}, but {valid} valid ballots give at most {limit} when each names at "
                "most {choices}"
            ).format(total=total, valid=ranking.valid, choices=choices, limit=ranking.valid * choices),
            _(
                "check the counts against the vote-counting minutes (biên bản kiểm phiếu), and "
                "`ranking_ballot.choices` in cluster.yaml"
            ),
            on_key=True,
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
    _check_ballot_counts(reporter, source, base, pairs, vote.issued, members)


def _check_ballot_counts(
    reporter: Reporter,
    source: Loaded[BallotFile],
    base: tuple[str | int, ...],
    pairs: list[tuple[str, int, str, int]],
    issued: int,
    members: list[str] | None,
) -> None:
    """Each count within the one it comes from (returned ≤ issued …); no more ballots than members, nor than
    members present."""
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
    if members is not None and issued > len(members):
        reporter.error(
            source,
            (*base, "issued"),
            "more-voters-than-members",
            _("{issued} ballots issued, but the cluster has {count} members").format(issued=issued, count=len(members)),
            _("each member unit has one ballot"),
        )
    present = set(source.model.meeting.present) if source.model.meeting else set()
    if present and issued > len(present):
        reporter.error(
            source,
            (*base, "issued"),
            "more-ballots-than-present",
            _("{issued} ballots issued, but {count} members are listed as present").format(
                issued=issued, count=len(present)
            ),
            _("each member present has one ballot; check `meeting.present`"),
        )

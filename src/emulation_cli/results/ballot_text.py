"""The ranking ballot of a cluster without a rubric, in the current language: what it counted, and what it cannot
decide yet. Shared by `emul score`, `emul explain` and `emul awards`."""

from __future__ import annotations

from ..i18n import _
from ..model.cluster import Period
from ..ranking.tally import BallotState, RankingBallotResult, VoteTally
from ..text.numbers import Numbers


def ballot_warnings(ballot: RankingBallotResult, period: Period) -> list[str]:
    """Why the units are not ranked yet: no ranking ballot recorded, or one held without the quorum."""
    if ballot.state is BallotState.NOT_HELD:
        return [
            _(
                "No ranking ballot is recorded for period {period} (`ranking` in ballots/{period}.yaml): every "
                "unit shares one rank until it is held."
            ).format(period=period.id)
        ]
    if ballot.state is BallotState.INQUORATE:
        return [
            _(
                "The ranking ballot of period {period} was held without the quorum: it decides nothing, and "
                "must be held again."
            ).format(period=period.id)
        ]
    return []


def ballot_lines(ballot: RankingBallotResult) -> list[str]:
    """The counts of the ballot and the rule that orders the units."""
    counts = ballot.counts
    if counts is None or not ballot.counted:
        return []
    lines = [
        _("Ranking ballot: {issued} issued, {returned} returned, {valid} valid.").format(
            issued=counts.issued, returned=counts.returned, valid=counts.valid
        )
    ]
    if ballot.choices is not None:
        rule = _(
            "Each valid ballot names at most {choices} units; a unit's votes are the valid ballots that name it, "
            "and more votes rank higher."
        ).format(choices=ballot.choices)
    else:
        rule = _("A unit's votes are the valid ballots that name it, and more votes rank higher.")
    lines.append(rule + " " + _("Equal votes share a rank: the meeting decides between them."))
    return lines


def share_text(tally: VoteTally, numbers: Numbers) -> str:
    """A unit's share of the valid ballots, as the tables show it: '85,71%', '—' before a valid ballot."""
    return "—" if tally.share is None else numbers.percent(tally.share)

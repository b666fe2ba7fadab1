"""Checks that need dated membership: roles held by units that have left, role changes, and the words that say
why a unit is not a member on a date (for meetings, ballots and assessments)."""

from __future__ import annotations

from datetime import date, timedelta

from ..i18n import _
from ..loading.document import YamlPath
from ..loading.files import Loaded, LoadResult
from ..membership.roster import Roster
from ..model.cluster import Cluster, MembershipYear
from ..text.terms import departure_words
from .reporter import Reporter

ROLE_WORDS = {"cum_truong": "cụm trưởng", "cum_pho": "cụm phó"}


def check(result: LoadResult, reporter: Reporter) -> None:
    roster = result.roster()
    if result.cluster is None or roster is None:
        return
    source = result.cluster
    for index, entry in enumerate(source.model.members):
        _check_role_changes(reporter, source, index, entry)
        _check_roles_held_by_members(reporter, source, roster, index, entry)
        _warn_cum_truong_vacated(reporter, source, roster, index, entry)


def not_a_member(roster: Roster, unit: str, day: date) -> str:
    """Why `unit` is not a member on `day`, in words: it ended (merged, split, dissolved) or left, or it is
    simply not listed."""
    departure = roster.left_by(unit, day)
    if departure is not None:
        why = departure_words(departure, iso=True)
        return _("unit '{unit}' is not a member on {day}: {why}").format(unit=unit, day=day.isoformat(), why=why)
    return _("unit '{unit}' is not a member of the cluster on {day}").format(unit=unit, day=day.isoformat())


def _check_role_changes(reporter: Reporter, source: Loaded[Cluster], index: int, entry: MembershipYear) -> None:
    listed = {m.unit for m in entry.members}
    given: dict[tuple[date, str], int] = {}
    for j, change in enumerate(entry.role_changes):
        key = (change.date, change.role)
        if change.role in ROLE_WORDS and key in given:
            reporter.error(
                source,
                ("members", index, "role_changes", j, "unit"),
                "role-given-twice",
                _("the role of {role} is given twice on {date}").format(
                    role=ROLE_WORDS[change.role], date=change.date.isoformat()
                ),
                _("give each role to one member a day"),
            )
        given.setdefault(key, j)
    for j, change in enumerate(entry.role_changes):
        path: YamlPath = ("members", index, "role_changes", j)
        if change.date.year != entry.year:
            reporter.error(
                source,
                (*path, "date"),
                "role-change-outside-year",
                _("this change of role is dated {date}, outside {year}").format(
                    date=change.date.isoformat(), year=entry.year
                ),
                _("list it under the members of {year}").format(year=change.date.year),
            )
        if change.unit not in listed:
            reporter.error(
                source,
                (*path, "unit"),
                "role-change-not-listed",
                _("unit '{unit}' is not listed among the members of {year}").format(unit=change.unit, year=entry.year),
                _("add it under `members` of {year}, or correct the id").format(year=entry.year),
            )


def _check_roles_held_by_members(
    reporter: Reporter, source: Loaded[Cluster], roster: Roster, index: int, entry: MembershipYear
) -> None:
    """A cụm trưởng or cụm phó must be a member every day it holds the role (e.g. not after merging away), from
    the day the cluster has a member: a cluster formed mid-year has no role to hold before."""
    opens = roster.opening_day(entry.year)
    for unit, role, first, last in roster.role_spans(entry.year):
        if last < opens:
            continue
        held = max(first, opens)
        out = next((d for d in roster.days_out(unit, held, last)), None)
        if out is None:
            continue
        reporter.error(
            source,
            _role_path(entry, index, unit, role, first),
            "role-holder-not-member",
            _("'{unit}' holds the role of {role} from {first} to {last}, but is not a member on {day}").format(
                unit=unit, role=ROLE_WORDS[role], first=held.isoformat(), last=last.isoformat(), day=out.isoformat()
            ),
            _("add under `role_changes` an entry dated {day} giving the role to a member").format(day=out.isoformat()),
        )


def _warn_cum_truong_vacated(
    reporter: Reporter, source: Loaded[Cluster], roster: Roster, index: int, entry: MembershipYear
) -> None:
    """A change of roles that leaves the cluster without a cụm trưởng from its date (no one signs for it)."""
    for j, change in enumerate(entry.role_changes):
        day = change.date
        if day.year != entry.year or day == date(entry.year, 1, 1):
            continue
        before, after = roster.holder("cum_truong", day - timedelta(days=1)), roster.holder("cum_truong", day)
        if before is not None and after is None:
            reporter.warning(
                source,
                ("members", index, "role_changes", j),
                "no-cum-truong-from",
                _("from {date} the cluster has no cụm trưởng ('{unit}' no longer holds the role)").format(
                    date=day.isoformat(), unit=before
                ),
                _("give the role to a member on the same date under `role_changes`"),
            )


def _role_path(entry: MembershipYear, index: int, unit: str, role: str, first: date) -> YamlPath:
    """Where the role was given: the member's `role`, or the dated change that gave it."""
    change = next(
        (j for j, c in enumerate(entry.role_changes) if c.unit == unit and c.role == role and c.date == first), None
    )
    if change is not None:
        return ("members", index, "role_changes", change, "unit")
    member = next((j for j, m in enumerate(entry.members) if m.unit == unit), None)
    return ("members", index, "members", member, "role") if member is not None else ("members", index, "members")

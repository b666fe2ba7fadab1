"""The one answer to "who was a member on which date": membership spans (units.yaml), the year's list and roles
(cluster.yaml), and what became of a body (merged, split, dissolved). Every command asks this module."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from itertools import pairwise

from ..model.cluster import Cluster, MembershipYear, Period, Role
from ..model.units import EndKind, Head, Unit, UnitsFile

LEADING_ROLES: tuple[Role, ...] = ("cum_truong", "cum_pho")


@dataclass(frozen=True)
class SuccessorBody:
    id: str
    name: str
    member: bool  # a member of the cluster on the day the predecessor ended


@dataclass(frozen=True)
class Departure:
    """A unit that stopped being a member: the first day it was not, and why."""

    unit: str
    day: date  # the first day it was no longer a member
    how: EndKind | None  # merged, split or dissolved; None when it simply left the cluster
    successors: tuple[SuccessorBody, ...]

    @property
    def last_day(self) -> date:
        return self.day - timedelta(days=1)


@dataclass(frozen=True)
class Roster:
    cluster: Cluster
    units: UnitsFile

    @cached_property
    def _units(self) -> dict[str, Unit]:
        return {u.id: u for u in self.units.units}

    @cached_property
    def _years(self) -> dict[int, MembershipYear]:
        return {entry.year: entry for entry in self.cluster.members}

    @cached_property
    def _listed_sets(self) -> dict[int, frozenset[str]]:
        return {year: frozenset(m.unit for m in entry.members) for year, entry in self._years.items()}

    def _list_year(self, day: date) -> int | None:
        """The year whose list in cluster.yaml holds on `day`: its own, or else the latest listed before it (a
        list holds until the next one: a tổng kết meeting in January before next year's list is declared)."""
        if day.year in self._years:
            return day.year
        return max((year for year in self._years if year < day.year), default=None)

    # ----- membership ---------------------------------------------------------------------------------
    def exists_on(self, unit_id: str, day: date) -> bool:
        """The body exists on `day`: it has not been merged, split or dissolved yet."""
        unit = self._units.get(unit_id)
        ceased = unit.ceased if unit else None
        return ceased is None or day < ceased

    def is_member(self, unit_id: str, day: date) -> bool:
        """Listed for the year in cluster.yaml, inside a membership span of units.yaml, and still existing."""
        year = self._list_year(day)
        if year is None or unit_id not in self._listed_sets[year]:
            return False
        unit = self._units.get(unit_id)
        if unit is None or not unit.member_in_year(year):
            # Listed, but unknown or never a member that year by units.yaml: an error of its own (validation
            # reports it); counting the unit as listed keeps that one mistake from cascading into others.
            return True
        return any(span.covers(day) for span in unit.membership) and self.exists_on(unit_id, day)

    def listed(self, year: int) -> tuple[str, ...]:
        """The year's list in cluster.yaml, in its order: everyone who was a member at some time that year."""
        entry = self._years.get(year)
        return tuple(m.unit for m in entry.members) if entry else ()

    @cached_property
    def _memo(self) -> dict[tuple[object, ...], tuple[str, ...]]:
        """Answers already given: every check and command asks the same few questions many times."""
        return {}

    @cached_property
    def _roles_memo(self) -> dict[tuple[str, date], Mapping[str, Role]]:
        return {}

    def members_on(self, day: date) -> tuple[str, ...]:
        key = ("on", day)
        if key not in self._memo:
            year = self._list_year(day)
            self._memo[key] = tuple(u for u in self.listed(year) if self.is_member(u, day)) if year is not None else ()
        return self._memo[key]

    def members_between(self, start: date, end: date) -> tuple[str, ...]:
        """Members on at least one day of [start, end]."""
        key = ("between", start, end)
        if key not in self._memo:
            listed = self._listed_between(start, end)
            self._memo[key] = tuple(u for u in listed if self._member_some_day(u, start, end))
        return self._memo[key]

    def members_throughout(self, start: date, end: date) -> tuple[str, ...]:
        return tuple(u for u in self._listed_between(start, end) if self._member_every_day(u, start, end))

    def ranked(self, period: Period) -> tuple[str, ...]:
        """The units a period ranks, by the cluster's declared policy (default: the members at its end)."""
        if self.cluster.membership.ranked == "members_throughout":
            return self.members_throughout(period.start, period.end)
        return self.members_on(period.end)

    def departed(self, period: Period) -> tuple[Departure, ...]:
        """Units that were members during the period but no longer at its end, with when they last left and why
        (never ranked: reported apart)."""
        at_end = set(self.members_on(period.end))
        gone = [u for u in self.members_between(period.start, period.end) if u not in at_end]
        return tuple(d for d in (self.left_by(u, period.end) for u in gone) if d is not None)

    def left_by(self, unit_id: str, day: date) -> Departure | None:
        """The unit's last departure on or before `day` (a unit can leave, rejoin and leave again)."""
        if unit_id not in self._units:
            return None
        days = self._boundaries(unit_id, date(min(self._years), 1, 1), day)
        out = [b for a, b in pairwise(days) if self.is_member(unit_id, a) and not self.is_member(unit_id, b)]
        return self._departure(unit_id, out[-1]) if out else None

    def _departure(self, unit_id: str, day: date) -> Departure:
        """Why the unit is not a member from `day`: its body ended that day (merged, split, dissolved), or it left."""
        unit = self._units[unit_id]
        ceased = unit.ceased
        if ceased is None or ceased > day:
            return Departure(unit_id, day, None, ())
        how: EndKind = "merged" if unit.merged else "split" if unit.split else "dissolved"
        return Departure(unit_id, day, how, self.successors(unit_id))

    def successors(self, unit_id: str) -> tuple[SuccessorBody, ...]:
        unit = self._units.get(unit_id)
        if unit is None or unit.ceased is None:
            return ()
        pairs = [(unit.merged.into, unit.merged.name)] if unit.merged else []
        pairs += [(s.unit, s.name) for s in unit.split.into] if unit.split else []
        return tuple(self._successor(uid, name, unit.ceased) for uid, name in pairs)

    def predecessors(self, unit_id: str, period: Period) -> tuple[str, ...]:
        """Members that ended as bodies inside the period's year, up to its end, passing on to `unit_id` while it
        is a member: their commitments become its commitments from that day. The passing follows a chain (c
        merged into b, then b into a: a carries both); a unit that had already left the cluster passes nothing."""
        found: list[str] = []
        queue = [unit_id]
        while queue:
            receiver = queue.pop(0)
            for giver in self._passing_to(receiver, period):
                if giver not in found and giver != unit_id:
                    found.append(giver)
                    queue.append(giver)
        return tuple(found)

    def _passing_to(self, unit_id: str, period: Period) -> list[str]:
        return [
            u.id
            for u in self.units.units
            if u.ceased is not None
            and u.ceased.year == period.end.year
            and u.ceased <= period.end
            and self.is_member(u.id, u.ceased - timedelta(days=1))
            and any(s.id == unit_id and s.member for s in self.successors(u.id))
        ]

    def parties_day(self, signed: date, year: int) -> date:
        """The day whose members are the parties to a covenant of `year` signed on `signed`: that day, or 1
        January when it was signed at the previous year's conference."""
        return max(signed, date(year, 1, 1))

    def counted_for_votes(self, period: Period, decided: date) -> tuple[str, ...]:
        """The members a meeting's votes, quorum and quotas are counted against."""
        return self.members_on(self.vote_day(period, decided))

    def vote_day(self, period: Period, decided: date) -> date:
        """The day whose members the votes count: the day the period is decided (its meeting, model.ballot
        `decision_date`) by default, or the period's end where the cluster declares so."""
        return decided if self.cluster.membership.votes_counted_on == "meeting_date" else period.end

    def opening_day(self, year: int) -> date:
        """The first day of `year` on which a listed unit is a member: 1 January, unless the cluster was formed
        later in the year (a khối of communes formed on 01/07/2025, say)."""
        listed = self.listed(year)
        starts = {
            s.start for u in listed if u in self._units for s in self._units[u].membership if s.start.year == year
        }
        days = sorted({date(year, 1, 1), *starts})
        return next((day for day in days if any(self.is_member(u, day) for u in listed)), date(year, 1, 1))

    def next_year_members(self, period: Period) -> tuple[str, ...]:
        """The bodies that will be members on 1 January of the next year: as cluster.yaml lists that year, or,
        when it does not yet, this period's members that still exist and remain members by units.yaml."""
        new_year = date(period.end.year + 1, 1, 1)
        if new_year.year in self._years:
            return self.members_on(new_year)
        return tuple(
            u
            for u in self.members_on(period.end)
            if self.exists_on(u, new_year) and any(s.covers(new_year) for s in self._units[u].membership)
        )

    def declared_roles(self, year: int) -> dict[str, Role] | None:
        """The roles cluster.yaml declares for 1 January of `year`, or None when it lists no such year."""
        return self._declared_roles(date(year, 1, 1)) if year in self._years else None

    # ----- roles and heads ----------------------------------------------------------------------------
    def roles_on(self, day: date) -> Mapping[str, Role]:
        """Each member's role on `day`: the year's roles, then the year's dated changes up to that day. Kept per
        day: a document names every unit with its role, and working it out again for each would be quadratic."""
        key = ("roles", day)
        if key not in self._roles_memo:
            roles = self._declared_roles(day)
            self._roles_memo[key] = {u: r for u, r in roles.items() if self.is_member(u, day)}
        return self._roles_memo[key]

    def holder(self, role: Role, day: date) -> str | None:
        return next((u for u, r in self.roles_on(day).items() if r == role), None)

    def role_spans(self, year: int) -> tuple[tuple[str, Role, date, date], ...]:
        """(unit, role, first day, last day) of every leading role declared for `year`, member or not."""
        entry = self._years.get(year)
        if entry is None:
            return ()
        starts = sorted({date(year, 1, 1), *(c.date for c in entry.role_changes if c.date.year == year)})
        ends = [*(d - timedelta(days=1) for d in starts[1:]), date(year, 12, 31)]
        spans: dict[tuple[str, Role], list[tuple[date, date]]] = {}
        for first, last in zip(starts, ends, strict=True):
            for unit_id, role in self._declared_roles(first).items():
                if role not in LEADING_ROLES:
                    continue
                runs = spans.setdefault((unit_id, role), [])
                if runs and runs[-1][1] + timedelta(days=1) == first:
                    runs[-1] = (runs[-1][0], last)
                else:
                    runs.append((first, last))
        flat = [(u, role, a, b) for (u, role), runs in spans.items() for a, b in runs]
        return tuple(sorted(flat, key=lambda s: (s[2], s[0])))

    def _declared_roles(self, day: date) -> dict[str, Role]:
        entry = self._years.get(day.year)
        if entry is None:
            return {}
        roles: dict[str, Role] = {m.unit: m.role for m in entry.members}
        for change in sorted(entry.role_changes, key=lambda c: c.date):
            if change.date.year != entry.year:  # outside its year: validation reports it, it changes nothing
                continue
            if change.date > day:
                break
            if change.role in LEADING_ROLES:
                roles = {u: ("thanh_vien" if r == change.role else r) for u, r in roles.items()}
            roles[change.unit] = change.role
        return roles

    def head_on(self, unit_id: str, day: date) -> Head | None:
        unit = self._units.get(unit_id)
        return unit.head_on(day) if unit else None

    # ----- helpers ------------------------------------------------------------------------------------
    def _successor(self, unit_id: str, name: str | None, day: date) -> SuccessorBody:
        known = self._units.get(unit_id)
        return SuccessorBody(unit_id, name or (known.name if known else unit_id), self.is_member(unit_id, day))

    def _listed_between(self, start: date, end: date) -> tuple[str, ...]:
        years = range(start.year, end.year + 1)
        return tuple(dict.fromkeys(u for year in years for u in self.listed(year)))

    def _member_some_day(self, unit_id: str, start: date, end: date) -> bool:
        return any(self.is_member(unit_id, day) for day in self._boundaries(unit_id, start, end))

    def _member_every_day(self, unit_id: str, start: date, end: date) -> bool:
        return not self.days_out(unit_id, start, end)

    def days_out(self, unit_id: str, start: date, end: date) -> tuple[date, ...]:
        """The days of [start, end] on which membership can change and the unit is not a member, earliest first."""
        return tuple(d for d in self._boundaries(unit_id, start, end) if not self.is_member(unit_id, d))

    def _boundaries(self, unit_id: str, start: date, end: date) -> list[date]:
        """The days on which membership can change, within [start, end]: checking them checks every day."""
        unit = self._units.get(unit_id)
        days = {start, end}
        days |= {date(y, 1, 1) for y in range(start.year, end.year + 1)}
        if unit is not None:
            for span in unit.membership:
                days |= {span.start}
                if span.end is not None:
                    days |= {span.end, span.end + timedelta(days=1)}
            if unit.ceased is not None:
                days |= {unit.ceased - timedelta(days=1), unit.ceased}
        return sorted(d for d in days if start <= d <= end)

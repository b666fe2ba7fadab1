"""Who could vote at the period's meeting: the one count behind quorum, vote shares and the minutes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..model.ballot import BallotFile
from ..model.cluster import Meeting


class PresentFrom(StrEnum):
    LIST = "list"  # the meeting's `present:` list
    BALLOTS = "ballots"  # no list: the most ballots returned in any vote of the meeting
    UNKNOWN = "unknown"  # neither: no ballot yet and no list


@dataclass(frozen=True)
class Attendance:
    members: tuple[str, ...]  # the members the meeting's votes are counted against
    present: tuple[str, ...]  # as listed (empty when the meeting lists no one)
    absent: tuple[str, ...]  # as declared, else the members not in the list
    present_count: int | None
    present_from: PresentFrom

    @property
    def member_count(self) -> int:
        return len(self.members)


def attendance(members: list[str], meeting: Meeting | None, ballot: BallotFile | None) -> Attendance:
    """Those present as the meeting lists them; without a list, as many as the most ballots returned
    (every member present receives a ballot), so quorum, shares and the minutes all use one count."""
    listed = tuple(dict.fromkeys(meeting.present)) if meeting else ()
    declared_absent = tuple(dict.fromkeys(meeting.absent)) if meeting else ()
    absent = declared_absent or tuple(u for u in members if listed and u not in listed)
    if listed:
        return Attendance(tuple(members), listed, absent, len(listed), PresentFrom.LIST)
    returned = [vote.returned for vote in ballot.votes] if ballot else []
    if returned:
        return Attendance(tuple(members), (), absent, max(returned), PresentFrom.BALLOTS)
    return Attendance(tuple(members), (), absent, None, PresentFrom.UNKNOWN)

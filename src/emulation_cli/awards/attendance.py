"""Who could vote at the period's meeting: the one count behind quorum, vote shares and the minutes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..model.ballot import BallotFile
from ..model.cluster import Meeting, Period
from ..validation.project import Project


class PresentFrom(StrEnum):
    LIST = "list"  # the meeting's `present:` list
    ABSENT_LIST = "absent_list"  # no `present:` list: the members less those the `absent:` list names
    BALLOTS = "ballots"  # neither list: the most ballots issued in any vote (one to each member present)
    UNKNOWN = "unknown"  # nothing tells: no list and no ballot yet


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
    """Those present as the meeting lists them; without a list, the members less those declared absent;
    without either, as many as the most ballots issued (every member present receives one). Quorum,
    shares and the minutes all use this one count."""
    listed = tuple(dict.fromkeys(meeting.present)) if meeting else ()
    declared_absent = tuple(dict.fromkeys(meeting.absent)) if meeting else ()
    everyone = tuple(members)
    if listed:
        absent = declared_absent or tuple(u for u in members if u not in listed)
        return Attendance(everyone, listed, absent, len(listed), PresentFrom.LIST)
    if declared_absent:
        present = tuple(u for u in members if u not in declared_absent)
        return Attendance(everyone, present, declared_absent, len(present), PresentFrom.ABSENT_LIST)
    issued = [vote.issued for vote in ballot.votes] if ballot else []
    if ballot is not None and ballot.ranking is not None:  # the ranking ballot is handed to every member present
        issued.append(ballot.ranking.issued)
    if issued:
        return Attendance(everyone, (), (), max(issued), PresentFrom.BALLOTS)
    return Attendance(everyone, (), (), None, PresentFrom.UNKNOWN)


def meeting_attendance(project: Project, period: Period) -> Attendance:
    """The period's meeting: who could vote there, counted against the members the votes count."""
    return attendance(list(project.voters(period)), project.meeting(period), project.ballot(period.id))

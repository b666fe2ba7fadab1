"""The meeting as its biên bản records it (Nghị định 30/2020, Mẫu 1.9): times, chair, secretary, who came for
each unit, who was absent and why, the quorum, the Ban kiểm phiếu. Facts only; the sentences are the
template's."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from ..awards.attendance import Attendance, PresentFrom
from ..awards.votes import quorum_met, quorum_needed
from ..model.cluster import Meeting, VoteRule
from ..text.vietnamese import long_date, short_date
from .model import (
    AbsenceCtx,
    AttendingUnitCtx,
    ClockCtx,
    CountingMemberCtx,
    MeetingCtx,
    PersonCtx,
    QuorumCtx,
    UnitRef,
)

UnitNamer = Callable[[str], UnitRef]
Clean = Callable[[str | None], str]


def meeting_ctx(meeting: Meeting, attendance: Attendance, rule: VoteRule, unit: UnitNamer, clean: Clean) -> MeetingCtx:
    chair = unit(meeting.chair) if meeting.chair else None
    chair_person = _chair_person(meeting, chair, clean)
    return MeetingCtx(
        date=short_date(meeting.date),
        date_long=long_date(meeting.date),
        start=_clock(meeting.start_time),
        end=_clock(meeting.end_time),
        place=clean(meeting.place),
        chair=chair,
        chair_person=chair_person,
        secretary=clean(meeting.secretary),
        secretary_title=_listed_title(meeting, clean(meeting.secretary), clean),
        secretary_unit=unit(meeting.secretary_unit) if meeting.secretary_unit else None,
        present=[unit(u) for u in attendance.present],
        absent=[unit(u) for u in attendance.absent],
        attending=_attending(meeting, attendance, chair_person, unit, clean),
        absences=[AbsenceCtx(unit=unit(u), reason=clean(meeting.absence_reasons.get(u))) for u in attendance.absent],
        present_count=attendance.present_count,
        present_from_ballots=attendance.present_from is PresentFrom.BALLOTS,
        members_count=attendance.member_count,
        quorum=_quorum(rule, attendance),
        counting_board=_counting_board(meeting, unit, clean),
        note=clean(meeting.note),
    )


def _clock(text: str | None) -> ClockCtx | None:
    if text is None:
        return None
    hour, minute = text.split(":")
    return ClockCtx(hour=hour, minute=minute)


def _chair_person(meeting: Meeting, chair: UnitRef | None, clean: Clean) -> PersonCtx:
    """The chair as declared, else the chairing unit's head on the meeting's date (whose title is known even
    when the name is not). The title is the one the attendance list gives the same person, else the head's
    when the chair is the head."""
    head_name = chair.head_name if chair else ""
    name = clean(meeting.chair_person) or head_name
    listed = _listed_title(meeting, name, clean)
    is_head = chair is not None and (not meeting.chair_person or name == head_name)
    title = listed or (chair.head_title if chair and is_head else "")
    return PersonCtx(name=name, title=title, unit=chair)


def _listed_title(meeting: Meeting, name: str, clean: Clean) -> str:
    """The title the attendance list gives the person of this name; empty when unnamed or not listed."""
    return next((clean(a.title) for a in meeting.attendees if name and clean(a.name) == name and a.title), "")


def _attending(
    meeting: Meeting, attendance: Attendance, chair_person: PersonCtx, unit: UnitNamer, clean: Clean
) -> list[AttendingUnitCtx]:
    """Each unit present with its people: those the attendance list names, and the chair in the chairing unit.
    Without a list of units present, the units of the people listed."""
    units = attendance.present or tuple(dict.fromkeys(a.unit for a in meeting.attendees))
    rows = []
    for unit_id in units:
        ref = unit(unit_id)
        people = [
            PersonCtx(name=clean(a.name), title=clean(a.title), unit=ref)
            for a in meeting.attendees
            if a.unit == unit_id
        ]
        chair_listed = chair_person.name and any(p.name == chair_person.name for p in people)
        if unit_id == meeting.chair and (chair_person.name or chair_person.title) and not chair_listed:
            people.insert(0, chair_person)  # the chair attends, named or not: "đồng chí ……, Giám đốc"
        rows.append(AttendingUnitCtx(unit=ref, people=people))
    return rows


def _quorum(rule: VoteRule, attendance: Attendance) -> QuorumCtx:
    share = Fraction(rule.quorum)
    met = None if attendance.present_count is None else quorum_met(rule, attendance)
    return QuorumCtx(
        share=f"{share.numerator}/{share.denominator}",
        needed=quorum_needed(rule, attendance.member_count),
        met=met,
    )


def _counting_board(meeting: Meeting, unit: UnitNamer, clean: Clean) -> list[CountingMemberCtx]:
    """The Ban kiểm phiếu, its head first (the list's order otherwise)."""
    board = sorted(meeting.counting_board, key=lambda m: m.role != "truong_ban")
    return [
        CountingMemberCtx(
            name=clean(m.name),
            title=clean(m.title),
            unit=unit(m.unit) if m.unit else None,
            head=m.role == "truong_ban",
        )
        for m in board
    ]

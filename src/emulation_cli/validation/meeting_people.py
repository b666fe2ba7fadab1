"""What a biên bản (Mẫu 1.9) records of a meeting and that cannot be: a person of an unknown unit, or of a unit
not present; a reason for the absence of a unit that came; a meeting that ends before it starts."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from ..i18n import _
from ..loading.document import YamlPath
from ..loading.files import Loaded
from ..model.cluster import Meeting
from .reporter import Reporter, report_unknown


def check_meeting_people(
    reporter: Reporter, source: Loaded[Any], base: YamlPath, meeting: Meeting, known: Collection[str] | None
) -> None:
    _check_times(reporter, source, base, meeting)
    if known is None:
        return
    if meeting.secretary_unit is not None and meeting.secretary_unit not in known:
        report_unknown(reporter, source, (*base, "secretary_unit"), "unit", meeting.secretary_unit, known)
    _check_attendees(reporter, source, base, meeting, known)
    _check_absence_reasons(reporter, source, base, meeting, known)


def _check_times(reporter: Reporter, source: Loaded[Any], base: YamlPath, meeting: Meeting) -> None:
    start, end = meeting.start_time, meeting.end_time
    if start is not None and end is not None and end <= start:  # "HH:MM" strings compare as times
        reporter.error(
            source,
            (*base, "end_time"),
            "meeting-ends-before-start",
            _("the meeting ends at {end}, not after it starts at {start}").format(end=end, start=start),
            _('write the times as HH:MM on a 24-hour clock, e.g. "14:00" for 2 p.m.'),
        )


def _check_attendees(
    reporter: Reporter, source: Loaded[Any], base: YamlPath, meeting: Meeting, known: Collection[str]
) -> None:
    for index, person in enumerate(meeting.attendees):
        path = (*base, "attendees", index, "unit")
        if person.unit not in known:
            report_unknown(reporter, source, path, "unit", person.unit, known)
        elif person.unit in meeting.absent or (meeting.present and person.unit not in meeting.present):
            reporter.error(
                source,
                path,
                "attendee-unit-not-present",
                _("{name} attends for unit '{unit}', which the meeting does not list as present").format(
                    name=person.name, unit=person.unit
                ),
                _("add the unit to `present` (and remove it from `absent`), or correct the person's unit"),
            )


def _check_absence_reasons(
    reporter: Reporter, source: Loaded[Any], base: YamlPath, meeting: Meeting, known: Collection[str]
) -> None:
    for unit in meeting.absence_reasons:
        path = (*base, "absence_reasons", unit)
        if unit not in known:
            report_unknown(reporter, source, path, "unit", unit, known, on_key=True)
        elif not _absent(meeting, unit):
            reporter.error(
                source,
                path,
                "absence-reason-for-unit-not-absent",
                _("a reason for the absence of unit '{unit}', which the meeting does not list as absent").format(
                    unit=unit
                ),
                _("list the unit under `absent` (and not under `present`), or remove the reason"),
                on_key=True,
            )


def _absent(meeting: Meeting, unit: str) -> bool:
    """As the minutes count it (awards/attendance.py): the units listed absent, else the members not present."""
    if meeting.absent:
        return unit in meeting.absent
    return bool(meeting.present) and unit not in meeting.present

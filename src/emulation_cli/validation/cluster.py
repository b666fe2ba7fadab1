"""Checks of cluster.yaml: members and roles by year, periods, documents, rotation, rubric pin, awards."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from ..i18n import _
from ..loading.diagnostics import dates_of_period
from ..loading.document import YamlPath
from ..loading.files import Loaded, LoadResult
from ..membership.roster import Roster
from ..model.cluster import AwardPolicy, Cluster, Meeting, MembershipYear, award_kind_of
from ..model.units import Unit
from ..text.terms import award_kind_word
from .counting_board import check_counting_board
from .file_names import report_unusable_names
from .meeting_people import check_meeting_people
from .membership import ROLE_WORDS, not_a_member
from .period_kind import check_period_kinds
from .reporter import Reporter, report_duplicate_ids, report_unknown
from .rubric import check_tie_breaks


def check(result: LoadResult, reporter: Reporter) -> None:
    if result.cluster is None:
        return
    source = result.cluster
    cluster = source.model
    units = {u.id: u for u in result.units.model.units} if result.units else None
    _check_years(reporter, source, cluster)
    for index, year in enumerate(cluster.members):
        _check_member_year(reporter, source, index, year, units, cluster.awards.rotation != "none")
        if units is not None and year.year == cluster.year:
            _warn_unlisted_members(reporter, source, index, year, units)
    _check_periods(reporter, source, cluster, units, result.roster())
    check_period_kinds(reporter, source, cluster)
    report_duplicate_ids(reporter, source, ("documents",), [d.id for d in cluster.documents], "document")
    report_duplicate_ids(reporter, source, ("legal_bases",), [b.id for b in cluster.legal_bases], "legal basis")
    _check_rotation(reporter, source, cluster, result.roster())
    _check_rubric_pin(result, reporter, source)
    if cluster.ranking is not None and result.rubric is not None:
        check_tie_breaks(reporter, source, result.rubric.model, cluster.ranking.tie_breaks)
    _check_ranking_basis(reporter, source, cluster)
    _check_awards(result, reporter, source)


def _check_years(reporter: Reporter, source: Loaded[Cluster], cluster: Cluster) -> None:
    seen: dict[int, int] = {}
    for index, entry in enumerate(cluster.members):
        if entry.year in seen:
            reporter.error(
                source,
                ("members", index, "year"),
                "duplicate-year",
                _("the members of {year} are declared twice (first at line {line})").format(
                    year=entry.year, line=source.doc.value_pos(("members", seen[entry.year])).line
                ),
                _("merge the two lists into one"),
            )
        seen.setdefault(entry.year, index)
    if cluster.year not in seen:
        reporter.error(
            source,
            ("year",),
            "no-members-for-year",
            _("no members are declared for the cluster year {year}").format(year=cluster.year),
            _("add an entry with `year: {year}` under `members`").format(year=cluster.year),
        )


def _check_member_year(
    reporter: Reporter,
    source: Loaded[Cluster],
    index: int,
    entry: MembershipYear,
    units: dict[str, Unit] | None,
    rotates: bool,
) -> None:
    base = ("members", index)
    seen: set[str] = set()
    for j, member in enumerate(entry.members):
        path = (*base, "members", j, "unit")
        if member.unit in seen:
            reporter.error(
                source,
                path,
                "duplicate-member",
                _("unit '{unit}' is listed twice for {year}").format(unit=member.unit, year=entry.year),
            )
        seen.add(member.unit)
        if units is None:
            continue
        if member.unit not in units:
            report_unknown(reporter, source, path, "unit", member.unit, units)
        elif not units[member.unit].member_in_year(entry.year):
            reporter.error(
                source,
                path,
                "not-a-member",
                _("unit '{unit}' is not a member in {year} according to units.yaml").format(
                    unit=member.unit, year=entry.year
                ),
                _("check the unit's `membership` dates in units.yaml"),
            )
    heads = [j for j, m in enumerate(entry.members) if m.role == "cum_truong"]
    deputies = [j for j, m in enumerate(entry.members) if m.role == "cum_pho"]
    # A cluster may have no cụm trưởng and no cụm phó at all (it then declares `awards.rotation: none`); a cụm
    # phó without a cụm trưởng cannot be meant.
    later = {c.role for c in entry.role_changes}  # roles given during the year (e.g. a cluster formed mid-year)
    expect_truong = (heads or deputies or rotates) and "cum_truong" not in later
    expect_pho = (heads or "cum_truong" in later) and "cum_pho" not in later
    _check_role_count(reporter, source, base, entry, heads, "cum_truong", expect_truong, required=bool(deputies))
    _check_role_count(reporter, source, base, entry, deputies, "cum_pho", expect_pho, required=False)


def _check_role_count(
    reporter: Reporter,
    source: Loaded[Cluster],
    base: YamlPath,
    entry: MembershipYear,
    holders: list[int],
    role: str,
    expected: bool,
    required: bool,
) -> None:
    """At most one holder of a role; when one is `expected` and none is given: an error where it is `required`,
    else a warning."""
    title = ROLE_WORDS[role]
    if len(holders) > 1:
        units = ", ".join(entry.members[j].unit for j in holders)
        reporter.error(
            source,
            (*base, "members", holders[1], "role"),
            f"{role.replace('_', '-')}-count",
            _("{year} has {count} {title} ({units}); there can be only one").format(
                year=entry.year, count=len(holders), title=title, units=units
            ),
            _("give `role: {role}` to one member only").format(role=role),
        )
    elif not holders and expected:
        message = _("{year} has no {title}").format(year=entry.year, title=title)
        hint = _("give one member `role: {role}`").format(role=role)
        if required:
            reporter.error(source, (*base, "members"), f"{role.replace('_', '-')}-count", message, hint)
        else:
            reporter.warning(source, (*base, "members"), "no-cum-pho", message, hint)


def _warn_unlisted_members(
    reporter: Reporter, source: Loaded[Cluster], index: int, entry: MembershipYear, units: dict[str, Unit]
) -> None:
    """A body that units.yaml says is a member all year but that cluster.yaml forgot."""
    listed = {m.unit for m in entry.members}
    first, last = date(entry.year, 1, 1), date(entry.year, 12, 31)
    forgotten = [
        uid
        for uid, unit in units.items()
        if uid not in listed
        and unit.ceased is None
        and any(s.start <= first and (s.end is None or s.end >= last) for s in unit.membership)
    ]
    if forgotten:
        reporter.warning(
            source,
            ("members", index, "members"),
            "member-not-listed",
            _("by units.yaml, {units} belong to the cluster for all of {year}, but they are not listed here").format(
                units=", ".join(sorted(forgotten)), year=entry.year
            ),
            _("add them under `members`, or end their membership in units.yaml"),
        )


def _check_periods(
    reporter: Reporter,
    source: Loaded[Cluster],
    cluster: Cluster,
    units: dict[str, Unit] | None,
    roster: Roster | None,
) -> None:
    report_duplicate_ids(reporter, source, ("periods",), [p.id for p in cluster.periods], "period")
    report_unusable_names(reporter, source, ("periods",), [p.id for p in cluster.periods], "period")
    for index, period in enumerate(cluster.periods):
        base = ("periods", index)
        if period.end < period.start:
            reporter.error(
                source,
                (*base, "end"),
                "date-inverted",
                _("the period ends ({end}) before it starts ({start})").format(
                    end=period.end.isoformat(), start=period.start.isoformat()
                ),
                _("swap the two dates or correct the year"),
                breaks=dates_of_period(period.id),
            )
        elif period.start.year != cluster.year or period.end.year != cluster.year:
            reporter.error(
                source,
                (*base, "start"),
                "period-outside-year",
                _("the period {start} – {end} is not inside the cluster year {year}").format(
                    start=period.start.isoformat(), end=period.end.isoformat(), year=cluster.year
                ),
            )
        if period.meeting is not None:
            check_meeting(
                reporter,
                source,
                (*base, "meeting"),
                period.meeting,
                units,
                roster,
            )


def check_meeting(
    reporter: Reporter,
    source: Loaded[Any],
    base: YamlPath,
    meeting: Meeting,
    known: Collection[str] | None,
    roster: Roster | None = None,
) -> None:
    """Unknown units in a meeting's chair, present and absent lists; a unit listed twice, both present and
    absent, or not a member on the meeting's date (one that left, or a body that no longer exists)."""
    for field in ("present", "absent"):
        seen: set[str] = set()
        for j, unit in enumerate(getattr(meeting, field)):
            if unit in seen:
                reporter.error(
                    source, (*base, field, j), "listed-twice", _("unit '{unit}' is listed twice").format(unit=unit)
                )
            elif (
                roster is not None and known is not None and unit in known and not roster.is_member(unit, meeting.date)
            ):
                reporter.error(
                    source,
                    (*base, field, j),
                    "not-a-member",
                    not_a_member(roster, unit, meeting.date),
                    _("a meeting lists only the members on its date"),
                )
            seen.add(unit)
    check_meeting_people(reporter, source, base, meeting, known)
    if known is None:
        return
    if meeting.chair is not None and meeting.chair not in known:
        report_unknown(reporter, source, (*base, "chair"), "unit", meeting.chair, known)
    elif meeting.chair is not None and roster is not None and not roster.is_member(meeting.chair, meeting.date):
        reporter.error(
            source,
            (*base, "chair"),
            "not-a-member",
            not_a_member(roster, meeting.chair, meeting.date),
            _("the meeting is chaired by a member on its date (usually the cụm trưởng)"),
        )
    for field in ("present", "absent"):
        for j, unit in enumerate(getattr(meeting, field)):
            if unit not in known:
                report_unknown(reporter, source, (*base, field, j), "unit", unit, known)
    for j, unit in enumerate(meeting.absent):
        if unit in meeting.present:
            reporter.error(
                source,
                (*base, "absent", j),
                "present-and-absent",
                _("unit '{unit}' is listed both as present and as absent").format(unit=unit),
            )
    check_counting_board(reporter, source, base, meeting, known)


def _check_award_numbers(reporter: Reporter, source: Loaded[Cluster], awards: AwardPolicy) -> None:
    """Shares above 100 %, two flags per cluster, no title at all: settings that cannot be meant."""
    for key in ("threshold", "quorum"):
        if getattr(awards.vote, key) > 1:
            reporter.error(
                source,
                ("awards", "vote", key),
                "share-above-one",
                _("a share above 100 % can never be reached"),
                _("write a fraction such as 1/2 or 2/3"),
            )
    if awards.government_flag.ratio > 1:
        reporter.error(
            source,
            ("awards", "government_flag", "ratio"),
            "share-above-one",
            _("a share above 100 % can never be reached"),
            _("write a fraction such as 1/2 or 2/3"),
        )
    flags = [i for i, t in enumerate(awards.titles) if t.government_flag_candidate]
    for index in flags[1:]:
        reporter.error(
            source,
            ("awards", "titles", index, "government_flag_candidate"),
            "two-flag-titles",
            _("only one title can lead to the Government's flag"),
            _("keep `government_flag_candidate: true` on the provincial flag only"),
        )
    for index, title in enumerate(awards.titles):
        if title.quota.ratio is not None and title.quota.ratio > 1:
            reporter.error(
                source,
                ("awards", "titles", index, "quota", "ratio"),
                "share-above-one",
                _("a share above 100 % can never be reached"),
                _("write a fraction such as 1/2 or 2/3"),
            )
        if title.government_flag_candidate and (title.quota.count or 0) > 1:
            reporter.warning(
                source,
                ("awards", "titles", index, "quota", "count"),
                "one-flag-per-cluster",
                _("a cluster proposes one provincial flag, for its leading unit"),
                _("set `quota: {count: 1}`"),
            )
    if not awards.titles:
        reporter.warning(
            source,
            ("awards",),
            "no-award-titles",
            _("no award titles are declared: emul awards will propose nothing"),
            _("declare `awards.titles` (see 'emul init')"),
        )


def _check_rotation(reporter: Reporter, source: Loaded[Cluster], cluster: Cluster, roster: Roster | None) -> None:
    """The cụm phó at the end of a year (after any change of roles) leads the next year, if still a member."""
    if cluster.awards.rotation != "pho_to_truong" or roster is None:
        return
    by_year = {entry.year: (i, entry) for i, entry in enumerate(cluster.members)}
    for year in sorted(by_year):
        following = by_year.get(year + 1)
        deputy = roster.holder("cum_pho", date(year, 12, 31))
        if following is None or deputy is None or not roster.is_member(deputy, date(year + 1, 1, 1)):
            continue
        next_index, next_entry = following
        head = next((j for j, m in enumerate(next_entry.members) if m.role == "cum_truong"), None)
        if head is not None and next_entry.members[head].unit != deputy:
            reporter.warning(
                source,
                ("members", next_index, "members", head, "unit"),
                "rotation",
                _("the rotation rule expects '{deputy}', cụm phó in {year}, to be cụm trưởng in {next}").format(
                    deputy=deputy, year=year, next=year + 1
                ),
                _("if the meeting chose otherwise, this warning can be ignored; `awards.rotation: none` turns it off"),
            )


def _check_rubric_pin(result: LoadResult, reporter: Reporter, source: Loaded[Cluster]) -> None:
    if result.rubric is None or source.model.rubric is None:
        return
    pinned, actual = source.model.rubric.version, result.rubric.model.version
    if pinned != actual:
        reporter.error(
            source,
            ("rubric", "version"),
            "rubric-version",
            _("the cluster pins rubric version '{pinned}' but {file} is version '{actual}'").format(
                pinned=pinned, file=result.rubric.file, actual=actual
            ),
            _(
                "update `rubric.version` if the cluster adopted the new rubric, "
                "or point `rubric.path` at the version it adopted"
            ),
        )


def _check_ranking_basis(reporter: Reporter, source: Loaded[Cluster], cluster: Cluster) -> None:
    """A cluster ranks by its rubric's points or, without a rubric, by its ranking ballot: what belongs to the
    other way cannot be declared (it would be ignored silently)."""
    if cluster.rubric is not None:
        if cluster.ranking_ballot is not None:
            reporter.error(
                source,
                ("ranking_ballot",),
                "ranking-ballot-with-rubric",
                _("the cluster declares a rubric and ranks by its points: a ranking ballot rule does not apply"),
                _("remove `ranking_ballot`, or remove `rubric` if the cluster ranks its members by vote"),
                on_key=True,
            )
        return
    if cluster.ranking is not None and cluster.ranking.tie_breaks:
        reporter.error(
            source,
            ("ranking", "tie_breaks"),
            "tie-breaks-without-rubric",
            _("the cluster declares no rubric (it ranks by vote): there are no points for tie-breaks to compare"),
            _("remove `tie_breaks`: units with equal votes share a rank, and the meeting decides between them"),
            on_key=True,
        )
    for index, title in enumerate(cluster.awards.titles):
        if title.min_classification is not None:
            reporter.error(
                source,
                ("awards", "titles", index, "min_classification"),
                "classification-without-rubric",
                _(
                    "the cluster declares no rubric (it ranks by vote), so no unit is classified: a minimum "
                    "classification cannot be met"
                ),
                _("remove `min_classification`, or declare the rubric that classifies the units"),
            )


def _check_award_kinds(reporter: Reporter, source: Loaded[Cluster], awards: AwardPolicy) -> None:
    """A declared kind the award's own name contradicts (a Bằng khen declared a danh hiệu thi đua)."""
    for index, title in enumerate(awards.titles):
        named = award_kind_of(title.name)
        if named is not None and named != title.kind:
            reporter.error(
                source,
                ("awards", "titles", index, "kind"),
                "award-kind-contradicts-name",
                _("under the Luật Thi đua, khen thưởng, '{name}' is of the kind '{named}', not '{declared}'").format(
                    name=title.name, named=award_kind_word(named), declared=award_kind_word(title.kind)
                ),
                _("write `kind: {kind}`, or leave `kind` out").format(kind=named),
            )


def _check_awards(result: LoadResult, reporter: Reporter, source: Loaded[Cluster]) -> None:
    awards = source.model.awards
    report_duplicate_ids(reporter, source, ("awards", "titles"), [t.id for t in awards.titles], "award title")
    report_duplicate_ids(reporter, source, ("awards", "gates"), [g.id for g in awards.gates], "gate")
    _check_award_numbers(reporter, source, awards)
    _check_award_kinds(reporter, source, awards)
    if result.rubric is None:
        return
    classification = result.rubric.model.classification
    bands = {b.id for b in classification.bands} | {classification.fallback.id} if classification else set()
    for index, title in enumerate(awards.titles):
        if title.min_classification is not None and title.min_classification not in bands:
            report_unknown(
                reporter,
                source,
                ("awards", "titles", index, "min_classification"),
                "classification",
                title.min_classification,
                bands,
            )

"""The legal words of the domain, one home each. Written in English and translated by the catalog, like every
other message; the documents ask for them in Vietnamese whatever the CLI language."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..i18n import N_, _, current_language, in_language
from ..membership.roster import Departure
from ..model.cluster import Gate, LegalBasis
from ..model.rubric import CriterionTieBreak, SectionTieBreak, TieBreak
from .citations import rule_citation
from .vietnamese import short_date

# Luật Thi đua, khen thưởng 2022: a Cờ thi đua is a danh hiệu thi đua; a Bằng khen a hình thức khen thưởng.
_AWARD_KIND = {"danh_hieu": N_("emulation title"), "hinh_thuc": N_("form of reward")}

# What a vote share is measured against (VoteRule.denominator).
_VOTE_BASIS = {"members": N_("all members"), "present": N_("the members present"), "cast": N_("the valid ballots")}

# Why a unit entered the proposals in another's place (awards.propose.Replacement.reason).
_REPLACEMENT_REASON = {"vote_failed": N_("not enough votes in favour"), "ineligible": N_("not eligible")}


def _say(message: str, vietnamese: bool) -> str:
    return in_language("vi" if vietnamese else current_language(), message)


def award_kind_word(kind: str, vietnamese: bool = False) -> str:
    """'danh hiệu thi đua' or 'hình thức khen thưởng'."""
    return _say(_AWARD_KIND[kind], vietnamese)


def vote_basis(basis: str, count: int | None = None, vietnamese: bool = False) -> str:
    """'tổng số thành viên (6)': what a share of votes in favour is a share of (the count when it is one
    number for the whole meeting)."""
    words = _say(_VOTE_BASIS[basis], vietnamese)
    return words if count is None else f"{words} ({count})"


# What became of a unit in an award's proposals (awards.propose.Outcome, by its value).
_OUTCOME = {
    "proposed": N_("proposed"),
    "to_vote": N_("to the vote"),
    "vote_failed": N_("vote failed"),
    "ineligible": N_("not eligible"),
    "already_proposed": N_("already proposed"),
    "tied_earlier": N_("tied for an earlier title"),
    "quota_reached": N_("quota reached"),
    "tie_at_quota": N_("tied at the quota line"),
}


def outcome_words(outcome: str, vietnamese: bool = False) -> str:
    """'đề nghị', 'không đủ số phiếu đồng ý', …: what became of a unit in an award's proposals."""
    return _say(_OUTCOME[outcome], vietnamese)


def replacement_reason(reason: str, vietnamese: bool = False) -> str:
    """'không đủ số phiếu đồng ý' or 'không đủ điều kiện': why the unit replaced dropped out."""
    return _say(_REPLACEMENT_REASON[reason], vietnamese)


# How a unit stopped being a member (membership.roster.Departure.how; None: it left the cluster).
_DEPARTURE = {
    "merged": N_("merged into {bodies} from {date}"),
    "split": N_("split into {bodies} from {date}"),
    "dissolved": N_("dissolved from {date}"),
    None: N_("no longer a member from {date}"),
}
_OUTSIDE = N_("{body} (not a member of the cluster)")


def departure_words(departure: Departure, vietnamese: bool = False, iso: bool = False) -> str:
    """'sáp nhập vào Sở Nội vụ (cơ quan ngoài cụm) từ ngày 01/3/2025': why a unit is not ranked. Dates as a
    document writes them, or ISO (`iso`) as the validation messages do."""
    day = departure.day.isoformat() if iso else short_date(departure.day)
    bodies = ", ".join(
        s.name if s.member else _say(_OUTSIDE, vietnamese).format(body=s.name) for s in departure.successors
    )
    return _say(_DEPARTURE[departure.how], vietnamese).format(bodies=bodies, date=day)


def gate_reason(
    gate: Gate,
    bases: Sequence[LegalBasis],
    discipline_ended: date | None = None,
    period_start: date | None = None,
    vietnamese: bool = False,
) -> str:
    """A gate a unit did not meet, as the minutes name it: its label, for a discipline the day it ended and the
    day the period began, then the legal text the gate comes from ('… (Điều 4 Nghị định số 152/2025/NĐ-CP)')."""
    text = gate.label
    if discipline_ended is not None and period_start is not None:
        shown = short_date if vietnamese else date.isoformat
        detail = _say(N_("discipline ended on {ended}, after the period began on {start}"), vietnamese)
        text += " — " + detail.format(ended=shown(discipline_ended), start=shown(period_start))
    citation = rule_citation(gate, bases)
    return f"{text} ({citation})" if citation else text


def tie_break_label(rule: TieBreak) -> str:
    """A tie-break rule in the reader's language: 'section I', 'fewer penalty points'."""
    if isinstance(rule, SectionTieBreak):
        return _("section {id}").format(id=rule.section)
    if isinstance(rule, CriterionTieBreak):
        return _("criterion {id}").format(id=rule.criterion)
    labels = {
        "fewer_penalty": _("fewer penalty points"),
        "more_bonus": _("more bonus points"),
        "vote": _("share of votes in favour"),
    }
    return labels[rule.kind]

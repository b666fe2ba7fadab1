"""Figures that expose formalism in a cluster's history (issue 16): how bunched the totals are, how the lead and
the Cờ thi đua move from year to year, how far the units' own scores run above the appraisal, and which units
the awards went to. Each figure is data, never a verdict; each has its one-sentence definition in DEFINITIONS.
Plain functions over the history and each tổng kết's scores and award proposals; the renderers only format."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise

from ..awards.period import AwardsResult, award_proposals
from ..awards.propose import Outcome
from ..model.cluster import is_co_thi_dua
from ..ranking.rank import Basis
from ..ranking.standings import Standings
from ..validation.project import Project
from .history import History, PeriodColumn

STD_DEV_DECIMALS = 4  # the standard deviation is rounded half up at this many decimals
NEAR_LEADER = Decimal(1)  # "within 1 point of the leader"

DEFINITIONS: Mapping[str, str] = {
    "range": "Khoảng cách tổng điểm: tổng điểm cao nhất trừ tổng điểm thấp nhất của các đơn vị có tệp chấm điểm "
    "trong kỳ.",
    "std_dev": "Độ lệch chuẩn tổng điểm: căn bậc hai của trung bình cộng bình phương chênh lệch giữa tổng điểm mỗi "
    "đơn vị và tổng điểm bình quân (chia cho số đơn vị được tính), tính chính xác từ tổng điểm đã công bố rồi làm "
    f"tròn nửa lên đến {STD_DEV_DECIMALS} chữ số thập phân.",
    "within_one_point": "Số đơn vị sát đơn vị dẫn đầu: số đơn vị (kể cả đơn vị dẫn đầu) có tổng điểm kém tổng "
    "điểm cao nhất không quá 1 điểm, và tỉ lệ của số đó trên số đơn vị được tính.",
    "changes": "Xu hướng: mức thay đổi của khoảng cách, độ lệch chuẩn và tỉ lệ đơn vị sát đơn vị dẫn đầu "
    "từ kỳ cùng loại (tổng kết với tổng kết, sơ kết với sơ kết) liền trước trong các năm được đưa vào.",
    "leaders": "Đơn vị dẫn đầu: đơn vị xếp hạng 1 ở kỳ tổng kết mỗi năm (nhiều đơn vị khi đồng hạng 1); số lần "
    "thay đổi là số năm mà nhóm đơn vị dẫn đầu khác năm liền trước trong các năm được đưa vào.",
    "top_award": "Cờ thi đua: danh hiệu khai báo đầu tiên có tên bắt đầu bằng “Cờ thi đua”; đơn vị nhận là đơn vị "
    "được Cụm đề nghị (đã được bỏ phiếu thông qua nếu danh hiệu phải bỏ phiếu), kèm thứ hạng năm đó.",
    "top_award_to_leader": "Số năm Cờ thi đua được đề nghị cho đơn vị xếp hạng 1.",
    "top_award_in_turn": "Số năm Cờ thi đua được đề nghị cho đơn vị không xếp hạng 1 và chưa được đề nghị Cờ thi "
    "đua ở năm nào trước đó trong các năm được đưa vào (trao lần lượt).",
    "inflation": "Chênh lệch tự chấm: tổng điểm tự chấm của đơn vị trừ tổng điểm sau thẩm định ở kỳ tổng kết, "
    "tính chính xác trước khi làm tròn; số dương là đơn vị tự chấm cao hơn.",
    "criteria": "Chênh lệch theo tiêu chí: điểm tự chấm trừ điểm được tính của tiêu chí, chỉ ở tiêu "
    "chí đơn vị có tự chấm; ở tiêu chí trừ điểm, số dương là đơn vị tự trừ nhiều hơn.",
    "median": "Trung vị chênh lệch tự chấm của Cụm: giá trị ở giữa khi xếp chênh lệch của các đơn vị "
    "được tính theo thứ tự (trung bình cộng hai giá trị giữa khi số đơn vị chẵn).",
    "consistently_above": "Đơn vị có chênh lệch tự chấm cao hơn trung vị của Cụm ở mọi năm được đưa vào; đơn vị "
    "thiếu số liệu ở một năm (chưa là thành viên, đã sáp nhập, không có tệp chấm điểm) không được xét.",
    "offered": "Có tên trong đề nghị: đơn vị được Cụm đưa vào danh sách đề nghị một danh hiệu hoặc hình thức khen "
    "thưởng ở kỳ tổng kết, kể cả khi còn chờ bỏ phiếu.",
    "proposed": "Được đề nghị: đề nghị đã được thông qua (bỏ phiếu đạt, hoặc không phải bỏ phiếu); đây là đề nghị "
    "của Cụm, không phải quyết định khen thưởng của cấp có thẩm quyền, điều công cụ không ghi nhận.",
    "proposals": "Số lần được đề nghị: tổng số đề nghị đã thông qua của đơn vị qua các năm được đưa vào.",
    "not_counted": "Không tính: đơn vị không có tệp chấm điểm trong kỳ, và kỳ xếp hạng bằng phiếu (không có tổng "
    "điểm, không có điểm tự chấm) được nêu riêng, không đưa vào phép tính.",
}


# ----- what each tổng kết brings besides its ranking ------------------------------------------------------------
@dataclass(frozen=True)
class SelfScore:
    """A unit's own scores against the appraisal in one tổng kết, exact."""

    unit_id: str
    self_total: Fraction
    total: Fraction
    criteria: tuple[tuple[str, Fraction], ...]  # (criterion id, self − retained) where the unit scored itself


@dataclass(frozen=True)
class TitleProposals:
    """One award title of one tổng kết: the units on the cluster's list, and those whose proposal passed."""

    title_id: str
    title_name: str
    offered: tuple[str, ...]  # proposed, including those still awaiting their vote
    proposed: tuple[str, ...]  # proposed and passed (vote passed, or no vote required)


@dataclass(frozen=True)
class YearEnd:
    period_id: str
    self_scores: tuple[SelfScore, ...] | None  # None: ranked by vote, or a rubric without self scores
    titles: tuple[TitleProposals, ...]  # in the declared order
    decimals: int = 2  # the rubric's declared rounding, to show the totals
    mode: str = "half_up"


def year_end(ranking: Standings, awards: AwardsResult) -> YearEnd:
    """What a tổng kết's scores and award proposals bring to the formalism figures."""
    scores = ranking.scores
    own = None
    if scores is not None and scores.rubric.self_scored:
        own = tuple(
            SelfScore(
                score.unit.id,
                score.self_total_exact,
                score.total_exact,
                tuple((c.criterion.id, c.difference) for c in score.criteria if c.difference is not None),
            )
            for score in scores.units
            if score.has_assessment
        )
    titles = tuple(
        TitleProposals(
            title.title.id,
            title.title.name,
            title.proposed,
            tuple(d.unit for d in title.decisions if d.outcome is Outcome.PROPOSED),
        )
        for title in awards.titles
    )
    if scores is None:
        return YearEnd(ranking.period.id, own, titles)
    rounding = scores.rubric.rounding
    return YearEnd(ranking.period.id, own, titles, rounding.decimals, rounding.mode)


def year_end_facts(projects: Sequence[tuple[str, Project]]) -> tuple[dict[str, Standings], dict[str, YearEnd]]:
    """Every tổng kết of the folders, ranked and its awards proposed once: its standings (for the history) and,
    where there is something to rank on, its year-end facts; by period id."""
    known: dict[str, Standings] = {}
    found: dict[str, YearEnd] = {}
    for _label, project in projects:
        for period in project.cluster.model.periods:
            if period.kind != "tong_ket":
                continue
            ranking, awards = award_proposals(project, period)
            known[period.id] = ranking
            if ranking.has_results:
                found[period.id] = year_end(ranking, awards)
    return known, found


# ----- bunching ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Spread:
    """How bunched one period's totals are."""

    period_id: str
    provisional: bool  # a sơ kết
    decimals: int  # of the totals, and so of the range
    counted: int
    left_out: tuple[str, ...]  # members without an assessment: not counted
    leader_total: Decimal
    range: Decimal
    std_dev: Decimal  # rounded half up at STD_DEV_DECIMALS
    within_one_point: int  # the leader included

    @property
    def share_within_one_point(self) -> Fraction:
        return Fraction(self.within_one_point, self.counted)


@dataclass(frozen=True)
class SpreadChange:
    """From one period to the next one of the same kind: each figure's change."""

    before: str
    after: str
    decimals: int  # of the range's change: the larger of the two periods'
    range: Decimal
    std_dev: Decimal
    share_within_one_point: Fraction


@dataclass(frozen=True)
class Bunching:
    spreads: tuple[Spread, ...]
    changes: tuple[SpreadChange, ...]
    by_vote: tuple[str, ...]  # periods ranked by vote: no totals, not counted
    no_totals: tuple[str, ...]  # periods by points where no unit had an assessment


def population_std_dev(values: Sequence[Decimal]) -> Decimal:
    """The population standard deviation, exact, rounded half up at STD_DEV_DECIMALS: the largest k with
    (k − ½)² ≤ variance × 10^(2·decimals), found on integers so that nothing is lost before the rounding."""
    exact = [Fraction(value) for value in values]
    mean = sum(exact, Fraction(0)) / len(exact)
    variance = sum(((x - mean) ** 2 for x in exact), Fraction(0)) / len(exact)
    scaled = variance * 10 ** (2 * STD_DEV_DECIMALS)
    root = math.isqrt(4 * scaled.numerator // scaled.denominator)  # largest t with t² ≤ 4·scaled
    rounded = (root + 1) // 2  # the largest k with 2k − 1 ≤ t
    return Decimal(rounded).scaleb(-STD_DEV_DECIMALS)


def spread(period_id: str, provisional: bool, decimals: int, totals: Mapping[str, Decimal | None]) -> Spread | None:
    """`totals`: every member's total, None for one without an assessment. None when no one has a total."""
    counted = [total for total in totals.values() if total is not None]
    if not counted:
        return None
    leader = max(counted)
    return Spread(
        period_id=period_id,
        provisional=provisional,
        decimals=decimals,
        counted=len(counted),
        left_out=tuple(unit for unit, total in totals.items() if total is None),
        leader_total=leader,
        range=leader - min(counted),
        std_dev=population_std_dev(counted),
        within_one_point=sum(1 for total in counted if leader - total <= NEAR_LEADER),
    )


def spread_change(before: Spread, after: Spread) -> SpreadChange:
    return SpreadChange(
        before.period_id,
        after.period_id,
        max(before.decimals, after.decimals),
        after.range - before.range,
        after.std_dev - before.std_dev,
        after.share_within_one_point - before.share_within_one_point,
    )


def bunching(history: History) -> Bunching:
    """Every period by points with a total, its spread, and its change since the period of the same kind before."""
    spreads: list[Spread] = []
    by_vote: list[str] = []
    no_totals: list[str] = []
    for index, column in enumerate(history.periods):
        if column.basis is Basis.VOTES:
            by_vote.append(column.period.id)
            continue
        found = spread(column.period.id, column.provisional, column.decimals, _totals(history, index))
        if found is None:
            no_totals.append(column.period.id)
        else:
            spreads.append(found)
    changes = []
    for kind in (False, True):  # tổng kết with tổng kết, sơ kết with sơ kết
        same = [s for s in spreads if s.provisional is kind]
        changes += [spread_change(a, b) for a, b in pairwise(same)]
    return Bunching(tuple(spreads), tuple(changes), tuple(by_vote), tuple(no_totals))


def _totals(history: History, index: int) -> dict[str, Decimal | None]:
    """The members' totals in period number `index`; None for a member without an assessment."""
    found: dict[str, Decimal | None] = {}
    for item in history.units:
        standing = item.standings[index]
        if standing is not None:
            found[item.unit.id] = standing.total if standing.has_assessment else None
    return found


# ----- rotation ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Recipient:
    unit_id: str
    rank: int | None  # None: not ranked in that period


@dataclass(frozen=True)
class YearLead:
    period_id: str
    year: int
    leaders: tuple[str, ...]  # rank 1 (several when tied)
    top_title: str | None  # the name of that year's Cờ thi đua; None when the cluster declares none
    recipients: tuple[Recipient, ...]  # its proposals that passed
    to_leader: bool  # it went to a rank-1 unit
    in_turn: bool  # it went to a unit not ranked 1 that had not had it in the years before


@dataclass(frozen=True)
class Turns:
    years: tuple[YearLead, ...]
    leader_changes: int
    top_to_leader: int
    top_in_turn: int
    without_top_award: tuple[str, ...]  # years with no Cờ thi đua proposal passed (or none declared)


def top_title(titles: Iterable[TitleProposals]) -> TitleProposals | None:
    """The cluster's top award: the first title declared whose name says it is a Cờ thi đua."""
    return next((title for title in titles if is_co_thi_dua(title.title_name)), None)


def turns(history: History, year_ends: Mapping[str, YearEnd]) -> Turns:
    """The leader and the Cờ thi đua of each tổng kết in the history, in time order."""
    years: list[YearLead] = []
    had_it: set[str] = set()
    for index, column in _year_end_columns(history):
        ranks = {item.unit.id: s.rank for item in history.units if (s := item.standings[index]) is not None}
        leaders = tuple(sorted(unit for unit, rank in ranks.items() if rank == 1))
        facts = year_ends.get(column.period.id)
        title = top_title(facts.titles) if facts is not None else None
        recipients = tuple(Recipient(unit, ranks.get(unit)) for unit in (title.proposed if title else ()))
        years.append(
            YearLead(
                column.period.id,
                column.year,
                leaders,
                title.title_name if title else None,
                recipients,
                to_leader=any(r.rank == 1 for r in recipients),
                in_turn=any(r.rank != 1 and r.unit_id not in had_it for r in recipients),
            )
        )
        had_it.update(r.unit_id for r in recipients)
    return Turns(
        years=tuple(years),
        leader_changes=sum(1 for a, b in pairwise(years) if a.leaders != b.leaders),
        top_to_leader=sum(1 for year in years if year.to_leader),
        top_in_turn=sum(1 for year in years if year.in_turn),
        without_top_award=tuple(year.period_id for year in years if not year.recipients),
    )


def _year_end_columns(history: History) -> list[tuple[int, PeriodColumn]]:
    return [(index, column) for index, column in enumerate(history.periods) if not column.provisional]


# ----- self-score inflation ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class UnitInflation:
    unit_id: str
    self_total: Fraction
    total: Fraction
    criteria: tuple[tuple[str, Fraction], ...]  # (criterion id, self − retained)
    above_median: bool

    @property
    def inflation(self) -> Fraction:
        return self.self_total - self.total


@dataclass(frozen=True)
class YearInflation:
    period_id: str
    median: Fraction
    units: tuple[UnitInflation, ...]  # in the history's order of units
    left_out: tuple[str, ...]  # members without an assessment: not counted
    decimals: int = 2  # the rubric's declared rounding, to show the totals
    mode: str = "half_up"


@dataclass(frozen=True)
class Inflation:
    years: tuple[YearInflation, ...]
    consistently_above: tuple[str, ...]
    not_every_year: tuple[str, ...]  # units without figures in some year: not considered for consistently_above
    not_counted: tuple[str, ...]  # tổng kết without self scores (ranked by vote, rubric not self-scored)


def median(values: Sequence[Fraction]) -> Fraction:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def year_inflation(members: Sequence[str], facts: YearEnd) -> YearInflation | None:
    """The members' inflation in one tổng kết; None when no member has self scores."""
    by_unit = {score.unit_id: score for score in facts.self_scores or ()}
    counted = [by_unit[unit] for unit in members if unit in by_unit]
    if not counted:
        return None
    middle = median([s.self_total - s.total for s in counted])
    units = tuple(
        UnitInflation(s.unit_id, s.self_total, s.total, s.criteria, s.self_total - s.total > middle) for s in counted
    )
    left_out = tuple(unit for unit in members if unit not in by_unit)
    return YearInflation(facts.period_id, middle, units, left_out, facts.decimals, facts.mode)


def inflation(history: History, year_ends: Mapping[str, YearEnd]) -> Inflation:
    years: list[YearInflation] = []
    not_counted: list[str] = []
    for index, column in _year_end_columns(history):
        facts = year_ends.get(column.period.id)
        members = [item.unit.id for item in history.units if item.standings[index] is not None]
        found = None
        if facts is not None and facts.self_scores is not None:
            found = year_inflation(members, facts)
        if found is None:
            not_counted.append(column.period.id)
        else:
            years.append(found)
    seen = [unit.unit.id for unit in history.units if any(_in_year(year, unit.unit.id) for year in years)]
    every_year = [unit for unit in seen if all(_in_year(year, unit) for year in years)]
    above = [unit for unit in every_year if all(_of(year, unit).above_median for year in years)]
    return Inflation(
        tuple(years),
        tuple(above),
        tuple(unit for unit in seen if unit not in every_year),
        tuple(not_counted),
    )


def _in_year(year: YearInflation, unit_id: str) -> bool:
    return any(u.unit_id == unit_id for u in year.units)


def _of(year: YearInflation, unit_id: str) -> UnitInflation:
    return next(u for u in year.units if u.unit_id == unit_id)


# ----- award concentration ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class UnitYearAwards:
    period_id: str
    member: bool
    offered: tuple[str, ...]  # title ids
    proposed: tuple[str, ...]


@dataclass(frozen=True)
class UnitAwards:
    unit_id: str
    years: tuple[UnitYearAwards, ...]  # one per tổng kết of the history

    @property
    def proposals(self) -> int:
        return sum(len(year.proposed) for year in self.years)


@dataclass(frozen=True)
class Concentration:
    titles: tuple[tuple[str, str], ...]  # (id, name) of every title met, first seen first
    units: tuple[UnitAwards, ...]  # in the history's order of units
    without_proposals: tuple[str, ...]  # tổng kết whose award proposals are not known


def concentration(history: History, year_ends: Mapping[str, YearEnd]) -> Concentration:
    columns = _year_end_columns(history)
    titles: dict[str, str] = {}
    for _index, column in columns:
        facts = year_ends.get(column.period.id)
        for title in facts.titles if facts else ():
            titles.setdefault(title.title_id, title.title_name)
    units = tuple(
        UnitAwards(
            item.unit.id,
            tuple(_unit_year(item.unit.id, item.standings[i] is not None, c, year_ends) for i, c in columns),
        )
        for item in history.units
    )
    missing = tuple(column.period.id for _index, column in columns if column.period.id not in year_ends)
    return Concentration(tuple(titles.items()), units, missing)


def _unit_year(unit_id: str, member: bool, column: PeriodColumn, year_ends: Mapping[str, YearEnd]) -> UnitYearAwards:
    facts = year_ends.get(column.period.id)
    titles = facts.titles if facts else ()
    return UnitYearAwards(
        column.period.id,
        member,
        tuple(t.title_id for t in titles if unit_id in t.offered),
        tuple(t.title_id for t in titles if unit_id in t.proposed),
    )


# ----- all together -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Formalism:
    bunching: Bunching
    turns: Turns
    inflation: Inflation
    concentration: Concentration


def formalism(history: History, year_ends: Mapping[str, YearEnd]) -> Formalism:
    """`year_ends`: each tổng kết's self scores and award proposals, by period id."""
    return Formalism(
        bunching(history),
        turns(history, year_ends),
        inflation(history, year_ends),
        concentration(history, year_ends),
    )

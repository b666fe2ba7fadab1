"""The province roll-up: the leaders of all clusters of one year, and the Government-flag cap among them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from fractions import Fraction

from ..awards.period import AwardsResult
from ..awards.propose import round_count
from ..errors import DataError, UsageError
from ..i18n import _
from ..model.cluster import GovernmentFlagRule
from ..model.rubric import Rounding
from ..ranking.rank import Basis, Ranked
from ..text.vietnamese import nfc
from ..validation.project import Project


@dataclass(frozen=True)
class Leader:
    cluster: str
    cluster_name: str
    unit: str
    unit_name: str
    total: Decimal | None  # as the cluster's rubric rounds it; None in a cluster ranked by vote
    vote_share: Fraction | None
    selected: bool


@dataclass(frozen=True)
class ProvinceResult:
    year: int
    rule: GovernmentFlagRule
    cap: int
    leaders: tuple[Leader, ...]
    without_leader: tuple[str, ...]  # clusters whose flag is not proposed (yet)
    tied_at_cap: tuple[str, ...] = ()  # equal leaders across the cap: the province decides


@dataclass(frozen=True)
class ClusterSummary:
    """What the roll-up needs of one cluster, small enough to keep for every cluster of a country: the cluster
    itself is let go once this is made (see `summarize`)."""

    id: str
    name: str
    province: str
    year: int
    rule: GovernmentFlagRule
    ranks_by_vote: bool
    rounding: Rounding | None  # the rubric's, for showing the leader's total; None for a cluster ranked by vote
    leader: Leader | None  # the cluster's candidate for the Government's flag, if it proposes one
    members: tuple[tuple[str, str], ...]  # (id, name) of each member at the end of the cluster's year


def summarize(project: Project, ranked: Sequence[Ranked], awards: AwardsResult) -> ClusterSummary:
    """The roll-up's summary of a cluster, from its year-end ranking and award proposals."""
    cluster = project.cluster.model
    members = set(project.members_on(date(cluster.year, 12, 31)))
    return ClusterSummary(
        id=cluster.id,
        name=cluster.name,
        province=cluster.province,
        year=cluster.year,
        rule=cluster.awards.government_flag,
        ranks_by_vote=project.ranks_by_vote,
        rounding=None if project.rubric is None else project.rubric.model.rounding,
        leader=_leader(project, ranked, awards),
        members=tuple((unit.id, unit.name) for unit in project.units.model.units if unit.id in members),
    )


def refuse_mixed(years: Iterable[int], provinces: Iterable[str]) -> int:
    """Clusters of one year and one province, or an error; the year. Checked first on each cluster.yaml alone,
    before the rest of any folder is read."""
    year = _one_year(years)
    _one_province(list(provinces))
    return year


def roll_up(summaries: Sequence[ClusterSummary]) -> ProvinceResult:
    year = refuse_mixed((s.year for s in summaries), (s.province for s in summaries))
    _refuse_shared_units(summaries, year)
    rule = _one_rule(summaries)
    _refuse_totals_by_vote(summaries, rule)
    found = {s.id: s.leader for s in summaries}
    leaders = [leader for leader in found.values() if leader is not None]
    cap = round_count(rule.ratio * len(leaders), rule.rounding)
    ordered = sorted(leaders, key=lambda item: (_rank_key(item, rule), item.cluster, item.unit))
    chosen, tied = _within_cap(ordered, rule, cap)
    selected = tuple(replace(item, selected=item.unit in chosen) for item in ordered)
    missing = tuple(cluster for cluster, leader in found.items() if leader is None)
    return ProvinceResult(year, rule, cap, selected, missing, tied)


def _within_cap(ordered: list[Leader], rule: GovernmentFlagRule, cap: int) -> tuple[set[str], tuple[str, ...]]:
    """Leaders in order, a group of equals at a time; equals that do not all fit are left to the province."""
    chosen: set[str] = set()
    index = 0
    while index < len(ordered):
        key = _rank_key(ordered[index], rule)
        group = [item.unit for item in ordered[index:] if _rank_key(item, rule) == key]
        if len(chosen) + len(group) > cap:
            return chosen, (tuple(group) if len(chosen) < cap else ())
        chosen.update(group)
        index += len(group)
    return chosen, ()


def _one_year(given: Iterable[int]) -> int:
    years = set(given)
    if len(years) != 1:
        raise DataError(
            _("the clusters are of different years ({years}); the roll-up is for one year").format(
                years=", ".join(str(y) for y in sorted(years))
            )
        )
    return years.pop()


def _refuse_shared_units(summaries: Sequence[ClusterSummary], year: int) -> None:
    """A body belongs to one cluster at a time: the same id or the same name among the members of two clusters
    at the year's end (when the year is ranked) is an error. A unit that changed cluster during the year is not."""
    counts = Counter(s.id for s in summaries)
    twice = sorted(cluster for cluster, count in counts.items() if count > 1)
    if twice:
        raise UsageError(_("the cluster {clusters} is given twice").format(clusters=", ".join(twice)))
    seen: dict[str, str] = {}
    clashes = []
    for cluster in summaries:
        for unit, name in cluster.members:
            for key in (f"id:{unit}", f"name:{_folded(name)}"):
                if key in seen and seen[key] != cluster.id:
                    clashes.append(
                        _("{unit} is a member of both {first} and {second} in {year}").format(
                            unit=name, first=seen[key], second=cluster.id, year=year
                        )
                    )
                seen.setdefault(key, cluster.id)
    if clashes:
        raise DataError(
            "; ".join(sorted(set(clashes))),
            hint=_("a unit belongs to one cluster at a time: correct the members of one of them"),
        )


def _one_province(given: list[str]) -> None:
    if len({_folded(province) for province in given}) != 1:
        raise DataError(
            _("the clusters belong to different provinces ({provinces}); the roll-up is for one").format(
                provinces=", ".join(sorted(set(given)))
            )
        )


def _folded(text: str) -> str:
    """Names compared the way a person reads them: NFC, case and spacing ignored."""
    return " ".join(nfc(text).casefold().split())


def _one_rule(summaries: Sequence[ClusterSummary]) -> GovernmentFlagRule:
    rules = {s.rule for s in summaries}
    if len(rules) != 1:
        raise DataError(
            _("the clusters declare different Government-flag rules (awards.government_flag)"),
            hint=_("the province sets one rule: declare the same ratio, rounding and order everywhere"),
        )
    return rules.pop()


def _refuse_totals_by_vote(summaries: Sequence[ClusterSummary], rule: GovernmentFlagRule) -> None:
    """Leaders ordered by total cannot include the leader of a cluster ranked by vote: it has no total."""
    by_vote = [s.name for s in summaries if s.ranks_by_vote]
    if rule.rank_by == "total" and by_vote:
        raise DataError(
            _("{clusters} ranks its members by vote and has no totals, but the leaders are ordered by total").format(
                clusters=", ".join(by_vote)
            ),
            hint=_("declare `awards.government_flag.rank_by: vote_share` in every cluster"),
        )


def _leader(project: Project, ranked: Sequence[Ranked], awards: AwardsResult) -> Leader | None:
    unit = awards.government_flag_candidate
    if unit is None:
        return None
    item = next(r for r in ranked if r.unit.id == unit)
    share = next(
        (
            d.vote.share if d.vote.quorum_met else None
            for t in awards.titles
            for d in t.decisions
            if d.unit == unit and t.title.government_flag_candidate and d.vote is not None
        ),
        None,
    )
    cluster = project.cluster.model
    total = None if item.basis is Basis.VOTES else item.score.total
    return Leader(cluster.id, cluster.name, unit, item.unit.name, total, share, False)


def _rank_key(leader: Leader, rule: GovernmentFlagRule) -> tuple[Fraction, ...]:
    share = leader.vote_share if leader.vote_share is not None else Fraction(-1)
    total = Fraction(leader.total) if leader.total is not None else Fraction(-1)
    return (-share, -total) if rule.rank_by == "vote_share" else (-total, -share)

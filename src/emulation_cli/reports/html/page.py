"""The overview page's context, from the period's typed results (the same `PeriodData` every document uses)."""

from __future__ import annotations

from collections.abc import Callable

from ...awards.period import AwardsResult
from ...awards.propose import Outcome
from ...i18n import speaking
from ...membership.roster import Departure
from ...model.rubric import Rubric
from ...ranking.margins import gap_to_next_band
from ...ranking.rank import Ranked, rank_text
from ...results.ballot_text import ballot_lines, ballot_warnings, share_text
from ...results.explain import Explanation, explain_by_vote, explain_points
from ...scoring.commitments import Status
from ...text.numbers import Numbers
from ..gather import PeriodData
from ..model import DepartedCtx
from .covenant import awards_chart, covenant_chart
from .formalism import formalism_figures
from .model import HtmlPage, ProgressRow, RankingRow, SectionCell, VoteRow
from .profile import profile_chart, self_chart
from .ranking import ranking_chart
from .votes import votes_chart
from .years import years_chart

VI = "vi"  # the page, like every document, is Vietnamese


def build_page(
    data: PeriodData, numbers: Numbers, departed: list[DepartedCtx], departure_words: Callable[[Departure], str]
) -> HtmlPage:
    """`departed`: the units that left during the period, and `departure_words` why a unit left, as the documents
    say them (the cluster's own phrases)."""
    rubric = data.rubric
    ranked = data.ranked or ()
    # A unit without an assessment file has no profile and no self-score: it would drag the cluster's median.
    scored = tuple(item for item in ranked if item.score.has_assessment) if rubric else ()
    no_assessment = data.project.phrases.say("note.no_assessment")
    cluster = data.project.cluster.model
    return HtmlPage(
        title=f"{cluster.name} — {data.period.title}",
        cluster_name=cluster.name,
        period_title=data.period.title,
        is_year=data.is_year,
        by_vote=data.by_vote,
        departed=departed,
        rubric_line="" if rubric is None else f"Bộ tiêu chí {rubric.id}, phiên bản {rubric.version}.",
        section_ids=[s.id for s in rubric.sections] if rubric else [],
        section_titles=[s.title for s in rubric.sections] if rubric else [],
        classified=rubric is not None and rubric.classification is not None,
        ranking_chart=ranking_chart(ranked, rubric, data.awards, numbers, no_assessment) if rubric and ranked else None,
        profile_chart=profile_chart(scored, rubric, numbers) if rubric and scored else None,
        self_chart=self_chart(scored, numbers) if rubric and rubric.self_scored and scored else None,
        not_scored=[item.score.unit.short_name for item in ranked if not item.score.has_assessment] if rubric else [],
        no_assessment=no_assessment,
        covenant_chart=covenant_chart(data.progress, data.is_year),
        awards_chart=awards_chart(data.awards, {u.id: u for u in data.project.units.model.units}, _ranks(ranked)),
        years_chart=years_chart(data.years, departure_words),
        formalism=[] if data.formalism is None else formalism_figures(data.formalism, _short_names(data), data.by_vote),
        ranking_rows=[_ranking_row(item, rubric, data.awards, numbers, no_assessment) for item in ranked]
        if rubric
        else [],
        votes_chart=votes_chart(ranked, data.awards, numbers) if data.by_vote else None,
        vote_rows=[_vote_row(item, data, numbers) for item in ranked] if data.by_vote else [],
        ballot_lines=_ballot_lines(data),
        explanations=_explanations(data, ranked, rubric),
        progress=[] if data.is_year else _progress(data),
    )


def _ranks(ranked: tuple[Ranked, ...]) -> dict[str, str]:
    return {item.unit.id: rank_text(item.rank, item.tied) for item in ranked}


def _short_names(data: PeriodData) -> Callable[[str], str]:
    """Units by their short names: this folder's, and those of the earlier years given (a unit that has merged
    away since is named as it was then)."""
    earlier = {item.unit.id: item.unit.short_name for item in data.years.units} if data.years else {}
    known = earlier | {unit.id: unit.short_name for unit in data.project.units.model.units}
    return lambda unit_id: known.get(unit_id, unit_id)


def _ranking_row(
    item: Ranked, rubric: Rubric, awards: AwardsResult | None, numbers: Numbers, no_assessment: str
) -> RankingRow:
    score = item.score
    band = score.classification.band.label if score.classification else ""
    return RankingRow(
        unit_id=score.unit.id,
        rank=rank_text(item.rank, item.tied),
        short_name=score.unit.short_name,
        sections=[SectionCell(id=sid, points=numbers.points(value)) for sid, value in score.sections],
        bonus=numbers.points(score.bonus),
        penalty=numbers.points(score.penalty),
        total=format(score.total, "f"),
        total_text=numbers.points(score.total),
        classification=band,
        margins=_margins(item, rubric, awards, numbers) if score.has_assessment else [no_assessment],
    )


def _margins(item: Ranked, rubric: Rubric, awards: AwardsResult | None, numbers: Numbers) -> list[str]:
    """How far the unit is from the next classification band, and from each award's quota line: the points
    behind the last unit offered it, or, for that last unit, ahead of the first one left below the line."""
    lines = []
    band = gap_to_next_band(item.score, rubric)
    if band is not None and band.floors_missed:
        nodes = ", ".join(band.nodes_below_floor)
        lines.append(
            f"để đạt {band.band.label}: cần thêm {numbers.points(band.gap)} điểm và đạt mức tối thiểu của "
            f"loại này ở {nodes}"
        )
    elif band is not None:
        lines.append(f"cần thêm {numbers.points(band.gap)} điểm để đạt {band.band.label}")
    for title in awards.titles if awards else ():
        name = title.title.name
        # Below the line, nearest first: the units tied across it (the meeting decides), then those left out.
        below = [
            d
            for d in title.decisions
            if d.outcome in (Outcome.TIE_AT_QUOTA, Outcome.QUOTA_REACHED) and d.gap_to_last_proposed is not None
        ]
        for decision in below:
            if decision.unit == item.unit.id:
                gap = decision.gap_to_last_proposed
                assert gap is not None
                if decision.outcome is Outcome.TIE_AT_QUOTA:
                    lines.append(f"đồng hạng tại vạch {name}, Hội nghị quyết định")
                lines.append(f"kém đơn vị cuối cùng được đề nghị {name} {numbers.points(gap)} điểm")
        if below and title.proposed and title.proposed[-1] == item.unit.id:
            ahead = below[0].gap_to_last_proposed
            assert ahead is not None
            lines.append(f"cao hơn vạch {name} {numbers.points(ahead)} điểm")
    return lines


def _explanations(data: PeriodData, ranked: tuple[Ranked, ...], rubric: Rubric | None) -> list[Explanation]:
    """What `emul explain FOLDER UNIT` says of each unit, in Vietnamese."""
    names = {unit.id: unit.short_name for unit in data.project.units.model.units}
    with speaking(VI):
        if data.by_vote and data.ranking is not None:
            return [explain_by_vote(data.ranking, item) for item in ranked]
        if rubric is None:
            return []
        return [explain_points(rubric, ranked, item, data.period.title, data.project.root, names) for item in ranked]


def _vote_row(item: Ranked, data: PeriodData, numbers: Numbers) -> VoteRow:
    return VoteRow(
        unit_id=item.unit.id,
        rank=rank_text(item.rank, item.tied),
        short_name=item.unit.short_name,
        votes=item.tally.votes,
        share=share_text(item.tally, numbers),
        note=data.project.phrases.say("note.tie_unresolved") if item.tie_unresolved else "",
    )


def _ballot_lines(data: PeriodData) -> list[str]:
    """The ranking ballot's counts and rule, or why it decides nothing yet, as `emul score` says them."""
    if not data.by_vote or data.ranking is None:
        return []
    ballot = data.ranking.ranking_ballot
    with speaking(VI):
        return [*ballot_warnings(ballot, data.period), *ballot_lines(ballot)]


def _progress(data: PeriodData) -> list[ProgressRow]:
    return [
        ProgressRow(
            short_name=p.unit.short_name,
            commitments=len(p.outcomes),
            on_track=p.count(Status.MET),
            behind=p.count(Status.NOT_MET),
            no_data=p.count(Status.NO_DATA),
            to_watch=", ".join(o.commitment.id for o in p.behind),
        )
        for p in data.progress
    ]

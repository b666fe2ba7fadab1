"""The bình xét kit: the ballot papers, the Ban kiểm phiếu's minutes and the chair's sheet, built from the awards
engine's decisions (who is put to the vote, in which order, the votes needed, who comes next): nothing here
decides; it only formats what awards/ decided."""

from __future__ import annotations

from fractions import Fraction
from functools import cached_property

from ..awards.attendance import Attendance
from ..awards.propose import Decision, Outcome, TitleResult
from ..awards.votes import VoteSummary, quorum_met, quorum_needed, share_basis
from ..errors import InternalError
from ..ranking.rank import rank_text
from ..text.terms import award_kind_word, vote_basis
from .context import Builder, clean
from .kinds import BY_NAME
from .kit_model import (
    BallotPaperCtx,
    CandidateCtx,
    KitAwardCtx,
    KitContext,
    KitCtx,
    ProposalNeedCtx,
    RankingCountCtx,
    RankingPaperCtx,
    VoteCountCtx,
    VoteRuleCtx,
)

RANKING_PAPER = "xep-hang"  # phieu-bau-xep-hang.docx: the ranking ballot of a cluster ranked by vote


def kit_documents(builder: Builder, kind: str) -> list[tuple[str, str, KitContext]]:
    """(path in the output folder, title property, context) of each document of a kit kind; none when the
    period has nothing to put to the vote. The paths hold ids: the caller checks them (plan.file_name)."""
    kit = KitBuilder(builder)
    record = BY_NAME[kind]
    year = str(builder.data.period.end.year)
    if kind == "phieu-bau":
        return [
            (record.file_tong_ket.format(award=paper_id), record.doc_title.format(name=name), context)
            for paper_id, name, context in kit.papers()
        ]
    if kind == "kiem-phieu" and not kit.has_votes():
        return []
    name = record.file_tong_ket
    return [(name, record.doc_title.format(year=year), kit.context(kind))]


class KitBuilder:
    def __init__(self, builder: Builder) -> None:
        self.builder = builder
        awards = builder.data.awards
        if awards is None:
            raise InternalError("the bình xét kit is written at the year's end, when there are proposals")
        self.titles = awards.titles
        self.attendance: Attendance = awards.attendance
        self.recorded = awards.ballot_recorded
        self.by_vote = builder.data.by_vote

    def has_votes(self) -> bool:
        return self.by_vote or any(t.put_to_vote for t in self.titles)

    def context(self, kind: str, paper: BallotPaperCtx | None = None) -> KitContext:
        report = self.builder.report(kind)
        return KitContext(**dict(report), kit=self.kit, paper=paper)

    def papers(self) -> list[tuple[str, str, KitContext]]:
        """(id, name, context) of each ballot paper: the ranking ballot first (it decides the ranking the awards
        follow), then one per award put to the vote."""
        copies = list(range(1, self.copies() + 1))
        found = []
        if self.by_vote:
            paper = BallotPaperCtx(ranking=True, award=None, copies=copies)
            found.append((RANKING_PAPER, "xếp hạng", self.context("phieu-bau", paper)))
        for title in self.titles:
            if title.put_to_vote:
                award = self.award(title)
                paper = BallotPaperCtx(ranking=False, award=award, copies=copies)
                # An award whose id is the ranking paper's keeps its own file beside it.
                clash = self.by_vote and title.title.id == RANKING_PAPER
                paper_id = f"khen-thuong-{title.title.id}" if clash else title.title.id
                found.append((paper_id, award.name, self.context("phieu-bau", paper)))
        return found

    def copies(self) -> int:
        """One ballot per member present where the meeting says who is, else one per member."""
        return self.attendance.present_count or self.attendance.member_count

    @cached_property
    def kit(self) -> KitCtx:
        """The same for every document of the kit."""
        return KitCtx(
            recorded=self.recorded,
            rule=self.rule(),
            awards=[self.award(t) for t in self.titles],
            ranking=self.ranking() if self.by_vote else None,
            copies=self.copies(),
        )

    def rule(self) -> VoteRuleCtx:
        rule = self.builder.cluster.awards.vote
        members = self.attendance.member_count
        basis, counted = share_basis(rule, self.attendance, None)
        present = self.attendance.present_count
        return VoteRuleCtx(
            threshold=fraction_text(rule.threshold),
            above=rule.comparator == "gt",
            basis=vote_basis(basis, counted, vietnamese=True),
            quorum=fraction_text(rule.quorum),
            quorum_needed=quorum_needed(rule, members),
            members=members,
            present="" if present is None else str(present),
            quorum_met=quorum_met(rule, self.attendance),
        )

    def award(self, title: TitleResult) -> KitAwardCtx:
        proposals = [d for d in title.decisions if d.offered or d.outcome is Outcome.VOTE_FAILED]
        return KitAwardCtx(
            id=title.title.id,
            name=clean(title.title.name),
            kind=award_kind_word(title.title.kind, vietnamese=True),
            quota=title.quota,
            requires_vote=title.title.requires_vote,
            candidates=[self.candidate(number, d.unit) for number, d in enumerate(title.put_to_vote, start=1)],
            counts=[self.count(title, number, d) for number, d in enumerate(title.put_to_vote, start=1)],
            proposals=[self.proposal(number, d) for number, d in enumerate(proposals, start=1)],
            reserves=[self.candidate(number, unit) for number, unit in enumerate(title.reserves, start=1)],
            tie_at_quota=[self.builder.unit_ref(u) for u in title.tie_at_quota_line],
        )

    def candidate(self, number: int, unit: str) -> CandidateCtx:
        ranked = self.builder.data.ranked_of(unit)
        return CandidateCtx(
            number=number,
            unit=self.builder.unit_ref(unit),
            rank=self.rank(unit),
            rank_words=self.builder.rank_words(ranked),
        )

    def rank(self, unit: str) -> str:
        ranked = self.builder.data.ranked_of(unit)
        return rank_text(ranked.rank, ranked.tied) if ranked is not None else ""

    def count(self, title: TitleResult, number: int, decision: Decision) -> VoteCountCtx:
        summary = self.summary(decision)
        vote = self.builder.vote_ctx(title, decision.unit, summary)
        result = vote.result if summary.counts is not None else ""  # a count still to be made: the Ban writes it
        return VoteCountCtx(**{**dict(vote), "result": result}, number=number)

    def proposal(self, number: int, decision: Decision) -> ProposalNeedCtx:
        summary = decision.vote
        replaced = decision.replaces
        return ProposalNeedCtx(
            number=number,
            unit=self.builder.unit_ref(decision.unit),
            rank=self.rank(decision.unit),
            voted=summary is not None,
            needed=summary.needed if summary else 0,
            basis=vote_basis(summary.basis, summary.denominator, vietnamese=True) if summary else "",
            status=self.builder.vote_word(summary) if summary else "",
            replaces=self.builder.unit_ref(replaced.unit) if replaced else None,
        )

    @staticmethod
    def summary(decision: Decision) -> VoteSummary:
        if decision.vote is None:
            raise InternalError(f"{decision.unit} was not put to the vote")
        return decision.vote

    def ranking(self) -> RankingPaperCtx:
        data = self.builder.data
        standings = data.ranking
        ballot = standings.ranking_ballot if standings is not None else None
        counts = ballot.counts if ballot is not None else None
        ranked = {item.unit.id for item in data.ranked or ()}
        units = [u for u in data.project.members(data.period) if u in ranked]
        rule = self.builder.cluster.ranking_ballot
        choices = rule.choices if rule is not None else None
        report = self.builder.report("phieu-bau").ranking.ballot
        return RankingPaperCtx(
            choices="" if choices is None else str(choices),
            units=[
                RankingCountCtx(
                    number=number,
                    unit=self.builder.unit_ref(unit),
                    votes="" if counts is None else str(counts.votes.get(unit, 0)),
                )
                for number, unit in enumerate(units, start=1)
            ],
            recorded=counts is not None,
            issued=_text(counts.issued if counts else None),
            returned=_text(counts.returned if counts else None),
            valid=_text(counts.valid if counts else None),
            invalid=_text(counts.invalid if counts else None),
            status=report.status if report is not None else "",
        )


def fraction_text(value: Fraction) -> str:
    """'1/2', '2/3': a declared share as a regulation writes it."""
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def _text(value: int | None) -> str:
    return "" if value is None else str(value)

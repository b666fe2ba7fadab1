"""Context builders: a period's data turned into the plain, formatted values the templates print."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from fractions import Fraction

from ..awards.attendance import meeting_attendance
from ..awards.gates import GateCheck, GateStatus
from ..awards.propose import Decision, Outcome, TitleResult
from ..awards.votes import VoteSummary, share_basis
from ..errors import InternalError
from ..membership.roster import Departure
from ..model.covenant import Commitment, Covenant
from ..model.legal import in_force
from ..model.rubric import Criterion, Rubric, Section
from ..model.units import Unit
from ..ranking.rank import Basis, Ranked, rank_text
from ..ranking.tally import RankingBallotResult
from ..results import explanations
from ..rubrics.versions import rubric_hash
from ..scoring.commitments import CommitmentOutcome, Status, whole_rounding
from ..scoring.criterion import CriterionScore
from ..scoring.progress import UnitProgress
from ..scoring.sheet import UnitScore
from ..text.citations import rule_citation, split_title
from ..text.methods import method_name
from ..text.numbers import Numbers
from ..text.terms import award_kind_word, gate_reason, replacement_reason, vote_basis
from ..text.vietnamese import collation_key, long_date, nfc, short_date, typographic
from . import labels
from . import meeting as minutes
from .gather import PeriodData
from .kinds import BY_NAME
from .model import (
    AwardsCtx,
    AwardTitleCtx,
    ClusterCtx,
    CommitmentCtx,
    CommitmentStatusCtx,
    CovenantCtx,
    CriterionRowCtx,
    DepartedCtx,
    DocumentCtx,
    IssuedDocumentCtx,
    LegalBasisCtx,
    MeetingCtx,
    MovementCtx,
    PeriodCtx,
    ProposalCtx,
    RankingBallotCtx,
    RankingCtx,
    RankingVoteCtx,
    ReportContext,
    RubricCtx,
    ScorerCtx,
    ScorerScoreCtx,
    SectionCtx,
    SectionScoreCtx,
    SignerCtx,
    SummaryCtx,
    UnitCommitmentsCtx,
    UnitRef,
    UnitResultCtx,
    UnitSheetContext,
    VoteCtx,
)

# Characters XML 1.0 cannot carry, or that Word would show as boxes. The loader already refuses them in the
# files and in their escapes; a document is the last place they would do harm, so it does not rely on that
# alone. Line-like ones become a space, so that the words on either side stay apart.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")
_LINE_LIKE = re.compile(r"[\r\x0b\x0c\x85\u2028\u2029]")


def safe_text(text: str | None) -> str:
    """User text as a form may carry it back unchanged: NFC, control characters removed, never None."""
    return _CONTROL.sub("", _LINE_LIKE.sub(" ", nfc(text))) if text else ""


def clean(text: str | None) -> str:
    """User text as it may appear in a document: safe_text, with quotes and dashes as the documents print
    them (text.vietnamese.typographic)."""
    return typographic(safe_text(text))


# The fields of a unit's score sheet (UnitSheetContext) that differ from the report context it extends.
SHEET_OWN = ("signer", "unit", "criteria")


def group_word(cluster_name: str) -> str:
    """'Khối' for a khối thi đua, 'Cụm' otherwise: the word the cluster's documents use for it."""
    return "Khối" if nfc(cluster_name).strip().lower().startswith("khối") else "Cụm"


class Builder:
    """Builds the context once per period; each document then only swaps its `document` header."""

    def __init__(self, data: PeriodData) -> None:
        self.data = data
        self.project = data.project
        self.cluster = data.project.cluster.model
        self.rubric: Rubric | None = data.rubric  # None in a cluster ranked by vote
        rounding = self.rubric.rounding if self.rubric is not None else None
        self.numbers = Numbers.of(rounding, comma=True) if rounding else Numbers(comma=True)  # documents are Vietnamese
        self.roster = data.project.roster
        self.doc_day = data.project.decision_date(data.period)
        self._units = {u.id: u for u in data.project.units.model.units}
        self.group = group_word(self.cluster.name)
        self.phrases = data.project.phrases
        self._base: ReportContext | None = None
        self._reports: dict[str, ReportContext] = {}  # a score sheet per unit shares one report context
        self._sheet_results: dict[str, UnitResultCtx] | None = None

    # ----- public -------------------------------------------------------------------------------------
    def report(self, kind: str) -> ReportContext:
        if kind not in self._reports:
            self._reports[kind] = self._report(kind)
        return self._reports[kind]

    def _report(self, kind: str) -> ReportContext:
        base = self.base()
        update: dict[str, object] = {
            "document": self.document(kind),
            "recipients": self.recipients(kind),
            "signer": self.signer(kind),
        }
        update["cluster"] = self.cluster_ctx(self.day(kind), self.roster_day(kind))  # what holds on its date
        return base.model_copy(update=update)

    def day(self, kind: str) -> date:
        """The date a document carries: the covenant's signing for the giao ước, else the period's meeting."""
        covenant = self.project.covenant.model if self.project.covenant else None
        if kind == "giao-uoc" and covenant is not None and covenant.signing is not None:
            return covenant.signing.date
        return self.doc_day

    def unit_sheet(self, score: UnitScore) -> UnitSheetContext:
        """One unit's score sheet: the report around it (the same for every sheet, shared, not copied: with a
        copy per sheet the sheets together grew with the square of the number of units) and its own parts."""
        report = self.report("phieu-cham")
        return UnitSheetContext.model_construct(**{**dict(report), **self.sheet_own(score)})

    def sheet_own(self, score: UnitScore) -> dict[str, object]:
        """What one unit's score sheet has that the report around it does not: the fields in SHEET_OWN."""
        own = {
            "signer": self.sheet_signer(score.unit.id),
            "unit": self._result_of(score.unit.id),
            "criteria": self.criteria_rows(score),
        }
        return own

    def _result_of(self, unit_id: str) -> UnitResultCtx:
        if self._sheet_results is None:
            self._sheet_results = {r.unit.id: r for r in self.report("phieu-cham").results}
        return self._sheet_results[unit_id]

    def base(self) -> ReportContext:
        if self._base is None:
            self._base = ReportContext(
                document=self.document("bao-cao"),
                cluster=self.cluster_ctx(self.doc_day, self.doc_day),
                period=self.period_ctx(),
                rubric=self.rubric_ctx(),
                ranking=self.ranking_ctx(),
                results=[self.result(unit.id) for unit in self.data.ordered_units()],
                awards=self.awards_ctx(),
                covenant=self.covenant_ctx(),
                summary=self.summary(),
                signer=self.signer("bao-cao"),
                recipients=self.recipients("bao-cao"),
                departed=self.departed_ctx(),
            )
        return self._base

    # ----- numbers and names --------------------------------------------------------------------------
    def num(self, value: Fraction | Decimal) -> str:
        return self.numbers.points(value)

    def unit_ref(self, unit_id: str, day: date | None = None) -> UnitRef:
        """A unit as a document names it on `day` (default: the period's document date): its role and head then."""
        day = day or self.doc_day
        unit: Unit | None = self._units.get(unit_id)
        name = clean(unit.name) if unit else unit_id
        head = unit.head_on(day) if unit else None
        return UnitRef(
            id=unit_id,
            name=name,
            name_upper=name.upper(),
            short_name=clean(unit.short_name) if unit else unit_id,
            abbreviated=unit is not None and clean(unit.short_name) != name,
            head_title=clean(head.title) if head else "",
            head_name=clean(head.name) if head else "",
            role=self.phrases.say(f"role.{self.roster.roles_on(day).get(unit_id, 'thanh_vien')}", group=self.group),
        )

    # ----- headers ------------------------------------------------------------------------------------
    def document(self, kind: str) -> DocumentCtx:
        title, code = BY_NAME[kind].heading, BY_NAME[kind].type_code
        day = self.day(kind)
        return DocumentCtx(
            kind=kind,
            title=title,
            number=f"…/{code}-{clean(self.cluster.code)}" if code else "",
            date=short_date(day),
            date_long=long_date(day),
            place_date=long_date(day, clean(self.cluster.place)),
            addressee=BY_NAME[kind].addressee.format(province=clean(self.cluster.province)),
        )

    def recipients(self, kind: str) -> list[str]:
        province = clean(self.cluster.province)
        return [line.format(province=province, group=self.group) for line in BY_NAME[kind].recipients]

    def signer(self, kind: str) -> SignerCtx:
        """The cụm trưởng on the document's date signs for the cluster (TM. = on behalf of the collective)."""
        leader = self.cluster_leader(self.roster_day(kind))
        position = f"{leader.head_title} {leader.name}".strip().upper() if leader else ""
        return SignerCtx(
            on_behalf=f"TM. {clean(self.cluster.name).upper()}",
            acting="",
            role=f"{self.group} trưởng".upper(),
            position=position,
            name=leader.head_name if leader else "",
        )

    def sheet_signer(self, unit_id: str) -> SignerCtx:
        """Who signs the cluster's side of a unit's score sheet: the cụm trưởng, except on the cụm trưởng's own
        sheet, which its appraiser signs (one person never signs both sides of a sheet): the unit cluster.yaml
        declares (`scoring.leader_appraised_by`), else the cụm phó signing for the cụm trưởng (KT.)."""
        day = self.roster_day("phieu-cham")
        if unit_id != self.roster.holder("cum_truong", day):
            return self.signer("phieu-cham")
        declared = self.cluster.scoring.leader_appraised_by
        appraiser = declared or self.roster.holder("cum_pho", day)
        unit = self.unit_ref(appraiser, day) if appraiser else None
        position = f"{unit.head_title} {unit.name}".strip().upper() if unit else ""
        name = unit.head_name if unit else ""
        if declared and declared != self.roster.holder("cum_pho", day):
            return SignerCtx(on_behalf="ĐƠN VỊ THẨM ĐỊNH", acting="", role="", position=position, name=name)
        return SignerCtx(
            on_behalf=f"TM. {clean(self.cluster.name).upper()}",
            acting=f"KT. {self.group} trưởng".upper(),
            role=f"{self.group} phó".upper(),
            position=position,
            name=name,
        )

    def cluster_leader(self, day: date) -> UnitRef | None:
        leader = self.roster.holder("cum_truong", day)
        return self.unit_ref(leader, day) if leader else None

    def roster_day(self, kind: str) -> date:
        """The day whose members, roles and heads a document shows: its own date; for the giao ước, the day its
        parties are counted (the year's first day when it was signed the year before)."""
        covenant = self.project.covenant.model if self.project.covenant else None
        if kind == "giao-uoc" and covenant is not None and covenant.signing is not None:
            return self.roster.parties_day(covenant.signing.date, covenant.year)
        return self.day(kind)

    def cluster_ctx(self, day: date, members_day: date) -> ClusterCtx:
        """The cluster as a document dated `day` shows it: the legal texts in force that day (model/legal.py) and
        the cluster's own documents issued by then; its members, roles and heads on `members_day`."""
        cluster = self.cluster
        bases = in_force(cluster.legal_bases, day)
        documents = [d for d in cluster.documents if d.date <= day]
        members = self.roster.members_on(members_day)
        pho = self.roster.holder("cum_pho", members_day)
        return ClusterCtx(
            id=cluster.id,
            name=clean(cluster.name),
            name_upper=clean(cluster.name).upper(),
            code=clean(cluster.code),
            group=self.group,
            province=clean(cluster.province),
            host_body=clean(cluster.host_body).upper(),
            place=clean(cluster.place),
            year=cluster.year,
            theme=clean(cluster.theme),
            legal_bases=[LegalBasisCtx(text=_legal_basis(b.title, b.number, b.date, b.issuer)) for b in bases],
            documents=[
                IssuedDocumentCtx(
                    number=clean(d.number),
                    date=short_date(d.date),
                    title=clean(d.title),
                    issuer=clean(d.issuer or cluster.name),
                    citation=_legal_basis(d.title, d.number, d.date, d.issuer or cluster.name, d.type),
                )
                for d in documents
            ],
            members=[self.unit_ref(u, members_day) for u in members],
            cum_truong=self.cluster_leader(members_day),
            cum_pho=self.unit_ref(pho, members_day) if pho else None,
        )

    def period_ctx(self) -> PeriodCtx:
        period = self.data.period
        return PeriodCtx(
            id=period.id,
            title=clean(period.title),
            is_year=self.data.is_year,
            start=short_date(period.start),
            end=short_date(period.end),
            year=period.end.year,
            meeting=self.meeting_ctx(),
        )

    def meeting_ctx(self) -> MeetingCtx | None:
        meeting = self.project.meeting(self.data.period)
        if meeting is None:
            return None
        attendance = self.data.awards.attendance if self.data.awards else None
        attendance = attendance or meeting_attendance(self.project, self.data.period)
        return minutes.meeting_ctx(meeting, attendance, self.cluster.awards.vote, self.unit_ref, clean)

    def rubric_ctx(self) -> RubricCtx | None:
        rubric = self.rubric
        if rubric is None:
            return None
        return RubricCtx(
            id=rubric.id,
            version=clean(rubric.version),
            title=clean(rubric.title),
            scale=self.plain(Fraction(rubric.scale)),
            content_hash=rubric_hash(rubric),
            sections=[
                SectionCtx(id=s.id, title=clean(s.title), max=self.plain(Fraction(s.max))) for s in rubric.sections
            ],
            self_scored=rubric.self_scored,
            classified=rubric.classification is not None,
            scorers=[ScorerCtx(id=s.id, name=clean(s.name), scores=self._scored_by(s.id)) for s in rubric.scorers],
        )

    def _scored_by(self, scorer_id: str) -> str:
        """'phần I; tiêu chí “Thưởng thành tích”': the parts of the rubric a scoring body scores, where declared."""
        rubric = self.points_rubric
        parts = [f"phần {s.id}" for s in rubric.sections if s.scored_by == scorer_id]
        for section in rubric.all_sections():
            if section.scored_by == scorer_id:
                continue
            parts += [
                f"tiêu chí {quoted(n.title)}" for c in section.criteria for n in c.nodes() if n.scored_by == scorer_id
            ]
        capped = {"điểm thưởng": rubric.bonus, "điểm trừ": rubric.penalty}
        parts += [name for name, s in capped.items() if s is not None and s.scored_by == scorer_id]
        return "; ".join(parts)

    def plain(self, value: Fraction) -> str:
        """A declared number as written (100, 2,5): no padding to the rubric's decimals."""
        return self.numbers.plain(value)

    # ----- ranking by vote ------------------------------------------------------------------------------
    def ranking_ctx(self) -> RankingCtx:
        if not self.data.by_vote:
            basis = self.phrases.say("ranking.basis_points")
            return RankingCtx(by_vote=False, basis=basis, choices="", rule="", legal_basis="", ballot=None)
        rule = self.cluster.ranking_ballot
        choices = rule.choices if rule is not None else None
        ballot = self.data.ranking.ballot if self.data.ranking is not None else None
        return RankingCtx(
            by_vote=True,
            basis=self.phrases.say("ranking.basis_votes"),
            choices="" if choices is None else str(choices),
            rule=self._ballot_rule(choices),
            legal_basis=clean(rule.legal_basis if rule is not None else None),
            ballot=self._ballot_ctx(ballot) if ballot else None,
        )

    def _ballot_ctx(self, ballot: RankingBallotResult) -> RankingBallotCtx:
        counts = ballot.counts if ballot.counted else None
        ranked = self.data.ranked or ()
        return RankingBallotCtx(
            counted=ballot.counted,
            status=self.phrases.say(f"ballot.{ballot.state.value}"),
            issued=str(counts.issued) if counts else "",
            returned=str(counts.returned) if counts else "",
            valid=str(counts.valid) if counts else "",
            rows=[self._vote_row(item) for item in ranked] if ballot.counted else [],
            ties=self._ties(ranked) if ballot.counted else [],
        )

    def _vote_row(self, item: Ranked) -> RankingVoteCtx:
        tally = item.tally
        return RankingVoteCtx(
            rank=rank_text(item.rank, item.tied),
            unit=self.unit_ref(tally.unit.id),
            votes=str(tally.votes),
            percent="" if tally.share is None else self.numbers.percent(tally.share),
        )

    def _ties(self, ranked: tuple[Ranked, ...]) -> list[str]:
        """'Phường A, Phường B cùng 5 phiếu, đồng hạng 4': each group of units the ballot did not separate."""
        groups: dict[int, list[Ranked]] = {}
        for item in ranked:
            if item.tied:
                groups.setdefault(item.rank, []).append(item)
        lines = []
        for rank, items in groups.items():
            names = ", ".join(sorted((self.unit_ref(i.unit.id).name for i in items), key=collation_key))
            lines.append(self.phrases.say("ranking.tie", units=names, votes=items[0].tally.votes, rank=rank))
        return lines

    def _ballot_rule(self, choices: int | None) -> str:
        """The declared rule of the ranking ballot, as the minutes state it."""
        if choices is None:
            return self.phrases.say("ranking.rule")
        return self.phrases.say("ranking.rule_limited", choices=choices)

    # ----- results ------------------------------------------------------------------------------------
    def result(self, unit_id: str) -> UnitResultCtx:
        score = self.data.score_of(unit_id)
        if score is None:
            return self._vote_result(unit_id)
        ranked = self.data.ranked_of(unit_id)
        progress = self._progress(score.unit.id)
        behind = progress.behind if progress else ()
        return UnitResultCtx(
            unit=self.unit_ref(score.unit.id),
            rank=rank_text(ranked.rank, ranked.tied) if ranked else "",
            rank_words=self.rank_words(ranked),
            votes="",
            vote_percent="",
            total=self.num(score.total),
            self_total=self.num(score.self_total_exact) if score.self_scored else "",
            difference=self.num(score.self_total_exact - score.total_exact) if score.self_scored else "",
            classification=clean(score.classification.band.label) if score.classification else "",
            sections=[self._section(score, s.id, s.title) for s in self._sections()],
            bonus=self.num(score.bonus),
            penalty=self.num(score.penalty),
            self_bonus=self.num(score.self_bonus) if score.self_scored else "",
            self_penalty=self.num(score.self_penalty) if score.self_scored else "",
            commitments_total=len(progress.outcomes) if progress else 0,
            commitments_met=progress.count(Status.MET) if progress else 0,
            commitments_behind=[self._commitment_status(o) for o in behind],
            notes=self._notes(ranked) if ranked else self._sketch_notes(score),
            not_assigned=", ".join(score.not_assigned),
            scale_note=self._scale_note(score),
            by_scorer=[
                ScorerScoreCtx(
                    name=clean(scorer.name),
                    points=self.num(points),
                    bonus=self.num(bonus) if scorer.id in self._bonus_scorers() else "",
                )
                for scorer, points, bonus in score.by_scorer()
            ],
        )

    def _bonus_scorers(self) -> set[str | None]:
        """The scoring bodies that score a bonus item."""
        bonus = self.points_rubric.bonus
        every = self.points_rubric.scorer_ids()
        return {every.get(leaf.id) for c in bonus.criteria for leaf in c.leaves()} if bonus else set()

    def _scale_note(self, score: UnitScore) -> str:
        """How the total of a unit with criteria not assigned is brought back to the scale."""
        if not score.not_assigned:
            return ""
        assigned, scale = self.plain(score.assigned_max), self.plain(Fraction(self.points_rubric.scale))
        if not score.rescaled:
            return self.phrases.say("scale.assigned", assigned=assigned, scale=scale)
        sections = sum((value for _sid, value in score.sections), Fraction(0))
        scaled = self.num(sections * score.scale_factor)
        return self.phrases.say(
            "scale.rescaled", points=self.num(sections), assigned=assigned, scale=scale, scaled=scaled
        )

    def _vote_result(self, unit_id: str) -> UnitResultCtx:
        """A unit of a cluster ranked by vote: its rank and votes, its covenant; no points, no classification."""
        ranked = self.data.ranked_of(unit_id)
        tally = ranked.tally if ranked is not None else None
        counted = tally is not None and tally.share is not None
        progress = self._progress(unit_id)
        return UnitResultCtx(
            unit=self.unit_ref(unit_id),
            rank=rank_text(ranked.rank, ranked.tied) if ranked else "",
            rank_words=self.rank_words(ranked),
            votes=str(tally.votes) if tally is not None and counted else "",
            vote_percent=self.numbers.percent(tally.share) if tally is not None and tally.share is not None else "",
            total="",
            self_total="",
            difference="",
            classification="",
            sections=[],
            bonus="",
            penalty="",
            self_bonus="",
            self_penalty="",
            commitments_total=len(progress.outcomes) if progress else 0,
            commitments_met=progress.count(Status.MET) if progress else 0,
            commitments_behind=[self._commitment_status(o) for o in (progress.behind if progress else ())],
            notes=[self._note("tie-unresolved")] if ranked is not None and ranked.tie_unresolved else [],
            not_assigned="",
            scale_note="",
            by_scorer=[],
        )

    @property
    def points_rubric(self) -> Rubric:
        """The rubric, for what is written only for a cluster ranked by points (score sheets, score workbook)."""
        if self.rubric is None:
            raise InternalError("a cluster ranked by vote has no rubric")
        return self.rubric

    def _sections(self) -> list[Section]:
        return self.rubric.sections if self.rubric is not None else []

    def _notes(self, ranked: Ranked) -> list[str]:
        """What the meeting should look at, naming the criteria concerned."""
        classified = ranked.score.classification
        details = {
            "large-difference": ", ".join(c.criterion.id for c in ranked.score.flagged_differences),
            "below-floor": ", ".join(cid for cid, _share in classified.below_floor) if classified else "",
            "not-assigned": ", ".join(ranked.score.not_assigned),
        }
        return [self._note(code) + (f" ({details[code]})" if details.get(code) else "") for code in ranked.flags]

    def _note(self, code: str) -> str:
        return self.phrases.say("note." + code.replace("-", "_"))

    def _sketch_notes(self, score: UnitScore) -> list[str]:
        return [] if score.has_assessment else [self._note("no-assessment")]

    def _progress(self, unit_id: str) -> UnitProgress | None:
        return next((p for p in self.data.progress if p.unit.id == unit_id), None)

    def _section(self, score: UnitScore, section_id: str, title: str) -> SectionScoreCtx:
        """A section's points; its max is the unit's own (without the criteria it was not assigned)."""
        maximum = sum((c.maximum for c in score.criteria if c.group == section_id), Fraction(0))
        return SectionScoreCtx(
            id=section_id,
            title=clean(title),
            max=self.plain(maximum),
            self=self.num(score.self_section(section_id)) if score.self_scored else "",
            points=self.num(score.section(section_id)),
        )

    def status_word(self, status: Status) -> str:
        """'Đạt' at the year's end; at a sơ kết a commitment is on schedule or behind it, not yet met or missed."""
        return self.phrases.say(("status." if self.data.is_year else "progress.") + status.value)

    def rank_words(self, ranked: Ranked | None) -> str:
        """A rank as a sentence states it: 'xếp thứ 3', or 'đồng hạng 3' (tables print '3='); '' when unranked."""
        if ranked is None:
            return ""
        return self.phrases.say("ranking.placed_tied" if ranked.tied else "ranking.placed", rank=ranked.rank)

    def vote_word(self, summary: VoteSummary | None) -> str:
        """The result of a unit's vote as the documents state it ('Đạt', 'Không đạt', …)."""
        return self.phrases.say(f"vote.{summary.status.value if summary else 'not_held'}")

    def _commitment_status(self, outcome: CommitmentOutcome) -> CommitmentStatusCtx:
        actual = outcome.result.actual if outcome.result is not None else None
        return CommitmentStatusCtx(
            id=outcome.commitment.id,
            text=clean(outcome.commitment.text),
            status=self.status_word(outcome.status),
            actual="" if actual is None else self.numbers.as_written(actual),
            target=self.target_words(outcome),
        )

    def target_words(self, outcome: CommitmentOutcome) -> str:
        """'2 bài (cả năm 3 bài, tính theo tiến độ đến ngày 30/6/2023, làm tròn lên số nguyên)': the
        target a commitment was judged against; a pro-rata one says the year's target and the rule."""
        commitment = outcome.commitment
        if outcome.target is None or commitment.target is None:
            return ""
        unit = clean(commitment.unit_of_measure)
        sign = "≤ " if commitment.comparison == "at_most" else ""
        shown = f"{sign}{self.numbers.trimmed(outcome.target)}" + (f" {unit}" if unit else "")
        if self.data.is_year or not commitment.cumulative:
            return shown
        declared = f"{sign}{self.numbers.as_written(commitment.target)}" + (f" {unit}" if unit else "")
        rounding = whole_rounding(commitment)
        rule = self.phrases.say(f"target.rounded_{rounding}") if rounding else ""
        end = short_date(self.data.period.end)
        return self.phrases.say("target.pro_rata", target=shown, year_target=declared, end=end, rounding=rule)

    # ----- awards -------------------------------------------------------------------------------------
    def awards_ctx(self) -> AwardsCtx | None:
        result = self.data.awards
        if result is None:
            return None
        titles = [self._title(t) for t in result.titles]
        votes = [self.vote_ctx(t, d.unit, d.vote) for t in result.titles for d in t.decisions if _voted(d)]
        rotation = result.rotation
        flag = result.government_flag_candidate
        basis, counted = share_basis(self.cluster.awards.vote, result.attendance, None)
        return AwardsCtx(
            titles=titles,
            votes=votes,
            proposed_count=sum(len(t.proposed) for t in titles),
            ballot_recorded=result.votes_settled,
            government_flag_pending=result.government_flag_pending,
            vote_basis=vote_basis(basis, counted, vietnamese=True),
            government_flag_candidate=self.unit_ref(flag) if flag else None,
            next_year=rotation.next_year,
            next_cum_truong=self.unit_ref(rotation.chosen_truong) if rotation.chosen_truong else None,
            next_cum_pho=self.unit_ref(rotation.chosen_pho) if rotation.chosen_pho else None,
            next_roles_declared=rotation.declared,
        )

    def _title(self, result: TitleResult) -> AwardTitleCtx:
        proposed = [self._proposal(result, d) for d in result.decisions if d.offered]
        # Named in dictionary order: no order among tied units may look like a ranking.
        tie = sorted((self.unit_ref(u) for u in result.tie_at_quota_line), key=lambda u: (collation_key(u.name), u.id))
        return AwardTitleCtx(
            id=result.title.id,
            name=clean(result.title.name),
            kind=award_kind_word(result.title.kind, vietnamese=True),
            quota=result.quota,
            legal_basis=clean(rule_citation(result.title, self.cluster.legal_bases)),
            proposed=proposed,
            tie_at_quota=tie,
            outcome=self._outcome_text(proposed, tie),
            provisional_note=self._provisional_note(result),
            passed_over=[self._reason(d, result) for d in result.passed_over],
        )

    def _provisional_note(self, result: TitleResult) -> str:
        if not result.awaits:
            return ""
        names = ", ".join(self.unit_ref(u).name for u in result.awaits)
        return self.phrases.say("awards.provisional", award=clean(result.title.name), units=names)

    def _reason(self, decision: Decision, result: TitleResult) -> str:
        """Why a unit ranked above the last one proposed was passed over: what the minutes must record."""
        ranked = self.data.ranked_of(decision.unit)
        classification = self.rubric.classification if self.rubric is not None else None
        bands = {b.id: clean(b.label) for b in classification.bands} if classification else {}
        reasons = []
        minimum = result.title.min_classification or ""
        classified = ranked.score.classification if ranked is not None and ranked.basis is Basis.POINTS else None
        if decision.classification_too_low is not None and classified is not None:
            band = clean(classified.band.label)
            reasons.append(
                self.phrases.say("passed_over.classification", band=band, minimum=bands.get(minimum, minimum))
            )
        for status, key in ((GateStatus.FAILED, "gates_failed"), (GateStatus.MISSING, "gates_missing")):
            checks = [c for c in decision.gates_not_met if c.status is status]
            if checks:
                gates = "; ".join(self._gate_reason(c) for c in checks)
                reasons.append(self.phrases.say(f"passed_over.{key}", gates=gates))
        vote = decision.vote
        if decision.outcome is Outcome.VOTE_FAILED and vote is not None and vote.counts is not None:
            counts = vote.counts
            basis = vote_basis(vote.basis, vote.denominator, vietnamese=True)
            reasons.append(
                self.phrases.say(
                    "passed_over.vote_failed",
                    in_favour=counts.in_favour,
                    valid=counts.valid,
                    needed=vote.needed,
                    basis=basis,
                )
            )
        unit, why = self.unit_ref(decision.unit).name, "; ".join(reasons)
        if ranked is None:
            return self.phrases.say("passed_over.unranked", unit=unit, reasons=why)
        return self.phrases.say("passed_over.ranked", unit=unit, rank=self.rank_words(ranked), reasons=why)

    def _outcome_text(self, proposed: list[ProposalCtx], tie: list[UnitRef]) -> str:
        """One phrase for a title: who is proposed, who still awaits the ballot, and a tie the meeting decides."""
        awaiting = "awards.awaiting_vote"
        names = [self.phrases.say(awaiting, unit=p.unit.name) if p.pending else p.unit.name for p in proposed]
        parts = [", ".join(names)] if names else []
        if tie:
            parts.append(self.phrases.say("awards.tie_at_quota", units=", ".join(u.name for u in tie)))
        return "; ".join(parts) or self.phrases.say("awards.none_eligible")

    def _gate_reason(self, check: GateCheck) -> str:
        gates = {g.id: g for g in self.data.awards.gates} if self.data.awards else {}
        gate = gates.get(check.gate)
        if gate is None:
            return clean(check.gate)
        start = self.data.period.start
        return clean(gate_reason(gate, self.cluster.legal_bases, check.discipline_ended, start, vietnamese=True))

    def _proposal(self, result: TitleResult, decision: Decision) -> ProposalCtx:
        ranked = self.data.ranked_of(decision.unit)
        replaced = decision.replaces
        points = ranked if ranked is not None and ranked.basis is Basis.POINTS else None
        votes = ranked.tally if ranked is not None and ranked.basis is Basis.VOTES else None
        return ProposalCtx(
            unit=self.unit_ref(decision.unit),
            rank=rank_text(ranked.rank, ranked.tied) if ranked else "",
            total=self.num(points.score.total) if points else "",
            ranking_votes=str(votes.votes) if votes is not None and votes.share is not None else "",
            classification=clean(points.score.classification.band.label)
            if points and points.score.classification
            else "",
            vote=self.vote_ctx(result, decision.unit, decision.vote) if decision.vote else None,
            replaces=self.unit_ref(replaced.unit) if replaced else None,
            replaces_reason=replacement_reason(replaced.reason.value, vietnamese=True) if replaced else "",
            pending=decision.outcome is Outcome.TO_VOTE,
        )

    def vote_ctx(self, result: TitleResult, unit_id: str, summary: VoteSummary | None) -> VoteCtx:
        """A unit's secret vote for a title, as every document reports it (the minutes, the counting minutes)."""
        counts = summary.counts if summary else None

        def count(name: str) -> str:
            value = getattr(counts, name, None) if counts is not None else None
            return "" if value is None else str(value)

        share = summary.share if summary else None
        return VoteCtx(
            award=clean(result.title.name),
            unit=self.unit_ref(unit_id),
            issued=count("issued"),
            returned=count("returned"),
            valid=count("valid"),
            invalid=count("invalid"),
            in_favour=count("in_favour"),
            against=count("against"),
            percent="" if share is None else self.numbers.percent(share),
            denominator=summary.denominator if summary else 0,
            basis=vote_basis(summary.basis, summary.denominator, vietnamese=True) if summary else "",
            needed=summary.needed if summary else 0,
            result=self.vote_word(summary),
        )

    # ----- covenant -----------------------------------------------------------------------------------
    def covenant_ctx(self) -> CovenantCtx | None:
        if self.project.covenant is None:
            return None
        covenant: Covenant = self.project.covenant.model
        movements = {m.id: clean(m.name) for m in covenant.movements}
        signed = self.roster_day("giao-uoc")  # the parties: the members on the day the covenant binds them
        members = self.roster.members_on(signed)

        def item(c: Commitment) -> CommitmentCtx:
            return CommitmentCtx(
                id=c.id,
                text=clean(c.text),
                indicator=clean(c.indicator),
                target=target_text(c),
                movement=movements.get(c.movement or "", ""),
            )

        by_unit = [
            UnitCommitmentsCtx(
                unit=self.unit_ref(u, signed), commitments=[item(c) for c in covenant.commitments if c.unit == u]
            )
            for u in members
        ]
        signing = covenant.signing
        return CovenantCtx(
            title=clean(covenant.title),
            signing_date=long_date(signing.date) if signing else "",
            signing_place=clean(signing.place) if signing else "",
            movements=[
                MovementCtx(name=clean(m.name), launched_by=clean(m.launched_by), note=clean(m.note))
                for m in covenant.movements
            ],
            common=[item(c) for c in covenant.commitments if c.unit is None],
            by_unit=[entry for entry in by_unit if entry.commitments],
        )

    # ----- units that left -----------------------------------------------------------------------------
    def departed_ctx(self) -> list[DepartedCtx]:
        covenant = self.project.covenant.model if self.project.covenant else None
        commitments = covenant.commitments if covenant else []
        own = {d.unit: [quoted(c.text) for c in commitments if c.unit == d.unit] for d in self.data.departed}
        return [
            DepartedCtx(
                unit=self.unit_ref(d.unit, d.last_day),
                last_day=short_date(d.last_day),
                reason=self.departure_words(d),
                commitments=self._commitments_fate(d, own.get(d.unit, [])),
            )
            for d in self.data.departed
        ]

    def departure_words(self, departure: Departure) -> str:
        """'sáp nhập vào Sở Nội vụ (cơ quan ngoài cụm) từ ngày 01/3/2025': why a unit is not ranked."""
        day = short_date(departure.day)
        if departure.how in ("merged", "split"):
            bodies = ", ".join(
                clean(s.name) if s.member else self.phrases.say("departure.outside", body=clean(s.name))
                for s in departure.successors
            )
            return self.phrases.say(f"departure.{departure.how}", bodies=bodies, date=day)
        return self.phrases.say("departure.dissolved" if departure.how == "dissolved" else "departure.left", date=day)

    def _commitments_fate(self, departure: Departure, own: list[str]) -> str:
        """What became of a departed unit's own commitments: passed to the successors that are members, or closed."""
        if not own:
            return ""
        day, commitments = short_date(departure.day), "; ".join(own)
        carried_by = [clean(s.name) for s in departure.successors if s.member]
        if carried_by:
            bodies = ", ".join(carried_by)
            return self.phrases.say("departure.commitments_passed", commitments=commitments, bodies=bodies, date=day)
        return self.phrases.say("departure.commitments_closed", commitments=commitments, date=day)

    # ----- summary ------------------------------------------------------------------------------------
    def summary(self) -> SummaryCtx:
        return SummaryCtx(strengths=self._strengths(), shortcomings=self._shortcomings(), next_tasks=self._tasks())

    def _strengths(self) -> list[str]:
        lines: list[str] = []
        outcomes = [o for p in self.data.progress for o in p.outcomes]
        if outcomes:
            met = sum(1 for o in outcomes if o.status is Status.MET)
            key = "strengths.commitments_met" if self.data.is_year else "strengths.commitments_on_schedule"
            lines.append(self.phrases.say(key, met=met, total=len(outcomes), group=self.group))
        if self.data.ranked and self.data.by_vote:
            lines += self._vote_strengths(self.data.ranked)
        elif self.data.ranked and self.rubric is not None and self.rubric.classification is not None:
            top_band = self.rubric.classification.bands[0]
            count = sum(
                1 for r in self.data.ranked if r.score.classification and r.score.classification.band == top_band
            )
            band, total = clean(top_band.label), len(self.data.ranked)
            lines.append(self.phrases.say("strengths.top_band", count=count, total=total, band=band, group=self.group))
        if self.data.ranked and not self.data.by_vote:
            leader = self.data.ranked[0]
            if not leader.tied:
                name, points = clean(leader.score.unit.name), self.num(leader.score.total)
                lines.append(self.phrases.say("strengths.leader_points", unit=name, points=points, group=self.group))
        return lines

    def _vote_strengths(self, ranked: tuple[Ranked, ...]) -> list[str]:
        """The unit the ranking ballot put first, with its votes (only once the ballot is counted, untied)."""
        leader = ranked[0]
        tally = leader.tally
        if leader.tied or tally.share is None:
            return []
        share = self.numbers.percent(tally.share)
        name = clean(tally.unit.name)
        return [
            self.phrases.say(
                "strengths.leader_votes",
                unit=name,
                votes=tally.votes,
                valid=tally.valid,
                percent=share,
                group=self.group,
            )
        ]

    def _shortcomings(self) -> list[str]:
        lines: list[str] = []
        for progress in self.data.progress:
            name = clean(progress.unit.name)
            lines += [self._commitment_shortcoming(name, o) for o in progress.behind]
        for item in self.data.ranked or ():
            if item.basis is Basis.VOTES:
                continue
            lines += self._score_shortcomings(item.score)
        return lines

    def _commitment_shortcoming(self, unit: str, outcome: CommitmentOutcome) -> str:
        """'Sở Y tế: chậm tiến độ cam kết “…” (kết quả 1 bài; chỉ tiêu 2 bài (…))': the commitment by its words."""
        commitment = words(outcome.commitment.text)
        if outcome.status is Status.NO_DATA:
            return self.phrases.say("shortcomings.no_data", unit=unit, commitment=commitment)
        key = "shortcomings.not_met" if self.data.is_year else "shortcomings.behind"
        actual = outcome.result.actual if outcome.result is not None else None
        target = self.target_words(outcome)
        if actual is None or not target:
            return self.phrases.say(key, unit=unit, commitment=commitment)
        measure = clean(outcome.commitment.unit_of_measure)
        shown = self.numbers.as_written(actual) + (f" {measure}" if measure else "")
        indicator = clean(outcome.commitment.indicator)
        # What the figure counts ('số báo cáo gửi chậm hạn'), so that a result under an at-most target is not read
        # as an achievement; lower-cased, since it follows the commitment within the sentence.
        measured = indicator[:1].lower() + indicator[1:] if indicator else "kết quả"
        return self.phrases.say(
            f"{key}_figures", unit=unit, commitment=commitment, indicator=measured, actual=shown, target=target
        )

    def _score_shortcomings(self, score: UnitScore) -> list[str]:
        lines: list[str] = []
        name = clean(score.unit.name)
        classified = score.classification
        if classified is not None and classified.below_floor:
            lines.append(
                self.phrases.say(
                    "shortcomings.below_floor",
                    unit=name,
                    by_total=clean(classified.by_total.label),
                    criteria=self._criteria_words(cid for cid, _share in classified.below_floor),
                    band=clean(classified.band.label),
                )
            )
        flagged = self._criteria_words(c.criterion.id for c in score.flagged_differences)
        if flagged:
            lines.append(self.phrases.say("shortcomings.large_difference", unit=name, criteria=flagged))
        return lines

    def _criteria_words(self, ids: Iterable[str]) -> str:
        """Criteria named in a sentence by their titles (“Công tác tuyên truyền”; “…”), never by their ids."""
        rubric = self.points_rubric
        titles = {s.id: s.title for s in rubric.sections} | {cid: c.title for cid, c in rubric.nodes().items()}
        return "; ".join(quoted(titles.get(cid, cid)) for cid in ids)

    def _tasks(self) -> list[str]:
        behind: dict[str, Commitment] = {}
        for progress in self.data.progress:
            for outcome in progress.behind:
                behind.setdefault(outcome.commitment.id, outcome.commitment)
        lines = [self.phrases.say("tasks.commitment", commitment=words(c.text)) for c in behind.values()]
        if self.data.is_year:
            lines.append(self.phrases.say("tasks.next_covenant", year=self.data.period.end.year + 1, group=self.group))
        return lines

    # ----- score sheet ---------------------------------------------------------------------------------
    def criteria_rows(self, score: UnitScore) -> list[CriterionRowCtx]:
        by_id = {c.criterion.id: c for c in score.criteria}
        scorers = self.points_rubric.scorer_ids()
        rows: list[CriterionRowCtx] = []
        for section in self.points_rubric.all_sections():
            maximum: Fraction | None
            if isinstance(section, Section):
                cap = None
                maximum = sum((c.maximum for c in score.criteria if c.group == section.id), Fraction(0))
            else:  # bonus and penalty: their cap, if they have one
                cap = section.limit
                maximum = cap
            heading = self._heading(section.id, section.title, 0, maximum, score, section.criteria, cap)
            rows.append(heading.model_copy(update={"scored_by": self._scorer_name(section.scored_by)}))
            for criterion in section.criteria:
                rows.extend(self._criterion_rows(criterion, 1, by_id, score, (scorers, section.scored_by)))
        return rows

    def _scorer_name(self, scorer_id: str | None) -> str:
        scorer = self.points_rubric.scorer(scorer_id)
        return clean(scorer.name) if scorer else ""

    def _criterion_rows(
        self,
        criterion: Criterion,
        level: int,
        by_id: dict[str, CriterionScore],
        score: UnitScore,
        scorers: tuple[dict[str, str | None], str | None],
    ) -> list[CriterionRowCtx]:
        """The criterion's row and those below it; a row names its scoring body where it differs from the
        one above it."""
        every, above = scorers
        scorer = every.get(criterion.id)
        named = {"scored_by": self._scorer_name(scorer) if scorer != above else ""}
        if not criterion.criteria:
            return [self._item(by_id[criterion.id], level).model_copy(update=named)]
        leaves = {leaf.id for leaf in criterion.leaves()}
        maximum = sum((c.maximum for c in score.criteria if c.criterion.id in leaves), Fraction(0))
        heading = self._heading(criterion.id, criterion.title, level, maximum, score, criterion.criteria)
        rows = [heading.model_copy(update=named)]
        for child in criterion.criteria:
            rows.extend(self._criterion_rows(child, level + 1, by_id, score, (every, scorer)))
        return rows

    def _heading(
        self,
        code: str,
        title: str,
        level: int,
        maximum: Fraction | None,
        score: UnitScore,
        children: list[Criterion],
        cap: Fraction | None = None,
    ) -> CriterionRowCtx:
        """A section or a criterion with sub-criteria: the sums of its leaves (bonus and penalty up to their
        cap, as in the totals); its max without the criteria not assigned to the unit, none when uncapped."""
        self_points = sum((score.self_points_of(child) for child in children), Fraction(0))
        points = sum((score.points_of(child) for child in children), Fraction(0))
        if cap is not None:
            self_points, points = min(self_points, cap), min(points, cap)
        return CriterionRowCtx(
            code=code,
            title=clean(title),
            level=level,
            is_item=False,
            max="" if maximum is None else self.plain(maximum),
            method="",
            inputs="",
            self=self.num(self_points) if score.self_scored else "",
            points=self.num(points),
            evidence=[],
            scored_by="",
            assigned=maximum is None or maximum > 0,
        )

    def _item(self, score: CriterionScore, level: int) -> CriterionRowCtx:
        """A scored criterion; one not assigned to the unit says so, with no max and no points."""
        if not score.assigned:
            return CriterionRowCtx(
                code=score.criterion.id,
                title=clean(score.criterion.title),
                level=level,
                is_item=True,
                max="",
                method=labels.NOT_ASSIGNED,
                inputs="",
                self="",
                points="",
                evidence=[],
                scored_by="",
                assigned=False,
            )
        return CriterionRowCtx(
            code=score.criterion.id,
            title=clean(score.criterion.title),
            level=level,
            is_item=True,
            max=self.plain(score.maximum),
            method=method_name(score.criterion.method_kind, "vi"),
            inputs=inputs_text(score),
            self=self.num(score.self_counted) if self.points_rubric.self_scored else "",
            points=self.num(score.final),
            evidence=[clean(e) for e in score.evidence],
            scored_by="",
            assigned=True,
        )


def inputs_text(score: CriterionScore) -> str:
    """'thực tế: 97,5; mục tiêu: 95': always in Vietnamese, like the documents, whatever the CLI language."""
    return "" if score.computed is None else explanations.inputs_text(score.computed.inputs, language="vi")


def target_text(commitment: Commitment) -> str:
    """'≥ 95 %': a commitment's target as the covenant states it; empty when it has none."""
    if commitment.target is None:
        return ""
    sign = "≥" if commitment.comparison == "at_least" else "≤"
    unit = clean(commitment.unit_of_measure)
    return f"{sign} {Numbers().as_written(commitment.target)}" + (f" {unit}" if unit else "")


def words(text: str) -> str:
    """A commitment or criterion named in a sentence by its own words, without a closing full stop; the
    phrases quote it, so its own quotes become single ones (“… ‘người tốt, việc tốt’ …”)."""
    return clean(text).rstrip().rstrip(".").replace("“", "‘").replace("”", "’")


def quoted(text: str) -> str:
    """One of several named in a list: “…”."""
    return f"“{words(text)}”"


def _voted(decision: Decision) -> bool:
    return decision.vote is not None and decision.vote.counts is not None


_PASSED_BY_NAME = ("Hiến pháp", "Bộ luật", "Luật")


def _legal_basis(title: str, number: str | None, day: date, issuer: str | None, kind: str | None = None) -> str:
    """'Chỉ thị số 34-CT/TW ngày 07 tháng 4 năm 2014 của Bộ Chính trị về …': kind, number, date, issuer, then the
    subject, the order of a căn cứ. A law is cited by its name and the day it was passed, without number or
    issuer (Nghị định 30/2020, Phụ lục I): 'Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022'."""
    name, subject = split_title(clean(title), kind)
    if kind == "KH" and subject and not subject.startswith("về "):
        # A plan's trích yếu is a bare noun phrase ('Kế hoạch công tác thi đua …'); once the issuer stands between
        # them it attaches with 'về' ('… của Cụm thi đua số 7 về công tác thi đua …').
        subject = "về " + subject
    if not subject and name.startswith(_PASSED_BY_NAME):
        return f"{name} {long_date(day)}"
    text = name
    if number:
        text += f" số {clean(number)}"
    text += f" {long_date(day)}"  # 'ngày 05 tháng 3 năm 2020', as the decree's own examples write it
    if issuer:
        text += f" của {clean(issuer)}"
    return f"{text} {subject}" if subject else text

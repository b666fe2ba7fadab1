"""emul awards: the award proposals of a period, why each unit is in or out, and next year's roles."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.text import Text

from ..awards.gates import GateCheck, GateStatus
from ..awards.period import AwardsResult, award_proposals
from ..awards.propose import Decision, Outcome, TitleResult
from ..awards.votes import VoteSummary
from ..errors import UsageError
from ..i18n import _, current_language
from ..ranking.rank import Basis, Ranked, rank_text
from ..results.awards import awards_document
from ..results.ballot_text import ballot_warnings
from ..text.citations import rule_citation
from ..text.numbers import Numbers
from ..text.terms import award_kind_word, gate_reason, outcome_words, replacement_reason, vote_basis
from ..validation.periods import choose_period
from ..validation.project import Project, load_project
from .heap import loaded_heap_kept
from .tables import Cell, Column, Kind, print_table


def run(folder: Path, period_id: str | None, output_format: str, console: Console) -> int:
    project = load_project(folder)
    period = choose_period(project, period_id)
    if period.kind != "tong_ket":
        raise UsageError(
            _("awards are proposed at the year's tổng kết; period {period} is a sơ kết").format(period=period.id),
            hint=_("leave out --period, or give the tổng kết period"),
        )
    with loaded_heap_kept():
        ranking, result = award_proposals(project, period)
    if output_format == "json":
        document = awards_document(project, ranking, result)
        console.out(json.dumps(document, ensure_ascii=False, indent=2), highlight=False)
    else:
        if ranking.ballot is not None:
            for line in ballot_warnings(ranking.ballot, period):
                console.print(Text(line, style="yellow"))
        _Printer(project, list(ranking.ranked), result, period.start, console).print(period.title)
    return 0


class _Printer:
    def __init__(
        self, project: Project, ranked: list[Ranked], result: AwardsResult, period_start: date, console: Console
    ) -> None:
        self.project = project
        self.result = result
        self.console = console
        self.ranked = {item.unit.id: item for item in ranked}
        comma = current_language() == "vi"
        rubric = project.rubric
        self.numbers = Numbers.of(rubric.model.rounding, comma) if rubric is not None else Numbers(comma=comma)
        self.by_vote = project.ranks_by_vote
        self.gates = {g.id: g for g in result.gates}  # the gates in force on the decision date
        self.period_start = period_start

    def name(self, unit: str) -> str:
        item = self.ranked.get(unit)
        return item.unit.short_name if item else unit

    def print(self, period_title: str) -> None:
        heading = _("{cluster} — {period}: award proposals")
        self.console.print(
            Text(heading.format(cluster=self.project.cluster.model.name, period=period_title), style="bold")
        )
        for title in self.result.titles:
            self._table(title)
            if title.tie_at_quota_line:
                units = ", ".join(self.name(unit) for unit in title.tie_at_quota_line)
                message = _("Tie at the quota line between {units}: the meeting decides.").format(units=units)
                self.console.print(Text(message, style="yellow"))
            if title.awaits:
                units = ", ".join(self.name(unit) for unit in title.awaits)
                message = _("This list is provisional until the meeting chooses among {units} for an earlier title.")
                self.console.print(Text(message.format(units=units), style="yellow"))
        self.console.print(Text(self._flag_line()))
        self.console.print(Text(self._rotation_line()))
        for award, unit in self.result.unused_votes:
            message = _("The ballot file has a vote on {award} for {unit}, who was not offered that award.")
            self.console.print(Text(message.format(award=award, unit=self.name(unit)), style="yellow"))

    def _table(self, title: TitleResult) -> None:
        heading = _("{name} — quota {quota}").format(name=title.title.name, quota=title.quota)
        citation = rule_citation(title.title, self.project.cluster.model.legal_bases)
        if citation:
            heading += f" ({citation})"
        classified = not self.by_vote and self.project.points_rubric.model.classification is not None
        standing = [Column(_("Votes") if self.by_vote else _("Total"), Kind.NUMBER)]
        standing += [Column(_("Classification"), Kind.TEXT)] if classified else []
        columns = [Column(_("Rank"), Kind.NUMBER), Column(_("Unit"), Kind.NAME), *standing]
        columns += [Column(_("Result"), Kind.TEXT), Column(_("Why"), Kind.TEXT)]
        rows: list[list[Cell]] = []
        for decision in title.decisions:
            item = self.ranked[decision.unit]
            rows.append(
                [
                    rank_text(item.rank, item.tied),
                    Text(item.unit.short_name),
                    *self._standing(item, classified),
                    outcome_words(decision.outcome),
                    Text(self._why(decision, title)),
                ]
            )
        print_table(self.console, heading, columns, rows)

    def _standing(self, item: Ranked, classified: bool) -> list[Cell]:
        """What the unit's rank rests on: its votes in the ranking ballot, or its total (and classification)."""
        if item.basis is Basis.VOTES:
            return [str(item.tally.votes)]
        band = item.score.classification
        label = [Text(band.band.label if band else "")] if classified else []
        return [self.numbers.points(item.score.total), *label]

    def _why(self, decision: Decision, title: TitleResult) -> str:
        reasons = []
        if decision.replaces is not None:
            replaced, why = self.name(decision.replaces.unit), replacement_reason(decision.replaces.reason.value)
            reasons.append(_("in place of {unit} ({reason})").format(unit=replaced, reason=why))
        if decision.classification_too_low:
            kind = award_kind_word(title.title.kind)
            reasons.append(_("classification below the minimum of this {kind}").format(kind=kind))
        failed = [c for c in decision.gates_not_met if c.status is GateStatus.FAILED]
        if failed:
            reasons.append(_("conditions not met: {gates}").format(gates=self._gates(failed)))
        missing = [c for c in decision.gates_not_met if c.status is GateStatus.MISSING]
        if missing:
            reasons.append(_("no evidence for: {gates}").format(gates=self._gates(missing)))
        if decision.vote is not None:
            reasons.append(self._vote_text(decision.vote))
        if decision.outcome is Outcome.ALREADY_PROPOSED:
            reasons.append(_("one award per unit and period"))
        if decision.gap_to_last_proposed is not None:
            gap = self.numbers.points(decision.gap_to_last_proposed)
            reasons.append(_("{gap} points behind the last unit within the quota").format(gap=gap))
        return "; ".join(reasons)

    def _gates(self, checks: list[GateCheck]) -> str:
        """Each gate with the legal text it comes from, and for a discipline the day it ended."""
        bases = self.project.cluster.model.legal_bases
        return "; ".join(
            gate_reason(self.gates[c.gate], bases, c.discipline_ended, self.period_start)
            if c.gate in self.gates
            else c.gate
            for c in checks
        )

    def _vote_text(self, vote: VoteSummary) -> str:
        basis = vote_basis(vote.basis, vote.denominator)
        if vote.counts is None or vote.share is None:
            return _("needs at least {needed} votes in favour, out of {basis}").format(needed=vote.needed, basis=basis)
        text = _("{in_favour}/{valid} valid ballots in favour, {share} of {basis}; {needed} needed").format(
            in_favour=vote.counts.in_favour,
            valid=vote.counts.valid,
            share=self.numbers.percent(vote.share),
            basis=basis,
            needed=vote.needed,
        )
        if vote.quorum_met is False:
            text += "; " + _("quorum not reached: the vote must be held again")
        return text

    def _flag_line(self) -> str:
        flag = self.result.government_flag_candidate
        if flag is None:
            return _("Candidate for the Government's emulation flag: {unit}").format(unit=_("none"))
        unit = self.name(flag) + (" " + _("(once its vote passes)") if self.result.government_flag_pending else "")
        return _("Candidate for the Government's emulation flag: {unit}").format(unit=unit)

    def _rotation_line(self) -> str:
        rotation = self.result.rotation
        if rotation.rule != "pho_to_truong":
            return _("Rotation: no rule declared.")
        line = _("Rotation for {year}: proposed cụm trưởng {truong}, cụm phó {pho}").format(
            year=rotation.next_year,
            truong=self.name(rotation.next_truong) if rotation.next_truong else "—",
            pho=self.name(rotation.next_pho) if rotation.next_pho else "—",
        )
        if rotation.declared_breaks_rule and rotation.declared_truong:
            line += "; " + _("cluster.yaml declares {unit} as cụm trưởng, against the rule").format(
                unit=self.name(rotation.declared_truong)
            )
        if rotation.declared_pho and rotation.declared_pho != rotation.next_pho:
            line += "; " + _("cluster.yaml declares {unit} as cụm phó").format(unit=self.name(rotation.declared_pho))
        return line

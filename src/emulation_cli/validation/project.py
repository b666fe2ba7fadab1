"""A validated cluster folder: the models of every file, with the documents they came from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

from ..errors import InternalError, ProjectInvalid
from ..loading.diagnostics import Diagnostic
from ..loading.files import Loaded
from ..membership.roster import Departure, Roster
from ..model.assessment import Assessment
from ..model.ballot import BallotFile, decision_date, period_meeting
from ..model.cluster import Cluster, Meeting, Period
from ..model.covenant import Covenant
from ..model.rubric import Rubric
from ..model.units import Unit, UnitsFile
from ..text.phrases import Phrases
from .folder import validate_folder
from .phrases import cluster_phrases


@dataclass(frozen=True)
class Project:
    root: Path
    cluster: Loaded[Cluster]
    units: Loaded[UnitsFile]
    covenant: Loaded[Covenant] | None
    rubric: Loaded[Rubric] | None  # None: cluster.yaml declares no rubric, and the cluster ranks by vote
    assessments: tuple[Loaded[Assessment], ...]
    ballots: tuple[Loaded[BallotFile], ...]
    warnings: tuple[Diagnostic, ...]
    phrases: Phrases  # the wording of the documents: the shipped one, with the cluster's own where it has some

    @property
    def ranks_by_vote(self) -> bool:
        """The cluster declares no rubric: its members are ranked by the ranking ballot of the bình xét meeting."""
        return self.rubric is None

    @property
    def points_rubric(self) -> Loaded[Rubric]:
        """The rubric, for code that only runs for a cluster ranked by points."""
        if self.rubric is None:
            raise InternalError("a cluster ranked by vote has no rubric: this path is for clusters ranked by points")
        return self.rubric

    def unit(self, unit_id: str) -> Unit:
        return next(u for u in self.units.model.units if u.id == unit_id)

    def period(self, period_id: str) -> Period:
        return next(p for p in self.cluster.model.periods if p.id == period_id)

    @cached_property
    def roster(self) -> Roster:
        return Roster(self.cluster.model, self.units.model)

    def members(self, period: Period) -> list[str]:
        """The units the period ranks (by the cluster's membership policy)."""
        return list(self.roster.ranked(period))

    def departed(self, period: Period) -> tuple[Departure, ...]:
        """Units that were members during the period but left it, with why: reported apart, never ranked."""
        return self.roster.departed(period)

    def members_on(self, day: date) -> tuple[str, ...]:
        return self.roster.members_on(day)

    def voters(self, period: Period) -> tuple[str, ...]:
        """The members the period's meeting counts its votes, quorum and quotas against."""
        return self.roster.counted_for_votes(period, self.decision_date(period))

    def ballot(self, period_id: str) -> BallotFile | None:
        return next((b.model for b in self.ballots if b.model.period == period_id), None)

    def meeting(self, period: Period) -> Meeting | None:
        return period_meeting(period, self.ballot(period.id))

    def decision_date(self, period: Period) -> date:
        return decision_date(period, self.ballot(period.id))

    def assessments_for(self, period_id: str) -> dict[str, Loaded[Assessment]]:
        return {a.model.unit: a for a in self.assessments if a.model.period == period_id}


def load_project(root: Path) -> Project:
    """Load and validate; raise ProjectInvalid when any error was found."""
    result, report = validate_folder(root)
    if report.errors:
        raise ProjectInvalid(report.diagnostics)
    cluster, units, rubric = result.cluster, result.units, result.rubric
    if cluster is None or units is None or (rubric is None and cluster.model.rubric is not None):
        raise InternalError("a folder without errors has its cluster.yaml, units.yaml and declared rubric loaded")
    return Project(
        root=root,
        cluster=cluster,
        units=units,
        covenant=result.covenant,
        rubric=rubric,
        assessments=tuple(result.assessments),
        ballots=tuple(result.ballots),
        warnings=report.diagnostics,
        phrases=cluster_phrases(result.phrases),
    )

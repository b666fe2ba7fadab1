"""ballots/<period>.yaml: the secret ballot of the bình xét meeting."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from .base import Code, Count, Model, Slug, Text
from .cluster import Meeting, Period


class Vote(Model):
    award: Code = Field(
        description="Mã danh hiệu thi đua, hình thức khen thưởng được bỏ phiếu (awards.titles[].id, cluster.yaml)."
    )
    unit: Slug
    issued: Count = Field(description="Số phiếu phát ra.")
    returned: Count = Field(description="Số phiếu thu về.")
    valid: Count = Field(description="Số phiếu hợp lệ.")
    in_favour: Count = Field(description="Số phiếu đồng ý.")
    against: Count | None = Field(None, description="Số phiếu không đồng ý.")
    note: Text | None = None

    @property
    def invalid(self) -> int:
        """Ballots returned but not valid."""
        return self.returned - self.valid


class RankingBallot(Model):
    """The ranking ballot of a cluster without a rubric: how many valid ballots named each unit."""

    issued: Count = Field(description="Số phiếu phát ra.")
    returned: Count = Field(description="Số phiếu thu về.")
    valid: Count = Field(description="Số phiếu hợp lệ.")
    votes: dict[Slug, Count] = Field(
        default_factory=dict,
        description="Số phiếu bầu của từng đơn vị (mã đơn vị: số phiếu), theo biên bản kiểm phiếu; đơn vị không có "
        "tên ở đây có 0 phiếu.",
    )
    note: Text | None = None

    @property
    def invalid(self) -> int:
        """Ballots returned but not valid."""
        return self.returned - self.valid


class BallotFile(Model):
    """ballots/<period>.yaml"""

    period: Code
    meeting: Meeting | None = None
    ranking: RankingBallot | None = Field(
        None,
        description="Phiếu xếp hạng (bình xét) của cụm không có bộ tiêu chí (cluster.yaml không có `rubric`): thứ "
        "hạng theo số phiếu bầu.",
    )
    votes: list[Vote] = Field(default_factory=list)


def period_meeting(period: Period, ballot: BallotFile | None) -> Meeting | None:
    """The period's meeting: as the ballot file records it, else as cluster.yaml plans it."""
    return ballot.meeting if ballot and ballot.meeting else period.meeting


def decision_date(period: Period, ballot: BallotFile | None) -> date:
    """The day the period is decided and its documents dated: its meeting, else its last day. The legal texts
    and the award rules in force that day are the ones that apply (model/legal.py)."""
    meeting = period_meeting(period, ballot)
    return meeting.date if meeting is not None else period.end

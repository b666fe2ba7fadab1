"""ballots/<period>.yaml: the secret ballot of the bình xét meeting."""

from __future__ import annotations

from pydantic import Field

from .base import Code, Count, Model, Slug, Text
from .cluster import Meeting


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


class BallotFile(Model):
    """ballots/<period>.yaml"""

    period: Code
    meeting: Meeting | None = None
    votes: list[Vote] = Field(default_factory=list)

"""units.yaml: the bodies the cluster deals with, their heads, dated membership and what became of them."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from pydantic import Field

from .base import Date, Model, Slug, Text


class Head(Model):
    title: Text = Field(description="Chức vụ người đứng đầu, ví dụ: Giám đốc.")
    name: Text | None = Field(None, description="Họ và tên người đứng đầu (ký văn bản).")
    start: Date | None = Field(None, description="Ngày bắt đầu giữ chức (trong `heads`; bỏ trống: từ trước).")
    end: Date | None = Field(None, description="Ngày cuối cùng giữ chức (trong `heads`; bỏ trống: đến nay).")

    def holds_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


class MembershipSpan(Model):
    start: Date = Field(description="Ngày bắt đầu là thành viên của cụm.")
    end: Date | None = Field(None, description="Ngày cuối cùng là thành viên (để trống nếu vẫn là thành viên).")

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class Successor(Model):
    unit: Slug = Field(description="Mã cơ quan tiếp nhận: mã trong units.yaml, hoặc mã mới kèm `name`.")
    name: Text | None = Field(
        None, description="Tên cơ quan tiếp nhận; bắt buộc khi cơ quan này không có trong units.yaml."
    )


class Merge(Model):
    into: Slug = Field(description="Mã cơ quan tiếp nhận (trong hoặc ngoài cụm).")
    name: Text | None = Field(None, description="Tên cơ quan tiếp nhận, khi cơ quan này không có trong units.yaml.")
    date: Date = Field(description="Ngày sáp nhập có hiệu lực: từ ngày này đơn vị không còn tồn tại.")
    basis: Text | None = Field(None, description="Văn bản quyết định việc sáp nhập, ví dụ: Nghị quyết số …")


class Split(Model):
    into: list[Successor] = Field(min_length=2, description="Các cơ quan được chia tách ra.")
    date: Date = Field(description="Ngày chia tách có hiệu lực: từ ngày này đơn vị không còn tồn tại.")
    basis: Text | None = None


class Dissolution(Model):
    date: Date = Field(description="Ngày giải thể có hiệu lực: từ ngày này đơn vị không còn tồn tại.")
    basis: Text | None = None


EndKind = Literal["merged", "split", "dissolved"]


class Unit(Model):
    id: Slug
    name: Text = Field(description="Tên đầy đủ, ví dụ: Sở Giáo dục và Đào tạo.")
    short_name: Text = Field(description="Tên ngắn dùng trong bảng, ví dụ: Sở GD&ĐT.")
    head: Head | None = Field(None, description="Người đứng đầu (không đổi trong thời gian dữ liệu).")
    heads: list[Head] = Field(
        default_factory=list, description="Người đứng đầu theo thời gian (`start`, `end`), thay cho `head`."
    )
    membership: list[MembershipSpan] = Field(
        default_factory=list,
        description="Các khoảng thời gian là thành viên; bỏ trống với cơ quan không phải thành viên (ví dụ cơ "
        "quan tiếp nhận một đơn vị sáp nhập).",
    )
    merged: Merge | None = Field(None, description="Sáp nhập, hợp nhất vào cơ quan khác (nếu có).")
    split: Split | None = Field(None, description="Chia tách thành các cơ quan khác (nếu có).")
    dissolved: Dissolution | None = Field(None, description="Giải thể (nếu có).")

    @property
    def ceased(self) -> date | None:
        """The first day the body no longer exists (merged, split or dissolved), if it ended."""
        ends = [e.date for e in (self.merged, self.split, self.dissolved) if e is not None]
        return min(ends) if ends else None

    def member_in_year(self, year: int) -> bool:
        """A membership span touches the year before the body ceased to exist: units.yaml agrees the unit can
        be listed for that year."""
        first, last = date(year, 1, 1), date(year, 12, 31)
        gone = self.ceased - timedelta(days=1) if self.ceased is not None else date.max
        return any(s.start <= last and min(s.end or date.max, gone) >= first for s in self.membership)

    def head_on(self, day: date) -> Head | None:
        if self.heads:
            return next((h for h in self.heads if h.holds_on(day)), None)
        return self.head


class UnitsFile(Model):
    """units.yaml"""

    units: list[Unit] = Field(min_length=1)

"""units.yaml: the member bodies of the cluster, their heads and dated membership."""

from __future__ import annotations

from pydantic import Field

from .base import Date, Model, Slug, Text


class Head(Model):
    title: Text = Field(description="Chức vụ người đứng đầu, ví dụ: Giám đốc.")
    name: Text | None = Field(None, description="Họ và tên người đứng đầu (ký văn bản).")


class MembershipSpan(Model):
    start: Date = Field(description="Ngày bắt đầu là thành viên của cụm.")
    end: Date | None = Field(None, description="Ngày thôi là thành viên (để trống nếu vẫn là thành viên).")


class Merge(Model):
    into: Slug = Field(description="Mã đơn vị tiếp nhận sau khi sáp nhập.")
    date: Date


class Unit(Model):
    id: Slug
    name: Text = Field(description="Tên đầy đủ, ví dụ: Sở Giáo dục và Đào tạo.")
    short_name: Text = Field(description="Tên ngắn dùng trong bảng, ví dụ: Sở GD&ĐT.")
    head: Head | None = None
    membership: list[MembershipSpan] = Field(min_length=1, description="Các khoảng thời gian là thành viên.")
    merged: Merge | None = Field(None, description="Sáp nhập vào đơn vị khác (nếu có).")


class UnitsFile(Model):
    """units.yaml"""

    units: list[Unit] = Field(min_length=1)

"""covenant.yaml: the movements and the commitments of the Bản giao ước thi đua."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Code, Date, Model, Number, Slug, Text, Year


class Signing(Model):
    date: Date
    place: Text | None = None
    note: Text | None = None


class Movement(Model):
    id: Code
    name: Text = Field(description="Tên phong trào thi đua.")
    launched_by: Text | None = Field(None, description="Cấp phát động, ví dụ: Thành phố, Cụm, Ngành.")
    note: Text | None = None


class Commitment(Model):
    id: Code
    text: Text = Field(description="Nội dung cam kết.")
    unit: Slug | None = Field(None, description="Đơn vị cam kết; để trống nếu là cam kết chung của mọi đơn vị.")
    indicator: Text | None = Field(None, description="Chỉ tiêu đo lường.")
    target: Number | None = Field(None, description="Giá trị mục tiêu; để trống nếu chỉ đánh giá làm / không làm.")
    comparison: Literal["at_least", "at_most"] = Field(
        "at_least", description="at_least: đạt khi thực tế ≥ mục tiêu; at_most: đạt khi thực tế ≤ mục tiêu."
    )
    unit_of_measure: Text | None = Field(None, description="Đơn vị tính, ví dụ: %, hồ sơ, sáng kiến.")
    cumulative: bool = Field(
        False,
        description="true nếu kết quả cộng dồn trong năm (số lượng): khi sơ kết, so với mục tiêu tính theo "
        "tỉ lệ thời gian đã qua; false nếu là tỉ lệ hoặc mức (so nguyên mục tiêu).",
    )
    criterion: Code | None = Field(None, description="Mã tiêu chí chấm điểm mà cam kết này góp vào.")
    movement: Code | None = Field(None, description="Mã phong trào thi đua liên quan.")


class Covenant(Model):
    """covenant.yaml"""

    year: Year
    title: Text = "Bản giao ước thi đua"
    signing: Signing | None = None
    movements: list[Movement] = Field(default_factory=list)
    commitments: list[Commitment] = Field(default_factory=list)

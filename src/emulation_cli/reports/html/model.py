"""The overview page's context: every number already decided and formatted; the charts as SVG markup drawn
from the same results (their texts escaped when drawn)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ...results.explain import Explanation
from ..model import DepartedCtx


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class DataTable(_Frozen):
    """A chart's figures as a table: what the table view under the chart shows."""

    headers: list[str] = Field(description="Tiêu đề các cột.")
    rows: list[list[str]] = Field(description="Các dòng, mỗi ô là văn bản đã định dạng.")


class Chart(_Frozen):
    svg: str = Field(description="Biểu đồ SVG (đã thoát ký tự), chèn bằng `|safe`.")
    table: DataTable


class SectionCell(_Frozen):
    id: str
    points: str = Field(description="Điểm của mục, dạng tiếng Việt (97,84).")


class RankingRow(_Frozen):
    unit_id: str
    rank: str = Field(description="Hạng; '2=' khi đồng hạng.")
    short_name: str
    sections: list[SectionCell]
    bonus: str
    penalty: str
    total: str = Field(description="Tổng điểm như `emul score --format json` (dấu chấm thập phân).")
    total_text: str = Field(description="Tổng điểm dạng tiếng Việt (dấu phẩy thập phân).")
    classification: str
    margins: list[str] = Field(description="Khoảng cách tới mức xếp loại, ngưỡng khen thưởng.")


class VoteRow(_Frozen):
    """A unit's place in a ranking by the ranking ballot."""

    unit_id: str
    rank: str = Field(description="Hạng; '3=' khi đồng hạng.")
    short_name: str
    votes: int = Field(description="Số phiếu hợp lệ có tên đơn vị.")
    share: str = Field(description="Tỉ lệ trên số phiếu hợp lệ (85,71%); — khi chưa có phiếu hợp lệ.")
    note: str = Field(description="Ghi chú như các văn bản (đồng hạng…).")


class ProgressRow(_Frozen):
    short_name: str
    commitments: int
    on_track: int
    behind: int
    no_data: int
    to_watch: str


class FormalismFigure(_Frozen):
    key: str = Field(description="bunching, rotation, inflation hoặc awards.")
    name: str
    definitions: list[str] = Field(description="Định nghĩa của các số liệu, một câu mỗi số liệu.")
    table: DataTable
    empty: str = Field("", description="Câu thay cho bảng khi không có số liệu, nói vì sao.")


class HtmlPage(_Frozen):
    """What `tong-quan.html.j2` receives."""

    title: str
    cluster_name: str
    period_title: str
    is_year: bool
    by_vote: bool = Field(description="Cụm xếp hạng bằng phiếu xếp hạng (không có bộ tiêu chí chấm điểm).")
    departed: list[DepartedCtx] = Field(description="Đơn vị thôi là thành viên trong kỳ, như các văn bản ghi.")
    rubric_line: str
    section_ids: list[str]
    section_titles: list[str]
    classified: bool
    ranking_chart: Chart | None = Field(description="Biểu đồ xếp hạng; None ở sơ kết.")
    profile_chart: Chart | None = Field(description="Hồ sơ từng đơn vị theo mục so với trung vị và cao nhất.")
    self_chart: Chart | None = Field(
        description="Tự chấm trừ điểm được công nhận, theo tiêu chí; None khi không tự chấm."
    )
    not_scored: list[str] = Field(
        description="Đơn vị chưa có hồ sơ chấm điểm: không vẽ hồ sơ, không tính vào trung vị và cao nhất."
    )
    no_assessment: str = Field(description="Câu ghi chú cho đơn vị chưa có hồ sơ chấm điểm (phrases.yaml).")
    covenant_chart: Chart | None = Field(description="Bản đồ cam kết giao ước; None khi không có giao ước.")
    awards_chart: Chart | None = Field(description="Khen thưởng: phiếu đồng ý so với số cần đạt; None ở sơ kết.")
    years_chart: Chart | None = Field(description="Tổng điểm và thứ hạng qua các năm; None khi chỉ có một năm.")
    formalism: list[FormalismFigure] = Field(description="Số liệu về tính hình thức; trống ở sơ kết.")
    ranking_rows: list[RankingRow]
    votes_chart: Chart | None = Field(description="Biểu đồ số phiếu bầu (cụm xếp hạng bằng phiếu); None khác.")
    vote_rows: list[VoteRow] = Field(description="Bảng xếp hạng bằng phiếu; trống khi xếp hạng theo điểm.")
    ballot_lines: list[str] = Field(description="Phiếu xếp hạng: số phiếu, cách tính, cảnh báo (như emul score).")
    explanations: list[Explanation] = Field(description="Giải thích của từng đơn vị, như `emul explain`.")
    progress: list[ProgressRow] = Field(description="Tiến độ giao ước (sơ kết).")

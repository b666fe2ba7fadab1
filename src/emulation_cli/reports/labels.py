"""Vietnamese wording of the documents (reports are always in Vietnamese, whatever the CLI language)."""

from __future__ import annotations

# "{group}" is "Cụm" or "Khối", as the cluster calls itself.
ROLES = {"cum_truong": "{group} trưởng", "cum_pho": "{group} phó", "thanh_vien": "Thành viên"}

COMMITMENT_STATUS = {"met": "Đạt", "not_met": "Chưa đạt", "no_data": "Chưa có số liệu"}
# At sơ kết a commitment is on schedule or behind it, not yet met or missed.
PROGRESS_STATUS = {"met": "Đúng tiến độ", "not_met": "Chậm tiến độ", "no_data": "Chưa có số liệu"}


def commitment_status(status: str, year_end: bool) -> str:
    return (COMMITMENT_STATUS if year_end else PROGRESS_STATUS)[status]


NOTES = {
    "tie-unresolved": "đồng hạng, chưa phân định được",
    "large-difference": "chênh lệch tự chấm và thẩm định vượt ngưỡng",
    "below-floor": "có tiêu chí dưới ngưỡng xếp loại",
    "no-assessment": "chưa có hồ sơ chấm điểm",
    "not-assigned": "có tiêu chí không giao",
}

# A criterion not assigned to the unit, in the method column of its score sheet.
NOT_ASSIGNED = "Không giao"

VOTE_RESULT = {
    "passed": "Đạt",
    "failed": "Không đạt",
    "inquorate": "Không đủ số thành viên dự họp, phải bỏ phiếu lại",
    "not_held": "Chưa bỏ phiếu",
}

ROUNDING_MODES = {"half_up": "làm tròn nửa lên", "half_even": "làm tròn nửa về số chẵn", "down": "bỏ phần lẻ"}
ROUNDING_SCOPE = {"total": "tổng điểm", "criterion": "từng tiêu chí"}

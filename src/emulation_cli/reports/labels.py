"""Vietnamese wording of the documents (reports are always in Vietnamese, whatever the CLI language)."""

from __future__ import annotations

ROLES = {"cum_truong": "Cụm trưởng", "cum_pho": "Cụm phó", "thanh_vien": "Thành viên"}

METHODS = {
    "manual": "Chấm trực tiếp",
    "done": "Có thực hiện / không",
    "proportional": "Tỉ lệ so với mục tiêu",
    "banded": "Theo mức đạt",
    "deduction": "Trừ điểm theo số lần",
    "step": "Cộng theo bậc",
    "commitments": "Theo cam kết giao ước",
    "prior_award": "Theo danh hiệu đã nhận",
    "per_occurrence": "Cộng theo số lần",
}

INPUTS = {
    "actual": "thực tế",
    "target": "mục tiêu",
    "count": "số lần",
    "done": "đã thực hiện",
    "award": "danh hiệu",
    "met": "đạt",
    "commitments": "số cam kết",
    "not met": "chưa đạt",
}

INPUT_VALUES = {"yes": "có", "no": "không"}

COMMITMENT_STATUS = {"met": "Đạt", "not_met": "Chưa đạt", "no_data": "Chưa có số liệu"}

NOTES = {
    "tie-unresolved": "đồng hạng, chưa phân định được",
    "large-difference": "chênh lệch tự chấm và thẩm định vượt ngưỡng",
    "below-floor": "có tiêu chí dưới ngưỡng xếp loại",
    "no-assessment": "chưa có hồ sơ chấm điểm",
}

VOTE_RESULT = {True: "Đạt", False: "Không đạt", None: "Chưa bỏ phiếu"}

# (title in capitals, type code used in "Số: …/BC-CTĐ7"; None: the document carries no number)
DOCUMENT_TITLES: dict[str, tuple[str, str | None]] = {
    "bao-cao": ("BÁO CÁO", "BC"),
    "bien-ban": ("BIÊN BẢN", "BB"),
    "to-trinh": ("TỜ TRÌNH", "TTr"),
    "giao-uoc": ("BẢN GIAO ƯỚC THI ĐUA", None),
    "phieu-cham": ("PHIẾU CHẤM ĐIỂM THI ĐUA", None),
}

RECIPIENTS = {
    "bao-cao": ["Ban Thi đua - Khen thưởng {province}", "Các đơn vị thành viên Cụm", "Lưu: VT, Cụm."],
    "bien-ban": ["Các đơn vị thành viên Cụm", "Lưu: VT, Cụm."],
    "to-trinh": ["Như trên", "Các đơn vị thành viên Cụm", "Lưu: VT, Cụm."],
    "giao-uoc": ["Ban Thi đua - Khen thưởng {province}", "Các đơn vị thành viên Cụm", "Lưu: VT, Cụm."],
    "phieu-cham": ["Đơn vị được chấm", "Lưu: Cụm."],
}

"""Words of the workbook's cells (always Vietnamese, whatever the CLI language). The documents' sentences and
labels are phrases the officer may reword: templates/report/phrases.yaml."""

from __future__ import annotations

# A criterion not assigned to the unit, in the method column of its score sheet.
NOT_ASSIGNED = "Không giao"

ROUNDING_MODES = {"half_up": "làm tròn nửa lên", "half_even": "làm tròn nửa về số chẵn", "down": "bỏ phần lẻ"}
ROUNDING_SCOPE = {"total": "tổng điểm", "criterion": "từng tiêu chí"}

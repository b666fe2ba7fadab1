"""The Ban kiểm phiếu a meeting elects (`meeting.counting_board`): its members' units exist, and it has at most
one trưởng ban, who signs the vote-counting minutes first."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from ..i18n import _
from ..loading.document import YamlPath
from ..loading.files import Loaded
from ..model.cluster import Meeting
from .reporter import Reporter, report_unknown


def check_counting_board(
    reporter: Reporter, source: Loaded[Any], base: YamlPath, meeting: Meeting, known: Collection[str] | None
) -> None:
    board = meeting.counting_board
    for index, member in enumerate(board):
        if known is not None and member.unit is not None and member.unit not in known:
            report_unknown(reporter, source, (*base, "counting_board", index, "unit"), "unit", member.unit, known)
    heads = [index for index, member in enumerate(board) if member.role == "truong_ban"]
    for index in heads[1:]:
        reporter.error(
            source,
            (*base, "counting_board", index, "role"),
            "counting-board-two-heads",
            _("the Ban kiểm phiếu has more than one trưởng ban ('{first}' and '{name}')").format(
                first=board[heads[0]].name, name=board[index].name
            ),
            _("give `role: truong_ban` to one member only; the others are `thanh_vien`"),
        )

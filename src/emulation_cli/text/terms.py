"""The legal words of the domain, one home each, in both languages."""

from __future__ import annotations

from ..i18n import N_, _

# Luật Thi đua, khen thưởng 2022: a Cờ thi đua is a danh hiệu thi đua; a Bằng khen a hình thức khen thưởng.
_AWARD_KIND = {
    "danh_hieu": (N_("emulation title"), "danh hiệu thi đua"),
    "hinh_thuc": (N_("form of reward"), "hình thức khen thưởng"),
}


def award_kind_word(kind: str, vietnamese: bool = False) -> str:
    """'danh hiệu thi đua' or 'hình thức khen thưởng' (documents are Vietnamese whatever the CLI language)."""
    english, official = _AWARD_KIND[kind]
    return official if vietnamese else _(english)


# What a vote share is measured against (VoteRule.denominator).
_VOTE_BASIS = {
    "members": (N_("all members"), "tổng số thành viên"),
    "present": (N_("the members present"), "số thành viên dự họp"),
    "cast": (N_("the valid ballots"), "số phiếu hợp lệ"),
}


def vote_basis(basis: str, count: int | None = None, vietnamese: bool = False) -> str:
    """'tổng số thành viên (6)': what a share of votes in favour is a share of (the count when it is one
    number for the whole meeting)."""
    english, official = _VOTE_BASIS[basis]
    words = official if vietnamese else _(english)
    return words if count is None else f"{words} ({count})"

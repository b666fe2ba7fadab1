"""Vietnamese text helpers: dates of Nghị định 30/2020, collation, slugs, numbers."""

from __future__ import annotations

from datetime import date

import pytest

from emulation_cli.text.vietnamese import ascii_slug, collation_key, long_date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2023, 9, 8), "Hà Nội, ngày 08 tháng 9 năm 2023"),
        (date(2024, 2, 5), "Hà Nội, ngày 05 tháng 02 năm 2024"),
        (date(2024, 3, 15), "Hà Nội, ngày 15 tháng 3 năm 2024"),
        (date(2024, 1, 31), "Hà Nội, ngày 31 tháng 01 năm 2024"),
        (date(2024, 12, 1), "Hà Nội, ngày 01 tháng 12 năm 2024"),
    ],
)
def test_long_dates_have_leading_zeros_only_where_the_decree_puts_them(day: date, expected: str) -> None:
    assert long_date(day, "Hà Nội") == expected


def test_vietnamese_alphabetical_order() -> None:
    names = [
        "Sở Y tế",
        "Sở Đường sắt",
        "Sở Xây dựng",
        "Sở Ăn uống",
        "Sở An ninh",
        "Sở Âm nhạc",
        "Sở Dân tộc",
        "Sở Em",
        "Sở Bà",
        "Sở Ba",
        "Sở Bá",
    ]
    assert sorted(names, key=collation_key) == [
        "Sở An ninh",
        "Sở Ăn uống",
        "Sở Âm nhạc",
        "Sở Ba",
        "Sở Bà",
        "Sở Bá",
        "Sở Dân tộc",
        "Sở Đường sắt",
        "Sở Em",
        "Sở Xây dựng",
        "Sở Y tế",
    ]


def test_ascii_slugs_for_ids_and_file_names() -> None:
    assert ascii_slug("Cụm thi đua số 7") == "cum-thi-dua-so-7"
    assert ascii_slug("Sở Lao động – Thương binh và Xã hội") == "so-lao-dong-thuong-binh-va-xa-hoi"
    assert ascii_slug("../../etc/passwd") == "etc-passwd"

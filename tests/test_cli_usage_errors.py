"""Click's parsing errors (unknown option or command, missing argument, bad choice) in the officer's language."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest

from emulation_cli import cli

ENGLISH = ("Usage:", "Try '", "Error:", "No such", "Missing", "Did you mean", "Invalid value", "Got unexpected")


def run(args: list[str], lang: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = cli.main(["--lang", lang, *args])
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["scor"], "Lỗi: Không có lệnh 'scor'. Có phải ý bạn là 'score'?"),
        (["score", "--bogus"], "Lỗi: Không có tùy chọn --bogus."),
        (["score", "--pdf=1"], "Lỗi: Không có tùy chọn --pdf. Có phải ý bạn là '--period'?"),
        (["province"], "Lỗi: Thiếu đối số 'THƯ_MỤC'."),
        (["score", "--format", "xml"], "Lỗi: Giá trị không hợp lệ cho --format: 'xml' không thuộc các lựa chọn: text"),
        (["init", "x", "--year", "abc"], "Lỗi: Giá trị không hợp lệ cho '--year': 'abc' không phải là số nguyên."),
        (["--version=1"], "Lỗi: Tùy chọn '--version' không nhận giá trị."),
        (["score", "--help=1"], "Lỗi: Tùy chọn '--help' không nhận giá trị."),
        (["forms", "a", "b"], "Lỗi: Thừa đối số: b"),
        (["score", "--period"], "Lỗi: Tùy chọn '--period' cần một giá trị."),
        (["validate", "--strict=yes"], "Lỗi: Tùy chọn '--strict' không nhận giá trị."),
        (["template", "chek"], "Lỗi: Không có lệnh 'chek'. Có phải ý bạn là 'check'?"),
    ],
)
def test_parsing_errors_in_vietnamese(args: list[str], expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = run(args, "vi", capsys)
    assert code == 2
    assert expected in err
    assert [word for word in ENGLISH if word in err] == []


def test_the_usage_line_and_the_help_hint_in_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["score", "--zzz"], "vi", capsys) == (
        2,
        "Cách dùng: emul score [TÙY_CHỌN] [THƯ_MỤC]...\n"
        "Xem 'emul score --help' để được hướng dẫn.\n"
        "\n"
        "Lỗi: Không có tùy chọn --zzz.\n",
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["scor"], "Error: No such command 'scor'. Did you mean 'score'?"),
        (["score", "--bogus"], "Error: No such option: --bogus."),
        (["province"], "Error: Missing argument 'FOLDER'."),
        (["forms", "a", "b"], "Error: Unexpected extra arguments: b"),
    ],
)
def test_parsing_errors_stay_english_in_english(
    args: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run(args, "en", capsys)
    assert code == 2
    assert expected in err and err.startswith("Usage: emul")


USAGE_MISTAKES = [
    ["scor"],
    ["score", "--bogus"],
    ["province"],
    ["score", "--format", "xml"],
    ["validate", "--format", "csv"],
    ["score", ".", "--rubric", "x.yaml", "--format", "csv"],
    ["completion", "tcsh"],
    ["explain", "a", "b", "c"],
    ["init", "x", "--year", "abc"],
    ["init", "x", "--example", "cum-thi-dua-so-7-2023", "--year", "2024"],
    ["score", "--period"],
    ["--version=1"],
    ["validate", "--strict=yes"],
    ["criteria", "diff", "a"],
]


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("args", USAGE_MISTAKES, ids=" ".join)
def test_no_usage_error_says_a_thing_twice(args: list[str], lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    """'Giá trị không hợp lệ cho --format: 'xml' không hợp lệ' said it twice; so did '--example: --example …'."""
    code, err = run(args, lang, capsys)
    message = err.rstrip("\n").splitlines()[-1]
    words = re.findall(r"[\w'-]+", message.lower())
    pairs = list(pairwise(words))
    options = [word for word in words if word.startswith("-")]
    assert code == 2
    assert [pair for pair in set(pairs) if pairs.count(pair) > 1] == [], message
    assert [option for option in set(options) if options.count(option) > 1] == [], message

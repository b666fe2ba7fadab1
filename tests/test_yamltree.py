"""Reading YAML into plain data with positions, and the hardening of the reader."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from emulation_cli.loading import scalars
from emulation_cli.loading.diagnostics import Pos
from emulation_cli.loading.scalars import MAX_DIGITS, TooLarge, resolve_plain
from emulation_cli.loading.yamltree import MAX_DEPTH, YamlProblem, decode_source, parse_yaml_text, read_yaml_file


def problem_of(text: str) -> tuple[str, Pos]:
    with pytest.raises(YamlProblem) as caught:
        parse_yaml_text(text, "f.yaml")
    return caught.value.diagnostic.code, caught.value.diagnostic.pos


def test_scalars_resolve_to_exact_types() -> None:
    doc = parse_yaml_text("a: 1.10\nb: 7\nc: 2023-04-04\nd: true\ne: ~\nf: '1.10'\ng: 0x1F\nh: Sở Y tế\n", "f.yaml")
    assert doc.data == {
        "a": Decimal("1.10"),
        "b": 7,
        "c": date(2023, 4, 4),
        "d": True,
        "e": None,
        "f": "1.10",
        "g": 31,
        "h": "Sở Y tế",
    }
    assert str(doc.data["a"]) == "1.10"


def test_positions_of_keys_and_values_are_one_based() -> None:
    doc = parse_yaml_text("top:\n  items:\n    - id: x\n      max:   5\n", "f.yaml")
    assert doc.key_pos(("top", "items", 0, "max")) == Pos(4, 7)
    assert doc.value_pos(("top", "items", 0, "max")) == Pos(4, 14)
    assert doc.value_pos(("top", "items", 0, "missing")) == Pos(3, 7)


def test_columns_count_characters_not_bytes() -> None:
    doc = parse_yaml_text("tên: Đơn vị\nsố: 3\nx: {đ: 1, ư: 2}\n", "f.yaml")
    assert doc.value_pos(("x", "ư")) == Pos(3, 14)


def test_keys_stay_text_even_when_they_look_like_numbers() -> None:
    assert parse_yaml_text("1.1: a\n2023: b\n", "f.yaml").data == {"1.1": "a", "2023": "b"}


def test_strings_are_normalised_to_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Sở Giáo dục và Đào tạo")
    doc = parse_yaml_text(f"name: {decomposed}\n{decomposed}: 1\n", "f.yaml")
    assert doc.data["name"] == "Sở Giáo dục và Đào tạo"
    assert "Sở Giáo dục và Đào tạo" in doc.data


@pytest.mark.parametrize(
    ("text", "code", "pos"),
    [
        ("a: 1\na: 2\n", "duplicate-key", Pos(2, 1)),
        ("a: &x 1\nb: *x\n", "alias", Pos(1, 4)),
        ("a: [1]\nb: *x\n", "alias", Pos(2, 4)),
        ("a: !!python/object/apply:os.system [ls]\n", "custom-tag", Pos(1, 4)),
        ("a: !custom 1\n", "custom-tag", Pos(1, 4)),
        ("a: 1\n---\nb: 2\n", "multiple-documents", Pos(2, 1)),
        ("", "empty-file", Pos(1, 1)),
        ("# only a comment\n", "empty-file", Pos(1, 1)),
        ("a:\n\tb: 1\n", "tab", Pos(2, 1)),
        ("a: 'open\n", "unclosed-quote", Pos(1, 4)),
        ('a: "x\nb: 1\nc: "y"\n', "unclosed-quote", Pos(1, 4)),
        ("a: 'it''s'\nb: [1\n", "yaml-syntax", Pos(3, 1)),
        ("? [a]\n: 1\n", "complex-key", Pos(1, 3)),
    ],
)
def test_bad_yaml_is_refused_at_its_place(text: str, code: str, pos: Pos) -> None:
    assert problem_of(text) == (code, pos)


def test_nesting_deeper_than_the_cap_is_refused() -> None:
    deep = "a: " + "[" * (MAX_DEPTH + 2) + "]" * (MAX_DEPTH + 2) + "\n"
    assert problem_of(deep)[0] == "too-deep"
    shallow = "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    parse_yaml_text(shallow, "f.yaml")


@pytest.mark.parametrize(
    ("raw", "code", "pos"),
    [
        ("a: 1\nb: Đ\n".encode("utf-16"), "encoding", Pos(1, 1)),
        (b"a: 1\nb: caf\xe9\n", "encoding", Pos(2, 7)),
        (b"a: 1\nbb: x\x00y\n", "nul-byte", Pos(2, 6)),
    ],
)
def test_undecodable_bytes_are_located(raw: bytes, code: str, pos: Pos) -> None:
    with pytest.raises(YamlProblem) as caught:
        decode_source(raw, "f.yaml")
    assert (caught.value.diagnostic.code, caught.value.diagnostic.pos) == (code, pos)


def test_utf8_bom_is_accepted() -> None:
    assert decode_source("\ufeffa: Đ\n".encode(), "f.yaml") == "a: Đ\n"


def test_oversized_file_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import emulation_cli.loading.source as source

    monkeypatch.setattr(source, "MAX_FILE_BYTES", 10)
    path = tmp_path / "big.yaml"
    path.write_text("a: 123456789012\n", encoding="utf-8")
    with pytest.raises(YamlProblem) as caught:
        read_yaml_file(path, "big.yaml")
    assert caught.value.diagnostic.code == "file-too-large"


def soft_problems(text: str) -> list[tuple[str, Pos]]:
    return [(d.code, d.pos) for d in parse_yaml_text(text, "f.yaml").problems]


def test_problems_that_do_not_stop_the_reading_are_collected_and_repaired() -> None:
    doc = parse_yaml_text("a: 2023-02-30\nb: {self: 37,5, x: 1}\nc: “Sở Y tế”\nd: 1" + "0" * 40 + "\n", "f.yaml")
    assert [(d.code, d.pos) for d in doc.problems] == [
        ("bad-date", Pos(1, 4)),
        ("decimal-comma", Pos(2, 11)),
        ("smart-quotes", Pos(3, 4)),
        ("number-too-large", Pos(4, 4)),
    ]
    assert doc.data["a"] == "2023-02-30"
    assert doc.data["b"] == {"self": Decimal("37.5"), "x": 1}
    assert doc.data["c"] == "Sở Y tế"


def test_huge_exponents_never_reach_arithmetic() -> None:
    assert soft_problems("a: 1e999999999\n") == [("number-too-large", Pos(1, 4))]
    assert soft_problems("a: 12345678901234567890.5\n") == []


@settings(max_examples=300, deadline=None)
@given(
    st.from_regex(
        r"\A[-+]?(?:[0-9]{0,34}\.[0-9]{0,34}(?:[eE][-+]?[0-9]{1,3})?|[0-9]{1,40}[eE][-+]?[0-9]{1,3})\Z"
    ).filter(lambda t: any(c.isdigit() for c in t.split("e")[0].split("E")[0]))
)
@example("0." + "0" * 30 + "1")  # 33 characters: magnitude 10^-31
@example("1" * 30 + ".5")  # 31 digits
@example("0." + "0" * 27 + "1")  # 30 characters: 10^-28, allowed
@example("1" * 30 + ".")  # 30 digits, allowed
@example("1e31")
def test_a_number_is_too_large_exactly_when_its_digits_or_its_magnitude_are(text: str) -> None:
    """The reader skips the digit count for a short number without an exponent: the verdict stays the full
    check's (at most MAX_DIGITS significant digits and a magnitude of at most 10^MAX_DIGITS)."""
    value = resolve_plain(text)
    exact = Decimal(text)
    too_large = len(exact.as_tuple().digits) > MAX_DIGITS or abs(exact.adjusted()) > MAX_DIGITS
    assert isinstance(value, TooLarge) == too_large
    if not too_large:
        assert value == exact and str(value) == str(exact)


_PATTERNS = (
    "_NULL",
    "_TRUE",
    "_FALSE",
    "_INT",
    "_INT_OCT",
    "_INT_HEX",
    "_FLOAT",
    "_SPECIAL_FLOAT",
    "_DATE",
    "_DATETIME",
)


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.text(alphabet="~nNtTfFrueaslUL+-.:0123456789oxeEinI T\t\nZ", max_size=25),
        *(st.from_regex(getattr(scalars, name)) for name in _PATTERNS),
        st.text(max_size=8),
    )
)
def test_what_lets_the_reader_try_the_scalar_patterns_in_any_order(text: str) -> None:
    """The reader skips every pattern for a text whose first character none of them starts with, and tries
    numbers first: true only if no text matches two patterns (bar an integer, which is also a float)."""
    matched = {name for name in _PATTERNS if getattr(scalars, name).match(text)}
    if "_INT" in matched:
        matched.discard("_FLOAT")
    assert len(matched) <= 1
    if matched and text:
        assert text[0] in scalars._FIRST_CHARACTERS


def test_the_source_text_of_numbers_is_kept_for_hints() -> None:
    doc = parse_yaml_text("number: 012\nid: 1e3\nv: 1.10\n", "f.yaml")
    assert doc.raw == {("number",): "012", ("id",): "1e3", ("v",): "1.10"}


@pytest.mark.parametrize(
    ("char", "pos"),
    [("\x08", Pos(2, 6)), ("\x1b", Pos(2, 6)), ("\u2028", Pos(2, 6)), ("\x85", Pos(2, 6)), ("\ufffe", Pos(2, 6))],
)
def test_invisible_characters_are_located(char: str, pos: Pos) -> None:
    with pytest.raises(YamlProblem) as caught:
        decode_source(f"a: 1\nb: Sở{char}A\n".encode(), "f.yaml")
    assert (caught.value.diagnostic.code, caught.value.diagnostic.pos) == ("control-character", pos)


def test_a_legal_multi_line_quote_is_not_blamed_for_a_later_error() -> None:
    assert problem_of('name: "Sở\n  A"\nb:\n  c: 1\n\td: 2\n') == ("tab", Pos(5, 1))


def test_windows_line_endings_keep_lines_and_columns() -> None:
    doc = parse_yaml_text("a: 1\r\nb:\r\n  c: x\r\n", "f.yaml")
    assert doc.value_pos(("b", "c")) == Pos(3, 6)
    assert problem_of("a: 1\r\na: 2\r\n") == ("duplicate-key", Pos(2, 1))


def test_only_regular_files_are_read(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "units.yaml"
    os.mkfifo(fifo)
    with pytest.raises(YamlProblem) as caught:
        read_yaml_file(fifo, "units.yaml")
    assert caught.value.diagnostic.code == "not-a-file"

"""Invisible characters pasted from Word: each named at its own line and column, and the file read as meant."""

from __future__ import annotations

import pytest

from emulation_cli.loading.diagnostics import Pos
from emulation_cli.loading.pasted import repair_pasted
from emulation_cli.loading.yamltree import parse_yaml_text


@pytest.mark.parametrize(
    ("text", "pos", "code"),
    [
        ("units:\n  - name:\u00a0Sở A\n", Pos(2, 10), "U+00A0"),  # after a colon: a YAML syntax error before
        ("title: Báo cáo tổng\u00adkết\n", Pos(1, 20), "U+00AD"),  # in the middle of a value, not at its start
        ("a: 1\nid: so-a\u200b\n", Pos(2, 9), "U+200B"),
        ("a: 1\nid: so-a\u200e\n", Pos(2, 9), "U+200E"),
        ('name: "Nguyễn\ufeffVăn A"\n', Pos(1, 14), "U+FEFF"),  # inside quotes too
    ],
)
def test_each_pasted_character_is_named_at_its_own_place(text: str, pos: Pos, code: str) -> None:
    document = parse_yaml_text(text, "x.yaml")
    [problem] = document.problems
    assert (problem.pos, problem.code) == (pos, "invisible-character")
    assert code in problem.message


def test_the_file_is_read_as_meant_once_repaired() -> None:
    text = "units:\n  - id: so-a\u200b\n    short\u00ad_name:\u00a0Sở\u00a0A\n"
    document = parse_yaml_text(text, "x.yaml")
    assert document.data == {"units": [{"id": "so-a", "short_name": "Sở A"}]}
    assert [p.pos for p in document.problems] == [Pos(2, 13), Pos(3, 10), Pos(3, 17), Pos(3, 20)]


def test_every_occurrence_is_reported_and_plain_text_untouched() -> None:
    assert repair_pasted("a: Sở A\n", "x.yaml") == ("a: Sở A\n", [])
    repaired, found = repair_pasted("a: x\u00a0\u00a0y\n", "x.yaml")
    assert repaired == "a: x  y\n"
    assert [d.pos.column for d in found] == [5, 6]

"""Root causes first: errors that follow from another error are held back and counted under it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from emulation_cli.loading.diagnostics import Diagnostic, Pos, dates_of_period, ids_of
from emulation_cli.validation.root_causes import root_causes_first

from .conftest import copy_example, run_emul


def _error(file: str, line: int, code: str, breaks: str | None = None, relies_on: tuple[str, ...] = ()) -> Diagnostic:
    found = Diagnostic.error(file, Pos(line, 1), code, code)
    return replace(found, breaks=breaks, relies_on=frozenset(relies_on))


def test_the_root_cause_comes_first_and_counts_what_follows() -> None:
    unrelated = _error("assessments/2024/a.yaml", 3, "bad-score")
    follower = _error("assessments/2024/a.yaml", 6, "unknown-criterion", relies_on=(ids_of("criterion"),))
    root = _error("criteria/rubric.yaml", 22, "duplicate-id", breaks=ids_of("criterion"))
    shown = root_causes_first([unrelated, follower, root])
    assert [(d.code, d.follow_ons) for d in shown] == [("duplicate-id", 1), ("bad-score", 0)]


def test_a_reference_to_an_intact_kind_is_still_reported() -> None:
    root = _error("units.yaml", 8, "duplicate-id", breaks=ids_of("unit"))
    other = _error("assessments/2024/a.yaml", 6, "unknown-criterion", relies_on=(ids_of("criterion"),))
    assert [d.code for d in root_causes_first([other, root])] == ["duplicate-id", "unknown-criterion"]


def test_two_errors_breaking_the_same_subject_count_the_followers_once() -> None:
    roots = [_error("units.yaml", n, "duplicate-id", breaks=ids_of("unit")) for n in (8, 14)]
    followers = [_error("cluster.yaml", n, "unknown-unit", relies_on=(ids_of("unit"),)) for n in (20, 21)]
    shown = root_causes_first([*followers, *roots])
    assert [d.follow_ons for d in shown] == [2, 0]


def test_a_warning_that_follows_from_a_root_cause_is_held_back_too() -> None:
    root = _error("cluster.yaml", 34, "date-inverted", breaks=dates_of_period("2024"))
    warning = Diagnostic.warning("assessments/2024/a.yaml", Pos(1, 7), "not-ranked", "m")
    warning = replace(warning, relies_on=frozenset({dates_of_period("2024")}))
    assert root_causes_first([warning, root]) == (replace(root, follow_ons=1),)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_duplicated_criterion_id_in_an_example_prints_only_the_root_cause(tmp_path: Path, lang: str) -> None:
    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum")
    (rubric,) = [p for p in folder.rglob("*.yaml") if "id: I.3.b" in p.read_text(encoding="utf-8")]
    rubric.write_text(rubric.read_text(encoding="utf-8").replace("id: I.3.b", "id: I.3.a", 1), encoding="utf-8")
    code, out, _err = run_emul(["validate", str(folder)], lang=lang)
    assert code == 1
    lines = out.splitlines()
    assert "'I.3.a'" in lines[0] and ("duplicate criterion id" in lines[0] or "bị trùng" in lines[0])
    assert "I.3.b" not in out
    assert ("6 more problem(s)" if lang == "en" else "còn 6 vấn đề") in out

"""A `self:` score on a computed criterion is ignored: a warning says so, and it changes no self total or flag."""

from __future__ import annotations

import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from emulation_cli.scoring.sheet import UnitScore, score_period
from emulation_cli.validation.project import load_project

from .conftest import DATA, run_emul

SO_A = Path("assessments/2024/so-a.yaml")
PLAIN = "I.2.a: {facts: {actual: 97.5}}"  # a proportional criterion, max 20: computed from the facts


def _with_self(folder: Path, value: str) -> None:
    file = folder / SO_A
    text = file.read_text(encoding="utf-8")
    assert PLAIN in text
    file.write_text(text.replace(PLAIN, "I.2.a: {self: " + value + ", facts: {actual: 97.5}}"), encoding="utf-8")


def _so_a(folder: Path) -> UnitScore:
    project = load_project(folder)
    scores = score_period(project, project.period("2024"))
    return next(u for u in scores.units if u.unit.id == "so-a")


@pytest.mark.parametrize(("lang", "words"), [("en", "the self score 5 is ignored"), ("vi", "điểm tự chấm 5 bị bỏ qua")])
def test_validate_warns_that_the_self_score_is_ignored(
    base_cluster: Path, lang: str, words: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_self(base_cluster, "5")
    monkeypatch.chdir(base_cluster)
    code, out, _err = run_emul(["validate", "."], lang=lang)
    assert code == 0
    assert out.startswith("assessments/2024/so-a.yaml:5:11: ")
    assert words in out and "I.2.a" in out


@settings(max_examples=15, deadline=None)
@given(st.decimals(min_value=0, max_value=20, places=2))
def test_a_self_score_on_a_computed_criterion_changes_nothing(value: Decimal) -> None:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp) / "cum"
        shutil.copytree(DATA / "base", folder)
        before = _so_a(folder)
        _with_self(folder, str(value))
        after = _so_a(folder)
    assert after.self_total_exact == before.self_total_exact
    assert [c.criterion.id for c in after.flagged_differences] == [c.criterion.id for c in before.flagged_differences]
    assert next(c for c in after.criteria if c.criterion.id == "I.2.a").difference in (None, 0)

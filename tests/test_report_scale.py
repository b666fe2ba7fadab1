"""A report's cost grows with the number of units, not with its square: what each score sheet adds to the shared
report is the same size however many units the cluster has (bench/README.md has the measured memory)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from emulation_cli.reports.context import SHEET_OWN, Builder
from emulation_cli.reports.facts import facts_of
from emulation_cli.reports.model import ReportContext, UnitSheetContext
from emulation_cli.reports.plan import kinds_for, plan
from emulation_cli.validation import size
from emulation_cli.validation.size import MAX_UNITS

from .conftest import REPO, load_period, run_emul

sys.path.insert(0, str(REPO / "bench"))


def generated(tmp_path: Path, units: int) -> Builder:
    from generate_cluster import generate

    folder = generate(tmp_path / f"c{units}", units=units, criteria=12, seed=1, periods=1)
    return load_period(folder, None)


def test_a_score_sheet_adds_exactly_its_own_fields_to_the_report() -> None:
    assert set(UnitSheetContext.model_fields) - set(ReportContext.model_fields) <= set(SHEET_OWN)


def test_a_score_sheet_is_the_report_with_its_own_parts(tmp_path: Path) -> None:
    builder = generated(tmp_path, 4)
    report = builder.report("phieu-cham")
    shared = report.model_dump(exclude=set(SHEET_OWN))
    shared_facts = {part: values for part, values in facts_of(report).items() if part not in SHEET_OWN}
    for score in builder.data.ordered_scores():
        sheet = builder.unit_sheet(score)
        assert sheet.unit.unit.id == score.unit.id
        assert {**shared, **sheet.model_dump(include=set(SHEET_OWN))} == sheet.model_dump()
        assert facts_of(sheet, known=shared_facts) == facts_of(sheet)


def test_what_a_score_sheet_adds_does_not_grow_with_the_number_of_units(tmp_path: Path) -> None:
    sizes = []
    for units in (6, 24):
        builder = generated(tmp_path, units)
        score = next(s for s in builder.data.ordered_scores() if s.unit.id == "u003")
        own = builder.unit_sheet(score).model_dump(include=set(SHEET_OWN) - {"signer"})
        own["unit"].pop("rank", None)  # "3" or "12=" depends on the others' totals, not on how many they are
        sizes.append(len(json.dumps(own, default=str)))
    assert abs(sizes[0] - sizes[1]) < 64


def test_the_score_sheet_jobs_share_one_dump_of_the_report(tmp_path: Path) -> None:
    builder = generated(tmp_path, 5)
    jobs = [job for job in plan(builder, tmp_path, kinds_for(True)) if job.kind == "phieu-cham"]
    assert len(jobs) == 5
    held = [
        cell.cell_contents
        for job in jobs
        for cell in job.render.__closure__ or ()
        if isinstance(cell.cell_contents, dict) and "results" in cell.cell_contents
    ]
    assert held and all(value is held[0] for value in held)


def test_a_cluster_far_beyond_any_real_size_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generate_cluster import generate

    folder = generate(tmp_path / "huge", units=MAX_UNITS + 1, criteria=8, seed=1, periods=1)
    monkeypatch.chdir(folder)
    for command in ("validate", "report"):
        code, out, err = run_emul([command, "."])
        assert code == 1
        expected = "members[0].members: 501 units are listed for 2024; a cluster may have at most 500"
        assert f"cluster.yaml:25:7: error: {expected}" in out + err
    assert not (folder / "van-ban").exists()


@pytest.mark.parametrize(("limit", "code"), [(3, 0), (2, 1)])
def test_the_size_limit_counts_the_members_of_a_year(
    limit: int, code: int, base_cluster: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(size, "MAX_UNITS", limit)
    monkeypatch.chdir(base_cluster)
    assert run_emul(["validate", "."])[0] == code

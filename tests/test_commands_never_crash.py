"""Property: on any valid data, score, explain and awards answer (exit 0) and agree with each other."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import DATA, run_emul

UNITS = ("so-a", "so-b", "so-c")
unit_data = st.fixed_dictionaries(
    {
        "appraised": st.decimals(min_value=0, max_value=40, places=2),
        "actual": st.decimals(min_value=0, max_value=200, places=1),
        "late": st.integers(0, 30),
        "award": st.sampled_from(["co-thi-dua-tinh", "co-thi-dua-chinh-phu", None]),
        "violations": st.integers(0, 12),
        "passed": st.booleans(),
        "favour": st.integers(0, 3),
    }
)


def write_unit(folder: Path, unit: str, data: dict[str, object]) -> None:
    award = f"{{award: {data['award']}}}" if data["award"] else "{}"
    text = (
        f'unit: {unit}\nperiod: "2024"\ncriteria:\n'
        f"  I.1: {{self: 40, appraised: {data['appraised']}, evidence: [x]}}\n"
        f"  I.2.a: {{facts: {{actual: {data['actual']}}}}}\n  I.2.b: {{facts: {{count: {data['late']}}}}}\n"
        f"  II.1: {{}}\n  TH.1: {{facts: {award}}}\n  TR.1: {{facts: {{count: {data['violations']}}}}}\n"
        f"commitments:\n  gc-01: {{actual: 99}}\n"
        + ("  gc-a-01: {done: true}\n" if unit == "so-a" else "")
        + f"gates:\n  chi-tieu: {{passed: {str(data['passed']).lower()}}}\n"
    )
    (folder / "assessments" / "2024" / f"{unit}.yaml").write_text(text, encoding="utf-8")


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.tuples(unit_data, unit_data, unit_data))
def test_commands_answer_on_any_valid_data(tmp_path: Path, rows: tuple[dict[str, object], ...]) -> None:
    folder = tmp_path / "cum"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(DATA / "base", folder)
    for unit, data in zip(UNITS, rows, strict=True):
        write_unit(folder, unit, data)
    votes = "".join(
        f"  - {{award: co-thi-dua, unit: {u}, issued: 3, returned: 3, valid: 3, in_favour: {d['favour']}}}\n"
        for u, d in zip(UNITS, rows, strict=True)
    )
    (folder / "ballots" / "2024.yaml").write_text(
        'period: "2024"\nmeeting:\n  date: 2024-12-20\n  present: [so-a, so-b, so-c]\nvotes:\n' + votes,
        encoding="utf-8",
    )
    code, out, err = run_emul(["score", str(folder), "--format", "json"])
    assert (code, err) == (0, "")
    ranking = json.loads(out)["units"]
    code, out, err = run_emul(["awards", str(folder), "--format", "json"])
    assert (code, err) == (0, "")
    proposed = json.loads(out)["titles"][0]["proposed"]
    assert len(proposed) <= 1
    for unit in proposed:  # a proposed unit passed its gate and its vote (more than half of 3 members)
        data = rows[UNITS.index(unit)]
        assert data["passed"] and int(data["favour"]) >= 2  # type: ignore[call-overload]
    for row in ranking:
        code, _out, err = run_emul(["explain", str(folder), row["unit"]["id"]])
        assert (code, err) == (0, "")

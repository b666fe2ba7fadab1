"""The benchmark scripts still run against the current code (no timing is asserted: speed is measured by
running them, see bench/README.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from .conftest import REPO

sys.path.insert(0, str(REPO / "bench"))


def test_the_report_batch_benchmark_writes_every_document(tmp_path: Path) -> None:
    import bench_report

    prepare, render, documents = bench_report.batch(tmp_path, clusters=1, units=3, criteria=10)
    # five Word documents (the chair's sheet among them; nothing is put to the vote, so no ballot papers), a score
    # sheet per unit, the workbook, the summary and the overview page
    assert documents == 5 + 3 + 3
    assert prepare > 0 and render > 0


def test_the_memory_benchmark_measures_each_command(capsys: pytest.CaptureFixture[str]) -> None:
    import bench_memory

    assert bench_memory.main(["--units", "3", "--criteria", "10"]) == 0
    rows = [line.split("|")[1:-1] for line in capsys.readouterr().out.splitlines()[2:]]
    assert [(units.strip(), name.strip(), code.strip()) for units, name, code, *_ in rows] == [
        ("3", "report", "0"),
        ("3", "score", "0"),
        ("3", "awards", "0"),
    ]
    assert all(float(row[3]) > 10 for row in rows)  # megabytes: a Python process with emul loaded


def test_the_many_clusters_benchmark_times_each_variant_and_measures_province(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import bench_many

    assert bench_many.main(["--clusters", "2", "--units", "3", "--criteria", "10", "--runs", "1"]) == 0
    out = capsys.readouterr().out
    assert "| a process per cluster |" in out and "| one process (--jobs 1) |" in out
    rows = [line.split("|")[1:-1] for line in out.split("peak resident memory", 1)[1].splitlines()[4:]]
    assert [(jobs.strip(), code.strip()) for _emul, jobs, code, _mib in rows] == [("1", "0"), ("2", "0")]


def test_the_docx_benchmark_finds_the_former_path_and_the_current_one_byte_identical() -> None:
    import bench_docx

    jobs = [job for job in bench_docx.example_jobs(REPO / bench_docx.EXAMPLE) if job.name.endswith((".docx", ".xlsx"))]
    assert len(jobs) > 10
    assert bench_docx.identical(jobs) == []
    samples = bench_docx.measure(jobs[:2], runs=1)
    assert sorted(samples) == [("cold", "current"), ("cold", "former"), ("warm", "current"), ("warm", "former")]


def test_the_score_benchmark_runs_score_and_validate_side_by_side(tmp_path: Path) -> None:
    import bench_score
    from generate_cluster import generate

    generated = generate(tmp_path / "c", 3, 10)
    rows = bench_score.ratio_rows(generated, 1, None)
    assert [name for name, _medians in rows] == ["this tree"]
    medians = rows[0][1]
    assert set(medians) == {"validate", "score"}
    assert all(wall > 0 and cpu > 0 for wall, cpu in medians.values())

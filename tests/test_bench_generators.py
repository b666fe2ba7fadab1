"""The country generator of bench/ writes clusters that validate cleanly and roll up by province, the same bytes
for the same arguments (speed is measured by running bench/bench_scale.py, never asserted here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from emulation_cli.validation.folder import validate_folder

from .conftest import REPO, run_emul

sys.path.insert(0, str(REPO / "bench"))

from generate_country import Shape, generate_country, is_generated

SMALL = Shape(provinces=2, clusters_per_province=2, units=3, criteria=6)


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def country(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    root = tmp_path_factory.mktemp("country")
    return root, generate_country(root, SMALL)


def test_every_generated_cluster_validates_with_no_problem(country: tuple[Path, list[Path]]) -> None:
    root, folders = country
    assert [f.relative_to(root).as_posix() for f in folders] == [
        "an-giang/cum-thi-dua-so-01",
        "an-giang/cum-thi-dua-so-02",
        "bac-ninh/cum-thi-dua-so-01",
        "bac-ninh/cum-thi-dua-so-02",
    ]
    loaded = []
    for folder in folders:
        result, report = validate_folder(folder)
        assert report.diagnostics == (), folder
        assert result.cluster is not None and result.units is not None
        loaded.append((result.cluster.model, [u.id for u in result.units.model.units]))
    clusters = [cluster for cluster, _units in loaded]
    assert len({c.id for c in clusters}) == len({c.name for c in clusters}) == 4
    assert [c.province for c in clusters] == ["tỉnh An Giang"] * 2 + ["tỉnh Bắc Ninh"] * 2
    assert {c.year for c in clusters} == {2026}
    unit_ids = [uid for _cluster, units in loaded for uid in units]
    assert len(unit_ids) == len(set(unit_ids)) == 4 * 3


def test_a_generated_province_rolls_up(tmp_path: Path) -> None:
    # 5 units: a quota of 20 % gives each cluster one Cờ thi đua, whose holder leads it
    folders = generate_country(tmp_path, Shape(provinces=1, clusters_per_province=2, units=5, criteria=6))
    code, out, err = run_emul(["province", *(str(folder) for folder in folders)])
    assert code == 0, err
    assert "2026: leaders of 2 clusters" in out


def test_the_same_arguments_write_the_same_bytes(country: tuple[Path, list[Path]], tmp_path: Path) -> None:
    root, _folders = country
    generate_country(tmp_path / "again", SMALL)
    assert files(tmp_path / "again") == files(root)
    assert is_generated(root, SMALL) and not is_generated(root, Shape(provinces=2, clusters_per_province=3))


def test_the_generator_replaces_its_own_output_and_refuses_other_folders(tmp_path: Path) -> None:
    out = tmp_path / "out"
    generate_country(out, SMALL)
    smaller = Shape(provinces=1, clusters_per_province=1, units=3, criteria=6)
    assert len(generate_country(out, smaller)) == 1
    assert sorted(p.name for p in out.iterdir()) == [".emul-bench-country.json", "an-giang"]
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ValueError, match="not written by this generator"):
        generate_country(other, SMALL)


@pytest.mark.skipif(
    not Path("/proc/self/status").is_file(), reason="the benchmark's memory poller reads /proc, which only Linux has"
)
def test_the_scale_benchmark_counts_the_memory_of_every_process_of_the_tree() -> None:
    import bench_scale

    # a parent that starts a child holding 64 MiB: the child's peak counts towards the tree's
    child = "b = bytearray(64 * 1024 * 1024); import time; time.sleep(0.6)"
    parent = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {child!r}])"
    process = subprocess.Popen([sys.executable, "-c", parent])
    watcher = bench_scale.TreeMemory(process.pid)
    watcher.start()
    process.wait()
    watcher.done.set()
    watcher.join()
    assert len(watcher.peaks) == 2
    assert watcher.total_mib > 64 + 2 * 5  # the child's buffer and two interpreters


def test_the_scale_benchmark_says_what_this_emul_cannot_measure(capsys: pytest.CaptureFixture[str]) -> None:
    import bench_scale

    figures = [
        bench_scale.validate_batch_figure(200, 1, many=False),
        bench_scale.country_figure(Shape(), many=False),
    ]
    bench_scale.print_table(figures)
    rows = capsys.readouterr().out.splitlines()[2:4]
    assert [row.split(" | ")[1:] for row in rows] == [
        ["not available", "≤ 0.3×", "— |"],
        ["not available", "≤ 3 min wall, ≤ 1 GiB", "— |"],
    ]

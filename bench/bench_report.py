"""Benchmark `emul report`: the example cluster as the officer runs it, the time per document, and a batch
over many generated clusters.

    python bench/bench_report.py [--runs 7] [--clusters 40] [--units 12] [--criteria 60]

Cases:
- `emul report examples/cum-thi-dua-so-7-2023` as a whole process (into a fresh folder each run), target ≤ 3 s;
- in-process, the median time to render each kind of document of the example;
- in-process, every document of N generated clusters of U units (bench/generate_cluster.py), rendered and written
  by the same batch code the command uses: total time and time per document.
Without --pdf throughout. Reports only; always exits 0.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_validate import EXAMPLE, REPO, emul_command, run_env
from generate_cluster import generate


def process_samples(out_root: Path, runs: int) -> tuple[list[float], set[int], int]:
    argv = [*emul_command(), "report", EXAMPLE.as_posix()]
    samples: list[float] = []
    codes: set[int] = set()
    documents = 0
    for index in range(runs + 1):  # the first run warms the caches and is not counted
        out = out_root / f"run-{index}"
        start = time.perf_counter()
        done = subprocess.run([*argv, "--out", str(out)], cwd=REPO, env=run_env(), capture_output=True, check=False)
        elapsed = (time.perf_counter() - start) * 1000
        codes.add(done.returncode)
        documents = sum(1 for p in out.rglob("*") if p.is_file() and not p.name.startswith("."))
        if index:
            samples.append(elapsed)
        shutil.rmtree(out, ignore_errors=True)
    return samples, codes, documents


def per_kind(folder: Path, runs: int) -> dict[str, list[float]]:
    """Median render time of each job (one Word file, the workbook, the Markdown summary)."""
    from emulation_cli.reports.context import Builder
    from emulation_cli.reports.gather import gather
    from emulation_cli.reports.plan import kinds_for, plan
    from emulation_cli.validation.periods import choose_period
    from emulation_cli.validation.project import load_project

    project = load_project(folder)
    data = gather(project, choose_period(project, None))
    jobs = plan(Builder(data), folder, kinds_for(data.is_year))
    times: dict[str, list[float]] = defaultdict(list)
    for job in jobs:
        job.render()  # warm up
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            job.render()
            samples.append((time.perf_counter() - start) * 1000)
        times[job.kind].append(statistics.median(samples))
    return times


def batch(workdir: Path, clusters: int, units: int, criteria: int) -> tuple[float, float, int]:
    """Generate the clusters (not timed), then report them all in one process through the command's own core
    (reports.run): (ms to load, validate, score, rank and build the contexts; ms to render and write; documents)."""
    from emulation_cli.reports.run import prepare_report, run_report
    from emulation_cli.validation.periods import choose_period
    from emulation_cli.validation.project import load_project

    folders = [generate(workdir / f"c{i:02d}", units, criteria, seed=i + 1) for i in range(clusters)]
    prepare = render = 0.0
    documents = 0
    for folder in folders:
        start = time.perf_counter()
        project = load_project(folder)
        period = choose_period(project, None)
        with prepare_report(project, period, [], folder / "out", offices=None, force=False) as report:
            _ = report.jobs  # the contexts are built with the plan
            middle = time.perf_counter()
            outcome = run_report(report)
            render_end = time.perf_counter()
        prepare += (middle - start) * 1000
        render += (render_end - middle) * 1000
        documents += outcome.written
    return prepare, render, documents


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--clusters", type=int, default=40)
    parser.add_argument("--units", type=int, default=12)
    parser.add_argument("--criteria", type=int, default=60)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="emul-bench-report-") as scratch:
        work = Path(scratch)
        samples, codes, documents = process_samples(work / "process", args.runs)
        median = statistics.median(samples)
        verdict = "pass" if median <= 3000 else "FAIL"
        print(
            f"emul report {EXAMPLE.as_posix()}: {documents} documents, median {median:.0f} ms "
            f"(min {min(samples):.0f}), {median / documents:.1f} ms per document, target 3000 ms: {verdict}, "
            f"exit codes {sorted(codes)}"
        )
        print("\nper document, in process (median of medians):")
        for kind, values in per_kind(REPO / EXAMPLE, args.runs).items():
            print(f"  {kind:<14} {statistics.median(values):7.1f} ms  ({len(values)} file(s))")
        prepare, render, count = batch(work / "batch", args.clusters, args.units, args.criteria)
        total = prepare + render
        print(
            f"\nbatch: {args.clusters} generated clusters of {args.units} units × {args.criteria} criteria: "
            f"{count} documents in {total / 1000:.1f} s ({total / count:.1f} ms per document); "
            f"load, validate, score and contexts {prepare / args.clusters:.0f} ms per cluster; "
            f"render and write {render / count:.1f} ms per document"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark an `emul report` rerun with nothing changed against a fresh `emul report`, side by side in one run.

    python bench/bench_rerun.py [--runs 5] [--units 30] [--criteria 60]

For the example and a generated cluster (bench/generate_cluster.py), each round runs as whole processes, one
after the other: `emul report CLUSTER --out FRESH` (every document rendered), then the same command again into
that folder (every document found current, not rendered). One round first warms the caches and
is not counted. Then, in-process, where a rerun's time goes: gathering the data, building the documents'
contexts, and their input keys. Reports only; always exits 0.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_validate import EXAMPLE, REPO, emul_command, run_env
from generate_cluster import generate

CASES = ("report, fresh", "report, rerun")


def timed(cluster: Path, out: Path, period: str) -> tuple[float, int]:
    argv = [*emul_command(), "report", cluster.as_posix(), "--period", period, "--out", str(out)]
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=REPO, env=run_env(), capture_output=True, check=False)
    return (time.perf_counter() - start) * 1000, done.returncode


def rounds(cluster: Path, period: str, workdir: Path, runs: int) -> tuple[dict[str, list[float]], set[int]]:
    samples: dict[str, list[float]] = {case: [] for case in CASES}
    codes: set[int] = set()
    for index in range(runs + 1):  # the first round warms the caches and is not counted
        out = workdir / f"out-{index}"
        for case in CASES:
            elapsed, code = timed(cluster, out, period)
            codes.add(code)
            if index:
                samples[case].append(elapsed)
        shutil.rmtree(out, ignore_errors=True)
    return samples, codes


def stages(cluster: Path, period: str) -> list[tuple[str, float]]:
    """Where a rerun's time goes before anything is written (ms, one warm pass)."""
    from emulation_cli.reports.context import Builder
    from emulation_cli.reports.gather import gather
    from emulation_cli.reports.plan import kinds_for, plan
    from emulation_cli.validation.periods import choose_period
    from emulation_cli.validation.project import load_project

    def clock(step: Callable[[], object]) -> tuple[float, object]:
        start = time.perf_counter()
        value = step()
        return (time.perf_counter() - start) * 1000, value

    project = load_project(cluster)
    chosen = choose_period(project, period)
    gathered, data = clock(lambda: gather(project, chosen, workbook=True))
    kinds = kinds_for(data.is_year, data.by_vote)  # type: ignore[attr-defined]
    planned, jobs = clock(lambda: plan(Builder(data), cluster, kinds))  # type: ignore[arg-type]
    keyed, _ = clock(lambda: [job.key() for job in jobs])  # type: ignore[attr-defined]
    return [("gather the data", gathered), ("build the contexts (plan)", planned), ("input keys", keyed)]


def report(title: str, cluster: Path, period: str, runs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="emul-bench-rerun-") as workdir:
        samples, codes = rounds(cluster, period, Path(workdir), runs)
    base = statistics.median(samples[CASES[0]])
    print(f"\n### {title}: {runs} rounds, exit codes {sorted(codes)}\n")
    print("| case | median ms | min ms | / fresh `report` |\n|---|---:|---:|---:|")
    for case in CASES:
        median = statistics.median(samples[case])
        print(f"| `emul {case}` | {median:.0f} | {min(samples[case]):.0f} | {median / base:.2f}× |")
    print("\n| in-process stage | ms |\n|---|---:|")
    for stage, elapsed in stages(cluster, period):
        print(f"| {stage} | {elapsed:.0f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--units", type=int, default=30)
    parser.add_argument("--criteria", type=int, default=60)
    args = parser.parse_args()
    if EXAMPLE.is_dir():
        report(f"`{EXAMPLE.name}`", EXAMPLE, "2023", args.runs)
    with tempfile.TemporaryDirectory(prefix="emul-bench-rerun-cluster-") as folder:
        cluster = generate(Path(folder) / "cluster", args.units, args.criteria)
        report(f"generated {args.units} units × {args.criteria} criteria", cluster, "2024", args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

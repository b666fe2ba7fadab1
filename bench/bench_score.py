"""Benchmark `emul score`: whole processes against the targets, `score` / `validate` side by side, and how
scoring grows with units × criteria.

    python bench/bench_score.py [--runs 7] [--base-src OTHER_CHECKOUT/src]

Reports only; always exits 0. Shares its timing helpers with bench_validate.py. With `--base-src`, the
score / validate ratio is measured for that source tree too, interleaved with this one's runs.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_validate import (
    EXAMPLE,
    REPO,
    Case,
    Timing,
    emul_command,
    print_process_table,
    process_timings,
    run_env,
    time_call,
)
from generate_cluster import generate

SIZES = ((15, 30), (30, 60), (60, 120), (120, 120), (60, 240), (120, 240))
RATIO_TARGET = 1.1
COMMANDS = ("validate", "score")


def run_measured(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall-clock ms, CPU ms of the child: user + system) of one process. CPU time is what a busy machine
    inflates least."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=REPO, env=env, capture_output=True, check=False)
    wall = (time.perf_counter() - start) * 1000
    if done.returncode != 0:  # the time of a failed run means nothing
        raise RuntimeError(f"{' '.join(argv)} exited with {done.returncode}: {done.stderr.decode()[-500:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return wall, cpu


def ratio_rows(generated: Path, runs: int, base_src: Path | None) -> list[tuple[str, dict[str, tuple[float, float]]]]:
    """Per source tree (this one, and `base_src` if given): the median (wall, CPU) ms of `emul validate` and
    `emul score` on the generated cluster, each round running every tree and command once, alternately."""
    trees: list[tuple[str, list[str], dict[str, str]]] = [("this tree", emul_command(), run_env())]
    if base_src is not None:
        env = {**run_env(), "PYTHONPATH": str(base_src)}
        trees.append((f"base ({base_src})", [sys.executable, "-m", "emulation_cli"], env))
    samples: dict[tuple[str, str], list[tuple[float, float]]] = {(t, c): [] for t, _a, _e in trees for c in COMMANDS}
    for _name, argv, env in trees:  # warm-up: page cache and .pyc files
        for command in COMMANDS:
            run_measured([*argv, command, str(generated)], env)
    for _ in range(runs):
        for name, argv, env in trees:
            for command in COMMANDS:
                samples[name, command].append(run_measured([*argv, command, str(generated)], env))
    return [
        (
            name,
            {
                command: (
                    statistics.median(w for w, _c in samples[name, command]),
                    statistics.median(c for _w, c in samples[name, command]),
                )
                for command in COMMANDS
            },
        )
        for name, _argv, _env in trees
    ]


def print_ratios(rows: list[tuple[str, dict[str, tuple[float, float]]]], runs: int) -> None:
    print(f"\n`emul score` / `emul validate` on the generated 60×120 cluster, {runs} interleaved runs (medians):\n")
    print("| source | validate ms (CPU ms) | score ms (CPU ms) | score / validate, wall | CPU | target |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, medians in rows:
        (vw, vc), (sw, sc) = medians["validate"], medians["score"]
        ratios = f"{sw / vw:.2f} | {sc / vc:.2f}"
        print(f"| {name} | {vw:.0f} ({vc:.0f}) | {sw:.0f} ({sc:.0f}) | {ratios} | ≤ {RATIO_TARGET} |")


def process_cases(generated: Path) -> list[Case]:
    emul = emul_command()
    return [
        Case(f"emul score {EXAMPLE.as_posix()}", [*emul, "score", EXAMPLE.as_posix()], 500),
        Case("emul score <generated 60×120>", [*emul, "score", str(generated)], 3000),
        Case("emul score <generated 60×120> --format json", [*emul, "score", str(generated), "--format", "json"], 3000),
    ]


def scaling_rows(workdir: Path, runs: int) -> list[tuple[int, int, float, float]]:
    """(units, criteria, load+validate ms, score+rank ms) for growing clusters, in process."""
    from emulation_cli.ranking.rank import rank_units
    from emulation_cli.scoring.sheet import score_period
    from emulation_cli.validation.periods import choose_period
    from emulation_cli.validation.project import load_project

    rows = []
    for units, criteria in SIZES:
        root = generate(workdir / f"s-{units}x{criteria}", units, criteria)
        project = load_project(root)
        period = choose_period(project, None)

        def score_and_rank(project=project, period=period) -> None:  # type: ignore[no-untyped-def]
            scores = score_period(project, period)
            rank_units(scores.units, scores.rubric, None)

        load = Timing("load", time_call(lambda root=root: load_project(root), runs), None, frozenset())
        score = Timing("score", time_call(score_and_rank, runs), None, frozenset())
        rows.append((units, criteria, load.median, score.median))
    return rows


def print_scaling(rows: list[tuple[int, int, float, float]]) -> None:
    print("\nScoring in process (median ms). µs/entry should stay flat if the time grows linearly.\n")
    print("| units × criteria | entries | load + validate | score + rank | score µs/entry |")
    print("|---|---:|---:|---:|---:|")
    for units, criteria, load, score in rows:
        entries = units * criteria
        print(f"| {units} × {criteria} | {entries} | {load:.0f} | {score:.1f} | {score * 1000 / entries:.2f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--base-src", type=Path, help="the src folder of another checkout, to compare the ratio")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="emul-bench-") as temp:
        generated = generate(Path(temp) / "gen-60x120", 60, 120)
        print_process_table(process_timings(process_cases(generated), args.runs))
        print_ratios(ratio_rows(generated, args.runs, args.base_src), args.runs)
        print_scaling(scaling_rows(Path(temp), max(3, args.runs // 2)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

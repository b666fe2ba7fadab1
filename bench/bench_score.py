"""Benchmark `emul score`: whole processes against the targets, and how scoring grows with units × criteria.

    python bench/bench_score.py [--runs 7]

Reports only; always exits 0. Shares its timing helpers with bench_validate.py.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_validate import (
    EXAMPLE,
    Case,
    Timing,
    emul_command,
    print_process_table,
    process_timings,
    time_call,
)
from generate_cluster import generate

SIZES = ((15, 30), (30, 60), (60, 120), (120, 120), (60, 240), (120, 240))


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
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="emul-bench-") as temp:
        generated = generate(Path(temp) / "gen-60x120", 60, 120)
        print_process_table(process_timings(process_cases(generated), args.runs))
        print_scaling(scaling_rows(Path(temp), max(3, args.runs // 2)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

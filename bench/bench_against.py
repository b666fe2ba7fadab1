"""The working tree against an earlier commit, side by side in one run: whole `emul` processes, interleaved
(base, head, base, head, …) so that a busy shared machine slows both alike. Reports medians and the ratio
head / base; it always exits 0.

    python bench/bench_against.py BASE_REV [--runs 11] [--units 60] [--criteria 120]

BASE_REV is checked out with `git worktree add --detach` into a temporary folder (removed at the end) and
run from its `src/` through PYTHONPATH, with the same interpreter and the same installed dependencies.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
EXAMPLE = REPO / "examples" / "cum-thi-dua-so-7-2023"
sys.path.insert(0, str(BENCH_DIR))

from generate_cluster import generate  # noqa: E402


def cases(generated: Path) -> list[tuple[str, list[str]]]:
    return [
        ("emul --help", ["--help"]),
        ("emul validate <example>", ["validate", str(EXAMPLE)]),
        ("emul score <example>", ["score", str(EXAMPLE)]),
        ("emul awards <example>", ["awards", str(EXAMPLE)]),
        ("emul validate <generated>", ["validate", str(generated)]),
        ("emul score <generated>", ["score", str(generated)]),
    ]


def run_once(source: Path, args: list[str]) -> float:
    environment = {**os.environ, "PYTHONPATH": str(source), "EMUL_LANG": "en"}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "emulation_cli", *args],
        cwd=REPO,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return (time.perf_counter() - start) * 1000


def measure(base: Path, head: Path, args: list[str], runs: int) -> tuple[list[float], list[float]]:
    run_once(base, args), run_once(head, args)  # warm-up: page cache and .pyc files
    base_ms, head_ms = [], []
    for _ in range(runs):
        base_ms.append(run_once(base, args))
        head_ms.append(run_once(head, args))
    return base_ms, head_ms


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base")
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--units", type=int, default=60)
    parser.add_argument("--criteria", type=int, default=120)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="emul-bench-") as tmp:
        worktree = Path(tmp) / "base"
        subprocess.run(["git", "worktree", "add", "--detach", str(worktree), options.base], cwd=REPO, check=True)
        try:
            generated = Path(tmp) / "generated"
            generate(generated, units=options.units, criteria=options.criteria, seed=1, periods=2)
            print(f"base {options.base}, head: working tree; {options.runs} interleaved runs per case")
            print("| case | base median ms | head median ms | head / base |")
            print("|---|---:|---:|---:|")
            for name, args in cases(generated):
                base_ms, head_ms = measure(worktree / "src", REPO / "src", args, options.runs)
                b, h = statistics.median(base_ms), statistics.median(head_ms)
                print(f"| `{name}` | {b:.0f} | {h:.0f} | {h / b:.2f} |", flush=True)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(worktree)], cwd=REPO, check=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

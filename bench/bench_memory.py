"""Peak memory and time of `emul report`, `score` and `awards` on generated clusters of growing size.

    python bench/bench_memory.py [--units 50 100 200 400] [--criteria 60] [--emul PATH]

Each command runs as a whole process on a cluster from bench/generate_cluster.py (2 periods, the tổng kết
reported), `report` into a fresh output folder without --pdf. The peak resident memory is the child's own
(os.wait4), so one run does not inflate the next. Reports only; always exits 0. `--emul` runs another
installation (for a before/after table: the `emul` script of a checkout of the earlier commit).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_validate import REPO, emul_command, run_env
from generate_cluster import generate

COMMANDS = ("report", "score", "awards")


def peak(argv: list[str]) -> tuple[int, float, float]:
    """(exit code, peak resident memory in MB, CPU seconds) of one process. CPU time (user + system) rather than
    wall-clock time, which a busy machine inflates."""
    process = subprocess.Popen(argv, cwd=REPO, env=run_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    per_mb = 1024 * 1024 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return process.returncode, usage.ru_maxrss / per_mb, usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, nargs="+", default=[50, 100, 200, 400])
    parser.add_argument("--criteria", type=int, default=60)
    parser.add_argument("--emul", type=Path, help="the emul script to measure (default: this checkout's)")
    args = parser.parse_args(argv)
    command = [str(args.emul)] if args.emul else emul_command()
    print("| units | command | exit | peak MB | MB per unit | CPU s |")
    print("|---:|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="emul-bench-memory-") as scratch:
        for units in args.units:
            folder = generate(Path(scratch) / f"c{units}", units=units, criteria=args.criteria, seed=1, periods=2)
            for name in COMMANDS:
                extra = ["--out", str(Path(scratch) / f"out{units}")] if name == "report" else []
                code, megabytes, seconds = peak([*command, name, str(folder), *extra])
                print(f"| {units} | {name} | {code} | {megabytes:.0f} | {megabytes / units:.2f} | {seconds:.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

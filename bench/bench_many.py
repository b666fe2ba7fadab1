"""Many clusters in one run: `emul validate` of N generated clusters in one process against one process per
cluster, and the peak memory of `emul province` over them.

    python bench/bench_many.py [--clusters 200] [--units 10] [--criteria 60] [--runs 3] [--emul PATH]

The clusters come from bench/generate_cluster.py (`number=`: each its own cluster id, name and units; one
province and year). Wall-clock times alternate the variants run by run and report medians, since the machine
may be shared. The peak resident memory of `province` is measured with `--jobs 1` (everything in one process:
os.wait4's ru_maxrss of that process is the whole figure); with `--jobs 2` the table shows the parent's and
the largest worker's peak (ru_maxrss is a maximum, never a sum). `--emul` measures another installation (the
`emul` script of a checkout of an earlier commit) for the memory figure. Reports only; always exits 0.
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

sys.path.insert(0, str(Path(__file__).parent))

from bench_validate import REPO, emul_command, run_env
from generate_cluster import generate


def generate_province(parent: Path, clusters: int, units: int, criteria: int) -> list[Path]:
    return [
        generate(parent / f"cum-{n:04d}", units=units, criteria=criteria, seed=n, periods=2, number=n)
        for n in range(1, clusters + 1)
    ]


def wall(argv_list: list[list[str]]) -> float:
    """Seconds to run the commands one after the other."""
    start = time.perf_counter()
    for argv in argv_list:
        subprocess.run(argv, cwd=REPO, env=run_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def peak_mib(argv: list[str]) -> tuple[int, float]:
    """(exit code, peak resident memory in MiB) of one process and, on Linux, of the largest of the children
    it waited for (the kernel folds those into the process's own figure as a maximum)."""
    process = subprocess.Popen(argv, cwd=REPO, env=run_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(process.pid, 0)
    per_mib = 1024 * 1024 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return os.waitstatus_to_exitcode(status), usage.ru_maxrss / per_mib


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clusters", type=int, default=200)
    parser.add_argument("--units", type=int, default=10)
    parser.add_argument("--criteria", type=int, default=60)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--emul", type=Path, help="another emul script, for the memory figure (default: none)")
    args = parser.parse_args(argv)
    emul = emul_command()
    with tempfile.TemporaryDirectory(prefix="emul-bench-many-") as scratch:
        parent = Path(scratch) / "tinh"
        folders = generate_province(parent, args.clusters, args.units, args.criteria)
        variants = {
            "one process (--jobs 1)": [[*emul, "validate", str(parent), "--jobs", "1"]],
            "one run (--jobs 2)": [[*emul, "validate", str(parent), "--jobs", "2"]],
            "a process per cluster": [[*emul, "validate", str(folder)] for folder in folders],
        }
        wall(next(iter(variants.values())))  # warm the file cache
        times: dict[str, list[float]] = {name: [] for name in variants}
        for _run in range(args.runs):
            for name, commands in variants.items():
                times[name].append(wall(commands))
        print(
            f"validate of {args.clusters} clusters ({args.units} units × {args.criteria} criteria), medians of"
            f" {args.runs} runs:\n"
        )
        print("| variant | seconds | / a process per cluster |")
        print("|---|---:|---:|")
        separate = statistics.median(times["a process per cluster"])
        for name, samples in times.items():
            seconds = statistics.median(samples)
            print(f"| {name} | {seconds:.1f} | {seconds / separate:.2f}× |")
        print(f"\nprovince over {args.clusters} clusters: peak resident memory\n")
        print("| emul | jobs | exit | peak MiB |")
        print("|---|---:|---:|---:|")
        runs = [("this checkout", emul, "1"), ("this checkout", emul, "2")]
        if args.emul:
            runs.append((str(args.emul), [str(args.emul)], ""))
        for label, command, jobs in runs:
            option = ["--jobs", jobs] if jobs else []
            code, mib = peak_mib([*command, "province", *map(str, folders), *option])
            print(f"| {label} | {jobs or '—'} | {code} | {mib:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

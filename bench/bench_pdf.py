"""Benchmark `emul report --pdf` against `emul report` on the example, measured side by side in one run.

    python bench/bench_pdf.py [--runs 5]

Each round runs, as whole processes and one after the other (so a busy machine slows them alike):
- `emul report examples/cum-thi-dua-so-7-2023 --out FRESH` (no PDF);
- `emul report ... --pdf --out FRESH` (a fresh output folder: every PDF converted);
- the same `--pdf` run again into that folder, nothing changed (every PDF found current).
One round first warms the caches (page cache, `.pyc`, LibreOffice's profile in the user's cache) and is not
counted. The table gives each median and its ratio to the fresh `report`. Needs LibreOffice; reports only,
always exits 0.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_validate import EXAMPLE, REPO, emul_command, run_env

CASES = ("report", "report --pdf", "report --pdf, rerun")


def timed(extra: list[str], out: Path) -> tuple[float, int]:
    argv = [*emul_command(), "report", EXAMPLE.as_posix(), "--out", str(out), *extra]
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=REPO, env=run_env(), capture_output=True, check=False)
    return (time.perf_counter() - start) * 1000, done.returncode


def rounds(workdir: Path, runs: int) -> tuple[dict[str, list[float]], set[int]]:
    samples: dict[str, list[float]] = {case: [] for case in CASES}
    codes: set[int] = set()
    for index in range(runs + 1):  # the first round warms the caches and is not counted
        plain, pdf = workdir / f"plain-{index}", workdir / f"pdf-{index}"
        times = [timed([], plain), timed(["--pdf"], pdf), timed(["--pdf"], pdf)]
        for case, (elapsed, code) in zip(CASES, times, strict=True):
            codes.add(code)
            if index:
                samples[case].append(elapsed)
        shutil.rmtree(plain, ignore_errors=True)
        shutil.rmtree(pdf, ignore_errors=True)
    return samples, codes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        print("LibreOffice (soffice) is not installed: nothing to measure")
        return 0
    if not EXAMPLE.is_dir():
        print(f"skipped: {EXAMPLE} is missing")
        return 0
    with tempfile.TemporaryDirectory(prefix="emul-bench-pdf-") as workdir:
        samples, codes = rounds(Path(workdir), args.runs)
    base = statistics.median(samples["report"])
    print(f"{args.runs} rounds, exit codes {sorted(codes)}")
    print("| case | median ms | min ms | / fresh `report` |\n|---|---:|---:|---:|")
    for case in CASES:
        median = statistics.median(samples[case])
        print(f"| `emul {case}` | {median:.0f} | {min(samples[case]):.0f} | {median / base:.2f}× |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Every figure of the targets of issue 15, measured in one run with the variants side by side.

    python bench/bench_scale.py [--runs 5] [--batch-runs 2] [--quick] [--skip-country] [--json]

Whole `emul` processes (the script next to this interpreter), with `EMUL_LANG=en` and the repository root as
working directory. The two sides of each ratio run alternately, round after round, after one round that warms
the caches and is not counted; a figure is the ratio of the medians. Memory is the peak resident memory of the
whole process tree: /proc is polled every 100 ms, and at each poll the processes alive together add up their own
peaks so far (VmHWM); the figure is the highest such sum, or the main process's peak from `os.wait4` if that is
higher. For a pool of workers, the sum of the live workers' peaks and the parent's (an upper bound: pages shared
between processes count once per process).

The rows that need many clusters in one process (`emul CMD FOLDER... --jobs N`) say "not available" while the
installed emul lacks it (`emul validate --help` has no `--jobs`). Reports only: exit 0 whatever is measured,
2 for a usage error of its own.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

from bench_validate import EXAMPLE, REPO, emul_command, run_env  # noqa: E402
from generate_cluster import generate  # noqa: E402
from generate_country import Shape, generate_country, is_generated  # noqa: E402

MIB = 1024 * 1024
POLL_SECONDS = 0.1
COUNTRY = Shape()  # 34 provinces × 40 clusters × 10 units × 60 criteria, 2 periods
BATCH_CLUSTERS = 200


# ------------------------------------------------------------------------------------------- processes


@dataclass(frozen=True)
class Run:
    ms: float
    code: int
    peak_mib: float


class TreeMemory(threading.Thread):
    """Polls /proc for the process `root` and its descendants. At each poll, the processes alive together add up
    their own peaks so far (VmHWM); the tree's peak is the highest such sum. A pool that replaces its workers
    is not counted as if all its workers had lived at once."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peaks: dict[int, int] = {}  # pid -> VmHWM in KiB, every process seen
        self.peak_kib = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(POLL_SECONDS):
            self.sample()

    def sample(self) -> None:
        together = 0
        for pid in descendants(self.root):
            peak = vm_hwm_kib(pid)
            if peak is not None:
                self.peaks[pid] = max(self.peaks.get(pid, 0), peak)
                together += peak
        self.peak_kib = max(self.peak_kib, together)

    @property
    def total_mib(self) -> float:
        return self.peak_kib / 1024


def descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def vm_hwm_kib(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def run(args: list[str], memory: bool = False) -> Run:
    """One `emul` process: wall time, exit code and (with `memory`, Linux only) the tree's peak memory."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [*emul_command(), *args], cwd=REPO, env=run_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    watcher = TreeMemory(process.pid) if memory and Path("/proc/self/status").is_file() else None
    if watcher is not None:
        watcher.start()
    _pid, status, usage = os.wait4(process.pid, 0)
    elapsed = (time.perf_counter() - start) * 1000
    process.returncode = os.waitstatus_to_exitcode(status)
    own = usage.ru_maxrss / (MIB if sys.platform == "darwin" else 1024)  # bytes on macOS, KiB on Linux
    tree = 0.0
    if watcher is not None:
        watcher.done.set()
        watcher.join()
        tree = watcher.total_mib
    return Run(elapsed, process.returncode, max(own, tree))


def side_by_side(variants: dict[str, Callable[[int], Run]], runs: int, warm: bool = True) -> dict[str, list[Run]]:
    """Each variant once per round, in turn; with `warm`, round 0 warms the caches and is not kept."""
    kept: dict[str, list[Run]] = {name: [] for name in variants}
    for index in range(0 if warm else 1, runs + 1):
        for name, once in variants.items():
            result = once(index)
            if index:
                kept[name].append(result)
    return kept


def median_ms(results: list[Run]) -> float:
    return statistics.median(r.ms for r in results)


def codes(*groups: list[Run]) -> list[int]:
    return sorted({r.code for group in groups for r in group})


def has_many_clusters_mode() -> bool:
    done = subprocess.run(
        [*emul_command(), "validate", "--help"], cwd=REPO, env=run_env(), capture_output=True, text=True, check=False
    )
    return "--jobs" in done.stdout


# --------------------------------------------------------------------------------------------- figures


@dataclass
class Figure:
    figure: str
    target: str
    measured: str = "not available"
    met: bool | None = None
    value: float | None = None  # the ratio, MiB or seconds the target is about
    detail: str = ""
    numbers: dict[str, float] = field(default_factory=dict)


def ratio_figure(name: str, target: float, top: list[Run], bottom: list[Run], runs: int) -> Figure:
    value = median_ms(top) / median_ms(bottom)
    return Figure(
        name,
        f"≤ {target:g}×",
        f"{value:.2f}×",
        value <= target,
        value,
        f"{median_ms(top):.0f} / {median_ms(bottom):.0f} ms, medians of {runs}, exit codes {codes(top, bottom)}",
        {"numerator_ms": median_ms(top), "denominator_ms": median_ms(bottom)},
    )


REPORT_PDF = "`report --pdf` / `report` on the example, fresh output folder"
PDF_RERUN = "`report --pdf` rerun with nothing changed / fresh `report` without PDF"
REPORT_RERUN = "`report` rerun with nothing changed / fresh `report`"
SCORE_VALIDATE = "`score` / `validate` on a 60-unit × 120-criterion cluster"
PROVINCE_MEMORY = "peak memory of `province` over {n} generated clusters"
VALIDATE_BATCH = "`validate` of {n} clusters in one process / {n} separate processes"
COUNTRY_FIGURE = "country ({n} generated clusters × {u} units × {k} criteria): validate + awards, 2 cores"


def report_figures(scratch: Path, runs: int) -> list[Figure]:
    """Fresh and rerun `report`, fresh and rerun `report --pdf`, the four in each round, each round in new folders."""
    pdf = shutil.which("soffice") is not None or shutil.which("libreoffice") is not None

    def report(kind: str, extra: list[str]) -> Callable[[int], Run]:
        return lambda index: run(["report", EXAMPLE.as_posix(), "--out", str(scratch / f"{kind}-{index}"), *extra])

    variants = {"fresh": report("plain", []), "rerun": report("plain", [])}
    if pdf:
        variants |= {"pdf fresh": report("pdf", ["--pdf"]), "pdf rerun": report("pdf", ["--pdf"])}
    kept = side_by_side(variants, runs)
    figures = [ratio_figure(REPORT_RERUN, 0.5, kept["rerun"], kept["fresh"], runs)]
    if not pdf:
        return [
            Figure(REPORT_PDF, "≤ 3×", detail="LibreOffice (soffice) is not installed"),
            Figure(PDF_RERUN, "≤ 1×", detail="LibreOffice (soffice) is not installed"),
            *figures,
        ]
    return [
        ratio_figure(REPORT_PDF, 3, kept["pdf fresh"], kept["fresh"], runs),
        ratio_figure(PDF_RERUN, 1, kept["pdf rerun"], kept["fresh"], runs),
        *figures,
    ]


def score_figure(scratch: Path, runs: int) -> Figure:
    folder = generate(scratch / "c60x120", units=60, criteria=120, seed=1, periods=2)
    kept = side_by_side(
        {"score": lambda _i: run(["score", str(folder)]), "validate": lambda _i: run(["validate", str(folder)])}, runs
    )
    return ratio_figure(SCORE_VALIDATE, 1.1, kept["score"], kept["validate"], runs)


def cached_country(shape: Shape) -> Path:
    """The generated country of this shape, in the system temp folder, made once per shape and generator (the
    countries an earlier version of the generators wrote are removed)."""
    source = b"".join((BENCH_DIR / name).read_bytes() for name in ("generate_cluster.py", "generate_country.py"))
    version = hashlib.sha256(source).hexdigest()[:12]
    cache = Path(tempfile.gettempdir()) / "emul-bench-country"
    folder = cache / ("-".join(f"{k}{v}" for k, v in asdict(shape).items()) + "-" + version)
    for stale in cache.glob("provinces*"):
        if not stale.name.endswith(version):
            shutil.rmtree(stale, ignore_errors=True)
    if not is_generated(folder, shape):
        start = time.perf_counter()
        generate_country(folder, shape)
        print(f"generated {folder} in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return folder


def batch_shape(clusters: int) -> Shape:
    return Shape(provinces=1, clusters_per_province=clusters, units=COUNTRY.units, criteria=COUNTRY.criteria)


def province_figure(clusters: int, many: bool) -> Figure:
    """One run each: memory hardly varies between runs. Without the many-cluster mode, the folders as arguments;
    with it, the province's folder with the default --jobs (the figure) and with --jobs 1 (in the details)."""
    country = cached_country(batch_shape(clusters))
    (province,) = [p for p in country.iterdir() if p.is_dir()]
    folders = sorted(str(p) for p in province.iterdir() if p.is_dir())
    result = run(["province", str(province)] if many else ["province", *folders], memory=True)
    mode = "the province's folder, default --jobs" if many else f"{clusters} folders as arguments"
    detail = f"{mode}: {result.ms / 1000:.1f} s, exit code {result.code}"
    numbers = {"peak_mib": result.peak_mib, "seconds": result.ms / 1000}
    if many:
        alone = run(["province", "--jobs", "1", str(province)], memory=True)
        detail += f"; with --jobs 1: {alone.peak_mib:.0f} MiB, {alone.ms / 1000:.1f} s, exit code {alone.code}"
        numbers |= {"jobs_1_peak_mib": alone.peak_mib, "jobs_1_seconds": alone.ms / 1000}
    return Figure(
        PROVINCE_MEMORY.format(n=clusters),
        "≤ 250 MiB",
        f"{result.peak_mib:.0f} MiB",
        result.peak_mib <= 250,
        result.peak_mib,
        detail,
        numbers,
    )


def validate_batch_figure(clusters: int, runs: int, many: bool) -> Figure:
    name = VALIDATE_BATCH.format(n=clusters)
    if not many:
        return Figure(name, "≤ 0.3×", detail="this emul validates one cluster per process (no --jobs)")
    country = cached_country(batch_shape(clusters))
    folders = sorted(str(p) for p in country.glob("*/*") if p.is_dir())

    def separately(_index: int) -> Run:
        results = [run(["validate", folder]) for folder in folders]
        return Run(sum(r.ms for r in results), max(r.code for r in results), 0.0)

    # no warm-up round: a loop of 200 processes warms its own caches, and the files were just read or written
    kept = side_by_side(
        {"one": lambda _i: run(["validate", "--jobs", "1", str(country)]), "separate": separately}, runs, warm=False
    )
    figure = ratio_figure(name, 0.3, kept["one"], kept["separate"], runs)
    figure.detail = "one process with --jobs 1 against a loop of processes, one at a time; " + figure.detail
    return figure


def country_figure(shape: Shape, many: bool) -> Figure:
    name = COUNTRY_FIGURE.format(n=shape.provinces * shape.clusters_per_province, u=shape.units, k=shape.criteria)
    if not many:
        return Figure(name, "≤ 3 min wall, ≤ 1 GiB", detail="this emul takes one cluster per process (no --jobs)")
    country = cached_country(shape)
    validate = run(["validate", str(country)], memory=True)
    awards = run(["awards", str(country)], memory=True)
    seconds = (validate.ms + awards.ms) / 1000
    peak = max(validate.peak_mib, awards.peak_mib)
    return Figure(
        name,
        "≤ 3 min wall, ≤ 1 GiB",
        f"{seconds:.0f} s, {peak:.0f} MiB",
        seconds <= 180 and peak <= 1024,
        seconds,
        f"validate {validate.ms / 1000:.1f} s ({validate.peak_mib:.0f} MiB, exit {validate.code}), "
        f"awards {awards.ms / 1000:.1f} s ({awards.peak_mib:.0f} MiB, exit {awards.code}); default --jobs",
        {"seconds": seconds, "peak_mib": peak},
    )


# ------------------------------------------------------------------------------------------------- main


def verdict(figure: Figure) -> str:
    return {True: "yes", False: "no", None: "—"}[figure.met]


def print_table(figures: list[Figure]) -> None:
    print("| figure | measured | target | met? |\n|---|---|---|---|")
    for f in figures:
        print(f"| {f.figure} | {f.measured} | {f.target} | {verdict(f)} |")
    print()
    for f in figures:
        if f.detail:
            print(f"- {f.figure}: {f.detail}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="rounds of the single-cluster figures (default 5)")
    parser.add_argument("--batch-runs", type=int, default=2, help="rounds of the many-cluster ratio (default 2)")
    parser.add_argument("--clusters", type=int, default=BATCH_CLUSTERS, help="clusters of the province figures")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 1 round, 20 clusters, a 2-province country")
    parser.add_argument("--skip-country", action="store_true", help="leave out the country figure")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--only",
        choices=("report", "score", "scale"),
        help="only the report figures, the score figure, or the many-cluster figures",
    )
    args = parser.parse_args(argv)
    if min(args.runs, args.batch_runs, args.clusters) < 1:
        parser.error("--runs, --batch-runs and --clusters must be at least 1")
    if args.quick:
        args.runs, args.batch_runs, args.clusters = 1, 1, 20
    return args


def measure(args: argparse.Namespace, scratch: Path) -> list[Figure]:
    if args.only == "report":
        return report_figures(scratch, args.runs)
    if args.only == "score":
        return [score_figure(scratch, args.runs)]
    many = has_many_clusters_mode()
    fixed = [] if args.only == "scale" else [*report_figures(scratch, args.runs), score_figure(scratch, args.runs)]
    scaled = [province_figure(args.clusters, many), validate_batch_figure(args.clusters, args.batch_runs, many)]
    if not args.skip_country:
        scaled.append(country_figure(Shape(provinces=2) if args.quick else COUNTRY, many))
    if args.quick or args.clusters != BATCH_CLUSTERS:
        for figure in scaled:
            figure.met = None  # smaller than the target's: no verdict
    return fixed + scaled


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="emul-bench-scale-") as scratch:
        figures = measure(args, Path(scratch))
    if args.json:
        print(json.dumps([asdict(f) for f in figures], ensure_ascii=False, indent=2))
    else:
        print_table(figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

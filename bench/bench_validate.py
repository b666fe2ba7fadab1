"""Wall-clock benchmarks of `emul` as the officer runs it: whole processes, medians over N runs.

    python bench/bench_validate.py [--runs 7] [--units 60] [--criteria 120] [--no-split] [--scaling]
                                   [--error-storm]

Cases: `emul --help`, `emul validate examples/cum-thi-dua-so-7-2023` (skipped while that folder does not
exist) and `emul validate` on a generated units × criteria cluster (bench/generate_cluster.py, written
into a temporary folder). Then, in-process, the time of `validate_folder` on the generated cluster split
into YAML reading/parsing, pydantic validation and cross-file checks. The script reports; it always exits 0.
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
EXAMPLE = Path("examples") / "cum-thi-dua-so-7-2023"
sys.path.insert(0, str(BENCH_DIR))

from generate_cluster import generate  # noqa: E402


@dataclass(frozen=True)
class Case:
    name: str
    args: list[str]
    target_ms: float | None


@dataclass(frozen=True)
class Timing:
    name: str
    samples_ms: list[float]
    target_ms: float | None
    exit_codes: frozenset[int]

    @property
    def median(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def minimum(self) -> float:
        return min(self.samples_ms)

    def verdict(self) -> str:
        if self.target_ms is None:
            return "—"
        return "pass" if self.median <= self.target_ms else "FAIL"


# ------------------------------------------------------------------------------------- processes


def emul_command() -> list[str]:
    """The `emul` script installed next to this interpreter, else `python -m emulation_cli`."""
    folder = Path(sys.executable).parent
    for name in ("emul", "emul.exe"):
        script = folder / name
        if script.is_file():
            return [str(script)]
    return [sys.executable, "-m", "emulation_cli"]


def run_env() -> dict[str, str]:
    env = dict(os.environ)
    env["EMUL_LANG"] = "en"
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def time_process(argv: list[str], runs: int) -> tuple[list[float], frozenset[int]]:
    """Run `argv` once to warm caches, then `runs` times; return the wall-clock times in ms."""
    env = run_env()
    subprocess.run(argv, cwd=REPO, env=env, capture_output=True, check=False)
    samples: list[float] = []
    codes: set[int] = set()
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(argv, cwd=REPO, env=env, capture_output=True, check=False)
        samples.append((time.perf_counter() - start) * 1000)
        codes.add(done.returncode)
    return samples, frozenset(codes)


def process_cases(generated: Path, units: int, criteria: int) -> tuple[list[Case], list[str]]:
    emul = emul_command()
    notes: list[str] = []
    cases = [
        Case("python -c pass (interpreter start, baseline)", [sys.executable, "-c", "pass"], None),
        Case("emul --help", [*emul, "--help"], 150),
    ]
    if (REPO / EXAMPLE).is_dir():
        example = EXAMPLE.as_posix()
        cases.append(Case(f"emul validate {example}", [*emul, "validate", example], 400))
    else:
        notes.append(f"skipped `emul validate {EXAMPLE.as_posix()}`: the folder does not exist yet")
    name = f"emul validate <generated {units}×{criteria}>"
    cases.append(Case(name, [*emul, "validate", str(generated)], 3000))
    return cases, notes


def process_timings(cases: list[Case], runs: int) -> list[Timing]:
    timings = []
    for case in cases:
        samples, codes = time_process(case.args, runs)
        timings.append(Timing(case.name, samples, case.target_ms, codes))
    return timings


def error_storm_copy(generated: Path, target: Path) -> Path:
    """A copy whose rubric renames the criteria of sections I-III: every assessment then names
    criteria that no longer exist (thousands of `unknown-criterion` errors, each with a hint)."""
    shutil.copytree(generated, target)
    rubric = target / "criteria" / "rubric.yaml"
    text = re.sub(r'id: "((?:I|II|III)\.)', r'id: "X\1', rubric.read_text(encoding="utf-8"))
    rubric.write_text(text, encoding="utf-8")
    return target


def error_storm_timing(generated: Path, runs: int) -> Timing:
    storm = error_storm_copy(generated, generated.parent / "error-storm")
    samples, codes = time_process([*emul_command(), "validate", str(storm)], runs)
    return Timing("emul validate <60×120, rubric ids renamed: error storm>", samples, None, codes)


# ------------------------------------------------------------------------------------- in process


def time_call(func: Callable[[], Any], runs: int) -> list[float]:
    func()
    samples = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def cluster_files(root: Path) -> list[tuple[Path, type[Any]]]:
    """Every file `load_folder` reads, with the model it validates against."""
    from emulation_cli.loading.files import ASSESSMENTS_DIR, BALLOTS_DIR
    from emulation_cli.model.assessment import Assessment
    from emulation_cli.model.ballot import BallotFile
    from emulation_cli.model.cluster import Cluster
    from emulation_cli.model.covenant import Covenant
    from emulation_cli.model.rubric import Rubric
    from emulation_cli.model.units import UnitsFile

    files: list[tuple[Path, type[Any]]] = [
        (root / "cluster.yaml", Cluster),
        (root / "units.yaml", UnitsFile),
        (root / "covenant.yaml", Covenant),
        (root / "criteria" / "rubric.yaml", Rubric),
    ]
    files += [(p, Assessment) for p in sorted((root / ASSESSMENTS_DIR).glob("*/*.yaml"))]
    files += [(p, BallotFile) for p in sorted((root / BALLOTS_DIR).glob("*.yaml"))]
    return files


def split_timings(root: Path, runs: int) -> list[Timing]:
    """validate_folder on `root`, and the same work split into its stages."""
    from emulation_cli.i18n import set_language
    from emulation_cli.loading.files import load_folder
    from emulation_cli.loading.yamltree import read_yaml_file
    from emulation_cli.validation.checks import run_checks
    from emulation_cli.validation.folder import validate_folder

    set_language("en")
    files = cluster_files(root)
    docs = [(read_yaml_file(path, path.name), model) for path, model in files]
    loaded = load_folder(root)
    stages: list[tuple[str, Callable[[], Any]]] = [
        (
            f"read + parse YAML ({len(files)} files, read_yaml_file)",
            lambda: [read_yaml_file(path, path.name) for path, _model in files],
        ),
        ("pydantic validation (model_validate)", lambda: [model.model_validate(doc.data) for doc, model in docs]),
        ("load_folder (read + parse + validate)", lambda: load_folder(root)),
        ("cross-file checks (run_checks)", lambda: run_checks(loaded)),
        ("validate_folder (all of it)", lambda: validate_folder(root)),
    ]
    return [Timing(name, time_call(func, runs), None, frozenset()) for name, func in stages]


def scaling_timings(workdir: Path, runs: int) -> list[Timing]:
    """validate_folder on clusters of growing size, to spot work that grows faster than the data."""
    from emulation_cli.validation.folder import validate_folder

    timings = []
    for units, criteria in ((15, 30), (30, 60), (60, 120), (120, 240)):
        root = generate(workdir / f"scale-{units}x{criteria}", units, criteria)
        timings.append(
            Timing(
                f"validate_folder {units}×{criteria} ({2 * units * criteria} entries)",
                time_call(lambda root=root: validate_folder(root), runs),
                None,
                frozenset(),
            )
        )
    return timings


# ---------------------------------------------------------------------------------------- report


def print_process_table(timings: list[Timing]) -> None:
    print("| case | median ms | min ms | target ms | result | exit codes |")
    print("|---|---:|---:|---:|---|---|")
    for t in timings:
        target = f"{t.target_ms:.0f}" if t.target_ms is not None else "—"
        codes = ", ".join(str(c) for c in sorted(t.exit_codes))
        print(f"| {t.name} | {t.median:.0f} | {t.minimum:.0f} | {target} | {t.verdict()} | {codes} |")


def print_stage_table(title: str, timings: list[Timing]) -> None:
    print(f"\n{title}\n")
    print("| stage | median ms | min ms |")
    print("|---|---:|---:|")
    for t in timings:
        print(f"| {t.name} | {t.median:.1f} | {t.minimum:.1f} |")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark `emul validate` (reports only; always exits 0).")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per case (default 7)")
    parser.add_argument("--units", type=int, default=60, help="units of the generated cluster (default 60)")
    parser.add_argument("--criteria", type=int, default=120, help="criteria of the generated cluster (120)")
    parser.add_argument("--no-split", action="store_true", help="skip the in-process stage split")
    parser.add_argument("--scaling", action="store_true", help="also time validate_folder at 4 sizes")
    parser.add_argument(
        "--error-storm",
        action="store_true",
        help="also time validate on a copy with renamed rubric ids (slow: ~10 s a run)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    runs = max(1, args.runs)
    print(
        f"emul benchmarks: {runs} runs per case, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
        f"command {' '.join(emul_command())}\n"
    )
    with tempfile.TemporaryDirectory(prefix="emul-bench-") as tmp:
        generated = generate(Path(tmp) / "generated", args.units, args.criteria)
        cases, notes = process_cases(generated, args.units, args.criteria)
        timings = process_timings(cases, runs)
        if args.error_storm:
            timings.append(error_storm_timing(generated, min(runs, 3)))
        print_process_table(timings)
        for note in notes:
            print(f"\nNote: {note}")
        if not args.no_split:
            title = f"In-process split, generated {args.units}×{args.criteria} cluster:"
            print_stage_table(title, split_timings(generated, runs))
        if args.scaling:
            print_stage_table("In-process scaling (validate_folder):", scaling_timings(Path(tmp), runs))
    return 0


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # a benchmark reports, it never gates
        print(f"bench_validate: {type(error).__name__}: {error}", file=sys.stderr)
    raise SystemExit(0)

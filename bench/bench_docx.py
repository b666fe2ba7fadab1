"""Benchmark writing the example's Word documents (and its workbook): the code as it is against the former path,
measured alternately in one process.

    python bench/bench_docx.py [--runs 9] [--example examples/cum-thi-dua-so-7-2023] [--units 40]

`--units N` measures a generated cluster of N units × 60 criteria instead (bench/generate_cluster.py): a score
sheet per unit, so most documents reuse a template already read.

The former path, rebuilt here by patching the module: docxtpl's listing rewrite run on every part (its check
matched the line break after the XML declaration) and every zip entry deflated again (zipfile); the workbook's
entries inflated and deflated again. Each round renders every document twice per variant: "cold" with the
template cache emptied (as one `emul report` process: each template read once), then "warm" (a batch rendering
the same templates again). Variants alternate in order from round to round; medians are reported, with the share
of the time spent zipping. Before timing, every document is checked to be byte-identical under both variants.
Reports only; always exits 0.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import statistics
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from bench_validate import EXAMPLE, REPO
from generate_cluster import generate

VARIANTS = ("former", "current")


class _FormerListingCheck:
    """The former test: any tab or line break after the declaration's `?>`, the line break after it included."""

    _ANY = re.compile(r"[\t\n\a\f]")

    def search(self, xml: str) -> re.Match[str] | None:
        return self._ANY.search(xml, xml.find("?>") + 2)


def _former_write_zip(entries: Any, replaced: dict[str, bytes], day: date) -> bytes:
    from emulation_cli.reports.ooxml import zip_time

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for entry in entries:
            info = zipfile.ZipInfo(entry.name, date_time=zip_time(day))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            out.writestr(info, replaced.get(entry.name, entry.data))
    return buffer.getvalue()


def _former_normalize_zip(data: bytes, day: date) -> bytes:
    from emulation_cli.reports.ooxml import zip_time

    source = zipfile.ZipFile(io.BytesIO(data))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=zip_time(day))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            info.create_system = 0
            out.writestr(info, source.read(entry.filename))
    return target.getvalue()


class _Clock:
    """Time spent in the patched zip writers."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def timed(self, function: Callable[..., bytes]) -> Callable[..., bytes]:
        def wrapper(*args: Any) -> bytes:
            start = time.perf_counter()
            try:
                return function(*args)
            finally:
                self.seconds += time.perf_counter() - start

        return wrapper


@contextlib.contextmanager
def variant(name: str, clock: _Clock) -> Iterator[None]:
    from emulation_cli.reports import docx, xlsx

    saved = (docx._LISTING, docx._write_zip, xlsx.normalize_zip)
    if name == "former":
        docx._LISTING = _FormerListingCheck()  # type: ignore[assignment]
        docx._write_zip, xlsx.normalize_zip = _former_write_zip, _former_normalize_zip
    docx._write_zip = clock.timed(docx._write_zip)
    xlsx.normalize_zip = clock.timed(xlsx.normalize_zip)
    try:
        yield
    finally:
        docx._LISTING, docx._write_zip, xlsx.normalize_zip = saved


def example_jobs(folder: Path) -> list[Any]:
    from emulation_cli.reports.context import Builder
    from emulation_cli.reports.gather import gather
    from emulation_cli.reports.plan import kinds_for, plan
    from emulation_cli.validation.periods import choose_period
    from emulation_cli.validation.project import load_project

    project = load_project(folder)
    data = gather(project, choose_period(project, None))
    return plan(Builder(data), folder, kinds_for(data.is_year))


def _pass(jobs: list[Any], name: str, cold: bool) -> tuple[float, float]:
    """(ms rendering `jobs`, ms of it zipping)."""
    from emulation_cli.reports import docx

    if cold:
        docx._prepared.cache_clear()
    clock = _Clock()
    with variant(name, clock):
        start = time.perf_counter()
        for job in jobs:
            job.render()
        elapsed = time.perf_counter() - start
    return elapsed * 1000, clock.seconds * 1000


def identical(jobs: list[Any]) -> list[str]:
    """The documents whose bytes differ between the variants (none expected)."""
    outputs: dict[str, dict[str, bytes]] = {}
    for name in VARIANTS:
        with variant(name, _Clock()):
            outputs[name] = {job.name: job.render() for job in jobs}
    return [job.name for job in jobs if outputs["former"][job.name] != outputs["current"][job.name]]


def measure(jobs: list[Any], runs: int) -> dict[tuple[str, str], list[tuple[float, float]]]:
    samples: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for index in range(runs + 1):  # the first round warms up and is not counted
        order = VARIANTS if index % 2 else tuple(reversed(VARIANTS))
        for name in order:
            for mode in ("cold", "warm"):
                sample = _pass(jobs, name, cold=mode == "cold")
                if index:
                    samples.setdefault((mode, name), []).append(sample)
    return samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--example", default=EXAMPLE.as_posix())
    parser.add_argument("--units", type=int, default=0)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="emul-bench-docx-") as scratch:
        if args.units:
            folder, label = generate(Path(scratch) / "c", args.units, 60, seed=1), f"{args.units} units × 60 criteria"
        else:
            folder, label = REPO / args.example, args.example
        report(example_jobs(folder), label, args.runs)
    return 0


def report(jobs: list[Any], label: str, runs: int) -> None:
    groups = {
        "Word documents": [job for job in jobs if job.name.endswith(".docx")],
        "workbook": [job for job in jobs if job.name.endswith(".xlsx")],
    }
    for title, group in groups.items():
        differing = identical(group)
        print(f"{label}: {len(group)} {title}, byte-identical under both variants: {not differing} {differing}")
        samples = measure(group, runs)
        for mode in ("cold", "warm"):
            former = statistics.median(total for total, _zip in samples[(mode, "former")])
            current = statistics.median(total for total, _zip in samples[(mode, "current")])
            zipped = {name: statistics.median(z for _total, z in samples[(mode, name)]) for name in VARIANTS}
            print(
                f"  {mode}: former {former:7.1f} ms (zip {zipped['former']:6.1f}), "
                f"current {current:7.1f} ms (zip {zipped['current']:6.1f}), ratio {current / former:.2f}"
            )


if __name__ == "__main__":
    raise SystemExit(main())

"""Generate a synthetic country of cluster folders for benchmarks (stdlib + emul's province table, deterministic).

    python bench/generate_country.py OUT --provinces 34 --clusters-per-province 40 --units 10 --criteria 60
                                     [--seed 1] [--year 2026] [--periods 2]

Writes OUT/<province-slug>/<cluster-slug>/, one cluster folder each (1,360 by default), that `emul validate`
passes with no errors and no warnings. The provinces are the real ones (templates/init/provinces.yaml, in
Vietnamese alphabetical order; the first --provinces of them) with their names, host bodies and places written
the way `emul init --province` writes them. Every cluster has its own id and name, all the same year; unit ids
and names are distinct across the whole country, so a province's clusters roll up (`emul province`).

Fast by construction: the rubric (and its text) is built once per (criteria, seed) and copied into every
cluster; each leaf's assessment entry is rendered in a few variants once, and an assessment is its header
followed by one chosen variant per leaf. Other scripts import it (bench/ is not a package):

    sys.path.insert(0, str(Path(__file__).parent))
    from generate_country import generate_country
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from emulation_cli.model.provinces import Province, all_provinces, find_province
from generate_cluster import (
    GATES,
    MARKER,
    Leaf,
    Plan,
    _emit,
    build_ballot,
    build_cluster,
    build_covenant,
    build_rubric,
    build_units,
    commitment_results,
    criterion_entry,
    dump_yaml,
    random_points,
)

VARIANTS = 16  # rendered entries per leaf: enough for distinct totals in every cluster
STRONG_SHARE = 0.3  # of each cluster's units score near full marks, so that its awards and the roll-up have leaders
STAMP = ".emul-bench-country.json"  # OUT's record of the arguments, written last: OUT is complete


@dataclass(frozen=True)
class Shape:
    provinces: int = 34
    clusters_per_province: int = 40
    units: int = 10
    criteria: int = 60
    seed: int = 1
    year: int = 2026
    periods: int = 2

    def check(self) -> None:
        count = len(all_provinces())
        if not 1 <= self.provinces <= count:
            raise ValueError(f"--provinces must be between 1 and {count}")
        if self.clusters_per_province < 1:
            raise ValueError("--clusters-per-province must be at least 1")
        if self.units < 2:
            raise ValueError("--units must be at least 2 (one cụm trưởng and one cụm phó)")


@dataclass(frozen=True)
class Shared:
    """What every cluster of the country reuses: the rubric's text and each leaf's rendered entries."""

    note: str
    rubric_text: str
    plan: Plan
    entries: list[list[str]]  # per leaf of plan.leaves, VARIANTS blocks of "  <id>:\n    ..." lines
    strong: list[list[str]]  # the same, near full marks


def shared_parts(shape: Shape) -> Shared:
    rng = random.Random(shape.seed)
    rubric, plan = build_rubric(rng, shape.criteria)
    note = f"{MARKER[2:]} via bench/generate_country.py (criteria={shape.criteria}, seed={shape.seed})"
    entries = [rendered(leaf, partial(criterion_entry, rng, leaf)) for leaf in plan.leaves]
    strong = [rendered(leaf, partial(strong_entry, rng, leaf)) for leaf in plan.leaves]
    return Shared(note, dump_yaml(rubric, note), plan, entries, strong)


def rendered(leaf: Leaf, entry: Callable[[int], dict[str, Any]]) -> list[str]:
    variants = []
    for variant in range(1, VARIANTS + 1):
        lines: list[str] = []
        _emit({leaf.id: entry(variant)}, 2, lines)
        variants.append("\n".join(lines))
    return variants


def strong_entry(rng: random.Random, leaf: Leaf, unit_no: int) -> dict[str, Any]:
    """An entry of a unit that did (almost) everything: in the top band of every criterion, no penalty."""
    method = leaf.method
    kind = method["kind"]
    evidence = [f"Báo cáo số {rng.randint(1, 400)}/BC-SN{unit_no}"]
    if kind == "manual":
        points = random_points(rng, leaf.max, 0.93)
        return {"self": points, "appraised": points, "evidence": evidence}
    facts: dict[str, Any]
    if kind == "done":
        facts = {"done": True}
    elif kind in ("proportional", "banded"):
        facts = {"actual": method["target"]}
    elif kind == "step":
        facts = {"actual": method["step"] * 4 + rng.randint(0, 3)}
    elif kind in ("deduction", "per_occurrence"):
        facts = {"count": 0}
    else:
        return criterion_entry(rng, leaf, unit_no)
    return {"facts": facts, "evidence": evidence}


# ------------------------------------------------------------------------------------------- one cluster


@dataclass(frozen=True)
class Names:
    """One cluster's identity: `number` within its province (from 1), `code` the province's place in the list."""

    province: Province
    code: int
    number: int

    @property
    def slug(self) -> str:
        return f"cum-thi-dua-so-{self.number:02d}"

    @property
    def cluster_id(self) -> str:
        return f"{self.province.slug}-{self.slug}"

    @property
    def cluster_name(self) -> str:
        return f"Cụm thi đua số {self.number} {self.province.full_name}"

    def unit_ids(self, units: int) -> list[str]:
        return [f"t{self.code:02d}-c{self.number:02d}-u{n:02d}" for n in range(1, units + 1)]

    def unit_name(self, n: int) -> str:
        return f"Sở Ngành số {n} thuộc Cụm số {self.number} {self.province.full_name}"


def cluster_data(shape: Shape, names: Names, ids: list[str]) -> dict[str, Any]:
    province = names.province
    cluster = build_cluster(shape.year, ids, shape.periods)
    cluster.update(
        id=names.cluster_id,
        name=names.cluster_name,
        code=f"CTĐ{names.number}",
        province=province.full_name,
        host_body=province.host_body,
        place=province.date_place,
    )
    for document in cluster["documents"]:
        document["number"] = f"01/KH-CTĐ{names.number}"
    titles = cluster["awards"]["titles"]
    titles[0]["name"] = f"Cờ thi đua của {province.people_committee}"
    titles[1]["name"] = f"Bằng khen của Chủ tịch {province.people_committee}"
    meeting = cluster["periods"][-1]["meeting"]
    meeting["place"] = f"Hội trường {names.unit_name(1)}"
    meeting["secretary"] = f"Văn phòng {names.unit_name(1)}"
    return cluster


def units_data(names: Names, ids: list[str]) -> dict[str, Any]:
    units = build_units(ids)
    for n, unit in enumerate(units["units"], start=1):
        unit["name"] = names.unit_name(n)
        unit["short_name"] = f"SN{n}-C{names.number}"
    return units


def assessment_text(
    rng: random.Random, shared: Shared, period: dict[str, Any], uid: str, items: list[dict[str, Any]], strong: bool
) -> str:
    end: date = period["end"]
    head = {
        "unit": uid,
        "period": period["id"],
        "self_scored": {"by": f"Hội đồng Thi đua - Khen thưởng đơn vị {uid}", "date": date(end.year, end.month, 5)},
        "appraised": {"by": "Tổ thẩm định Cụm thi đua", "title": "Tổ trưởng", "date": date(end.year, end.month, 15)},
    }
    tail = {
        "commitments": commitment_results(rng, items, uid),
        "gates": {
            gate_id: {"passed": strong or rng.random() < 0.95, "evidence": "Xác nhận của cơ quan có thẩm quyền"}
            for gate_id, _label in GATES
        },
    }
    lines = [f"# {shared.note}"]
    _emit(head, 0, lines)
    lines.append("criteria:")
    entries = shared.strong if strong else shared.entries
    choices = rng.choices(range(VARIANTS), k=len(entries))
    lines.extend(variants[choice] for variants, choice in zip(entries, choices, strict=True))
    _emit(tail, 0, lines)
    return "\n".join(lines) + "\n"


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def write_cluster(folder: Path, shape: Shape, shared: Shared, names: Names) -> None:
    rng = random.Random(f"{shape.seed}/{names.code}/{names.number}")
    ids = names.unit_ids(shape.units)
    strong = sorted(rng.sample(ids, max(1, round(len(ids) * STRONG_SHARE))))
    cluster = cluster_data(shape, names, ids)
    covenant = build_covenant(shape.year, ids, shared.plan.commitments_criterion)
    covenant["signing"]["place"] = names.province.date_place
    (folder / "criteria").mkdir(parents=True)
    (folder / "ballots").mkdir()
    write(folder / "criteria" / "rubric.yaml", shared.rubric_text)
    write(folder / "cluster.yaml", dump_yaml(cluster, shared.note))
    write(folder / "units.yaml", dump_yaml(units_data(names, ids), shared.note))
    write(folder / "covenant.yaml", dump_yaml(covenant, shared.note))
    for period in cluster["periods"]:
        period_dir = folder / "assessments" / period["id"]
        period_dir.mkdir(parents=True)
        for uid in ids:
            text = assessment_text(rng, shared, period, uid, covenant["commitments"], uid in strong)
            write(period_dir / f"{uid}.yaml", text)
    year_end = cluster["periods"][-1]
    ballot = build_ballot(rng, year_end, ids, candidates=strong)
    write(folder / "ballots" / f"{year_end['id']}.yaml", dump_yaml(ballot, shared.note))


# ---------------------------------------------------------------------------------------------------- all


def provinces_of(shape: Shape) -> list[Province]:
    return [find_province(p.name, shape.year) for p in all_provinces()[: shape.provinces]]


def prepare_out_dir(out: Path) -> None:
    """Refuse a non-empty folder this script did not write; clear one it did."""
    if not out.exists() or not any(out.iterdir()):
        return
    if not (out / STAMP).is_file():
        raise ValueError(f"{out} is not empty and was not written by this generator")
    shutil.rmtree(out)


def stamp_of(shape: Shape) -> str:
    return json.dumps(asdict(shape), sort_keys=True) + "\n"


def is_generated(out: Path, shape: Shape) -> bool:
    """OUT holds a complete country of this shape (the stamp is written last)."""
    stamp = out / STAMP
    return stamp.is_file() and stamp.read_text(encoding="utf-8") == stamp_of(shape)


def generate_country(out: Path, shape: Shape) -> list[Path]:
    """Write the country into `out` (absent, empty or generated earlier: then replaced); the cluster folders."""
    shape.check()
    prepare_out_dir(out)
    shared = shared_parts(shape)
    folders = []
    for code, province in enumerate(provinces_of(shape), start=1):
        for number in range(1, shape.clusters_per_province + 1):
            names = Names(province, code, number)
            folder = out / province.slug / names.slug
            write_cluster(folder, shape, shared, names)
            folders.append(folder)
    write(out / STAMP, stamp_of(shape))
    return folders


def parse_args(argv: list[str] | None) -> tuple[Path, Shape]:
    parser = argparse.ArgumentParser(description="Generate a synthetic country of valid emul cluster folders.")
    parser.add_argument("out", type=Path, help="folder to write (created if absent)")
    parser.add_argument("--provinces", type=int, default=34, help="how many of the 34 provinces (default 34)")
    parser.add_argument("--clusters-per-province", type=int, default=40, help="default 40")
    parser.add_argument("--units", type=int, default=10, help="member units per cluster (default 10)")
    parser.add_argument("--criteria", type=int, default=60, help="leaf criteria of the scored sections (default 60)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--year", type=int, default=2026, help="the clusters' year (default 2026)")
    parser.add_argument("--periods", type=int, default=2, help="periods including the year-end one (1-4, default 2)")
    args = parser.parse_args(argv)
    shape = Shape(
        args.provinces, args.clusters_per_province, args.units, args.criteria, args.seed, args.year, args.periods
    )
    return args.out, shape


def main(argv: list[str] | None = None) -> int:
    out, shape = parse_args(argv)
    start = time.perf_counter()
    try:
        folders = generate_country(out, shape)
    except ValueError as error:
        print(f"generate_country: {error}", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - start
    size = f"{shape.units} units × {shape.criteria} criteria"
    print(f"wrote {len(folders)} clusters of {size} to {out} in {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Generate a synthetic, valid cluster folder for benchmarks (stdlib only, deterministic per seed).

    python bench/generate_cluster.py OUT_DIR --units 60 --criteria 120 [--seed 1] [--periods 2]

The folder holds its own rubric (OUT_DIR/criteria/rubric.yaml, scale 100, 5 sections whose
`--criteria` leaf criteria add up exactly to the section maxima and to 100, plus a bonus and a penalty
section), cluster.yaml, units.yaml, covenant.yaml, one assessment per unit and period and a ballot for
the year-end period. `emul validate OUT_DIR` reports no problem on it.

Other benchmarks import it (bench/ is not a package):

    sys.path.insert(0, str(Path(__file__).parent))
    from generate_cluster import generate
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, Decimal
from pathlib import Path
from typing import Any

CENT = Decimal("0.01")
SCALE = Decimal(100)
SECTION_WEIGHTS = (30, 25, 20, 15, 10)
SECTION_TITLES = (
    "Thực hiện nhiệm vụ chính trị được giao",
    "Cải cách hành chính, chuyển đổi số",
    "Công tác thi đua, khen thưởng",
    "Xây dựng tổ chức Đảng, đoàn thể vững mạnh",
    "Thực hiện giao ước thi đua của Cụm",
)
TOPICS = (
    "Hoàn thành chỉ tiêu kế hoạch năm",
    "Giải quyết thủ tục hành chính đúng hạn",
    "Tỷ lệ hồ sơ trực tuyến",
    "Thực hiện chế độ báo cáo",
    "Công tác phòng, chống tham nhũng",
    "Thực hành tiết kiệm, chống lãng phí",
    "Sáng kiến, giải pháp được công nhận",
    "Tổ chức phong trào thi đua",
    "Công tác dân vận chính quyền",
    "Ứng dụng công nghệ thông tin",
    "Công tác cán bộ, đào tạo bồi dưỡng",
    "Giải quyết khiếu nại, tố cáo",
    "Thực hiện quy chế dân chủ",
    "Công tác tuyên truyền, phổ biến pháp luật",
    "Quản lý tài chính, tài sản công",
)
ROMAN = ("I", "II", "III", "IV", "V")
GROUP_SIZE = 4
FIXED_METHODS = ("manual", "commitments", "done", "proportional", "banded", "deduction", "step")
METHOD_WEIGHTS = {"manual": 50, "done": 10, "proportional": 10, "banded": 10, "deduction": 10, "step": 10}
SO_KET_PERIODS = (
    ("H1", "Sơ kết 6 tháng đầu năm", (1, 1), (6, 30)),
    ("Q1", "Sơ kết quý I", (1, 1), (3, 31)),
    ("9M", "Sơ kết 9 tháng", (1, 1), (9, 30)),
)
PRIOR_AWARDS = {"co-thi-dua-tinh": Decimal(3), "co-thi-dua-chinh-phu": Decimal(5)}
GATES = (
    ("khong-vi-pham", "Không có cán bộ, công chức vi phạm pháp luật bị xử lý kỷ luật"),
    ("hoan-thanh-chi-tieu", "Hoàn thành các chỉ tiêu được giao trong năm"),
)


# --------------------------------------------------------------------------------------------- YAML


_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    raise TypeError(f"cannot write {type(value).__name__} as YAML")


def _key(key: str) -> str:
    return key if _PLAIN_KEY.match(key) else json.dumps(key, ensure_ascii=False)


def _emit(value: Any, indent: int, out: list[str]) -> None:
    """Append block-style YAML lines for a mapping or list at `indent` spaces."""
    pad = " " * indent
    if isinstance(value, dict):
        for key, item in value.items():
            _emit_item(f"{pad}{_key(key)}:", item, indent + 2, out)
    else:
        for item in value:
            if isinstance(item, dict) and item:
                first, *rest = list(item.items())
                _emit_item(f"{pad}- {_key(first[0])}:", first[1], indent + 4, out)
                _emit(dict(rest), indent + 2, out)
            else:
                _emit_item(f"{pad}-", item, indent + 2, out)


def _emit_item(head: str, value: Any, indent: int, out: list[str]) -> None:
    if isinstance(value, dict | list) and value:
        out.append(head)
        _emit(value, indent, out)
    elif isinstance(value, dict | list):
        out.append(f"{head} {'{}' if isinstance(value, dict) else '[]'}")
    else:
        out.append(f"{head} {_scalar(value)}")


def dump_yaml(data: dict[str, Any], comment: str | None = None) -> str:
    lines = [f"# {comment}"] if comment else []
    _emit(data, 0, lines)
    return "\n".join(lines) + "\n"


def write_yaml(path: Path, data: dict[str, Any], comment: str | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_yaml(data, comment), encoding="utf-8")


# ------------------------------------------------------------------------------------------- rubric


@dataclass
class Leaf:
    id: str
    title: str
    max: Decimal
    method: dict[str, Any]


@dataclass
class Plan:
    """What the other files need to know about the generated rubric."""

    leaves: list[Leaf] = field(default_factory=list)
    commitments_criterion: str | None = None


def split_points(total: Decimal, weights: list[int]) -> list[Decimal]:
    """Shares of `total` proportional to `weights`, 2 decimals, remainder on the last; sum is exact."""
    whole = sum(weights)
    parts = [(total * w / whole).quantize(CENT, rounding=ROUND_DOWN) for w in weights[:-1]]
    parts.append(total - sum(parts, Decimal(0)))
    if any(p <= 0 for p in parts):
        raise ValueError(f"cannot split {total} points into {len(weights)} criteria of at least 0.01")
    return parts


def split_count(total: int, weights: tuple[int, ...]) -> list[int]:
    """At least one per weight, the rest proportional (largest remainder), summing to `total`."""
    extra = total - len(weights)
    raw = [extra * w / sum(weights) for w in weights]
    counts = [1 + int(r) for r in raw]
    by_fraction = sorted(range(len(weights)), key=lambda i: raw[i] - int(raw[i]), reverse=True)
    for i in by_fraction[: total - sum(counts)]:
        counts[i] += 1
    return counts


def method_list(rng: random.Random, count: int) -> list[str]:
    fixed = list(FIXED_METHODS[:count])
    names, weights = zip(*METHOD_WEIGHTS.items(), strict=True)
    rest = rng.choices(names, weights=weights, k=count - len(fixed))
    methods = fixed + rest
    rng.shuffle(methods)
    return methods


def method_params(rng: random.Random, kind: str, maximum: Decimal) -> dict[str, Any]:
    fraction = max((maximum / 4).quantize(CENT, rounding=ROUND_DOWN), CENT)
    if kind == "manual":
        return {"kind": "manual", "evidence_required": True}
    if kind == "proportional":
        return {"kind": "proportional", "target": Decimal(rng.choice((50, 80, 95, 100))), "unit_of_measure": "%"}
    if kind == "banded":
        bands = [
            {"min_ratio": Decimal("1"), "share": Decimal("1")},
            {"min_ratio": Decimal("0.9"), "share": Decimal("0.8")},
            {"min_ratio": Decimal("0.7"), "share": Decimal("0.5")},
        ]
        return {
            "kind": "banded",
            "target": Decimal(rng.choice((20, 40, 100))),
            "bands": bands,
            "unit_of_measure": "hồ sơ",
        }
    if kind == "deduction":
        return {"kind": "deduction", "per": fraction}
    if kind == "step":
        return {
            "kind": "step",
            "base": Decimal(0),
            "step": Decimal(rng.choice((1, 2, 5))),
            "points": fraction,
            "unit_of_measure": "sáng kiến",
        }
    return {"kind": kind}


def leaf_groups(ids: list[str]) -> list[list[str]]:
    return [ids[i : i + GROUP_SIZE] for i in range(0, len(ids), GROUP_SIZE)]


def build_section(
    rng: random.Random, index: int, leaf_count: int, maximum: Decimal, methods: list[str], plan: Plan
) -> dict[str, Any]:
    roman = ROMAN[index]
    maxima = split_points(maximum, [rng.randint(2, 5) for _ in range(leaf_count)])
    criteria: list[dict[str, Any]] = []
    position = 0
    for group_no, group in enumerate(leaf_groups(list(range(leaf_count))), start=1):
        group_id = f"{roman}.{group_no}"
        leaves = []
        for child_no, _slot in enumerate(group, start=1):
            leaf_id = group_id if len(group) == 1 else f"{group_id}.{child_no}"
            leaves.append(make_leaf(rng, leaf_id, maxima[position], methods.pop(), plan))
            position += 1
        if len(group) == 1:
            criteria.append(leaves[0])
        else:
            criteria.append(
                {
                    "id": group_id,
                    "title": f"Nhóm tiêu chí {group_id}",
                    "max": sum((leaf["max"] for leaf in leaves), Decimal(0)),
                    "criteria": leaves,
                }
            )
    return {"id": roman, "title": SECTION_TITLES[index], "max": maximum, "criteria": criteria}


def make_leaf(rng: random.Random, leaf_id: str, maximum: Decimal, kind: str, plan: Plan) -> dict[str, Any]:
    title = f"{rng.choice(TOPICS)} ({leaf_id})"
    method = method_params(rng, kind, maximum)
    plan.leaves.append(Leaf(leaf_id, title, maximum, method))
    if kind == "commitments":
        plan.commitments_criterion = leaf_id
    entry: dict[str, Any] = {"id": leaf_id, "title": title, "max": maximum, "method": method}
    if kind == "manual":
        entry["guidance"] = "Căn cứ báo cáo, văn bản kiểm chứng của đơn vị."
    return entry


def capped_sections(plan: Plan) -> tuple[dict[str, Any], dict[str, Any]]:
    prior = {"kind": "prior_award", "table": dict(PRIOR_AWARDS)}
    bonus_each = {"kind": "per_occurrence", "per": Decimal("0.5")}
    penalty_each = {"kind": "per_occurrence", "per": Decimal(1)}
    bonus_leaves = [
        Leaf("B.1", "Danh hiệu thi đua đã nhận năm trước", Decimal(5), prior),
        Leaf("B.2", "Bằng khen, giấy khen cấp trên trong năm", Decimal(2), bonus_each),
    ]
    penalty_leaves = [Leaf("P.1", "Vi phạm bị cơ quan có thẩm quyền nhắc nhở, phê bình", Decimal(5), penalty_each)]
    plan.leaves.extend(bonus_leaves + penalty_leaves)

    def section(section_id: str, title: str, cap: int, leaves: list[Leaf]) -> dict[str, Any]:
        return {
            "id": section_id,
            "title": title,
            "cap": Decimal(cap),
            "criteria": [
                {"id": leaf.id, "title": leaf.title, "max": leaf.max, "method": leaf.method} for leaf in leaves
            ],
        }

    return (section("B", "Điểm thưởng", 5, bonus_leaves), section("P", "Điểm trừ", 10, penalty_leaves))


def build_rubric(rng: random.Random, criteria: int) -> tuple[dict[str, Any], Plan]:
    if criteria < len(SECTION_WEIGHTS):
        raise ValueError(f"--criteria must be at least {len(SECTION_WEIGHTS)} (one per section)")
    plan = Plan()
    methods = method_list(rng, criteria)
    counts = split_count(criteria, SECTION_WEIGHTS)
    sections = [
        build_section(rng, i, n, Decimal(w), methods, plan)
        for i, (n, w) in enumerate(zip(counts, SECTION_WEIGHTS, strict=True))
    ]
    bonus, penalty = capped_sections(plan)
    first_leaf = plan.leaves[0].id
    rubric = {
        "id": "bo-tieu-chi-tong-hop",
        "version": "2024.1",
        "title": "Bộ tiêu chí thi đua tổng hợp (sinh tự động)",
        "scale": SCALE,
        "illustrative": True,
        "source": "Sinh bởi bench/generate_cluster.py để đo hiệu năng.",
        "rounding": {"decimals": 2, "mode": "half_up", "apply_to": "total"},
        "sections": sections,
        "bonus": bonus,
        "penalty": penalty,
        "classification": {
            "bands": [
                {
                    "id": "xuat-sac",
                    "label": "Hoàn thành xuất sắc nhiệm vụ",
                    "min_total": Decimal(90),
                    "min_criterion_share": Decimal("0.5"),
                },
                {"id": "tot", "label": "Hoàn thành tốt nhiệm vụ", "min_total": Decimal(80)},
                {"id": "hoan-thanh", "label": "Hoàn thành nhiệm vụ", "min_total": Decimal(65)},
            ],
            "fallback": {"id": "khong-hoan-thanh", "label": "Không hoàn thành nhiệm vụ"},
        },
        "ranking": {
            "method": "competition",
            "tie_breaks": [
                {"kind": "section", "section": "I"},
                {"kind": "criterion", "criterion": first_leaf},
                {"kind": "fewer_penalty"},
                {"kind": "more_bonus"},
                {"kind": "vote"},
            ],
        },
    }
    return rubric, plan


# ------------------------------------------------------------------------------------ cluster files


def unit_ids(count: int) -> list[str]:
    width = max(3, len(str(count)))
    return [f"u{n:0{width}d}" for n in range(1, count + 1)]


def build_units(ids: list[str]) -> dict[str, Any]:
    units = [
        {
            "id": uid,
            "name": f"Sở Ngành số {n}",
            "short_name": f"SN{n}",
            "head": {"title": "Giám đốc", "name": f"Nguyễn Văn {chr(ord('A') + (n - 1) % 26)}"},
            "membership": [{"start": date(2020, 1, 1)}],
        }
        for n, uid in enumerate(ids, start=1)
    ]
    return {"units": units}


def build_periods(year: int, count: int, ids: list[str]) -> list[dict[str, Any]]:
    if not 1 <= count <= len(SO_KET_PERIODS) + 1:
        raise ValueError(f"--periods must be between 1 and {len(SO_KET_PERIODS) + 1}")
    periods = [
        {
            "id": f"{year}-{suffix}",
            "kind": "so_ket",
            "title": f"{title} {year}",
            "start": date(year, *start),
            "end": date(year, *end),
        }
        for suffix, title, start, end in SO_KET_PERIODS[: count - 1]
    ]
    meeting = {
        "date": date(year, 12, 20),
        "place": "Hội trường Sở Ngành số 1",
        "chair": ids[0],
        "secretary": "Văn phòng Sở Ngành số 1",
        "present": ids[:-1] if len(ids) > 2 else ids,
        "absent": ids[-1:] if len(ids) > 2 else [],
    }
    periods.append(
        {
            "id": str(year),
            "kind": "tong_ket",
            "title": f"Tổng kết năm {year}",
            "start": date(year, 1, 1),
            "end": date(year, 12, 31),
            "meeting": meeting,
        }
    )
    return periods


def build_cluster(year: int, ids: list[str], periods: int) -> dict[str, Any]:
    roles = ["cum_truong", "cum_pho"] + ["thanh_vien"] * (len(ids) - 2)
    return {
        "id": "cum-tong-hop",
        "name": "Cụm thi đua tổng hợp",
        "code": "CTĐTH",
        "province": "Thành phố Hà Nội",
        "host_body": "UBND THÀNH PHỐ HÀ NỘI",
        "place": "Hà Nội",
        "year": year,
        "theme": "Đoàn kết, sáng tạo, hoàn thành xuất sắc nhiệm vụ",
        "legal_bases": [
            {
                "id": "luat-tdkt",
                "title": "Luật Thi đua, khen thưởng",
                "number": "06/2022/QH15",
                "issuer": "Quốc hội",
                "date": date(2022, 6, 15),
            }
        ],
        "documents": [
            {
                "id": "kh-01",
                "type": "KH",
                "number": "01/KH-CTĐTH",
                "date": date(year, 2, 1),
                "title": f"Kế hoạch hoạt động Cụm thi đua năm {year}",
            }
        ],
        "members": [
            {"year": year, "members": [{"unit": uid, "role": role} for uid, role in zip(ids, roles, strict=False)]}
        ],
        "periods": build_periods(year, periods, ids),
        "rubric": {"path": "criteria/rubric.yaml", "version": "2024.1"},
        "scoring": {"reconciliation": "appraised_replaces_self", "difference_threshold": Decimal(2)},
        "awards": {
            "titles": [
                {
                    "id": "co-thi-dua",
                    "name": "Cờ thi đua của UBND Thành phố",
                    "quota": {"ratio": "20%"},
                    "min_classification": "xuat-sac",
                    "government_flag_candidate": True,
                },
                {
                    "id": "bang-khen",
                    "name": "Bằng khen của Chủ tịch UBND Thành phố",
                    "quota": {"ratio": "30%", "rounding": "half_up"},
                    "min_classification": "tot",
                },
            ],
            "gates": [{"id": gate_id, "label": label} for gate_id, label in GATES],
            "vote": {"denominator": "members", "comparator": "gt", "threshold": "1/2", "quorum": "2/3"},
        },
    }


def covenant_items(ids: list[str], criterion: str | None) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = [
        {
            "id": "CK1",
            "text": "Giải quyết thủ tục hành chính đúng hạn",
            "indicator": "Tỷ lệ hồ sơ đúng hạn",
            "target": Decimal(98),
            "unit_of_measure": "%",
            "movement": "PT1",
        },
        {
            "id": "CK2",
            "text": "Không để xảy ra khiếu kiện đông người",
            "indicator": "Số vụ việc",
            "target": Decimal(0),
            "comparison": "at_most",
            "unit_of_measure": "vụ",
            "movement": "PT2",
        },
        {"id": "CK3", "text": "Tổ chức phát động phong trào thi đua chuyên đề", "movement": "PT1"},
        {
            "id": "CK4",
            "text": "Có sáng kiến được công nhận cấp thành phố",
            "unit": ids[0],
            "target": Decimal(2),
            "unit_of_measure": "sáng kiến",
            "movement": "PT2",
        },
    ]
    for item in items:
        if criterion is not None:
            item["criterion"] = criterion
    return items


def build_covenant(year: int, ids: list[str], criterion: str | None) -> dict[str, Any]:
    return {
        "year": year,
        "title": f"Bản giao ước thi đua năm {year}",
        "signing": {"date": date(year, 2, 15), "place": "Hà Nội"},
        "movements": [
            {"id": "PT1", "name": "Thi đua cải cách hành chính", "launched_by": "Thành phố"},
            {"id": "PT2", "name": "Thi đua đổi mới sáng tạo", "launched_by": "Cụm"},
        ],
        "commitments": covenant_items(ids, criterion),
    }


# ---------------------------------------------------------------------------------------- assessments


def random_points(rng: random.Random, maximum: Decimal, low: float) -> Decimal:
    return (maximum * Decimal(str(rng.uniform(low, 1.0)))).quantize(CENT, rounding=ROUND_DOWN)


def evidence(rng: random.Random, unit_no: int) -> list[str]:
    number = rng.randint(1, 400)
    documents = [f"Báo cáo số {number}/BC-SN{unit_no}", f"Kế hoạch số {number + 1}/KH-SN{unit_no}"]
    return documents[: rng.randint(1, 2)]


def criterion_entry(rng: random.Random, leaf: Leaf, unit_no: int) -> dict[str, Any]:
    kind = leaf.method["kind"]
    if kind == "manual":
        self_score = random_points(rng, leaf.max, 0.6)
        appraised = max(self_score - random_points(rng, min(self_score, Decimal(1)), 0.0), Decimal(0))
        return {"self": self_score, "appraised": appraised, "evidence": evidence(rng, unit_no)}
    if kind == "prior_award" and rng.random() < 0.7:
        return {"appraised": Decimal(0), "note": "Năm trước không nhận danh hiệu thi đua."}
    if kind == "commitments":
        return {"evidence": evidence(rng, unit_no)}
    return {"facts": computed_facts(rng, leaf), "evidence": evidence(rng, unit_no)}


def computed_facts(rng: random.Random, leaf: Leaf) -> dict[str, Any]:
    method = leaf.method
    kind = method["kind"]
    if kind == "done":
        return {"done": rng.random() < 0.9}
    if kind in ("proportional", "banded"):
        return {"actual": (method["target"] * Decimal(str(rng.uniform(0.6, 1.1)))).quantize(CENT)}
    if kind == "step":
        return {"actual": Decimal(rng.randint(0, 12))}
    if kind in ("deduction", "per_occurrence"):
        return {"count": rng.choice((0, 0, 0, 1, 2))}
    if kind == "prior_award":
        return {"award": rng.choice(sorted(PRIOR_AWARDS))}
    return {}


def commitment_results(rng: random.Random, items: list[dict[str, Any]], uid: str) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for item in items:
        if item.get("unit") not in (None, uid):
            continue
        target = item.get("target")
        if target is None:
            results[item["id"]] = {"done": rng.random() < 0.9}
        else:
            actual = (target * Decimal(str(rng.uniform(0.9, 1.05)))).quantize(CENT) if target else Decimal(0)
            results[item["id"]] = {"actual": actual, "evidence": [f"Báo cáo kết quả {item['id']}"]}
    return results


def build_assessment(
    rng: random.Random, plan: Plan, period: dict[str, Any], uid: str, unit_no: int, items: list[dict[str, Any]]
) -> dict[str, Any]:
    end: date = period["end"]
    return {
        "unit": uid,
        "period": period["id"],
        "self_scored": {
            "by": f"Hội đồng Thi đua - Khen thưởng Sở Ngành số {unit_no}",
            "date": date(end.year, end.month, 5),
        },
        "appraised": {"by": "Tổ thẩm định Cụm thi đua", "title": "Tổ trưởng", "date": date(end.year, end.month, 15)},
        "criteria": {leaf.id: criterion_entry(rng, leaf, unit_no) for leaf in plan.leaves},
        "commitments": commitment_results(rng, items, uid),
        "gates": {
            gate_id: {"passed": rng.random() < 0.95, "evidence": "Xác nhận của cơ quan có thẩm quyền"}
            for gate_id, _label in GATES
        },
    }


def build_ballot(
    rng: random.Random, period: dict[str, Any], ids: list[str], *, candidates: list[str] | None = None
) -> dict[str, Any]:
    """Votes on about 20 % / 30 % of the units, at random; or, given `candidates`, on each of them for both
    awards, each with a majority of all the members."""
    meeting = period["meeting"]
    issued = len(meeting["present"])
    votes = []
    for award, share in (("co-thi-dua", 0.2), ("bang-khen", 0.3)):
        chosen = rng.sample(ids, max(1, int(len(ids) * share))) if candidates is None else candidates
        for uid in chosen:
            least = issued // 2 if candidates is None else min(len(ids) // 2 + 1, issued)
            in_favour = rng.randint(least, issued)
            votes.append(
                {
                    "award": award,
                    "unit": uid,
                    "issued": issued,
                    "returned": issued,
                    "valid": issued,
                    "in_favour": in_favour,
                    "against": issued - in_favour,
                }
            )
    return {"period": period["id"], "meeting": meeting, "votes": votes}


# --------------------------------------------------------------------------------------------- main

MARKER = "# Generated by bench/generate_cluster.py"


def prepare_out_dir(out_dir: Path) -> None:
    """Refuse a non-empty folder we did not generate; clear stale generated files from one we did."""
    if not out_dir.exists() or not any(out_dir.iterdir()):
        return
    cluster = out_dir / "cluster.yaml"
    if not (cluster.is_file() and cluster.read_text(encoding="utf-8").startswith(MARKER)):
        raise ValueError(f"{out_dir} is not empty and was not written by this generator")
    for name in ("assessments", "ballots", "criteria"):
        shutil.rmtree(out_dir / name, ignore_errors=True)


def generate(
    out_dir: Path,
    units: int,
    criteria: int,
    seed: int = 1,
    periods: int = 2,
    year: int = 2024,
    *,
    number: int | None = None,
) -> Path:
    """Write the synthetic cluster into `out_dir`: absent, empty or generated earlier (then replaced). `number`:
    cluster N of a province, with its own cluster id and name and units (ids and names) of its own."""
    if units < 2:
        raise ValueError("--units must be at least 2 (one cụm trưởng and one cụm phó)")
    prepare_out_dir(out_dir)
    rng = random.Random(seed)
    note = f"{MARKER[2:]} (units={units}, criteria={criteria}, seed={seed})"
    ids = unit_ids(units) if number is None else [f"c{number}-{uid}" for uid in unit_ids(units)]
    rubric, plan = build_rubric(rng, criteria)
    cluster = build_cluster(year, ids, periods)
    members = build_units(ids)
    if number is not None:
        cluster.update(id=f"cum-so-{number}", name=f"Cụm thi đua số {number}")
        for unit in members["units"]:
            unit["name"] += f" cụm {number}"
    covenant = build_covenant(year, ids, plan.commitments_criterion)
    write_yaml(out_dir / "criteria" / "rubric.yaml", rubric, note)
    write_yaml(out_dir / "cluster.yaml", cluster, note)
    write_yaml(out_dir / "units.yaml", members, note)
    write_yaml(out_dir / "covenant.yaml", covenant, note)
    for period in cluster["periods"]:
        for unit_no, uid in enumerate(ids, start=1):
            assessment = build_assessment(rng, plan, period, uid, unit_no, covenant["commitments"])
            write_yaml(out_dir / "assessments" / period["id"] / f"{uid}.yaml", assessment, note)
    year_end = cluster["periods"][-1]
    write_yaml(out_dir / "ballots" / f"{year_end['id']}.yaml", build_ballot(rng, year_end, ids), note)
    return out_dir


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Generate a synthetic, valid emul cluster folder.")
    parser.add_argument("out_dir", type=Path, help="folder to write (created if absent)")
    parser.add_argument("--units", type=int, default=60, help="number of member units (default 60)")
    parser.add_argument("--criteria", type=int, default=120, help="leaf criteria of the 5 scored sections")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--periods", type=int, default=2, help="periods including the year-end one (1-4, default 2)")
    parser.add_argument("--year", type=int, default=2024, help="cluster year (default 2024)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        out = generate(args.out_dir, args.units, args.criteria, args.seed, args.periods, args.year)
    except ValueError as error:
        print(f"generate_cluster: {error}", file=sys.stderr)
        return 2
    files = sum(1 for _ in out.rglob("*.yaml"))
    print(f"wrote {files} files to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

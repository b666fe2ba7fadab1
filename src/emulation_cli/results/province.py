"""`emul province --format json`: the leaders of the clusters and the Government-flag cap, rendered from the
typed roll-up."""

from __future__ import annotations

from typing import Any

from ..rollup.province import Leader, ProvinceResult
from ..text.numbers import exact_text

PROVINCE_SCHEMA = "emul.province/1"


def province_document(result: ProvinceResult) -> dict[str, Any]:
    return {
        "schema": PROVINCE_SCHEMA,
        "year": result.year,
        "rule": {
            "ratio": exact_text(result.rule.ratio),
            "rounding": result.rule.rounding,
            "rank_by": result.rule.rank_by,
        },
        "leaders_count": len(result.leaders),
        "cap": result.cap,
        "leaders": [_leader(item) for item in result.leaders],
        "clusters_without_leader": list(result.without_leader),
        "tied_at_cap": list(result.tied_at_cap),
    }


def _leader(item: Leader) -> dict[str, Any]:
    return {
        "cluster": {"id": item.cluster, "name": item.cluster_name},
        "unit": {"id": item.unit, "name": item.unit_name},
        # As the cluster's rubric rounds it, like `emul score`; null for a cluster ranked by vote.
        "total": None if item.total is None else format(item.total, "f"),
        "vote_share": None if item.vote_share is None else exact_text(item.vote_share),
        "government_flag_candidate": item.selected,
    }

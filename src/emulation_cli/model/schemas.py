"""JSON Schema of every file kind, for editors (VS Code's YAML extension) to complete and check keys."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from .assessment import Assessment
from .ballot import BallotFile
from .cluster import Cluster
from .covenant import Covenant
from .rubric import Rubric
from .units import UnitsFile

FILE_KINDS: dict[str, tuple[type[BaseModel], str]] = {
    "cluster": (Cluster, "cluster.yaml"),
    "units": (UnitsFile, "units.yaml"),
    "covenant": (Covenant, "covenant.yaml"),
    "rubric": (Rubric, "criteria/*.yaml"),
    "assessment": (Assessment, "assessments/*/*.yaml"),
    "ballots": (BallotFile, "ballots/*.yaml"),
}


def schema_for(kind: str) -> dict[str, Any]:
    model, pattern = FILE_KINDS[kind]
    schema = model.model_json_schema(by_alias=True, mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"emul {kind} ({pattern})",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def schema_text(kind: str) -> str:
    return json.dumps(schema_for(kind), ensure_ascii=False, indent=2, sort_keys=True) + "\n"

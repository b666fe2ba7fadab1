"""Where each template comes from: the cluster folder's own copy in `templates/`, else the default shipped."""

from __future__ import annotations

from pathlib import Path

from ..resources import data_dir

OWN_FOLDER = "templates"


def default_template(name: str) -> Path:
    return data_dir("templates") / "report" / name


def resolve_template(cluster_root: Path, name: str) -> Path:
    own = cluster_root / OWN_FOLDER / name
    return own if own.is_file() else default_template(name)

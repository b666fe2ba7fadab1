"""Many clusters in one run: the cluster folders among the paths given on the command line, and the few facts
of a cluster that its cluster.yaml alone tells (read before, and without, the rest of the folder)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from ..errors import UsageError
from ..i18n import _
from ..model.cluster import Cluster
from ..text.vietnamese import collation_key
from ..writing.paths import resolve_argument
from .document import YamlProblem
from .files import CLUSTER_FILE
from .yamltree import read_yaml_file


def is_cluster_folder(path: Path) -> bool:
    return (path / CLUSTER_FILE).is_file()


def find_clusters(paths: Sequence[Path], once: bool = True) -> tuple[Path, ...]:
    """The cluster folders given, in the order given; a folder of clusters stands for the cluster folders under
    it, in Vietnamese dictionary order of their paths. A cluster folder given twice (under any spelling) counts
    once, unless `once` is False (for a command that says itself what a folder given twice means). A path that
    is neither a cluster folder nor a folder holding one is a usage error naming it."""
    found: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        clusters = [path] if is_cluster_folder(path) else clusters_under(path)
        if not clusters:
            raise UsageError(
                _("'{path}' is neither a cluster folder nor a folder of cluster folders").format(path=path.as_posix()),
                hint=_("a cluster folder holds {file}").format(file=CLUSTER_FILE),
            )
        for cluster in clusters:
            if once:
                key = resolve_argument(cluster)
                if key in seen:
                    continue
                seen.add(key)
            found.append(cluster)
    return tuple(found)


def clusters_under(folder: Path) -> list[Path]:
    """Cluster folders below `folder`, never looking inside one, nor into hidden or linked folders."""
    if not folder.is_dir():
        return []
    found: list[Path] = []
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:  # a folder we may not read holds no cluster we could load
            continue
        for entry in entries:
            if entry.name.startswith(".") or entry.is_symlink() or not entry.is_dir():
                continue
            child = Path(entry.path)
            if is_cluster_folder(child):
                found.append(child)
            else:
                pending.append(child)
    return sorted(found, key=lambda path: [collation_key(part) for part in path.relative_to(folder).parts])


@dataclass(frozen=True)
class ClusterHeader:
    """What cluster.yaml says of the cluster: enough to group folders or refuse a mix before loading them."""

    id: str
    name: str
    province: str
    year: int


def read_header(folder: Path) -> ClusterHeader | None:
    """The cluster.yaml of `folder` alone; None when it cannot be read as a valid cluster file (loading the whole
    folder then reports why, located, as usual)."""
    path = folder / CLUSTER_FILE
    try:
        document = read_yaml_file(path, path.as_posix())
        cluster = Cluster.model_validate(document.data)
    except (OSError, YamlProblem, ValidationError):
        return None
    return ClusterHeader(cluster.id, cluster.name, cluster.province, cluster.year)


def group_by_cluster(folders: Sequence[Path]) -> list[list[Path]]:
    """The folders grouped by the cluster id in their cluster.yaml, in the order each cluster first comes. A
    folder whose cluster.yaml cannot be read goes with the one cluster there is (loading it then says why, as
    in that cluster's history); among several clusters it is a group of its own, failing alone."""
    keyed: list[tuple[str | None, Path]] = []
    for folder in folders:
        header = read_header(folder)
        keyed.append((None if header is None else header.id, folder))
    ids = {key for key, _folder in keyed if key is not None}
    if len(ids) <= 1:
        return [list(folders)]
    groups: dict[str | Path, list[Path]] = {}
    for key, folder in keyed:
        groups.setdefault(folder if key is None else key, []).append(folder)
    return list(groups.values())

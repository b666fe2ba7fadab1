"""The fingerprint of a cluster folder's inputs, that lets a reader tie a document to the files it came from."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from ..loading.files import Loaded
from .project import Project


def inputs_hash(project: Project) -> str:
    """SHA-256 over every input file's path (relative to the cluster folder) and bytes, in path order."""
    digest = hashlib.sha256()
    for name, data in sorted(_input_files(project)):
        digest.update(name.encode("utf-8") + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def _input_files(project: Project) -> Iterable[tuple[str, bytes]]:
    loaded: list[Loaded[object]] = [project.cluster, project.units]  # type: ignore[list-item]
    loaded += [x for x in (project.rubric, project.covenant) if x is not None]  # type: ignore[misc]
    loaded += [*project.assessments, *project.ballots]  # type: ignore[list-item]
    for item in loaded:
        path = item.doc.path
        if path is not None:
            yield _relative(path, project), path.read_bytes()


def _relative(path: object, project: Project) -> str:
    from pathlib import Path

    resolved = Path(str(path)).resolve()
    try:
        return resolved.relative_to(project.root.resolve()).as_posix()
    except ValueError:
        return resolved.name  # the rubric usually lives outside the cluster folder

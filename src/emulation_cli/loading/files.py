"""Load a cluster folder: find its files, read them, validate each against its model.

The result keeps whatever could be validated, so that the cross-file checks can run on the rest and
the officer sees every problem of every file in one run.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..errors import UsageError
from ..i18n import _
from ..membership.roster import Roster
from ..model.assessment import Assessment
from ..model.ballot import BallotFile
from ..model.cluster import Cluster
from ..model.covenant import Covenant
from ..model.rubric import Rubric
from ..model.units import UnitsFile
from ..writing.paths import LOOP_HINT, LinkLoop, is_link_loop, loop_message, refuse_loop, resolve
from .diagnostics import Diagnostic, Pos
from .document import YamlDocument, YamlProblem
from .locate import data_path, diagnostics_from_validation
from .yamltree import read_yaml_file

CLUSTER_FILE = "cluster.yaml"
UNITS_FILE = "units.yaml"
COVENANT_FILE = "covenant.yaml"
ASSESSMENTS_DIR = "assessments"
BALLOTS_DIR = "ballots"
PHRASES_FILE = "templates/phrases.yaml"  # the cluster's own wording of the documents, beside its own templates

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


@dataclass(frozen=True)
class Loaded(Generic[T]):
    """A validated model with the document it came from (for positions)."""

    model: T
    doc: YamlDocument

    @property
    def file(self) -> str:
        return self.doc.file


@dataclass
class LoadResult:
    root: Path
    cluster: Loaded[Cluster] | None = None
    units: Loaded[UnitsFile] | None = None
    covenant: Loaded[Covenant] | None = None
    rubric: Loaded[Rubric] | None = None
    rubric_path: Path | None = None
    assessments: list[Loaded[Assessment]] = field(default_factory=list)
    ballots: list[Loaded[BallotFile]] = field(default_factory=list)
    phrases: YamlDocument | None = None  # checked by validation.phrases
    diagnostics: list[Diagnostic] = field(default_factory=list)
    failed: set[str] = field(default_factory=set)
    files: list[str] = field(default_factory=list)
    covenant_present: bool = False
    _roster: Roster | None = field(default=None, init=False, repr=False, compare=False)

    def unit_ids(self) -> set[str] | None:
        """The ids in units.yaml, or None when units.yaml could not be read."""
        return {u.id for u in self.units.model.units} if self.units else None

    @property
    def ranks_by_vote(self) -> bool:
        """cluster.yaml was read and declares no rubric: the cluster ranks by the ranking ballot."""
        return self.cluster is not None and self.cluster.model.rubric is None

    def roster(self) -> Roster | None:
        """Who is a member on which date, or None when cluster.yaml or units.yaml could not be read. Built once
        both are read (the checks run after loading), so its answers are computed once."""
        if self.cluster is None or self.units is None:
            return None
        if (
            self._roster is None
            or self._roster.cluster is not self.cluster.model
            or self._roster.units is not self.units.model
        ):
            self._roster = Roster(self.cluster.model, self.units.model)
        return self._roster


def load_folder(root: Path) -> LoadResult:
    """Read and validate every file of the cluster folder `root`; raise UsageError if it is no cluster folder."""
    if root.name == CLUSTER_FILE and root.is_file():
        root = root.parent  # `emul validate cum/cluster.yaml` means the folder
    refuse_loop(root)
    if not root.is_dir():
        raise UsageError(_("'{path}' is not a folder").format(path=root.as_posix()))
    if not (root / CLUSTER_FILE).is_file():
        raise UsageError(
            _("'{path}' is not a cluster folder: it has no {file}").format(path=root.as_posix(), file=CLUSTER_FILE),
            hint=_not_a_cluster_hint(root),
        )
    result = LoadResult(root=root)
    cluster_doc = _read(result, root / CLUSTER_FILE)
    if cluster_doc is not None:
        result.cluster = _validate(result, cluster_doc, Cluster)
    result.units = _load_required(result, root / UNITS_FILE, UnitsFile)
    covenant_path = root / COVENANT_FILE
    result.covenant_present = covenant_path.exists()
    if result.covenant_present:
        result.covenant = _load(result, covenant_path, Covenant)
    if cluster_doc is not None:
        _load_rubric(result, cluster_doc)
    for path in _yaml_files(root / ASSESSMENTS_DIR, depth=2):
        loaded = _load(result, path, Assessment)
        if loaded is not None:
            result.assessments.append(loaded)
    for path in _yaml_files(root / BALLOTS_DIR, depth=1):
        ballot = _load(result, path, BallotFile)
        if ballot is not None:
            result.ballots.append(ballot)
    if (root / PHRASES_FILE).is_file():
        result.phrases = _read(result, root / PHRASES_FILE)
    _refuse_looping_folders(result)
    _warn_stray_files(result)
    return result


def _not_a_cluster_hint(root: Path) -> str:
    """Inside a cluster folder (in assessments/2026, say), point at the folder itself."""
    for parent in root.resolve().parents:
        if (parent / CLUSTER_FILE).is_file():
            return _("the cluster folder seems to be '{path}'").format(path=_display(parent))
    return _("run 'emul init FOLDER' to create one, or give the path of an existing cluster folder")


def _load(result: LoadResult, path: Path, model: type[M]) -> Loaded[M] | None:
    doc = _read(result, path)
    return None if doc is None else _validate(result, doc, model)


def _read(result: LoadResult, path: Path) -> YamlDocument | None:
    display = _display(path)
    result.files.append(display)
    try:
        doc = read_yaml_file(path, display)
    except YamlProblem as problem:
        result.diagnostics.append(problem.diagnostic)
        result.failed.add(display)
        return None
    result.diagnostics.extend(doc.problems)
    if not isinstance(doc.data, dict):
        result.diagnostics.append(
            Diagnostic.error(
                display,
                doc.value_pos(()),
                "not-a-mapping",
                _("the file must hold a mapping of keys (key: value) at the top level"),
                _("see an example with 'emul init'"),
            )
        )
        result.failed.add(display)
        return None
    return doc


def _validate(result: LoadResult, doc: YamlDocument, model: type[M]) -> Loaded[M] | None:
    try:
        return Loaded(model.model_validate(doc.data), doc)
    except ValidationError as error:
        result.failed.add(doc.file)
        result.diagnostics.extend(diagnostics_from_validation(error, doc, model))
        return _salvage(error, doc, model)


def _salvage(error: ValidationError, doc: YamlDocument, model: type[M]) -> Loaded[M] | None:
    """Validate again without the faulty parts, so that the cross-file checks still run on the rest of
    the file (its errors are already reported). Unknown keys are dropped in any file; in an assessment,
    whose entries are independent of each other, any faulty value is dropped too. Entries of lists are
    never cut: that would shift the positions of the items after them."""
    data = copy.deepcopy(doc.data)
    for _attempt in range(4):
        details = error.errors(include_url=False)
        cuttable = model is Assessment or all(d["type"] == "extra_forbidden" for d in details)
        if not cuttable or not all(_cut(data, detail) for detail in details):
            return None
        try:
            return Loaded(model.model_validate(data), doc)
        except ValidationError as again:
            error = again
    return None


def _cut(data: Any, detail: ErrorDetails) -> bool:
    path, _on_key = data_path(detail["loc"], data, detail["type"] != "extra_forbidden")
    if detail["type"] == "missing":
        path = path[:-1]  # a required key is missing: cut the entry that lacks it
    if not path or isinstance(path[-1], int):
        return False
    parent = data
    for part in path[:-1]:
        if not isinstance(parent, dict) or part not in parent:
            return True  # already cut with an enclosing entry
        parent = parent[part]
    if isinstance(parent, dict):
        parent.pop(path[-1], None)
        return True
    return False


def _load_required(result: LoadResult, path: Path, model: type[M]) -> Loaded[M] | None:
    if path.exists():
        return _load(result, path, model)
    result.diagnostics.append(
        Diagnostic.error(
            _display(path),
            Pos(1, 1),
            "missing-file",
            _("the file is missing"),
            _("every cluster folder needs {file}; 'emul init' shows its shape").format(file=path.name),
        )
    )
    return None


def _load_rubric(result: LoadResult, cluster_doc: YamlDocument) -> None:
    """Read the rubric named in cluster.yaml, even when the rest of cluster.yaml has errors."""
    reference = cluster_doc.data.get("rubric")
    relative = reference.get("path") if isinstance(reference, dict) else None
    if not isinstance(relative, str) or not relative.strip():
        return
    path = result.root / relative
    problem = _rubric_path_problem(path, result.root)
    if problem is not None:
        message, hint = problem
        result.diagnostics.append(
            Diagnostic.error(
                cluster_doc.file,
                cluster_doc.value_pos(("rubric", "path")),
                "rubric-missing",
                message,
                hint,
                "rubric.path",
            )
        )
        return
    result.rubric_path = path
    result.rubric = _load(result, path, Rubric)


def _rubric_path_problem(path: Path, root: Path) -> tuple[str, str] | None:
    hint = _("the path is relative to the cluster folder; check it, or copy a rubric from the criteria folder")
    if is_link_loop(path):
        return loop_message(_display(path)), _(LOOP_HINT)
    try:
        if resolve(path).parent == resolve(root) and path.name in (CLUSTER_FILE, UNITS_FILE, COVENANT_FILE):
            return _("'{path}' is a cluster file, not a rubric").format(path=_display(path)), hint
        if path.is_dir():
            return _("'{path}' is a folder; the rubric is a file").format(path=_display(path)), hint
        if not path.is_file():
            return _("the rubric file '{path}' does not exist").format(path=_display(path)), hint
    except LinkLoop:
        return loop_message(_display(path)), _(LOOP_HINT)
    except OSError as exc:
        return _("the rubric path cannot be used: {reason}").format(reason=exc.strerror or exc), hint
    return None


def _yaml_files(folder: Path, depth: int) -> list[Path]:
    if not folder.is_dir():
        return []
    pattern = "/".join(["*"] * (depth - 1) + ["*.yaml"])
    return sorted(p for p in folder.glob(pattern) if p.is_file() and not p.name.startswith("."))


def _warn_stray_files(result: LoadResult) -> None:
    """Warn about every YAML-looking file emul did not read, so that no data is ignored silently."""
    read = set(result.files)
    for path in _yaml_looking(result.root):
        if _display(path) in read or path == result.rubric_path:
            continue
        hint = _stray_hint(path, result.root)
        message = _("emul does not read this file")
        if path.is_dir():
            message = _("this is a folder, although its name ends like a YAML file")
        elif is_link_loop(path):
            message = _("this is a symbolic link that points back to itself (a loop)")
        elif not path.exists():
            message = _("this is a broken link")
        result.diagnostics.append(Diagnostic.warning(_display(path), Pos(1, 1), "stray-file", message, hint))


def _refuse_looping_folders(result: LoadResult) -> None:
    """A data folder that is a symbolic link loop would otherwise look empty, and its files go unread."""
    folders = [result.root / ASSESSMENTS_DIR, result.root / BALLOTS_DIR]
    if folders[0].is_dir():
        folders += sorted(folders[0].iterdir())
    for folder in folders:
        if is_link_loop(folder):
            result.diagnostics.append(
                Diagnostic.error(_display(folder), Pos(1, 1), "link-loop", loop_message(_display(folder)), _(LOOP_HINT))
            )


def _yaml_looking(root: Path) -> list[Path]:
    found = [p for p in root.iterdir() if _looks_like_yaml(p.name)]
    for folder in (ASSESSMENTS_DIR, BALLOTS_DIR):
        if (root / folder).is_dir():
            found += [p for p in (root / folder).rglob("*") if _looks_like_yaml(p.name)]
    return sorted(found)


def _looks_like_yaml(name: str) -> bool:
    lowered = name.lower().removesuffix(".txt")
    return not name.startswith(".") and lowered.endswith((".yaml", ".yml"))


def _stray_hint(path: Path, root: Path) -> str:
    stem = path.name.lower().removesuffix(".txt").removesuffix(".yaml").removesuffix(".yml")
    proper = path.name[: len(stem)] + ".yaml"
    parts = path.relative_to(root).parts
    if parts[0] == ASSESSMENTS_DIR and len(parts) != 3:
        return _("put it at assessments/<period>/{name}").format(name=proper)
    if parts[0] == BALLOTS_DIR and len(parts) != 2:
        return _("put it at ballots/{name}").format(name=proper)
    if path.name != proper and (len(parts) > 1 or proper in (CLUSTER_FILE, UNITS_FILE, COVENANT_FILE)):
        return _("rename it to {name}").format(name=proper)
    return _(
        "cluster files are cluster.yaml, units.yaml, covenant.yaml, assessments/<period>/<unit>.yaml "
        "and ballots/<period>.yaml (with the extension .yaml)"
    )


def _display(path: Path) -> str:
    """The path as the officer would type it: relative to the current folder when possible."""
    text = os.path.normpath(path)
    if os.path.isabs(text):
        try:
            rel = os.path.relpath(text)
            if not rel.startswith(".."):
                text = rel
        except ValueError:
            pass
    return Path(text).as_posix()

"""Rubric versions: the git commit of a rubric file, and a rubric read from a file or from a git revision
(`REV:path`) and validated as `emul validate` validates the cluster's rubric."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..errors import EmulError, OutOfMemory, RubricInvalid, UsageError
from ..i18n import _
from ..loading.diagnostics import Diagnostic, Severity
from ..loading.document import YamlDocument, YamlProblem
from ..loading.files import Loaded
from ..model.rubric import Rubric

GIT_TIMEOUT = 5.0  # seconds per git call: a rubric's provenance must never hang a command
_HASH = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")
_STAGED = re.compile(rb"^(?:100644|100755) (?P<blob>[0-9a-f]{40}(?:[0-9a-f]{24})?) 0\t")
# Variables that would point git at another repository than the one holding the file.
_GIT_LOCATION = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR")
# A received folder's .git/config (or a file it includes) can name commands for git to run. emul only reads
# metadata, with commands that run none of the filters, hooks and diff drivers, and every setting that could
# still start a program is overridden here (the command line wins over every configuration file).
_NEUTRAL_SETTINGS = (
    "core.fsmonitor=false",
    "core.useBuiltinFSMonitor=false",
    f"core.hooksPath={os.devnull}",
    "core.pager=cat",
    "core.untrackedCache=false",
    "core.askPass=",
    "credential.helper=",
    "diff.external=",
    "log.showSignature=false",
    "protocol.allow=never",
    "gc.auto=0",
    "maintenance.auto=false",
)
# The officer's own variables that would start a program or add configuration.
_GIT_COMMANDS = (
    "GIT_EXTERNAL_DIFF",
    "GIT_ASKPASS",
    "SSH_ASKPASS",
    "GIT_SSH",
    "GIT_SSH_COMMAND",
    "GIT_PROXY_COMMAND",
    "GIT_CONFIG",
    "GIT_CONFIG_PARAMETERS",
    "GIT_CONFIG_COUNT",
)
_NEUTRAL_ENVIRONMENT = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_OPTIONAL_LOCKS": "0",  # a read never writes the index
    "GIT_PAGER": "cat",
    "GIT_ALLOW_PROTOCOL": "",  # no transport at all: a partial clone cannot fetch a missing object
    "GIT_NO_LAZY_FETCH": "1",
    "GIT_NO_REPLACE_OBJECTS": "1",
    "LC_ALL": "C",
}


@dataclass(frozen=True)
class RubricVersion:
    """A rubric as read for a command: what the officer typed, the validated model, its git commit."""

    source: str
    loaded: Loaded[Rubric]
    commit: str | None


# ----- git ------------------------------------------------------------------------------------------------
def _git(args: list[str], cwd: Path, clean_env: bool = False) -> subprocess.CompletedProcess[bytes] | None:
    """Run git with repository configuration unable to start a program; None when git is missing, cannot
    start or takes too long."""
    env = {name: value for name, value in os.environ.items() if not _starts_programs(name)}
    env.update(_NEUTRAL_ENVIRONMENT)
    if clean_env:
        for name in _GIT_LOCATION:
            env.pop(name, None)
    settings = [item for setting in _NEUTRAL_SETTINGS for item in ("-c", setting)]
    program = git_program()
    if program is None:
        return None
    try:
        return subprocess.run(
            [program, "--no-pager", *settings, *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return None


def git_program(search_path: str | None = None) -> str | None:
    """git's full path, found only in the PATH's absolute folders. Windows would otherwise look in the current
    folder first, where a received cluster folder could hold a git.exe of its own; a relative or empty PATH
    entry means the same on any system."""
    names = ("git.exe", "git") if os.name == "nt" else ("git",)
    for folder in (search_path if search_path is not None else os.environ.get("PATH", "")).split(os.pathsep):
        if not folder or not os.path.isabs(folder):
            continue
        for name in names:
            candidate = os.path.join(folder, name)
            if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
                return candidate
    return None


def _starts_programs(name: str) -> bool:
    return name.upper() in _GIT_COMMANDS or name.upper().startswith(("GIT_CONFIG_KEY_", "GIT_CONFIG_VALUE_"))


def _commit_of(result: subprocess.CompletedProcess[bytes] | None) -> str | None:
    if result is None or result.returncode != 0:
        return None
    text = result.stdout.decode("ascii", errors="replace").strip()
    return text if _HASH.fullmatch(text) else None


def _at_head(path: Path) -> tuple[bytes, Path, str, str | None] | None:
    """The file's bytes, its folder and name, and the blob HEAD has at its path (None: not in HEAD, or no
    git); None when the file cannot be read."""
    try:
        target = path.resolve()
        data = target.read_bytes()
    except (OSError, RuntimeError):
        return None
    folder, name = target.parent, target.name
    blob = _commit_of(_git(["rev-parse", "--verify", "--quiet", f"HEAD:./{name}"], folder, clean_env=True))
    return data, folder, name, blob


def rubric_commit(path: Path) -> str | None:
    """The last commit that touched the rubric file, when the file is tracked in a git work tree and has no
    change since; None otherwise (git missing, not a repository, untracked, ignored or modified).

    "No change" is decided without `git status`, which runs the repository's filters and fsmonitor: the
    blob in the index must be HEAD's, and the file's own bytes must hash to it."""
    head = _at_head(path)
    if head is None:
        return None
    data, folder, name, committed = head
    pathspec = ":(literal)" + name
    staged = _git(["ls-files", "--stage", "-z", "--", pathspec], folder, clean_env=True)
    if staged is None or staged.returncode != 0 or staged.stdout.count(b"\0") != 1:
        return None
    match = _STAGED.match(staged.stdout)
    if match is None or committed is None or committed != match["blob"].decode("ascii"):
        return None  # untracked, or a change staged since HEAD
    if not _same_blob(data, committed):
        return None
    log = ["log", "-1", "--no-show-signature", "--format=%H", "--", pathspec]
    return _commit_of(_git(log, folder, clean_env=True))


def committed_rubric(path: Path) -> Rubric | None:
    """The rubric file as last committed (HEAD), when the file is tracked in a git work tree and its bytes
    differ from HEAD's; None otherwise (git missing, not a repository, untracked, unchanged, or HEAD's file
    not a valid rubric)."""
    from ..loading.source import MAX_FILE_BYTES
    from ..loading.yamltree import decode_source, parse_yaml_text

    head = _at_head(path)
    if head is None:
        return None
    data, folder, name, blob = head
    if blob is None or _same_blob(data, blob):
        return None
    shown = _git(["cat-file", "blob", blob], folder, clean_env=True)  # raw: no textconv, no filter
    if shown is None or shown.returncode != 0 or len(shown.stdout) > MAX_FILE_BYTES:
        return None
    display = f"HEAD:{name}"
    try:
        return validate_rubric(parse_yaml_text(decode_source(shown.stdout, display), display), display).model
    except (YamlProblem, EmulError, MemoryError):
        return None


def _same_blob(data: bytes, blob: str) -> bool:
    """Whether the file's bytes are the blob, as committed or with the CRLF line ends that git converts
    on checkout (core.autocrlf, as Git for Windows sets it) turned back."""
    algorithm = hashlib.sha1 if len(blob) == 40 else hashlib.sha256
    candidates = [data, data.replace(b"\r\n", b"\n")] if b"\r\n" in data else [data]
    return any(algorithm(b"blob %d\0" % len(text) + text).hexdigest() == blob for text in candidates)


@dataclass(frozen=True)
class RubricIdentity:
    """Which rubric a result was computed under: what a reader needs to tie an output to its rubric."""

    id: str
    version: str
    content_hash: str
    commit: str | None  # None when unknown: not asked for, not in git, or changed since its last commit


def rubric_hash(rubric: Rubric) -> str:
    """SHA-256 of the rubric's content, not of its file: comments and layout do not change it. Fields added
    later (`later_fields`) count only when set to something else than their default, so that a rubric that
    does not use them keeps its hash."""
    content = _without_later_defaults(rubric, rubric.model_dump(mode="json"))
    text = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _without_later_defaults(value: object, dumped: Any) -> Any:
    """`dumped` (the JSON form of `value`) without the later fields that `value` leaves at their default."""
    if isinstance(value, BaseModel) and isinstance(dumped, dict):
        fields = type(value).model_fields
        later = getattr(value, "later_fields", ())
        return {
            name: _without_later_defaults(getattr(value, name), item)
            for name, item in dumped.items()
            if not (name in later and getattr(value, name) == fields[name].get_default(call_default_factory=True))
        }
    if isinstance(value, list | tuple) and isinstance(dumped, list):
        return [_without_later_defaults(v, d) for v, d in zip(value, dumped, strict=True)]
    if isinstance(value, dict) and isinstance(dumped, dict):
        return {key: _without_later_defaults(value[key], item) for key, item in dumped.items()}
    return dumped


def identify(rubric: Rubric, commit: str | None = None) -> RubricIdentity:
    return RubricIdentity(rubric.id, rubric.version, rubric_hash(rubric), commit)


def identify_loaded(loaded: Loaded[Rubric], with_commit: bool) -> RubricIdentity:
    """The identity of the cluster's rubric; `with_commit` asks git (two calls), for the outputs that show it."""
    return identify(loaded.model, loaded_commit(loaded) if with_commit else None)


def loaded_commit(loaded: Loaded[Rubric]) -> str | None:
    """The commit of a rubric read from a file (None for one read from git's history, or from nowhere)."""
    return None if loaded.doc.path is None else rubric_commit(loaded.doc.path)


# ----- reading a rubric from a file or a revision ---------------------------------------------------------
def split_revision(spec: str) -> tuple[str, str] | None:
    """`REV:path` as (REV, path); None for a plain path (an existing file, or a Windows drive path)."""
    if Path(spec).exists() or _DRIVE.match(spec):
        return None
    depth = 0
    for index, char in enumerate(spec):
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif char == ":" and depth == 0:
            revision, path = spec[:index], spec[index + 1 :]
            return (revision, path) if revision and path else None
    return None


def read_rubric(spec: str) -> RubricVersion:
    """The rubric at `spec`, a file path or `REV:path`; UsageError (exit 2) when it cannot be read,
    RubricInvalid (exit 1) when it is not a valid rubric."""
    from ..loading.yamltree import decode_source, parse_yaml_text, read_yaml_file

    split = split_revision(spec)
    try:
        if split is None:
            path = Path(spec)
            _check_file(path, spec)
            doc = read_yaml_file(path, path.as_posix())
            commit = rubric_commit(path)
        else:
            raw, commit = _read_revision(spec, *split)
            doc = parse_yaml_text(decode_source(raw, spec), spec)
    except YamlProblem as problem:
        raise RubricInvalid(spec, (problem.diagnostic,)) from None
    try:
        return RubricVersion(spec, validate_rubric(doc, spec), commit)
    except MemoryError:
        raise OutOfMemory(spec) from None


def _check_file(path: Path, spec: str) -> None:
    if path.is_dir():
        raise UsageError(_("'{path}' is a folder; the rubric is a file").format(path=spec))
    if not path.is_file():
        raise UsageError(
            _("the rubric file '{path}' does not exist").format(path=spec),
            hint=_("give a rubric file, or REV:path for a rubric in git's history (e.g. HEAD~1:criteria/x.yaml)"),
        )


def _read_revision(spec: str, revision: str, path: str) -> tuple[bytes, str | None]:
    """The bytes of `path` at `revision` (`git show REV:path`, run in the current folder): the path is
    relative to the repository's root, or else to the current folder."""
    from ..loading.source import MAX_FILE_BYTES

    cwd = Path.cwd()
    probe = _git(["rev-parse", "--git-dir"], cwd)
    if probe is None:
        raise UsageError(_("cannot read '{spec}': git is not installed or did not answer").format(spec=spec))
    if probe.returncode != 0:
        raise UsageError(_("cannot read '{spec}': the current folder is not in a git repository").format(spec=spec))
    commit = _commit_of(_git(["rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"], cwd))
    if commit is None:
        raise UsageError(
            _("cannot read '{spec}': there is no git revision '{revision}'").format(spec=spec, revision=revision),
            hint=_("a revision is a commit, branch or tag: HEAD, HEAD~1, main, a commit hash"),
        )
    for candidate, pathspec in ((path, ":(top)" + path), ("./" + path, "./" + path)):
        kind = _git(["cat-file", "-t", f"{commit}:{candidate}"], cwd)
        if kind is None or kind.returncode != 0:
            continue
        if kind.stdout.strip() != b"blob":
            raise UsageError(_("'{spec}' is a folder; the rubric is a file").format(spec=spec))
        shown = _git(["cat-file", "blob", f"{commit}:{candidate}"], cwd)  # raw: no textconv, no filter
        if shown is None or shown.returncode != 0:
            break
        if len(shown.stdout) > MAX_FILE_BYTES:
            raise UsageError(_("'{spec}' is too large for a rubric").format(spec=spec))
        log = ["log", "-1", "--no-show-signature", "--format=%H", commit, "--", pathspec]
        return shown.stdout, _commit_of(_git(log, cwd))
    raise UsageError(
        _("cannot read '{spec}': there is no file '{path}' at revision '{revision}'").format(
            spec=spec, path=path, revision=revision
        ),
        hint=_("the path is relative to the repository's root or to the current folder"),
    )


def validate_rubric(doc: YamlDocument, source: str) -> Loaded[Rubric]:
    """The model of a rubric document, validated as `emul validate` validates the cluster's rubric: the
    schema (what can be salvaged of a faulty file is still cross-checked), then the rubric's own checks."""
    from ..loading.files import LoadResult, _validate
    from ..validation import rubric as rubric_checks
    from ..validation.reporter import Reporter

    result = LoadResult(root=Path("."))
    result.diagnostics.extend(doc.problems)
    if not isinstance(doc.data, dict):
        message = _("the file must hold a mapping of keys (key: value) at the top level")
        raise RubricInvalid(source, (Diagnostic.error(doc.file, doc.value_pos(()), "not-a-mapping", message),))
    result.rubric = _validate(result, doc, Rubric)
    if result.rubric is not None:
        reporter = Reporter()
        rubric_checks.check(result, reporter)
        result.diagnostics += [d for d in reporter.diagnostics if d.file not in result.failed or _is_error(d)]
    if result.rubric is None or any(_is_error(d) for d in result.diagnostics):
        raise RubricInvalid(source, _sorted(result.diagnostics))
    return result.rubric


def _is_error(diagnostic: Diagnostic) -> bool:
    return diagnostic.severity is Severity.ERROR


def _sorted(diagnostics: list[Diagnostic]) -> tuple[Diagnostic, ...]:
    return tuple(sorted(set(diagnostics), key=Diagnostic.sort_key))

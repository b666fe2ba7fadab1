"""The direction of the package's imports, read from its own source with `ast` (every import counts: at the top,
inside a function, under TYPE_CHECKING):

- the core (loading, model, membership, validation, scoring, ranking, awards, rubrics, rollup, text, writing,
  errors, i18n, resources) never imports the command line (typer, click, rich; commands, cli) nor the renderers;
- the renderers (reports, forms, results) never import loading: they receive loaded, validated data;
- only rubrics/versions.py runs git (reports/pdf.py runs LibreOffice);
- no class name is defined in two modules, where two meanings would share one name.

Known exceptions are listed below, each with its reason; a new one fails, and so does an entry that is gone."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .conftest import REPO

PACKAGE = "emulation_cli"
SOURCE = REPO / "src" / PACKAGE

CORE = (
    "loading",
    "model",
    "membership",
    "validation",
    "scoring",
    "ranking",
    "awards",
    "rubrics",
    "rollup",
    "text",
    "writing",
    "errors",
    "i18n",
    "resources",
)
RENDERERS = ("reports", "forms", "results")
INTERFACE = ("commands", "cli", "clitexts", "__main__")
INTERFACE_LIBRARIES = ("typer", "click", "rich")
PROCESS_FUNCTIONS = {
    "subprocess": {"run", "Popen", "call", "check_call", "check_output", "getoutput", "getstatusoutput"},
    "os": {
        "system",
        "popen",
        "execv",
        "execve",
        "execvp",
        "execvpe",
        "execl",
        "execlp",
        "spawnv",
        "spawnl",
        "posix_spawn",
    },
}
GIT = re.compile(r"^git(\.exe)?$")

# (renderer module, module of loading it imports) -> why. None today: the renderers are given a validated
# Project (validation.project) and never read YAML or its positions themselves.
RENDERERS_IMPORTING_LOADING: dict[tuple[str, str], str] = {}

# Module -> the program it runs, and why that is allowed.
PROCESS_RUNNERS = {
    "emulation_cli.rubrics.versions": "git: a rubric's commit and a rubric at a revision, config and hooks neutralised",
    "emulation_cli.reports.soffice": "LibreOffice for emul report --pdf (and taskkill or ps to end one)",
}
GIT_RUNNER = "emulation_cli.rubrics.versions"

# Class name -> (the modules defining it, why the shared name is tolerated for now).
SAME_CLASS_NAMES = {
    "Change": (
        frozenset({"emulation_cli.rollup.history", "emulation_cli.rubrics.diff"}),
        "history's change of a unit's standing between two periods, and the rubric diff's change of one field "
        "(old -> new); each is used only inside its own stage and its command, never side by side",
    ),
}


@dataclass(frozen=True)
class Module:
    name: str  # emulation_cli.reports.batch
    path: Path
    package: str  # the package relative imports start from

    @property
    def stage(self) -> str:
        """The stage package or top-level module: reports, errors, cli; '' for the package itself."""
        parts = self.name.split(".")
        return parts[1] if len(parts) > 1 else ""

    @property
    def shown(self) -> str:
        return self.path.relative_to(REPO).as_posix()

    @property
    def tree(self) -> ast.Module:
        return _parse(self.path)


@dataclass(frozen=True)
class Import:
    module: Module
    target: str  # the imported module, absolute: rich.console, emulation_cli.loading.files
    line: int

    @property
    def target_stage(self) -> str | None:
        """The stage imported, for an import of the package; None for any other library."""
        parts = self.target.split(".")
        if parts[0] != PACKAGE:
            return None
        return parts[1] if len(parts) > 1 else ""

    def __str__(self) -> str:
        return f"{self.module.shown}:{self.line} imports {self.target}"


@cache
def _parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


@cache
def modules() -> tuple[Module, ...]:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        parts = path.relative_to(SOURCE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            found.append(Module(".".join(parts[:-1]), path, ".".join(parts[:-1])))
        else:
            found.append(Module(".".join(parts), path, ".".join(parts[:-1])))
    return tuple(found)


def imports() -> list[Import]:
    names = {m.name for m in modules()}
    found = []
    for module in modules():
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Import):
                found += [Import(module, alias.name, node.lineno) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _absolute(node, module)
                found.append(Import(module, base, node.lineno))
                # `from ..reports import labels` imports the module reports.labels
                found += [
                    Import(module, f"{base}.{alias.name}", node.lineno)
                    for alias in node.names
                    if f"{base}.{alias.name}" in names
                ]
    return found


def _absolute(node: ast.ImportFrom, module: Module) -> str:
    if node.level == 0:
        return node.module or ""
    parts = module.package.split(".")
    base = parts[: len(parts) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _report(problems: list[str], rule: str) -> str:
    return rule + ":\n  " + "\n  ".join(problems)


# ----- the tests -------------------------------------------------------------------------------------------
def test_the_source_is_found_and_every_module_has_a_known_place() -> None:
    assert len(modules()) > 50
    stages = {*CORE, *RENDERERS, *INTERFACE, ""}
    unplaced = [m.shown for m in modules() if m.stage not in stages]
    assert not unplaced, _report(
        unplaced, "a module outside the known stages: add its stage to CORE, RENDERERS or INTERFACE"
    )


def test_the_core_never_imports_the_command_line_or_the_renderers() -> None:
    forbidden_stages = {*RENDERERS, *INTERFACE}
    problems = [
        str(found)
        for found in imports()
        if found.module.stage in CORE
        and (found.target.split(".")[0] in INTERFACE_LIBRARIES or found.target_stage in forbidden_stages)
    ]
    assert not problems, _report(problems, "the core imports the command line or a renderer")


def test_the_renderers_never_import_loading() -> None:
    found = {
        (i.module.name, i.target): i for i in imports() if i.module.stage in RENDERERS and i.target_stage == "loading"
    }
    new = [str(i) for key, i in found.items() if key not in RENDERERS_IMPORTING_LOADING]
    assert not new, _report(new, "a renderer imports loading: give it loaded, validated data instead")
    gone = [f"{module} -> {target}" for module, target in RENDERERS_IMPORTING_LOADING if (module, target) not in found]
    assert not gone, _report(gone, "no longer imported: remove from RENDERERS_IMPORTING_LOADING")


def _process_calls(module: Module) -> list[ast.Call]:
    """Where the module starts a process: subprocess.run, os.system, `from subprocess import run`..."""
    imported = {
        alias.asname or alias.name
        for node in ast.walk(module.tree)
        if isinstance(node, ast.ImportFrom) and node.module in PROCESS_FUNCTIONS
        for alias in node.names
        if alias.name in PROCESS_FUNCTIONS[node.module]
    }
    calls = []
    for node in ast.walk(module.tree):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        if isinstance(function, ast.Attribute) and isinstance(function.value, ast.Name):
            if function.attr in PROCESS_FUNCTIONS.get(function.value.id, ()):
                calls.append(node)
        elif isinstance(function, ast.Name) and function.id in imported:
            calls.append(node)
    return calls


def _git_lines(module: Module) -> list[int]:
    """The lines that name the git program in a module that starts processes: in the call itself, or anywhere
    when the command is built elsewhere."""

    def named(tree: ast.AST) -> list[int]:
        return [
            node.lineno
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and GIT.match(node.value)
        ]

    calls = _process_calls(module)
    if not calls:
        return []
    return [line for call in calls for line in named(call)] or named(module.tree)


def test_only_rubric_versions_runs_git_and_only_known_modules_start_processes() -> None:
    runners = {m.name: m for m in modules() if _process_calls(m)}
    unknown = [
        f"{m.shown}:{_process_calls(m)[0].lineno} starts a process"
        for m in runners.values()
        if m.name not in PROCESS_RUNNERS
    ]
    assert not unknown, _report(unknown, "a process started outside PROCESS_RUNNERS")
    git = [f"{m.shown}:{line} runs git" for m in modules() if m.name != GIT_RUNNER for line in _git_lines(m)]
    assert not git, _report(git, "git is run only by rubrics/versions.py, which neutralises its config and hooks")
    gone = [name for name in PROCESS_RUNNERS if name not in runners]
    assert not gone, _report(gone, "starts no process any more: remove from PROCESS_RUNNERS")
    assert _git_lines(runners[GIT_RUNNER]), "rubrics/versions.py no longer runs git: update this test"


def test_no_class_name_is_defined_in_two_modules() -> None:
    defined: dict[str, dict[str, int]] = defaultdict(dict)
    for module in modules():
        for node in ast.walk(module.tree):
            if isinstance(node, ast.ClassDef):
                defined[node.name].setdefault(module.name, node.lineno)
    shared = {name: where for name, where in defined.items() if len(where) > 1}
    new = [
        f"class {name}: " + ", ".join(f"{module} (line {line})" for module, line in sorted(where.items()))
        for name, where in sorted(shared.items())
        if name not in SAME_CLASS_NAMES or set(where) != SAME_CLASS_NAMES[name][0]
    ]
    assert not new, _report(new, "one class name in two modules: rename one, or list it in SAME_CLASS_NAMES with why")
    gone = [name for name in SAME_CLASS_NAMES if name not in shared]
    assert not gone, _report(gone, "no longer shared: remove from SAME_CLASS_NAMES")

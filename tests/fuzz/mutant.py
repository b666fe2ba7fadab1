"""One mutant: a copy of a pristine cluster folder with one to three seeded mutations of its trees or files."""

from __future__ import annotations

import copy
import shutil
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from random import Random
from typing import Any

from . import tree
from .tree import Context

FILE_STEP_SHARE = 0.08  # rename or remove a file
COPY_STEP_SHARE = 0.06  # one unit's assessment copied to another (ties); the other steps change one value
FILE_WEIGHTS = {"cluster.yaml": 4, "units.yaml": 2, "covenant.yaml": 2, "ballots": 3, "assessments": 4, "criteria": 3}


@dataclass(frozen=True)
class Mutant:
    seed: int
    steps: tuple[str, ...]

    def describe(self) -> str:
        return "; ".join(self.steps)


def yaml_files(folder: Path) -> list[str]:
    """The YAML files of a folder, without those a step has turned into a symlink loop."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.yaml") if not p.is_symlink())


@cache
def pristine_tree(folder: Path, name: str) -> Any:
    return tree.load(folder / name)


@cache
def context_of(folder: Path) -> Context:
    units = pristine_tree(folder, "units.yaml")["units"]
    periods = sorted(p.name for p in (folder / "assessments").iterdir() if p.is_dir())
    return Context(unit_ids=tuple(u["id"] for u in units), periods=tuple(periods))


def make_mutant(pristine: Path, target: Path, seed: int) -> Mutant:
    """Copy `pristine` to `target` and damage the copy; the same seed always makes the same mutant."""
    shutil.copytree(pristine, target)
    rng = Random(f"emul-fuzz:{pristine.name}:{seed}")
    steps: list[str] = []
    trees: dict[str, Any] = {}
    count = rng.choice((1, 1, 1, 2, 2, 3))
    for _attempt in range(50):  # a mutation finds no place to act on now and then: draw again
        if len(steps) == count:
            break
        draw = rng.random()
        if draw < FILE_STEP_SHARE:
            step = _file_step(rng, pristine, target, trees)
        elif draw < FILE_STEP_SHARE + COPY_STEP_SHARE:
            step = _copy_step(rng, pristine, target, trees)
        else:
            step = _tree_step(rng, pristine, target, trees)
        if step is not None:
            steps.append(step)
    return Mutant(seed, tuple(steps))


def _choose_file(rng: Random, folder: Path) -> str | None:
    names = yaml_files(folder)
    if not names:
        return None
    groups = Counter(name.split("/")[0] for name in names)
    # a folder of several files weighs as much as one file in all, not once per file
    weights = [FILE_WEIGHTS.get(name.split("/")[0], 1) / groups[name.split("/")[0]] for name in names]
    return rng.choices(names, weights)[0]


def _tree_step(rng: Random, pristine: Path, target: Path, trees: dict[str, Any]) -> str | None:
    name = _choose_file(rng, target)
    if name is None:
        return None
    trees[name] = _current(pristine, trees, name)
    mutation = rng.choice(tree.MUTATIONS)
    step = mutation(rng, trees[name], context_of(pristine))
    if step is None:
        return None
    (target / name).write_text(tree.dump(trees[name]), encoding="utf-8")
    return f"{name}: {mutation.__name__} {step}"


def _current(pristine: Path, trees: dict[str, Any], name: str) -> Any:
    """The tree of a file as this mutant has it (parsing with ruamel is slow: once per file, then copied)."""
    return trees[name] if name in trees else copy.deepcopy(pristine_tree(pristine, name))


def _copy_step(rng: Random, pristine: Path, target: Path, trees: dict[str, Any]) -> str | None:
    """Another unit's assessment of the same period, under this unit's name: equal scores, ties at every rank."""
    names = [n for n in yaml_files(target) if n.startswith("assessments/") and n.count("/") == 2]
    if len(names) < 2:
        return None
    name = rng.choice(names)
    same_period = [n for n in names if n != name and n.rsplit("/", 1)[0] == name.rsplit("/", 1)[0]]
    if not same_period:
        return None
    source = rng.choice(same_period)
    copied = copy.deepcopy(_current(pristine, trees, source))
    copied["unit"] = _current(pristine, trees, name).get("unit")
    trees[name] = copied
    (target / name).write_text(tree.dump(copied), encoding="utf-8")
    return f"copy {source} to {name}"


def _file_step(rng: Random, pristine: Path, folder: Path, trees: dict[str, Any]) -> str | None:
    name = _choose_file(rng, folder)
    if name is None:
        return None
    path = folder / name
    draw = rng.random()
    if draw < 0.4:
        path.unlink()
        trees.pop(name, None)
        return f"remove {name}"
    if draw < 0.55:  # a file that is a symlink to itself: a loop
        path.unlink()
        path.symlink_to(path.name)
        trees.pop(name, None)
        return f"symlink loop at {name}"
    context = context_of(pristine)
    new_stem = rng.choice([*context.unit_ids, "don-vi-la", path.stem.upper(), f"{path.stem} ", ""])
    new_name = rng.choice((f"{new_stem}.yaml", f"{path.stem}.yml", f"{path.stem}.yaml.bak", f"{new_stem}.YAML"))
    new = path.with_name(new_name)
    if new.exists() or new_name.startswith("."):
        return None
    path.rename(new)
    renamed = trees.pop(name, None)
    trees[new.relative_to(folder).as_posix()] = renamed or copy.deepcopy(pristine_tree(pristine, name))
    return f"rename {name} -> {new.relative_to(folder).as_posix()}"

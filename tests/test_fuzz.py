"""The structure-aware mutation fuzzer (tests/fuzz/) over the bundled examples: for every mutant, no command
crashes, every finding of `emul validate` is located, and score, awards and report agree with validate.

A long run for a release: `.venv/bin/pytest -q -p no:cacheprovider tests/test_fuzz.py --mutants 1000`;
one mutant again: `... tests/test_fuzz.py --fuzz-seed SEED --mutants 1 -k 'test_mutant and EXAMPLE'`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import REPO, copy_example
from .fuzz.mutant import context_of, make_mutant, yaml_files
from .fuzz.oracle import Run, check
from .fuzz.tree import dump, load

EXAMPLES = ("cum-thi-dua-so-7-2023", "cum-thi-dua-so-7-2025", "khoi-binh-xet-2025")
FULL_REPORT_EVERY = 25  # the other mutants write one cheap document: the report's checks run before any document


def _option(config: pytest.Config, name: str, env: str, default: int) -> int:
    value = config.getoption(name)
    return int(value) if value is not None else int(os.environ.get(env, default))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "seed" in metafunc.fixturenames:
        first = _option(metafunc.config, "--fuzz-seed", "EMUL_FUZZ_SEED", 0)
        count = _option(metafunc.config, "--mutants", "EMUL_FUZZ_MUTANTS", 100)
        metafunc.parametrize("seed", range(first, first + count), ids=lambda s: f"seed{s}")


@pytest.fixture(scope="module", params=EXAMPLES)
def pristine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_example(request.param, tmp_path_factory.mktemp("pristine") / request.param)


def test_round_trip_keeps_each_example_valid(pristine: Path, tmp_path: Path) -> None:
    """Unmutated, the trees the fuzzer writes back validate clean: every finding is the mutation's."""
    target = copy_example(pristine.name, tmp_path / "cum")
    for name in yaml_files(target):
        (target / name).write_text(dump(load(target / name)), encoding="utf-8")
    assert check(target, tmp_path / "out", Run(report_kind=None, unit=context_of(pristine).unit_ids[0])) == []


def test_mutant(pristine: Path, seed: int, tmp_path: Path) -> None:
    mutant = make_mutant(pristine, tmp_path / pristine.name, seed)
    run = Run.for_seed(seed, context_of(pristine).unit_ids[seed % 2], FULL_REPORT_EVERY)
    problems = check(tmp_path / pristine.name, tmp_path / "out", run)
    test = Path(__file__).relative_to(REPO)
    only = f"-k 'test_mutant and {pristine.name}'"
    rerun = f".venv/bin/pytest -p no:cacheprovider {test} --fuzz-seed {seed} --mutants 1 {only}"
    assert not problems, f"mutant {mutant.describe()}\n  again: {rerun}\n" + "\n".join(problems)


def test_a_seed_makes_the_same_mutant(pristine: Path, tmp_path: Path) -> None:
    first = make_mutant(pristine, tmp_path / "a", 7)
    second = make_mutant(pristine, tmp_path / "b", 7)
    assert first == second
    assert all(
        (tmp_path / "a" / n).read_bytes() == (tmp_path / "b" / n).read_bytes() for n in yaml_files(tmp_path / "a")
    )
    assert make_mutant(pristine, tmp_path / "c", 8) != first


def test_the_oracle_sees_a_crash_and_a_disagreement(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from emulation_cli.commands import awards, score

    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum")

    def crash(*args: object, **kwargs: object) -> int:
        raise RuntimeError("planted")

    monkeypatch.setattr(score, "run", crash)
    monkeypatch.setattr(awards, "run", lambda *args, **kwargs: 1)
    problems = check(folder, tmp_path / "out")
    assert any("`emul score" in p and "exit 3" in p for p in problems)
    assert any("`emul awards` exit 1" in p for p in problems)


def test_the_readme_documents_the_long_run() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "tests/test_fuzz.py --mutants" in readme and "--fuzz-seed" in readme


def test_the_oracle_sees_an_unlocated_finding(tmp_path: Path) -> None:
    from .fuzz.oracle import _unlocated

    (tmp_path / "cluster.yaml").write_text("id: x\nname: y\n", encoding="utf-8")
    found = [
        {"file": "cluster.yaml", "line": 2, "column": 1},
        {"file": "cluster.yaml", "line": 40, "column": 1},
        {"file": "cluster.yaml", "line": 1, "column": 0},
        {"file": "", "line": 1, "column": 1},
    ]
    assert len(_unlocated(tmp_path, {"diagnostics": found})) == 3


def test_the_oracle_counts_the_located_lines_validate_prints(tmp_path: Path) -> None:
    from .fuzz.oracle import _printed_unlocated

    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum")
    cluster = folder / "cluster.yaml"
    cluster.write_text(cluster.read_text(encoding="utf-8").replace("\nyear: 2023\n", "\nyear: abc\n"), "utf-8")
    assert _printed_unlocated(folder, Run(lang="vi"), 1, []) == []
    assert _printed_unlocated(folder, Run(lang="vi"), 2, []) == ["validate printed 1 located lines for 2 findings"]

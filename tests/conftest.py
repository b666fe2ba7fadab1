"""Shared helpers: run the CLI in-process through Typer's CliRunner, copy bundled data folders."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from emulation_cli import i18n
from emulation_cli.cli import build_app

TESTS = Path(__file__).parent
DATA = TESTS / "data"
REPO = TESTS.parent


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("EMUL_LANG", raising=False)
    monkeypatch.delenv("COLUMNS", raising=False)  # a pipe's fixed width, whatever the terminal running the tests
    monkeypatch.setenv("NO_COLOR", "1")
    yield
    i18n.set_language("en")


def run_emul(args: list[str], lang: str = "en") -> tuple[int, str, str]:
    """Run `emul --lang LANG ARGS` in-process; return exit code, stdout and stderr."""
    i18n.set_language(lang)
    result = CliRunner().invoke(build_app(), ["--lang", lang, *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def copy_tree(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


@pytest.fixture
def base_cluster(tmp_path: Path) -> Path:
    """A fresh copy of tests/data/base, a small valid cluster."""
    return copy_tree(DATA / "base", tmp_path / "cum")


def copy_example(name: str, target: Path, *, adopted: bool = True) -> Path:
    """A bundled example copied with its rubric beside it (as `emul init --example` does), so tests can edit it.

    `adopted`: the copy's rubric is the cluster's own, without the shipped `illustrative: true` (of which every
    `emul report` warns); tests of that warning take the example as shipped."""
    from emulation_cli.commands.init import _copy_example

    target.mkdir(parents=True)
    _copy_example(REPO / "examples" / name, target)
    if adopted:
        for rubric in (target / "criteria").glob("*.yaml"):
            text = rubric.read_text(encoding="utf-8")
            rubric.write_text(text.replace("\nillustrative: true\n", "\n"), encoding="utf-8")
    return target


def load_period(folder: Path, period_id: str):  # type: ignore[no-untyped-def]
    """The context builder of a period of a cluster folder."""
    from emulation_cli.reports.context import Builder
    from emulation_cli.reports.gather import gather
    from emulation_cli.validation.periods import choose_period
    from emulation_cli.validation.project import load_project

    project = load_project(folder)
    return Builder(gather(project, choose_period(project, period_id)))


@pytest.fixture
def isolated_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """git as in a fresh account: no system or global configuration, no repository named by the environment."""
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-gitconfig"))


def git(cwd: Path, *args: str, stdin: bytes | None = None) -> str:
    """git with a fixed author and no signing; its output as text."""
    identity = ["-c", "user.name=Văn phòng Cụm", "-c", "user.email=vp@example.org", "-c", "commit.gpgsign=false"]
    done = subprocess.run(["git", *identity, *args], cwd=cwd, check=True, capture_output=True, input=stdin)
    return done.stdout.decode().strip()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("fuzz", "the mutation fuzzer (tests/test_fuzz.py)")
    group.addoption(
        "--mutants", type=int, default=None, help="mutants per example (default 100, or $EMUL_FUZZ_MUTANTS)"
    )
    group.addoption("--fuzz-seed", type=int, default=None, help="first mutant's seed (default 0, or $EMUL_FUZZ_SEED)")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Where the browser tests left their screenshots for review."""
    from .browser import TAKEN

    for path in dict.fromkeys(TAKEN):
        terminalreporter.write_line(f"screenshot for review: {path}")

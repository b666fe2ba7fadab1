"""A symbolic link that points back to itself, wherever the user puts it: a located error or exit 2, never a crash."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from emulation_cli.writing.paths import LinkLoop, is_link_loop, resolve

from .conftest import run_emul

LOOP_MESSAGE = "leads through a symbolic link that points back to itself (a loop)"


def make_loop(path: Path) -> Path:
    """`path` and `path`.other pointing at each other; skip where symbolic links cannot be made."""
    partner = path.with_name(path.name + ".other")
    try:
        os.symlink(partner.name, path)
        os.symlink(path.name, partner)
    except (OSError, NotImplementedError, AttributeError):
        pytest.skip("symbolic links are not available here")
    return path


def point_rubric_at(cluster: Path, relative: str) -> None:
    file = cluster / "cluster.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace("path: criteria/rubric.yaml", f"path: {relative}"), encoding="utf-8")


def test_resolving_a_loop_raises_link_loop(tmp_path: Path) -> None:
    loop = make_loop(tmp_path / "a")
    assert is_link_loop(loop)
    assert is_link_loop(loop / "rubric.yaml")
    assert not is_link_loop(tmp_path)
    assert not is_link_loop(tmp_path / "missing")
    try:
        resolve(loop)
    except LinkLoop as caught:
        assert caught.path == loop
    # Python 3.13 resolves a loop without raising; either way nothing else escapes.


@pytest.mark.parametrize("relative", ["criteria/loop", "criteria/loop/rubric.yaml"], ids=["file", "folder"])
@pytest.mark.parametrize("command", ["validate", "score", "awards"])
def test_a_rubric_path_through_a_loop_is_a_located_error(
    relative: str, command: str, base_cluster: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_loop(base_cluster / "criteria" / "loop")
    point_rubric_at(base_cluster, relative)
    monkeypatch.chdir(base_cluster)
    code, out, err = run_emul([command, "."])
    assert code == 1
    assert f"cluster.yaml:36:9: error: rubric.path: '{relative}' {LOOP_MESSAGE}" in out + err


@pytest.mark.parametrize("command", ["validate", "score", "awards", "report", "forms", "history", "province"])
def test_a_folder_argument_that_loops_exits_2(command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_loop(tmp_path / "cum")
    monkeypatch.chdir(tmp_path)
    code, out, err = run_emul([command, "cum"])
    assert code == 2
    assert f"error: 'cum' {LOOP_MESSAGE}" in out + err


def test_history_of_a_folder_and_a_loop_exits_2(base_cluster: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_loop(base_cluster.parent / "old")
    monkeypatch.chdir(base_cluster.parent)
    code, out, err = run_emul(["history", "cum", "old"])
    assert code == 2
    assert f"'old' {LOOP_MESSAGE}" in out + err


def test_an_assessments_folder_that_loops_is_an_error_not_an_empty_folder(
    base_cluster: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    period = base_cluster / "assessments" / "2025"
    make_loop(period)
    monkeypatch.chdir(base_cluster)
    code, out, _err = run_emul(["validate", "."])
    assert code == 1
    assert f"assessments/2025:1:1: error: 'assessments/2025' {LOOP_MESSAGE}" in out


def test_a_yaml_named_loop_is_called_a_loop(base_cluster: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_loop(base_cluster / "ballots" / "2025.yaml")
    monkeypatch.chdir(base_cluster)
    code, out, _err = run_emul(["validate", "."])
    assert code == 0
    assert "ballots/2025.yaml:1:1: warning: this is a symbolic link that points back to itself (a loop)" in out

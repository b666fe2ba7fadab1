"""Shell completion: `emul completion SHELL` prints a working script; subcommands, options, unit and period ids
complete through Click's environment-variable protocol."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO, run_emul

EXAMPLE = REPO / "examples" / "cum-thi-dua-so-7-2023"
BIN = Path(sys.executable).parent


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "powershell"])
def test_a_script_for_each_shell(shell: str) -> None:
    code, out, err = run_emul(["completion", shell])
    assert (code, err) == (0, "")
    assert "_EMUL_COMPLETE" in out and "emul" in out


def test_an_unknown_shell_is_a_usage_error() -> None:
    code, _out, err = run_emul(["completion", "tcsh"])
    assert code == 2 and "tcsh" in err


def complete(words: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> list[str]:
    """What `emul` answers the shell for the words typed (the last one, possibly empty, is being completed)."""
    parts = words.split(" ")
    result = subprocess.run(
        [sys.executable, "-m", "emulation_cli"],
        env={
            **os.environ,
            "_EMUL_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(parts) - 1),
            **(env or {}),
        },
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_subcommands_and_options_complete() -> None:
    assert complete("emul sc") == ["score", "schema"]
    assert complete("emul score --p") == ["--period"]
    assert "diff" in complete("emul criteria ")
    assert complete("emul completion p") == ["powershell"]


def test_period_and_unit_ids_of_the_folder_complete() -> None:
    assert complete(f"emul score {EXAMPLE} --period ") == ["2023-H1", "2023"]
    assert complete(f"emul explain {EXAMPLE} so-y") == ["so-yte"]
    assert complete("emul history --unit so-l", cwd=EXAMPLE) == ["so-ldtbxh"]


def test_completion_stays_quiet_on_a_folder_that_is_no_cluster(tmp_path: Path) -> None:
    (tmp_path / "cluster.yaml").write_text("periods: [: broken\n", encoding="utf-8")
    assert complete(f"emul score {tmp_path} --period ") == []
    assert complete("emul explain x", cwd=tmp_path) == []


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_the_bash_script_registers_and_completes(tmp_path: Path) -> None:
    script = tmp_path / "emul.bash"
    script.write_text(run_emul(["completion", "bash"])[1], encoding="utf-8")
    launcher = tmp_path / "bin" / "emul"
    launcher.parent.mkdir()
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m emulation_cli "$@"\n', encoding="utf-8")
    launcher.chmod(0o755)
    shell = (
        f"source {script}; complete -p emul; "
        'COMP_WORDS=(emul sco); COMP_CWORD=1; _emul_completion emul; echo "reply: ${COMPREPLY[*]}"'
    )
    result = subprocess.run(
        ["bash", "--norc", "-c", shell],
        env={**os.environ, "PATH": f"{launcher.parent}{os.pathsep}{os.environ['PATH']}"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "complete -o default -F _emul_completion emul" in result.stdout
    assert "reply: score" in result.stdout

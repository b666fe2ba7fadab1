"""A received cluster folder's git repository cannot make emul run a program: every setting of its .git/config
(or of a file it includes) that names a command is planted here, each writing a marker file, and the commands
that read git metadata (`report`, `score --format json`, `criteria diff`) must leave no marker."""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import copy_example, git, run_emul

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(os.name != "posix", reason="the planted commands are shell commands"),
]

RUBRIC = "criteria/khoi-so-nganh-ha-noi-2023.yaml"


def configure(repo: Path, text: str) -> None:
    with (repo / ".git" / "config").open("a", encoding="utf-8") as config:
        config.write(text)


def touch(marker: Path) -> str:
    return f"touch '{marker}'"


def executable(path: Path, script: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n" + script + "\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def make_stat_dirty(repo: Path) -> None:
    """The rubric rewritten with the same bytes and a later time: `git status` then runs the clean filter."""
    rubric = repo / RUBRIC
    rubric.write_bytes(rubric.read_bytes())
    later = rubric.stat().st_mtime + 10
    os.utime(rubric, (later, later))


# ----- the vectors: each plants one kind of command in the repository -----------------------------------------
def fsmonitor(repo: Path, marker: Path) -> None:
    configure(repo, f"[core]\n\tfsmonitor = {touch(marker)}\n")


def hooks(repo: Path, marker: Path) -> None:
    names = ("post-index-change", "post-checkout", "reference-transaction", "pre-auto-gc", "fsmonitor-watchman")
    for folder in (repo / ".git" / "hooks", repo / "planted-hooks"):
        for name in names:
            executable(folder / name, touch(marker))
    configure(repo, f"[core]\n\thooksPath = {repo / 'planted-hooks'}\n")


def pager(repo: Path, marker: Path) -> None:
    command = touch(marker)
    configure(repo, f"[core]\n\tpager = {command}\n[pager]\n\tlog = {command}\n\tstatus = {command}\n")


def external_diff(repo: Path, marker: Path) -> None:
    configure(repo, f"[diff]\n\texternal = {touch(marker)}\n")


def textconv(repo: Path, marker: Path) -> None:
    (repo / ".git" / "info" / "attributes").write_text("*.yaml diff=planted\n", encoding="utf-8")
    configure(repo, f'[diff "planted"]\n\ttextconv = {touch(marker)}; cat\n\tcommand = {touch(marker)}\n')


def filters(repo: Path, marker: Path) -> None:
    (repo / ".git" / "info" / "attributes").write_text("*.yaml filter=planted\n", encoding="utf-8")
    configure(
        repo,
        f'[filter "planted"]\n\tclean = {touch(marker)}; cat\n\tsmudge = {touch(marker)}; cat\n'
        f"\tprocess = {touch(marker)}\n\trequired = true\n",
    )
    make_stat_dirty(repo)


def included(repo: Path, marker: Path) -> None:
    planted = repo / ".git" / "planted.config"
    planted.write_text(f"[core]\n\tfsmonitor = {touch(marker)}\n", encoding="utf-8")
    configure(repo, f'[include]\n\tpath = {planted}\n[includeIf "gitdir:{repo}/"]\n\tpath = {planted}\n')


def signature(repo: Path, marker: Path) -> None:
    """A commit that claims a signature, and log.showSignature: `git log` would run the verifier."""
    executable(repo / ".git" / "planted-gpg", touch(marker))
    commit = git(repo, "cat-file", "commit", "HEAD").split("\n")
    fake = "gpgsig -----BEGIN PGP SIGNATURE-----\n \n =AAAA\n -----END PGP SIGNATURE-----"
    headers = commit.index("")
    signed = "\n".join([*commit[:headers], fake, *commit[headers:]]) + "\n"
    head = git(repo, "hash-object", "-t", "commit", "-w", "--stdin", stdin=signed.encode())
    git(repo, "update-ref", "HEAD", head)
    planted = repo / ".git" / "planted-gpg"
    programs = f'[gpg]\n\tprogram = {planted}\n[gpg "ssh"]\n\tprogram = {planted}\n'
    configure(repo, "[log]\n\tshowSignature = true\n" + programs)


def _lazy_fetch(repo: Path, url: str, settings: str) -> None:
    """A partial clone whose tree of criteria/ is missing: reading it would fetch it from `url`."""
    tree = git(repo, "rev-parse", "HEAD:criteria")
    (repo / ".git" / "objects" / tree[:2] / tree[2:]).unlink()
    configure(
        repo,
        "[core]\n\trepositoryformatversion = 1\n[extensions]\n\tpartialClone = origin\n"
        f'[remote "origin"]\n\turl = {url}\n\tpromisor = true\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n'
        + settings,
    )


def ssh_command(repo: Path, marker: Path) -> None:
    _lazy_fetch(repo, "ssh://example.invalid/cum.git", f"[core]\n\tsshCommand = {touch(marker)}\n")


def ext_transport(repo: Path, marker: Path) -> None:
    allowed = '[protocol]\n\tallow = always\n[protocol "ext"]\n\tallow = always\n'
    _lazy_fetch(repo, f"ext::sh -c touch% {marker}", allowed)


def git_proxy(repo: Path, marker: Path) -> None:
    _lazy_fetch(repo, "git://example.invalid/cum.git", f"[core]\n\tgitProxy = {touch(marker)}\n")


def credentials(repo: Path, marker: Path) -> None:
    settings = f"[credential]\n\thelper = !{touch(marker)}\n[core]\n\taskPass = {touch(marker)}\n"
    _lazy_fetch(repo, "http://127.0.0.1:9/cum.git", settings)


VECTORS: dict[str, Callable[[Path, Path], None]] = {
    "fsmonitor": fsmonitor,
    "hooks": hooks,
    "pager": pager,
    "external diff": external_diff,
    "textconv": textconv,
    "filter": filters,
    "include": included,
    "signature": signature,
    "ssh command": ssh_command,
    "ext transport": ext_transport,
    "git proxy": git_proxy,
    "credentials": credentials,
}


def received_folder(tmp_path: Path) -> Path:
    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum")
    git(folder, "init", "-q")
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", "Cụm thi đua số 7")
    return folder


@pytest.mark.parametrize("vector", VECTORS)
def test_no_command_of_the_repository_runs(
    vector: str, tmp_path: Path, isolated_git: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = received_folder(tmp_path)
    marker = tmp_path / "pwned"
    VECTORS[vector](folder, marker)
    monkeypatch.chdir(folder)
    runs = {
        "report": ["report", ".", "--period", "2023", "--only", "bang-tong-hop", "--out", str(tmp_path / "out")],
        "score": ["score", ".", "--format", "json"],
        "criteria diff": ["criteria", "diff", f"HEAD:{RUBRIC}", RUBRIC],
    }
    for command, args in runs.items():
        code, _out, err = run_emul(args)
        assert code in (0, 2), (command, err)  # 2: criteria diff cannot read a revision git cannot give
        assert not marker.exists(), f"{vector}: emul {command} ran a command of the repository"


def test_the_commit_is_still_found_in_a_repository_that_plants_commands(tmp_path: Path, isolated_git: None) -> None:
    """The neutralised git still reads what emul asks: a clean tracked rubric has its commit."""
    from emulation_cli.rubrics.versions import rubric_commit

    folder = received_folder(tmp_path)
    head = git(folder, "rev-parse", "HEAD")
    marker = tmp_path / "pwned"
    for plant in (fsmonitor, filters, pager, external_diff):
        plant(folder, marker)
    assert rubric_commit(folder / RUBRIC) == head
    (folder / RUBRIC).write_text((folder / RUBRIC).read_text(encoding="utf-8") + "# sửa\n", encoding="utf-8")
    assert rubric_commit(folder / RUBRIC) is None
    assert not marker.exists()


def test_a_checkout_with_crlf_line_ends_is_unchanged(tmp_path: Path, isolated_git: None) -> None:
    """Git for Windows checks text out with CRLF (core.autocrlf): the file is still the committed one."""
    from emulation_cli.rubrics.versions import rubric_commit

    folder = received_folder(tmp_path)
    rubric = folder / RUBRIC
    rubric.write_bytes(rubric.read_bytes().replace(b"\n", b"\r\n"))
    assert rubric_commit(rubric) == git(folder, "rev-parse", "HEAD")


def test_git_is_never_taken_from_the_current_or_a_relative_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from emulation_cli.rubrics.versions import git_program

    planted = tmp_path / "received" / "git"
    planted.parent.mkdir()
    planted.write_text("#!/bin/sh\ntouch pwned\n", encoding="utf-8")
    planted.chmod(0o755)
    real = shutil.which("git")
    assert real is not None
    path = os.pathsep.join(["", ".", "received", os.path.dirname(real)])
    monkeypatch.chdir(tmp_path)
    found = git_program(path)
    assert found == os.path.join(os.path.dirname(real), "git")
    assert git_program(os.pathsep.join(["", ".", "received"])) is None

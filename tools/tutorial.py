"""Run the README's tutorial as a reader would, and write what each command printed back beside it.

The tutorial is the README section "## Tutorial…" up to the next `## ` heading. In it, in order:
- every ```console block is run: each `$ ` line is a command (`emul …`, `cd DIR`, `git …`; a `#` starts a
  comment), and the lines below it are what it prints, stdout and stderr as a terminal 80 columns wide
  shows them (tables are laid out for that width);
- the edits the prose asks for are hidden directives beside it, carried out where they stand:
    <!-- tutorial: write PATH -->                           the next ```yaml block is the whole file
    <!-- tutorial: in PATH replace "OLD" with "NEW" -->     OLD must occur exactly once
    <!-- tutorial: in PATH replace every "OLD" with "NEW" -->
    <!-- tutorial: in PATH replace "OLD" with the next block -->
    <!-- tutorial: copy REPO_PATH to PATH -->               a file of this repository into the folder
  Strings are JSON strings ("\\n" is a line break). Other blocks only illustrate.

`run_tutorial` runs it in an empty folder and returns the README with every console block's output replaced
by what was printed: tools/update_readme.py writes that, and tests/test_readme.py checks nothing changes.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START = "## Tutorial"
_ITEMS = re.compile(r"<!-- tutorial: (?P<directive>.*?) -->\n|```(?P<lang>\w*)\n(?P<body>.*?)```\n", re.S)
_STRING = r'"(?:[^"\\]|\\.)*"'
_REPLACE = re.compile(
    rf"in (?P<path>\S+) replace (?P<every>every )?(?P<old>{_STRING}) with (?P<new>{_STRING}|the next block)$"
)
_WRITE = re.compile(r"write (?P<path>\S+)$")
_COPY = re.compile(r"copy (?P<source>\S+) to (?P<path>\S+)$")
# git as in a fresh account that has set its name, the same commits on every run
_GIT_ENV = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_COUNT": "1",
    "GIT_CONFIG_KEY_0": "init.defaultBranch",
    "GIT_CONFIG_VALUE_0": "main",
    "GIT_AUTHOR_NAME": "Văn phòng Cụm",
    "GIT_AUTHOR_EMAIL": "vp@example.org",
    "GIT_COMMITTER_NAME": "Văn phòng Cụm",
    "GIT_COMMITTER_EMAIL": "vp@example.org",
    "GIT_AUTHOR_DATE": "2026-01-05T08:00:00+07:00",
    "GIT_COMMITTER_DATE": "2026-01-05T08:00:00+07:00",
}


_SHELL_ONLY = {"&&", "||", "|", ">", ">>", "<", ";"}  # PowerShell 5 has no `&&`, and its `>` writes UTF-16


class TutorialError(Exception):
    """The tutorial asks for something that cannot be done as written."""


@dataclass
class _Reader:
    """Where the reader is: the current folder, and a block a directive is waiting for."""

    cwd: Path
    waiting: str | None = None


def tutorial_span(readme: str) -> tuple[int, int]:
    start = readme.index(START)
    end = readme.find("\n## ", start + len(START))
    return start, len(readme) if end < 0 else end + 1


def run_tutorial(readme: str, folder: Path) -> str:
    """Follow the tutorial in `folder` (empty); the README with the outputs it printed."""
    start, end = tutorial_span(readme)
    section = readme[start:end]
    reader = _Reader(cwd=folder)
    pieces: list[str] = []
    last = 0
    for match in _ITEMS.finditer(section):
        if match.group("directive") is not None:
            _directive(reader, match.group("directive"))
        elif reader.waiting is not None:
            if match.group("lang") != "yaml":
                raise TutorialError(f"a ```yaml block must follow <!-- tutorial: {reader.waiting} -->")
            _apply_block(reader, match.group("body"))
        elif match.group("lang") == "console":
            pieces += [section[last : match.start()], "```console\n", _console(reader, match.group("body")), "```\n"]
            last = match.end()
    if reader.waiting is not None:
        raise TutorialError(f"no block follows <!-- tutorial: {reader.waiting} -->")
    return readme[:start] + "".join(pieces) + section[last:] + readme[end:]


def _commands(body: str) -> Iterator[str]:
    for line in body.splitlines():
        if line.startswith("$ "):
            yield line[2:]


def _console(reader: _Reader, body: str) -> str:
    shown = []
    for command in _commands(body):
        output = _run(reader, command)
        shown.append(f"$ {command}\n{output}")
    return "".join(shown)


def _run(reader: _Reader, command: str) -> str:
    words = shlex.split(command, comments=True)
    if not words or set(words) & _SHELL_ONLY:
        raise TutorialError(f"one plain command a line, the same in PowerShell and a POSIX shell: {command}")
    if words[0] == "cd" and len(words) == 2:
        reader.cwd = (reader.cwd / words[1]).resolve()
        return ""
    if words[0] == "git":
        done = subprocess.run(
            words, cwd=reader.cwd, env={**os.environ, **_GIT_ENV}, capture_output=True, text=True, check=False
        )
        if done.returncode:
            raise TutorialError(f"{command} failed: {done.stderr}")
        return done.stdout + done.stderr
    if words[0] == "emul":
        return _emul(reader.cwd, words[1:])
    raise TutorialError(f"the tutorial runs emul, cd and git only, not: {command}")


def _emul(cwd: Path, args: list[str]) -> str:
    from typer.testing import CliRunner

    from emulation_cli import i18n
    from emulation_cli.cli import build_app

    here = Path.cwd()
    os.chdir(cwd)
    try:
        i18n.set_language("vi")
        terminal = {"NO_COLOR": "1", "EMUL_LANG": None, "COLUMNS": "80"}
        result = CliRunner(env=terminal).invoke(build_app(), ["--lang", "vi", *args])
    finally:
        os.chdir(here)
    if result.exit_code not in (0, 1):
        raise TutorialError(f"emul {shlex.join(args)} exited {result.exit_code}: {result.output}{result.exception!r}")
    return result.output


def _directive(reader: _Reader, text: str) -> None:
    if reader.waiting is not None:
        raise TutorialError(f"no block follows <!-- tutorial: {reader.waiting} -->")
    if _WRITE.match(text) or (_REPLACE.match(text) and text.endswith("the next block")):
        reader.waiting = text
    elif replace := _REPLACE.match(text):
        _replace(reader.cwd / replace["path"], json.loads(replace["old"]), json.loads(replace["new"]), replace["every"])
    elif copy := _COPY.match(text):
        target = reader.cwd / copy["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / copy["source"], target)
    else:
        raise TutorialError(f"unknown directive: <!-- tutorial: {text} -->")


def _apply_block(reader: _Reader, body: str) -> None:
    text, reader.waiting = reader.waiting or "", None
    if write := _WRITE.match(text):
        target = reader.cwd / write["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
    elif replace := _REPLACE.match(text):
        _replace(reader.cwd / replace["path"], json.loads(replace["old"]), body, replace["every"])


def _replace(path: Path, old: str, new: str, every: str | None) -> None:
    text = path.read_text(encoding="utf-8")
    count = text.count(old)
    if count == 0 or (count > 1 and not every):
        raise TutorialError(f"{path.name}: {old!r} occurs {count} times")
    path.write_text(text.replace(old, new), encoding="utf-8")

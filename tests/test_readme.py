"""The README stays true: two set-up commands, every command documented, the YAML reference current."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from emulation_cli.cli import build_app
from emulation_cli.model.reference import END, START, yaml_reference

from .conftest import REPO

sys.path.insert(0, str(REPO / "tools"))
from tutorial import TutorialError, run_tutorial, tutorial_span

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_yaml_reference_is_generated_from_the_models() -> None:
    section = README.split(START, 1)[1].split(END, 1)[0]
    assert section.strip() == yaml_reference().strip(), "run: python tools/update_readme.py"


def test_template_variables_are_generated_from_the_context_models() -> None:
    from emulation_cli.reports.variables import TEMPLATE_END, TEMPLATE_START, variables_markdown

    section = README.split(TEMPLATE_START, 1)[1].split(TEMPLATE_END, 1)[0]
    assert section.strip() == variables_markdown().strip(), "run: python tools/update_readme.py"


def test_exactly_two_set_up_commands_the_second_is_the_ci_test_command() -> None:
    setup = README.split("## Set up", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)\n```", setup, flags=re.S)
    assert len(commands) == 2
    assert commands[0].endswith("emul score examples/cum-thi-dua-so-7-2023")
    assert "<!-- test-command -->\n```sh\n" + commands[1] in setup


def test_the_windows_set_up_lines_are_the_two_commands_in_powershell() -> None:
    setup = README.split("## Set up", 1)[1].split("\n## ", 1)[0]
    posix = re.findall(r"```sh\n(.*?)\n```", setup, flags=re.S)
    windows = re.findall(r"```powershell\n(.*?)\n```", setup, flags=re.S)[0].splitlines()
    as_powershell = [
        c.replace("python3 -m venv", "py -m venv").replace(" && ", "; ").replace(".venv/bin/", ".venv\\Scripts\\")
        for c in posix
    ]
    assert windows == [c.replace("examples/", "examples\\") for c in as_powershell]
    for hint in ("winget install Git.Git", "winget install TheDocumentFoundation.LibreOffice", "pipx install"):
        assert hint in setup


def test_every_command_is_documented() -> None:
    app = build_app()
    names = sorted(c.name for c in app.registered_commands if c.name)
    assert names == [
        "awards",
        "completion",
        "explain",
        "forms",
        "history",
        "import",
        "init",
        "province",
        "report",
        "schema",
        "score",
        "validate",
    ]
    assert "### `emul template check FILE...` and `emul template variables`" in README
    for name in names:
        assert f"### `emul {name}" in README


def test_every_command_has_help() -> None:
    for command in build_app().registered_commands:
        assert command.help, command.name


def _tutorial() -> str:
    start, end = tutorial_span(README)
    return README[start:end]


def test_the_tutorial_runs_as_printed(tmp_path: Path) -> None:
    """Every command of the tutorial, run in order from an empty folder with the edits its prose asks for,
    prints what the README shows beside it (a layout change elsewhere: run python tools/update_readme.py)."""
    assert run_tutorial(README, tmp_path) == README, "run: python tools/update_readme.py"
    assert (tmp_path / "cum-thi-dua-so-3" / "van-ban" / "2026" / "to-trinh-khen-thuong.docx").is_file()


def test_the_tutorial_is_one_real_year() -> None:
    tutorial = _tutorial()
    commands = re.findall(r"^\$ (.*)$", tutorial, flags=re.M)
    assert commands[0].startswith("emul init cum-thi-dua-so-3 ")
    for step in ("emul validate .", "emul score", "emul score --format csv", "emul awards", "emul report"):
        assert step in commands
    assert "<!-- tutorial: write ballots/2026.yaml -->\n```yaml\n" in tutorial
    # the deliberate mistake is corrected in the text before the year is scored
    fix = tutorial.index('replace "self: 12.5" with "self: 11.5"')
    assert tutorial.index("self: 12.5") < fix < tutorial.index("$ emul score\n")
    assert all(not c.startswith(("sed", "awk", "cp ", "mkdir")) for c in commands)


def test_a_changed_output_is_caught(tmp_path: Path) -> None:
    shown = "Hợp lệ: đã kiểm tra 4 tệp, không có vấn đề nào."
    assert shown in README
    stale = README.replace(shown, "Hợp lệ.", 1)
    assert run_tutorial(stale, tmp_path) == README


@pytest.mark.parametrize(
    ("directive", "problem"),
    [
        ('<!-- tutorial: in cluster.yaml replace "no such text" with "x" -->', "occurs 0 times"),
        ('<!-- tutorial: in cluster.yaml replace "unit: don-vi" with "x" -->', "occurs 5 times"),
        ("<!-- tutorial: rename cluster.yaml -->", "unknown directive"),
    ],
)
def test_a_directive_that_cannot_be_carried_out_stops_the_run(tmp_path: Path, directive: str, problem: str) -> None:
    readme = "## Tutorial\n\n```console\n$ emul init c --year 2026\n$ cd c\n```\n\n" + directive + "\n"
    with pytest.raises(TutorialError, match=problem):
        run_tutorial(readme, tmp_path)


@pytest.mark.parametrize(
    "command", ["emul score --format csv > x.csv", "cd c && git init", "sed -i s/a/b/ x", "cp a b"]
)
def test_only_plain_emul_cd_and_git_lines_run(tmp_path: Path, command: str) -> None:
    with pytest.raises(TutorialError):
        run_tutorial(f"## Tutorial\n\n```console\n$ {command}\n```\n", tmp_path)


def _shown_after(command: str) -> list[str]:
    """The lines the README shows (after its "…") for `$ emul COMMAND`."""
    block = README.split(f"```console\n$ emul {command}\n…\n", 1)[1].split("```", 1)[0]
    return block.splitlines()


@pytest.mark.parametrize(
    "args",
    [
        ["score", "examples/cum-thi-dua-so-7-2025"],
        ["history", "examples/cum-thi-dua-so-7-2023", "examples/cum-thi-dua-so-7-2025"],
    ],
)
def test_the_merger_section_shows_what_emul_prints(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from .conftest import REPO, run_emul

    monkeypatch.chdir(REPO)
    code, stdout, _err = run_emul(args, lang="vi")
    shown = _shown_after(" ".join(args))
    assert code == 0
    assert stdout.splitlines()[-len(shown) :] == shown

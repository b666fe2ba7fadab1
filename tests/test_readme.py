"""The README stays true: two set-up commands, every command documented, the YAML reference current."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from emulation_cli.cli import build_app
from emulation_cli.model.reference import END, START, yaml_reference

from .conftest import REPO

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


def _console_output(after: str) -> str:
    """The output lines of the first console block after the heading `after`."""
    block = re.search(r"```console\n\$ emul validate \.\n(.*?)```", README.split(after, 1)[1], flags=re.S)
    assert block is not None
    return block.group(1)


def tutorial_outputs(folder: Path) -> tuple[str, str]:
    """Follow steps 2 and 5 of the tutorial in `folder` and return what `emul validate .` prints."""
    from .conftest import run_emul

    run_emul(["init", str(folder), "--name", "Cụm thi đua số 3", "--code", "CTĐ3", "--year", "2026"], lang="vi")
    os.chdir(folder)
    cluster, covenant = folder / "cluster.yaml", folder / "covenant.yaml"
    original_cluster, original_covenant = cluster.read_text(encoding="utf-8"), covenant.read_text(encoding="utf-8")
    documents = re.search(r"```yaml\n(documents:\n.*?)```", README, flags=re.S)
    assert documents is not None
    planned = original_cluster.replace("documents: []\n", documents.group(1))
    cluster.write_text(planned.replace("unit: don-vi-5", "unit: so-tai-chinh"), encoding="utf-8")
    covenant.write_text(original_covenant.replace("date: 2026-03-31 ", "date: 31/3/2026 "), encoding="utf-8")
    units = folder / "units.yaml"  # step 2 writes the heads' names
    units.write_text(units.read_text(encoding="utf-8").replace("# name:", "name:"), encoding="utf-8")
    step_2 = run_emul(["validate", "."], lang="vi")[1]
    # the fix the README describes: rename the unit, correct the date
    units.write_text(units.read_text(encoding="utf-8").replace("id: don-vi-5", "id: so-tai-chinh"), encoding="utf-8")
    covenant.write_text(original_covenant, encoding="utf-8")
    assessment = re.search(r"```yaml\n(unit: don-vi-1\n.*?)```", README, flags=re.S)
    assert assessment is not None
    (folder / "assessments" / "2026").mkdir(parents=True)
    (folder / "assessments" / "2026" / "don-vi-1.yaml").write_text(assessment.group(1), encoding="utf-8")
    return step_2, run_emul(["validate", "."], lang="vi")[1]


def test_tutorial_outputs_are_what_emul_prints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    step_2, step_5 = tutorial_outputs(tmp_path / "cum-thi-dua-so-3")
    assert step_2 == _console_output("### 2. Members")
    assert step_5 == _console_output("### 5. Tổng kết")


def test_the_example_ranking_shown_is_what_emul_prints() -> None:
    from .conftest import DATA

    assert (DATA / "golden" / "score-2023.vi.txt").read_text(encoding="utf-8") in README


def test_the_report_output_shown_in_the_tutorial_is_real(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from .conftest import copy_example, run_emul

    intro = "On the bundled example, `emul report examples/cum-thi-dua-so-7-2023` prints:\n\n```text\n"
    shown = README.split(intro, 1)[1].split("```", 1)[0]
    copy_example("cum-thi-dua-so-7-2023", tmp_path / "examples" / "cum-thi-dua-so-7-2023")
    monkeypatch.chdir(tmp_path)
    code, stdout, stderr = run_emul(["report", "examples/cum-thi-dua-so-7-2023"], lang="vi")
    assert (code, stderr) == (0, "")
    assert stdout == shown


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

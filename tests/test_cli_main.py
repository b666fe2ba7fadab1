"""The process entry point: language choice, exit codes for bugs and interruptions, `python -m`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from emulation_cli import cli, i18n
from emulation_cli.commands import validate as validate_command

from .conftest import REPO


def test_language_option_wins_over_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMUL_LANG", "en")
    assert i18n.resolve_language("vi") == "vi"
    assert i18n.resolve_language(None) == "en"
    monkeypatch.delenv("EMUL_LANG")
    assert i18n.resolve_language(None) == "vi"
    assert i18n.resolve_language("en_US") == "en"


@pytest.fixture
def buggy_validate(monkeypatch: pytest.MonkeyPatch) -> None:
    """`emul validate` with a bug in it."""

    def broken(*_args: object) -> int:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(validate_command, "run", broken)


@pytest.mark.usefixtures("buggy_validate")
def test_a_bug_exits_3_and_names_the_log(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    assert cli.main(["--lang", "en", "validate", str(tmp_path)]) == 3
    err = capsys.readouterr().err
    logs = list(tmp_path.glob("emul-error-*.log"))
    assert len(logs) == 1
    assert err == (
        f"internal error (a bug in emul): ZeroDivisionError. The details are in {logs[0]}; please report them.\n"
    )
    assert "ZeroDivisionError: boom" in logs[0].read_text(encoding="utf-8")


@pytest.mark.usefixtures("buggy_validate")
def test_a_bug_is_reported_even_when_no_log_can_be_written(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "missing"))
    assert cli.main(["--lang", "en", "validate", str(tmp_path)]) == 3
    err = capsys.readouterr().err
    assert "ZeroDivisionError: boom" in err and "the log could not be written" in err


def test_interruption_exits_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def interrupted(*_args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(validate_command, "run", interrupted)
    assert cli.main(["--lang", "en", "validate", str(tmp_path)]) == 130
    assert capsys.readouterr().err == "Interrupted.\n"


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--lang", "en", "no-such-command"]) == 2
    assert "No such command 'no-such-command'" in capsys.readouterr().err


@pytest.mark.parametrize("group", [[], ["template"], ["criteria"]], ids=lambda g: " ".join(["emul", *g]))
def test_a_group_given_nothing_shows_its_help_on_stdout_and_exits_0(
    group: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """A new user typing `emul` asked what there is: the help is the answer, not a usage error."""
    assert cli.main(["--lang", "vi", *group]) == 0
    shown = capsys.readouterr()
    assert shown.err == ""
    assert cli.main(["--lang", "vi", *group, "--help"]) == 0
    assert shown.out == capsys.readouterr().out
    assert shown.out.startswith(" ".join(["Cách dùng: emul", *group]))


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "emulation_cli", "--lang", "en", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert "validate" in done.stdout and "init" in done.stdout and "schema" in done.stdout


@pytest.mark.parametrize("encoding", ["cp1252", "cp1258", "ascii"])
def test_output_redirected_through_a_windows_code_page_is_utf8(encoding: str, tmp_path: Path) -> None:
    """On Windows, `>` encodes through the ANSI code page: the Vietnamese names must still come out, in UTF-8."""
    environment = {**os.environ, "PYTHONIOENCODING": encoding, "EMUL_LANG": "vi"}
    for args in (["score", "--format", "csv"], ["awards"], ["validate"]):
        example = str(REPO / "examples" / "cum-thi-dua-so-7-2023")
        finished = subprocess.run(
            [sys.executable, "-m", "emulation_cli", args[0], example, *args[1:]],
            capture_output=True,
            env=environment,
            check=False,
        )
        assert (finished.returncode, finished.stderr.decode("utf-8")) == (0, ""), args
        assert ("Sở Y tế" in finished.stdout.decode("utf-8")) is (args[0] != "validate"), args


def _console_script() -> Path:
    """The `emul` script the installer made beside this interpreter (what the officer runs)."""
    return Path(sys.executable).with_name("emul.exe" if os.name == "nt" else "emul")


@pytest.mark.parametrize("encoding", ["cp1252", "cp1258", "ascii"])
def test_every_reading_command_writes_utf8_through_the_console_script(encoding: str, tmp_path: Path) -> None:
    environment = {**os.environ, "PYTHONIOENCODING": encoding, "EMUL_LANG": "vi"}
    example = str(REPO / "examples" / "cum-thi-dua-so-7-2023")
    expected = {
        ("score", example, "--format", "csv"): "Sở Y tế",
        ("explain", example, "so-yte"): "Sở Y tế",
        ("history", example): "Sở Y tế",
        ("validate", example): "Hợp lệ",
        ("report", example, "--only", "bien-ban", "--out", str(tmp_path / "out")): "Đã ghi",
    }
    for args, text in expected.items():
        finished = subprocess.run([_console_script(), *args], capture_output=True, env=environment, check=False)
        # the report's one warning (the shipped rubric is illustrative) comes out in UTF-8 on stderr too
        errors = finished.stderr.decode("utf-8").splitlines()
        warned = [line for line in errors if line.startswith("cảnh báo: ") and "được đánh dấu `illustrative" in line]
        assert (finished.returncode, len(errors), len(warned)) == (0, len(warned), int(args[0] == "report")), args
        assert text in finished.stdout.decode("utf-8"), args


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_the_crash_message_is_utf8_too(encoding: str, tmp_path: Path) -> None:
    """A bug's message names the log in Vietnamese: it must not crash, nor come out garbled, on a code page."""
    program = (
        "import sys, tempfile; tempfile.tempdir = sys.argv[1]\n"
        "from emulation_cli import cli\n"
        "from emulation_cli.commands import validate\n"
        "def broken(*_args): raise ZeroDivisionError('boom')\n"
        "validate.run = broken\n"
        "raise SystemExit(cli.main(['validate', sys.argv[1]]))\n"
    )
    environment = {**os.environ, "PYTHONIOENCODING": encoding, "EMUL_LANG": "vi"}
    finished = subprocess.run(
        [sys.executable, "-c", program, str(tmp_path)], capture_output=True, env=environment, check=False
    )
    assert finished.returncode == 3
    assert "lỗi nội bộ" in finished.stderr.decode("utf-8")


EXAMPLE_2023 = str(REPO / "examples" / "cum-thi-dua-so-7-2023")


@pytest.mark.parametrize(
    "args",
    [
        ["score", EXAMPLE_2023],
        ["score", EXAMPLE_2023, "--format", "csv"],
        ["validate", EXAMPLE_2023],
        ["--help"],
        ["schema"],
        ["completion", "bash"],
    ],
    ids=lambda args: " ".join(arg if arg != EXAMPLE_2023 else "EXAMPLE" for arg in args),
)
def test_a_reader_that_leaves_the_pipe_early_ends_the_command_quietly(args: list[str]) -> None:
    """`emul score | head -1`: the reader closes the pipe; emul stops as a tool SIGPIPE ended (141), silently."""
    code, err = _run_into_a_closed_pipe(args)
    assert (code, err) == (141, "")


def test_a_report_into_a_closed_pipe_still_writes_every_document(tmp_path: Path) -> None:
    code, err = _run_into_a_closed_pipe(["report", EXAMPLE_2023, "--only", "bien-ban", "--out", str(tmp_path)])
    # stderr holds the one warning of every report of the shipped example (its rubric is illustrative), no more
    assert code == 141
    assert len(err.splitlines()) == 1 and err.startswith("cảnh báo: ") and "`illustrative: true`" in err
    assert [path.name for path in tmp_path.glob("*.docx")] == ["bien-ban-binh-xet.docx"]


def _run_into_a_closed_pipe(args: list[str]) -> tuple[int, str]:
    """Run the console script with its stdout a pipe whose reader has already gone (as `head` after its lines)."""
    environment = {**os.environ, "EMUL_LANG": "vi"}
    process = subprocess.Popen(
        [_console_script(), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    err = process.stderr.read().decode("utf-8")
    return process.wait(timeout=120), err

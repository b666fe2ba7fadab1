"""Every exit code, with the exact output the officer sees, and the one handler (cli.handle) that maps the errors
of errors.py: 0 success, 1 data problems, 2 usage or the file system, 3 a bug (with its log), 130 interrupted."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
import typer

from emulation_cli import cli, errors
from emulation_cli.commands import validate as validate_command
from emulation_cli.loading.diagnostics import Diagnostic, Pos
from emulation_cli.loading.files import LoadResult
from emulation_cli.validation import project as project_module
from emulation_cli.validation.folder import ValidationReport

from .conftest import REPO, copy_example, run_emul

ONLY = ["--only", "tom-tat", "--only", "bang-tong-hop"]

# The documented code of every error class of errors.py (its docstring says the same).
EXPECTED = {
    errors.EmulError: 2,
    errors.UsageError: 2,
    errors.DataError: 1,
    errors.ProjectInvalid: 1,
    errors.RubricInvalid: 1,
    errors.TemplateFailure: 1,
    errors.FormRefused: 1,
    errors.OutOfMemory: 1,
    errors.OutsideFolder: 2,
    errors.FileInUse: 2,
    errors.InternalError: 3,
    errors.BatchInterrupted: 130,
}
FINDING = Diagnostic.error("units.yaml", Pos(3, 5), "bad", "units[0].id: wrong")
SAMPLES: dict[type[BaseException], BaseException] = {
    errors.EmulError: errors.EmulError("an error"),
    errors.UsageError: errors.UsageError("wrong arguments", hint="try again"),
    errors.DataError: errors.DataError("bad data"),
    errors.ProjectInvalid: errors.ProjectInvalid((FINDING,)),
    errors.RubricInvalid: errors.RubricInvalid("new.yaml", (FINDING,)),
    errors.TemplateFailure: errors.TemplateFailure("t.docx: broken"),
    errors.FormRefused: errors.FormRefused("not a form"),
    errors.OutOfMemory: errors.OutOfMemory("units.yaml"),
    errors.OutsideFolder: errors.OutsideFolder("a.md"),
    errors.FileInUse: errors.FileInUse("bao-cao-tong-ket.docx"),
    errors.InternalError: errors.InternalError("cannot happen"),
    errors.BatchInterrupted: errors.BatchInterrupted(),
}


@pytest.fixture
def logs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Crash logs go to a folder of the test's own."""
    folder = tmp_path / "logs"
    folder.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(folder))
    return folder


def _one_log(folder: Path) -> Path:
    found = list(folder.glob("emul-error-*.log"))
    assert len(found) == 1
    return found[0]


def _error_classes() -> set[type[BaseException]]:
    return {
        value
        for _name, value in inspect.getmembers(errors, inspect.isclass)
        if issubclass(value, BaseException) and value.__module__ == errors.__name__
    }


def test_every_error_class_has_a_documented_exit_code() -> None:
    assert _error_classes() == set(EXPECTED) == set(SAMPLES), "give each class of errors.py its code and a sample"
    for error_class, code in EXPECTED.items():
        assert getattr(error_class, "exit_code", None) == code, error_class.__name__
        assert error_class.__name__ in (errors.__doc__ or ""), f"errors.py's docstring does not list {error_class}"


@pytest.mark.usefixtures("logs")
@pytest.mark.parametrize("error_class", list(SAMPLES), ids=lambda c: c.__name__)
def test_the_handler_maps_each_error_class_to_its_code(
    error_class: type[BaseException], capsys: pytest.CaptureFixture[str]
) -> None:
    error = SAMPLES[error_class]
    assert cli.handle(error) == EXPECTED[error_class]
    err = capsys.readouterr().err
    if isinstance(error, errors.EmulError):
        assert ("error: " + error.message + "\n") in err
        assert (error.hint is None) == ("hint: " not in err)
        assert ("units.yaml:3:5: error: units[0].id: wrong" in err) == bool(error.diagnostics)
    elif isinstance(error, errors.BatchInterrupted):
        assert err == error.message + "\n"
    else:
        assert err.startswith(f"internal error (a bug in emul): {error_class.__name__}. The details are in ")


@pytest.mark.usefixtures("logs")
@pytest.mark.parametrize(
    ("error", "code", "message"),
    [
        (KeyboardInterrupt(), 130, "Interrupted.\n"),
        (typer.Abort(), 130, "Interrupted.\n"),
        (typer.Exit(4), 4, ""),
        (typer.BadParameter("no"), 2, "Error: Invalid value: no\n"),
        (ZeroDivisionError("boom"), 3, "internal error (a bug in emul): ZeroDivisionError. The details are in "),
        (MemoryError(), 1, "error: the input is too large to process\n"),
    ],
)
def test_the_handler_maps_what_is_not_ours(
    error: BaseException, code: int, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.handle(error) == code
    assert capsys.readouterr().err.startswith(message)


# ----- each path through the command line, exact output --------------------------------------------------------
def test_a_folder_that_does_not_exist_is_2_in_vietnamese_too(tmp_path: Path) -> None:
    missing = (tmp_path / "nowhere").as_posix()
    assert run_emul(["score", missing]) == (2, "", f"error: '{missing}' is not a folder\n")
    assert run_emul(["score", missing], lang="vi") == (2, "", f"lỗi: '{missing}' không phải là thư mục\n")


def test_a_usage_error_typer_finds_is_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--lang", "en", "score", "--format", "xml"]) == 2
    assert capsys.readouterr().err == (
        "Usage: emul score [OPTIONS] [FOLDER]...\n"
        "Try 'emul score --help' for help.\n"
        "\n"
        "Error: Invalid value for --format: 'xml' is not one of: text, json, csv\n"
    )


def test_an_unknown_language_is_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--lang", "fr", "score"]) == 2
    assert capsys.readouterr() == ("", "lỗi: không có ngôn ngữ 'fr'; dùng vi hoặc en\n")


def test_a_bug_in_a_command_is_3_and_names_its_log(monkeypatch: pytest.MonkeyPatch, logs: Path, tmp_path: Path) -> None:
    def broken(*_args: object) -> int:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(validate_command, "run", broken)
    code, out, err = run_emul(["validate", str(tmp_path)])
    log = _one_log(logs)
    assert (code, out) == (3, "")
    assert err == f"internal error (a bug in emul): ZeroDivisionError. The details are in {log}; please report them.\n"
    assert "ZeroDivisionError: boom" in log.read_text(encoding="utf-8")


def test_an_impossible_state_is_an_internal_error_3_with_its_log(
    monkeypatch: pytest.MonkeyPatch, logs: Path, tmp_path: Path
) -> None:
    """A folder reported without errors whose cluster.yaml is missing all the same: a bug, not the officer's."""
    nothing_found = ValidationReport(folder=tmp_path.as_posix(), files=(), diagnostics=())
    monkeypatch.setattr(project_module, "validate_folder", lambda root: (LoadResult(root=root), nothing_found))
    code, out, err = run_emul(["score", str(tmp_path)])
    log = _one_log(logs)
    assert (code, out) == (3, "")
    assert err == f"internal error (a bug in emul): InternalError. The details are in {log}; please report them.\n"
    assert "a folder without errors has its cluster.yaml" in log.read_text(encoding="utf-8")


@pytest.mark.parametrize(("lang", "message"), [("en", "Interrupted.\n"), ("vi", "Đã dừng.\n")])
def test_an_interruption_is_130(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, lang: str, message: str) -> None:
    def interrupted(*_args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(validate_command, "run", interrupted)
    assert run_emul(["validate", str(tmp_path)], lang=lang) == (130, "", message)


def test_a_bug_in_one_document_of_a_batch_is_3_and_the_others_are_written(
    monkeypatch: pytest.MonkeyPatch, logs: Path, tmp_path: Path
) -> None:
    cluster = copy_example("cum-thi-dua-so-7-2023", tmp_path / "c7")

    def broken(*_args: object) -> bytes:
        raise RuntimeError("boom")

    monkeypatch.setattr("emulation_cli.reports.markdown.render_markdown", broken)
    code, out, err = run_emul(["report", str(cluster), *ONLY])
    log = _one_log(logs)
    assert (code, out) == (
        3,
        f"1 file(s) written, 0 unchanged, in {cluster / 'van-ban' / '2023'}\n"
        "  bang-tong-hop-diem.xlsx  written\n"
        "  tom-tat.md               failed\n",
    )
    assert err == (
        "error: tom-tat.md: RuntimeError: boom\n"
        f"internal error (a bug in emul); the details are in {log}; please report them.\n"
        "1 of 2 document(s) not written. The others are written.\n"
    )
    assert "RuntimeError: boom" in log.read_text(encoding="utf-8")


def test_a_link_out_of_the_output_folder_fails_its_document_with_2(tmp_path: Path) -> None:
    cluster = copy_example("cum-thi-dua-so-7-2023", tmp_path / "c7")
    out = tmp_path / "out"
    out.mkdir()
    (out / "tom-tat.md").symlink_to(tmp_path / "elsewhere.md")
    code, _out, err = run_emul(["report", str(cluster), *ONLY, "--out", str(out)])
    assert code == 2
    assert err == (
        "error: tom-tat.md: the path leads outside the output folder (a symbolic link?)\n"
        "1 of 2 document(s) not written. The others are written.\n"
    )
    assert not (tmp_path / "elsewhere.md").exists()


def test_an_input_too_large_for_the_memory_is_not_a_bug(logs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A MemoryError anywhere in a command is the input's problem (exit 1), without a crash log."""

    def exhausted(*_args: object, **_kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr("emulation_cli.commands.validate.validate_folder", exhausted)
    code, out, err = run_emul(["validate", str(logs)])
    assert (code, out) == (1, "")
    assert err == (
        "error: the input is too large to process\n"
        "  hint: there is not enough memory for it; check the size of what it holds\n"
    )
    assert not list(logs.glob("emul-error-*.log"))


def test_a_template_or_rubric_too_large_for_the_memory_is_named(
    logs: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from emulation_cli.reports import template_check
    from emulation_cli.rubrics import versions

    def exhausted(*_args: object, **_kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr(template_check, "check_template", exhausted)
    monkeypatch.setattr(versions, "validate_rubric", exhausted)
    template = tmp_path / "tom-tat.md.j2"
    template.write_text("{{ cluster.name }}\n", encoding="utf-8")
    code, _out, err = run_emul(["template", "check", str(template)])
    assert (code, err.splitlines()[0]) == (1, f"error: {template} is too large to process")
    rubric = REPO / "criteria" / "khoi-so-nganh-ha-noi-2023.yaml"
    code, _out, err = run_emul(["criteria", "diff", str(rubric), str(rubric)])
    assert (code, err.splitlines()[0]) == (1, f"error: {rubric} is too large to process")
    assert not list(logs.glob("emul-error-*.log"))

"""Pieces of the report batch on their own: failures by kind, the manifest, the progress bar, dates."""

from __future__ import annotations

import errno
import hashlib
import io
import json
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console

from emulation_cli.commands.report import progress_bar
from emulation_cli.reports.batch import FileStatus, Result, run_batch, save_manifest
from emulation_cli.reports.facts import FactChange, Facts
from emulation_cli.reports.manifest import MANIFEST_NAME, Guard, Manifest
from emulation_cli.reports.plan import Job
from emulation_cli.reports.run import prepare_report, run_report
from emulation_cli.text.vietnamese import short_date
from emulation_cli.validation.periods import choose_period
from emulation_cli.validation.project import load_project

from .conftest import copy_example


def _run(jobs: list[Job], folder: Path, force: bool) -> list[Result]:
    """What the command does: one manifest for the batch, saved at the end."""
    manifest = Manifest.load(folder)
    results = run_batch(jobs, folder, manifest, force)
    return results + save_manifest(manifest, results, "2023")


def _job(name: str, content: bytes | Exception, facts: Facts | None = None) -> Job:
    def render() -> bytes:
        if isinstance(content, Exception):
            raise content
        return content

    return Job("tom-tat", name, None, render, lambda: facts)


def test_a_bug_in_one_document_is_reported_with_its_traceback_and_the_rest_is_written(tmp_path: Path) -> None:
    jobs = [_job("a.md", RuntimeError("boom")), _job("b.md", b"ok\n")]
    results = _run(jobs, tmp_path, force=False)
    assert [(r.name, r.status, r.exit_code) for r in results] == [
        ("a.md", FileStatus.FAILED, 3),
        ("b.md", FileStatus.WRITTEN, 0),
    ]
    assert results[0].error == "RuntimeError: boom"
    assert results[0].details and "RuntimeError: boom" in results[0].details
    assert (tmp_path / "b.md").read_bytes() == b"ok\n"
    assert not (tmp_path / "a.md").exists()


def test_a_file_system_error_is_exit_two(tmp_path: Path) -> None:
    failing = _job("a.md", PermissionError(13, "Permission denied", "a.md"))
    results = _run([failing], tmp_path, force=False)
    assert (results[0].exit_code, results[0].error) == (2, "Permission denied")


def test_a_damaged_manifest_protects_every_existing_file(tmp_path: Path) -> None:
    (tmp_path / "b.md").write_bytes(b"old\n")
    (tmp_path / MANIFEST_NAME).write_text("{not json", encoding="utf-8")
    manifest = Manifest.load(tmp_path)
    assert manifest.unreadable
    assert manifest.guard("b.md", b"new\n") is Guard.UNKNOWN
    assert manifest.guard("c.md", b"new\n") is Guard.NEW
    assert manifest.guard("b.md", b"old\n") is Guard.SAME


def test_the_manifest_records_what_was_written(tmp_path: Path) -> None:
    _run([_job("b.md", b"ok\n")], tmp_path, force=False)
    data = json.loads((tmp_path / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert data == {
        "schema": "emul.manifest/1",
        "period": "2023",
        "files": {"b.md": hashlib.sha256(b"ok\n").hexdigest()},
    }


def test_an_edit_is_kept_until_emul_has_something_new_for_that_file(tmp_path: Path) -> None:
    _run([_job("b.md", b"v1\n")], tmp_path, force=False)
    (tmp_path / "b.md").write_bytes(b"v1 edited\n")
    kept = _run([_job("b.md", b"v1\n")], tmp_path, force=False)
    assert [(r.status, r.exit_code) for r in kept] == [(FileStatus.KEPT, 0)]
    newer = _run([_job("b.md", b"v2\n")], tmp_path, force=False)
    assert [(r.status, r.exit_code, r.beside) for r in newer] == [(FileStatus.BESIDE, 0, "b.moi.md")]
    assert (tmp_path / "b.md").read_bytes() == b"v1 edited\n"
    assert (tmp_path / "b.moi.md").read_bytes() == b"v2\n"


def test_the_version_beside_says_what_changed_in_the_facts_since_the_edited_one(tmp_path: Path) -> None:
    old: Facts = {"results": {"Tổng điểm (Sở Y tế)": "92,50", "Đề nghị": ["Sở Y tế"], "Hạng (Sở Y tế)": "1"}}
    new: Facts = {
        "results": {"Tổng điểm (Sở Y tế)": "93,00", "Đề nghị": ["Sở Y tế", "Sở KH&CN"], "Hạng (Sở Y tế)": "1"}
    }
    _run([_job("phieu-cham/a.docx", b"v1", old)], tmp_path, force=False)
    (tmp_path / "phieu-cham" / "a.docx").write_bytes(b"v1 edited")
    [result] = _run([_job("phieu-cham/a.docx", b"v2", new)], tmp_path, force=False)
    assert (result.status, result.beside, result.changes_known) == (FileStatus.BESIDE, "phieu-cham/a.moi.docx", True)
    assert result.changes == (
        FactChange("Tổng điểm (Sở Y tế)", before="92,50", after="93,00"),
        FactChange("Đề nghị", added=("Sở KH&CN",)),
    )
    [same] = _run([_job("phieu-cham/a.docx", b"v3", old)], tmp_path, force=False)  # a new template, same data
    assert (same.status, same.changes, same.changes_known) == (FileStatus.BESIDE, (), True)
    assert (tmp_path / "phieu-cham" / "a.moi.docx").read_bytes() == b"v3"


def test_a_link_out_of_the_output_folder_is_refused(tmp_path: Path) -> None:
    outside, out = tmp_path / "outside", tmp_path / "out"
    outside.mkdir()
    out.mkdir()
    (out / "phieu-cham").symlink_to(outside)
    results = _run([_job("phieu-cham/a.md", b"x\n")], out, force=True)
    assert [(r.status, r.exit_code) for r in results] == [(FileStatus.FAILED, 2)]
    assert results[0].error == "the path leads outside the output folder (a symbolic link?)"
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("where", ["phieu-cham", "phieu-cham/a.md"])
def test_a_link_loop_in_the_output_folder_fails_that_document(tmp_path: Path, where: str) -> None:
    out = tmp_path / "out"
    (out / "phieu-cham").mkdir(parents=True)
    loop, partner = out / where, out / f"{where}.other"
    if where == "phieu-cham":
        (out / "phieu-cham").rmdir()
    try:
        loop.symlink_to(partner.name)
        partner.symlink_to(loop.name)
    except OSError:
        pytest.skip("symbolic links are not available here")
    results = _run([_job("phieu-cham/a.md", b"x\n"), _job("b.md", b"y\n")], out, force=True)
    assert [(r.name, r.status, r.exit_code) for r in results] == [
        ("phieu-cham/a.md", FileStatus.FAILED, 2),
        ("b.md", FileStatus.WRITTEN, 0),
    ]
    assert results[0].error == "'phieu-cham/a.md' leads through a symbolic link that points back to itself (a loop)"


def test_a_manifest_that_cannot_be_saved_is_a_file_system_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(path: Path, _text: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    with monkeypatch.context() as patch:
        patch.setattr("emulation_cli.reports.manifest.write_text_atomic", disk_full)
        results = _run([_job("b.md", b"ok\n")], tmp_path, force=False)
    assert [(r.name, r.status, r.exit_code) for r in results][-1] == (MANIFEST_NAME, FileStatus.FAILED, 2)
    assert Manifest.load(tmp_path).files == {"b.md": hashlib.sha256(b"ok\n").hexdigest()}  # from the journal


def test_progress_bar_on_a_terminal_only() -> None:
    stream = io.StringIO()
    terminal = Console(file=stream, force_terminal=True, width=80)
    with progress_bar(terminal, 2) as advance:
        advance()
        advance()
    assert "Writing documents" in stream.getvalue()
    quiet = io.StringIO()
    with progress_bar(Console(file=quiet, force_terminal=False), 2) as advance:
        advance()
    assert quiet.getvalue() == ""


def test_the_report_core_returns_what_the_command_shows(tmp_path: Path) -> None:
    project = load_project(copy_example("cum-thi-dua-so-7-2023", tmp_path / "c7"))
    period = choose_period(project, "2023")
    with prepare_report(project, period, ["tom-tat"], tmp_path / "out", offices=None, force=False) as batch:
        assert (batch.kinds, batch.target, batch.warnings) == (("tom-tat",), tmp_path / "out", ())
        outcome = run_report(batch)
    assert [(r.name, r.status) for r in outcome.results] == [("tom-tat.md", FileStatus.WRITTEN)]
    assert (outcome.written, outcome.unchanged, outcome.problems, outcome.exit_code) == (1, 0, (), 0)
    with prepare_report(project, period, ["tom-tat"], tmp_path / "out", offices=None, force=False) as batch:
        again = run_report(batch)
    assert (again.written, again.unchanged, again.stale_pdfs, again.crash_details) == (0, 1, 0, "")


def test_short_dates_follow_the_same_leading_zero_rule() -> None:
    assert [short_date(d) for d in (date(2023, 4, 4), date(2024, 2, 5), date(2023, 12, 15))] == [
        "04/4/2023",
        "05/02/2024",
        "15/12/2023",
    ]


def test_the_facts_are_labelled_from_the_context_models() -> None:
    from emulation_cli.reports.facts import facts_of

    from .conftest import REPO, load_period

    facts = facts_of(load_period(REPO / "examples" / "cum-thi-dua-so-7-2023", "2023").report("bao-cao"))
    assert facts["results"]["Tổng điểm đạt (Sở Y tế)"] == "93,46"  # the description's first words, the unit
    assert facts["results"]["Điểm đạt của phần (Sở Y tế, II)"] == "9,00"
    assert "Đơn vị (Sở Y tế)" not in facts["results"]  # the unit names its item: told by the list
    assert facts["awards"]["Các đơn vị được đề nghị (Bằng khen của Chủ tịch UBND Thành phố)"] == ["Sở Y tế"]
    assert facts["signer"]["Người ký thay mặt cụm › Chức danh người ký"] == "CỤM TRƯỞNG"  # a field's title
    assert facts["period"]["Cuộc họp của kỳ › Đơn vị chủ trì"] == "Sở GD&ĐT"  # a unit shows as its short name


def test_damaged_facts_in_the_manifest_are_not_known_and_nothing_else_breaks(tmp_path: Path) -> None:
    facts: Facts = {"results": {"Tổng điểm (Sở Y tế)": "92,50"}}
    _run([_job("b.md", b"v1\n", facts)], tmp_path, force=False)
    data = json.loads((tmp_path / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert Manifest.load(tmp_path).facts("b.md") == facts
    data["facts"] = {digest: "không phải dữ liệu" for digest in data["facts"]}
    (tmp_path / MANIFEST_NAME).write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "b.md").write_bytes(b"v1 edited\n")
    [result] = _run([_job("b.md", b"v2\n", facts)], tmp_path, force=False)
    assert (result.status, result.changes_known, result.exit_code) == (FileStatus.BESIDE, False, 0)
    data["facts"] = {digest: "eJwLycgsVgCi3PySxJRMAFyBB/c=" for digest in data["facts"]}  # valid, but not theirs
    (tmp_path / MANIFEST_NAME).write_text(json.dumps(data), encoding="utf-8")
    assert Manifest.load(tmp_path).facts("b.md") is None

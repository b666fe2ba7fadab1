"""A batch's integrity: a run that ends abruptly leaves every file it wrote known as emul's (the journal), Ctrl-C
records what is done, one emul at a time in a folder (the lock), a killed run's temporary files go, and emul's
own control files are used only when they are regular files of sane size."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from emulation_cli.forms.seal import key_for_forms
from emulation_cli.reports import batch as batch_module
from emulation_cli.reports.journal import JOURNAL_NAME
from emulation_cli.reports.manifest import MANIFEST_NAME
from emulation_cli.writing import lock as lock_module
from emulation_cli.writing.lock import LOCK_NAME

from .conftest import REPO, copy_example, run_emul

ONLY = ["--only", "bang-tong-hop", "--only", "tom-tat"]


@pytest.fixture
def cluster(tmp_path: Path) -> Path:
    return copy_example("cum-thi-dua-so-7-2023", tmp_path / "c7")


def _report(cluster: Path, *extra: str) -> tuple[int, str, str]:
    return run_emul(["report", str(cluster), *ONLY, *extra])


def _set_score(cluster: Path, old: str, new: str) -> None:
    assessment = cluster / "assessments" / "2023" / "so-tttt.yaml"
    text = assessment.read_text(encoding="utf-8")
    assert old in text
    assessment.write_text(text.replace(old, new), encoding="utf-8")


class Killed(BaseException):
    """Stands for the process dying on the spot: nothing after it runs, no handler sees it."""


def _stop_at_second_document(monkeypatch: pytest.MonkeyPatch, stop: BaseException) -> None:
    original = batch_module._run_one
    calls = []

    def run_one(*args: object, **kwargs: object) -> batch_module.Result:
        calls.append(1)
        if len(calls) == 2:
            raise stop
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(batch_module, "_run_one", run_one)


def test_a_file_written_by_a_run_that_died_is_emuls_not_an_edit(cluster: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = cluster / "van-ban" / "2023"
    assert _report(cluster)[0] == 0  # data A
    _set_score(cluster, "appraised: 9.75", "appraised: 10.5")  # data B
    with monkeypatch.context() as patch:
        _stop_at_second_document(patch, Killed())
        with pytest.raises(Killed):
            _report(cluster)  # the workbook is written with B, then the process dies
    _set_score(cluster, "appraised: 10.5", "appraised: 9.75")  # back to A
    code, stdout, stderr = _report(cluster)
    assert (code, stderr) == (0, "")
    assert "  bang-tong-hop-diem.xlsx  written\n" in stdout
    assert not (out / "bang-tong-hop-diem.moi.xlsx").exists()
    assert not (out / JOURNAL_NAME).exists()  # taken into the manifest


def test_ctrl_c_records_the_documents_written_so_far(cluster: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = cluster / "van-ban" / "2023"
    _stop_at_second_document(monkeypatch, KeyboardInterrupt())
    code, _, stderr = _report(cluster)
    assert code == 130
    assert stderr == (
        "Interrupted. The files written so far are recorded; run the command again to write the others.\n"
    )
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert set(manifest["files"]) == {"bang-tong-hop-diem.xlsx"}
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST_NAME, "bang-tong-hop-diem.xlsx"]


# ----- the lock --------------------------------------------------------------------------------------------
HOLD = """
import sys, time
from pathlib import Path
from emulation_cli.writing.lock import FolderLock
lock = FolderLock(Path(sys.argv[1]), "emul report")
print("held", flush=True)
time.sleep(120)
"""


@pytest.fixture
def short_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lock_module, "WAIT_SECONDS", 0.3)


@pytest.fixture
def holder() -> Iterator[Callable[[Path], subprocess.Popen[str]]]:
    """Start another process that takes a folder's lock and keeps it until killed."""
    started: list[subprocess.Popen[str]] = []

    def start(folder: Path) -> subprocess.Popen[str]:
        folder.mkdir(parents=True, exist_ok=True)
        process = subprocess.Popen([sys.executable, "-c", HOLD, str(folder)], stdout=subprocess.PIPE, text=True)
        started.append(process)
        assert process.stdout is not None and process.stdout.readline() == "held\n"
        return process

    yield start
    for process in started:
        process.kill()
        process.wait()


def test_a_second_run_says_who_holds_the_folder_then_takes_over_a_killed_holders_lock(
    cluster: Path, short_wait: None, holder: Callable[[Path], subprocess.Popen[str]]
) -> None:
    out = cluster / "van-ban" / "2023"
    other = holder(out)
    code, stdout, stderr = _report(cluster)
    assert (code, stdout) == (2, "")
    assert stderr.startswith(f"error: {out} is in use by another emul ('emul report', process {other.pid} on ")
    assert "  hint: wait until it finishes and run the command again" in stderr
    assert not (out / MANIFEST_NAME).exists()
    code, _, stderr = run_emul(["report", str(cluster), *ONLY], lang="vi")
    assert code == 2
    assert stderr.startswith(f"lỗi: {out} đang được một emul khác sử dụng ('emul report', tiến trình {other.pid} ")
    other.kill()  # SIGKILL: the process ends without letting go of anything itself
    other.wait()
    assert (out / LOCK_NAME).exists()  # left by the killed process
    code, stdout, stderr = _report(cluster)
    assert (code, stderr) == (0, "")
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST_NAME, "bang-tong-hop-diem.xlsx", "tom-tat.md"]


def test_a_run_waits_briefly_for_the_one_before(cluster: Path, holder: Callable[[Path], subprocess.Popen[str]]) -> None:
    other = holder(cluster / "van-ban" / "2023")
    timer = threading.Timer(0.5, other.kill)
    timer.start()
    started = time.monotonic()
    assert _report(cluster)[0] == 0
    assert time.monotonic() - started >= 0.5
    timer.join()


def test_import_and_forms_take_the_lock_of_their_folder(
    cluster: Path, short_wait: None, holder: Callable[[Path], subprocess.Popen[str]]
) -> None:
    key_for_forms(cluster)  # as the first `emul forms` made it
    holder(cluster / "assessments")
    code, _, stderr = run_emul(["import", str(cluster), str(cluster / "cluster.yaml")])
    assert code == 2
    assert f"error: {cluster / 'assessments'} is in use by another emul" in stderr
    holder(cluster / "phieu-tu-cham" / "2023")
    code, _, stderr = run_emul(
        ["forms", str(cluster), "--period", "2023", "--out", str(cluster / "phieu-tu-cham" / "2023")]
    )
    assert code == 2
    assert "is in use by another emul" in stderr


# ----- temporary files a killed run left ------------------------------------------------------------------
LEFTOVERS = (
    ".emul-tmp.tom-tat.md.k2_9xq0a.tmp",
    f".emul-tmp.{MANIFEST_NAME}.abcdefgh.tmp",
    "phieu-cham/.emul-tmp.so-tttt.docx.12345678.tmp",
)
NOT_OURS = (
    "ghi-chu.tmp",
    ".ghi-chu.tmp",
    "tom-tat.md.abcdefgh.tmp",
    ".emul-tmp.tom-tat.md.abcdefgh.tmp.bak",
    ".ghi-chu.20261206.tmp",  # a person's own hidden note: the old pattern removed it
    "phieu-cham/.to-trinh.ban_nhap.tmp",
)


def test_temporary_files_of_a_killed_run_are_removed_and_nothing_else(cluster: Path) -> None:
    out = cluster / "van-ban" / "2023"
    (out / "phieu-cham").mkdir(parents=True)
    for name in LEFTOVERS + NOT_OURS:
        (out / name).write_text("x", encoding="utf-8")
    (out / ".emul-tmp.nested.md.abcdefgh.tmp").mkdir()  # a folder of that name is not a temporary file
    assert _report(cluster)[0] == 0
    assert not [name for name in LEFTOVERS if (out / name).exists()]
    assert all((out / name).exists() for name in NOT_OURS)
    assert (out / ".emul-tmp.nested.md.abcdefgh.tmp").is_dir()


def test_an_import_removes_the_temporary_files_a_killed_import_left(cluster: Path) -> None:
    leftover = cluster / "assessments" / "2023" / ".emul-tmp.so-tttt.yaml.a1b2c3d4.tmp"
    leftover.write_text("x", encoding="utf-8")
    key_for_forms(cluster)
    run_emul(["import", str(cluster), str(cluster / "cluster.yaml")])  # refused as a form; the lock was taken
    assert not leftover.exists()
    assert not (cluster / "assessments" / LOCK_NAME).exists()


# ----- control files that are not regular files ------------------------------------------------------------
def _plant(path: Path, kind: str) -> str:
    if kind == "symlink":
        path.symlink_to("/dev/zero")
        return "a symbolic link"
    if kind == "folder":
        path.mkdir()
        return "a folder"
    if kind == "fifo":
        os.mkfifo(path)
        return "a FIFO (named pipe)"
    with path.open("wb") as stream:  # sparse: 65 MB that take no room
        stream.truncate(65 * 1024 * 1024)
    return "a file of 65 MB"


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and links to devices")
@pytest.mark.parametrize("name", [MANIFEST_NAME, JOURNAL_NAME, LOCK_NAME])
@pytest.mark.parametrize("kind", ["symlink", "folder", "fifo", "huge"])
def test_a_control_file_that_is_not_a_regular_file_is_refused(cluster: Path, name: str, kind: str) -> None:
    out = cluster / "van-ban" / "2023"
    out.mkdir(parents=True)
    what = _plant(out / name, kind)
    done = subprocess.run(  # a subprocess: on a FIFO, a wrong emul would wait forever
        [sys.executable, "-m", "emulation_cli", "--lang", "en", "report", str(cluster), *ONLY],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"error: {out / name} is {what}, not a file emul wrote; emul neither reads nor replaces it\n"
        "  hint: remove it (emul writes it again) and run the command again\n"
    )
    assert sorted(p.name for p in out.iterdir()) == [name]


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs")
def test_a_document_that_is_a_fifo_fails_alone(cluster: Path) -> None:
    out = cluster / "van-ban" / "2023"
    out.mkdir(parents=True)
    os.mkfifo(out / "tom-tat.md")
    started = time.monotonic()
    code, stdout, stderr = _report(cluster)
    assert time.monotonic() - started < 30
    assert code == 2
    assert "  bang-tong-hop-diem.xlsx  written\n" in stdout
    assert f"error: tom-tat.md: {out / 'tom-tat.md'} is a FIFO (named pipe), not a file emul wrote;" in stderr


def test_the_journal_is_folded_in_only_where_the_file_holds_what_it_says(cluster: Path) -> None:
    out = cluster / "van-ban" / "2023"
    out.mkdir(parents=True)
    (out / "tom-tat.md").write_text("ghi chú riêng\n", encoding="utf-8")
    entries = [
        {"name": "tom-tat.md", "sha256": "0" * 64, "built_from": None, "facts": {}},  # not what the file holds
        {"name": "../c7/cluster.yaml", "sha256": "0" * 64, "built_from": None, "facts": {}},
    ]
    lines = "".join(json.dumps(entry) + "\n" for entry in entries) + '{"name": "cut sh'
    (out / JOURNAL_NAME).write_text(lines, encoding="utf-8")
    code, _, stderr = _report(cluster)
    assert code == 1
    assert "error: tom-tat.md: not written by emul; not overwritten" in stderr
    assert (out / "tom-tat.md").read_text(encoding="utf-8") == "ghi chú riêng\n"


def test_the_lock_module_never_asks_whether_a_process_is_alive() -> None:
    source = (REPO / "src" / "emulation_cli" / "writing" / "lock.py").read_text(encoding="utf-8")
    assert "os.kill" not in source


def test_a_journal_line_cut_short_spoils_only_itself(cluster: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A power cut (not a kill) can leave half a line: the next run's record must still be read."""
    out = cluster / "van-ban" / "2023"
    assert _report(cluster)[0] == 0
    with (out / JOURNAL_NAME).open("w", encoding="utf-8") as journal:
        journal.write('{"name":"bang-tong')  # no newline: the record was cut
    _set_score(cluster, "appraised: 9.75", "appraised: 10.5")
    with monkeypatch.context() as patch:
        _stop_at_second_document(patch, Killed())
        with pytest.raises(Killed):
            _report(cluster)
    _set_score(cluster, "appraised: 10.5", "appraised: 9.75")
    code, stdout, stderr = _report(cluster)
    assert (code, stderr) == (0, "")
    assert "  bang-tong-hop-diem.xlsx  written\n" in stdout
    assert not (out / "bang-tong-hop-diem.moi.xlsx").exists()


def test_a_journal_name_no_file_can_have_is_passed_over(cluster: Path) -> None:
    out = cluster / "van-ban" / "2023"
    out.mkdir(parents=True)
    entry = {"name": "a\u0000b", "sha256": "00", "built_from": None, "facts": {}}
    (out / JOURNAL_NAME).write_text(json.dumps(entry) + "\n", encoding="utf-8")
    code, _, stderr = _report(cluster)
    assert (code, stderr) == (0, "")


def test_a_fact_set_is_journaled_once_for_all_the_files_built_from_it(tmp_path: Path) -> None:
    """The score sheets share one large set of facts: journaled with each, the journal grew with units²."""
    from emulation_cli.reports.journal import read_entries
    from emulation_cli.reports.manifest import Manifest

    manifest = Manifest.load(tmp_path)
    shared = {"units": [f"unit {n}" for n in range(200)]}
    for n in range(3):
        manifest.write(tmp_path / f"{n}.md", f"{n}.md", b"x%d" % n, {"report": shared, "own": {"n": str(n)}})
    entries = read_entries(tmp_path)
    assert [len(entry.fact_sets) for entry in entries] == [2, 1, 1]
    reloaded = Manifest.load(tmp_path)  # as after a kill: every file's facts come back from the journal
    assert [reloaded.facts(f"{n}.md") for n in range(3)] == [{"report": shared, "own": {"n": str(n)}} for n in range(3)]


def test_a_persons_edit_of_the_new_version_beside_is_kept(cluster: Path) -> None:
    out = cluster / "van-ban" / "2023"
    assert _report(cluster)[0] == 0
    (out / "tom-tat.md").write_text("bản đã sửa\n", encoding="utf-8")
    _set_score(cluster, "appraised: 9.75", "appraised: 10.5")
    assert _report(cluster)[0] == 0  # the new version goes beside the edited summary
    beside = out / "tom-tat.moi.md"
    beside.write_text(beside.read_text(encoding="utf-8") + "ghi chú thêm\n", encoding="utf-8")
    edited = beside.read_bytes()
    _set_score(cluster, "appraised: 10.5", "appraised: 10.25")
    code, _, stderr = _report(cluster)
    assert code == 1
    assert (
        "error: tom-tat.md: tom-tat.moi.md was changed by a person too: neither it nor tom-tat.md was overwritten"
        in stderr
    )
    assert beside.read_bytes() == edited


# ----- a document open in Word -------------------------------------------------------------------------------
def _open_in_word(monkeypatch: pytest.MonkeyPatch, held: str) -> None:
    """os.replace as Windows does it while Word holds `held` open: a sharing violation for that file alone."""
    original = os.replace

    def replace(source: str, target: str | os.PathLike[str]) -> None:
        if Path(target).name == held:
            error = PermissionError(13, "The process cannot access the file", str(target))
            error.winerror = 32  # type: ignore[attr-defined]
            raise error
        original(source, target)

    monkeypatch.setattr(os, "replace", replace)


def test_a_document_open_in_word_is_named_and_the_rest_written(cluster: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = cluster / "van-ban" / "2023"
    with monkeypatch.context() as patch:
        _open_in_word(patch, "bang-tong-hop-diem.xlsx")
        code, _, stderr = _report(cluster)
    assert code == 2
    assert stderr == (
        "error: bang-tong-hop-diem.xlsx: open in another program (Word?): close it and run again\n"
        "1 of 2 document(s) not written. The others are written.\n"
    )
    manifest = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert set(manifest["files"]) == {"tom-tat.md"}
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["tom-tat.md"]
    assert _report(cluster)[0] == 0  # closed: the next run writes it
    assert (out / "bang-tong-hop-diem.xlsx").is_file()


def test_a_single_file_open_elsewhere_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from emulation_cli.errors import FileInUse
    from emulation_cli.writing.atomic import write_atomic

    _open_in_word(monkeypatch, "so-yte.yaml")
    with pytest.raises(FileInUse) as raised:
        write_atomic(tmp_path / "so-yte.yaml", b"x")
    assert raised.value.exit_code == 2
    assert raised.value.message.endswith("so-yte.yaml is open in another program (Word?): close it and run again")
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind

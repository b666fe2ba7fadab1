"""How `emul report --pdf` drives LibreOffice, seen through a stand-in `soffice` on the PATH that logs its calls:
LibreOffices started ahead and stopped at the end, one call per worker for its whole share, a profile kept in the
user's cache (never in the cluster folder), the workbook handed over as soon as it is written, a document that
cannot be converted failing alone, and a rerun with nothing changed converting nothing."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from emulation_cli.reports.pdf import Offices, _calls, shares
from emulation_cli.reports.soffice import cache_folder
from emulation_cli.reports.soffice import profile as _profile

from .conftest import copy_example, run_emul
from .office import needs_office

# Converts what looks like an Office file (a zip) into a small PDF, and leaves anything else unconverted.
# Started without files (ahead of the conversion), it logs its process id and waits, as LibreOffice does, until a
# call on its profile is made (it then ends) or it is stopped.
FAKE_OFFICE = """#!{python}
import hashlib, json, os, sys, time
from pathlib import Path
from urllib.parse import unquote, urlparse
args = sys.argv[1:]
profile = next(a.split("=", 1)[1] for a in args if a.startswith("-env:UserInstallation="))
handed = Path(unquote(urlparse(profile).path)).parent / "handed"
if "--convert-to" in args and os.environ.get("FAKE_OFFICE_HANG"):
    with open(os.environ["FAKE_OFFICE_LOG"], "a", encoding="utf-8") as log:
        log.write(json.dumps({{"hung": profile, "pid": os.getpid()}}) + "\\n")
    time.sleep(300)
if "--convert-to" not in args:
    handed.unlink(missing_ok=True)
    with open(os.environ["FAKE_OFFICE_LOG"], "a", encoding="utf-8") as log:
        log.write(json.dumps({{"serve": profile, "pid": os.getpid()}}) + "\\n")
    if os.environ.get("FAKE_OFFICE_DEAF"):  # as LibreOffice still starting: told of SIGTERM, goes on
        import signal
        def deaf(*_args):
            with open(os.environ["FAKE_OFFICE_LOG"], "a", encoding="utf-8") as log:
                log.write(json.dumps({{"asked_to_end": os.getpid()}}) + "\\n")
        signal.signal(signal.SIGTERM, deaf)
    while not handed.exists():
        time.sleep(0.01)
    sys.exit(0)
out = Path(args[args.index("--outdir") + 1])
files = [a for a in args[args.index("--outdir") + 2:]]
with open(os.environ["FAKE_OFFICE_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps({{"profile": profile, "files": [Path(f).name for f in files]}}) + "\\n")
for name in files:
    data = Path(name).read_bytes()
    if not data.startswith(b"PK"):
        print("Error: source file could not be loaded", file=sys.stderr)
        continue
    digest = hashlib.sha256(data).hexdigest().encode()
    (out / (Path(name).stem + ".pdf")).write_bytes(b"%PDF-1.4\\n% " + digest + b"\\n%%EOF\\n")
handed.touch()
"""


KINDS = ["--only", "bien-ban", "--only", "phieu-cham"]


@pytest.fixture
def office_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "soffice"
    script.write_text(FAKE_OFFICE.format(python=sys.executable), encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    log = tmp_path / "office.log"
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.setenv("FAKE_OFFICE_LOG", str(log))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return log


def _logged(log: Path) -> list[dict[str, object]]:
    if not log.is_file():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def _calls_made(log: Path) -> list[dict[str, object]]:
    return [entry for entry in _logged(log) if "files" in entry]


def _started_ahead(log: Path) -> list[dict[str, object]]:
    return [entry for entry in _logged(log) if "serve" in entry]


def _wait_for(found: Callable[[], bool]) -> bool:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if found():
            return True
        time.sleep(0.02)
    return False


@pytest.fixture
def cluster(tmp_path: Path) -> Path:
    return copy_example("cum-thi-dua-so-7-2023", tmp_path / "c7")


def _report_pdf(cluster: Path) -> tuple[int, str, str]:
    return run_emul(["report", str(cluster), "--pdf", *KINDS, "--only", "bang-tong-hop"])


def test_each_worker_converts_its_share_in_one_call_with_a_cached_profile(
    cluster: Path, office_log: Path, tmp_path: Path
) -> None:
    code, stdout, _ = _report_pdf(cluster)
    assert code == 0, stdout
    calls = _calls_made(office_log)
    converted = sorted(name for call in calls for name in call["files"])  # type: ignore[union-attr]
    assert len(converted) == 8  # the minutes, six score sheets, the workbook
    assert len(calls) <= 4  # at most one call per worker, however many documents
    profiles = {str(call["profile"]) for call in calls}
    assert len(profiles) == len(calls)  # two LibreOffice at once never share a profile
    cache = (tmp_path / "cache" / "emul").as_uri()
    assert all(profile.startswith(cache) for profile in profiles)
    assert not any(str(cluster.as_uri()) in profile for profile in profiles)
    assert len(list((cluster / "van-ban" / "2023").rglob("*.pdf"))) == 8


def test_a_rerun_with_nothing_changed_converts_nothing(cluster: Path, office_log: Path) -> None:
    assert _report_pdf(cluster)[0] == 0
    office_log.unlink()
    code, stdout, _ = _report_pdf(cluster)
    assert code == 0
    assert _calls_made(office_log) == []
    assert stdout.splitlines()[0].startswith("0 file(s) written, 16 unchanged")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is a POSIX signal")
def test_a_libreoffice_never_handed_a_file_is_killed_at_once(
    cluster: Path, office_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rerun with nothing to convert: the LibreOffice started ahead may still be starting, deaf to SIGTERM
    (it was waited for 10 s before being killed): it is killed outright, and none is left."""
    assert _report_pdf(cluster)[0] == 0
    office_log.unlink()
    monkeypatch.setenv("FAKE_OFFICE_DEAF", "1")
    code, _, _ = _report_pdf(cluster)
    assert code == 0
    started = _started_ahead(office_log)
    assert started and _calls_made(office_log) == []
    assert [entry for entry in _logged(office_log) if "asked_to_end" in entry] == []
    assert not any(_running(int(str(entry["pid"]))) for entry in started)


def test_only_the_copy_of_a_changed_document_is_converted_again(cluster: Path, office_log: Path) -> None:
    out = cluster / "van-ban" / "2023"
    assert _report_pdf(cluster)[0] == 0
    office_log.unlink()
    (out / "phieu-cham" / "so-yte.pdf").write_bytes(b"%PDF-1.4 touched by hand\n%%EOF\n")  # a copy changed
    from docx import Document

    document = Document(str(out / "bien-ban-binh-xet.docx"))  # a document edited by the officer
    document.add_paragraph("Ý kiến bổ sung.")
    document.save(str(out / "bien-ban-binh-xet.docx"))
    _report_pdf(cluster)
    converted = sorted(name for call in _calls_made(office_log) for name in call["files"])  # type: ignore[union-attr]
    assert converted == ["bien-ban-binh-xet.docx", "so-yte.docx"]


def test_a_document_that_cannot_be_converted_fails_alone(cluster: Path, office_log: Path) -> None:
    out = cluster / "van-ban" / "2023"
    assert run_emul(["report", str(cluster), *KINDS])[0] == 0
    (out / "phieu-cham" / "so-yte.docx").write_bytes(b"not a zip any more")  # the officer's copy, damaged
    code, stdout, stderr = run_emul(["report", str(cluster), "--pdf", *KINDS])
    assert code == 1
    assert len(_calls_made(office_log)) <= 4
    assert "phieu-cham/so-yte.pdf      failed" in stdout
    assert stderr.splitlines()[0] == (
        "error: phieu-cham/so-yte.pdf: conversion to PDF failed: Error: source file could not be loaded"
    )
    assert stdout.count("failed") == 1
    assert not (out / "phieu-cham" / "so-yte.pdf").exists()
    assert len(list(out.rglob("*.pdf"))) == 6


def test_files_of_the_same_name_go_to_different_calls() -> None:
    assert _calls(["a.docx", "x/a.docx", "b.docx", "y/a.docx"]) == [["a.docx", "b.docx"], ["x/a.docx"], ["y/a.docx"]]


def test_the_cache_folder_follows_the_platform_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_folder() == tmp_path / "xdg" / "emul"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_folder() == tmp_path / "home" / ".cache" / "emul"


def test_a_profile_in_use_is_not_given_to_another_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    with _profile(tmp_path / "a") as first, _profile(tmp_path / "b") as second:
        assert first != second
        assert {first.parent.name, second.parent.name} == {"worker-0", "worker-1"}
    with _profile(tmp_path / "c") as again:  # released: the kept one is used again
        assert again == first


def test_without_a_writable_cache_a_throwaway_profile_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "cache").write_text("a file where the cache folder would go", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    with _profile(tmp_path / "slot") as profile:
        assert profile == tmp_path / "slot" / "profile"


@needs_office
def test_libreoffice_converts_the_rest_of_a_batch_around_a_damaged_document(cluster: Path) -> None:
    out = cluster / "van-ban" / "2023"
    assert run_emul(["report", str(cluster), *KINDS])[0] == 0
    damaged = out / "phieu-cham" / "so-yte.docx"
    damaged.write_bytes(damaged.read_bytes()[:3000])  # cut short: still a zip's start, no longer a document
    code, stdout, stderr = run_emul(["report", str(cluster), "--pdf", *KINDS])
    assert code == 1, stderr
    # LibreOffice's own words on the file, through the LibreOffice started ahead that took the call
    assert "error: phieu-cham/so-yte.pdf: conversion to PDF failed: Error" in stderr
    assert stdout.count("failed") == 1
    assert not (out / "phieu-cham" / "so-yte.pdf").exists()
    assert len(list(out.rglob("*.pdf"))) == 6


HUNG_OFFICE = """#!/bin/sh
sleep 60 &
echo $! > "$HUNG_CHILD"
sleep 60
"""


@pytest.mark.skipif(
    not Path("/proc/self/stat").is_file(),
    reason="the test finds the stand-in LibreOffice's processes in /proc, which only Linux has",
)
def test_a_hung_libreoffice_is_killed_with_what_it_started(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from emulation_cli.reports import pdf

    office = tmp_path / "soffice"
    office.write_text(HUNG_OFFICE, encoding="utf-8")
    office.chmod(0o755)
    child = tmp_path / "child.pid"
    monkeypatch.setenv("HUNG_CHILD", str(child))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(pdf, "TIMEOUT_SECONDS", 0.5)
    folder = tmp_path / "out"
    folder.mkdir()
    for name in ("a.docx", "b.docx"):
        (folder / name).write_bytes(b"PK")
    start = time.monotonic()
    converted = pdf.convert_all(str(office), folder, ["a.docx", "b.docx"], workers=1)
    assert time.monotonic() - start < 10
    assert [(c.source, c.pdf, c.error) for c in converted] == [
        ("a.docx", None, "timeout after 1 s"),  # the limit grows with the files of the call
        ("b.docx", None, "timeout after 1 s"),
    ]
    time.sleep(0.2)
    assert not _running(int(child.read_text(encoding="utf-8")))


def _running(pid: int) -> bool:
    """Alive, not a zombie waiting for a parent that no longer exists to read its end."""
    try:
        status = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    except FileNotFoundError:
        return False
    return status.rsplit(")", 1)[1].split()[0] != "Z"


def test_a_document_gone_before_its_conversion_fails_alone(tmp_path: Path, office_log: Path) -> None:
    from emulation_cli.reports.pdf import convert_all

    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "a.docx").write_bytes(b"PK a document")
    converted = convert_all("soffice", folder, ["gone.docx", "a.docx"], workers=1)
    assert [(c.source, c.pdf is None) for c in converted] == [("gone.docx", True), ("a.docx", False)]
    assert converted[0].error == "No such file or directory"


@pytest.mark.parametrize("workers", [2, 3, 4])
def test_workbooks_and_documents_go_to_different_libreoffices(workers: int) -> None:
    names = ["bao-cao.docx", "bang-tong-hop-diem.xlsx", "to-trinh.docx", "phieu-cham/a.docx", "phieu-cham/b.docx"]
    split = shares(names, workers)
    assert split[0] == ["bang-tong-hop-diem.xlsx"]
    assert sorted(name for share in split[1:] for name in share) == sorted(n for n in names if n.endswith(".docx"))
    assert len(split) == min(workers, 5)
    assert all(share for share in split)


def test_one_libreoffice_or_one_kind_of_file_splits_evenly() -> None:
    docs = [f"d{i}.docx" for i in range(5)]
    assert shares(docs, 2) == [["d0.docx", "d2.docx", "d4.docx"], ["d1.docx", "d3.docx"]]
    assert shares([*docs, "x.xlsx"], 1) == [[*docs, "x.xlsx"]]
    assert shares(["x.xlsx"], 3) == [["x.xlsx"]]


def _alive(pid: int) -> bool:
    if Path("/proc").is_dir():
        return _running(pid)
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in LibreOffice is a script run by its #! line")
def test_libreoffice_starts_before_the_folder_is_read_and_is_stopped_even_when_it_is_refused(
    cluster: Path, office_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from emulation_cli.reports import soffice
    from emulation_cli.validation import project

    events: list[str] = []
    started: list[subprocess.Popen[bytes]] = []

    def serve(office: str, profile: Path, log: Path, yielding: bool = False) -> subprocess.Popen[bytes] | None:
        events.append("LibreOffice started")
        process = serve_for_real(office, profile, log, yielding)
        started.extend([process] if process else [])
        return process

    def load(folder: Path) -> project.Project:
        events.append("folder read")
        return load_for_real(folder)

    serve_for_real, load_for_real = soffice.serve, project.load_project
    monkeypatch.setattr(soffice, "serve", serve)
    monkeypatch.setattr(project, "load_project", load)
    (cluster / "units.yaml").write_text("units: [\n", encoding="utf-8")  # the folder is refused (exit 1)
    code, _stdout, _stderr = _report_pdf(cluster)
    assert code == 1
    assert events[0] == "LibreOffice started" and "folder read" in events
    assert started and all(process.poll() is not None for process in started)  # stopped, not left waiting
    assert _calls_made(office_log) == []


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in LibreOffice is a script run by its #! line")
def test_the_calls_go_to_the_profiles_of_the_libreoffices_started_ahead(cluster: Path, office_log: Path) -> None:
    code, stdout, _ = _report_pdf(cluster)
    assert code == 0, stdout
    started = _started_ahead(office_log)
    assert len(started) == max(1, min(os.cpu_count() or 1, 4))
    assert {str(call["profile"]) for call in _calls_made(office_log)} <= {str(entry["serve"]) for entry in started}
    assert not any(_alive(int(str(entry["pid"]))) for entry in started)


def test_the_files_are_listed_in_the_same_order_with_or_without_pdf(cluster: Path, office_log: Path) -> None:
    def listed(stdout: str) -> list[str]:
        lines = stdout.splitlines()[1:]
        return [line.split()[0] for line in lines[: next(i for i, t in enumerate(lines) if not t.startswith("  "))]]

    names = listed(
        run_emul(["report", str(cluster), *KINDS, "--only", "bang-tong-hop", "--out", str(cluster / "a")])[1]
    )
    with_pdf = listed(run_emul(["report", str(cluster), "--pdf", *KINDS, "--only", "bang-tong-hop"])[1])
    assert [name for name in with_pdf if not name.endswith(".pdf")] == names
    assert names.index("bang-tong-hop-diem.xlsx") > 0  # not first, though it is written first with --pdf


def _folder_with(tmp_path: Path, **files: bytes) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    for name, content in files.items():
        (folder / name.replace("_", ".")).write_bytes(content)
    return folder


def _pdf_of(content: bytes) -> bytes:
    import hashlib

    return b"%PDF-1.4\n% " + hashlib.sha256(content).hexdigest().encode() + b"\n%%EOF\n"


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in LibreOffice is a script run by its #! line")
def test_a_workbook_is_handed_over_as_soon_as_it_is_written(tmp_path: Path, office_log: Path) -> None:
    folder = _folder_with(tmp_path, a_xlsx=b"PK workbook", b_docx=b"PK document")
    with Offices("soffice", workers=2) as offices:
        offices.start()
        offices.convert_soon(folder, "b.docx")  # only a workbook is handed early
        offices.convert_soon(folder, "a.xlsx")
        assert _wait_for(lambda: bool(_calls_made(office_log)))  # before anything asks for the PDFs
        assert [call["files"] for call in _calls_made(office_log)] == [["a.xlsx"]]
        converted = offices.convert(folder, ["a.xlsx", "b.docx"])
    assert [(c.source, c.pdf) for c in converted] == [
        ("a.xlsx", _pdf_of(b"PK workbook")),
        ("b.docx", _pdf_of(b"PK document")),
    ]
    assert sorted(str(call["files"]) for call in _calls_made(office_log)) == ["['a.xlsx']", "['b.docx']"]
    assert not any(_alive(int(str(entry["pid"]))) for entry in _started_ahead(office_log))


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in LibreOffice is a script run by its #! line")
def test_a_workbook_changed_after_it_was_handed_over_is_converted_again(tmp_path: Path, office_log: Path) -> None:
    folder = _folder_with(tmp_path, a_xlsx=b"PK first")
    with Offices("soffice", workers=2) as offices:
        offices.start()
        offices.convert_soon(folder, "a.xlsx")
        assert _wait_for(lambda: bool(_calls_made(office_log)))
        (folder / "a.xlsx").write_bytes(b"PK second")
        converted = offices.convert(folder, ["a.xlsx"])
    assert [(c.source, c.pdf) for c in converted] == [("a.xlsx", _pdf_of(b"PK second"))]
    assert len(_calls_made(office_log)) == 2


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in LibreOffice is a script run by its #! line")
def test_with_one_libreoffice_nothing_is_handed_early(tmp_path: Path, office_log: Path) -> None:
    folder = _folder_with(tmp_path, a_xlsx=b"PK workbook", b_docx=b"PK document")
    with Offices("soffice", workers=1) as offices:
        offices.start()
        offices.convert_soon(folder, "a.xlsx")  # its one LibreOffice ends with its first call: keep it for all
        converted = offices.convert(folder, ["a.xlsx", "b.docx"])
    assert [c.pdf is not None for c in converted] == [True, True]
    assert [call["files"] for call in _calls_made(office_log)] == [["a.xlsx", "b.docx"]]


@needs_office
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="the test looks for LibreOffice's processes in /proc")
def test_real_libreoffice_started_ahead_converts_and_is_gone_at_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from .office import SOFFICE

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # no other run takes this profile meanwhile
    assert SOFFICE is not None
    example = run_emul(
        ["report", str(copy_example("cum-thi-dua-so-7-2023", tmp_path / "c7")), *KINDS, "--out", str(tmp_path / "docs")]
    )
    assert example[0] == 0
    folder = tmp_path / "docs"
    names = ["bien-ban-binh-xet.docx", "phieu-cham/so-yte.docx"]
    with Offices(SOFFICE, workers=1) as offices:
        offices.start()
        profile = offices._waiting[0].profile
        converted = offices.convert(folder, names)  # whichever of the two LibreOffices on the profile takes it
    assert [c.pdf is not None and c.pdf.startswith(b"%PDF") for c in converted] == [True, True]
    assert not [pid for pid in _office_processes() if str(profile.as_uri()) in _command_line(pid)]


def _office_processes() -> list[int]:
    return [int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit() and _running(int(entry.name))]


def _command_line(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is a POSIX signal")
def test_a_report_ended_by_sigterm_leaves_no_libreoffice_running(cluster: Path, office_log: Path) -> None:
    import signal

    environment = {**os.environ, "FAKE_OFFICE_HANG": "1", "EMUL_LANG": "en"}
    command = [sys.executable, "-m", "emulation_cli", "report", str(cluster), "--pdf", *KINDS]
    with subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as emul:
        assert _wait_for(lambda: any("hung" in entry for entry in _logged(office_log)))  # stuck converting
        emul.send_signal(signal.SIGTERM)
        _out, err = emul.communicate(timeout=60)
    assert emul.returncode == 130, err  # as Ctrl-C: the files written so far are recorded
    left = [entry for entry in _logged(office_log) if "pid" in entry]
    assert left and not [entry for entry in left if _alive(int(str(entry["pid"])))]


@pytest.mark.skipif(sys.platform == "win32", reason="a killed run's LibreOffice is ended on POSIX systems only")
def test_a_libreoffice_left_by_a_killed_run_is_ended_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from emulation_cli.reports import soffice

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    place = cache_folder() / "libreoffice" / "worker-0"
    place.mkdir(parents=True)
    sleeper = [sys.executable, "-c", "import time; time.sleep(300)"]
    left = subprocess.Popen([*sleeper, f"-env:UserInstallation={(place / 'profile').as_uri()}"], start_new_session=True)
    other = subprocess.Popen([*sleeper, "-env:UserInstallation=file:///elsewhere"], start_new_session=True)
    try:
        uri = (place / "profile").as_uri()
        assert _wait_for(lambda: uri in _command_line(left.pid))  # its own command line, once it is started
        (place / "soffice.pid").write_text(str(left.pid), encoding="ascii")
        with soffice.profile(tmp_path / "slot") as profile:
            assert profile == place / "profile"
            assert left.wait(timeout=10) is not None  # ended: its command line names this profile
        assert not (place / "soffice.pid").exists()
        (place / "soffice.pid").write_text(str(other.pid), encoding="ascii")  # a pid now used by another program
        with soffice.profile(tmp_path / "slot"):
            pass
        assert other.poll() is None  # not ours: left alone
    finally:
        for process in (left, other):
            process.kill()
            process.wait()


@pytest.mark.skipif(sys.platform == "win32", reason="Windows takes a priority class, not a niceness")
def test_the_libreoffices_after_the_first_start_at_a_lower_priority(tmp_path: Path, office_log: Path) -> None:
    with Offices("soffice", workers=2) as offices:
        offices.start()
        assert _wait_for(lambda: len(_started_ahead(office_log)) == 2)
        ours = os.getpriority(os.PRIO_PROCESS, 0)
        niceness = {
            str(e["serve"]): os.getpriority(os.PRIO_PROCESS, int(str(e["pid"]))) for e in _started_ahead(office_log)
        }
        assert sorted(niceness.values()) == [ours, min(ours + 10, 19)]  # the workbook's first, the others yield
        assert niceness[offices._waiting[0].profile.as_uri()] == ours

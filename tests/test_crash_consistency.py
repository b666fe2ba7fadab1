"""A real `emul report` killed (-9) at random points of its writes, with the data switching between two versions
and one document edited by the officer: after each kill every output is the old or the new complete version,
and the next run's verdicts ("written", "unchanged", "kept as you edited it"...) are all true.

EMUL_CRASH_TRIALS=N runs N trials (3 by default; 20 or more before a release); EMUL_CRASH_SEED picks the kill
points (printed on failure)."""

from __future__ import annotations

import hashlib
import os
import random
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from emulation_cli.reports.manifest import MANIFEST_NAME

from .conftest import copy_example

TRIALS = int(os.environ.get("EMUL_CRASH_TRIALS", "3"))
SEED = int(os.environ.get("EMUL_CRASH_SEED", "13"))
EDITED = "tom-tat.md"
BESIDE = "tom-tat.moi.md"
SCORE = {"A": "appraised: 9.75", "B": "appraised: 10.5"}
# Word, Excel and Markdown, in the folder and in a subfolder (phieu-cham/): enough to be killed anywhere, quickly
KINDS = ("bao-cao", "phieu-cham", "bang-tong-hop", "tom-tat")
_LINE = re.compile(r"^  (\S+)\s{2,}(\S.*)$")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="kill -9")


class Folder:
    """The cluster, the two clean versions of every output, and what the test knows emul last wrote."""

    def __init__(self, tmp_path: Path) -> None:
        self.cluster = copy_example("cum-thi-dua-so-7-2023", tmp_path / "c7")
        self.out = self.cluster / "van-ban" / "2023"
        self.clean = {"B": self._clean_version("B")}
        self.use("A")
        assert self.report().returncode == 0
        self.clean["A"] = self.files()
        self.emul_wrote: dict[str, str] = {}  # file -> hash of what emul last put there
        self.edit: bytes | None = None  # the officer's version of EDITED, once edited

    def use(self, data: str) -> None:
        path = self.cluster / "assessments" / "2023" / "so-tttt.yaml"
        text = path.read_text(encoding="utf-8")
        for score in SCORE.values():
            text = text.replace(score, SCORE[data])
        path.write_text(text, encoding="utf-8")

    def report(self, crash_at: int | None = None, out: Path | None = None) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "NO_COLOR": "1"}
        env.pop("EMUL_CRASH_AT", None)
        if crash_at is not None:
            env["EMUL_CRASH_AT"] = str(crash_at)
        kinds = [arg for kind in KINDS for arg in ("--only", kind)]
        args = ["report", str(self.cluster), *kinds, *(["--out", str(out)] if out else [])]
        return subprocess.run(
            [sys.executable, "-m", "emulation_cli", "--lang", "en", *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            timeout=120,
        )

    def _clean_version(self, data: str) -> dict[str, str]:
        self.use(data)
        out = self.cluster.parent / f"clean-{data}"
        assert self.report(out=out).returncode == 0
        return _hashes(out)

    def files(self) -> dict[str, str]:
        return _hashes(self.out)

    def expected_verdicts(self, data: str) -> dict[str, str]:
        current = self.files()
        verdicts = {}
        for name, new in self.clean[data].items():
            if name == EDITED and self.edit is not None:
                same = self.emul_wrote[name] == new
                verdicts[name] = "kept as you edited it" + ("" if same else "; new version beside it")
            elif current.get(name) == new:
                verdicts[name] = "unchanged"
            else:
                verdicts[name] = "written"
        return verdicts

    def observe(self) -> None:
        """Whatever changed since is emul's doing (the officer's file excepted)."""
        for name, digest in self.files().items():
            if name not in (EDITED, BESIDE) or self.edit is None:
                self.emul_wrote[name] = digest

    def edit_summary(self) -> None:
        path = self.out / EDITED
        path.write_bytes(path.read_bytes() + "\nGhi chú của văn phòng.\n".encode())
        self.edit = path.read_bytes()


def _hashes(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith(".")  # emul's control and temporary files
    }


def _verdicts(stdout: str) -> dict[str, str]:
    return {match[1]: match[2] for line in stdout.splitlines() if (match := _LINE.match(line))}


def _check_old_or_new(folder: Folder, before: dict[str, str], data: str) -> None:
    for name, digest in folder.files().items():
        new = folder.clean[data][name.replace(".moi.", ".")]
        if name == EDITED and folder.edit is not None:
            assert digest == hashlib.sha256(folder.edit).hexdigest(), "the officer's edit was touched"
        else:
            assert digest in (before.get(name), new), f"{name} is neither the old nor the new version"


def _check_clean_run(folder: Folder, data: str) -> None:
    expected = folder.expected_verdicts(data)
    done = folder.report()
    assert done.returncode == 0, done.stderr
    assert _verdicts(done.stdout) == expected
    files = folder.files()
    for name, new in folder.clean[data].items():
        if name == EDITED and folder.edit is not None:
            assert (folder.out / name).read_bytes() == folder.edit
            assert files.get(BESIDE) == (None if expected[name] == "kept as you edited it" else new)
        else:
            assert files[name] == new
    leftovers = {p.name for p in folder.out.iterdir() if p.name.startswith(".")}
    assert leftovers == {MANIFEST_NAME}  # no journal, no lock, no temporary file


def test_a_report_killed_anywhere_leaves_whole_files_and_true_verdicts(tmp_path: Path) -> None:
    folder = Folder(tmp_path)  # its output folder holds the clean version of data A
    rng = random.Random(SEED)
    folder.observe()
    points = 3 * len(folder.clean["A"]) + 3  # per file: journaled, before and after it replaces the old one
    current = "A"
    for trial in range(TRIALS):
        data = _other(current)  # the killed run has new data for some files
        crash_at = rng.randint(1, points)
        note = f"seed {SEED}, trial {trial}, data {data}, killed at crash point {crash_at}"
        folder.use(data)
        before = folder.files()
        done = folder.report(crash_at)
        assert done.returncode in (-signal.SIGKILL, 0), note + "\n" + done.stderr
        _check_old_or_new(folder, before, data)
        folder.observe()
        if trial == 1:
            folder.edit_summary()
        # mostly back to the data before the kill: what a file the killed run wrote must not pass for an edit
        current = rng.choice("AB") if trial % 3 == 2 else _other(data)
        folder.use(current)
        try:
            _check_clean_run(folder, current)
        except AssertionError as failure:
            raise AssertionError(f"{note}; then a clean run with data {current}") from failure
        folder.observe()


def _other(data: str) -> str:
    return "A" if data == "B" else "B"

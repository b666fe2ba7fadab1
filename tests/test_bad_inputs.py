"""The gallery of bad inputs: each case under data/bad/ changes the base cluster and lists the exact output.

A case folder holds the files that replace or add to tests/data/base (same relative paths), optionally
`_delete` (one relative path per line to remove from the copy), `expected.txt` (the exact output of
`emul --lang en validate .` run inside the copy), optionally `expected.vi.txt` (the same in Vietnamese)
and optionally `exit_code` (default 1).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import DATA, run_emul

CASE_FILES = {"expected.txt", "expected.vi.txt", "exit_code", "_delete", "README"}
CASES = sorted(p for p in (DATA / "bad").iterdir() if p.is_dir())
GOLDEN = {"en": "expected.txt", "vi": "expected.vi.txt"}
RUNS = [(case, lang) for case in CASES for lang, name in GOLDEN.items() if (case / name).exists()]


def build_case(case: Path, target: Path) -> Path:
    shutil.copytree(DATA / "base", target)
    for source in sorted(case.rglob("*")):
        relative = source.relative_to(case)
        if source.is_file() and str(relative) not in CASE_FILES:
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)
    deletions = case / "_delete"
    if deletions.exists():
        for line in deletions.read_text(encoding="utf-8").split():
            doomed = target / line
            if doomed.is_dir():
                shutil.rmtree(doomed)
            else:
                doomed.unlink()
    return target


def test_gallery_has_at_least_25_cases() -> None:
    assert len(CASES) >= 25


def test_every_case_has_an_english_golden_file() -> None:
    assert [c.name for c in CASES if not (c / "expected.txt").exists()] == []


@pytest.mark.parametrize(("case", "lang"), RUNS, ids=[f"{c.name}-{lang}" for c, lang in RUNS])
def test_bad_input_gives_exact_messages(case: Path, lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected_file = case / GOLDEN[lang]
    folder = build_case(case, tmp_path / "cum")
    monkeypatch.chdir(folder)
    code, out, _err = run_emul(["validate", "."], lang=lang)
    assert out == expected_file.read_text(encoding="utf-8")
    exit_file = case / "exit_code"
    assert code == (int(exit_file.read_text()) if exit_file.exists() else 1)

"""A rerun renders only the documents whose inputs changed since emul wrote them: the others, still as emul
wrote them, are not rendered again (counted through the function that writes what a renderer made)."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from emulation_cli.reports import batch, inputs
from emulation_cli.reports.manifest import MANIFEST_NAME
from emulation_cli.reports.templates import OWN_FOLDER

from .conftest import REPO, copy_example, git, run_emul

WORKBOOK = "bang-tong-hop-diem.xlsx"


@pytest.fixture
def cluster(tmp_path: Path) -> Path:
    return copy_example("cum-thi-dua-so-7-2023", tmp_path / "c7")


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the documents rendered, in order."""
    names: list[str] = []
    write: Callable[..., batch.Result] = batch.write_guarded

    def counting(name: str, *args: Any, **kwargs: Any) -> batch.Result:
        names.append(name)
        return write(name, *args, **kwargs)

    monkeypatch.setattr(batch, "write_guarded", counting)
    return names


def _report(cluster: Path, rendered: list[str]) -> list[str]:
    rendered.clear()
    code, _, stderr = run_emul(["report", str(cluster), "--period", "2023"])
    assert (code, stderr) == (0, "")
    return sorted(rendered)


def _files(cluster: Path) -> dict[str, bytes]:
    out = cluster / "van-ban" / "2023"
    files = (p for p in sorted(out.rglob("*")) if p.is_file() and p.name != MANIFEST_NAME)
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in files}


def test_a_rerun_with_nothing_changed_renders_nothing(cluster: Path, rendered: list[str]) -> None:
    first = _report(cluster, rendered)
    assert len(first) >= 10
    before = _files(cluster)
    assert _report(cluster, rendered) == []
    assert _files(cluster) == before


def test_a_changed_template_renders_again_the_documents_made_from_it(cluster: Path, rendered: list[str]) -> None:
    _report(cluster, rendered)
    own = cluster / OWN_FOLDER
    own.mkdir()
    shutil.copy(REPO / "templates" / "report" / "bao-cao.docx", own / "bao-cao.docx")
    assert _report(cluster, rendered) == []  # the same bytes: the same document
    with zipfile.ZipFile(own / "bao-cao.docx", "a") as template:
        template.comment = b"edited"
    assert _report(cluster, rendered) == ["bao-cao-tong-ket.docx"]


def test_a_changed_assessment_renders_again_the_documents_it_reaches_as_a_fresh_run_would(
    cluster: Path, rendered: list[str], tmp_path: Path
) -> None:
    _report(cluster, rendered)
    before = _files(cluster)
    assessment = cluster / "assessments" / "2023" / "so-tttt.yaml"
    assessment.write_text(assessment.read_text(encoding="utf-8").replace("appraised: 9.75", "appraised: 10.5"))
    again = _report(cluster, rendered)
    after = _files(cluster)
    changed = sorted(name for name in after if after[name] != before.get(name))
    assert set(changed) <= set(again)
    assert "phieu-cham/so-tttt.docx" in again
    assert "phieu-cham/so-tttt.docx" in changed
    assert WORKBOOK in again  # drawn from the whole project: any change in the data draws it again
    fresh = copy_example("cum-thi-dua-so-7-2023", tmp_path / "fresh")
    shutil.copy(assessment, fresh / "assessments" / "2023" / "so-tttt.yaml")
    _report(fresh, rendered)
    assert _files(fresh) == after  # what was not rendered again is what a fresh run writes


def test_a_hand_edited_document_is_still_kept(cluster: Path, rendered: list[str]) -> None:
    _report(cluster, rendered)
    document = cluster / "van-ban" / "2023" / "giao-uoc-thi-dua.docx"
    document.write_bytes(document.read_bytes() + b"\0")  # the officer's copy, saved over emul's
    edited = document.read_bytes()
    assert _report(cluster, rendered) == ["giao-uoc-thi-dua.docx"]
    assert document.read_bytes() == edited
    assert not document.with_name("giao-uoc-thi-dua.moi.docx").exists()


def test_a_new_emul_renders_every_document_again(
    cluster: Path, rendered: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _report(cluster, rendered)
    monkeypatch.setattr(inputs, "emul_fingerprint", lambda: "another emul")
    assert _report(cluster, rendered) == first


def test_emuls_fingerprint_follows_its_code_and_not_its_byte_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "emulation_cli"
    (package / "__pycache__").mkdir(parents=True)
    (package / "scoring.py").write_text("ROUNDING = 'half_up'\n", encoding="utf-8")
    monkeypatch.setattr(inputs, "_PACKAGE", package)

    def fingerprint() -> str:
        inputs.emul_fingerprint.cache_clear()
        return inputs.emul_fingerprint()

    first = fingerprint()
    (package / "__pycache__" / "scoring.cpython-311.pyc").write_bytes(b"compiled")
    assert fingerprint() == first
    (package / "scoring.py").write_text("ROUNDING = 'half_even'\n", encoding="utf-8")
    assert fingerprint() != first
    inputs.emul_fingerprint.cache_clear()


def test_a_comment_changes_only_the_workbook_whose_audit_sheet_hashes_the_files(
    cluster: Path, rendered: list[str]
) -> None:
    _report(cluster, rendered)
    assessment = cluster / "assessments" / "2023" / "so-tttt.yaml"
    assessment.write_text(assessment.read_text(encoding="utf-8") + "# đã rà soát\n", encoding="utf-8")
    assert _report(cluster, rendered) == [WORKBOOK]


@pytest.mark.usefixtures("isolated_git")
def test_committing_the_rubric_draws_the_workbook_again_with_its_commit(cluster: Path, rendered: list[str]) -> None:
    _report(cluster, rendered)
    workbook = cluster / "van-ban" / "2023" / WORKBOOK
    before = workbook.read_bytes()
    git(cluster, "init", "-q")
    git(cluster, "add", "criteria")
    git(cluster, "commit", "-q", "-m", "Bộ tiêu chí")
    assert _report(cluster, rendered) == [WORKBOOK]
    assert workbook.read_bytes() != before  # the audit sheet now names the rubric's commit

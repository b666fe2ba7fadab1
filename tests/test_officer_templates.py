"""The committed .docx templates are the officer's: an edit made in Word (here with python-docx, which keeps
the runs as Word does) reaches the documents, and nothing in emul writes a template back."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from docx import Document

from emulation_cli.reports import templates

from .conftest import REPO, copy_example, run_emul
from .dump import dump

SHIPPED = REPO / "templates" / "report"
_TAG = re.compile(r"[{}%]")


def _edit_first_plain_run(path: Path, suffix: str) -> str:
    """Append `suffix` to the first run of plain wording (no template tag), as an officer typing in Word would;
    return the run's new text."""
    document = Document(str(path))
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            words = run.text.strip()
            if len(words) > 3 and not _TAG.search(paragraph.text) and any(c.isalpha() for c in words):
                run.text = run.text + suffix
                document.save(str(path))
                return run.text.strip()
    raise AssertionError(f"{path.name} has no paragraph of plain wording")


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def test_an_edit_to_the_shipped_template_reaches_the_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = shutil.copytree(SHIPPED, tmp_path / "templates" / "report")
    monkeypatch.setattr(templates, "default_template", lambda name: shipped / name)
    edited = _edit_first_plain_run(shipped / "to-trinh.docx", " (đã sửa trong Word)")
    before = _digest(shipped)
    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum")
    out = tmp_path / "out"
    for _run in range(2):  # a second run must not revert anything either
        code, _stdout, stderr = run_emul(["report", str(folder), "--only", "to-trinh", "--out", str(out)])
        assert (code, stderr) == (0, "")
    assert edited in dump(out / "to-trinh-khen-thuong.docx")
    assert run_emul(["template", "check", str(shipped / "to-trinh.docx")])[0] == 0
    assert _digest(shipped) == before


def test_an_edit_to_the_clusters_own_copy_reaches_the_document_and_stays(tmp_path: Path) -> None:
    folder = copy_example("cum-thi-dua-so-7-2023", tmp_path / "cum")
    own = folder / "templates"
    own.mkdir()
    shutil.copy(SHIPPED / "bao-cao.docx", own / "bao-cao.docx")
    edited = _edit_first_plain_run(own / "bao-cao.docx", " – bản của cụm")
    before = _digest(own)
    code, _stdout, stderr = run_emul(["report", str(folder), "--only", "bao-cao", "--out", str(tmp_path / "out")])
    assert (code, stderr) == (0, "")
    assert edited in dump(tmp_path / "out" / "bao-cao-tong-ket.docx")
    assert _digest(own) == before


def test_no_code_writes_into_the_shipped_templates() -> None:
    """No generator re-creates the committed templates: a script that saves a Word file under templates/report
    would undo an officer's edit the next time someone runs it."""
    sources = [*(REPO / "src").rglob("*.py"), *(REPO / "tools").rglob("*.py"), *(REPO / "bench").rglob("*.py")]
    writers = []
    for path in sources:
        text = path.read_text(encoding="utf-8")
        if re.search(r"""["']report["']""", text) and "templates" in text and re.search(r"\.save\(", text):
            writers.append(path.relative_to(REPO).as_posix())
    assert writers == []

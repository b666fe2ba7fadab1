"""The prose of the documents as an officer would sign it: no internal codes, one term for one thing, one kind of
quote and dash, and a pro-rata target written with its rule."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from emulation_cli.model.covenant import Commitment
from emulation_cli.scoring.commitments import target_by, whole_rounding

from .conftest import REPO, load_period, run_emul

RUNS = [
    ("cum-thi-dua-so-7-2023", "2023"),
    ("cum-thi-dua-so-7-2023", "2023-H1"),
    ("khoi-thi-dua-so-5-2023", "2023"),
    ("cum-thi-dua-so-7-2025", "2025"),
    ("khoi-binh-xet-2025", "2025"),
]
OFFICIAL = ("bao-cao", "to-trinh", "bien-ban")  # the documents whose prose must carry no internal code
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"  # the decree writes the motto with hyphens


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    written = {}
    for example, period in RUNS:
        out = tmp_path_factory.mktemp("docs") / f"{example}-{period}"
        code, _out, err = run_emul(["report", str(REPO / "examples" / example), "--period", period, "--out", str(out)])
        assert code == 0, err
        written[example, period] = out
    return written


def _codes(example: str, period: str) -> set[str]:
    """The ids of the example's commitments and criteria: internal codes, never the reader's words."""
    builder = load_period(REPO / "examples" / example, period)
    project = builder.project
    codes = {c.id for c in project.covenant.model.commitments} if project.covenant else set()
    if builder.rubric is not None:
        codes |= {node for node in builder.rubric.nodes() if not re.fullmatch(r"[IVX]+", node)}
    return codes


def _body_paragraphs(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs if p.text.strip()]


def _every_paragraph(path: Path) -> Iterator[str]:
    """The text of every paragraph, in the body and in every table cell."""
    document = Document(str(path))

    def walk(blocks: Iterator[Paragraph | Table]) -> Iterator[str]:
        for block in blocks:
            if isinstance(block, Paragraph):
                yield block.text
            else:
                for row in block.rows:
                    for cell in row.cells:
                        yield from walk(iter(cell.iter_inner_content()))

    yield from walk(iter(document.iter_inner_content()))


@pytest.mark.parametrize(("example", "period"), RUNS)
def test_no_commitment_or_criterion_code_in_the_prose_of_official_documents(
    outputs: dict[tuple[str, str], Path], example: str, period: str
) -> None:
    codes = _codes(example, period)
    assert codes
    pattern = re.compile(r"(?<![\w.])(" + "|".join(map(re.escape, sorted(codes))) + r")(?![\w]|\.\w)")
    documents = [p for p in sorted(outputs[example, period].glob("*.docx")) if p.name.startswith(OFFICIAL)]
    assert documents
    found = [(p.name, line) for p in documents for line in _body_paragraphs(p) if pattern.search(line)]
    assert found == []


@pytest.mark.parametrize(("example", "period"), RUNS)
def test_one_term_one_kind_of_quote_and_dash_no_stray_spaces(
    outputs: dict[tuple[str, str], Path], example: str, period: str
) -> None:
    problems = []
    for path in sorted(outputs[example, period].rglob("*.docx")):
        for text in _every_paragraph(path):
            if re.search(r"(?i)điểm cộng", text) or text.strip() in ("Thưởng", "Cộng", "Trừ"):
                problems.append((path.name, "term", text))
            if '"' in text:
                problems.append((path.name, "straight quote", text))
            if " - " in text.replace(TIEU_NGU, ""):
                problems.append((path.name, "hyphen as a dash", text))
            if text != text.lstrip() or "  " in text:
                problems.append((path.name, "stray space", text))
    assert problems == []


def _commitment(target: str, unit: str | None, comparison: str = "at_least") -> Commitment:
    return Commitment.model_validate(
        {
            "id": "x",
            "text": "x",
            "target": Decimal(target),
            "unit_of_measure": unit,
            "comparison": comparison,
            "cumulative": True,
        }
    )


def test_a_pro_rata_count_of_whole_things_is_whole_and_a_rate_is_not() -> None:
    half = Fraction(181, 365)
    assert whole_rounding(_commitment("3", "bài")) == "up"
    assert target_by(_commitment("3", "bài"), half) == 2  # 1,49 bài is not a target anyone can meet
    assert target_by(_commitment("5", "lượt vi phạm", "at_most"), half) == 2  # 2,48: at most 2, never easier
    assert target_by(_commitment("100", "%"), half) == 100 * half  # a rate stays exact
    assert target_by(_commitment("2.5", "tỷ đồng"), half) == Fraction(5, 2) * half  # not a count
    assert target_by(_commitment("3", "bài"), Fraction(1)) == 3


def test_the_progress_report_writes_a_pro_rata_target_with_its_rule(outputs: dict[tuple[str, str], Path]) -> None:
    builder = load_period(REPO / "examples" / "cum-thi-dua-so-7-2023", "2023-H1")
    outcome = next(o for p in builder.data.progress for o in p.outcomes if o.commitment.id == "CHUNG.3")
    words = "2 bài (cả năm 3 bài, tính theo tiến độ đến ngày 30/6/2023, làm tròn lên số nguyên)"
    assert builder.target_words(outcome) == words
    report = "\n".join(_body_paragraphs(outputs["cum-thi-dua-so-7-2023", "2023-H1"] / "bao-cao-so-ket.docx"))
    assert f"(số bài dự thi gửi Thành phố: 1 bài; chỉ tiêu {words})." in report
    assert "49,59 % (cả năm 100 %, tính theo tiến độ đến ngày 30/6/2023)" in report  # a rate: no rounding rule
    assert not re.search(r"\d,\d{3,}|1,49|0,99", report)

"""`emul template check` and `emul template variables`: exact messages, each with its place in the document."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from .conftest import REPO, run_emul

DEFAULTS = [
    *sorted((REPO / "templates" / "report").glob("*.docx")),
    *sorted((REPO / "templates" / "report").glob("*.j2")),
]


def _word(path: Path, paragraphs: list[str], cells: list[list[str]] | None = None) -> Path:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if cells:
        table = document.add_table(rows=len(cells), cols=len(cells[0]))
        for row, values in zip(table.rows, cells, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    document.save(str(path))
    return path


def test_the_default_templates_are_clean() -> None:
    code, stdout, stderr = run_emul(["template", "check", *map(str, DEFAULTS)])
    assert (code, stdout, stderr) == (0, f"OK: {len(DEFAULTS)} template(s) checked, no problems found.\n", "")


def test_unknown_variables_are_placed_in_paragraphs_and_cells(tmp_path: Path) -> None:
    template = _word(
        tmp_path / "bao-cao.docx",
        ["{{ cluster.nmae }}", "Kỳ {{ period.title }}, {{ chu_de }}"],
        [["{%tr for r in results %}", ""], ["{{ r.unit.shortname }}", "{{ r.total }}"], ["{%tr endfor %}", ""]],
    )
    code, stdout, _ = run_emul(["template", "check", str(template)])
    assert code == 1
    assert stdout == (
        f"{template}: paragraph 1 «{{{{ cluster.nmae }}}}»: error: unknown variable 'cluster.nmae'; "
        "did you mean 'name'?\n"
        f"{template}: paragraph 2 «Kỳ {{{{ period.title }}}}, {{{{ chu_de }}}}»: error: unknown variable 'chu_de'\n"
        f"{template}: table 1, row 2, cell 1 «{{{{ r.unit.shortname }}}}»: error: unknown variable 'r.unit.shortname'; "
        "did you mean 'short_name'?\n"
        "3 problem(s) in the template(s).\n"
    )


def test_a_syntax_error_is_placed_too(tmp_path: Path) -> None:
    template = _word(tmp_path / "to-trinh.docx", ["Kính gửi", "{%p if awards %}", "{{ awards.titles }}"])
    code, stdout, _ = run_emul(["template", "check", str(template)], lang="vi")
    assert code == 1
    assert stdout.splitlines()[0] == (
        f"{template}: đoạn 2 «{{%p if awards %}}»: lỗi: lỗi cú pháp: "
        "'{% if %}' chưa được đóng: thêm '{% endif %}' ở chỗ khối kết thúc"
    )


def test_unknown_filters_and_tests_and_other_syntax_errors(tmp_path: Path) -> None:
    template = _word(tmp_path / "bao-cao.docx", ["{{ cluster.name|uper }}", "{{ 1 is evn }}", "{{ period.year + }}"])
    code, stdout, _ = run_emul(["template", "check", str(template)])
    assert (code, stdout.splitlines()[0]) == (
        1,
        f"{template}: paragraph 3 «{{{{ period.year + }}}}»: error: syntax error: unexpected 'end of print statement'",
    )
    template = _word(tmp_path / "bien-ban.docx", ["{{ cluster.name|uper }}", "{{ 1 is evn }}"])
    code, stdout, _ = run_emul(["template", "check", str(template)])
    assert stdout == (
        f"{template}: paragraph 1 «{{{{ cluster.name|uper }}}}»: error: unknown filter 'uper'; did you mean 'upper'?\n"
        f"{template}: paragraph 2 «{{{{ 1 is evn }}}}»: error: unknown test 'evn'; did you mean 'even'?\n"
        "2 problem(s) in the template(s).\n"
    )


def test_headers_of_every_section_are_checked(tmp_path: Path) -> None:
    from docx.enum.section import WD_SECTION

    document = Document()
    document.add_paragraph("{{ cluster.name }}")
    second = document.add_section(WD_SECTION.NEW_PAGE)
    second.header.is_linked_to_previous = False
    second.header.paragraphs[0].text = "{{ cluster.nmae }}"
    path = tmp_path / "bao-cao.docx"
    document.save(str(path))
    code, stdout, _ = run_emul(["template", "check", str(path)])
    assert (code, stdout.splitlines()[0]) == (
        1,
        f"{path}: header «{{{{ cluster.nmae }}}}»: error: unknown variable 'cluster.nmae'; did you mean 'name'?",
    )


def test_the_score_sheet_knows_its_unit_and_the_report_does_not(tmp_path: Path) -> None:
    sheet = _word(
        tmp_path / "phieu-cham.docx", ["{{ unit.unit.name }} {% for c in criteria %}{{ c.code }}{% endfor %}"]
    )
    report = _word(tmp_path / "bien-ban.docx", ["{{ unit.unit.name }}"])
    assert run_emul(["template", "check", str(sheet)])[0] == 0
    code, stdout, _ = run_emul(["template", "check", str(report)])
    assert (code, stdout.splitlines()[0]) == (
        1,
        f"{report}: paragraph 1 «{{{{ unit.unit.name }}}}»: error: unknown variable 'unit'",
    )


def test_markdown_templates_are_placed_by_line(tmp_path: Path) -> None:
    template = tmp_path / "tom-tat.md.j2"
    template.write_text("# {{ cluster.name }}\n{% set t = awards.titles[0] %}\n{{ t.nam }}\n", encoding="utf-8")
    code, stdout, _ = run_emul(["template", "check", str(template)])
    assert (code, stdout.splitlines()[0]) == (
        1,
        f"{template}: line 3: error: unknown variable 't.nam'; did you mean 'name'?",
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bao-cao.docx", b"not a zip", "error: '{path}' is not a Word (.docx) file that can be read\n"),
        ("tom-tat.md.j2", b"\xff\xfe", "error: '{path}' is not UTF-8 text\n"),
        (
            "notes.txt",
            b"x",
            "error: '{path}' is not a template\n"
            "  hint: templates are Word files (.docx) or Markdown templates (.md.j2)\n",
        ),
    ],
)
def test_files_that_are_not_templates(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert run_emul(["template", "check", str(path)]) == (2, "", message.format(path=path))


def test_variables_lists_every_context_field() -> None:
    code, stdout, _ = run_emul(["template", "variables"])
    assert code == 0
    assert "| `document.place_date` | chuỗi | Địa danh và ngày, ví dụ: Hà Nội, ngày 08 tháng 9 năm 2023. |" in stdout
    assert "| `results[].unit.short_name` | chuỗi | Tên ngắn. |" in stdout
    assert "| `criteria[].evidence` | danh sách | Tài liệu kiểm chứng. |" in stdout


def test_a_macro_defined_in_the_template_is_known_where_it_is_called(tmp_path: Path) -> None:
    template = tmp_path / "tong-quan.html.j2"
    template.write_text(
        "{% macro cell(x) %}<td>{{ x }}</td>{% endmacro %}{{ cell(title) }}{{ cell(titel) }}", encoding="utf-8"
    )
    code, stdout, _ = run_emul(["template", "check", str(template)])
    assert code == 1
    assert "unknown variable 'titel'" in stdout and "'cell'" not in stdout

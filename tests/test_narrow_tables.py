"""score, explain and awards at 80 columns: every name whole on its row, every figure whole, no line too wide."""

from __future__ import annotations

import io
import json
import re

import pytest
from rich.cells import cell_len
from rich.console import Console

from emulation_cli.commands.tables import Column, Kind, print_table

from .conftest import REPO, run_emul

EXAMPLES = {
    "cum-7-2023": ("examples/cum-thi-dua-so-7-2023", "2023"),
    "khoi-5-2023": ("examples/khoi-thi-dua-so-5-2023", "2023"),
    "cum-7-2025-merged": ("examples/cum-thi-dua-so-7-2025", "2025"),
    "vote-only-2025": ("examples/khoi-binh-xet-2025", "2025"),
}


@pytest.fixture(autouse=True)
def _eighty_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("COLUMNS", "80")


def _units(folder: str, period: str) -> list[dict[str, object]]:
    """Each ranked unit's short name and what its row shows beside it: the total, or for a vote the votes."""
    code, out, _err = run_emul(["score", folder, "--period", period, "--format", "json"], lang="vi")
    assert code == 0
    return list(json.loads(out)["units"])


def _shown(unit: dict[str, object]) -> str:
    return str(unit["votes"]) if "votes" in unit else str(unit["total"]).replace(".", ",")


def _run(args: list[str]) -> list[str]:
    code, out, err = run_emul(args, lang="vi")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    too_wide = [line for line in lines if cell_len(line) > 80]
    assert not too_wide, too_wide
    return lines


def _on_its_row(lines: list[str], name: str, figure: str) -> bool:
    """A table row with the unit's whole short name, then its figure further right."""
    return any(re.search(re.escape(name) + r"\s.*\s" + re.escape(figure) + r"(\s|$)", line) for line in lines)


@pytest.mark.parametrize("example", sorted(EXAMPLES))
@pytest.mark.parametrize("command", ["score", "awards"])
def test_each_unit_whole_on_its_row_at_80_columns(command: str, example: str) -> None:
    folder, period = EXAMPLES[example]
    lines = _run([command, folder, "--period", period])
    units = _units(folder, period)
    assert units
    for unit in units:
        name = str(unit["unit"]["short_name"])  # type: ignore[index]
        assert _on_its_row(lines, name, _shown(unit)), (name, lines)


def test_the_notes_that_do_not_fit_follow_the_score_table() -> None:
    lines = _run(["score", "examples/cum-thi-dua-so-7-2023", "--period", "2023"])
    below = [line for line in lines if line.startswith("  Sở LĐTB&XH — ")]
    assert below and "Xếp loại: Hoàn thành tốt nhiệm vụ" in below[0]
    assert "dưới ngưỡng 85%" in " ".join(lines)


@pytest.mark.parametrize("example", ["cum-7-2023", "khoi-5-2023"])
def test_explain_keeps_each_criterion_and_its_points_on_one_row(example: str, monkeypatch: pytest.MonkeyPatch) -> None:
    folder, period = EXAMPLES[example]
    unit_id = str(_units(folder, period)[0]["unit"]["id"])  # type: ignore[index]
    lines = _run(["explain", folder, unit_id, "--period", period])
    monkeypatch.delenv("COLUMNS")  # the boxed table of a pipe says which points each criterion has
    points = _boxed_points(run_emul(["explain", folder, unit_id, "--period", period], lang="vi")[1])
    assert len(points) > 10
    for criterion, figure in points.items():
        assert any(line.startswith(criterion + " ") and f" {figure} " in line for line in lines), criterion


def _boxed_points(out: str) -> dict[str, str]:
    header = next(line for line in out.splitlines() if line.startswith("┃"))
    column = [cell.strip() for cell in header.split("┃")].index("Điểm")
    rows = [[cell.strip() for cell in line.split("│")] for line in out.splitlines() if line.startswith("│ ")]
    return {row[1]: row[column] for row in rows if row[1]}


def test_explain_of_a_vote_only_cluster_fits() -> None:
    _run(["explain", "examples/khoi-binh-xet-2025", "hoan-kiem"])


def _render(width: int, columns: list[Column], rows: list[list[str]]) -> list[str]:
    console = Console(width=width, color_system=None, soft_wrap=False)
    with console.capture() as capture:
        print_table(console, "Bảng", columns, rows)
    return capture.get().splitlines()


NUMBERS = [Column(header, Kind.NUMBER) for header in ("Điểm đạt được", "Điểm tối đa", "Chênh lệch tự chấm")]


def test_a_long_name_is_never_cut_and_long_notes_go_below() -> None:
    name = "Sở Nông nghiệp và Môi trường"
    columns = [Column("Đơn vị", Kind.NAME), *NUMBERS, Column("Ghi chú", Kind.TEXT)]
    lines = _render(80, columns, [[name, "97,84", "100,00", "-1,25", "một ghi chú rất dài " * 5]])
    assert any(name in line and "97,84" in line and "-1,25" in line for line in lines)
    assert any(line.startswith(f"  {name}: một ghi chú") for line in lines)
    assert max(cell_len(line) for line in lines) <= 80


def test_a_wide_console_keeps_the_boxed_table_with_every_column() -> None:
    columns = [Column("Đơn vị", Kind.NAME), *NUMBERS, Column("Ghi chú", Kind.TEXT)]
    lines = _render(120, columns, [["Sở Y tế", "93,46", "100,00", "0,50", "ghi chú"]])
    assert lines[1].startswith("┏") and any("│ Sở Y tế " in line and "ghi chú" in line for line in lines)


def test_names_and_numbers_wider_than_the_console_are_printed_whole() -> None:
    columns = [Column("Đơn vị", Kind.NAME), *NUMBERS]
    lines = _render(30, columns, [["Sở Nông nghiệp và Môi trường", "97,84", "100,00", "-1,25"]])
    assert any("Sở Nông nghiệp và Môi trường" in line and line.endswith("-1,25") for line in lines)


def test_a_pipe_gets_a_fixed_width_and_columns_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    from emulation_cli.commands.console import PIPE_WIDTH, make_console

    monkeypatch.setattr("sys.stdout", io.StringIO())  # a file: no tty
    monkeypatch.delenv("COLUMNS")
    assert (make_console().width, make_console().soft_wrap) == (PIPE_WIDTH, True)
    monkeypatch.setenv("COLUMNS", "120")
    assert (make_console().width, make_console().soft_wrap) == (120, False)
    monkeypatch.setenv("COLUMNS", "wide")
    assert make_console().width == PIPE_WIDTH


def test_history_and_province_share_the_layout_at_80_columns() -> None:
    history = _run(["history", "examples/cum-thi-dua-so-7-2025", "examples/cum-thi-dua-so-7-2023"])
    for name in ("Sở GD&ĐT", "Sở Tư pháp", "Sở LĐTB&XH", "Sở TT&TT"):
        assert any(line.startswith(name + " ") for line in history), name
    # the columns that did not fit are told below from the right, a change with the period it compares
    header = next(line for line in history if line.startswith("Đơn vị"))
    assert header.split() == ["Đơn", "vị", "sơ", "kết", "(tạm", "tính)", "tổng", "kết", "Δ", "2023-H1", "→", "2023"]
    assert any(re.fullmatch(r"Sở GD&ĐT\s+26,46 \(1\)\s+97,84 \(1\)\s+\+71,38 \(=\)", line) for line in history)
    assert any(line.startswith("  Sở GD&ĐT — 2025-H1 sơ kết (tạm tính): 26,46 (1)") for line in history)
    assert any(line.endswith("Δ 2025-H1 → 2025: +66,66 (=)") for line in history)
    province = _run(["province", "examples/cum-thi-dua-so-7-2023", "examples/khoi-thi-dua-so-5-2023"])
    assert any(re.match(r"Cụm thi đua số 7\s+Sở Giáo dục và Đào tạo\s+97,84\s+100,00%", line) for line in province)


def test_a_cell_of_several_lines_moved_below_is_told_on_one_line() -> None:
    console = Console(file=io.StringIO(), width=30, color_system=None)
    columns = [Column("Unit", Kind.NAME), Column("Total", Kind.NUMBER), Column("2023\nyear end", Kind.TEXT)]
    print_table(console, None, columns, [["Sở Y tế", "93,46", "93,46 (3)\nHoàn thành xuất sắc nhiệm vụ"]])
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert "  Sở Y tế: 93,46 (3) Hoàn\n" in text


def test_a_wrapped_line_ends_without_the_space_it_was_wrapped_at(monkeypatch: pytest.MonkeyPatch) -> None:
    from emulation_cli.commands.console import make_console

    monkeypatch.setenv("COLUMNS", "20")
    monkeypatch.setattr("sys.stdout", io.StringIO())
    console = make_console()
    message = "cảnh báo: bộ tiêu chí minh họa chỉ là bản nháp"
    console.print(message)
    lines = console.file.getvalue().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 3 and " ".join(lines) == message

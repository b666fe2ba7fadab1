"""The boxed table drawn without Rich (commands/tables.py `_plain_boxed`) is byte for byte the table Rich draws,
and it is drawn only where that holds: any table, any console width, with or without colour."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from emulation_cli.commands import tables
from emulation_cli.commands.tables import Cell, Column, Kind, print_table

from .conftest import run_emul

# Vietnamese letters (precomposed and with a combining accent), wide characters, spaces; and, now and then,
# what Rich draws otherwise: markup, line ends, tabs.
PLAIN = "aAzđĐươếỹẠ0123456789 ,.=−—▲:\u0301漢😀"
ALPHABET = PLAIN + "[]\n\t"


def _console(width: int, colour: bool, encoding: str = "utf-8") -> tuple[Console, io.BytesIO]:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding=encoding, errors="replace", write_through=True)
    console = Console(
        file=stream,
        width=width,
        highlight=False,
        emoji=False,
        soft_wrap=False,
        color_system="truecolor" if colour else None,
        force_terminal=colour,
    )
    return console, raw


def _drawn(console: Console, raw: io.BytesIO, columns: list[Column], rows: list[list[Cell]]) -> bytes:
    print_table(console, "A title", columns, rows)
    return raw.getvalue()


def _both(
    monkeypatch: pytest.MonkeyPatch,
    columns: list[Column],
    rows: list[list[Cell]],
    width: int,
    colour: bool = False,
    encoding: str = "utf-8",
) -> tuple[bytes, bytes, bool]:
    """The table as print_table draws it, as Rich alone draws it, and whether the plain drawing was used."""
    used = []
    plain = tables._plain_boxed

    def spy(*args: object, **kwargs: object) -> str | None:
        found = plain(*args, **kwargs)  # type: ignore[arg-type]
        used.append(found is not None)
        return found

    with monkeypatch.context() as patch:
        patch.setattr(tables, "_plain_boxed", spy)
        ours = _drawn(*_console(width, colour, encoding), columns, rows)
    with monkeypatch.context() as patch:
        patch.setattr(tables, "_plain_boxed", lambda *_args: None)
        rich = _drawn(*_console(width, colour, encoding), columns, rows)
    return ours, rich, any(used)


def _tables(cells: st.SearchStrategy[str]) -> st.SearchStrategy[tuple[list[tuple[str, Kind, bool]], list[list[Cell]]]]:
    """Headers (text, kind, right) and rows of str or Text cells (bold or not), as many cells as headers."""
    cell = st.tuples(cells, st.booleans(), st.booleans()).map(
        lambda spec: Text(spec[0], style="bold" if spec[2] else "") if spec[1] else spec[0]
    )
    return st.integers(min_value=1, max_value=6).flatmap(
        lambda count: st.tuples(
            st.lists(st.tuples(cells, st.sampled_from(list(Kind)), st.booleans()), min_size=count, max_size=count),
            st.lists(st.lists(cell, min_size=count, max_size=count), min_size=1, max_size=6),
        )
    )


# Mostly tables of plain cells (the ones drawn without Rich), some with cells Rich draws otherwise.
any_table = st.sampled_from([PLAIN, PLAIN, ALPHABET]).flatmap(
    lambda alphabet: _tables(st.text(alphabet=alphabet, max_size=20).map(str.strip))
) | _tables(st.text(alphabet=ALPHABET, max_size=24))


@settings(max_examples=500, deadline=None)
@given(table=any_table, width=st.integers(min_value=20, max_value=160), colour=st.sampled_from([False, False, True]))
def test_drawn_as_rich_draws_it(
    table: tuple[list[tuple[str, Kind, bool]], list[list[Cell]]], width: int, colour: bool
) -> None:
    header_specs, rows = table
    columns = [Column(header, kind, right) for header, kind, right in header_specs]
    with pytest.MonkeyPatch.context() as monkeypatch:
        ours, rich, _used = _both(monkeypatch, columns, rows, width, colour)
    assert ours == rich


SCORE_LIKE = [Column("Hạng", Kind.NUMBER), Column("Đơn vị", Kind.NAME), Column("Tổng", Kind.NUMBER)]
SCORE_LIKE += [Column("Xếp loại", Kind.TEXT), Column("Ghi chú", Kind.TEXT)]
SCORE_ROWS: list[list[Cell]] = [
    ["1", Text("Sở GD&ĐT"), Text("97,84", style="bold"), Text("Hoàn thành xuất sắc nhiệm vụ"), Text("")],
    ["2=", Text("Sở Y tế"), Text("95,10", style="bold"), Text("Hoàn thành tốt nhiệm vụ"), Text("hòa: Hội nghị")],
]


def test_a_ranking_without_colour_is_drawn_plain_and_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    ours, rich, used = _both(monkeypatch, SCORE_LIKE, SCORE_ROWS, 200)
    assert used
    assert ours == rich
    assert "┃ Hạng ┃ Đơn vị   ┃  Tổng ┃".encode() in ours


@pytest.mark.parametrize(
    ("case", "width", "colour", "encoding"),
    [
        ("colour", 200, True, "utf-8"),
        ("cp1252 console: Rich draws the box in ASCII", 200, False, "cp1252"),
        ("narrow: the texts wrap or move below", 40, False, "utf-8"),
    ],
)
def test_left_to_rich_where_it_draws_otherwise(
    monkeypatch: pytest.MonkeyPatch, case: str, width: int, colour: bool, encoding: str
) -> None:
    ours, rich, used = _both(monkeypatch, SCORE_LIKE, SCORE_ROWS, width, colour, encoding)
    assert not used, case
    assert ours == rich


def test_a_table_without_rows_is_left_to_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    ours, rich, used = _both(monkeypatch, SCORE_LIKE, [], 200)
    assert not used
    assert ours == rich


@pytest.mark.parametrize(
    "cell",
    [Text("two\nlines"), "[bold]markup[/bold]", Text(" padded "), Text("tab\there"), Text("x", justify="left")],
)
def test_a_cell_rich_could_draw_otherwise_is_left_to_rich(monkeypatch: pytest.MonkeyPatch, cell: Cell) -> None:
    rows = [[*SCORE_ROWS[0][:4], cell]]
    ours, rich, used = _both(monkeypatch, SCORE_LIKE, rows, 200)
    assert not used
    assert ours == rich


def test_a_unit_named_like_console_markup_is_shown_as_it_is(base_cluster: Path) -> None:
    """A short name is a header in `emul explain --vs`: Rich would read "[/]" as markup and fail (exit 3)."""
    units = base_cluster / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8").replace("short_name: Sở B", "short_name: Đội [/] 3"), "utf-8")
    code, stdout, stderr = run_emul(["explain", str(base_cluster), "so-a", "--vs", "so-b"])
    assert (code, stderr) == (0, "")
    assert "Đội [/] 3" in stdout.splitlines()[2]  # the table's header row

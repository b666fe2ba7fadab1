"""Tables of score, explain and awards that stay readable at any width, 80 columns included.

Three kinds of column: a number never wraps; a name (a unit, a criterion id) never wraps either, and is never
narrower than its longest entry; a text (a note, a reason, a method) wraps. The layout is chosen in this order,
the first that fits the console:
1. a boxed table with every column, each text at least MIN_TEXT wide;
2. the same without the box lines (a rule under the header, two spaces between columns);
3. that compact table without its rightmost texts, which are printed below it, one line per row, after the
   row's name.
Names and numbers are never shortened; a table whose names and numbers alone are wider than the console is
printed wider than it, rather than cut."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Literal

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

if TYPE_CHECKING:
    from rich.padding import Padding
    from rich.table import Table

# Rich's tables and paddings are imported where they are drawn: a plain boxed table does without them.

MIN_TEXT = 16


class Kind(Enum):
    NUMBER = "number"
    NAME = "name"
    TEXT = "text"


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind
    right: bool = False  # a text aligned to the right (a change beside figures); numbers always are


Cell = str | Text


def print_table(console: Console, title: str | None, columns: Sequence[Column], rows: Sequence[Sequence[Cell]]) -> None:
    """The title, the table laid out for the console's width, and any texts that did not fit below it."""
    if title:
        console.print(Text(title, style="italic"))
    widths = [_natural(column, [row[i] for row in rows]) for i, column in enumerate(columns)]
    kept, boxed = _layout(columns, widths, console.width)
    width = max(console.width, _needed(columns, widths, kept, boxed))
    plain = (
        _plain_boxed(console, columns, rows, _column_widths(columns, widths, kept, boxed, width), width)
        if boxed
        else None
    )
    if plain is not None:
        console.print(Text(plain), soft_wrap=True)
    else:
        _print_trimmed(console, _table(columns, rows, widths, kept, boxed, width), width)
    moved = [i for i in range(len(columns)) if i not in kept]
    if moved:
        _print_below(console, columns, rows, moved)


def _natural(column: Column, cells: Sequence[Cell]) -> int:
    return max([_lines_width(column.header), *(_lines_width(_plain(cell)) for cell in cells)])


def _lines_width(text: str) -> int:
    """A cell of several lines is as wide as its widest line."""
    if "\n" not in text:  # the usual cell
        return cell_len(text)
    return max(cell_len(line) for line in text.split("\n"))


def _plain(cell: Cell) -> str:
    return cell.plain if isinstance(cell, Text) else cell


def _layout(columns: Sequence[Column], widths: list[int], width: int) -> tuple[list[int], bool]:
    """Which columns the table keeps, and whether it is boxed."""
    every = list(range(len(columns)))
    if _needed(columns, widths, every, boxed=True) <= width:
        return every, True
    kept = every
    while _needed(columns, widths, kept, boxed=False) > width:
        texts = [i for i in kept if columns[i].kind is Kind.TEXT]
        if not texts:
            break
        kept = [i for i in kept if i != texts[-1]]
    return kept, False


def _needed(columns: Sequence[Column], widths: list[int], kept: list[int], boxed: bool) -> int:
    content = sum(min(widths[i], MIN_TEXT) if columns[i].kind is Kind.TEXT else widths[i] for i in kept)
    return content + _overhead(len(kept), boxed)


def _overhead(count: int, boxed: bool) -> int:
    """Boxed: a border and a space either side of each column; compact: two spaces between columns."""
    return 3 * count + 1 if boxed else 2 * (count - 1)


def _column_widths(
    columns: Sequence[Column], widths: list[int], kept: list[int], boxed: bool, width: int
) -> dict[int, int]:
    """The width of each kept column: a name's or a number's natural width, a text's share of the room."""
    text_widths = _text_widths(columns, widths, kept, width - _overhead(len(kept), boxed))
    return {i: text_widths[i] if columns[i].kind is Kind.TEXT else widths[i] for i in kept}


def _justify(column: Column) -> Literal["left", "right"]:
    if column.kind is Kind.TEXT:
        return "right" if column.right else "left"
    return "right" if column.kind is Kind.NUMBER else "left"


def _table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    widths: list[int],
    kept: list[int],
    boxed: bool,
    width: int,
) -> Table:
    from rich import box
    from rich.table import Table

    table = Table() if boxed else Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0))
    for i, column_width in _column_widths(columns, widths, kept, boxed, width).items():
        column = columns[i]
        if column.kind is Kind.TEXT:
            table.add_column(Text(column.header), justify=_justify(column), overflow="fold", width=column_width)
        else:
            # Its natural width, as Rich would measure it cell by cell: given, it is not measured again.
            table.add_column(Text(column.header), justify=_justify(column), no_wrap=True, width=column_width)
    for row in rows:
        table.add_row(*(row[i] for i in kept))
    return table


def _plain_boxed(
    console: Console, columns: Sequence[Column], rows: Sequence[Sequence[Cell]], kept: dict[int, int], width: int
) -> str | None:
    """The boxed table as Rich draws it, when it is drawn without colour or style and every cell is one line
    that fits its column as it is: then laying it out is only padding (a 60-row table costs Rich tens of
    milliseconds). None when Rich could draw it otherwise (markup in a string, a cell to wrap, a console
    that substitutes the box characters), for Rich to draw."""
    options = console.options
    if (
        console.color_system is not None
        or options.ascii_only
        or options.legacy_windows
        or not rows
        or getattr(console, "_emoji", True)
    ):
        return None
    if sum(kept.values()) + _overhead(len(kept), boxed=True) > width or 0 in kept.values():
        return None
    header = _plain_cells([Text(columns[i].header) for i in kept], columns, kept)  # a header is never markup
    if not header:
        return None
    rules = ["━" * (w + 2) for w in kept.values()]
    lines = ["┏" + "┳".join(rules) + "┓", "┃" + "┃".join(header) + "┃", "┡" + "╇".join(rules) + "┩"]
    for row in rows:
        cells = _plain_cells([row[i] for i in kept], columns, kept)
        if not cells:
            return None
        lines.append("│" + "│".join(cells) + "│")
    lines.append("└" + "┴".join("─" * (w + 2) for w in kept.values()) + "┘")
    return "\n".join(lines)


def _plain_cells(cells: Sequence[Cell], columns: Sequence[Column], kept: dict[int, int]) -> list[str]:
    """The row's cells padded to their columns, a space either side; none when a cell is not one plain line
    that fits as it is."""
    parts = []
    for cell, (i, column_width) in zip(cells, kept.items(), strict=True):
        if isinstance(cell, Text):
            if cell.justify is not None or cell.overflow is not None or cell.no_wrap is not None:
                return []
            text = cell.plain
        elif "[" in cell:  # console markup in a string: Rich would read it
            return []
        else:
            text = cell
        size = cell_len(text)
        if size > column_width or not text.isprintable() or text != text.strip():
            return []
        padding = " " * (column_width - size)
        parts.append(f" {padding}{text} " if _justify(columns[i]) == "right" else f" {text}{padding} ")
    return parts


def _text_widths(columns: Sequence[Column], widths: list[int], kept: list[int], room: int) -> dict[int, int]:
    """Share the room the names and numbers leave among the texts: a short text gets its full width, the
    longer ones equal shares of the rest, none less than MIN_TEXT (or its full width, if narrower)."""
    texts = sorted((i for i in kept if columns[i].kind is Kind.TEXT), key=lambda i: widths[i])
    left = room - sum(widths[i] for i in kept if columns[i].kind is not Kind.TEXT)
    shares: dict[int, int] = {}
    for count, i in enumerate(texts):
        share = max(left // (len(texts) - count), min(widths[i], MIN_TEXT))
        shares[i] = min(widths[i], share)
        left -= shares[i]
    return shares


def _print_below(console: Console, columns: Sequence[Column], rows: Sequence[Sequence[Cell]], moved: list[int]) -> None:
    """Each row's texts that did not fit, after the row's name (with the column's header when several moved)."""
    from rich.padding import Padding

    key = next((i for i, column in enumerate(columns) if column.kind is Kind.NAME), 0)
    for row in rows:
        parts = [(_one_line(columns[i].header), _one_line(_plain(row[i]))) for i in moved if _plain(row[i])]
        if not parts:
            continue
        if len(moved) == 1:
            line = f"{_plain(row[key])}: {parts[0][1]}"
        else:
            line = f"{_plain(row[key])} — " + "; ".join(f"{header}: {value}" for header, value in parts)
        _print_trimmed(console, Padding(Text(line), (0, 0, 0, 2)), console.width)


def _one_line(text: str) -> str:
    """A cell of several lines, told on one line below the table."""
    return " ".join(text.split("\n"))


def _print_trimmed(console: Console, renderable: Table | Padding, width: int) -> None:
    """Laid out at the width, each line without the spaces that pad it to that width."""
    lines = []
    for line in console.render_lines(renderable, console.options.update_width(width), pad=False):
        text = Text()
        for segment in line:
            if not segment.control:
                text.append(segment.text, segment.style)
        text.rstrip()
        lines.append(text)
    if lines:  # printed at once: one print per line costs more than the table's layout
        console.print(Text("\n").join(lines), soft_wrap=True)

"""Small helpers to draw SVG with ElementTree: every text and attribute is escaped when written, coordinates are
written with a fixed number of decimals so that the same results give the same bytes."""

from __future__ import annotations

from fractions import Fraction
from xml.etree import ElementTree

Element = ElementTree.Element

# One colour per section, in the rubric's order (repeated past eight); bonus and penalty apart.
PALETTE = ("#1f5f99", "#3f8f4f", "#c0822a", "#7a4f9a", "#2a9a9a", "#a0522d", "#5a6f2a", "#9a2a5a")
BONUS_COLOUR = "#d4a017"
PENALTY_COLOUR = "#b22222"


def coordinate(value: Fraction | int | float) -> str:
    """'12.5', '40': at most two decimals, no trailing zeros."""
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def element(tag: str, attributes: dict[str, str | int | Fraction | float] | None = None, text: str = "") -> Element:
    """An element with its attributes in the order given (numbers as coordinates)."""
    node = Element(tag)
    for name, value in (attributes or {}).items():
        node.set(name, value if isinstance(value, str) else coordinate(value))
    if text:
        node.text = text
    return node


def child(
    parent: Element, tag: str, attributes: dict[str, str | int | Fraction | float] | None = None, text: str = ""
) -> Element:
    node = element(tag, attributes, text)
    parent.append(node)
    return node


def svg_root(chart_id: str, label: str, width: int, height: int) -> Element:
    """An <svg> that scales down to the width it is given (print included) and keeps its proportions. Inline in
    HTML it needs no namespace (and the page names no URL at all)."""
    return element(
        "svg",
        {
            "id": chart_id,
            "role": "img",
            "aria-label": label,
            "viewBox": f"0 0 {width} {height}",
            "class": "chart",
            "style": f"max-width: {width}px",  # scaled down to fit, never up: a small chart keeps its text size
        },
    )


def column_headings(root: Element, names: list[str], left: int, cell: int, top: int) -> None:
    """The headings of a grid's columns (cells `cell` wide from `left`), slanted above its first row at `top`."""
    for column, name in enumerate(names):
        x = left + cell * column + cell / 2
        child(root, "text", {"x": x, "y": top - 6, "transform": f"rotate(-60 {x} {top - 6})"}, name)


def markup(root: Element) -> str:
    return ElementTree.tostring(root, encoding="unicode", short_empty_elements=True)

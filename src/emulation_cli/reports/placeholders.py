"""The places left for the officer to fill in before signing: every template writes them as "……" (U+2026;
the số as "…/BC-CTĐ7"). Each is highlighted in the rendered Word document, and listed per document."""

from __future__ import annotations

import io
import re
import zipfile
from copy import deepcopy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GAP = "…"
_GAPS = re.compile(f"({GAP}+)")
_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes)\.xml$")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Run properties that come after w:highlight in the schema's order (CT_RPr): the highlight goes before them.
_AFTER_HIGHLIGHT = tuple(
    _W + name
    for name in (
        "u",
        "effect",
        "bdr",
        "shd",
        "fitText",
        "vertAlign",
        "rtl",
        "cs",
        "em",
        "lang",
        "eastAsianLayout",
        "specVanish",
        "oMath",
        "rPrChange",
    )
)
_WORDS_BEFORE = 5  # syllables: Vietnamese words are short
_WORDS_AFTER = 3
_WORDS_ACROSS = 10
_SHORT = 3


@dataclass(frozen=True)
class Placeholder:
    """One place to fill in, with the words around it so the officer can find it."""

    before: str  # the words before it ('' at the start of the document)
    token: str  # the placeholder with what is written against it, e.g. '…/BC-CTĐ7' or '……,'
    after: str  # the words after it, when nothing comes before it in its paragraph


@dataclass(frozen=True)
class DocumentPlaceholders:
    name: str  # the document inside the output folder
    places: tuple[Placeholder, ...]


# ----- highlighting, while a document is rendered -------------------------------------------------------
def highlight(tree: Any) -> bool:
    """Give every placeholder in a Word part (an lxml tree) a run of its own, highlighted yellow; the text
    around it keeps its run as it was. True when the part had any."""
    runs = [run for run in tree.iter(_W + "r") if any(GAP in (t.text or "") for t in run.findall(_W + "t"))]
    for run in runs:
        _split(run)
    return bool(runs)


def _split(run: Any) -> None:
    properties = run.find(_W + "rPr")
    pieces: list[tuple[bool, list[Any]]] = []  # (a placeholder?, the run's content)
    for child in run:
        if child is properties:
            continue
        texts = _GAPS.split(child.text or "") if child.tag == _W + "t" else []
        for part in texts or [None]:
            if part == "":
                continue
            marked = part is not None and part.startswith(GAP)
            content = _text(part) if part is not None else child
            if pieces and pieces[-1][0] == marked:
                pieces[-1][1].append(content)
            else:
                pieces.append((marked, [content]))
    parent = run.getparent()
    position = parent.index(run)
    for offset, (marked, content) in enumerate(pieces):
        parent.insert(position + offset, _run(run, properties, marked, content))
    parent.remove(run)


def _text(value: str) -> Any:
    from lxml import etree

    element = etree.Element(_W + "t")
    element.text = value
    element.set(_SPACE, "preserve")
    return element


def _run(original: Any, properties: Any, marked: bool, content: list[Any]) -> Any:
    from lxml import etree

    run = etree.Element(original.tag, attrib=dict(original.attrib), nsmap=original.nsmap)
    own = deepcopy(properties) if properties is not None else etree.Element(_W + "rPr")
    if marked:
        _mark(own)
    if marked or properties is not None:
        run.append(own)
    for element in content:
        run.append(element)
    return run


def _mark(properties: Any) -> None:
    from lxml import etree

    for old in properties.findall(_W + "highlight"):
        properties.remove(old)
    mark = etree.Element(_W + "highlight")
    mark.set(_W + "val", "yellow")
    later = next((child for child in properties if child.tag in _AFTER_HIGHLIGHT), None)
    if later is None:
        properties.append(mark)
    else:
        later.addprevious(mark)


# ----- listing, from the document as it stands ----------------------------------------------------------
def placeholders_left(folder: Path, names: list[str]) -> tuple[DocumentPlaceholders, ...]:
    """The Word documents among `names` that still hold placeholders, read as they stand in the folder (an
    edited document as the officer left it); a file that is not a readable Word document is passed over."""
    from lxml import etree

    found = []
    for name in (n for n in names if n.endswith(".docx")):
        try:
            places = find_placeholders((folder / name).read_bytes())
        except (OSError, zipfile.BadZipFile, etree.XMLSyntaxError, KeyError, ValueError):
            continue
        if places:
            found.append(DocumentPlaceholders(name, places))
    return tuple(found)


def find_placeholders(docx: bytes) -> tuple[Placeholder, ...]:
    """The placeholders of a Word document, in reading order (body, then headers and footers)."""
    from lxml import etree

    paragraphs: list[str] = []
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        names = sorted((n for n in archive.namelist() if _PARTS.match(n)), key=lambda n: not n.startswith("word/d"))
        for name in names:
            tree = etree.fromstring(archive.read(name))
            paragraphs += [_paragraph_text(p) for p in tree.iter(_W + "p")]
    return _placeholders([p for p in paragraphs if p.strip()])


def _paragraph_text(paragraph: Any) -> str:
    pieces = []
    for element in paragraph.iter(_W + "t", _W + "tab", _W + "br"):
        pieces.append(element.text or "" if element.tag == _W + "t" else " ")
    return "".join(pieces)


def _placeholders(paragraphs: list[str]) -> tuple[Placeholder, ...]:
    """One place to fill in per paragraph that holds gaps ('vào hồi … giờ … phút' is one place), with the words
    before its first gap; a place that starts its paragraph (a table cell, a line of its own) with the
    paragraphs before it ('/' between them) and what follows its last gap."""
    places: list[Placeholder] = []
    earlier: list[list[str]] = []  # the words of the paragraphs before
    for text in paragraphs:
        words = text.split()
        gaps = [index for index, word in enumerate(words) if GAP in word]
        if gaps:
            first, last = gaps[0], gaps[-1]
            before = words[max(0, first - _WORDS_BEFORE) : first]
            after: list[str] = []
            if not any(character.isalnum() for character in "".join(before)):
                before = [*_last_paragraphs(earlier), *before]
                after = words[last + 1 : last + 1 + _WORDS_AFTER]
            places.append(Placeholder(" ".join(before), " ".join(words[first : last + 1]), " ".join(after)))
        earlier.append(words)
    return tuple(places)


def _last_paragraphs(earlier: list[list[str]]) -> list[str]:
    """The end of the paragraph just before; the one before it too when that one is a few words (in a table:
    the unit, then its role)."""
    if not earlier:
        return []
    last = earlier[-1][-_WORDS_ACROSS:]
    if len(last) <= _SHORT and len(earlier) > 1:
        return [*earlier[-2][-_WORDS_ACROSS:], "/", *last, "/"]
    return [*last, "/"]

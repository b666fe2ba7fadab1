"""Read one YAML file into plain Python data plus the position of every key and value.

We build the tree from parser events ourselves instead of using ruamel's round-trip loader: it is about
forty times faster with the C parser, it gives positions for scalars too, and it lets us refuse aliases,
custom tags, duplicate keys and absurd nesting at the exact place they occur.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ruamel.yaml import events as ev
from ruamel.yaml.error import MarkedYAMLError

from ..i18n import N_, _
from .diagnostics import Diagnostic, Pos

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 32

YamlPath = tuple[str | int, ...]

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:timestamp",
}

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_TRUE = re.compile(r"^(?:true|True|TRUE)$")
_FALSE = re.compile(r"^(?:false|False|FALSE)$")
_INT = re.compile(r"^[-+]?[0-9]+$")
_INT_OCT = re.compile(r"^0o[0-7]+$")
_INT_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_SPECIAL_FLOAT = re.compile(r"^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$")
_DATETIME = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]*)?)?")


class YamlProblem(Exception):
    """A problem that stops the reading of one file; carries its diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


@dataclass
class YamlDocument:
    """Plain data of one file with the positions of its values and of its mapping keys."""

    file: str
    data: Any
    values: dict[YamlPath, Pos] = field(default_factory=dict)
    keys: dict[YamlPath, Pos] = field(default_factory=dict)

    def value_pos(self, path: YamlPath) -> Pos:
        """Position of the value at `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            pos = self.values.get(path[:end])
            if pos is not None:
                return pos
        return Pos(1, 1)

    def key_pos(self, path: YamlPath) -> Pos:
        return self.keys.get(path) or self.value_pos(path)


def read_yaml_file(path: Path, display: str) -> YamlDocument:
    """Read and parse a file; raise YamlProblem with a located diagnostic when it cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _problem(
                display,
                Pos(1, 1),
                "file-too-large",
                _("the file is {size} bytes; at most {limit} bytes are accepted").format(
                    size=size, limit=MAX_FILE_BYTES
                ),
                _("split the data into smaller files"),
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise _problem(
            display,
            Pos(1, 1),
            "file-unreadable",
            _("cannot read the file: {reason}").format(reason=exc.strerror or exc),
        ) from exc
    return parse_yaml_text(decode_source(raw, display), display)


def decode_source(raw: bytes, display: str) -> str:
    """Decode UTF-8 (with or without BOM); refuse other encodings and NUL bytes with a located message."""
    for bom, name in (
        (b"\xff\xfe\x00\x00", "UTF-32"),
        (b"\x00\x00\xfe\xff", "UTF-32"),
        (b"\xff\xfe", "UTF-16"),
        (b"\xfe\xff", "UTF-16"),
    ):
        if raw.startswith(bom):
            raise _problem(
                display,
                Pos(1, 1),
                "encoding",
                _("the file is encoded as {encoding}; emul reads UTF-8 only").format(encoding=name),
                _("save the file as UTF-8 (in Notepad: Save As, Encoding: UTF-8)"),
            )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise _problem(
            display,
            _pos_of_offset(raw, nul),
            "nul-byte",
            _("the file contains a NUL byte; it is not a text file"),
            _("check that this is the YAML file you meant and save it again as UTF-8 text"),
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _problem(
            display,
            _pos_of_offset(raw, exc.start),
            "encoding",
            _("the file is not valid UTF-8 (byte 0x{byte:02X})").format(byte=raw[exc.start]),
            _("save the file as UTF-8 (in Notepad: Save As, Encoding: UTF-8)"),
        ) from exc
    return text


def parse_yaml_text(text: str, display: str) -> YamlDocument:
    builder = _TreeBuilder(text, display)
    try:
        builder.run(_events(text))
    except MarkedYAMLError as exc:
        raise YamlProblem(_syntax_diagnostic(exc, text, display)) from exc
    return builder.document


def _events(text: str) -> Iterator[ev.Event]:
    try:
        from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]
    except ImportError:  # pure-Python fallback when ruamel.yaml.clib is missing
        from ruamel.yaml import YAML

        yield from YAML(typ="safe", pure=True).parse(text)
        return
    parser = CParser(text)
    try:
        while True:
            event = parser.get_event()
            yield event
            if isinstance(event, ev.StreamEndEvent):
                return
    finally:
        parser.dispose()


class _TreeBuilder:
    def __init__(self, text: str, display: str) -> None:
        self.text = text
        self.document = YamlDocument(file=display, data=None)
        self.documents_seen = 0

    def run(self, events: Iterator[ev.Event]) -> None:
        for event in events:
            if isinstance(event, ev.DocumentStartEvent):
                self.documents_seen += 1
                if self.documents_seen > 1:
                    raise _problem(
                        self.document.file,
                        _mark_pos(event),
                        "multiple-documents",
                        _("the file holds more than one YAML document"),
                        _("keep one document per file: remove the second '---' and what follows"),
                    )
                self.document.data = self._node(next(events), events, (), 0)
        if self.documents_seen == 0 or self.document.data is None:
            raise _problem(
                self.document.file,
                Pos(1, 1),
                "empty-file",
                _("the file is empty"),
                _("write the content this file should hold, or delete the file"),
            )

    def _node(self, event: ev.Event, events: Iterator[ev.Event], path: YamlPath, depth: int) -> Any:
        self._refuse_alias_anchor_tag(event)
        self.document.values[path] = _mark_pos(event)
        if depth > MAX_DEPTH:
            raise _problem(
                self.document.file,
                _mark_pos(event),
                "too-deep",
                _("the data is nested more than {limit} levels deep").format(limit=MAX_DEPTH),
            )
        if isinstance(event, ev.ScalarEvent):
            return _resolve_scalar(event, self.document.file)
        if isinstance(event, ev.SequenceStartEvent):
            return self._sequence(events, path, depth)
        if isinstance(event, ev.MappingStartEvent):
            return self._mapping(events, path, depth, flow=bool(event.flow_style))
        raise _problem(
            self.document.file,
            _mark_pos(event),
            "yaml-syntax",
            _("unexpected YAML element {kind}").format(kind=type(event).__name__),
        )

    def _sequence(self, events: Iterator[ev.Event], path: YamlPath, depth: int) -> list[Any]:
        items: list[Any] = []
        for event in events:
            if isinstance(event, ev.SequenceEndEvent):
                return items
            items.append(self._node(event, events, (*path, len(items)), depth + 1))
        return items

    def _mapping(self, events: Iterator[ev.Event], path: YamlPath, depth: int, flow: bool) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        previous: str | None = None
        for event in events:
            if isinstance(event, ev.MappingEndEvent):
                return mapping
            key = self._key(event)
            child = (*path, key)
            if flow and previous is not None and key.isdigit():
                self._refuse_decimal_comma(mapping, (*path, previous), key)
            if key in mapping:
                first = self.document.keys[child]
                raise _problem(
                    self.document.file,
                    _mark_pos(event),
                    "duplicate-key",
                    _("key '{key}' appears twice in this mapping (first at line {line})").format(
                        key=key, line=first.line
                    ),
                    _("keep one of the two; YAML would otherwise silently drop a value"),
                )
            self.document.keys[child] = _mark_pos(event)
            mapping[key] = self._node(next(events), events, child, depth + 1)
            previous = key
        return mapping

    def _refuse_decimal_comma(self, mapping: dict[str, Any], previous: YamlPath, digits: str) -> None:
        """In `{appraised: 37,5}` the comma splits the number into 37 and a key '5': say what happened."""
        value = mapping.get(str(previous[-1]))
        if isinstance(value, int) and not isinstance(value, bool):
            raise _problem(
                self.document.file,
                self.document.values[previous],
                "decimal-comma",
                _("'{number},{digits}' is read as two items: YAML does not use a decimal comma").format(
                    number=value, digits=digits
                ),
                _("write {number}.{digits}").format(number=value, digits=digits),
            )

    def _key(self, event: ev.Event) -> str:
        self._refuse_alias_anchor_tag(event)
        if not isinstance(event, ev.ScalarEvent):
            raise _problem(
                self.document.file,
                _mark_pos(event),
                "complex-key",
                _("a mapping key must be plain text, not a list or mapping"),
            )
        return unicodedata.normalize("NFC", event.value)

    def _refuse_alias_anchor_tag(self, event: ev.Event) -> None:
        file = self.document.file
        if isinstance(event, ev.AliasEvent):
            raise _problem(
                file,
                _mark_pos(event),
                "alias",
                _("YAML aliases (*{name}) are not allowed").format(name=event.anchor),
                _("write the value out in full where it is needed"),
            )
        anchor = getattr(event, "anchor", None)
        if anchor:
            raise _problem(
                file,
                _mark_pos(event),
                "alias",
                _("YAML anchors (&{name}) are not allowed").format(name=anchor),
                _("remove the anchor and write values out in full"),
            )
        tag = getattr(event, "tag", None)
        if tag and tag not in _STANDARD_TAGS and tag != "!":
            raise _problem(
                file,
                _mark_pos(event),
                "custom-tag",
                _("the YAML tag '{tag}' is not allowed").format(tag=_short_tag(tag)),
                _("remove the tag; emul reads plain text, numbers, dates, lists and mappings only"),
            )


def _resolve_scalar(event: ev.ScalarEvent, file: str) -> Any:
    text = unicodedata.normalize("NFC", event.value)
    tag = event.tag
    plain = event.style in (None, "") and event.implicit[0]
    if tag == "tag:yaml.org,2002:str" or (not plain and tag in (None, "!")):
        return text
    value = _resolve_plain(text)
    if isinstance(value, _BadDate):
        raise _problem(
            file,
            _mark_pos(event),
            "bad-date",
            _("'{text}' looks like a date but is not a valid one").format(text=text),
            _("write dates as YYYY-MM-DD, e.g. 2023-04-04; put the value in quotes if it is text"),
        )
    return value


class _BadDate:
    pass


def _resolve_plain(text: str) -> Any:
    if _NULL.match(text):
        return None
    if _TRUE.match(text):
        return True
    if _FALSE.match(text):
        return False
    if _INT.match(text):
        return int(text)
    if _INT_OCT.match(text):
        return int(text[2:], 8)
    if _INT_HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text) or _SPECIAL_FLOAT.match(text):
        return _to_decimal(text)
    if _DATE.match(text):
        try:
            return date(*(int(part) for part in text.split("-")))
        except ValueError:
            return _BadDate()
    if _DATETIME.match(text):
        try:
            return datetime.fromisoformat(text.replace("t", "T"))
        except ValueError:
            return text
    return text


def _to_decimal(text: str) -> Decimal | str:
    lowered = text.lower()
    if lowered.endswith(("inf", "nan")):
        return Decimal(lowered.replace(".", "").replace("inf", "Infinity").replace("nan", "NaN"))
    try:
        return Decimal(text)
    except InvalidOperation:
        return text


def _syntax_diagnostic(exc: MarkedYAMLError, text: str, display: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    pos = Pos(mark.line + 1, mark.column + 1) if mark else Pos(1, 1)
    opened = _unclosed_quote(text, pos.line)
    if opened is not None:
        return Diagnostic.error(
            display,
            opened,
            "unclosed-quote",
            _("the quoted text that starts here is not closed on its line"),
            _("add the closing quote at the end of the text"),
        )
    if "\t" in _indentation(_line_at(text, pos)):
        return Diagnostic.error(
            display,
            pos,
            "tab",
            _("a tab character is used for indentation"),
            _("YAML needs spaces for indentation; replace each tab with spaces"),
        )
    problem = _translated_problem(exc.problem or str(exc))
    context = f" ({_translated_problem(exc.context)})" if exc.context else ""
    return Diagnostic.error(
        display,
        pos,
        "yaml-syntax",
        _("YAML syntax error: {problem}").format(problem=f"{problem}{context}"),
        _("check the indentation and the quotes on this line and the one above"),
    )


# The parser's most frequent problems, so that they read in the officer's language too.
_PARSER_PROBLEMS = {
    "mapping values are not allowed in this context": N_(
        "a ':' followed by a space is not allowed here (put text containing ': ' in quotes)"
    ),
    "did not find expected key": N_("a key was expected here"),
    "did not find expected ',' or ']'": N_("a ',' or a closing ']' is missing"),
    "did not find expected ',' or '}'": N_("a ',' or a closing '}' is missing"),
    "found unexpected end of stream": N_("the file ends too early"),
    "could not find expected ':'": N_("a ':' is missing after the key"),
    "found character that cannot start any token": N_("a character that cannot start a value"),
    "did not find expected '-' indicator": N_("a list item ('- ') was expected"),
    "while parsing a block mapping": N_("in a mapping"),
    "while parsing a flow mapping": N_("in a { } mapping"),
    "while parsing a flow sequence": N_("in a [ ] list"),
    "while parsing a block collection": N_("in a list"),
    "while scanning a simple key": N_("after a key"),
}


def _translated_problem(text: str) -> str:
    known = _PARSER_PROBLEMS.get(text.strip())
    return _(known) if known else text


_QUOTED_START = re.compile(r"""^(\s*(?:-\s+)?(?:[^\s"'#][^:#]*:\s+)?)(["'])(.*)$""")


def _unclosed_quote(text: str, upto_line: int) -> Pos | None:
    """The first quoted value that does not close on its own line, at or above the error.

    Multi-line quoted text is legal YAML but rare in these files; when the parser fails below such a
    line, the missing quote is by far the likelier cause, and the parser's own position is far away."""
    for number, line in enumerate(text.split("\n")[:upto_line], start=1):
        match = _QUOTED_START.match(line)
        if match and not _closes(match.group(2), match.group(3)):
            return Pos(number, len(match.group(1)) + 1)
    return None


def _closes(quote: str, rest: str) -> bool:
    if quote == "'":
        return "'" in rest.replace("''", "")
    return re.search(r'(?<!\\)"', rest) is not None


def _indentation(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]


def _line_at(text: str, pos: Pos) -> str:
    lines = text.split("\n")
    return lines[pos.line - 1] if 0 < pos.line <= len(lines) else ""


def _pos_of_offset(raw: bytes, offset: int) -> Pos:
    before = raw[:offset]
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return Pos(before.count(b"\n") + 1, column)


def _mark_pos(event: ev.Event) -> Pos:
    mark = event.start_mark
    return Pos(mark.line + 1, mark.column + 1)


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _problem(file: str, pos: Pos, code: str, message: str, hint: str | None = None) -> YamlProblem:
    return YamlProblem(Diagnostic.error(file, pos, code, message, hint))

"""Read one YAML file into plain Python data plus the position of every key and value.

We build the tree from parser events ourselves instead of using ruamel's round-trip loader: it is about
forty times faster with the C parser, it gives positions for scalars too, and it lets us refuse aliases,
custom tags, duplicate keys and absurd nesting at the exact place they occur. (ruamel's round-trip
loader is the tool for writing files back with their comments, which reading does not need.)
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from ruamel.yaml import events as ev
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from ..i18n import _
from .diagnostics import Diagnostic, Pos
from .document import YamlDocument, YamlPath, YamlProblem, problem
from .pasted import repair_pasted
from .scalars import MAX_DIGITS, BadDate, TooLarge, resolve_plain
from .source import INVISIBLE, MAX_FILE_BYTES, decode_source, read_source
from .syntax import syntax_diagnostic

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "YamlDocument",
    "YamlPath",
    "YamlProblem",
    "decode_source",
    "parse_yaml_text",
    "read_yaml_file",
]

MAX_DEPTH = 32
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
_SMART_QUOTES = "“”‘’„«»"
# An event's `tag` is a property that makes a new str on each call; the slot under it (`ctag` in
# ruamel.yaml >= 0.17.22) is None exactly when the tag is.
_TAG_SLOT = "ctag" if "ctag" in ev.ScalarEvent.__slots__ else "tag"


def read_yaml_file(path: Path, display: str) -> YamlDocument:
    """Read and parse a file; raise YamlProblem with a located diagnostic when it cannot be read."""
    document = parse_yaml_text(read_source(path, display), display)
    document.path = path
    return document


def parse_yaml_text(text: str, display: str) -> YamlDocument:
    text, pasted = repair_pasted(text, display)
    builder = _TreeBuilder(text, display)
    try:
        builder.run(_events(text))
    except MarkedYAMLError as exc:
        raise YamlProblem(syntax_diagnostic(exc, text, display)) from exc
    except YAMLError as exc:  # a reader error without a mark: say what the parser said, at the top
        raise problem(display, Pos(1, 1), "yaml-syntax", _("YAML syntax error: {problem}").format(problem=exc)) from exc
    builder.document.problems[:0] = pasted
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
            if type(event) is ev.StreamEndEvent:
                return
    finally:
        parser.dispose()


class _TreeBuilder:
    def __init__(self, text: str, display: str) -> None:
        self.text = text
        self.document = YamlDocument(file=display, data=None)
        self.documents_seen = 0
        self.path: YamlPath = ()

    def run(self, events: Iterator[ev.Event]) -> None:
        for event in events:
            if isinstance(event, ev.DocumentStartEvent):
                self.documents_seen += 1
                if self.documents_seen > 1:
                    raise problem(
                        self.document.file,
                        _mark_pos(event),
                        "multiple-documents",
                        _("the file holds more than one YAML document"),
                        _("keep one document per file: move what follows the second '---' to its own file"),
                    )
                self.document.data = self._node(next(events), events, (), 0)
        if self.documents_seen == 0 or self.document.data is None:
            raise problem(
                self.document.file,
                Pos(1, 1),
                "empty-file",
                _("the file is empty"),
                _("write the content this file should hold, or delete the file"),
            )

    def _node(self, event: ev.Event, events: Iterator[ev.Event], path: YamlPath, depth: int) -> Any:
        kind = type(event)
        if _may_have_alias_anchor_or_tag(event):
            self._refuse_alias_anchor_tag(event)
        mark = event.start_mark
        self.document.values[path] = (mark.line + 1, mark.column + 1)
        self.path = path
        if depth > MAX_DEPTH:
            raise problem(
                self.document.file,
                _mark_pos(event),
                "too-deep",
                _("the data is nested more than {limit} levels deep").format(limit=MAX_DEPTH),
            )
        if kind is ev.ScalarEvent:
            return self._scalar(event)  # type: ignore[arg-type]
        if kind is ev.MappingStartEvent:
            return self._mapping(events, path, depth, flow=bool(event.flow_style))  # type: ignore[attr-defined]
        if kind is ev.SequenceStartEvent:
            return self._sequence(events, path, depth)
        raise problem(
            self.document.file,
            _mark_pos(event),
            "yaml-syntax",
            _("unexpected YAML element {kind}").format(kind=type(event).__name__),
        )

    def _sequence(self, events: Iterator[ev.Event], path: YamlPath, depth: int) -> list[Any]:
        items: list[Any] = []
        for event in events:
            if type(event) is ev.SequenceEndEvent:
                return items
            items.append(self._node(event, events, (*path, len(items)), depth + 1))
        return items

    def _mapping(self, events: Iterator[ev.Event], path: YamlPath, depth: int, flow: bool) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        previous: str | None = None
        for event in events:
            if type(event) is ev.MappingEndEvent:
                return mapping
            key = self._key(event)
            child = (*path, key)
            if flow and previous is not None and key.isdigit() and self._decimal_comma(mapping, (*path, previous), key):
                self._skip_value(events)
                continue
            if key in mapping:
                first_line, _column = self.document.keys[child]
                raise problem(
                    self.document.file,
                    _mark_pos(event),
                    "duplicate-key",
                    _("key '{key}' appears twice in this mapping (first at line {line})").format(
                        key=key, line=first_line
                    ),
                    _("keep one of the two; YAML would otherwise silently drop a value"),
                )
            mark = event.start_mark
            self.document.keys[child] = (mark.line + 1, mark.column + 1)
            mapping[key] = self._node(next(events), events, child, depth + 1)
            previous = key
        return mapping

    def _decimal_comma(self, mapping: dict[str, Any], previous: YamlPath, digits: str) -> bool:
        """In `{appraised: 37,5}` the comma splits the number into 37 and a key '5': say so, and read 37.5."""
        value = mapping.get(str(previous[-1]))
        if not isinstance(value, int) or isinstance(value, bool):
            return False
        self._soft(
            Pos(*self.document.values[previous]),
            "decimal-comma",
            _("'{number},{digits}' is read as two items: YAML does not use a decimal comma").format(
                number=value, digits=digits
            ),
            _("write {number}.{digits}").format(number=value, digits=digits),
        )
        mapping[str(previous[-1])] = Decimal(f"{value}.{digits}")
        return True

    def _skip_value(self, events: Iterator[ev.Event]) -> None:
        event = next(events)
        if not isinstance(event, ev.ScalarEvent):
            raise problem(
                self.document.file,
                _mark_pos(event),
                "yaml-syntax",
                _("unexpected YAML element {kind}").format(kind=type(event).__name__),
            )

    def _scalar(self, event: ev.ScalarEvent) -> Any:
        text = self._visible(event, unicodedata.normalize("NFC", event.value))
        plain = event.style in (None, "") and event.implicit[0]
        tag = event.tag if getattr(event, _TAG_SLOT) is not None else None
        if tag == "tag:yaml.org,2002:str" or (not plain and tag in (None, "!")):
            return text
        if text[:1] in _SMART_QUOTES and text[-1:] in _SMART_QUOTES and len(text) > 1:
            self._soft(
                _mark_pos(event),
                "smart-quotes",
                _("the value is wrapped in typographic quotes ({text}), which YAML does not treat as quotes").format(
                    text=text
                ),
                _('type straight quotes instead: "{inner}"').format(inner=text[1:-1]),
            )
            return text[1:-1]
        value = resolve_plain(text)
        if isinstance(value, TooLarge):
            self._soft(
                _mark_pos(event),
                "number-too-large",
                _("the number {text} has more than {limit} digits").format(text=text[:40], limit=MAX_DIGITS),
                _("check the value; put it in quotes if it is text"),
            )
            return text[:40]
        if isinstance(value, BadDate):
            self._soft(
                _mark_pos(event),
                "bad-date",
                _("'{text}' looks like a date but is not a valid one").format(text=text),
                _("check the day and the month (YYYY-MM-DD); put the value in quotes if it is text"),
            )
            return text
        if not isinstance(value, str):
            self.document.raw[self.path] = text
        return value

    def _visible(self, event: ev.ScalarEvent, text: str) -> str:
        """The file's text was checked for invisible characters; an escape in quotes (\\u2028, \\x0b) can
        still write one into a value: refuse it there too, and go on with the character removed."""
        found = INVISIBLE.search(text)
        if found is None:
            return text
        self._soft(
            _mark_pos(event),
            "control-character",
            _("the value holds an invisible character U+{code:04X}, written as an escape").format(
                code=ord(found.group())
            ),
            _("delete the escape (a backslash followed by its code) from the quoted text"),
        )
        return INVISIBLE.sub("", text)

    def _soft(self, pos: Pos, code: str, message: str, hint: str) -> None:
        self.document.problems.append(Diagnostic.error(self.document.file, pos, code, message, hint))

    def _key(self, event: ev.Event) -> str:
        if _may_have_alias_anchor_or_tag(event):
            self._refuse_alias_anchor_tag(event)
        if type(event) is not ev.ScalarEvent:
            raise problem(
                self.document.file,
                _mark_pos(event),
                "complex-key",
                _("a mapping key must be plain text, not a list or mapping"),
            )
        return unicodedata.normalize("NFC", event.value)

    def _refuse_alias_anchor_tag(self, event: ev.Event) -> None:
        file = self.document.file
        if isinstance(event, ev.AliasEvent):
            raise problem(
                file,
                _mark_pos(event),
                "alias",
                _("YAML aliases (*{name}) are not allowed").format(name=event.anchor),
                _("write the value out in full where it is needed"),
            )
        anchor = getattr(event, "anchor", None)
        if anchor:
            raise problem(
                file,
                _mark_pos(event),
                "alias",
                _("YAML anchors (&{name}) are not allowed").format(name=anchor),
                _("remove the anchor and write values out in full"),
            )
        tag = getattr(event, "tag", None)
        if tag and tag not in _STANDARD_TAGS and tag != "!":
            raise problem(
                file,
                _mark_pos(event),
                "custom-tag",
                _("the YAML tag '{tag}' is not allowed").format(tag=_short_tag(tag)),
                _("remove the tag; emul reads plain text, numbers, dates, lists and mappings only"),
            )


def _may_have_alias_anchor_or_tag(event: ev.Event) -> bool:
    """False for the common node without an anchor or a tag, which needs no closer look."""
    return (
        type(event) is ev.AliasEvent
        or getattr(event, "anchor", None) is not None
        or getattr(event, _TAG_SLOT, None) is not None
    )


def _mark_pos(event: ev.Event) -> Pos:
    mark = event.start_mark
    return Pos(mark.line + 1, mark.column + 1)


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")

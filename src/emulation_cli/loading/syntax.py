"""Turning a YAML parser error into a message an officer can act on."""

from __future__ import annotations

import re

from ruamel.yaml.error import MarkedYAMLError

from ..i18n import N_, _
from .diagnostics import Diagnostic, Pos

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
_QUOTED_START = re.compile(r"""^(\s*(?:-\s+)?(?:[^\s"'#][^:#]*:\s+)?)(["'])(.*)$""")


def syntax_diagnostic(exc: MarkedYAMLError, text: str, display: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    pos = Pos(mark.line + 1, mark.column + 1) if mark else Pos(1, 1)
    opened = _unclosed_quote(text, pos)
    if opened is not None:
        return Diagnostic.error(
            display,
            opened,
            "unclosed-quote",
            _("the quoted text that starts here is not closed on its line"),
            _("add the closing quote at the end of the text"),
        )
    if "\t" in _indentation(_line_at(text, pos.line)):
        return Diagnostic.error(
            display,
            pos,
            "tab",
            _("a tab character is used for indentation"),
            _("YAML needs spaces for indentation; replace each tab with spaces"),
        )
    problem = _translated(exc.problem or str(exc))
    context = f" ({_translated(exc.context)})" if exc.context else ""
    return Diagnostic.error(
        display,
        pos,
        "yaml-syntax",
        _("YAML syntax error: {problem}").format(problem=f"{problem}{context}"),
        _("check the indentation and the quotes on this line and the one above"),
    )


def _translated(text: str) -> str:
    known = _PARSER_PROBLEMS.get(text.strip())
    return _(known) if known else text


def _unclosed_quote(text: str, error: Pos) -> Pos | None:
    """A quoted value opened above the error whose closing quote only comes on the error's line (or never).

    Multi-line quoted text is legal YAML; it is blamed only when its quote reaches down to the error,
    which is what a forgotten closing quote looks like to the parser."""
    lines = text.split("\n")
    for number, line in enumerate(lines[: error.line], start=1):
        match = _QUOTED_START.match(line)
        if match is None or _closes(match.group(2), match.group(3)):
            continue
        closing_line = _closing_line(lines, number, match.group(2))
        if closing_line is None or closing_line >= error.line:
            return Pos(number, len(match.group(1)) + 1)
    return None


def _closing_line(lines: list[str], opened: int, quote: str) -> int | None:
    for number in range(opened + 1, len(lines) + 1):
        if _closes(quote, lines[number - 1]):
            return number
    return None


def _closes(quote: str, rest: str) -> bool:
    if quote == "'":
        return "'" in rest.replace("''", "")
    return re.search(r'(?<!\\)"', rest) is not None


def _indentation(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]


def _line_at(text: str, number: int) -> str:
    lines = text.split("\n")
    return lines[number - 1] if 0 < number <= len(lines) else ""
